/**
 * What the log buckets' policies allow and deny, decided by the IAM policy simulator
 * (helpers/policy-simulator.ts) on the policies an example account stack synthesizes. Each
 * refused case differs from an allowed one in one respect, so it is refused for that reason.
 */
import { decisionOf, identityPolicyAllowing, simulate, withContext, type SimulatedRequest } from '../../helpers/policy-simulator';
import { regionOf } from '../../helpers/synth';
import {
  bucketPolicyOf,
  entriesOfType,
  literal,
  referencedResource,
  synthesizeExampleAccount,
  trailOf,
} from '../../helpers/synthesized-policies';

const account = synthesizeExampleAccount('workload-prod');
const { accountId, otherAccountId, homeRegion, json } = account;
const objectIn = (bucketName: string, key: string) => `arn:aws:s3:::${bucketName}/${key}`;
const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

/** The same request without TLS, and an administrator of the account reading the bucket without TLS. */
async function expectTlsRequired(policy: string, bucketName: string, allowed: SimulatedRequest) {
  const noTls = await simulate({ resourcePolicy: policy }, withContext(allowed, { 'aws:SecureTransport': 'false' }));
  expect(noTls).toMatchObject({ decision: 'ExplicitlyDenied', deniedBy: ['DenyInsecureTransport'] });
  const admin = { principal: `arn:aws:iam::${accountId}:role/Admin`, resourceAccount: accountId };
  const adminPolicies = { resourcePolicy: policy, identityPolicies: [identityPolicyAllowing('s3:*')] };
  const read: SimulatedRequest = { ...admin, action: 's3:GetObject', resource: objectIn(bucketName, 'AWSLogs/x.gz') };
  expect(await decisionOf(adminPolicies, read)).toBe('Allowed');
  expect(await simulate(adminPolicies, withContext(read, { 'aws:SecureTransport': 'false' }))).toMatchObject({
    decision: 'ExplicitlyDenied',
    deniedBy: ['DenyInsecureTransport'],
  });
}

describe('trail bucket policy', () => {
  const trail = trailOf(account);
  const policy = bucketPolicyOf(json, trail.bucketName);
  const otherTrailArn = trail.arn.replace(`:${accountId}:`, `:${otherAccountId}:`);
  /** CloudTrail delivering a log file of this trail, as it calls S3. */
  const delivery = (key: string): SimulatedRequest => ({
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(trail.bucketName, key),
    resourceAccount: accountId,
    context: { 'aws:SourceArn': trail.arn, 'aws:SourceAccount': accountId, ...OWNER_FULL_CONTROL },
  });
  const logFile = `AWSLogs/${accountId}/CloudTrail/${homeRegion}/2026/01/15/${accountId}_CloudTrail_${homeRegion}_20260115T1005Z_a1b2c3.json.gz`;
  const write = delivery(logFile);

  test.each([
    ['a log file from the home region', logFile],
    [
      'a log file from another region (the trail is multi-region)',
      `AWSLogs/${accountId}/CloudTrail/us-east-1/2026/01/15/${accountId}_CloudTrail_us-east-1_20260115T1005Z_d4e5f6.json.gz`,
    ],
    [
      'a digest file',
      `AWSLogs/${accountId}/CloudTrail-Digest/${homeRegion}/2026/01/15/${accountId}_CloudTrail-Digest_${homeRegion}_acme-audit-trail_${homeRegion}_20260115T1005Z.json.gz`,
    ],
  ])('CloudTrail may write %s for the account trail, handing it to the bucket owner', async (_, key) => {
    expect(await simulate({ resourcePolicy: policy }, delivery(key))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowCloudTrailWrite'],
    });
  });

  test('another account’s trail may not write, whatever prefix it names', async () => {
    const otherTrail = { 'aws:SourceArn': otherTrailArn, 'aws:SourceAccount': otherAccountId };
    expect(await decisionOf({ resourcePolicy: policy }, withContext(write, otherTrail))).toBe('ImplicitlyDenied');
    expect(
      await decisionOf({ resourcePolicy: policy }, withContext(delivery(`AWSLogs/${otherAccountId}/CloudTrail/x.json.gz`), otherTrail)),
    ).toBe('ImplicitlyDenied');
  });

  test('another trail of the same account may not write (aws:SourceArn names this trail)', async () => {
    const request = withContext(write, { 'aws:SourceArn': `${trail.arn}-copy` });
    expect(await decisionOf({ resourcePolicy: policy }, request)).toBe('ImplicitlyDenied');
  });

  test('the account trail may not write outside AWSLogs/<account>/', async () => {
    expect(await decisionOf({ resourcePolicy: policy }, delivery(`AWSLogs/${otherAccountId}/CloudTrail/x.json.gz`))).toBe(
      'ImplicitlyDenied',
    );
    expect(await decisionOf({ resourcePolicy: policy }, delivery('elsewhere/x.json.gz'))).toBe('ImplicitlyDenied');
  });

  test('a write that does not hand the object to the bucket owner is refused', async () => {
    expect(await decisionOf({ resourcePolicy: policy }, withContext(write, { 's3:x-amz-acl': undefined }))).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: policy }, withContext(write, { 's3:x-amz-acl': 'public-read' }))).toBe('ImplicitlyDenied');
  });

  test('CloudTrail may read the bucket ACL for this trail only', async () => {
    const aclCheck: SimulatedRequest = {
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:GetBucketAcl',
      resource: `arn:aws:s3:::${trail.bucketName}`,
      resourceAccount: accountId,
      context: { 'aws:SourceArn': trail.arn, 'aws:SourceAccount': accountId },
    };
    expect(await simulate({ resourcePolicy: policy }, aclCheck)).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowCloudTrailAclCheck'],
    });
    const otherTrail = withContext(aclCheck, { 'aws:SourceArn': otherTrailArn, 'aws:SourceAccount': otherAccountId });
    expect(await decisionOf({ resourcePolicy: policy }, otherTrail)).toBe('ImplicitlyDenied');
  });

  test('nothing is allowed without TLS, not even CloudTrail or the account’s administrators', async () => {
    await expectTlsRequired(policy, trail.bucketName, write);
  });
});

