import { ConfigServiceClient, type ResourceType, StartRemediationExecutionCommand } from '@aws-sdk/client-config-service';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { configResourceId } from '../../functions/remediation-trigger/finding';
import { createHandler, type LogLine } from '../../functions/remediation-trigger/handler';
import type { RemediationSettings } from '../../functions/remediation-trigger/settings';
import {
  accountResource,
  AGGREGATION_REGION,
  controlFinding,
  customActionEvent,
  importedEvent,
  SECURITY_ACCOUNT,
  securityGroup,
} from '../fixtures/security-hub-events';

const MEMBER = '444444444444';
const SANDBOX = '555555555555';
const STRANGER = '999999999999';
const TABLE = 'acme-remediation-guard';
const NOW = new Date('2026-11-20T10:15:00Z');
const EPOCH = NOW.getTime() / 1000;

const SG_RULE = 'acme-vpc-default-security-group-closed';
const SG_TYPE = 'AWS::EC2::SecurityGroup' as const;
const SETTINGS: RemediationSettings = {
  homeAccountId: SECURITY_ACCOUNT,
  controls: {
    'EC2.2': { mode: 'manual', configRuleName: SG_RULE, resourceType: SG_TYPE, resourceId: 'arn-last-segment' },
    'EC2.13': { mode: 'automatic', configRuleName: 'acme-restricted-ssh', resourceType: SG_TYPE, resourceId: 'arn-last-segment' },
    'S3.1': {
      mode: 'automatic',
      configRuleName: 'acme-s3-account-public-access',
      resourceType: 'AWS::::Account',
      resourceId: 'account-id',
    },
  },
  accounts: { [SECURITY_ACCOUNT]: 'security', [MEMBER]: 'workloads-prod', [SANDBOX]: 'sandbox' },
  triggerRoleName: 'acme-remediation-trigger',
  windowMinutes: 30,
  maxPerHour: 20,
};

const ASSUMED = { AccessKeyId: 'ASIAEXAMPLEASSUMED01', SecretAccessKey: 'assumed-secret', SessionToken: 'assumed-token' };

const sts = mockClient(STSClient);
const config = mockClient(ConfigServiceClient);
const securityHub = mockClient(SecurityHubClient);
const dynamodb = mockClient(DynamoDBClient);

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

beforeEach(() => {
  for (const mock of [sts, config, securityHub, dynamodb]) mock.reset();
  sts.on(AssumeRoleCommand).resolves({ Credentials: { ...ASSUMED, Expiration: new Date('2026-11-20T10:30:00Z') } });
  config.on(StartRemediationExecutionCommand).resolves({ FailedItems: [] });
  securityHub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
});

async function run(event: unknown) {
  const lines: LogLine[] = [];
  const handler = createHandler(SETTINGS, {
    tableName: TABLE,
    region: AGGREGATION_REGION,
    now: () => NOW,
    log: (line) => lines.push(line),
  });
  const summary = await handler(event as Parameters<typeof handler>[0]);
  return { summary, lines };
}

const summaryOf = (started: number, skipped: number, failed: number) => ({ started, skipped, failed });
const configCalls = () => config.commandCalls(StartRemediationExecutionCommand);
const configInputs = () => configCalls().map((call) => call.args[0].input);
const updateInputs = () => securityHub.commandCalls(BatchUpdateFindingsCommand).map((call) => call.args[0].input);
/** `AWS::::Account` (account-level rules) is missing from the SDK's ResourceType union, as in the handler. */
const remediation = (rule: string, type: string, resourceId: string) => ({
  ConfigRuleName: rule,
  ResourceKeys: [{ resourceType: type as ResourceType, resourceId }],
});

/** Refused and guarded findings start nothing and leave the finding as it is. */
function expectNothingStarted() {
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  expect(configCalls()).toHaveLength(0);
  expect(updateInputs()).toHaveLength(0);
}

