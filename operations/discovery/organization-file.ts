/**
 * The organization file discover writes: a new one from the recorded organization, or the user's
 * with its accounts completed and each account's `adopt` replaced by what was discovered. Whatever
 * else the user wrote stays as it is (order included): accounts are matched by id, never renamed,
 * their roles never changed. Pure: the recorded organization and the file's contents in, the new
 * contents and a report out.
 */
import { accountSchema } from '../../config/schema/accounts';
import { isRecord } from '../../config/schema/cross-checks';
import { enrolledInControlTower } from '../../config/schema/organization-mode';
import { DEFAULT_SECURITY_HUB_STANDARDS } from '../../modules/catalogs/threat-detection';
import { detectiveRegions } from '../../config/regions';
import { accountNameFrom, suggestRoles, uniqueAccountNames } from './account-roles';
import { type AdoptEntry, adoptionFor, type Finding } from './adoption';
import type { RecordedAccount, RecordedOrganization } from './collected-files';

/** What discovery cannot know, to be filled in by hand: each fails validation until it is. */
export const PLACEHOLDERS = {
  namePrefix: 'TODO: 2-16 lowercase letters, digits and hyphens, the start of every name the baseline creates',
  email: 'TODO: the e-mail address alarms go to',
  stateBackendType: 'TODO: s3, cloud or local (README: state backends)',
  landingZoneVersion: 'TODO: the version aws controltower get-landing-zone shows (landingZone.version), such as 3.3 or 4.0',
} as const;

/** Values for a new file (each fills in what an existing file leaves out, and must agree with what it says). */
export interface NewFileSettings {
  /** @default a placeholder */
  readonly namePrefix?: string;
  /** @default the first region recorded */
  readonly homeRegion?: string;
  /** @default 'OrganizationAccountAccessRole' (the schema's default) */
  readonly deploymentRoleName?: string;
}

/** How one account of the organization fared. */
export interface AccountOutcome {
  readonly name: string;
  readonly id: string;
  readonly role: string;
  readonly status: 'added' | 'adopt changed' | 'unchanged' | 'not read';
  /** The adopt fields that changed (status `adopt changed`), or that a new account adopts (`added`). */
  readonly changedFields: readonly string[];
  readonly findings: readonly Finding[];
}

export interface DiscoveryResult {
  /** The file's new contents. */
  readonly file: Record<string, unknown>;
  readonly accounts: readonly AccountOutcome[];
  /** Accounts in the file that are not ACTIVE in the organization (left as they are). */
  readonly notInOrganization: readonly { readonly name: string; readonly id: string; readonly state?: string }[];
  /** Findings about the organization as a whole. */
  readonly findings: readonly Finding[];
}

/** The file says one thing and a command-line value another: discover never overwrites what the user wrote. */
export class DiscoveryConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscoveryConflict';
  }
}

const CONTROL_TOWER_PRINCIPAL = 'controltower.amazonaws.com';
const DEFAULT_DEPLOYMENT_ROLE = 'OrganizationAccountAccessRole';
const ROLE_ORDER = ['management', 'log-archive', 'security', 'workload'];

type Json = Record<string, unknown>;

/**
 * The organization file after discovery. `existing`: the parsed file, or undefined for a new one.
 * Throws DiscoveryConflict when a setting contradicts the file, or the file's accounts are not a list.
 */
