/**
 * The real entry point against malformed organization files, as a new user would write them: each
 * must exit 1, name the exact field (and show the bad value), print no stack trace, and write
 * nothing. Every case runs `dist/main.js` in its own process, a few at a time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { formatPath } from '../../config/load';
import { MAX_CONFIG_BYTES, MAX_NESTING_DEPTH } from '../../config/input-safety';
import { MAX_CONFIG_TAGS } from '../../config/tags';
import { buildMain, runMain } from '../helpers/main-process';
import { exampleOrgInput, tempDir } from '../helpers/synth';

type Org = ReturnType<typeof exampleOrgInput>;

interface MalformedCase {
  readonly what: string;
  readonly field: string;
  /** Changes the example organization into the malformed one… */
  readonly change?: (org: Org) => void;
  /** …or writes the file from the example's text, for problems JSON.parse never sees. */
  readonly content?: (exampleText: string) => string | Buffer;
  /** Text the error must show for the value, when there is one; a function gets the config's path. */
  readonly shows?: string | ((configPath: string) => string);
  /** Text the message must contain: the rule that was broken, or what is allowed. */
  readonly says?: string;
  /** A field that must not get a line of its own: noise beside the real problem. */
  readonly notField?: string;
  /** The file's name. @default 'org.json' */
  readonly fileName?: string;
}

const securityContact = { name: 'Security Team', title: 'CISO office', emailAddress: 'security@example.com', phoneNumber: '+1 555 0100' };
const quotedPath = (configPath: string) => JSON.stringify(configPath);