/** The usual case: a member account's default security group, evaluated outside the aggregation region. */
const MEMBER_SG = {
  controlId: 'EC2.2',
  accountId: MEMBER,
  region: 'eu-central-1',
  resource: securityGroup(MEMBER, 'eu-central-1', 'sg-0a1b2c3d4e5f6'),
};
const memberSg = controlFinding(MEMBER_SG);

describe('started', () => {
  test('custom action, member account: assumes the trigger role, starts Config in the finding region, marks NOTIFIED', async () => {
    const { summary, lines } = await run(customActionEvent([memberSg]));

    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input)).toEqual([
      {
        RoleArn: `arn:aws:iam::${MEMBER}:role/acme-remediation-trigger`,
        RoleSessionName: 'baseline-remediation-EC22',
        DurationSeconds: 900,
      },
    ]);
    expect(configInputs()).toEqual([remediation(SG_RULE, SG_TYPE, 'sg-0a1b2c3d4e5f6')]);
    const configClient = configCalls()[0].thisValue as ConfigServiceClient;
    expect(await configClient.config.region()).toBe('eu-central-1');
    expect(await configClient.config.credentials()).toMatchObject({ accessKeyId: ASSUMED.AccessKeyId, sessionToken: ASSUMED.SessionToken });

    expect(updateInputs()).toEqual([
      {
        FindingIdentifiers: [{ Id: memberSg.Id, ProductArn: 'arn:aws:securityhub:eu-central-1::product/aws/securityhub' }],
        Workflow: { Status: 'NOTIFIED' },
        Note: { Text: `Baseline remediation started: ${SG_RULE} on sg-0a1b2c3d4e5f6 (custom action)`, UpdatedBy: 'security-baseline' },
      },
    ]);
    // The finding is updated where Security Hub aggregates, not in its own region.
    const hubClient = securityHub.commandCalls(BatchUpdateFindingsCommand)[0].thisValue as SecurityHubClient;
    expect(await hubClient.config.region()).toBe(AGGREGATION_REGION);

    expect(lines).toEqual([
      {
        outcome: 'started',
        trigger: 'custom action',
        controlId: 'EC2.2',
        accountId: MEMBER,
        accountName: 'workloads-prod',
        region: 'eu-central-1',
        resourceId: 'sg-0a1b2c3d4e5f6',
        findingId: memberSg.Id,
      },
    ]);
    expect(summary).toEqual(summaryOf(1, 0, 0));
  });

  test('the guard claims the resource for the window, then one execution of the UTC hour', async () => {
    await run(customActionEvent([memberSg]));
    expect(dynamodb.commandCalls(PutItemCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      Item: { pk: { S: `remediation#${MEMBER}#eu-central-1#EC2.2#sg-0a1b2c3d4e5f6` }, expiresAt: { N: String(EPOCH + 30 * 60) } },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': { N: String(EPOCH) } },
    });
    expect(dynamodb.commandCalls(UpdateItemCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: { S: 'hour#2026-11-20T10' } },
      UpdateExpression: 'ADD executions :one SET expiresAt = :ttl',
      ConditionExpression: 'attribute_not_exists(executions) OR executions < :cap',
      ExpressionAttributeValues: { ':one': { N: '1' }, ':ttl': { N: String(EPOCH + 7200) }, ':cap': { N: '20' } },
    });
  });

  test('home account: its own credentials, no AssumeRole', async () => {
    const resource = securityGroup(SECURITY_ACCOUNT, AGGREGATION_REGION, 'sg-0123456789abc');
    const finding = controlFinding({ controlId: 'EC2.2', accountId: SECURITY_ACCOUNT, region: AGGREGATION_REGION, resource });
    const { lines } = await run(customActionEvent([finding]));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(configInputs()).toEqual([remediation(SG_RULE, SG_TYPE, 'sg-0123456789abc')]);
    expect(updateInputs()).toMatchObject([{ FindingIdentifiers: [{ Id: finding.Id }], Workflow: { Status: 'NOTIFIED' } }]);
    expect(lines).toMatchObject([{ outcome: 'started', accountName: 'security' }]);
  });

  test('imported finding of an automatic control starts without an operator', async () => {
    const finding = controlFinding({
      controlId: 'EC2.13',
      accountId: MEMBER,
      region: 'eu-west-1',
      resource: securityGroup(MEMBER, 'eu-west-1', 'sg-0fedcba98'),
    });
    const { summary, lines } = await run(importedEvent([finding]));
    expect(configInputs()).toEqual([remediation('acme-restricted-ssh', SG_TYPE, 'sg-0fedcba98')]);
    expect(updateInputs()[0].Note?.Text).toBe('Baseline remediation started: acme-restricted-ssh on sg-0fedcba98 (automatic)');
    expect(lines).toMatchObject([{ outcome: 'started', trigger: 'automatic', controlId: 'EC2.13' }]);
    expect(summary).toEqual(summaryOf(1, 0, 0));
  });

  test('account-level control: the Config resource id is the account id', async () => {
    const finding = controlFinding({ controlId: 'S3.1', accountId: SANDBOX, region: 'us-east-1', resource: accountResource(SANDBOX) });
    const { lines } = await run(importedEvent([finding]));
    expect(configInputs()).toEqual([remediation('acme-s3-account-public-access', 'AWS::::Account', SANDBOX)]);
    expect(await (configCalls()[0].thisValue as ConfigServiceClient).config.region()).toBe('us-east-1');
    expect(lines).toMatchObject([{ outcome: 'started', resourceId: SANDBOX }]);
  });

  test.each([
    ['arn:aws:ec2:eu-west-1:444444444444:vpc/vpc-0a1b2c3d', 'vpc-0a1b2c3d'],
    ['arn:aws:kms:eu-west-1:444444444444:key/1234abcd-12ab-34cd-56ef-1234567890ab', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['arn:aws:cloudtrail:eu-west-1:444444444444:trail/management-events', 'management-events'],
    ['arn:aws:s3:::acme-logs', 'acme-logs'],
  ])('the Config resource id of %s is %s', (arn, id) => {
    const finding = controlFinding({ ...MEMBER_SG, resource: { Type: 'Other', Id: arn } });
    expect(configResourceId(SETTINGS.controls['EC2.2'], finding)).toBe(id);
  });
});

