/**
 * What the audit-log key's policy allows and denies, on an example account stack's synthesized
 * policy. Statements conditioned on an encryption context are asserted structurally: the
 * simulator (0.1.173) drops every `kms:EncryptionContext:<key>` context key (it lists them in
 * ignoredContextKeys, which helpers/policy-simulator.ts refuses), so it can never match them.
 * Everything else, including what those grants give without the context, is simulated.
 */
import { decisionOf, identityPolicyAllowing, simulate, type SimulatedRequest } from '../../helpers/policy-simulator';
import { regionOf, statementBySid } from '../../helpers/synth';
import {
  entriesOfType,
  keyArnIn,
  keyPolicyReferencedBy,
  literal,
  synthesizeExampleAccount,
  trailOf,
} from '../../helpers/synthesized-policies';

const account = synthesizeExampleAccount('workload-prod');
const { accountId, otherAccountId, homeRegion, json } = account;
const trail = trailOf(account);
const key = keyPolicyReferencedBy(json, trail.body.kms_key_id);
const keyPolicy = { resourcePolicy: key.policy };
const keyArn = keyArnIn(homeRegion, accountId);
const otherTrailArn = trail.arn.replace(`:${accountId}:`, `:${otherAccountId}:`);
const trailContextPattern = `arn:aws:cloudtrail:*:${accountId}:trail/*`;

describe('CloudTrail’s use of the log key', () => {
  const describeKey: SimulatedRequest = {
    principal: 'cloudtrail.amazonaws.com',
    action: 'kms:DescribeKey',
    resource: keyArn,
    context: { 'aws:SourceArn': trail.arn, 'aws:SourceAccount': accountId },
  };

  test('the trail encrypts its log files with this key', () => {
    expect(trail.body.kms_key_id).toBe(key.reference);
  });

  test('CloudTrail may describe the key for the account trail, not for another account’s', async () => {
    expect(await simulate(keyPolicy, describeKey)).toMatchObject({ decision: 'Allowed', allowedBy: ['AllowCloudTrailToDescribeKey'] });
    const other = { ...describeKey, context: { 'aws:SourceArn': otherTrailArn, 'aws:SourceAccount': otherAccountId } };
    expect(await decisionOf(keyPolicy, other)).toBe('ImplicitlyDenied');
  });

  test('CloudTrail may generate data keys only for this trail, under a trail encryption context of the account (structural)', () => {
    expect(statementBySid(key.policy, 'AllowCloudTrailToEncryptLogs')).toEqual({
      Sid: 'AllowCloudTrailToEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': trail.arn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContextPattern },
      },
    });
  });

  test('without that encryption context, or for another trail, CloudTrail may not generate data keys; it may never decrypt', async () => {
    const generate = { ...describeKey, action: 'kms:GenerateDataKey' };
    expect(await decisionOf(keyPolicy, generate)).toBe('ImplicitlyDenied');
    expect(
      await decisionOf(keyPolicy, { ...generate, context: { 'aws:SourceArn': otherTrailArn, 'aws:SourceAccount': otherAccountId } }),
    ).toBe('ImplicitlyDenied');
    expect(await decisionOf(keyPolicy, { ...describeKey, action: 'kms:Decrypt' })).toBe('ImplicitlyDenied');
  });
});

describe('reading the trail’s log files', () => {
  test('the account’s principals may decrypt log files of the account’s trails, through IAM (structural)', () => {
    expect(statementBySid(key.policy, 'AllowAccountToDecryptTrailLogs')).toEqual({
      Sid: 'AllowAccountToDecryptTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:CallerAccount': accountId },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContextPattern },
      },
    });
  });

  test('another account’s principals may not decrypt, even with IAM policies allowing it', async () => {
    const reader = { ...keyPolicy, identityPolicies: [identityPolicyAllowing('kms:Decrypt')] };
    const decrypt = {
      principal: `arn:aws:iam::${otherAccountId}:role/Auditor`,
      action: 'kms:Decrypt',
      resource: keyArn,
      context: { 'kms:CallerAccount': otherAccountId },
    };
    expect(await decisionOf(reader, decrypt)).toBe('ImplicitlyDenied');
  });
});

describe('CloudWatch Logs’ use of the log key', () => {
  // The log groups the stack encrypts with this key, as synthesized.
  const encryptedGroups = entriesOfType(json, 'aws_cloudwatch_log_group')
    .filter(([, group]) => group.kms_key_id === key.reference)
    .map(([, group]) => `arn:aws:logs:${regionOf(json, group)}:${accountId}:log-group:${literal(group.name, 'log group name')}`);

  test('CloudWatch Logs of the home region may use the key for exactly the log groups encrypted with it (structural)', () => {
    expect(encryptedGroups.length).toBeGreaterThanOrEqual(2);
    const grant = statementBySid(key.policy, 'AllowCloudWatchLogsForBaselineLogGroups');
    expect(grant).toMatchObject({ Effect: 'Allow', Principal: { Service: `logs.${homeRegion}.amazonaws.com` }, Resource: '*' });
    expect(Object.keys(grant.Condition!)).toEqual(['ArnEquals']);
    expect(Object.keys(grant.Condition!.ArnEquals)).toEqual(['kms:EncryptionContext:aws:logs:arn']);
    expect([grant.Condition!.ArnEquals['kms:EncryptionContext:aws:logs:arn']].flat().sort()).toEqual([...encryptedGroups].sort());
  });

  test.each([`logs.${homeRegion}.amazonaws.com`, 'logs.us-east-1.amazonaws.com'])(
    '%s gets nothing from the key without a log group’s encryption context',
    async (service) => {
      for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey']) {
        expect(await decisionOf(keyPolicy, { principal: service, action, resource: keyArn })).toBe('ImplicitlyDenied');
      }
    },
  );
});

describe('administration of the log key', () => {
  const administer = { principal: `arn:aws:iam::${accountId}:role/Admin`, action: 'kms:ScheduleKeyDeletion', resource: keyArn };
  const admin = { ...keyPolicy, identityPolicies: [identityPolicyAllowing('kms:*')] };

  test('is left to the account’s IAM policies', async () => {
    for (const action of ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey']) {
      expect(await simulate(admin, { ...administer, action })).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['EnableAccountIamPolicies'],
      });
    }
    expect(await decisionOf(keyPolicy, administer)).toBe('ImplicitlyDenied');
  });

  test('is refused to another account, even with IAM policies allowing it', async () => {
    expect(await decisionOf(admin, { ...administer, principal: `arn:aws:iam::${otherAccountId}:role/Admin` })).toBe('ImplicitlyDenied');
  });
});