const fileCases: MalformedCase[] = [
  {
    what: 'YAML instead of JSON',
    field: '(file)',
    content: () => 'namePrefix: acme\n',
    says: 'must be valid JSON: the organization file is JSON; YAML is not supported',
  },
  {
    what: 'a .yaml file',
    field: '(file)',
    fileName: 'my-org.yaml',
    content: () => '# acme\nmode: "organization"\nnamePrefix: acme\n',
    says: 'YAML is not supported',
  },
  {
    what: 'JSON with comments',
    field: '(file)',
    content: (text) => `// our organization\n${text}`,
    says: 'must be valid JSON: at line 1, column 1 (near `// our organization`): comments are not allowed in JSON',
  },
  {
    what: 'JSON with a block comment',
    field: '(file)',
    content: (text) => text.replace('"namePrefix"', '/* short */ "namePrefix"'),
    says: 'at line 2, column 3 (near `/* short */ "namePrefix": "acme",`): comments are not allowed in JSON',
  },
  {
    what: 'a trailing comma',
    field: '(file)',
    content: () => '{"namePrefix": "acme",}',
    says: 'at line 1, column 22 (near `{"namePrefix": "acme",}`): a trailing comma before "}": JSON allows no comma after the last entry; remove it',
  },
  {
    what: 'an account id as a number with a leading zero',
    field: '(file)',
    content: (text) => text.replace('"444444444444"', '044444444444'),
    says: 'the number 044444444444 starts with 0, which JSON does not allow; write account ids as strings, in quotes: "044444444444"',
  },
  {
    what: 'single quotes',
    field: '(file)',
    content: () => "{'namePrefix': 'acme'}",
    says: "at line 1, column 2 (near `{'namePrefix': 'acme'}`): strings and keys must be in double quotes",
  },
  {
    what: 'a key without quotes',
    field: '(file)',
    content: () => '{\n  namePrefix: "acme"\n}',
    says: 'at line 2, column 3 (near `namePrefix: "acme"`): keys must be strings in double quotes',
  },
  { what: 'an empty file', field: '(file)', content: () => '', shows: quotedPath, says: 'is empty' },
  {
    what: 'a truncated file',
    field: '(file)',
    content: (text) => text.slice(0, text.length / 2),
    says: 'ends before the JSON is complete',
  },
  { what: 'a gzip archive', field: '(file)', content: (text) => zlib.gzipSync(text), shows: quotedPath, says: 'is a gzip archive' },
  {
    what: 'a PNG image',
    field: '(file)',
    content: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    shows: quotedPath,
    says: 'is a PNG image',
  },
  {
    what: 'NUL bytes',
    field: '(file)',
    content: (text) => text.replace('"acme"', '"ac\u0000me"'),
    shows: quotedPath,
    says: 'contains a NUL byte',
  },
  {
    what: 'Latin-1 instead of UTF-8',
    field: '(file)',
    content: (text) => Buffer.from(text.replace('platform-team', 'plattform-zürich'), 'latin1'),
    shows: quotedPath,
    says: 'is not UTF-8 text',
  },
  {
    what: 'UTF-16 text',
    field: '(file)',
    content: (text) => Buffer.from(`\ufeff${text}`, 'utf16le'),
    shows: quotedPath,
    says: 'is UTF-16 text',
  },
  {
    what: 'a file over the size limit',
    field: '(file)',
    content: (text) => text + ' '.repeat(MAX_CONFIG_BYTES),
    shows: quotedPath,
    says: `may be at most ${MAX_CONFIG_BYTES} bytes`,
  },
  { what: 'a list instead of an object', field: '(root)', content: () => '[]', shows: '[]', says: 'must be object, not array' },
  { what: 'null', field: '(root)', content: () => 'null', says: 'must be object, not null' },
  {
    what: 'nesting deeper than any field',
    field: `namePrefix${'[0]'.repeat(MAX_NESTING_DEPTH - 1)}`,
    content: () => `{"namePrefix": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    says: 'levels deep',
  },
  {
    what: 'a key given twice',
    field: 'namePrefix',
    content: (text) => text.replace('{', '{\n  "namePrefix": "first",'),
    says: 'given twice',
  },
];

const unknownKeyCases: MalformedCase[] = [
  { what: 'misspelt top-level field', field: 'regoins', change: (o) => (o.regoins = ['eu-west-1']) },
  {
    what: 'misspelt Chatbot field',
    field: 'notifications.slack.chatbot.channel',
    change: (o) => (o.notifications.slack.chatbot.channel = 'C0123456789'),
  },
  {
    what: 'misspelt lifecycle field',
    field: 'logBuckets.cloudtrail.expirationDay',
    change: (o) => (o.logBuckets.cloudtrail.expirationDay = 30),
  },
  {
    what: 'misspelt CIS filter setting',
    field: 'cisMonitoring.filters.4.1.threshhold',
    change: (o) => (o.cisMonitoring = { filters: { '4.1': { threshhold: 5 } } }),
  },
];

const identityCases: MalformedCase[] = [
  {
    what: 'account id with a letter O',
    field: 'accounts[0].id',
    shows: '"11111111111O"',
    change: (o) => (o.accounts[0].id = '11111111111O'),
  },
  {
    what: 'upper-case account name',
    field: 'accounts[3].name',
    shows: '"Workload-Prod"',
    change: (o) => (o.accounts[3].name = 'Workload-Prod'),
  },
  {
    what: 'account name of 33 characters',
    field: 'accounts[4].name',
    change: (o) => (o.accounts[4].name = 'a'.repeat(33)),
    says: '2-32 characters',
  },
  { what: 'upper-case region', field: 'regions[0]', shows: '"EU-WEST-1"', change: (o) => (o.regions[0] = 'EU-WEST-1'), says: 'eu-west-1' },
  {
    what: 'GovCloud region',
    field: 'regions[1]',
    shows: '"us-gov-west-1"',
    change: (o) => (o.regions[1] = 'us-gov-west-1'),
    says: 'commercial AWS region',
  },
  {
    what: 'the same e-mail twice, in another case',
    field: 'notifications.emails[1]',
    shows: '"Security-Alerts@example.com"',
    change: (o) => o.notifications.emails.push('Security-Alerts@example.com'),
    says: 'must be unique',
  },
  {
    what: 'a Security Hub standard twice',
    field: 'securityHub.standards[2]',
    change: (o) => o.securityHub.standards.push(o.securityHub.standards[0]),
    says: 'must be unique',
  },
  {
    what: 'a control disabled twice',
    field: 'securityHub.disabledControls[1].controlId',
    shows: '"IAM.6"',
    change: (o) => o.securityHub.disabledControls.push({ ...o.securityHub.disabledControls[0] }),
    says: 'must be unique',
  },
];

const nameCases: MalformedCase[] = [
  {
    what: 'prefix that makes bucket names start with xn--',
    field: 'namePrefix',
    shows: '"xn--ab"',
    change: (o) => (o.namePrefix = 'xn--ab'),
    says: 'S3 reserves names starting with xn--',
  },
  {
    what: 'prefix that makes bucket names start with amzn-s3-demo-',
    field: 'namePrefix',
    shows: '"amzn-s3-demo-x"',
    change: (o) => (o.namePrefix = 'amzn-s3-demo-x'),
    says: 'amzn-s3-demo-',
  },
  {
    what: 'prefix with two hyphens in a row (CloudTrail refuses)',
    field: 'namePrefix',
    shows: '"a--b"',
    change: (o) => (o.namePrefix = 'a--b'),
    says: 'CloudTrail trail name "a--b-audit-trail"',
  },
  {
    what: 'prefix that makes SSM document names start with aws',
    field: 'namePrefix',
    shows: '"aws-sec"',
    change: (o) => (o.namePrefix = 'aws-sec'),
    says: 'SSM reserves names starting with aws',
  },
  {
    what: 'state bucket starting with xn--',
    field: 'stateBackend.bucket',
    shows: '"xn--state-bucket"',
    change: (o) => (o.stateBackend.bucket = 'xn--state-bucket'),
    says: 'xn--',
  },
  {
    what: 'state bucket ending with -s3alias',
    field: 'stateBackend.bucket',
    shows: '"state-bucket-s3alias"',
    change: (o) => (o.stateBackend.bucket = 'state-bucket-s3alias'),
    says: '-s3alias',
  },
  {
    what: 'workspace names over 90 characters',
    field: 'stateBackend.workspaceNamePattern',
    change: (o) => {
      o.accounts[3].name = 'workload-production-eu-central';
      o.stateBackend = { type: 'cloud', organization: 'acme', workspaceNamePattern: `{prefix}-{account}-${'w'.repeat(60)}` };
    },
    says: 'Terraform Cloud workspace names are 1-90',
  },
  {
    what: 'state key prefix making keys over 1024 characters',
    field: 'stateBackend.keyPrefix',
    shows: '"kkkkkkkk',
    change: (o) => (o.stateBackend.keyPrefix = 'k'.repeat(1100)),
    says: 'S3 state object key',
  },
];

const contactCases: MalformedCase[] = [
  {
    what: 'e-mail with a display name',
    field: 'notifications.emails[0]',
    shows: '"Security <sec@example.com>"',
    change: (o) => (o.notifications.emails = ['Security <sec@example.com>']),
    says: 'such as',
  },
  {
    what: 'e-mail over 254 characters',
    field: 'notifications.emails[0]',
    change: (o) => (o.notifications.emails = [`${'a'.repeat(250)}@example.com`]),
    says: 'at most 254',
  },
  {
    what: 'security contact e-mail written out',
    field: 'hardening.securityContact.emailAddress',
    shows: '"security(at)example.com"',
    change: (o) => (o.hardening = { securityContact: { ...securityContact, emailAddress: 'security(at)example.com' } }),
  },
  {
    what: 'channel id given as the workspace id',
    field: 'notifications.slack.chatbot.workspaceId',
    shows: '"C0123456789"',
    change: (o) => (o.notifications.slack.chatbot.workspaceId = 'C0123456789'),
    says: 'T0123456789',
  },
  {
    what: 'user group handle instead of its id',
    field: 'notifications.slack.notifier.mentionUserGroupId',
    shows: '"@security-oncall"',
    change: (o) => (o.notifications.slack.notifier.mentionUserGroupId = '@security-oncall'),
    says: 'S0123456789',
  },
  {
    what: 'a URL as the Terraform Cloud host',
    field: 'stateBackend.hostname',
    shows: '"https://app.terraform.io/app/acme"',
    change: (o) => (o.stateBackend = { type: 'cloud', organization: 'acme', hostname: 'https://app.terraform.io/app/acme' }),
    says: 'without https://',
  },
];

const retentionCases: MalformedCase[] = [
  {
    what: 'expiry on the day of archiving',
    field: 'logBuckets.cloudtrail.expirationDays',
    shows: '90',
    change: (o) => (o.logBuckets.cloudtrail.expirationDays = 90),
    says: 'greater than transitionToGlacierDays (90)',
  },
  {
    what: 'archiving on day 0',
    field: 'logBuckets.accessLogs.transitionToGlacierDays',
    shows: '0',
    change: (o) => (o.logBuckets.accessLogs.transitionToGlacierDays = 0),
    says: 'must be a whole number of days from 1 to 36500 (up to 100 years',
  },
  {
    what: 'lifecycle days as a string',
    field: 'logBuckets.config.expirationDays',
    shows: '"2555"',
    change: (o) => (o.logBuckets = { config: { expirationDays: '2555' } }),
    says: 'must be number',
  },
  {
    what: 'expiry after a thousand years',
    field: 'logBuckets.cloudtrail.expirationDays',
    shows: '365000',
    change: (o) => (o.logBuckets.cloudtrail.expirationDays = 365000),
    says: 'must be a whole number of days from 1 to 36500',
  },
  {
    what: 'negative noncurrent-version expiry',
    field: 'logBuckets.vpcFlowLogs.noncurrentVersionExpirationDays',
    shows: '-1',
    change: (o) => (o.logBuckets = { vpcFlowLogs: { noncurrentVersionExpirationDays: -1 } }),
  },
  {
    what: 'a control disabled in one standard but still enabled in another that contains it',
    field: 'securityHub.disabledControls[0].standards',
    change: (o) => (o.securityHub.disabledControls[0].standards = ['aws-foundational-security-best-practices/v/1.0.0']),
    says: 'leaves IAM.6 enabled in cis-aws-foundations-benchmark/v/3.0.0',
  },
  {
    what: 'a control that no subscribed standard contains',
    field: 'securityHub.disabledControls[0].controlId',
    shows: '"CloudWatch.1"',
    change: (o) => (o.securityHub.disabledControls[0].controlId = 'CloudWatch.1'),
    says: 'is in none of the subscribed standards',
  },
  {
    what: 'adopting a detector in a region the stack does not deploy to',
    field: 'accounts[3].adopt.guardDutyDetectors.ap-south-1',
    change: (o) => (o.accounts[3].adopt = { guardDutyDetectors: { 'ap-south-1': '12abc34d567e8fa901bc2d34e56789f0' } }),
    says: 'is not a region this stack deploys detective controls to: eu-west-1, eu-central-1, us-east-1',
  },
  {
    what: 'adopting a detector that a delegated administrator manages',
    field: 'accounts[3].adopt.guardDutyDetectors',
    change: (o) =>
      (o.accounts[3].adopt = {
        guardDutyManagedByAdministrator: true,
        guardDutyDetectors: { 'eu-west-1': '12abc34d567e8fa901bc2d34e56789f0' },
      }),
    says: 'cannot be adopted while guardDutyManagedByAdministrator is true',
  },
  {
    what: 'adopting a finding aggregator of another region',
    field: 'accounts[3].adopt.securityHubFindingAggregatorArn',
    change: (o) =>
      (o.accounts[3].adopt = {
        securityHubFindingAggregatorArn:
          'arn:aws:securityhub:us-east-1:444444444444:finding-aggregator/0f8e9d7c-1111-2222-3333-444455556666',
      }),
    says: "must be this account's aggregator in the home region: arn:aws:securityhub:eu-west-1:444444444444:",
  },
  {
    what: 'the same region adopted twice',
    field: 'accounts[3].adopt.securityHub[1]',
    change: (o) => (o.accounts[3].adopt = { securityHub: ['eu-west-1', 'eu-west-1'] }),
    says: 'must be unique',
  },
  {
    what: 'importing a subscription of a standard that is not subscribed',
    field: 'accounts[3].adopt.securityHubStandards[0]',
    shows: '"pci-dss/v/4.0.1"',
    change: (o) => (o.accounts[3].adopt = { securityHub: ['eu-west-1'], securityHubStandards: ['pci-dss/v/4.0.1'] }),
    says: 'is not a subscribed standard',
  },
  {
    what: 'a GuardDuty detector id that is not one',
    field: 'accounts[3].adopt.guardDutyDetectors.eu-west-1',
    shows: '"detector-1"',
    change: (o) => (o.accounts[3].adopt = { guardDutyDetectors: { 'eu-west-1': 'detector-1' } }),
    says: '32 lowercase hexadecimal characters',
  },
  {
    what: 'Chatbot in a region without its API',
    field: 'notifications.slack.chatbot.region',
    shows: '"eu-central-1"',
    change: (o) => (o.notifications.slack.chatbot.region = 'eu-central-1'),
    says: 'must be one of: us-east-2, us-west-2, eu-west-1, ap-southeast-1',
  },
  {
    what: 'webhook key given as an alias',
    field: 'notifications.slack.notifier.webhookKmsKeyArn',
    shows: '"alias/slack"',
    change: (o) => (o.notifications.slack.notifier.webhookKmsKeyArn = 'alias/slack'),
    says: 'must be a KMS key ARN',
  },
  {
    what: 'unknown detective-control region mode',
    field: 'detectiveControlRegions',
    shows: '"all"',
    change: (o) => (o.detectiveControlRegions = 'all'),
    says: 'must be one of: enabled, all-default-enabled',
  },
  {
    what: 'log retention as text',
    field: 'auditTrail.cloudWatchLogsRetentionDays',
    shows: '"365"',
    change: (o) => (o.auditTrail.cloudWatchLogsRetentionDays = '365'),
    says: 'must be number, not string: must be one of the 22 retention periods (days) CloudWatch Logs accepts: 1, 3, 5',
  },
  {
    what: 'log retention 0 (never expire)',
    field: 'auditTrail.cloudWatchLogsRetentionDays',
    shows: '0',
    change: (o) => (o.auditTrail.cloudWatchLogsRetentionDays = 0),
    says: '1, 3, 5, 7, 14',
  },
];

const INTERPOLATION = 'must not contain "${" or "%{"';
const CONTROL = 'must not contain control characters';
const textCases: MalformedCase[] = [
  {
    what: 'interpolation in a tag value',
    field: 'tags.Owner',
    shows: '"${file(\\"/etc/passwd\\")}"',
    change: (o) => (o.tags.Owner = '${file("/etc/passwd")}'),
    says: INTERPOLATION,
  },
  {
    what: 'a template directive in a tag key',
    field: 'tags["%{if true}x%{endif}"]',
    shows: '"%{if true}x%{endif}"',
    change: (o) => (o.tags['%{if true}x%{endif}'] = 'x'),
    says: INTERPOLATION,
  },
  {
    what: 'interpolation in a disabled-control reason',
    field: 'securityHub.disabledControls[0].reason',
    shows: '"see ${var.ticket}"',
    change: (o) => (o.securityHub.disabledControls[0].reason = 'see ${var.ticket}'),
    says: INTERPOLATION,
  },
  {
    what: 'interpolation in the local state directory',
    field: 'stateBackend.directory',
    shows: '"${path.module}/state"',
    change: (o) => (o.stateBackend = { type: 'local', directory: '${path.module}/state' }),
    says: INTERPOLATION,
  },
  {
    what: 'a directive in the Terraform Cloud project',
    field: 'stateBackend.project',
    shows: '"%{ for p in x }${p}%{ endfor }"',
    change: (o) => (o.stateBackend = { type: 'cloud', organization: 'acme', project: '%{ for p in x }${p}%{ endfor }' }),
    says: INTERPOLATION,
  },
  {
    what: 'an unknown key that interpolates',
    field: '["${var.x}"]',
    shows: '"${var.x}"',
    change: (o) => (o['${var.x}'] = true),
    says: INTERPOLATION,
  },
  {
    what: 'a newline in a disabled-control reason',
    field: 'securityHub.disabledControls[0].reason',
    shows: '"first line\\nsecond line"',
    change: (o) => (o.securityHub.disabledControls[0].reason = 'first line\nsecond line'),
    says: `${CONTROL} (found a line feed, U+000A at character 11)`,
  },
  {
    what: 'a tab in a tag value',
    field: 'tags.CostCenter',
    shows: '"sec\\turity"',
    change: (o) => (o.tags.CostCenter = 'sec\turity'),
    says: 'a tab',
  },
  {
    what: 'a line separator in the security contact name',
    field: 'hardening.securityContact.name',
    shows: '"Security\\u2028Team"',
    change: (o) => (o.hardening = { securityContact: { ...securityContact, name: 'Security\u2028Team' } }),
    says: 'a line separator',
  },
  {
    what: 'a right-to-left override in a reason',
    field: 'securityHub.disabledControls[0].reason',
    shows: '"break-glass \\u202eedoc\\u202c"',
    change: (o) => (o.securityHub.disabledControls[0].reason = 'break-glass \u202eedoc\u202c'),
    says: 'a right-to-left override',
  },
  {
    what: 'half a surrogate pair in a reason',
    field: 'securityHub.disabledControls[0].reason',
    shows: '"broken \\ud800"',
    change: (o) => (o.securityHub.disabledControls[0].reason = 'broken \ud800'),
    says: 'surrogate',
  },
];

const TOO_LONG_KEY = 'k'.repeat(129);
const tagCases: MalformedCase[] = [
  {
    what: 'more tags than AWS allows with the baseline tags',
    field: 'tags',
    change: (o) => Object.assign(o.tags, Object.fromEntries(Array.from({ length: MAX_CONFIG_TAGS - 1 }, (_, i) => [`Extra${i}`, 'x']))),
    says: `has ${MAX_CONFIG_TAGS + 1} tags; at most ${MAX_CONFIG_TAGS}`,
  },
  {
    what: 'a tag key with the aws: prefix',
    field: 'tags.aws:createdBy',
    shows: '"aws:createdBy"',
    change: (o) => (o.tags['aws:createdBy'] = 'me'),
    says: 'reserved',
  },
  {
    what: 'a tag key with the AWS: prefix in capitals',
    field: 'tags.AWS:Owner',
    shows: '"AWS:Owner"',
    change: (o) => (o.tags['AWS:Owner'] = 'me'),
    says: 'in any case',
  },
  {
    what: 'a tag the baseline sets itself',
    field: 'tags.ManagedBy',
    shows: '"ManagedBy"',
    change: (o) => (o.tags.ManagedBy = 'terraform'),
    says: 'the baseline sets itself',
  },
  {
    what: 'a baseline tag in lower case',
    field: 'tags.account',
    shows: '"account"',
    change: (o) => (o.tags.account = 'x'),
    says: 'the baseline sets itself',
  },
  {
    what: 'two tag keys differing only in case',
    field: 'tags.owner',
    shows: '"owner"',
    change: (o) => (o.tags.owner = 'someone'),
    says: 'only in case',
  },
  {
    what: 'parentheses in a tag value',
    field: 'tags.Owner',
    shows: '"platform (EU)"',
    change: (o) => (o.tags.Owner = 'platform (EU)'),
    says: 'tag values are at most 256',
  },
  {
    what: 'a tag value of 257 characters',
    field: 'tags.Owner',
    shows: '"vvvvvvvv',
    change: (o) => (o.tags.Owner = 'v'.repeat(257)),
    says: 'at most 256',
  },
  {
    what: 'a tag key of 129 characters',
    field: formatPath(['tags', TOO_LONG_KEY]),
    change: (o) => (o.tags[TOO_LONG_KEY] = 'x'),
    says: 'tag keys are 1-128',
  },
];

/** Organization mode: its roles and ids are required there, and its settings refused in standalone mode. */
const ORGANIZATION = { id: 'o-a1b2c3d4e5', rootId: 'r-a1b2' };
const toOrganizationMode = (o: Org, organization: Record<string, unknown> = ORGANIZATION) => {
  o.mode = 'organization';
  o.organization = { ...organization };
};
const organizationModeCases: MalformedCase[] = [
  {
    what: 'a Security Hub policy target that is no account of the organization',
    field: 'securityHub.policyTargets[0]',
    shows: '"workload-test"',
    change: (o) => {
      toOrganizationMode(o);
      o.securityHub.disabledControls = [];
      o.securityHub.policyTargets = ['workload-test'];
    },
    says: 'is not an account name; accounts: management, log-archive, security, workload-prod, workload-dev',
  },
  {
    what: 'Security Hub policy targets in standalone mode',
    field: 'securityHub.policyTargets',
    change: (o) => (o.securityHub.policyTargets = ['root']),
    says: 'is only used in organization mode',
  },
  {
    what: 'an unknown mode',
    field: 'mode',
    shows: '"org"',
    change: (o) => (o.mode = 'org'),
    says: 'must be one of: standalone, organization',
  },
  {
    what: 'organization mode without the organization',
    field: 'organization',
    change: (o) => (o.mode = 'organization'),
    says: 'is required in organization mode',
  },
  {
    what: 'organization mode without a security account',
    field: 'accounts',
    shows: '[5 accounts]',
    change: (o) => {
      toOrganizationMode(o);
      o.accounts[2].role = 'workload';
    },
    says: 'must include one account with role "security" in organization mode',
  },
  {
    what: 'organization settings in standalone mode',
    field: 'organization',
    change: (o) => (o.organization = { ...ORGANIZATION }),
    says: 'is only used in organization mode',
  },
  {
    what: 'an organization id in upper case',
    field: 'organization.id',
    shows: '"o-A1B2C3D4E5"',
    change: (o) => toOrganizationMode(o, { ...ORGANIZATION, id: 'o-A1B2C3D4E5' }),
    says: 'must be an organization id',
  },
  {
    what: 'an OU id given as the root id',
    field: 'organization.rootId',
    shows: '"ou-a1b2-abcdefgh"',
    change: (o) => toOrganizationMode(o, { ...ORGANIZATION, rootId: 'ou-a1b2-abcdefgh' }),
    says: 'must be a root id',
  },
  {
    what: 'member trails off while a remediation is on',
    field: 'auditTrail.memberAccountTrails',
    shows: 'false',
    change: (o) => {
      toOrganizationMode(o);
      o.auditTrail.memberAccountTrails = false;
      o.awsConfig = {
        remediations: {
          'default-security-group': 'off',
          'open-admin-ports': 'off',
          's3-account-public-access-block': 'off',
          'cmk-rotation': 'off',
          'cloudtrail-log-file-validation': 'off',
          'ebs-default-encryption': 'off',
        },
      };
    },
    says: 'cannot be false while remediations are on (vpc-flow-logs)',
  },
  {
    what: 'member trails set in standalone mode',
    field: 'auditTrail.memberAccountTrails',
    shows: 'true',
    change: (o) => (o.auditTrail.memberAccountTrails = true),
    says: 'is only used in organization mode',
  },
  {
    what: 'a disabled control limited to standards in organization mode',
    field: 'securityHub.disabledControls[0].standards',
    change: (o) => {
      toOrganizationMode(o);
      o.securityHub.disabledControls[0].standards = [...o.securityHub.standards];
    },
    says: 'is not used in organization mode',
  },
  {
    what: 'an unknown policy type for the managed organization',
    field: 'organization.manageOrganization.enabledPolicyTypes[1]',
    shows: '"SCP"',
    change: (o) =>
      toOrganizationMode(o, {
        ...ORGANIZATION,
        manageOrganization: { keepServicePrincipals: ['sso.amazonaws.com'], enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'SCP'] },
      }),
    says: 'must be one of: AISERVICES_OPT_OUT_POLICY',
  },
  {
    what: 'the security account adopting a hub outside the home region',
    field: 'accounts[2].adopt.securityHub[0]',
    shows: '"eu-central-1"',
    change: (o) => {
      toOrganizationMode(o);
      o.accounts[2].adopt = { securityHub: ['eu-central-1'] };
    },
    says: 'is not the home region eu-west-1',
  },
  {
    what: 'a team channel for an account that is not in the organization file',
    field: 'notifications.slack.notifier.routes[0].accounts[0]',
    shows: '"workload-test"',
    change: (o) => (o.notifications.slack.notifier.routes = [{ accounts: ['workload-test'], webhookParameterName: '/team/webhook' }]),
    says: 'is not an account name; accounts: management',
  },
  {
    what: 'an account routed to two team channels',
    field: 'notifications.slack.notifier.routes[1].accounts[0]',
    change: (o) =>
      (o.notifications.slack.notifier.routes = [
        { accounts: ['workload-prod'], webhookParameterName: '/team-a/webhook' },
        { accounts: ['workload-prod'], webhookParameterName: '/team-b/webhook' },
      ]),
    says: 'is already routed to another team channel',
  },
  {
    what: 'a team channel without a webhook',
    field: 'notifications.slack.notifier.routes[0]',
    change: (o) => (o.notifications.slack.notifier.routes = [{ accounts: ['workload-prod'] }]),
    says: 'must name exactly one of webhookSecretArn and webhookParameterName',
  },
  {
    what: 'a Security Hub remediation whose baseline remediation is off',
    field: 'securityHub.remediation.controls.EC2.13',
    change: (o) => {
      o.awsConfig = { remediations: { 'open-admin-ports': 'off' } };
      o.securityHub.remediation = { controls: { 'EC2.13': 'manual' } };
    },
    says: 'awsConfig.remediations.open-admin-ports, which is off',
  },
  {
    what: 'a Security Hub control the baseline cannot remediate',
    field: 'securityHub.remediation.controls.IAM.6',
    change: (o) => (o.securityHub.remediation = { controls: { 'IAM.6': 'manual' } }),
    says: 'is not a known field (check its spelling); the fields here are: EC2.2, EC2.13, EC2.53, EC2.54, EC2.14',
  },
  {
    what: 'a Security Hub remediation mode that does not exist',
    field: 'securityHub.remediation.controls.EC2.2',
    shows: '"auto"',
    change: (o) => (o.securityHub.remediation = { controls: { 'EC2.2': 'auto' } }),
    says: 'must be one of: off, manual, automatic',
  },
  {
    what: 'a managed organization under Control Tower',
    field: 'organization.manageOrganization',
    change: (o) =>
      toOrganizationMode(o, {
        ...ORGANIZATION,
        controlTower: { enabled: true },
        manageOrganization: { keepServicePrincipals: ['sso.amazonaws.com'], enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'] },
      }),
    says: 'cannot be used with Control Tower',
  },
  {
    what: 'the security account listed as not enrolled in Control Tower',
    field: 'organization.controlTower.notEnrolledAccounts[0]',
    shows: '"security"',
    change: (o) => toOrganizationMode(o, { ...ORGANIZATION, controlTower: { enabled: true, notEnrolledAccounts: ['security'] } }),
    says: 'is not a workload account',
  },
  {
    what: 'an adopted Config recorder in an account Control Tower enrols',
    field: 'accounts[3].adopt.configRecorder',
    change: (o) => {
      toOrganizationMode(o, { ...ORGANIZATION, controlTower: { enabled: true } });
      o.accounts[3].adopt = { configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: ['eu-west-1'] } };
    },
    says: 'Control Tower owns its Config recorder',
  },
  {
    what: 'an adopted Config service-linked role in an account Control Tower enrols',
    field: 'accounts[4].adopt.configServiceLinkedRole',
    change: (o) => {
      toOrganizationMode(o, { ...ORGANIZATION, controlTower: { enabled: true } });
      o.accounts[4].adopt = { configServiceLinkedRole: true };
    },
    says: 'Control Tower owns its Config recorder',
  },
  {
    what: 'Control Tower settings while Control Tower is off',
    field: 'organization.controlTower.notEnrolledAccounts',
    change: (o) => toOrganizationMode(o, { ...ORGANIZATION, controlTower: { enabled: false, notEnrolledAccounts: ['workload-dev'] } }),
    says: 'is only used while organization.controlTower.enabled is true',
  },
  {
    what: 'an account listed twice as not enrolled',
    field: 'organization.controlTower.notEnrolledAccounts[1]',
    change: (o) =>
      toOrganizationMode(o, { ...ORGANIZATION, controlTower: { enabled: true, notEnrolledAccounts: ['workload-dev', 'workload-dev'] } }),
    says: 'is listed twice',
  },
  {
    what: 'a Control Tower log group name with a space',
    field: 'organization.controlTower.logGroupName',
    change: (o) => toOrganizationMode(o, { ...ORGANIZATION, controlTower: { enabled: true, logGroupName: 'aws controltower' } }),
    says: 'must be a CloudWatch Logs group name',
  },
];

/** The first cases: each was an error before this file grew; they stay as they were. */
const basicCases: MalformedCase[] = [
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
  {
    what: 'invalid deployment role name',
    field: 'accounts[1].deploymentRoleName',
    change: (o) => (o.accounts[1].deploymentRoleName = 'bad role!'),
  },
  { what: 'no notification e-mail', field: 'notifications.emails', change: (o) => (o.notifications.emails = []) },
  {
    what: 'malformed e-mail',
    field: 'notifications.emails[0]',
    shows: '"security-team"',
    change: (o) => (o.notifications.emails = ['security-team']),
  },
  {
    what: 'Slack channel name instead of id',
    field: 'notifications.slack.chatbot.channelId',
    change: (o) => (o.notifications.slack.chatbot.channelId = '#security'),
  },
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
  {
    what: 'log retention CloudWatch does not offer',
    field: 'auditTrail.cloudWatchLogsRetentionDays',
    shows: '100',
    change: (o) => (o.auditTrail = { cloudWatchLogsRetentionDays: 100 }),
  },
  {
    what: 'expiry before archiving',
    field: 'logBuckets.accessLogs.expirationDays',
    shows: '30',
    change: (o) => (o.logBuckets = { accessLogs: { transitionToGlacierDays: 90, expirationDays: 30 } }),
  },
  {
    what: 'fractional lifecycle days',
    field: 'logBuckets.config.abortIncompleteMultipartUploadDays',
    change: (o) => (o.logBuckets = { config: { abortIncompleteMultipartUploadDays: 1.5 } }),
  },
  {
    what: 'remediation on while its rule is off',
    field: 'awsConfig.remediations.default-security-group',
    change: (o) => (o.awsConfig = { rules: { 'vpc-default-security-group-closed': false } }),
  },
  {
    what: 'unknown Config rule',
    field: 'awsConfig.rules.restricted-telnet',
    change: (o) => (o.awsConfig = { rules: { 'restricted-telnet': true } }),
  },
  {
    what: 'unknown remediation mode',
    field: 'awsConfig.remediations.cmk-rotation',
    shows: '"always"',
    change: (o) => (o.awsConfig = { remediations: { 'cmk-rotation': 'always' } }),
  },
  {
    what: 'recording frequency',
    field: 'awsConfig.recordingFrequency',
    shows: '"HOURLY"',
    change: (o) => (o.awsConfig = { recordingFrequency: 'HOURLY' }),
  },
  {
    what: 'loop guard window over a day',
    field: 'awsConfig.loopGuard.windowMinutes',
    shows: '2000',
    change: (o) => (o.awsConfig = { loopGuard: { windowMinutes: 2000 } }),
  },
  {
    what: 'password shorter than CIS allows',
    field: 'hardening.passwordPolicy.minimumLength',
    shows: '8',
    change: (o) => (o.hardening = { passwordPolicy: { minimumLength: 8 } }),
  },
  {
    what: 'excluded type not a resource type',
    field: 'awsConfig.excludedResourceTypes[0]',
    change: (o) => (o.awsConfig = { excludedResourceTypes: ['NetworkInterface'] }),
  },
  {
    what: 'unknown GuardDuty protection',
    field: 'guardDuty.protections.dnsLogs',
    change: (o) => (o.guardDuty = { protections: { dnsLogs: true } }),
  },
  {
    what: 'unknown Security Hub standard',
    field: 'securityHub.standards[0]',
    shows: '"cis/v/9"',
    change: (o) => (o.securityHub = { standards: ['cis/v/9'] }),
  },
];

/** The webhook URL of the frictions report, and the parts of every secret below that must never be printed. */
const SLACK_URL = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx';
const TEAMS_URL = 'https://acme.webhook.office.com/webhookb2/0f8e9d7c-1111@2222-3333/IncomingWebhook/teamsTokenPart/9a8b7c6d';
const DISCORD_URL = 'https://discord.com/api/webhooks/123456789012345678/Zx9-discordTokenPart';
const CHIME_URL = 'https://hooks.chime.aws/incomingwebhooks/0f8e9d7c-aaaa-bbbb?token=chimeTokenPart';
const SLACK_TOKEN = 'xoxb-1234567890-slackTokenPart';
const AWS_KEY_ID = 'AKIAQWERTYUIOPASDFGH';
const AWS_SECRET_KEY = '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';
const PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAprivateKeyPart\n-----END RSA PRIVATE KEY-----';
const SECRET_PARTS = [
  'T0123ABCD/B0456EFGH',
  'abcdefghijklmnopqrstuvwx',
  'teamsTokenPart',
  'Zx9-discordTokenPart',
  'chimeTokenPart',
  'slackTokenPart',
  'QWERTYUIOPASDFGH',
  'bPxRfiCYzAwsSecret',
  'privateKeyPart',
];

const WEBHOOK_ADVICE_HERE =
  'a webhook URL is a secret: store it in Secrets Manager (or an SSM SecureString) in the security account and give its ARN (webhookSecretArn) or name (webhookParameterName) here';
const WEBHOOK_ADVICE_ELSEWHERE =
  'give its ARN (webhookSecretArn) or name (webhookParameterName) in notifications.slack.notifier; remove it from here';
const NOTIFIER = 'notifications.slack.notifier';
const REDACTED_SLACK_URL = '"https://hooks.slack.com/services/<redacted>"';

/** The frictions report's pasted webhook URL (F-2, cases 12, 13 and 30), and other secrets, wherever they are. */
const secretCases: MalformedCase[] = [
  {
    what: 'a webhook URL pasted as webhookSecretArn',
    field: `${NOTIFIER}.webhookSecretArn`,
    shows: REDACTED_SLACK_URL,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier = { webhookSecretArn: SLACK_URL };
    },
    says: `is a Slack webhook URL; ${WEBHOOK_ADVICE_HERE}`,
  },
  {
    what: 'a webhookUrl field with the URL',
    field: `${NOTIFIER}.webhookUrl`,
    shows: REDACTED_SLACK_URL,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier = { webhookUrl: SLACK_URL };
    },
    says: WEBHOOK_ADVICE_HERE,
  },
  {
    what: 'the notifier echoed while its webhookUrl holds the URL',
    field: NOTIFIER,
    shows: '{…}',
    change: (o) => (o.notifications.slack.notifier = { webhookUrl: SLACK_URL }),
    says: 'must name exactly one of webhookSecretArn and webhookParameterName',
  },
  {
    what: 'a webhook URL pasted as webhookParameterName',
    field: `${NOTIFIER}.webhookParameterName`,
    shows: REDACTED_SLACK_URL,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier.webhookParameterName = SLACK_URL;
    },
    says: WEBHOOK_ADVICE_HERE,
  },
  {
    what: 'a webhook URL in standalone mode',
    field: `${NOTIFIER}.webhookParameterName`,
    shows: REDACTED_SLACK_URL,
    change: (o) => (o.notifications.slack.notifier.webhookParameterName = SLACK_URL),
    says: 'store it in Secrets Manager (or an SSM SecureString) in each account',
  },
  {
    what: 'a webhook URL in an unknown field',
    field: 'slackWebhook',
    shows: REDACTED_SLACK_URL,
    change: (o) => (o.slackWebhook = SLACK_URL),
    says: WEBHOOK_ADVICE_ELSEWHERE,
  },
  {
    what: 'a webhook URL in a tag value',
    field: 'tags.Slack',
    shows: REDACTED_SLACK_URL,
    change: (o) => (o.tags.Slack = SLACK_URL),
    says: `is a Slack webhook URL; a webhook URL is a secret`,
  },
  {
    what: 'a webhook URL as a tag key',
    field: `tags[${REDACTED_SLACK_URL}]`,
    shows: REDACTED_SLACK_URL,
    change: (o) => (o.tags[SLACK_URL] = 'x'),
    says: 'is a key that holds a Slack webhook URL',
  },
  {
    what: 'a webhook URL in a file with a trailing comma',
    field: '(file)',
    content: (text) => text.replace('"mentionAtOrAbove": "HIGH"', `"mentionAtOrAbove": "HIGH", "webhookUrl": "${SLACK_URL}",`),
    says: '"webhookUrl": "https://hooks.slack.com/services/<redacted>",`): a trailing comma before "}"',
  },
  {
    what: 'a webhook URL in a file that is not JSON',
    field: '(file)',
    content: (text) => text.replace('"mentionAtOrAbove": "HIGH"', `"mentionAtOrAbove": "HIGH", "webhookUrl": "${SLACK_URL}",`),
    says: 'has a Slack webhook URL at line',
  },
  {
    what: 'a webhook URL with escaped slashes in a file that is not JSON',
    field: '(file)',
    content: () => `{"webhookUrl": "${SLACK_URL.replace(/\//g, '\\/')}",}`,
    says: 'webhookUrl": "https://hooks.slack.com/services/<redacted>",}`): a trailing comma',
  },
  {
    what: 'a Teams webhook URL for a team channel',
    field: `${NOTIFIER}.routes[0].webhookSecretArn`,
    shows: '"https://acme.webhook.office.com/webhookb2/<redacted>"',
    change: (o) => (o.notifications.slack.notifier.routes = [{ accounts: ['workload-prod'], webhookSecretArn: TEAMS_URL }]),
    says: 'is a Microsoft Teams webhook URL; a webhook URL is a secret',
  },
  {
    what: 'a Discord webhook URL in a tag',
    field: 'tags.Chat',
    shows: '"https://discord.com/api/webhooks/<redacted>"',
    change: (o) => (o.tags.Chat = DISCORD_URL),
    says: 'is a Discord webhook URL',
  },
  {
    what: 'a Chime webhook URL in a disabled-control reason',
    field: 'securityHub.disabledControls[0].reason',
    shows: '"https://hooks.chime.aws/incomingwebhooks/<redacted>"',
    change: (o) => (o.securityHub.disabledControls[0].reason = CHIME_URL),
    says: 'is an Amazon Chime webhook URL',
  },
  {
    what: 'a Slack bot token',
    field: `${NOTIFIER}.token`,
    shows: '"xoxb-<redacted>"',
    change: (o) => (o.notifications.slack.notifier.token = SLACK_TOKEN),
    says: 'is a Slack token; a token is a secret, and the organization file needs none; remove it, and replace it if the file was shared or committed',
  },
  {
    what: 'an AWS access key id',
    field: 'tags.AccessKey',
    shows: '"AKIA<redacted>"',
    change: (o) => (o.tags.AccessKey = AWS_KEY_ID),
    says: 'is an AWS access key id; an AWS key is a secret, and the organization file needs none (each stack is deployed with the role deploymentRoleName)',
  },
  {
    what: 'an AWS secret access key',
    field: 'stateBackend.kmsKeyId',
    shows: '"<redacted>"',
    change: (o) => (o.stateBackend.kmsKeyId = AWS_SECRET_KEY),
    says: 'is an AWS secret access key',
  },
  {
    what: 'a private key in a reason',
    field: 'securityHub.disabledControls[0].reason',
    shows: '"-----BEGIN RSA PRIVATE KEY-----<redacted>"',
    change: (o) => (o.securityHub.disabledControls[0].reason = PRIVATE_KEY),
    says: 'is a private key; a private key is a secret',
  },
];

