/**
 * The simulation harness itself: it refuses simulations that could pass for the wrong reason, and
 * the decisions the policy tests rely on flip when the statement responsible is weakened (so
 * those tests can fail).
 */
import { serviceTrustPolicy, type PolicyDocument, type PolicyStatement } from '../../modules/core/policy-document';
import { decisionOf, simulate, withContext, type SimulatedRequest } from './policy-simulator';
import { parsePolicy } from './synth';
import { bucketPolicyOf, keyArnIn, synthesizeExampleAccount, topicOf, trailOf } from './synthesized-policies';

const account = synthesizeExampleAccount('workload-prod');
const { accountId, otherAccountId, homeRegion } = account;
const trail = trailOf(account);
const trailBucketPolicy = parsePolicy(bucketPolicyOf(account.json, trail.bucketName));
const write: SimulatedRequest = {
  principal: 'cloudtrail.amazonaws.com',
  action: 's3:PutObject',
  resource: `arn:aws:s3:::${trail.bucketName}/AWSLogs/${accountId}/CloudTrail/${homeRegion}/2026/01/15/log.json.gz`,
  resourceAccount: accountId,
  context: { 'aws:SourceArn': trail.arn, 'aws:SourceAccount': accountId, 's3:x-amz-acl': 'bucket-owner-full-control' },
};

/** The policy with one statement changed (or removed, when `change` returns undefined). */
function mutated(policy: PolicyDocument, sid: string, change: (s: PolicyStatement) => PolicyStatement | undefined): PolicyDocument {
  expect(policy.Statement.some((s) => s.Sid === sid)).toBe(true);
  const statements = policy.Statement.flatMap((s) =>
    s.Sid === sid ? [change(s)].filter((x): x is PolicyStatement => x !== undefined) : [s],
  );
  return { ...policy, Statement: statements };
}
const withoutCondition = ({ Condition: _dropped, ...rest }: PolicyStatement): PolicyStatement => rest;

describe('refuses simulations that could pass for the wrong reason', () => {
  test('a context key the action does not support (it would be dropped and its conditions never evaluated)', async () => {
    const aclCheck = { ...write, action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${trail.bucketName}` };
    await expect(simulate({ resourcePolicy: trailBucketPolicy }, aclCheck)).rejects.toThrow(/dropped context keys s3:x-amz-acl/);
    await expect(simulate({ resourcePolicy: trailBucketPolicy }, withContext(write, { 'aws:SourceAcount': accountId }))).rejects.toThrow(
      /dropped context keys aws:SourceAcount/,
    );
  });

  // When this fails, the simulator has learnt encryption-context keys: simulate the KMS grants
  // that log-encryption-key and notification-topic tests assert structurally.
  test('kms:EncryptionContext:<key> keys, which this version of the simulator drops', async () => {
    const topic = topicOf(account);
    const request = {
      principal: 'events.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: keyArnIn(homeRegion, accountId),
      context: { 'kms:EncryptionContext:aws:sns:topicArn': topic.arn },
    };
    await expect(simulate({ resourcePolicy: { Version: '2012-10-17', Statement: [] } }, request)).rejects.toThrow(
      /dropped context keys kms:EncryptionContext:aws:sns:topicArn/,
    );
  });

  test('a resource pattern, an unknown action, an invalid policy, an S3 resource without its account', async () => {
    await expect(
      simulate({ resourcePolicy: trailBucketPolicy }, { ...write, resource: `arn:aws:s3:::${trail.bucketName}/AWSLogs/*` }),
    ).rejects.toThrow(/one concrete resource/);
    await expect(simulate({ resourcePolicy: trailBucketPolicy }, { ...write, action: 's3:PutObjects' })).rejects.toThrow(/rejected/);
    const invalid = mutated(trailBucketPolicy, 'AllowCloudTrailWrite', (s) => ({ ...s, Effect: 'Alow' as 'Allow' }));
    await expect(simulate({ resourcePolicy: invalid }, write)).rejects.toThrow(/rejected/);
    await expect(simulate({ resourcePolicy: trailBucketPolicy }, { ...write, resourceAccount: undefined })).rejects.toThrow(
      /names no account/,
    );
  });

  test('a trust policy applied to anything but STS', async () => {
    await expect(simulate({ trustPolicy: serviceTrustPolicy('lambda.amazonaws.com') }, write)).rejects.toThrow(/trust policy/);
  });
});

describe('the decisions the policy tests rely on flip when the statement responsible is weakened', () => {
  const otherTrail = withContext(write, {
    'aws:SourceArn': trail.arn.replace(`:${accountId}:`, `:${otherAccountId}:`),
    'aws:SourceAccount': otherAccountId,
  });

  test('trail bucket: another account’s trail is admitted once the write statement loses its conditions', async () => {
    expect(await decisionOf({ resourcePolicy: trailBucketPolicy }, otherTrail)).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: mutated(trailBucketPolicy, 'AllowCloudTrailWrite', withoutCondition) }, otherTrail)).toBe(
      'Allowed',
    );
  });

  test('trail bucket: a write without TLS is allowed once DenyInsecureTransport is gone', async () => {
    const noTls = withContext(write, { 'aws:SecureTransport': 'false' });
    expect(await decisionOf({ resourcePolicy: trailBucketPolicy }, noTls)).toBe('ExplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: mutated(trailBucketPolicy, 'DenyInsecureTransport', () => undefined) }, noTls)).toBe(
      'Allowed',
    );
  });

  test('topic: another account’s alarm is admitted once the publish statement loses its conditions', async () => {
    const topic = topicOf(account);
    const policy = parsePolicy(topic.policy);
    const otherAlarm = `arn:aws:cloudwatch:${homeRegion}:${otherAccountId}:alarm:any`;
    const publish = {
      principal: 'cloudwatch.amazonaws.com',
      action: 'sns:Publish',
      resource: topic.arn,
      context: { 'aws:SourceArn': otherAlarm, 'aws:SourceAccount': otherAccountId },
    };
    expect(await decisionOf({ resourcePolicy: policy }, publish)).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: mutated(policy, 'AllowCloudWatchAlarmsToPublish', withoutCondition) }, publish)).toBe(
      'Allowed',
    );
  });

  test('trust policy: SSM acting for another account may assume a remediation role once aws:SourceAccount is not required', async () => {
    const role = `arn:aws:iam::${accountId}:role/acme-remediation-cmk-rotation`;
    const assume = {
      principal: 'ssm.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: role,
      context: { 'aws:SourceAccount': otherAccountId },
    };
    const trust = parsePolicy(serviceTrustPolicy('ssm.amazonaws.com', accountId));
    expect(await decisionOf({ trustPolicy: trust }, assume)).toBe('ImplicitlyDenied');
    expect(await decisionOf({ trustPolicy: mutated(trust, 'AllowServiceToAssumeRole', withoutCondition) }, assume)).toBe('Allowed');
  });
});
