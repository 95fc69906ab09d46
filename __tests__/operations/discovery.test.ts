/**
 * Discovery from recorded AWS CLI output (operations/discovery): the accounts, their suggested
 * roles and names, every adopt entry the recorded state calls for within what the schema allows per
 * mode and role, updates that keep what the user wrote, and the errors that write nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { displayPath } from '../../config/config-file';
import { validateOrganizationConfig } from '../../config/load';
import { accountNameFrom, uniqueAccountNames } from '../../operations/discovery/account-roles';
import { DiscoveryInputError, readCollectedFiles, type RecordedOrganization } from '../../operations/discovery/collected-files';
import { organizationFileText, parseOrganizationFile } from '../../operations/discovery/file-text';
import { DiscoveryConflict, type DiscoveryResult, discoverOrganizationFile } from '../../operations/discovery/organization-file';
import { formatDiscoveryReport, hasProblems } from '../../operations/discovery/report';
import { CONTROL_TOWER_ORGANIZATION, detectorId, everyRegion, id, REGIONS } from '../fixtures/discovery/organizations';
import { type AccountSpec, type OrganizationSpec, writeRecordedOrganization } from '../fixtures/discovery/recorded-organization';

const FSBP = 'aws-foundational-security-best-practices/v/1.0.0';
const CIS3 = 'cis-aws-foundations-benchmark/v/3.0.0';
const PCI = 'pci-dss/v/4.0.1';

let root: string;
beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'discovery-'))));
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes `spec` as the collection would, and reads it back. */
function recordedFrom(
  spec: OrganizationSpec,
  dir = path.join(root, `recorded-${Math.random().toString(36).slice(2)}`),
): RecordedOrganization {
  writeRecordedOrganization(dir, spec);
  return readCollectedFiles(dir);
}

/** What a user adds by hand to a discovered file before it is complete. */
function completed(file: Record<string, any>, namePrefix = 'acme'): Record<string, unknown> {
  const controlTower = file.organization?.controlTower;
  const organization = controlTower
    ? { ...file.organization, controlTower: { ...controlTower, landingZoneVersion: '3.3' } }
    : file.organization;
  return { ...file, organization, namePrefix, notifications: { emails: ['security@example.com'] }, stateBackend: { type: 'local' } };
}

function accountNamed(result: DiscoveryResult, name: string): Record<string, any> {
  return (result.file.accounts as Record<string, any>[]).find((a) => a.name === name)!;
}

function messages(result: DiscoveryResult, severity: 'problem' | 'note'): string[] {
  return [
    ...result.findings.filter((f) => f.severity === severity).map((f) => f.message),
    ...result.accounts.flatMap((a) => a.findings.filter((f) => f.severity === severity).map((f) => `${a.name}: ${f.message}`)),
  ];
}

/** A small organization without Control Tower, each account's regions as given. */
function organization(accounts: readonly AccountSpec[], regions: readonly string[] = REGIONS): OrganizationSpec {
  return { organizationId: 'o-acme1234ab', rootId: 'r-ab12', managementAccountId: id(1), trustedServices: [], regions, accounts };
}

const PLAIN_ACCOUNTS: AccountSpec[] = [
  { id: id(1), name: 'Management' },
  { id: id(2), name: 'Log Archive' },
  { id: id(3), name: 'Security' },
  { id: id(4), name: 'Workload' },
];