/** Did you mean: misspelt keys and values, and what a misspelling leaves missing (F-12). */
const nearMissCases: MalformedCase[] = [
  {
    what: 'homeRegoin (typo)',
    field: 'homeRegoin',
    shows: '"eu-west-1"',
    change: (o) => renameKey(o, 'homeRegion', 'homeRegoin'),
    says: 'is not a known field; did you mean "homeRegion"?',
  },
  {
    what: 'the home region the typo leaves missing',
    field: 'homeRegion',
    change: (o) => renameKey(o, 'homeRegion', 'homeRegoin'),
    says: 'is required: one of your regions: eu-west-1, eu-central-1, us-east-1; did you write it as "homeRegoin"?',
  },
  {
    what: 'mentionAtOrAbov (typo, nested)',
    field: `${NOTIFIER}.mentionAtOrAbov`,
    shows: '"HIGH"',
    change: (o) => (o.notifications.slack.notifier.mentionAtOrAbov = 'HIGH'),
    says: 'did you mean "mentionAtOrAbove"?',
  },
  {
    what: 'organisation (British spelling)',
    field: 'organisation',
    shows: '{…}',
    change: (o) => {
      toOrganizationMode(o);
      renameKey(o, 'organization', 'organisation');
    },
    says: 'did you mean "organization"?',
  },
  {
    what: 'a field far from any known one',
    field: 'colour',
    change: (o) => (o.colour = 'blue'),
    says: 'is not a known field (check its spelling); the fields here are: mode, regions, accounts, tags,',
  },
  {
    what: 'region typo eu-centrl-1',
    field: 'regions[1]',
    shows: '"eu-centrl-1"',
    change: (o) => (o.regions[1] = 'eu-centrl-1'),
    says: 'must be a commercial AWS region: eu-central-1, eu-central-2, ca-central-1, il-central-1, me-central-1, mx-central-1, eu-west-1, eu-north-1, eu-west-2, eu-west-3 and 23 more; did you mean "eu-central-1"?',
  },
  {
    what: 'a home region that is a near miss of an enabled one',
    field: 'homeRegion',
    change: (o) => (o.homeRegion = 'eu-west-l'),
    says: 'must be one of the enabled regions: eu-west-1, eu-central-1, us-east-1; did you mean "eu-west-1"?',
  },
  {
    what: 'mode organisation',
    field: 'mode',
    shows: '"organisation"',
    notField: 'organization',
    change: (o) => {
      toOrganizationMode(o);
      o.mode = 'organisation';
    },
    says: 'must be one of: standalone, organization; did you mean "organization"?',
  },
  {
    what: "role audit (Control Tower's name)",
    field: 'accounts[2].role',
    shows: '"audit"',
    change: (o) => (o.accounts[2].role = 'audit'),
    says: `must be one of: management, log-archive, security, workload; did you mean "security"? (Control Tower's audit account is the security account)`,
  },
  {
    what: 'role Workload',
    field: 'accounts[3].role',
    shows: '"Workload"',
    change: (o) => (o.accounts[3].role = 'Workload'),
    says: 'did you mean "workload"?',
  },
  {
    what: 'backend type S3',
    field: 'stateBackend.type',
    shows: '"S3"',
    change: (o) => (o.stateBackend.type = 'S3'),
    says: 'must be one of: s3, cloud, local; did you mean "s3"?',
  },
  {
    what: 'an account id as a number',
    field: 'accounts[3].id',
    shows: '444444444444',
    change: (o) => (o.accounts[3].id = 444444444444),
    says: 'must be string, not number: write account ids as strings, in quotes',
  },
  {
    what: 'a team channel for a misspelt account',
    field: `${NOTIFIER}.routes[0].accounts[0]`,
    shows: '"workload-prd"',
    change: (o) => (o.notifications.slack.notifier.routes = [{ accounts: ['workload-prd'], webhookParameterName: '/team/webhook' }]),
    says: 'is not an account name; accounts: management, log-archive, security, workload-prod, workload-dev; did you mean "workload-prod"?',
  },
];