describe('refused: logged, nothing claimed, nothing started', () => {
  const inAccount = (accountId: string) =>
    controlFinding({ ...MEMBER_SG, accountId, resource: securityGroup(accountId, 'eu-central-1', 'sg-0a') });
  const ofControl = (controlId: string) =>
    controlFinding({ controlId, accountId: MEMBER, region: 'eu-west-1', resource: accountResource(MEMBER) });
  const passed = controlFinding({ ...MEMBER_SG, status: 'PASSED' });
  test.each([
    [
      'an account outside the organization file',
      customActionEvent([inAccount(STRANGER)]),
      { outcome: 'unknown-account', accountId: STRANGER },
    ],
    [
      'a control that is not enabled',
      customActionEvent([ofControl('IAM.6')]),
      { outcome: 'not-enabled', resourceId: `AWS::::Account:${MEMBER}` },
    ],
    ['an inherited name is no control', customActionEvent([ofControl('toString')]), { outcome: 'not-enabled', controlId: 'toString' }],
    ['a manual-only control, imported', importedEvent([memberSg]), { outcome: 'manual-only', trigger: 'automatic', controlId: 'EC2.2' }],
    ['a finding that no longer fails', customActionEvent([passed]), { outcome: 'not-failed', detail: 'compliance status PASSED' }],
  ])('%s', async (_case, event, expected) => {
    const { summary, lines } = await run(event);
    expect(lines).toEqual([expect.objectContaining(expected)]);
    expect(summary).toEqual(summaryOf(0, 1, 0));
    expect(dynamodb.calls()).toHaveLength(0);
    expectNothingStarted();
  });

  test('an event that carries no findings is ignored', async () => {
    const { summary, lines } = await run({
      'detail-type': 'Security Hub Findings - Custom Action',
      detail: { actionName: 'Remediate with baseline' },
    });
    expect(lines).toEqual([{ outcome: 'ignored', detail: 'the event carries no findings' }]);
    expect(summary).toEqual(summaryOf(0, 0, 0));
    expect(dynamodb.calls()).toHaveLength(0);
    expectNothingStarted();
  });
});

