/**
 * `npm run bootstrap [-- --backend local|s3|cloud]`: checks the organization file, then writes the
 * bootstrap's Terraform configuration and every account's deployment-role policy into
 * `<outdir>/bootstrap` (stacks/bootstrap-stack.ts). Exit 0: written (a line on stdout says what and
 * what to run next); 1: the organization file cannot be bootstrapped; 2: the command line or the
 * choice of file is wrong. Nothing is written unless everything is valid.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bootstrapProblems } from '../config/bootstrap';
import { type CommandSpec, optionValue, type ParsedCommandLine, UsageError, usageText } from '../config/command-line';
import { bundledExampleWarning, displayPath, resolveConfigFile } from '../config/config-file';
import { ConfigError, loadOrganizationConfig } from '../config/load';
import { resolveOutdir } from '../config/output-dir';
import { commandExitCode, type CommandOutput } from '../config/run-command';
import type { OrganizationConfig } from '../config/schema';
import { didYouMean } from '../config/suggestions';
import { BOOTSTRAP_BACKENDS, type BootstrapBackend, DEPLOYMENT_ROLE_POLICY_FILE, synthesizeBootstrap } from '../stacks/bootstrap-stack';

export const BOOTSTRAP_COMMAND: CommandSpec = {
  usage: 'npm run bootstrap --',
  options: [
    {
      name: 'backend',
      value: BOOTSTRAP_BACKENDS.join('|'),
      description: "where the bootstrap keeps its own state: local (default; the first apply), or the organization's s3 or cloud backend",
    },
  ],
};

/** Runs the command (by config/run-command.ts's rules: the command line, --help, exit codes); returns its exit code. */
export function runBootstrapCommand(argv: readonly string[], output: CommandOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return commandExitCode(BOOTSTRAP_COMMAND, (parsed) => bootstrap(parsed, output, env), argv, env, output);
}

function bootstrap(parsed: ParsedCommandLine, output: CommandOutput, env: NodeJS.ProcessEnv): number {
  const backend = backendOption(optionValue(parsed, 'backend'));
  const file = resolveConfigFile(env);
  const warning = bundledExampleWarning(file);
  if (warning) output.err(warning);
  const org = loadOrganizationConfig(file.path);
  const problems = bootstrapProblems(org);
  if (problems.length > 0) throw new ConfigError(file.path, problems);
  if (backend !== 'local' && backend !== org.stateBackend.type) {
    throw new UsageError(
      `--backend ${backend} needs stateBackend.type "${backend}"; ${displayPath(file.path)} has "${org.stateBackend.type}": use --backend local${
        org.stateBackend.type === 'local' ? '' : ` or --backend ${org.stateBackend.type}`
      }\n${usageText(BOOTSTRAP_COMMAND)}`,
    );
  }
  const outdir = resolveOutdir(env);
  const initializedWith = initializedBackend(path.join(outdir, 'bootstrap'));
  const written = synthesizeBootstrap(org, { outdir, backend });
  const directory = displayPath(written.directory);
  if (initializedWith && initializedWith !== backend) {
    output.err(
      `WARNING: ${directory} was initialized with the ${initializedWith} backend; this configuration uses ${backend}. ` +
        `terraform init will ask to copy the state: answer yes only to move it on purpose (run with --backend ${initializedWith} to keep it where it is).`,
    );
  }
  output.out(
    `wrote ${directory}/cdk.tf.json (${written.resources} resources: ${contents(org, written.roleAccounts)}; its state: ${backend}) ` +
      `and ${DEPLOYMENT_ROLE_POLICY_FILE} from ${displayPath(file.path)}`,
  );
  output.out(`next: ${nextStep(org, backend, directory)}`);
  return 0;
}

function backendOption(value: string | undefined): BootstrapBackend {
  if (value === undefined) return 'local';
  if ((BOOTSTRAP_BACKENDS as readonly string[]).includes(value)) return value as BootstrapBackend;
  throw new UsageError(
    `--backend: ${JSON.stringify(value)} must be one of: ${BOOTSTRAP_BACKENDS.join(', ')}${didYouMean(value, BOOTSTRAP_BACKENDS)}\n${usageText(BOOTSTRAP_COMMAND)}`,
  );
}

function contents(org: OrganizationConfig, roleAccounts: readonly string[]): string {
  const roles = `the deployment role${roleAccounts.length === 1 ? '' : 's'} of ${roleAccounts.join(', ')}`;
  return org.stateBackend.type === 's3' ? `the state bucket ${org.stateBackend.bucket} and ${roles}` : roles;
}

function nextStep(org: OrganizationConfig, backend: BootstrapBackend, directory: string): string {
  const apply = `cd ${directory} && terraform init && terraform apply (with the bootstrap account's administrator credentials)`;
  if (org.stateBackend.type === 's3' && backend === 'local') {
    return `${apply}, then npm run bootstrap -- --backend s3 and terraform init -migrate-state there (docs/bootstrap.md)`;
  }
  return apply;
}

/** The backend type a Terraform working directory was initialized with, if it was. */
function initializedBackend(directory: string): string | undefined {
  const file = path.join(directory, '.terraform', 'terraform.tfstate');
  if (!fs.existsSync(file)) return undefined;
  try {
    const type: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))?.backend?.type;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}
