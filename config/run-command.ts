/**
 * How every command (synth, report, check:fresh, bench, docs, discover, plan:offline, bootstrap)
 * starts and ends, so they behave alike: the command line is read by the command's spec, where an option npm took for its own
 * (`npm run synth --account x`, without `--`) is an error saying how to write it; `--help` prints
 * the usage; an error the user can fix prints its message, never a stack trace, with its exit
 * code: 2 for how the command was started (options, arguments, environment, the choice of file),
 * 1 for the organization file or the synthesized output. Loads no cdktf.
 */
import { type CommandSpec, type OptionSpec, type ParsedCommandLine, parseCommandLine, UsageError, usageText } from './command-line';
import { bundledExampleWarning, type ConfigFile, resolveConfigFile } from './config-file';
import { ConfigError } from './load';

/** A command's work, given its command line: returns the exit code. */
export type Command = (commandLine: ParsedCommandLine) => number | Promise<number>;

/** Where a command writes: stdout for its results, stderr for what it read and for problems. */
export interface CommandOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const CONSOLE: CommandOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs `command` with the process's arguments and sets the process's exit code. */
export async function runCommand(spec: CommandSpec, command: Command, argv = process.argv.slice(2), env = process.env): Promise<void> {
  process.exitCode = await commandExitCode(spec, command, argv, env);
}

/** Runs `command` by the rules above, writing to `output`; returns the exit code. */
export async function commandExitCode(
  spec: CommandSpec,
  command: Command,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  output: CommandOutput = CONSOLE,
): Promise<number> {
  try {
    refuseOptionsNpmTook(spec, argv, env);
    const commandLine = parseCommandLine(spec, argv);
    if (commandLine.help) {
      output.out(usageText(spec));
      return 0;
    }
    return await command(commandLine);
  } catch (error) {
    const exitCode = error instanceof ConfigError ? 1 : knownExitCode(error);
    if (exitCode !== undefined) {
      output.err((error as Error).message);
      return exitCode;
    }
    // Not the user's to fix: the whole trace, for a bug report.
    output.err(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}

/** The exit code an error the user can fix carries (UsageError, ConfigFileChoiceError, SynthesizedOutputMissing…). */
function knownExitCode(error: unknown): number | undefined {
  const exitCode = error instanceof Error ? (error as Error & { exitCode?: unknown }).exitCode : undefined;
  return typeof exitCode === 'number' ? exitCode : undefined;
}

/**
 * npm reads the options before `--` as its own: `npm run synth --account x` sets `npm_config_account`
 * (to `true`, passing `x` on as an argument; or to `x` for `--account=x`) and the command never
 * sees the option. Only an option of the command's spec counts, and only under `npm run`.
 */
function refuseOptionsNpmTook(spec: CommandSpec, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const script = env.npm_lifecycle_event;
  if (!script) return;
  const npmValue = (option: OptionSpec) => env[`npm_config_${option.name.replace(/-/g, '_')}`];
  const taken = spec.options.filter((option) => npmValue(option) !== undefined);
  if (taken.length === 0) return;
  const passedOn = argv.filter((arg) => !arg.startsWith('--'));
  const written = taken.map((option) => {
    if (option.value === undefined) return `--${option.name}`;
    const value = npmValue(option);
    const given = value === 'true' ? passedOn.shift() : value;
    return `--${option.name} ${given === undefined ? option.value : shellWord(given)}`;
  });
  const names = taken.map((option) => `--${option.name}`).join(', ');
  throw new UsageError(
    `npm took ${names} for its own (npm run passes options on only after --): write npm run ${script} -- ${written.join(' ')}\n` +
      usageText(spec),
  );
}

/** A value as it must be typed in a shell: quoted when it holds anything but plain characters (`workload-*`). */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The organization file by the one rule (resolveConfigFile), after the warning on stderr when it is the bundled example. */
export function chooseConfigFile(env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const file = resolveConfigFile(env);
  const warning = bundledExampleWarning(file);
  if (warning) console.error(warning);
  return file;
}
