/**
 * Which accounts one synth writes (and check:fresh checks): `--account NAME` (repeatable; `*` and
 * `?` match any characters, one character), else `SECURITY_BASELINE_ACCOUNTS` (comma-separated),
 * for `cdktf synth`, which passes no arguments. Every pattern must match an account of the
 * organization file, so a typo is an error naming where the pattern came from, not a no-op.
 */
import { distance } from 'fastest-levenshtein';
import { type OptionSpec, type ParsedCommandLine, UsageError } from './command-line';
import type { AccountConfig, OrganizationConfig } from './schema';
import { closestMatch } from './suggestions';

export const ACCOUNTS_ENV = 'SECURITY_BASELINE_ACCOUNTS';

/** `--account`, as synth and check:fresh accept it. */
export const ACCOUNT_OPTION: OptionSpec = {
  name: 'account',
  value: 'NAME',
  repeatable: true,
  description: `only this account's stack (wildcards * and ?); default: ${ACCOUNTS_ENV} (comma-separated), else every account`,
};

/** For an account name given without `--account` (as `npx cdktf plan payments-prod` takes it). */
export function accountArgumentHint(argument: string): string {
  return `to select an account, write --${ACCOUNT_OPTION.name} ${argument}`;
}

/** Names listed when a pattern matches none: enough for most organizations whole, closest first. */
const MAX_NAMES_LISTED = 30;

/** The patterns of a selection, and where they were given, for messages. */
export interface AccountSelection {
  readonly patterns: readonly string[];
  /** `--account` or `SECURITY_BASELINE_ACCOUNTS`. */
  readonly source: string;
}

/** The selection of a command line (`--account`), else of the environment. @returns undefined for every account */
export function accountSelection(commandLine: ParsedCommandLine, env: NodeJS.ProcessEnv = process.env): AccountSelection | undefined {
  const fromArgs = commandLine.values.get(ACCOUNT_OPTION.name);
  if (fromArgs) return { patterns: fromArgs, source: `--${ACCOUNT_OPTION.name}` };
  const fromEnv = env[ACCOUNTS_ENV]?.split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return fromEnv && fromEnv.length > 0 ? { patterns: fromEnv, source: ACCOUNTS_ENV } : undefined;
}

/**
 * The accounts the selection matches, in config order. A pattern that matches none is a UsageError
 * (exit 2: the organization file is fine) naming the source, the nearest name and the accounts.
 * @param configName the organization file, as messages name it
 */
export function selectAccounts(org: OrganizationConfig, selection: AccountSelection, configName: string): AccountConfig[] {
  const names = org.accounts.map((a) => a.name);
  const matchers = selection.patterns.map((pattern) => ({ pattern, regex: globRegex(pattern) }));
  const unmatched = matchers.filter(({ regex }) => !names.some((name) => regex.test(name)));
  if (unmatched.length > 0) {
    throw new UsageError(unmatched.map(({ pattern }) => matchesNone(pattern, names, selection.source, configName)).join('\n'));
  }
  return org.accounts.filter((account) => matchers.some(({ regex }) => regex.test(account.name)));
}

function matchesNone(pattern: string, names: readonly string[], source: string, configName: string): string {
  const near = closestMatch(pattern, names);
  // A stable sort: names as far from the pattern keep their order in the file.
  const closestFirst = [...names].sort((a, b) => distance(pattern, a) - distance(pattern, b));
  const unlisted = closestFirst.length - MAX_NAMES_LISTED;
  return (
    `${source}: ${JSON.stringify(pattern)} matches no account of ${configName}${near ? `; did you mean "${near}"?` : ''}\n` +
    `  its ${names.length} account${names.length === 1 ? '' : 's'}, closest first: ` +
    closestFirst.slice(0, MAX_NAMES_LISTED).join(', ') +
    (unlisted > 0 ? ` and ${unlisted} more` : '')
  );
}

function globRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
