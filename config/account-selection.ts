/**
 * Which accounts one synth writes: `--account NAME` (repeatable; `*` and `?` match any characters,
 * one character) or `SECURITY_BASELINE_ACCOUNTS` (comma-separated), for `cdktf synth`. Every
 * pattern must match an account of the organization file, so a typo is an error, not a no-op.
 */
import type { AccountConfig, OrganizationConfig } from './schema';
import { ConfigError } from './load';
import { someOf } from './schema/cross-checks';

export const ACCOUNTS_ENV = 'SECURITY_BASELINE_ACCOUNTS';

/** The patterns given on the command line (`--account NAME`, `--account=NAME`), else in the environment. @returns undefined for every account */
export function accountPatterns(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const fromArgs = argv.flatMap((arg, i) =>
    arg === '--account' ? [argv[i + 1] ?? ''] : arg.startsWith('--account=') ? [arg.slice('--account='.length)] : [],
  );
  if (fromArgs.length > 0) return fromArgs;
  const fromEnv = env[ACCOUNTS_ENV]?.split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return fromEnv && fromEnv.length > 0 ? fromEnv : undefined;
}

/** The accounts the patterns select, in config order; a pattern that matches none is an error naming the accounts. */
export function selectAccounts(org: OrganizationConfig, patterns: readonly string[], source: string): AccountConfig[] {
  const names = org.accounts.map((a) => a.name);
  const matchers = patterns.map((pattern) => ({ pattern, regex: globRegex(pattern) }));
  const unmatched = matchers.filter(({ regex }) => !names.some((name) => regex.test(name)));
  if (unmatched.length > 0) {
    throw new ConfigError(
      source,
      unmatched.map(({ pattern }) => ({ field: '--account', value: pattern, message: `matches no account; accounts: ${someOf(names)}` })),
    );
  }
  return org.accounts.filter((account) => matchers.some(({ regex }) => regex.test(account.name)));
}

function globRegex(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}