export function discoverOrganizationFile(
  recorded: RecordedOrganization,
  existing: Json | undefined,
  settings: NewFileSettings = {},
): DiscoveryResult {
  const file: Json = existing ? structuredClone(existing) : newFile(recorded, settings);
  const findings: Finding[] = [];
  if (existing) fillIn(file, recorded, settings, findings);
  if (!Array.isArray(file.accounts)) {
    throw new DiscoveryConflict(
      `"accounts" must be a list of accounts, not ${JSON.stringify(file.accounts)}: fix it, then run discover again`,
    );
  }
  const entries = (file.accounts as unknown[]).map((a) => (isRecord(a) ? a : {}));
  const listed = new Map(entries.map((entry) => [String(entry.id), entry]));
  const added = addNewAccounts(recorded, entries, findings);
  file.accounts = [...(file.accounts as unknown[]), ...added];
  const isNew = new Set(added.map((a) => a.id));
  if (!existing) controlTowerOfNewFile(file, recorded, added, findings);
  else controlTowerAgreement(file, recorded, findings);

  const context = adoptionContext(file, recorded, findings);
  const accounts = recorded.accounts.map((account): AccountOutcome => {
    const entry = listed.get(account.id) ?? added.find((a) => a.id === account.id)!;
    const outcome = { name: String(entry.name), id: account.id, role: String(entry.role) };
    if (!account.contents.readable) {
      const message = `could not be read (${account.contents.message}, ${account.contents.file}): its adopt entry is left as it was`;
      return { ...outcome, status: 'not read', changedFields: [], findings: [{ severity: 'problem', message }] };
    }
    const { adopt, findings: accountFindings } = adoptionFor(account.contents, {
      accountId: account.id,
      mode: context.mode,
      role: String(entry.role),
      homeRegion: context.homeRegion,
      regions: context.regions,
      controlTowerEnrolled: context.controlTower !== undefined && enrolledInControlTower(entry, context.controlTower.notEnrolled),
      configuredStandards: context.configuredStandards,
      accountAnalyzer: context.accountAnalyzer,
    });
    const changedFields = differingFields(entry.adopt, adopt);
    if (changedFields.length > 0) replaceAdopt(entry, adopt);
    const status = isNew.has(account.id) ? 'added' : changedFields.length > 0 ? 'adopt changed' : 'unchanged';
    return { ...outcome, status, changedFields, findings: accountFindings };
  });
  // In the file's order, as the user reads it.
  const position = (id: string) => (file.accounts as Json[]).findIndex((a) => String(a.id) === id);
  accounts.sort((a, b) => position(a.id) - position(b.id));
  if (!existing) managementDeploymentRole(file, recorded, findings);

  const active = new Set(recorded.accounts.map((a) => a.id));
  const notInOrganization = entries
    .filter((entry) => !active.has(String(entry.id)))
    .map((entry) => ({
      name: String(entry.name),
      id: String(entry.id),
      state: recorded.inactiveAccounts.find((a) => a.id === String(entry.id))?.state,
    }));
  return { file, accounts, notInOrganization, findings };
}

function newFile(recorded: RecordedOrganization, settings: NewFileSettings): Json {
  return {
    mode: 'organization',
    organization: { id: recorded.organizationId, rootId: recorded.rootId },
    namePrefix: settings.namePrefix ?? PLACEHOLDERS.namePrefix,
    homeRegion: settings.homeRegion ?? recorded.regions[0],
    regions: [...recorded.regions],
    deploymentRoleName: settings.deploymentRoleName ?? DEFAULT_DEPLOYMENT_ROLE,
    accounts: [],
    notifications: { emails: [PLACEHOLDERS.email] },
    stateBackend: { type: PLACEHOLDERS.stateBackendType },
  };
}

/** An existing file: settings fill in what it leaves out; what it says stays, and a contradiction is an error. */
function fillIn(file: Json, recorded: RecordedOrganization, settings: NewFileSettings, findings: Finding[]): void {
  const given: [string, string, string | undefined][] = [
    ['namePrefix', '--name-prefix', settings.namePrefix],
    ['homeRegion', '--home-region', settings.homeRegion],
    ['deploymentRoleName', '--deployment-role', settings.deploymentRoleName],
  ];
  for (const [field, flag, value] of given) {
    if (value === undefined) continue;
    if (file[field] === undefined) file[field] = value;
    else if (file[field] !== value) {
      throw new DiscoveryConflict(
        `${flag} ${value}: the file already says "${field}": ${JSON.stringify(file[field])}, and discover never changes what the file says; edit the file instead`,
      );
    }
  }
  if (file.regions === undefined) file.regions = [...recorded.regions];
  if (file.homeRegion === undefined) file.homeRegion = recorded.regions[0];
  if (file.mode !== 'organization') return;
  if (file.organization === undefined) file.organization = { id: recorded.organizationId, rootId: recorded.rootId };
  const organization = isRecord(file.organization) ? file.organization : {};
  for (const [field, value] of [
    ['id', recorded.organizationId],
    ['rootId', recorded.rootId],
  ] as const) {
    if (organization[field] === undefined) organization[field] = value;
    else if (organization[field] !== value) {
      findings.push({
        severity: 'problem',
        message: `organization.${field} is ${JSON.stringify(organization[field])} in the file, but the organization's is "${value}" (left as it is: correct it)`,
      });
    }
  }
}