describe('a new organization file from a Control Tower organization of 12 accounts', () => {
  let result: DiscoveryResult;
  beforeEach(() => (result = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), undefined, { namePrefix: 'acme' })));

  test('names every active account for the schema, uniquely, with roles from the management id and the Control Tower names', () => {
    expect((result.file.accounts as any[]).map((a) => `${a.name} ${a.id} ${a.role}`)).toEqual([
      `acme-management ${id(1)} management`,
      `log-archive ${id(2)} log-archive`,
      `audit ${id(3)} security`,
      `data-platform ${id(8)} workload`,
      `development ${id(6)} workload`,
      `legacy-app ${id(11)} workload`,
      `network ${id(10)} workload`,
      `production ${id(4)} workload`,
      `production-0012 ${id(12)} workload`,
      `sandbox-alice ${id(7)} workload`,
      `shared-services ${id(9)} workload`,
      `staging ${id(5)} workload`,
    ]);
    // The suspended account is not added.
    expect(JSON.stringify(result.file)).not.toContain(id(13));
    expect(result.accounts.every((a) => a.status === 'added')).toBe(true);
  });

  test('takes the organization and its regions from the recording, and Control Tower from its trusted access', () => {
    expect(result.file).toMatchObject({
      mode: 'organization',
      organization: { id: 'o-acme1234ab', rootId: 'r-ab12', controlTower: { enabled: true, notEnrolledAccounts: ['legacy-app'] } },
      namePrefix: 'acme',
      homeRegion: 'eu-west-1',
      regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      deploymentRoleName: 'OrganizationAccountAccessRole',
    });
  });

  test('adopts what exists where the stack would create it: management (not enrolled) and the workload Control Tower does not enrol', () => {
    expect(accountNamed(result, 'acme-management').adopt).toEqual({
      configServiceLinkedRole: true,
      configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: ['eu-west-1', 'eu-central-1'] },
      guardDutyDetectors: Object.fromEntries(REGIONS.map((r) => [r, detectorId(1, r)])),
      accessAnalyzers: { 'eu-west-1': 'ConsoleAnalyzer-3f1c2b7e' },
    });
    expect(accountNamed(result, 'legacy-app').adopt).toEqual({
      configServiceLinkedRole: true,
      configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: [...REGIONS] },
    });
  });

  test("adopts nothing the administrator or Control Tower owns, nor the security account's detectors and hub, nor an ORGANIZATION analyzer", () => {
    // Control Tower's recorders; members' detectors (production's was enabled from the console); the
    // security stack imports its detectors and home hub itself; its analyzer is an ORGANIZATION one.
    for (const name of ['log-archive', 'audit', 'staging', 'network']) expect(accountNamed(result, name).adopt).toBeUndefined();
    expect(accountNamed(result, 'production').adopt).toEqual({
      accessAnalyzers: { 'eu-west-1': 'ConsoleAnalyzer-prod', 'us-east-1': 'ConsoleAnalyzer-prod' },
    });
  });

  test('validates once the placeholders are filled in, and nothing is left to fix', () => {
    expect(() => validateOrganizationConfig(completed(result.file))).not.toThrow();
    expect(messages(result, 'problem')).toEqual([]);
  });

  test('is deterministic: the same recording in another order gives the same file', () => {
    const reversed = { ...CONTROL_TOWER_ORGANIZATION, accounts: [...CONTROL_TOWER_ORGANIZATION.accounts].reverse() };
    const again = discoverOrganizationFile(recordedFrom(reversed), undefined, { namePrefix: 'acme' });
    expect(organizationFileText(again.file)).toBe(organizationFileText(result.file));
    expect(formatDiscoveryReport(again)).toBe(formatDiscoveryReport(result));
  });

  test('without settings, what discovery cannot know is a placeholder that fails validation by name', () => {
    const bare = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), undefined);
    expect(() => validateOrganizationConfig(bare.file)).toThrow(
      /4 problems\n {2}- namePrefix: "TODO: [^\n]*\n {2}- notifications\.emails\[0\]: "TODO: [^\n]*\n {2}- organization\.controlTower\.landingZoneVersion: "TODO: [^\n]*\n {2}- stateBackend\.type: "TODO: /,
    );
    expect(messages(bare, 'note')).toContain(
      'the management account has no OrganizationAccountAccessRole (AWS creates it in member accounts only): set accounts[0].deploymentRoleName to the role Terraform assumes there',
    );
  });
});