describe('guarded', () => {
  test('the same resource again within the window is a duplicate', async () => {
    dynamodb.on(PutItemCommand).rejects(conditionFailed());
    const { summary, lines } = await run(customActionEvent([memberSg]));
    expect(lines).toMatchObject([{ outcome: 'duplicate', resourceId: 'sg-0a1b2c3d4e5f6' }]);
    expect(summary).toEqual(summaryOf(0, 1, 0));
    expect(dynamodb.commandCalls(UpdateItemCommand)).toHaveLength(0);
    expectNothingStarted();
  });

  test('the hourly cap: nothing starts, and the claim is released for a later hour', async () => {
    dynamodb.on(UpdateItemCommand).rejects(conditionFailed());
    dynamodb.on(DeleteItemCommand).resolves({});
    const { summary, lines } = await run(customActionEvent([memberSg]));
    expect(lines).toMatchObject([{ outcome: 'cap-reached', controlId: 'EC2.2' }]);
    expect(summary).toEqual(summaryOf(0, 1, 0));
    const released = { TableName: TABLE, Key: { pk: { S: `remediation#${MEMBER}#eu-central-1#EC2.2#sg-0a1b2c3d4e5f6` } } };
    expect(dynamodb.commandCalls(DeleteItemCommand).map((call) => call.args[0].input)).toEqual([released]);
    expectNothingStarted();
  });

  test('a DynamoDB error fails the finding without throwing', async () => {
    dynamodb.on(PutItemCommand).rejects(awsError('ProvisionedThroughputExceededException', 'Rate exceeded'));
    const { summary, lines } = await run(customActionEvent([memberSg]));
    expect(lines).toMatchObject([{ outcome: 'failed', detail: 'ProvisionedThroughputExceededException: Rate exceeded' }]);
    expect(summary).toEqual(summaryOf(0, 0, 1));
    expectNothingStarted();
  });
});