/** Accounts of the organization the file does not list yet, named and with suggested roles. */
function addNewAccounts(recorded: RecordedOrganization, entries: readonly Json[], findings: Finding[]): Json[] {
  const listedIds = new Set(entries.map((e) => String(e.id)));
  const unlisted = recorded.accounts.filter((a) => !listedIds.has(a.id));
  if (unlisted.length === 0) return [];
  const forms = unlisted.map((a) => ({ id: a.id, name: accountNameFrom(a.name, a.id) }));
  const { roles, unassigned } = suggestRoles(
    forms,
    recorded.managementAccountId,
    entries.map((e) => String(e.role)),
  );
  findings.push(...unassigned.map((message) => ({ severity: 'problem' as const, message })));
  const management = entries.find((e) => e.role === 'management');
  if (management && String(management.id) !== recorded.managementAccountId) {
    findings.push({
      severity: 'problem',
      message: `the file gives role "management" to ${String(management.name)} (${String(management.id)}), but the organization's management account is ${recorded.managementAccountId}`,
    });
  }
  // Who keeps the plain name on a clash: the role order, then the AWS name, then the id.
  const ordered = [...forms].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(roles.get(a.id)!) - ROLE_ORDER.indexOf(roles.get(b.id)!) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
  const names = uniqueAccountNames(
    ordered.map((a) => ({ id: a.id, name: unlisted.find((u) => u.id === a.id)!.name })),
    entries.map((e) => String(e.name)),
  );
  return ordered.map((a, i) => ({ name: names[i], id: a.id, role: roles.get(a.id)! }));
}

/**
 * Control Tower (trusted access for controltower.amazonaws.com) owns the recorders of the accounts
 * it enrols. A workload without Control Tower's recorder in any region is taken as not enrolled.
 */
function controlTowerOfNewFile(file: Json, recorded: RecordedOrganization, added: readonly Json[], findings: Finding[]): void {
  if (recorded.trustedServices === undefined) {
    findings.push({
      severity: 'note',
      message: `the organization's trusted access could not be read, so Control Tower was not looked for: if it governs the organization, set organization.controlTower (README: With AWS Control Tower)`,
    });
  }
  if (!recorded.trustedServices?.includes(CONTROL_TOWER_PRINCIPAL)) return;
  const notEnrolled: string[] = [];
  for (const entry of added.filter((a) => a.role === 'workload')) {
    const account = recorded.accounts.find((a) => a.id === entry.id)!;
    const recorder = controlTowerRecorderIn(account);
    if (recorder === 'unknown') {
      findings.push({
        severity: 'problem',
        message: `${String(entry.name)} (${account.id}) could not be read: check whether Control Tower enrols it (organization.controlTower.notEnrolledAccounts)`,
      });
    } else if (!recorder) notEnrolled.push(String(entry.name));
  }
  const organization = file.organization as Json;
  organization.controlTower = {
    enabled: true,
    // It decides where Config goes (and from 4.0 configIntegration is needed too): read it, do not guess.
    landingZoneVersion: PLACEHOLDERS.landingZoneVersion,
    ...(notEnrolled.length > 0 ? { notEnrolledAccounts: notEnrolled } : {}),
  };
  findings.push({
    severity: 'note',
    message:
      `Control Tower governs the organization (trusted access for ${CONTROL_TOWER_PRINCIPAL}): organization.controlTower is enabled` +
      (notEnrolled.length > 0
        ? `, and ${notEnrolled.join(', ')} (no Control Tower recorder in any region) ${notEnrolled.length === 1 ? 'is' : 'are'} listed as not enrolled: check that list`
        : ''),
  });
}

function controlTowerAgreement(file: Json, recorded: RecordedOrganization, findings: Finding[]): void {
  if (recorded.trustedServices === undefined || file.mode !== 'organization') return;
  const organization = isRecord(file.organization) ? file.organization : {};
  const enabledInFile = isRecord(organization.controlTower) && organization.controlTower.enabled === true;
  const detected = recorded.trustedServices.includes(CONTROL_TOWER_PRINCIPAL);
  if (detected && !enabledInFile) {
    findings.push({
      severity: 'problem',
      message: `Control Tower governs the organization (trusted access for ${CONTROL_TOWER_PRINCIPAL}), but organization.controlTower.enabled is not true in the file: set it (README: With AWS Control Tower)`,
    });
  } else if (!detected && enabledInFile) {
    findings.push({
      severity: 'note',
      message: `organization.controlTower.enabled is true, but trusted access for ${CONTROL_TOWER_PRINCIPAL} is off: check that Control Tower governs the organization`,
    });
  }
}