const SECRET_IN = (region: string, account: string) => `arn:aws:secretsmanager:${region}:${account}:secret:slack-AbCdEf`;
/** The webhook secret where the notifier cannot read it (F-5, case 29). */
const webhookLocationCases: MalformedCase[] = [
  {
    what: 'the webhook secret in another region',
    field: `${NOTIFIER}.webhookSecretArn`,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier = { webhookSecretArn: SECRET_IN('us-west-2', '444444444444') };
    },
    says: 'is in us-west-2, but the notifier runs in the security account in the home region eu-west-1 and asks Secrets Manager there, which finds a secret only in its own region',
  },
  {
    what: 'the webhook secret in a workload account (organization mode)',
    field: `${NOTIFIER}.webhookSecretArn`,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier = { webhookSecretArn: SECRET_IN('us-west-2', '444444444444') };
    },
    says: 'is in account 444444444444, but the notifier runs in the security account 333333333333: a secret is read from another account only with a resource policy on it and a customer-managed key named in webhookKmsKeyArn',
  },
  {
    what: "a team channel's secret outside the security account",
    field: `${NOTIFIER}.routes[0].webhookSecretArn`,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier.routes = [{ accounts: ['workload-prod'], webhookSecretArn: SECRET_IN('eu-west-1', '444444444444') }];
    },
    says: 'is in account 444444444444, but the notifier runs in the security account 333333333333',
  },
  {
    what: 'one webhook secret for every account in standalone mode',
    field: `${NOTIFIER}.webhookSecretArn`,
    change: (o) => (o.notifications.slack.notifier = { webhookSecretArn: SECRET_IN('eu-west-1', '333333333333') }),
    says:
      'in standalone mode every account runs its own notifier, and 4 of them are in other accounts (management, log-archive, workload-prod, workload-dev): ' +
      'a secret is read from another account only with a resource policy on it and a customer-managed key named in webhookKmsKeyArn (the AWS-managed key cannot be used across accounts); ' +
      'use webhookParameterName (an SSM SecureString of that name in each account), or add both',
  },
  {
    what: 'the webhook key in another region than its secret',
    field: `${NOTIFIER}.webhookKmsKeyArn`,
    change: (o) => {
      toOrganizationMode(o);
      o.notifications.slack.notifier = {
        webhookSecretArn: SECRET_IN('eu-west-1', '333333333333'),
        webhookKmsKeyArn: 'arn:aws:kms:us-east-1:333333333333:key/0f8e9d7c-1111-2222-3333-444455556666',
      };
    },
    says: 'is in us-east-1, but the secret is in eu-west-1, and KMS keys are regional',
  },
];