describe('updating an existing organization file', () => {
  const userFile = {
    mode: 'organization',
    organization: { id: 'o-acme1234ab', rootId: 'r-ab12', controlTower: { enabled: true, notEnrolledAccounts: ['legacy'] } },
    namePrefix: 'acme',
    homeRegion: 'eu-west-1',
    regions: ['eu-west-1', 'eu-central-1'],
    accounts: [
      { name: 'root-account', id: id(1), role: 'management', deploymentRoleName: 'SecurityBaselineDeployer' },
      { name: 'logs', id: id(2), role: 'log-archive' },
      { name: 'sec', id: id(3), role: 'security' },
      // A stale entry: the recorder was deleted and recreated under its default name.
      {
        name: 'legacy',
        id: id(11),
        role: 'workload',
        adopt: { configRecorder: { recorderName: 'old', deliveryChannelName: 'old', regions: ['eu-west-1'] } },
        deploymentRoleName: 'LegacyDeployer',
      },
      {
        name: 'prod',
        id: id(4),
        role: 'workload',
        adopt: { accessAnalyzers: { 'us-east-1': 'ConsoleAnalyzer-prod', 'eu-west-1': 'ConsoleAnalyzer-prod' } },
      },
      { name: 'retired', id: '999999999999', role: 'workload' },
      { name: 'closed', id: id(13), role: 'workload' },
    ],
    notifications: { emails: ['security@example.com'] },
    stateBackend: { type: 'local' },
    tags: { Owner: 'platform-team' },
    securityHub: { standards: [FSBP] },
  };

  let result: DiscoveryResult;
  beforeEach(() => (result = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), structuredClone(userFile))));

  test('keeps everything the user wrote, in order: names, roles, other fields; replaces only adopt entries', () => {
    const file = result.file as any;
    const withoutAdopt = (accounts: any[]) => accounts.map(({ adopt: _adopt, ...rest }) => rest);
    expect(Object.keys(file)).toEqual(Object.keys(userFile));
    // As text, so the order of every key counts.
    expect(JSON.stringify({ ...file, accounts: withoutAdopt(file.accounts.slice(0, 7)) })).toBe(
      JSON.stringify({ ...userFile, accounts: withoutAdopt(userFile.accounts) }),
    );
    // adopt stays where the user had it, before deploymentRoleName.
    expect(Object.keys(file.accounts[3])).toEqual(['name', 'id', 'role', 'adopt', 'deploymentRoleName']);
    expect(file.accounts[3].adopt).toEqual({
      configServiceLinkedRole: true,
      configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: ['eu-west-1', 'eu-central-1', 'us-east-1'] },
    });
    // The same analyzers in another order are the same entry: left as written, in the user's order.
    expect(JSON.stringify(file.accounts[4].adopt)).toBe(JSON.stringify(userFile.accounts[4].adopt));
  });

  test('adds the accounts it does not list, as workloads with names not yet taken, after the others', () => {
    const added = (result.file.accounts as any[]).slice(7).map((a) => `${a.name} ${a.id} ${a.role}`);
    expect(added).toEqual([
      `data-platform ${id(8)} workload`,
      `development ${id(6)} workload`,
      `network ${id(10)} workload`,
      `production ${id(12)} workload`,
      `sandbox-alice ${id(7)} workload`,
      `shared-services ${id(9)} workload`,
      `staging ${id(5)} workload`,
    ]);
  });

  test('says per account what changed, and which accounts of the file are not in the organization', () => {
    const status = Object.fromEntries(
      result.accounts.map((a) => [a.name, a.changedFields.length > 0 ? `${a.status}: ${a.changedFields.join(', ')}` : a.status]),
    );
    expect(status).toMatchObject({
      'root-account': 'adopt changed: configServiceLinkedRole, configRecorder, guardDutyDetectors, accessAnalyzers',
      logs: 'unchanged',
      sec: 'unchanged',
      legacy: 'adopt changed: configServiceLinkedRole, configRecorder',
      prod: 'unchanged',
      staging: 'added',
    });
    const report = formatDiscoveryReport(result);
    expect(report).toContain(`  adopt changed  legacy (${id(11)}, workload): configServiceLinkedRole, configRecorder\n`);
    expect(report).toContain(`  unchanged      prod (${id(4)}, workload)\n`);
    expect(report).toContain(
      `  left           retired (999999999999): not in the organization; left as it is (remove it if the account is gone)`,
    );
    expect(report).toContain(`  left           closed (${id(13)}): SUSPENDED in the organization; left as it is`);
  });

  test("discovers only in the file's detective-control regions (its regions plus us-east-1)", () => {
    // The management account's recorder in eu-central-1 counts; the file's regions decide, not the collection's.
    const management = (result.file.accounts as any[])[0];
    expect(Object.keys(management.adopt.guardDutyDetectors)).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    const narrower = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), {
      ...structuredClone(userFile),
      regions: ['eu-west-1'],
    });
    expect(Object.keys((narrower.file.accounts as any[])[0].adopt.guardDutyDetectors)).toEqual(['eu-west-1', 'us-east-1']);
    expect(messages(narrower, 'note')).toContain('eu-central-1: recorded, but not a detective-control region of the file, so ignored');
  });

  test('a second run on its own output changes nothing, byte for byte', () => {
    const text = organizationFileText(result.file);
    const again = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), parseOrganizationFile(Buffer.from(text), 'org.json'));
    expect(organizationFileText(again.file)).toBe(text);
    expect(again.accounts.every((a) => a.status === 'unchanged')).toBe(true);
  });

  test('settings fill in what the file leaves out, and may not contradict it', () => {
    const { namePrefix: _prefix, ...withoutPrefix } = structuredClone(userFile);
    const filled = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), withoutPrefix, { namePrefix: 'newco' });
    expect(filled.file.namePrefix).toBe('newco');
    expect(() =>
      discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), structuredClone(userFile), { namePrefix: 'newco' }),
    ).toThrow(
      new DiscoveryConflict(
        '--name-prefix newco: the file already says "namePrefix": "acme", and discover never changes what the file says; edit the file instead',
      ),
    );
  });

  test('a file that disagrees with the organization is reported, not corrected', () => {
    const wrong = structuredClone(userFile) as any;
    wrong.organization = { id: 'o-other12345', rootId: 'r-ab12' };
    wrong.accounts[0].role = 'workload';
    wrong.accounts[5].role = 'management';
    const discovered = discoverOrganizationFile(recordedFrom(CONTROL_TOWER_ORGANIZATION), wrong);
    expect((discovered.file.organization as any).id).toBe('o-other12345');
    expect(messages(discovered, 'problem')).toEqual(
      expect.arrayContaining([
        `organization.id is "o-other12345" in the file, but the organization's is "o-acme1234ab" (left as it is: correct it)`,
        `the file gives role "management" to retired (999999999999), but the organization's management account is ${id(1)}`,
        'Control Tower governs the organization (trusted access for controltower.amazonaws.com), but organization.controlTower.enabled is not true in the file: set it (README: With AWS Control Tower)',
      ]),
    );
    expect((discovered.file.accounts as any[])[0].role).toBe('workload');
  });
});

