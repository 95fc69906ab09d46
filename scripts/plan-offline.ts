/**
 * `npm run plan:offline -- --account NAME [--account …] [--dir DIR]`: plans synthesized stacks
 * (DIR/stacks/NAME, default `cdktf.out`) with the real Terraform CLI and AWS provider, without an
 * AWS account, each from an empty state in a temporary copy (DIR is left untouched). In
 * organization mode the security account's stack is planned as after the management stack
 * designated it (its detectors and hub exist, and are imported). Prints each stack's `Plan:` line,
 * and its errors and warnings.
 * Exit 0: every stack planned without error; 1: a plan reported errors, or the organization file
 * is invalid; 2: nothing was planned (the command line, the selection, a missing stack or a
 * missing Terraform);
 * 130: interrupted (Ctrl-C).
 * Wiring only: the plan is operations/offline-plan.ts, the stand-in for AWS operations/offline-aws.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectAccounts } from '../config/account-selection';
import { optionValue, type ParsedCommandLine, UsageError, usageText, userPath, type CommandSpec } from '../config/command-line';
import { bundledExampleWarning, displayPath, resolveConfigFile } from '../config/config-file';
import { loadOrganizationConfig } from '../config/load';
import { commandExitCode, type CommandOutput } from '../config/run-command';
import { resolveOutdir } from '../config/output-dir';
import { stateBeforeFirstApply, type AwsAccountState } from '../operations/offline-aws';
import { findTerraform, planLine, planStackCopy, type Diagnostic } from '../operations/offline-plan';
import { STACK_FILE } from '../operations/synthesized-output';

const COMMAND: CommandSpec = {
  usage: 'npm run plan:offline --',
  options: [
    {
      name: 'account',
      value: 'NAME',
      repeatable: true,
      description: 'the account whose stack to plan (required; * and ? match as for synth: --account "*" plans every stack)',
    },
    { name: 'dir', value: 'DIR', description: 'where synth wrote the stacks (default: CDKTF_OUTDIR, else cdktf.out)' },
  ],
  strayArgumentHint: (argument) => `to plan an account's stack, write --account ${argument}`,
};

/** Where the command writes (stdout for the results, stderr for what it read and for problems), and whether to stop. */
export interface CommandIo extends CommandOutput {
  /** True once the user interrupted the command: no further stack is planned. @default never */
  interrupted?(): boolean;
}

/** Nothing could be planned; the message says why. Exit 2. */
class NothingPlanned extends Error {
  readonly exitCode = 2;
}

/** How the stand-in's state reads in the output: what exists already, which the plan imports. */
function describeExisting(state: AwsAccountState): string | undefined {
  const regions = Object.keys(state.guardDutyDetectors);
  if (regions.length === 0 && state.securityHubRegions.length === 0) return undefined;
  return `GuardDuty detectors in ${regions.join(', ')} and Security Hub in ${state.securityHubRegions.join(', ')}`;
}

function formatDiagnostic(d: Diagnostic): string {
  const detail = d.detail ? `\n    ${d.detail.split('\n').join('\n    ')}` : '';
  return `  ${d.severity}: ${d.summary}${d.address ? ` (${d.address})` : ''}${detail}`;
}

/** Runs the command (by config/run-command.ts's rules: the command line, --help, exit codes); returns its exit code. */
export function planOfflineCommand(argv: readonly string[], output: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return commandExitCode(COMMAND, (parsed) => planOffline(parsed, output, env), argv, env, output);
}

async function planOffline(parsed: ParsedCommandLine, output: CommandIo, env: NodeJS.ProcessEnv): Promise<number> {
  const patterns = parsed.values.get('account');
  if (!patterns) throw new UsageError(`--account is required: name the stacks to plan\n${usageText(COMMAND)}`);
  const configFile = resolveConfigFile(env);
  const warning = bundledExampleWarning(configFile);
  if (warning) output.err(warning);
  output.err(`organization file: ${displayPath(configFile.path)} (chosen by ${configFile.chosenBy})`);
  const org = loadOrganizationConfig(configFile.path);
  const accounts = selectAccounts(org, { patterns, source: '--account' }, displayPath(configFile.path));
  const dirOption = optionValue(parsed, 'dir');
  const outdir = dirOption === undefined ? resolveOutdir(env) : userPath(dirOption, env);
  const stackDirOf = (name: string) => path.join(outdir, 'stacks', name);
  const missing = accounts.filter((account) => !fs.existsSync(path.join(stackDirOf(account.name), STACK_FILE)));
  if (missing.length > 0) {
    const names = missing.map((a) => a.name);
    throw new NothingPlanned(
      `no synthesized stack for ${names.join(', ')} in ${displayPath(outdir)} ` +
        `(looked for ${displayPath(path.join(stackDirOf(names[0]), STACK_FILE))}): run \`npm run synth\` first` +
        (dirOption === undefined ? ', or give --dir where synth wrote them' : ''),
    );
  }
  const terraform = findTerraform(undefined, env);
  if ('unavailable' in terraform) throw new NothingPlanned(`cannot plan: ${terraform.unavailable}`);

  let failed = 0;
  for (const account of accounts) {
    if (output.interrupted?.()) {
      output.err('interrupted: the remaining stacks were not planned');
      return 130;
    }
    const state = stateBeforeFirstApply(org, account);
    const existing = describeExisting(state);
    output.err(`${account.name}: planning ${displayPath(stackDirOf(account.name))} offline with Terraform ${terraform.version}…`);
    if (existing) output.out(`${account.name}: planned as after the management stack designated it: ${existing} exist, and are imported`);
    const plan = await planStackCopy(terraform, stackDirOf(account.name), state);
    for (const diagnostic of plan.diagnostics) output.err(`${account.name}:\n${formatDiagnostic(diagnostic)}`);
    const errors = plan.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0 || !plan.summary) {
      failed++;
      output.out(`${account.name}: plan failed (${errors} error${errors === 1 ? '' : 's'})`);
    } else {
      output.out(`${account.name}: ${planLine(plan.summary)}`);
    }
  }
  if (accounts.length > 1) output.out(`planned ${accounts.length} stacks offline: ${accounts.length - failed} without errors`);
  return failed > 0 ? 1 : 0;
}

if (require.main === module) {
  // Ctrl-C reaches Terraform too: with a listener this process waits for it to stop, the stack's
  // temporary copy is removed, and no further stack is planned.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (interrupted = true));
  const io: CommandIo = { out: (line) => console.log(line), err: (line) => console.error(line), interrupted: () => interrupted };
  void planOfflineCommand(process.argv.slice(2), io).then((exitCode) => (process.exitCode = interrupted ? 130 : exitCode));
}