describe('Config bucket policy', () => {
  const channels = entriesOfType(json, 'aws_config_delivery_channel').map(([, channel]) => channel);
  const bucketNames = [...new Set(channels.map((c) => literal(c.s3_bucket_name, 'delivery bucket')))];
  const bucketName = bucketNames[0];
  const policy = bucketPolicyOf(json, bucketName);
  const delivery = (key: string): SimulatedRequest => ({
    principal: 'config.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(bucketName, key),
    resourceAccount: accountId,
    context: { 'aws:SourceAccount': accountId, ...OWNER_FULL_CONTROL },
  });
  const historyFile = (region: string) =>
    `AWSLogs/${accountId}/Config/${region}/2026/1/15/ConfigHistory/${accountId}_Config_${region}_ConfigHistory_AWS::EC2::Instance_20260115T100000Z_20260115T110000Z_1.json.gz`;
  const write = delivery(historyFile(homeRegion));

  test('every region’s recorder delivers to the one bucket, without a key prefix', () => {
    expect(bucketNames).toHaveLength(1);
    expect(channels.length).toBeGreaterThan(1);
    for (const channel of channels) expect(channel.s3_key_prefix).toBeUndefined();
  });

  test('Config may deliver for this account, from every recording region, and check the bucket first', async () => {
    const regions = channels.map((channel) => regionOf(json, channel));
    for (const key of [...regions.map(historyFile), `AWSLogs/${accountId}/Config/ConfigWritabilityCheckFile`]) {
      expect(await simulate({ resourcePolicy: policy }, delivery(key))).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowConfigDelivery'],
      });
    }
    const bucket = { ...write, resource: `arn:aws:s3:::${bucketName}`, context: { 'aws:SourceAccount': accountId } };
    expect(await simulate({ resourcePolicy: policy }, { ...bucket, action: 's3:GetBucketAcl' })).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowConfigBucketPermissionsCheck'],
    });
    expect(await simulate({ resourcePolicy: policy }, { ...bucket, action: 's3:ListBucket' })).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowConfigBucketExistenceCheck'],
    });
    const otherAccount = withContext({ ...bucket, action: 's3:GetBucketAcl' }, { 'aws:SourceAccount': otherAccountId });
    expect(await decisionOf({ resourcePolicy: policy }, otherAccount)).toBe('ImplicitlyDenied');
  });

  test('Config acting for another account may not deliver', async () => {
    expect(await decisionOf({ resourcePolicy: policy }, withContext(write, { 'aws:SourceAccount': otherAccountId }))).toBe(
      'ImplicitlyDenied',
    );
    const intoItsOwnPrefix = withContext(delivery(`AWSLogs/${otherAccountId}/Config/${homeRegion}/x.json.gz`), {
      'aws:SourceAccount': otherAccountId,
    });
    expect(await decisionOf({ resourcePolicy: policy }, intoItsOwnPrefix)).toBe('ImplicitlyDenied');
  });

  test.each([
    ['another account’s prefix', `AWSLogs/${otherAccountId}/Config/eu-west-1/x.json.gz`],
    ['the account prefix outside Config/', `AWSLogs/${accountId}/CloudTrail/x.json.gz`],
    ['the bucket root', 'x.json.gz'],
  ])('Config may not write into %s', async (_, key) => {
    expect(await decisionOf({ resourcePolicy: policy }, delivery(key))).toBe('ImplicitlyDenied');
  });

  test('a delivery that does not hand the object to the bucket owner is refused', async () => {
    expect(await decisionOf({ resourcePolicy: policy }, withContext(write, { 's3:x-amz-acl': undefined }))).toBe('ImplicitlyDenied');
  });

  test('nothing is allowed without TLS', async () => {
    await expectTlsRequired(policy, bucketName, write);
  });
});