describe('failed', () => {
  test('AssumeRole denied: no Config call, no finding update', async () => {
    sts.on(AssumeRoleCommand).rejects(awsError('AccessDenied', `User is not authorized to perform: sts:AssumeRole on resource: ${MEMBER}`));
    const { summary, lines } = await run(customActionEvent([memberSg]));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(configCalls()).toHaveLength(0);
    expect(updateInputs()).toHaveLength(0);
    expect(lines).toMatchObject([
      { outcome: 'failed', detail: expect.stringMatching(/^assume role: AccessDenied: User is not authorized/) },
    ]);
    expect(summary).toEqual(summaryOf(0, 0, 1));
  });

  const notConfigured = awsError('NoSuchRemediationConfigurationException', 'No remediation configuration');
  const notStarted = {
    FailureMessage: 'Resource is already compliant',
    FailedItems: [{ resourceType: SG_TYPE, resourceId: 'sg-0a1b2c3d4e5f6' }],
  };
  test.each([
    [
      'thrown',
      () => config.on(StartRemediationExecutionCommand).rejects(notConfigured),
      /^config: NoSuchRemediationConfigurationException/,
    ],
    ['FailedItems', () => config.on(StartRemediationExecutionCommand).resolves(notStarted), /^config: Resource is already compliant$/],
  ])('Config error (%s): failed, not marked NOTIFIED', async (_case, arrange, detail) => {
    arrange();
    const { summary, lines } = await run(customActionEvent([memberSg]));
    expect(configCalls()).toHaveLength(1);
    expect(updateInputs()).toHaveLength(0);
    expect(lines).toMatchObject([{ outcome: 'failed', detail: expect.stringMatching(detail) }]);
    expect(summary).toEqual(summaryOf(0, 0, 1));
  });

  const unprocessed = {
    FindingIdentifier: { Id: memberSg.Id, ProductArn: memberSg.ProductArn },
    ErrorCode: 'FindingNotFound',
    ErrorMessage: 'Finding not found',
  };
  test.each([
    [
      'thrown',
      () => securityHub.on(BatchUpdateFindingsCommand).rejects(awsError('AccessDeniedException', 'not authorized')),
      'AccessDeniedException: not authorized',
    ],
    [
      'UnprocessedFindings',
      () => securityHub.on(BatchUpdateFindingsCommand).resolves({ UnprocessedFindings: [unprocessed] }),
      'FindingNotFound: Finding not found',
    ],
  ])('finding update error (%s): still started, the update reported as failed', async (_case, arrange, detail) => {
    arrange();
    const { summary, lines } = await run(customActionEvent([memberSg]));
    expect(configCalls()).toHaveLength(1);
    expect(updateInputs()).toHaveLength(1);
    expect(lines).toMatchObject([{ outcome: 'started', findingUpdate: 'failed', detail }]);
    expect(summary).toEqual(summaryOf(1, 0, 0));
  });
});

test('several findings in one event are processed independently', async () => {
  const other = (groupId: string, uuid: string) =>
    controlFinding({ ...MEMBER_SG, resource: securityGroup(MEMBER, 'eu-central-1', groupId), uuid });
  const stranger = controlFinding({ ...MEMBER_SG, accountId: STRANGER, uuid: '11111111-2222-4333-8444-555555555555' });
  const repeated = other('sg-0repeated', '22222222-3333-4444-8555-666666666666');
  const broken = other('sg-0broken', '33333333-4444-4555-8666-777777777777');
  dynamodb.on(PutItemCommand, { Item: { pk: { S: `remediation#${MEMBER}#eu-central-1#EC2.2#sg-0repeated` } } }).rejects(conditionFailed());
  config
    .on(StartRemediationExecutionCommand, remediation(SG_RULE, SG_TYPE, 'sg-0broken'))
    .rejects(awsError('InsufficientPermissionsException', 'denied'));
  const { summary, lines } = await run(customActionEvent([memberSg, stranger, repeated, broken]));
  expect(lines.map((line) => [line.outcome, 'findingId' in line && line.findingId])).toEqual([
    ['started', memberSg.Id],
    ['unknown-account', stranger.Id],
    ['duplicate', repeated.Id],
    ['failed', broken.Id],
  ]);
  expect(summary).toEqual(summaryOf(1, 2, 1));
  expect(configInputs().map((input) => input.ResourceKeys?.[0].resourceId)).toEqual(['sg-0a1b2c3d4e5f6', 'sg-0broken']);
  expect(updateInputs().map((input) => input.FindingIdentifiers?.[0].Id)).toEqual([memberSg.Id]);
});

test('by default, each line is one JSON object written straight to stdout (no console prefix)', async () => {
  const logged = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const written = await createHandler(SETTINGS, { tableName: TABLE, region: AGGREGATION_REGION })(importedEvent([memberSg]))
    .then(() => logged.mock.calls.map(([text]) => text as string))
    .finally(() => logged.mockRestore());
  expect(written).toHaveLength(1);
  expect(written[0].endsWith('\n')).toBe(true);
  expect(JSON.parse(written[0])).toEqual(expect.objectContaining({ outcome: 'manual-only', findingId: memberSg.Id }));
});
