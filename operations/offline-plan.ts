/**
 * Planning a synthesized stack with the real Terraform CLI and AWS provider, without AWS: an
 * `*_override.tf.json` beside `cdk.tf.json` gives a local backend and fake keys for every provider
 * configuration, and the provider's STS, GuardDuty and Security Hub requests go to the offline
 * stand-in for AWS (offline-aws.ts), which answers STS (so each provider assumes the stack's own
 * role and checks its own `allowed_account_ids`) and the reads the security stack's imports
 * make. Shared by `npm run plan:offline` (scripts/plan-offline.ts) and the Terraform tests. The
 * caller plans in a directory of its own: an override left in `cdktf.out` would be merged into
 * the real plan.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startOfflineAws, type AwsAccountState } from './offline-aws';
import { STACK_FILE } from './synthesized-output';

const execFileAsync = promisify(execFile);

/** First version with S3-native state locking (`use_lockfile`), which the stacks' backend uses. */
const MIN_TERRAFORM = [1, 10] as const;
/** Environment variable naming the Terraform binary to use instead of `terraform` on PATH. */
export const TERRAFORM_BINARY_ENV = 'TERRAFORM_BINARY';
/** File name of the override; Terraform merges every `*_override.tf.json` into the configuration. */
export const OFFLINE_OVERRIDE_FILE = 'offline_plan_override.tf.json';
/** The local backend's state file, in the stack directory. */
export const OFFLINE_STATE_FILE = 'offline-plan.tfstate';

/** A usable Terraform CLI. */
export interface Terraform {
  readonly binary: string;
  readonly version: string;
  /** The CLI config every run uses (`TF_CLI_CONFIG_FILE`). @default the user's own */
  readonly cliConfigFile?: string;
}

/**
 * Terraform from `TERRAFORM_BINARY`, else `terraform` on PATH, or why it cannot be used.
 * @param cliConfigFile the CLI config for every run (the tests' provider mirror) @default the user's own
 */
export function findTerraform(cliConfigFile?: string, env: NodeJS.ProcessEnv = process.env): Terraform | { readonly unavailable: string } {
  const binary = env[TERRAFORM_BINARY_ENV] ?? 'terraform';
  let version: string;
  try {
    const output = execFileSync(binary, ['version', '-json'], {
      encoding: 'utf8',
      env: terraformEnv(cliConfigFile),
    });
    version = JSON.parse(output).terraform_version;
  } catch {
    return {
      unavailable: `no Terraform CLI found ("${binary}"; install Terraform ${MIN_TERRAFORM.join('.')} or later, or set ${TERRAFORM_BINARY_ENV})`,
    };
  }
  const [major, minor] = version.split('.').map(Number);
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    return {
      unavailable: `Terraform ${version} ("${binary}") is too old: the stacks' backend (use_lockfile) needs ${MIN_TERRAFORM.join('.')} or later`,
    };
  }
  return { binary, version, cliConfigFile };
}

/** Where the provider's requests go instead of AWS: the stand-in's URL, for each of its services. */
export interface OfflineEndpoints {
  readonly endpoint: string;
  /** AWS service ids (`sts`, `guardduty`, …). */
  readonly services: readonly string[];
}

/**
 * The environment of every Terraform run. With `aws`, the provider's requests to those services
 * go to the stand-in, through the SDK's service-specific endpoint variables (`AWS_ENDPOINT_URL_STS`
 * …): unlike an `endpoints` block in each provider configuration, which triples the CPU time of a
 * plan (measured: 5.4 s instead of 17.8 s of user time for a 227-resource stack in six regions,
 * even with an empty block), they cost nothing. Every other AWS_* variable of the user's is left
 * out, and the user's AWS config and credential files too: an offline plan uses no real
 * credentials, profile or endpoint.
 */