/** Thresholds and caps that could never take effect (item 4). */
const rangeCases: MalformedCase[] = [
  {
    what: 'a CIS alarm threshold of a billion',
    field: 'cisMonitoring.filters.4.1.threshold',
    shows: '1000000000',
    change: (o) => (o.cisMonitoring = { filters: { '4.1': { threshold: 1e9 } } }),
    says: 'must be a whole number of matches from 1 to 1000 (CIS asks for an alarm on each of these events',
  },
  {
    what: 'a CIS alarm period that is not whole minutes',
    field: 'cisMonitoring.filters.4.3.periodSeconds',
    shows: '90',
    change: (o) => (o.cisMonitoring = { filters: { '4.3': { periodSeconds: 90 } } }),
    says: 'must be a whole number of seconds from 60 to 86400, a multiple of 60',
  },
  {
    what: 'a loop-guard maximum no loop can reach in an hour',
    field: 'awsConfig.loopGuard.maxExecutions',
    shows: '500',
    change: (o) => (o.awsConfig = { loopGuard: { maxExecutions: 500 } }),
    says: 'must be a whole number from 1 to 299 (Config starts a remediation of one resource at most 5 times in 60 seconds, so a loop on one resource runs it at most 300 times in 60 minutes, and a higher maximum never alarms)',
  },
  {
    what: 'a loop-guard maximum no loop can reach in 5 minutes',
    field: 'awsConfig.loopGuard.maxExecutions',
    shows: '25',
    change: (o) => (o.awsConfig = { loopGuard: { maxExecutions: 25, windowMinutes: 5 } }),
    says: 'must be a whole number from 1 to 24',
  },
  {
    what: 'a fractional loop-guard maximum',
    field: 'awsConfig.loopGuard.maxExecutions',
    shows: '2.5',
    change: (o) => (o.awsConfig = { loopGuard: { maxExecutions: 2.5 } }),
    says: 'must be a whole number from 1 to 299',
  },
  {
    what: 'a Security Hub remediation cap of 5000 an hour',
    field: 'securityHub.remediation.maxPerHour',
    shows: '5000',
    change: (o) => (o.securityHub.remediation = { maxPerHour: 5000 }),
    says: 'must be a whole number from 1 to 1000',
  },
  {
    what: 'a Security Hub remediation window of 2 minutes',
    field: 'securityHub.remediation.windowMinutes',
    shows: '2',
    change: (o) => (o.securityHub.remediation = { windowMinutes: 2 }),
    says: 'must be a whole number of minutes from 5 to 10080',
  },
  {
    what: 'a GuardDuty minimum severity above critical',
    field: 'securityEvents.guardDutyMinimumSeverity',
    shows: '11',
    change: (o) => (o.securityEvents = { guardDutyMinimumSeverity: 11 }),
    says: 'must be a number from 0 to 10 (GuardDuty severities',
  },
  {
    what: 'password reuse prevention beyond what IAM remembers',
    field: 'hardening.passwordPolicy.reusePrevention',
    shows: '30',
    change: (o) => (o.hardening = { passwordPolicy: { reusePrevention: 30 } }),
    says: 'must be a whole number of passwords from 1 to 24 (IAM remembers at most 24',
  },
  {
    what: 'a fractional password length',
    field: 'hardening.passwordPolicy.minimumLength',
    shows: '14.5',
    change: (o) => (o.hardening = { passwordPolicy: { minimumLength: 14.5 } }),
    says: 'must be a whole number of characters from 14 to 128',
  },
];

