/**
 * An organization-file name and a suggested role for each account of the organization, from what
 * AWS Organizations says: management is the organization's management account, log-archive and
 * security are the accounts whose names say so (when exactly one does), every other account is a
 * workload. Pure: no AWS, no files.
 */

type SuggestedRole = 'management' | 'log-archive' | 'security' | 'workload';

/**
 * Account names (in the organization file's form, see `accountNameFrom`) that mark a role. Sources:
 * AWS Control Tower's default shared accounts ("Log Archive", "Audit"), the AWS Security Reference
 * Architecture ("Log Archive", "Security Tooling"), and common names.
 */
export const ROLE_NAMES: Readonly<Record<'log-archive' | 'security', readonly string[]>> = {
  'log-archive': ['log-archive', 'logarchive', 'logging', 'logs', 'log-archive-account', 'central-logging'],
  security: ['audit', 'security', 'security-tooling', 'securitytooling', 'security-audit', 'security-account'],
};

/** The schema's rule for account names: 2-32 lowercase letters, digits and hyphens, from a letter, not ending with a hyphen. */
const MAX_NAME_LENGTH = 32;

/**
 * `name` in the organization file's form: lowercase, accents dropped, every run of other
 * characters one hyphen, starting with a letter (else `account-` in front), at most 32 characters.
 * A name with nothing usable becomes `account-<id>`.
 */
export function accountNameFrom(name: string, id: string): string {
  let form = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (form !== '' && !/^[a-z]/.test(form)) form = `account-${form}`;
  form = trimName(form);
  return form.length >= 2 ? form : `account-${id}`;
}

/** A name of at most 32 characters that does not end with a hyphen. */
function trimName(name: string, room = MAX_NAME_LENGTH): string {
  return name.slice(0, room).replace(/-+$/, '');
}

/**
 * A name for each account, unique among themselves and `taken` (the names already in the file):
 * the form of its AWS name, or on a clash that form with the account id's last four digits, then
 * with the whole id. Accounts are named in the order given, so the caller decides who keeps the
 * plain form.
 */
export function uniqueAccountNames(
  accounts: readonly { readonly id: string; readonly name: string }[],
  taken: readonly string[],
): string[] {
  const used = new Set(taken);
  return accounts.map(({ id, name }) => {
    const base = accountNameFrom(name, id);
    const candidates = [base, `${trimName(base, MAX_NAME_LENGTH - 5)}-${id.slice(-4)}`, `${trimName(base, MAX_NAME_LENGTH - 13)}-${id}`];
    const chosen = candidates.find((candidate) => !used.has(candidate)) ?? `account-${id}`;
    used.add(chosen);
    return chosen;
  });
}

/** The role suggested for each account, and why a singleton role could not be given. */
export interface RoleSuggestions {
  /** Account id → role. */
  readonly roles: ReadonlyMap<string, SuggestedRole>;
  /** One line per singleton role left unassigned, to say what to set by hand. */
  readonly unassigned: readonly string[];
}

/**
 * Suggests roles for `accounts` (with names in the organization file's form). Roles already held
 * (`heldRoles`, the file's) are not suggested again.
 */
export function suggestRoles(
  accounts: readonly { readonly id: string; readonly name: string }[],
  managementAccountId: string,
  heldRoles: readonly string[],
): RoleSuggestions {
  const roles = new Map<string, SuggestedRole>(accounts.map((a) => [a.id, 'workload']));
  const unassigned: string[] = [];
  if (roles.has(managementAccountId) && !heldRoles.includes('management')) roles.set(managementAccountId, 'management');
  for (const role of ['log-archive', 'security'] as const) {
    if (heldRoles.includes(role)) continue;
    const named = accounts.filter((a) => a.id !== managementAccountId && ROLE_NAMES[role].includes(a.name));
    if (named.length === 1) {
      roles.set(named[0].id, role);
    } else if (named.length === 0) {
      unassigned.push(
        `no account is named like a ${role} account (${ROLE_NAMES[role].join(', ')}): set "role": "${role}" on the right one`,
      );
    } else {
      unassigned.push(
        `${named.length} accounts are named like a ${role} account (${named.map((a) => `${a.name} ${a.id}`).join(', ')}): set "role": "${role}" on the right one`,
      );
    }
  }
  return { roles, unassigned };
}