function terraformEnv(cliConfigFile: string | undefined, aws?: OfflineEndpoints): NodeJS.ProcessEnv {
  const inherited = aws ? Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_'))) : process.env;
  return {
    // Terraform and each provider process (one per provider configuration, about a second of CPU
    // each to start) collect garbage less often. Measured: the plan of a six-region stack takes
    // 7.1 CPU-s instead of 8.9, for a few hundred MB more memory.
    GOGC: '400',
    ...inherited,
    ...(aws && {
      AWS_CONFIG_FILE: os.devNull,
      AWS_SHARED_CREDENTIALS_FILE: os.devNull,
      ...Object.fromEntries(aws.services.map((service) => [`AWS_ENDPOINT_URL_${service.toUpperCase()}`, aws.endpoint])),
    }),
    ...(cliConfigFile ? { TF_CLI_CONFIG_FILE: cliConfigFile } : {}),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

interface TerraformRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** How to run Terraform. */
export interface RunOptions {
  /** The stand-in for AWS the provider talks to (a plan needs one). @default none: for commands that call no provider */
  readonly aws?: OfflineEndpoints;
}

/** Runs terraform in `dir`, whatever its exit code. */
async function execTerraform(terraform: Terraform, dir: string, args: readonly string[], options: RunOptions): Promise<TerraformRun> {
  try {
    const { stdout, stderr } = await execFileAsync(terraform.binary, [...args, '-no-color'], {
      cwd: dir,
      env: terraformEnv(terraform.cliConfigFile, options.aws),
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr, exitCode: 0 };
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout?: string; stderr?: string; code?: unknown };
    // A number: Terraform's exit code; otherwise it did not run (ENOENT, killed), which is no plan.
    if (typeof code !== 'number') throw new Error(`terraform ${args.join(' ')} could not run in ${dir}`, { cause: error });
    return { stdout: stdout ?? '', stderr: stderr ?? '', exitCode: code };
  }
}

/** Runs terraform in `dir`; rejects with its output when it fails. */
export async function runTerraform(terraform: Terraform, dir: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const run = await execTerraform(terraform, dir, args, options);
  if (run.exitCode !== 0) {
    throw new Error(`terraform ${args.join(' ')} failed (exit ${run.exitCode}) in ${dir}:\n${run.stderr}\n${run.stdout}`);
  }
  return run.stdout;
}

/** The part of a synthesized stack the override is made from. */
export interface StackProviders {
  readonly provider?: { readonly aws?: readonly { readonly alias?: string }[] };
}

/**
 * The override that makes a stack plannable offline: a local backend instead of the remote one,
 * and for every provider configuration fake keys and no instance-metadata look-up. Everything
 * else the stack sets stays: its region, the role it assumes, its `allowed_account_ids`, its
 * default tags. Plan it with the stand-in for AWS (`RunOptions.aws`), which answers STS.
 */
export function offlinePlanOverride(stack: StackProviders): object {
  const providers = (stack.provider?.aws ?? []).map((config) => ({
    ...(config.alias ? { alias: config.alias } : {}),
    access_key: 'AKIAOFFLINEPLANNING0',
    secret_key: 'offline-planning-fake-secret-key',
    skip_metadata_api_check: true,
  }));
  return { terraform: { backend: { local: { path: OFFLINE_STATE_FILE } } }, provider: { aws: providers } };
}

/** Writes the override beside the stack and initialises it (local backend); planOffline then plans it. */
export async function initOffline<Stack extends StackProviders>(terraform: Terraform, dir: string): Promise<Stack> {
  const stack: Stack = JSON.parse(fs.readFileSync(path.join(dir, STACK_FILE), 'utf8'));
  fs.writeFileSync(path.join(dir, OFFLINE_OVERRIDE_FILE), JSON.stringify(offlinePlanOverride(stack), null, 2));
  await runTerraform(terraform, dir, ['init', '-input=false']);
  return stack;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly address?: string;
  readonly range?: { readonly filename: string };
  readonly snippet?: { readonly context?: string };
}

/**
 * Warnings an offline plan gives by design: a check block's data source that cannot be read
 * without AWS (the check then only warns, as it would for an operator without the permission),
 * and objects that `removed` blocks forget (which the migration test proves object by object).
 */
function isOfflineByDesign(d: Diagnostic): boolean {
  return (
    d.severity === 'warning' &&
    (d.snippet?.context?.startsWith('check.') === true || d.summary === 'Some objects will no longer be managed by Terraform')
  );
}

/** What a plan changes, by kind, as Terraform counts it (`change_summary`). */
export interface ChangeSummary {
  readonly add: number;
  readonly change: number;
  readonly import: number;
  readonly remove: number;
}

/** `Plan: 4 to import, 302 to add, 3 to change, 0 to destroy.`, as Terraform prints it. */
export function planLine(summary: ChangeSummary): string {
  const imports = summary.import > 0 ? `${summary.import} to import, ` : '';
  return `Plan: ${imports}${summary.add} to add, ${summary.change} to change, ${summary.remove} to destroy.`;
}

/** What an offline plan's machine-readable output says. */
export interface OfflinePlan {
  /** `[address, action]` per planned change of a managed resource (`create`, `update`, `delete`, `replace`, `import`, `remove`, `move`…). */
  readonly changes: readonly (readonly [string, string])[];
  /** `[address, id]` per resource the plan imports (its action is `import`, or `update` when it also changes it). */
  readonly imports: readonly (readonly [string, string])[];
  /** The counts Terraform prints as `Plan: …`; absent when the plan failed before it. */
  readonly summary?: ChangeSummary;
  /** Its errors and warnings, but those an offline plan gives by design. */
  readonly diagnostics: readonly Diagnostic[];
  /** Terraform's `Plan: …` line, as it printed it. */
  readonly message?: string;
}

/** How to plan: what exists in the account, and more `terraform plan` arguments. */
export interface PlanOfflineOptions {
  /** What the stand-in serves as existing in the stack's account. */
  readonly account: AwsAccountState;
  /** @default none */
  readonly extraArgs?: readonly string[];
}

/**
 * Plans a stack initialised by initOffline, with the stand-in serving `account` while Terraform
 * runs, read from `plan -json`: Terraform validates the whole configuration first, exactly as
 * `terraform validate` does, so its diagnostics are validate's plus the plan's. A request the
 * stand-in does not serve is an error diagnostic of its own, even where Terraform only warned. A
 * plan that fails gives its errors as diagnostics (and no summary); rejects only when Terraform
 * fails without saying why.
 */
export async function planOffline(terraform: Terraform, dir: string, options: PlanOfflineOptions): Promise<OfflinePlan> {
  const aws = await startOfflineAws(options.account);
  let run: TerraformRun;
  try {
    run = await execTerraform(terraform, dir, ['plan', '-input=false', '-lock=false', '-json', ...(options.extraArgs ?? [])], { aws });
  } finally {
    await aws.close();
  }
  const plan = parsePlanJson(run.stdout);
  // A failed plan reports its errors as diagnostics; one that failed without saying why is no plan.
  if (run.exitCode !== 0 && !plan.diagnostics.some((d) => d.severity === 'error')) {
    throw new Error(`terraform plan failed (exit ${run.exitCode}) in ${dir}:\n${run.stderr}\n${run.stdout}`);
  }
  const unserved: Diagnostic[] = aws.unexpectedRequests.map((request) => ({
    severity: 'error',
    summary: `AWS request the offline stand-in does not serve: ${request}`,
    detail: 'operations/offline-aws.ts answers only the calls the offline plan is known to make; this plan made another.',
  }));
  return { ...plan, diagnostics: [...plan.diagnostics, ...unserved] };
}

/** Reads the messages of `terraform plan -json`. */
function parsePlanJson(output: string): OfflinePlan {
  const messages = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  // A check block's scoped data source is read at plan time: not a change.
  const planned = messages.filter((m) => m.type === 'planned_change' && !m.change.resource.addr.startsWith('data.'));
  const summary = messages.find((m) => m.type === 'change_summary');
  return {
    changes: planned.map((m) => [m.change.resource.addr, m.change.action] as const),
    imports: planned.filter((m) => m.change.importing).map((m) => [m.change.resource.addr, m.change.importing.id] as const),
    summary: summary && {
      add: summary.changes.add,
      change: summary.changes.change,
      import: summary.changes.import,
      remove: summary.changes.remove,
    },
    message: summary?.['@message'],
    diagnostics: messages
      .filter((m) => m.type === 'diagnostic')
      .map((m) => m.diagnostic as Diagnostic)
      .filter((d) => !isOfflineByDesign(d)),
  };
}

/** Left out of planStackCopy's copy: Terraform's working directory (the real backend's settings) and offline files. */
const NOT_COPIED = new Set(['.terraform', OFFLINE_OVERRIDE_FILE, OFFLINE_STATE_FILE]);

/**
 * Plans the synthesized stack in `stackDir` from an empty state in a temporary copy, which it
 * removes afterwards: `stackDir` is left as it was (an override left there would be merged into
 * the real plan later).
 */
export async function planStackCopy(terraform: Terraform, stackDir: string, account: AwsAccountState): Promise<OfflinePlan> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), `plan-offline-${path.basename(stackDir)}-`));
  try {
    fs.cpSync(stackDir, copy, { recursive: true, filter: (source) => source === stackDir || !NOT_COPIED.has(path.basename(source)) });
    await initOffline(terraform, copy);
    return await planOffline(terraform, copy, { account });
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