/** Renames a top-level key, keeping the others in place. */
function renameKey(o: Org, from: string, to: string): void {
  o[to] = o[from];
  delete o[from];
}

const cases = [
  ...basicCases,
  ...fileCases,
  ...unknownKeyCases,
  ...identityCases,
  ...nameCases,
  ...contactCases,
  ...retentionCases,
  ...textCases,
  ...tagCases,
  ...organizationModeCases,
  ...secretCases,
  ...nearMissCases,
  ...webhookLocationCases,
  ...rangeCases,
];

/** The organization file a case describes, as bytes on disk. */
function writeCase(dir: string, { change, content, fileName = 'org.json' }: MalformedCase): string {
  const configPath = path.join(dir, fileName);
  const exampleText = JSON.stringify(exampleOrgInput(), null, 2);
  if (content) {
    fs.writeFileSync(configPath, content(exampleText));
  } else {
    const org = exampleOrgInput();
    change!(org);
    fs.writeFileSync(configPath, JSON.stringify(org, null, 2));
  }
  return configPath;
}

beforeAll(() => buildMain());

test('there are at least 100 malformed cases, each named once', () => {
  expect(cases.length).toBeGreaterThanOrEqual(100);
  expect(new Set(cases.map((c) => c.what)).size).toBe(cases.length);
});