describe('access-log bucket policy', () => {
  // Every bucket that logs its access, where to and under which prefix, as synthesized.
  const loggings = entriesOfType(json, 'aws_s3_bucket_logging').map(([, logging]) => ({
    source: literal(referencedResource(json, logging.bucket).body.bucket, 'logged bucket'),
    target: literal(referencedResource(json, logging.target_bucket).body.bucket, 'target bucket'),
    prefix: literal(logging.target_prefix, 'target prefix'),
  }));
  const targets = [...new Set(loggings.map((l) => l.target))];
  const bucketName = targets[0];
  const policy = bucketPolicyOf(json, bucketName);
  const delivery = (sourceBucket: string, prefix: string): SimulatedRequest => ({
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(bucketName, `${prefix}2026-01-15-10-05-00-0123456789ABCDEF`),
    resourceAccount: accountId,
    context: { 'aws:SourceArn': `arn:aws:s3:::${sourceBucket}`, 'aws:SourceAccount': accountId },
  });

  test('the trail and Config buckets log into one access-log bucket', () => {
    expect(targets).toHaveLength(1);
    expect(loggings.map((l) => l.source)).toEqual(
      expect.arrayContaining([trailOf(account).bucketName, entriesOfType(json, 'aws_config_delivery_channel')[0][1].s3_bucket_name]),
    );
  });

  test('S3 server access logging may deliver the logs of every bucket that logs here', async () => {
    for (const { source, prefix } of loggings) {
      expect(await simulate({ resourcePolicy: policy }, delivery(source, prefix))).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowS3ServerAccessLogDelivery'],
      });
    }
  });

  test('logs of a bucket that does not log here are refused: another bucket of the account, the access-log bucket itself', async () => {
    const { prefix } = loggings[0];
    const notLogged = entriesOfType(json, 'aws_s3_bucket')
      .map(([, b]) => literal(b.bucket, 'bucket name'))
      .filter((name) => !loggings.some((l) => l.source === name));
    expect(notLogged).toEqual([bucketName]);
    for (const source of [...notLogged, `acme-application-data-${accountId}`]) {
      expect(await decisionOf({ resourcePolicy: policy }, delivery(source, prefix))).toBe('ImplicitlyDenied');
    }
  });

  test('a logged bucket’s name with another account as the source is refused', async () => {
    const { source, prefix } = loggings[0];
    const request = withContext(delivery(source, prefix), { 'aws:SourceAccount': otherAccountId });
    expect(await decisionOf({ resourcePolicy: policy }, request)).toBe('ImplicitlyDenied');
  });

  test('nothing is allowed without TLS', async () => {
    await expectTlsRequired(policy, bucketName, delivery(loggings[0].source, loggings[0].prefix));
  });
});

describe('VPC flow-log bucket policy', () => {
  const bucketName = account.stack.flowLogBucket!.bucketName;
  const policy = bucketPolicyOf(json, bucketName);
  const write: SimulatedRequest = {
    principal: 'delivery.logs.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(
      bucketName,
      `AWSLogs/${accountId}/vpcflowlogs/eu-central-1/2026/01/15/${accountId}_vpcflowlogs_eu-central-1_fl-0123456789abcdef0_20260115T1005Z_a1b2c3.log.gz`,
    ),
    resourceAccount: accountId,
    context: { 'aws:SourceAccount': accountId, 'aws:SourceArn': `arn:aws:logs:eu-central-1:${accountId}:*`, ...OWNER_FULL_CONTROL },
  };

  test('log delivery may write flow logs of this account, from any region', async () => {
    expect(await simulate({ resourcePolicy: policy }, write)).toMatchObject({ decision: 'Allowed', allowedBy: ['AllowLogDeliveryWrite'] });
  });

  test('log delivery acting for another account may not', async () => {
    const other = withContext(write, {
      'aws:SourceAccount': otherAccountId,
      'aws:SourceArn': `arn:aws:logs:eu-central-1:${otherAccountId}:*`,
    });
    expect(await decisionOf({ resourcePolicy: policy }, other)).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: policy }, withContext(write, { 'aws:SourceAccount': otherAccountId }))).toBe(
      'ImplicitlyDenied',
    );
  });

  test('nothing is allowed without TLS', async () => {
    await expectTlsRequired(policy, bucketName, write);
  });
});
