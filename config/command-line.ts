/**
 * The command line of every command (`npm run synth -- …`, `report`, `check:fresh`, …), read by one
 * rule: options are `--name VALUE`, `--name=VALUE` or a bare `--name` switch; an unknown option, a
 * missing value or a stray argument is an error that lists what the command accepts (with "did you
 * mean" for a near miss), so a typo never silently does something else. `--help` prints the usage.
 */
import * as path from 'node:path';
import { closestMatch } from './suggestions';

/** One option a command accepts. */
export interface OptionSpec {
  /** Without the dashes: `account` for `--account`. */
  readonly name: string;
  /** What the value is, for the usage (`NAME`, `DIR`); absent for a switch, which takes no value. */
  readonly value?: string;
  /** May be given more than once (each value is kept, in order). @default false */
  readonly repeatable?: boolean;
  /** One line for the usage. */
  readonly description: string;
}

export interface CommandSpec {
  /** How the command is started, for the usage: `npm run synth --`. */
  readonly usage: string;
  readonly options: readonly OptionSpec[];
  /**
   * A hint for an argument given without an option, such as an account name given bare:
   * `(arg) => \`to select an account, write --account ${arg}\``. @default none
   */
  readonly strayArgumentHint?: (argument: string) => string;
}

/** The command line cannot be used; the message says why and what the command accepts. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command line gave: each option's values (a switch has the value `'true'`), or `help`. */
export interface ParsedCommandLine {
  readonly help: boolean;
  /** Option name → its values in order; absent when not given. */
  readonly values: ReadonlyMap<string, readonly string[]>;
}

const HELP: OptionSpec = { name: 'help', description: 'print this usage and exit' };

/** Reads `argv` (without node and the script) by `spec`; throws UsageError listing the options. */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine {
  const options = [...spec.options, HELP];
  const values = new Map<string, string[]>();
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (/^-[^-]/.test(arg)) {
      problems.push(`unknown option ${arg} (options are written with two dashes: --name)`);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      const hint = arg === '--' ? undefined : spec.strayArgumentHint?.(arg);
      problems.push(`unexpected argument ${JSON.stringify(arg)}${hint ? `: ${hint}` : ''}`);
      continue;
    }
    const [name, inlineValue] = splitOption(arg.slice(2));
    const option = options.find((o) => o.name === name);
    if (!option) {
      const near = closestMatch(
        name,
        options.map((o) => o.name),
      );
      problems.push(`unknown option --${name}${near ? ` (did you mean --${near}?)` : ''}`);
      continue;
    }
    let value: string;
    if (option.value === undefined) {
      if (inlineValue !== undefined) problems.push(`--${name} takes no value (got ${JSON.stringify(inlineValue)})`);
      value = 'true';
    } else if (inlineValue !== undefined) {
      value = inlineValue;
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    } else {
      problems.push(`--${name} needs a value (${option.value})`);
      continue;
    }
    if (option.value !== undefined && value === '') problems.push(`--${name} needs a non-empty value (${option.value})`);
    const earlier = values.get(name);
    if (earlier && !option.repeatable) problems.push(`--${name} is given more than once`);
    values.set(name, [...(earlier ?? []), value]);
  }
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\n${usageText(spec)}`);
  return { help: values.has(HELP.name), values };
}

/** The usage: the command and one line per option. */
export function usageText(spec: CommandSpec): string {
  const options = [...spec.options, HELP];
  const shown = options.map((o) => `--${o.name}${o.value ? ` ${o.value}` : ''}`);
  const width = Math.max(...shown.map((s) => s.length));
  return [
    `usage: ${spec.usage} [options]`,
    'options:',
    ...options.map((o, i) => `  ${shown[i].padEnd(width)}  ${o.description}${o.repeatable ? ' (repeatable)' : ''}`),
  ].join('\n');
}

/** The one value of an option, or undefined when it was not given. */
export function optionValue(parsed: ParsedCommandLine, name: string): string | undefined {
  return parsed.values.get(name)?.at(-1);
}

/** Whether a switch was given. */
export function hasSwitch(parsed: ParsedCommandLine, name: string): boolean {
  return parsed.values.has(name);
}

/**
 * A path given on the command line or in the environment, made absolute from the directory the
 * user ran the command in: npm runs scripts from the project root but keeps that directory in
 * `INIT_CWD`, so `npm run report -- --out ../reports` means what it says wherever it is typed.
 */
export function userPath(given: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(env.INIT_CWD ?? cwd, given);
}

function splitOption(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals === -1 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