test.concurrent.each(cases)(
  '$what: exits 1, names $field, no stack trace, writes nothing',
  async (malformed) => {
    const dir = tempDir('malformed');
    const configPath = writeCase(dir, malformed);

    const result = await runMain(dir, configPath);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    // A field may have more than one problem: the one that says what the case expects.
    const lines = result.stderr.split('\n').filter((l) => l.startsWith(`  - ${malformed.field}: `));
    const line = lines.find((l) => l.includes(malformed.says ?? '')) ?? lines[0];
    expect({ line, stderr: result.stderr }).toEqual({ line: expect.any(String), stderr: result.stderr });
    const shows = typeof malformed.shows === 'function' ? malformed.shows(configPath) : malformed.shows;
    if (shows) expect(line).toContain(`${malformed.field}: ${shows}`);
    if (malformed.says) expect(line).toContain(malformed.says);
    if (malformed.notField) expect(result.stderr).not.toContain(`  - ${malformed.notField}: `);
    // No secret is printed, wherever it was in the file.
    for (const secretPart of SECRET_PARTS) expect(result.stderr).not.toContain(secretPart);
    // Nothing besides the config itself: no cdktf.out, no partial stack.
    expect(fs.readdirSync(dir)).toEqual([path.basename(configPath)]);
    // A process each, a few at a time, on a machine that others share: more than jest's 5 s default.
  },
  30_000,
);

