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