describe('what each mode and role may adopt', () => {
  const hubEverywhere = (standards: readonly string[]) => ({ securityHub: { standards } });

  test('standalone: hubs, the standards subscribed in every adopted hub, the home-region aggregator, detectors', () => {
    const aggregator = `arn:aws:securityhub:eu-west-1:${id(4)}:finding-aggregator/0f8e9d7c-1111-2222-3333-444455556666`;
    const spec = organization([
      ...PLAIN_ACCOUNTS.slice(0, 3),
      {
        id: id(4),
        name: 'Workload',
        regions: {
          'eu-west-1': { detector: detectorId(4, 'eu-west-1'), securityHub: { standards: [FSBP, CIS3, PCI], aggregatorArn: aggregator } },
          'eu-central-1': { ...hubEverywhere([FSBP]), recorder: { name: 'default', channel: 'default' } },
          'us-east-1': { ...hubEverywhere([FSBP]), analyzers: [{ name: 'ConsoleAnalyzer-1', type: 'ACCOUNT' }] },
        },
      },
    ]);
    const existing = {
      ...completed({ mode: 'standalone', homeRegion: 'eu-west-1', regions: ['eu-west-1', 'eu-central-1'] }),
      accounts: [],
    };
    const result = discoverOrganizationFile(recordedFrom(spec), existing);
    expect(accountNamed(result, 'workload').adopt).toEqual({
      configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: ['eu-central-1'] },
      guardDutyDetectors: { 'eu-west-1': detectorId(4, 'eu-west-1') },
      securityHub: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      securityHubStandards: [FSBP],
      securityHubFindingAggregatorArn: aggregator,
      accessAnalyzers: { 'us-east-1': 'ConsoleAnalyzer-1' },
    });
    expect(messages(result, 'problem')).toEqual([
      `workload: ${CIS3} is subscribed in eu-west-1 but not in every adopted hub (eu-west-1, eu-central-1, us-east-1): adopt imports a standard in all of them or none, so it is not imported and the apply subscribes it again where it exists; subscribe it in the other regions too (or unsubscribe it), then collect again`,
    ]);
    expect(messages(result, 'note')).toContain(
      `workload: ${PCI} is subscribed but not in securityHub.standards: it stays subscribed and the baseline does not manage it`,
    );
    expect(() => validateOrganizationConfig(result.file)).not.toThrow();
  });

  test('standalone: a delegated administrator that runs GuardDuty and Security Hub is said so, and nothing of them is adopted', () => {
    const spec = organization([
      ...PLAIN_ACCOUNTS.slice(0, 3),
      {
        id: id(4),
        name: 'Workload',
        regions: everyRegion({
          detector: detectorId(4, 'x'),
          guardDutyAdministrator: id(3),
          securityHub: { administrator: id(3), standards: [FSBP] },
        }),
      },
    ]);
    const result = discoverOrganizationFile(recordedFrom(spec), { ...completed({ mode: 'standalone' }), accounts: [] });
    expect(accountNamed(result, 'workload').adopt).toEqual({
      guardDutyManagedByAdministrator: true,
      securityHubManagedByAdministrator: true,
    });
    expect(() => validateOrganizationConfig(result.file)).not.toThrow();
  });

  test('organization mode: members and security adopt no detector or hub; management adopts its detectors and its home hub', () => {
    const everything = { detector: '', securityHub: { standards: [FSBP] }, analyzers: [{ name: 'Org', type: 'ORGANIZATION' as const }] };
    const spec = organization(
      PLAIN_ACCOUNTS.map((account, n) => ({ ...account, regions: everyRegion({ ...everything, detector: detectorId(n + 1, 'r') }) })),
    );
    const result = discoverOrganizationFile(recordedFrom(spec), undefined, { namePrefix: 'acme' });
    // The management stack enables its home hub (enrolment needs it): one already on is imported, not created again.
    expect(accountNamed(result, 'management').adopt).toEqual({
      guardDutyDetectors: Object.fromEntries(REGIONS.map((r) => [r, detectorId(1, 'r')])),
      securityHub: ['eu-west-1'],
    });
    for (const name of ['log-archive', 'security', 'workload']) expect(accountNamed(result, name).adopt).toBeUndefined();
    expect(messages(result, 'problem')).toEqual([]);
    expect(() => validateOrganizationConfig(completed(result.file))).not.toThrow();
  });

  test('Config recorders with other names in some regions: the most common pair is adopted, the others are problems', () => {
    const spec = organization([
      {
        ...PLAIN_ACCOUNTS[0],
        regions: {
          'eu-west-1': { recorder: { name: 'default', channel: 'default' } },
          'eu-central-1': { recorder: { name: 'config-recorder', channel: 'config-channel' } },
          'us-east-1': { recorder: { name: 'default', channel: 'default' } },
        },
      },
      { ...PLAIN_ACCOUNTS[1], regions: { 'eu-west-1': { recorder: { name: 'lonely', channel: null } } } },
      ...PLAIN_ACCOUNTS.slice(2),
    ]);
    const result = discoverOrganizationFile(recordedFrom(spec), undefined, { namePrefix: 'acme' });
    expect(accountNamed(result, 'management').adopt.configRecorder).toEqual({
      recorderName: 'default',
      deliveryChannelName: 'default',
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(accountNamed(result, 'log-archive').adopt).toBeUndefined();
    expect(messages(result, 'problem')).toEqual([
      'management: the Config recorder "config-recorder" with delivery channel "config-channel" in eu-central-1 has other names than "default"/"default" in eu-west-1, us-east-1: an account adopts one name pair, so the first apply would create a second recorder in eu-central-1, which AWS refuses (one per region; recorders cannot be renamed). Delete that recorder and channel there (aws configservice delete-delivery-channel, then delete-configuration-recorder, --region eu-central-1), then collect again',
      'log-archive: eu-west-1 has the Config recorder "lonely" but no delivery channel: the baseline adopts both or neither; delete the recorder (aws configservice delete-configuration-recorder --configuration-recorder-name lonely --region eu-west-1), then collect again',
    ]);
  });

  test('what could not be read is a problem, not taken for absent', () => {
    const spec = organization([
      { ...PLAIN_ACCOUNTS[0], regions: { 'us-east-1': { denied: ['guardduty-list-detectors', 'accessanalyzer-list-analyzers'] } } },
      ...PLAIN_ACCOUNTS.slice(1),
    ]);
    const result = discoverOrganizationFile(recordedFrom(spec), undefined, { namePrefix: 'acme' });
    expect(messages(result, 'problem').map((m) => m.replace(/: An error occurred.*$/, ''))).toEqual([
      'management: could not read the GuardDuty detector in us-east-1, so discover adopts nothing for it',
      'management: could not read the IAM Access Analyzers in us-east-1, so discover adopts nothing for it',
    ]);
    expect(hasProblems(result)).toBe(true);
  });

  test('without the trusted-access list Control Tower is not looked for, and the user is told', () => {
    const dir = path.join(root, 'recorded');
    writeRecordedOrganization(dir, { ...CONTROL_TOWER_ORGANIZATION, accounts: CONTROL_TOWER_ORGANIZATION.accounts.slice(0, 3) });
    const list = path.join(dir, 'organization', 'list-aws-service-access-for-organization');
    fs.renameSync(`${list}.json`, `${list}.error`);
    const result = discoverOrganizationFile(readCollectedFiles(dir), undefined, { namePrefix: 'acme' });
    expect((result.file.organization as any).controlTower).toBeUndefined();
    expect(messages(result, 'note')).toContain(
      "the organization's trusted access could not be read, so Control Tower was not looked for: if it governs the organization, set organization.controlTower (README: With AWS Control Tower)",
    );
  });

  test('a detective-control region that was not recorded is a problem', () => {
    const result = discoverOrganizationFile(recordedFrom(organization(PLAIN_ACCOUNTS, ['eu-west-1'])), undefined, { namePrefix: 'acme' });
    expect(messages(result, 'problem')).toEqual([
      'us-east-1 is a detective-control region of the file but not recorded, so nothing there is adopted: collect again with --regions eu-west-1,us-east-1',
    ]);
  });
});

describe('account names and roles', () => {
  test.each([
    ['Log Archive', 'log-archive'],
    ['ACME Corp. – Production', 'acme-corp-production'],
    ['Équipe Données', 'equipe-donnees'],
    ['123 Shared', 'account-123-shared'],
    ['  ', `account-${id(9)}`],
    ['x', `account-${id(9)}`],
    ['A very long account name that goes on and on', 'a-very-long-account-name-that-go'],
    ['Name ending on a cut hyphen abcd-efgh', 'name-ending-on-a-cut-hyphen-abcd'],
  ])('%j becomes %j', (name, expected) => {
    expect(accountNameFrom(name, id(9))).toBe(expected);
    expect(expected).toMatch(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/);
  });

  test('a clash takes the last four digits of the id, then the whole id, never a name already in the file', () => {
    const accounts = [
      { id: '111111111111', name: 'Dev' },
      { id: '222222221111', name: 'dev' },
      { id: '333333331111', name: 'DEV' },
    ];
    expect(uniqueAccountNames(accounts, ['other'])).toEqual(['dev', 'dev-1111', 'dev-333333331111']);
    expect(uniqueAccountNames(accounts.slice(0, 1), ['dev'])).toEqual(['dev-1111']);
  });

  test('a singleton role that several or no account names suggest is left to the user, who is told', () => {
    const spec = organization([
      { id: id(1), name: 'Management' },
      { id: id(2), name: 'Audit' },
      { id: id(3), name: 'Security' },
      { id: id(4), name: 'Apps' },
    ]);
    const result = discoverOrganizationFile(recordedFrom(spec), undefined, { namePrefix: 'acme' });
    expect((result.file.accounts as any[]).map((a) => a.role)).toEqual(['management', 'workload', 'workload', 'workload']);
    expect(messages(result, 'problem')).toEqual([
      'no account is named like a log-archive account (log-archive, logarchive, logging, logs, log-archive-account, central-logging): set "role": "log-archive" on the right one',
      `2 accounts are named like a security account (audit ${id(2)}, security ${id(3)}): set "role": "security" on the right one`,
    ]);
    // (config/load.ts fails on it with its own message before the schema's cross-check is reported.)
    expect(() => validateOrganizationConfig(completed(result.file))).toThrow(/log-archive/);
  });
});

describe('what discover refuses, writing nothing', () => {
  /** A message about `recorded/…` as discover shows the path (relative to the current directory, when inside it). */
  const shown = (message: string) => message.replace(/^recorded\/\S*/, (file) => displayPath(path.join(root, file)));

  function written(spec: OrganizationSpec = organization(PLAIN_ACCOUNTS)): string {
    const dir = path.join(root, 'recorded');
    writeRecordedOrganization(dir, spec);
    return dir;
  }

  test.each([
    ['collection.json', 'recorded/collection.json is missing: the collection did not finish'],
    ['organization/list-roots.json', 'recorded/organization/list-roots.json is missing: the collection is incomplete'],
    [`accounts/${id(4)}`, `recorded/accounts/${id(4)} is missing: no data was recorded for this ACTIVE account`],
    [`accounts/${id(4)}/us-east-1`, `recorded/accounts/${id(4)}/us-east-1 is missing: the collection read no data in us-east-1`],
    [
      `accounts/${id(4)}/eu-west-1/guardduty-list-detectors.json`,
      `recorded/accounts/${id(4)}/eu-west-1/guardduty-list-detectors.json is missing (and there is no guardduty-list-detectors.error)`,
    ],
  ])('without %s', (missing, message) => {
    const dir = written();
    fs.rmSync(path.join(dir, missing), { recursive: true });
    expect(() => readCollectedFiles(dir)).toThrow(DiscoveryInputError);
    expect(() => readCollectedFiles(dir)).toThrow(shown(message));
  });

  test('malformed JSON and output of another shape name the file', () => {
    const dir = written();
    const detectors = path.join(dir, 'accounts', id(2), 'eu-west-1', 'guardduty-list-detectors.json');
    fs.writeFileSync(detectors, '{"DetectorIds": [');
    expect(() => readCollectedFiles(dir)).toThrow(shown(`recorded/accounts/${id(2)}/eu-west-1/guardduty-list-detectors.json is not JSON`));
    fs.writeFileSync(detectors, '{"Detectors": []}');
    expect(() => readCollectedFiles(dir)).toThrow(
      shown(
        `recorded/accounts/${id(2)}/eu-west-1/guardduty-list-detectors.json: DetectorIds: Required; it is not what the AWS CLI prints for this call`,
      ),
    );
  });

  test('an organization file that cannot be rewritten faithfully', () => {
    expect(() => parseOrganizationFile(Buffer.from('{"accounts": ['), 'org.json')).toThrow(
      'org.json must be valid JSON: the text ends before the JSON is complete (is the file truncated?)',
    );
    expect(() => parseOrganizationFile(Buffer.from('{"tags": {}, "tags": {"a": "b"}}'), 'org.json')).toThrow(
      'org.json gives keys twice (tags): rewriting it would keep only the last',
    );
    expect(() => discoverOrganizationFile(recordedFrom(organization(PLAIN_ACCOUNTS)), { accounts: 'none' })).toThrow(DiscoveryConflict);
  });
});