describe('Terraform templates in the config never reach cdk.tf.json', () => {
  /** One account, so the control synthesizes quickly; the tag lands in every provider's default_tags. */
  function oneAccountOrg(owner: string): Org {
    const org = exampleOrgInput();
    org.accounts = [org.accounts.find((a: { role: string }) => a.role === 'workload')];
    org.tags.Owner = owner;
    return org;
  }

  function filesNamed(dir: string, name: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => path.basename(file) === name);
  }

  test('control: a plain tag value is copied into cdk.tf.json, so a template there would be too', async () => {
    const dir = tempDir('template-control');
    const configPath = path.join(dir, 'org.json');
    fs.writeFileSync(configPath, JSON.stringify(oneAccountOrg('file-etc-passwd')));

    const result = await runMain(dir, configPath);

    // Only the summary line (not a terminal): no warning, no error.
    expect(result).toMatchObject({
      exitCode: 0,
      // The file named as it is seen from where synth runs.
      stderr: expect.stringMatching(/^synthesized 1 stack of 1 from org\.json, \d+ resources, 3 detective-control regions, in [\d.]+ s\n$/),
    });
    const [stackFile] = filesNamed(dir, 'cdk.tf.json');
    const stack = JSON.parse(fs.readFileSync(path.join(dir, stackFile), 'utf8'));
    expect(stack.provider.aws[0].default_tags[0].tags.Owner).toBe('file-etc-passwd');
  }, 30_000);

  test.each(['${file("/etc/passwd")}', '%{ for f in fileset("/", "**") }${f}%{ endfor }'])(
    '%s is rejected and no cdk.tf.json is written',
    async (template) => {
      const dir = tempDir('template');
      const configPath = path.join(dir, 'org.json');
      fs.writeFileSync(configPath, JSON.stringify(oneAccountOrg(template)));

      const result = await runMain(dir, configPath);

      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(`  - tags.Owner: ${JSON.stringify(template)} must not contain "\${" or "%{"`);
      expect(filesNamed(dir, 'cdk.tf.json')).toEqual([]);
      expect(fs.readdirSync(dir)).toEqual(['org.json']);
    },
  );
});
