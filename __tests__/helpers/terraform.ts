/**
 * Runs the real Terraform CLI against synthesized stacks, offline: providers come from a local
 * filesystem mirror through a CLI config this harness writes itself (never the user's
 * ~/.terraformrc), and plans use a local backend and fake credentials.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { StackJson } from './synth';

const execFileAsync = promisify(execFile);

/** Provider the bindings (@cdktf/provider-aws 20.1.0) target. */
export const AWS_PROVIDER_VERSION = '5.100.0';
/** First version with S3-native state locking (`use_lockfile`). */
const MIN_TERRAFORM = [1, 10];

/** Where to look for the provider mirror when TF_PROVIDER_MIRROR is not set. */
const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  '/usr/share/terraform/plugins',
  '/usr/local/share/terraform/plugins',
  path.join(os.homedir(), '.terraform.d', 'plugins'),
];

export interface Terraform {
  readonly binary: string;
  readonly version: string;
  readonly mirror: string;
  readonly cliConfigFile: string;
}

/** Terraform and the provider mirror, or why they cannot be used. */
export function findTerraform(): Terraform | { readonly unavailable: string } {
  const binary = process.env.TERRAFORM_BINARY ?? 'terraform';
  let version: string;
  try {
    version = JSON.parse(
      execFileSync(binary, ['version', '-json'], { encoding: 'utf8', env: terraformEnv('/dev/null') }),
    ).terraform_version;
  } catch {
    return { unavailable: `no Terraform CLI found ("${binary}"; set TERRAFORM_BINARY to use another)` };
  }
  const [major, minor] = version.split('.').map(Number);
  if (major < MIN_TERRAFORM[0] || (major === MIN_TERRAFORM[0] && minor < MIN_TERRAFORM[1])) {
    return { unavailable: `Terraform ${version} is too old: use_lockfile needs ${MIN_TERRAFORM.join('.')} or later` };
  }
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const providerDir = `registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/${platform}`;
  const candidates = process.env.TF_PROVIDER_MIRROR ? [process.env.TF_PROVIDER_MIRROR] : MIRROR_CANDIDATES;
  const mirror = candidates.find((dir) => fs.existsSync(path.join(dir, providerDir)));
  if (!mirror) {
    return { unavailable: `no filesystem mirror holds ${providerDir} (looked in ${candidates.join(', ')}; set TF_PROVIDER_MIRROR)` };
  }
  const cliConfigFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-tfrc-')), 'terraform.rc');
  fs.writeFileSync(
    cliConfigFile,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = ["registry.terraform.io/hashicorp/aws"]`,
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return { binary, version, mirror, cliConfigFile };
}

function terraformEnv(cliConfigFile: string): NodeJS.ProcessEnv {
  return {
    // Terraform and each provider process (one per provider configuration, about a second of CPU
    // each to start) collect garbage less often. Measured: the plan of a six-region stack takes
    // 7.1 CPU-s instead of 8.9, for a few hundred MB more memory.
    GOGC: '400',
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfigFile,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
  };
}

/** Runs terraform in `dir`; rejects with its output when it fails. */
export async function runTerraform(terraform: Terraform, dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(terraform.binary, [...args, '-no-color'], {
      cwd: dir,
      env: terraformEnv(terraform.cliConfigFile),
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`terraform ${args.join(' ')} failed in ${dir}:\n${stderr ?? ''}\n${stdout ?? ''}`, { cause: error });
  }
}

/** File name of the override that makes a stack plannable offline; Terraform merges `*_override.tf.json`. */
export const OFFLINE_OVERRIDE_FILE = 'offline_plan_override.tf.json';

/**
 * An override for planning without AWS: a local backend instead of the remote one, and for every
 * provider configuration fake credentials, the provider's skip_* settings, no account pinning
 * (no account id can be learnt offline) and no role to assume (that would call STS).
 */
export function offlinePlanOverride(stack: StackJson): object {
  const providers = (stack.provider?.aws ?? []).map((config) => ({
    ...(config.alias ? { alias: config.alias } : {}),
    access_key: 'AKIAOFFLINEPLANNING0',
    secret_key: 'offline-planning-fake-secret-key',
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    allowed_account_ids: null,
    // An empty role ARN turns assume-role off (Terraform warns that role_arn is missing).
    assume_role: [{ role_arn: '' }],
  }));
  return { terraform: { backend: { local: { path: 'offline-plan.tfstate' } } }, provider: { aws: providers } };
}

/** Writes the offline override beside the stack and initialises (local backend): the stack is then plannable offline. */
export async function initOffline(terraform: Terraform, dir: string): Promise<StackJson> {
  const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, OFFLINE_OVERRIDE_FILE), JSON.stringify(offlinePlanOverride(stack), null, 2));
  await runTerraform(terraform, dir, ['init', '-input=false']);
  return stack;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly range?: { readonly filename: string };
  readonly snippet?: { readonly context?: string };
}

/**
 * Warnings an offline plan gives by design: about the offline override itself (the empty role ARN
 * that turns assume-role off), a check block's data source that cannot be read without AWS (the
 * check then only warns, as it would for an operator without the permission), and objects that
 * `removed` blocks forget (which the migration test proves object by object).
 */
function isOfflineByDesign(d: Diagnostic): boolean {
  return (
    d.range?.filename === OFFLINE_OVERRIDE_FILE ||
    (d.severity === 'warning' &&
      (d.snippet?.context?.startsWith('check.') === true || d.summary === 'Some objects will no longer be managed by Terraform'))
  );
}

/** What an offline plan's machine-readable output says. */
export interface OfflinePlan {
  /** `[address, action]` per planned change of a managed resource (`create`, `update`, `delete`, `replace`, `remove`, `move`…). */
  readonly changes: [string, string][];
  /** Its diagnostics, but those an offline plan gives by design. */
  readonly diagnostics: Diagnostic[];
}

/**
 * An offline plan (after initOffline) read from `plan -json`: Terraform validates the whole
 * configuration first, exactly as `terraform validate` does, so its diagnostics are validate's
 * plus the plan's; no `show` is needed for the actions.
 */
export async function planOffline(terraform: Terraform, dir: string, extraArgs: readonly string[] = []): Promise<OfflinePlan> {
  const output = await runTerraform(terraform, dir, ['plan', '-input=false', '-lock=false', '-json', ...extraArgs]);
  const messages = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));
  return {
    // A check block's scoped data source is read at plan time: not a change.
    changes: messages
      .filter((m) => m.type === 'planned_change' && !m.change.resource.addr.startsWith('data.'))
      .map((m) => [m.change.resource.addr, m.change.action]),
    diagnostics: messages
      .filter((m) => m.type === 'diagnostic')
      .map((m) => m.diagnostic as Diagnostic)
      .filter((d) => !isOfflineByDesign(d)),
  };
}

/** Resource types whose ARNs other resources validate: mocks must give them well-formed ones. */
const MOCK_ARNS: Readonly<Record<string, string>> = {
  aws_iam_role: 'arn:aws:iam::111111111111:role/mock',
  aws_iam_service_linked_role: 'arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  aws_iam_policy: 'arn:aws:iam::111111111111:policy/mock',
  aws_cloudwatch_log_group: 'arn:aws:logs:eu-west-1:111111111111:log-group:mock',
  aws_kms_key: 'arn:aws:kms:eu-west-1:111111111111:key/00000000-0000-0000-0000-000000000000',
  aws_sns_topic: 'arn:aws:sns:eu-west-1:111111111111:mock',
  aws_sqs_queue: 'arn:aws:sqs:eu-west-1:111111111111:mock',
  aws_lambda_function: 'arn:aws:lambda:eu-west-1:111111111111:function:mock',
};

/**
 * A `terraform test` file that plans the stack against mock AWS providers (one per provider
 * configuration). Mock providers cannot import, so each `import` block's target gets an
 * `override_resource` standing for the existing object: the plan then proves that every import
 * block names a declared resource and a declared provider, and that the stack plans with them.
 */
export function mockPlanTest(stack: StackJson): string {
  const aliases = (stack.provider?.aws ?? []).map((config) => config.alias as string | undefined);
  const mockResources = Object.entries(MOCK_ARNS)
    .map(([type, arn]) => `  mock_resource "${type}" {\n    defaults = { arn = "${arn}" }\n  }`)
    .join('\n');
  const providers = aliases.map((alias) => `mock_provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}${mockResources}\n}`);
  const overrides = (stack.import ?? []).map(({ to, id }) => {
    const arn = to.startsWith('aws_iam_') ? `, arn = ${JSON.stringify(id)}` : '';
    return `override_resource {\n  target = ${to}\n  values = { id = ${JSON.stringify(id)}${arn} }\n}`;
  });
  return [...providers, ...overrides, 'run "plan" {\n  command = plan\n}', ''].join('\n\n');
}
