import { LogEncryptionKey } from '../../../modules/audit-logging/log-encryption-key';
import { bodyOf, constructTestStack, parsePolicy, refTo, statementBySid, synthStack } from '../../helpers/synth';

const ACCOUNT = '123456789012';
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/acme-audit-trail`;

describe('LogEncryptionKey for CloudTrail and CloudWatch Logs', () => {
  const stack = constructTestStack();
  const logKey = new LogEncryptionKey(stack, 'log-key', {
    accountId: ACCOUNT,
    alias: 'alias/acme-logs',
    cloudTrail: { trailArn: TRAIL_ARN },
    cloudWatchLogs: { region: 'eu-west-1', logGroupNames: ['/acme/cloudtrail'] },
  });
  const json = synthStack(stack);
  const key = bodyOf(json, logKey.key);
  const policy = key.policy as string;

  test('rotates yearly, waits 30 days before deletion and cannot be destroyed by Terraform', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('has its alias', () => {
    expect(Object.values(json.resource!.aws_kms_alias)).toEqual([{ name: 'alias/acme-logs', target_key_id: refTo(logKey.key, 'key_id') }]);
  });

  test('grants exactly these statements', () => {
    expect(parsePolicy(policy).Statement.map((s) => s.Sid)).toEqual([
      'EnableAccountIamPolicies',
      'AllowCloudTrailToEncryptLogs',
      'AllowCloudTrailToDescribeKey',
      'AllowAccountToDecryptTrailLogs',
      'AllowCloudWatchLogsForBaselineLogGroups',
    ]);
  });

  test('leaves administration to the account IAM policies, and to no other account', () => {
    expect(statementBySid(policy, 'EnableAccountIamPolicies')).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
    });
  });

  test('CloudTrail may only generate data keys for this trail under a trail encryption context of the account', () => {
    expect(statementBySid(policy, 'AllowCloudTrailToEncryptLogs')).toEqual({
      Sid: 'AllowCloudTrailToEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': TRAIL_ARN },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
      },
    });
    expect(statementBySid(policy, 'AllowCloudTrailToDescribeKey')).toMatchObject({
      Action: 'kms:DescribeKey',
      Condition: { StringEquals: { 'aws:SourceArn': TRAIL_ARN } },
    });
  });

  test('only principals of the account decrypt, and only trail logs', () => {
    expect(statementBySid(policy, 'AllowAccountToDecryptTrailLogs')).toEqual({
      Sid: 'AllowAccountToDecryptTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': ACCOUNT },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
      },
    });
  });

  test('CloudWatch Logs of the region may use the key only for the named log groups', () => {
    expect(statementBySid(policy, 'AllowCloudWatchLogsForBaselineLogGroups')).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: {
        ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/cloudtrail`] },
      },
    });
  });
});

test('without services, the key policy only enables the account IAM policies', () => {
  const stack = constructTestStack();
  const logKey = new LogEncryptionKey(stack, 'key', { accountId: ACCOUNT, alias: 'alias/x', deletionWindowInDays: 7 });
  const key = bodyOf(synthStack(stack), logKey.key);
  expect(parsePolicy(key.policy).Statement.map((s) => s.Sid)).toEqual(['EnableAccountIamPolicies']);
  expect(key.deletion_window_in_days).toBe(7);
});

describe('LogEncryptionKey with cross-account readers', () => {
  const SECURITY = '333333333333';
  const LOG_ARCHIVE = '111111111111';
  const trailContext = { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` };
  const policyWith = (props: Partial<ConstructorParameters<typeof LogEncryptionKey>[2]>) => {
    const stack = constructTestStack();
    const logKey = new LogEncryptionKey(stack, 'log-key', {
      accountId: ACCOUNT,
      alias: 'alias/acme-logs',
      cloudTrail: { trailArn: TRAIL_ARN },
      ...props,
    });
    return bodyOf(synthStack(stack), logKey.key).policy as string;
  };

  test('principals of the reader accounts may decrypt the trail’s log files, only under its encryption context', () => {
    const policy = policyWith({ crossAccountReaders: [LOG_ARCHIVE, SECURITY] });
    expect(parsePolicy(policy).Statement.map((s) => s.Sid)).toEqual([
      'EnableAccountIamPolicies',
      'AllowCloudTrailToEncryptLogs',
      'AllowCloudTrailToDescribeKey',
      'AllowAccountToDecryptTrailLogs',
      'AllowReaderAccountsToDecryptTrailLogs',
    ]);
    expect(statementBySid(policy, 'AllowReaderAccountsToDecryptTrailLogs')).toEqual({
      Sid: 'AllowReaderAccountsToDecryptTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${LOG_ARCHIVE}:root`, `arn:aws:iam::${SECURITY}:root`] },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': [LOG_ARCHIVE, SECURITY] }, StringLike: trailContext },
    });
  });

  test('no readers, an empty list, or only the key’s own account change nothing', () => {
    const without = policyWith({});
    expect(policyWith({ crossAccountReaders: [] })).toBe(without);
    expect(policyWith({ crossAccountReaders: [ACCOUNT] })).toBe(without);
    expect(parsePolicy(policyWith({ crossAccountReaders: [ACCOUNT, SECURITY] })).Statement.at(-1)?.Principal).toEqual({
      AWS: [`arn:aws:iam::${SECURITY}:root`],
    });
  });

  test('without a trail there are no trail logs to read: readers are ignored', () => {
    expect(parsePolicy(policyWith({ cloudTrail: undefined, crossAccountReaders: [SECURITY] })).Statement.map((s) => s.Sid)).toEqual([
      'EnableAccountIamPolicies',
    ]);
  });

  test.each([
    ['a wildcard', ['*'], '"*" is not a 12-digit AWS account id'],
    ['an account listed twice', [SECURITY, SECURITY], `account ${SECURITY} is listed twice`],
  ])('%s among the readers is refused', (_, readers, message) => {
    expect(() => policyWith({ crossAccountReaders: readers })).toThrow(`LogEncryptionKey crossAccountReaders: ${message}`);
  });

  test('an organization trail’s key accepts the management account’s trail context, for encryption and for every reader', () => {
    const orgTrail = 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/acme-org-trail';
    const policy = policyWith({ cloudTrail: { trailArn: orgTrail, trailOwnerAccountId: '222222222222' }, crossAccountReaders: [SECURITY] });
    const managementContext = { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:222222222222:trail/*' };
    expect(statementBySid(policy, 'AllowCloudTrailToEncryptLogs').Condition).toEqual({
      StringEquals: { 'aws:SourceArn': orgTrail },
      StringLike: managementContext,
    });
    expect(statementBySid(policy, 'AllowAccountToDecryptTrailLogs').Condition?.StringLike).toEqual(managementContext);
    expect(statementBySid(policy, 'AllowReaderAccountsToDecryptTrailLogs').Condition?.StringLike).toEqual(managementContext);
  });
});