/** Whether Control Tower's recorder exists in any region of the account ('unknown' when it could not be read). */
function controlTowerRecorderIn(account: RecordedAccount): boolean | 'unknown' {
  if (!account.contents.readable) return 'unknown';
  return [...account.contents.regions.values()].some(
    (r) => r.recorderNames.state === 'found' && r.recorderNames.value.some((name) => name.startsWith('aws-controltower-')),
  );
}

interface AdoptionContext {
  readonly mode: 'standalone' | 'organization';
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly controlTower?: { readonly notEnrolled: readonly unknown[] };
  readonly configuredStandards: readonly string[];
  readonly accountAnalyzer: boolean;
}

/** The file's settings that decide what each stack creates, and the detective-control regions that were not recorded. */
function adoptionContext(file: Json, recorded: RecordedOrganization, findings: Finding[]): AdoptionContext {
  const mode = file.mode === 'organization' ? 'organization' : 'standalone';
  const homeRegion = typeof file.homeRegion === 'string' ? file.homeRegion : recorded.regions[0];
  const regions = Array.isArray(file.regions) ? file.regions.filter((r): r is string => typeof r === 'string') : [...recorded.regions];
  const covered = detectiveRegions(
    homeRegion,
    regions,
    file.detectiveControlRegions === 'all-default-enabled' ? 'all-default-enabled' : 'enabled',
  );
  const missing = covered.filter((r) => !recorded.regions.includes(r));
  if (missing.length > 0) {
    findings.push({
      severity: 'problem',
      message:
        `${missing.join(', ')} ${missing.length === 1 ? 'is a detective-control region' : 'are detective-control regions'} of the file but not recorded, ` +
        `so nothing there is adopted: collect again with --regions ${covered.join(',')}`,
    });
  }
  const ignored = recorded.regions.filter((r) => !covered.includes(r));
  if (ignored.length > 0) {
    findings.push({
      severity: 'note',
      message: `${ignored.join(', ')}: recorded, but not a detective-control region of the file, so ignored`,
    });
  }
  const organization = isRecord(file.organization) ? file.organization : {};
  const controlTower = isRecord(organization.controlTower) ? organization.controlTower : {};
  const hub = isRecord(file.securityHub) ? file.securityHub : {};
  const hardening = isRecord(file.hardening) ? file.hardening : {};
  return {
    mode,
    homeRegion,
    regions: covered.filter((r) => recorded.regions.includes(r)),
    controlTower:
      mode === 'organization' && controlTower.enabled === true
        ? { notEnrolled: Array.isArray(controlTower.notEnrolledAccounts) ? controlTower.notEnrolledAccounts : [] }
        : undefined,
    configuredStandards: Array.isArray(hub.standards)
      ? hub.standards.filter((s): s is string => typeof s === 'string')
      : DEFAULT_SECURITY_HUB_STANDARDS,
    accountAnalyzer: hardening.accessAnalyzer !== false,
  };
}

/** The management account has no OrganizationAccountAccessRole (AWS creates it only in member accounts). */
function managementDeploymentRole(file: Json, recorded: RecordedOrganization, findings: Finding[]): void {
  const index = (file.accounts as Json[]).findIndex((a) => a.id === recorded.managementAccountId);
  if (index < 0 || file.deploymentRoleName !== DEFAULT_DEPLOYMENT_ROLE) return;
  findings.push({
    severity: 'note',
    message: `the management account has no ${DEFAULT_DEPLOYMENT_ROLE} (AWS creates it in member accounts only): set accounts[${index}].deploymentRoleName to the role Terraform assumes there`,
  });
}

/** Adopt fields whose meaning differs (defaults filled in on both sides), in the schema's order. */
function differingFields(before: unknown, after: AdoptEntry | undefined): string[] {
  const adoptSchema = accountSchema.shape.adopt;
  const normalized = (value: unknown) => {
    const parsed = adoptSchema.safeParse(value ?? {});
    return parsed.success ? (parsed.data as Json) : undefined;
  };
  // An entry the schema rejects is compared as written: each of its fields counts.
  const old = normalized(before) ?? (isRecord(before) ? before : {});
  const now = normalized(after)!;
  return [...new Set([...Object.keys(now), ...Object.keys(old)])].filter((key) => canonical(old[key]) !== canonical(now[key]));
}

/** JSON with object keys sorted: records (region → id) compare by content, not by order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Replaces `adopt` where it stands in the entry (or adds it last), or removes it when nothing is adopted. */
function replaceAdopt(entry: Json, adopt: AdoptEntry | undefined): void {
  if (adopt === undefined) delete entry.adopt;
  else entry.adopt = adopt;
}
