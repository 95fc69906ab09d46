/**
 * The real entry point against malformed organization files: each must exit non-zero, name the
 * exact field (and the bad value) and write nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildMain, runMain } from '../helpers/main-process';
import { exampleOrgInput, tempDir } from '../helpers/synth';

type Org = ReturnType<typeof exampleOrgInput>;

interface MalformedCase {
  readonly what: string;
  readonly field: string;
  readonly change: (org: Org) => void;
  /** Text the error must show for the value, when there is one. */
  readonly shows?: string;
}

const cases: MalformedCase[] = [
  { what: 'upper-case name prefix', field: 'namePrefix', shows: '"ACME"', change: (o) => (o.namePrefix = 'ACME') },
  { what: 'name prefix too long for bucket names', field: 'namePrefix', change: (o) => (o.namePrefix = 'a'.repeat(17)) },
  { what: 'unknown home region', field: 'homeRegion', shows: '"eu-west-9"', change: (o) => (o.homeRegion = 'eu-west-9') },
  { what: 'home region not enabled', field: 'homeRegion', shows: '"us-west-2"', change: (o) => (o.homeRegion = 'us-west-2') },
  { what: 'no regions', field: 'regions', change: (o) => (o.regions = []) },
  { what: 'region listed twice', field: 'regions[3]', change: (o) => o.regions.push('eu-west-1') },
  { what: 'no accounts', field: 'accounts', change: (o) => delete o.accounts },
  { what: 'account id too short', field: 'accounts[1].id', shows: '"12345"', change: (o) => (o.accounts[1].id = '12345') },
  { what: 'account id as a number', field: 'accounts[0].id', change: (o) => (o.accounts[0].id = 111111111111) },
  { what: 'unknown account role', field: 'accounts[2].role', shows: '"auditor"', change: (o) => (o.accounts[2].role = 'auditor') },
  { what: 'duplicate account name', field: 'accounts[4].name', change: (o) => (o.accounts[4].name = o.accounts[3].name) },
  { what: 'duplicate account id', field: 'accounts[3].id', change: (o) => (o.accounts[3].id = o.accounts[0].id) },
  { what: 'second security account', field: 'accounts[3].role', change: (o) => (o.accounts[3].role = 'security') },
  { what: 'second log-archive account', field: 'accounts[4].role', change: (o) => (o.accounts[4].role = 'log-archive') },
  { what: 'misspelt account field', field: 'accounts[0].regoin', change: (o) => (o.accounts[0].regoin = 'eu-west-1') },
  { what: 'invalid deployment role name', field: 'accounts[1].deploymentRoleName', change: (o) => (o.accounts[1].deploymentRoleName = 'bad role!') },
  { what: 'no notification e-mail', field: 'notifications.emails', change: (o) => (o.notifications.emails = []) },
  { what: 'malformed e-mail', field: 'notifications.emails[0]', shows: '"security-team"', change: (o) => (o.notifications.emails = ['security-team']) },
  { what: 'Slack channel name instead of id', field: 'notifications.slack.chatbot.channelId', change: (o) => (o.notifications.slack.chatbot.channelId = '#security') },
  {
    what: 'notifier without a webhook source',
    field: 'notifications.slack.notifier',
    change: (o) => (o.notifications.slack.notifier = { mentionAtOrAbove: 'HIGH' }),
  },
  { what: 'unsupported backend', field: 'stateBackend.type', shows: '"gcs"', change: (o) => (o.stateBackend.type = 'gcs') },
  { what: 's3 backend without bucket', field: 'stateBackend.bucket', change: (o) => delete (o.stateBackend as any).bucket },
  {
    what: 'workspace pattern that would share one workspace',
    field: 'stateBackend.workspaceNamePattern',
    change: (o) => (o.stateBackend = { type: 'cloud', organization: 'acme', workspaceNamePattern: 'baseline' }),
  },
  { what: 'log retention CloudWatch does not offer', field: 'auditTrail.cloudWatchLogsRetentionDays', shows: '100', change: (o) => (o.auditTrail = { cloudWatchLogsRetentionDays: 100 }) },
  {
    what: 'expiry before archiving',
    field: 'logBuckets.accessLogs.expirationDays',
    shows: '30',
    change: (o) => (o.logBuckets = { accessLogs: { transitionToGlacierDays: 90, expirationDays: 30 } }),
  },
  { what: 'fractional lifecycle days', field: 'logBuckets.config.abortIncompleteMultipartUploadDays', change: (o) => (o.logBuckets = { config: { abortIncompleteMultipartUploadDays: 1.5 } }) },
  {
    what: 'remediation on while its rule is off',
    field: 'awsConfig.remediations.default-security-group',
    change: (o) => (o.awsConfig = { rules: { 'vpc-default-security-group-closed': false } }),
  },
  { what: 'unknown Config rule', field: 'awsConfig.rules.restricted-telnet', change: (o) => (o.awsConfig = { rules: { 'restricted-telnet': true } }) },
  { what: 'unknown remediation mode', field: 'awsConfig.remediations.cmk-rotation', shows: '"always"', change: (o) => (o.awsConfig = { remediations: { 'cmk-rotation': 'always' } }) },
  { what: 'recording frequency', field: 'awsConfig.recordingFrequency', shows: '"HOURLY"', change: (o) => (o.awsConfig = { recordingFrequency: 'HOURLY' }) },
  { what: 'loop guard window over a day', field: 'awsConfig.loopGuard.windowMinutes', shows: '2000', change: (o) => (o.awsConfig = { loopGuard: { windowMinutes: 2000 } }) },
  { what: 'password shorter than CIS allows', field: 'hardening.passwordPolicy.minimumLength', shows: '8', change: (o) => (o.hardening = { passwordPolicy: { minimumLength: 8 } }) },
  { what: 'excluded type not a resource type', field: 'awsConfig.excludedResourceTypes[0]', change: (o) => (o.awsConfig = { excludedResourceTypes: ['NetworkInterface'] }) },
  { what: 'unknown GuardDuty protection', field: 'guardDuty.protections.dnsLogs', change: (o) => (o.guardDuty = { protections: { dnsLogs: true } }) },
  { what: 'unknown Security Hub standard', field: 'securityHub.standards[0]', shows: '"cis/v/9"', change: (o) => (o.securityHub = { standards: ['cis/v/9'] }) },
];

beforeAll(() => buildMain());

test.concurrent.each(cases)('$what: exits 1, names $field, writes no cdktf.out', async ({ field, change, shows }) => {
  const dir = tempDir('malformed');
  const org = exampleOrgInput();
  change(org);
  const configPath = path.join(dir, 'org.json');
  fs.writeFileSync(configPath, JSON.stringify(org, null, 2));

  const result = await runMain(dir, configPath);

  expect(result.exitCode).toBe(1);
  const line = result.stderr.split('\n').find((l) => l.startsWith(`  - ${field}: `));
  expect(line).toBeDefined();
  if (shows) expect(line).toContain(`${field}: ${shows} `);
  expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
});

test('a file that is not JSON: exits 1, says so, writes no cdktf.out', async () => {
  const dir = tempDir('not-json');
  const configPath = path.join(dir, 'org.json');
  fs.writeFileSync(configPath, 'namePrefix: acme\n');

  const result = await runMain(dir, configPath);

  expect(result.exitCode).toBe(1);
  expect(result.stderr).toContain('(file): must be valid JSON');
  expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
});
