/**
 * What the log archive's bucket policies (and the key policy, where the simulator can judge it)
 * allow and deny, decided by the IAM policy simulator (helpers/policy-simulator.ts) on the
 * synthesized policies, as IAM receives them from Terraform. Each refused case differs from an
 * allowed one in one respect, so it is refused for that reason.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decisionOf, identityPolicyAllowing, simulate, withContext, type SimulatedRequest } from '../../helpers/policy-simulator';
import { bodyOf, tempDir } from '../../helpers/synth';
import { runTerraform } from '../../../operations/offline-plan';
import { findTerraform } from '../../helpers/terraform';
import {
  accountTrailOf,
  exampleProps,
  LOG_ARCHIVE,
  MANAGEMENT,
  MEMBER,
  MEMBERS,
  NAMES,
  ORG_ID,
  ORG_TRAIL,
  REGION,
  SECURITY,
  synthLogArchive,
} from './organization-log-archive-fixtures';

const OUTSIDER = '999999999999';
const OWNER_FULL_CONTROL = { 's3:x-amz-acl': 'bucket-owner-full-control' };
const objectIn = (bucketName: string, key: string) => `arn:aws:s3:::${bucketName}/${key}`;

/** The policy as IAM gets it: Terraform renders the escaped `$${` of policy variables as `${`. */
const asIamGetsIt = (synthesized: string) => synthesized.replace(/\$\$\{/g, '${');

const { archive, json } = synthLogArchive();
const trailPolicy = asIamGetsIt(bodyOf(json, archive.trailBucket.policy).policy);
const configPolicy = asIamGetsIt(bodyOf(json, archive.configBucket!.policy).policy);
const accessLogPolicy = asIamGetsIt(bodyOf(json, archive.accessLogBucket.policy).policy);

const terraform = findTerraform();
('unavailable' in terraform ? test.skip : test)('Terraform renders the synthesized policies as the simulations read them', async () => {
  if ('unavailable' in terraform) return;
  const dir = tempDir('log-archive-render');
  const output = {
    trail: { value: bodyOf(json, archive.trailBucket.policy).policy },
    config: { value: bodyOf(json, archive.configBucket!.policy).policy },
  };
  fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify({ output }));
  await runTerraform(terraform, dir, ['init']);
  await runTerraform(terraform, dir, ['apply', '-auto-approve', '-input=false']);
  const rendered = JSON.parse(await runTerraform(terraform, dir, ['output', '-json']));
  expect(rendered.trail.value).toBe(trailPolicy);
  expect(rendered.config.value).toBe(configPolicy);
  expect(trailPolicy).toContain('/AWSLogs/${aws:SourceAccount}/*');
});

/** The same request without TLS is refused explicitly, and so is the bucket owner's administrator. */
async function expectTlsRequired(policy: string, bucketName: string, allowed: SimulatedRequest) {
  expect(await simulate({ resourcePolicy: policy }, withContext(allowed, { 'aws:SecureTransport': 'false' }))).toMatchObject({
    decision: 'ExplicitlyDenied',
    deniedBy: ['DenyInsecureTransport'],
  });
  const admin: SimulatedRequest = {
    principal: `arn:aws:iam::${LOG_ARCHIVE}:role/Admin`,
    action: 's3:GetObject',
    resource: objectIn(bucketName, 'AWSLogs/x.gz'),
    resourceAccount: LOG_ARCHIVE,
  };
  const adminPolicies = { resourcePolicy: policy, identityPolicies: [identityPolicyAllowing('s3:*')] };
  expect(await decisionOf(adminPolicies, admin)).toBe('Allowed');
  expect(await decisionOf(adminPolicies, withContext(admin, { 'aws:SecureTransport': 'false' }))).toBe('ExplicitlyDenied');
}

describe('central trail bucket', () => {
  const bucketName = NAMES.trailBucket;
  /** CloudTrail writing `key` for the trail `trailArn` of `account`, as it calls S3. */
  const delivery = (key: string, trailArn: string, account: string): SimulatedRequest => ({
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(bucketName, key),
    resourceAccount: LOG_ARCHIVE,
    context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account, ...OWNER_FULL_CONTROL },
  });
  const orgLogFile = (account: string) =>
    `AWSLogs/${ORG_ID}/${account}/CloudTrail/${REGION}/2026/01/15/${account}_CloudTrail_${REGION}_20260115T1005Z_a1b2c3.json.gz`;
  const accountLogFile = (account: string) =>
    `AWSLogs/${account}/CloudTrail/us-east-1/2026/01/15/${account}_CloudTrail_us-east-1_20260115T1005Z_d4e5f6.json.gz`;
  const orgWrite = delivery(orgLogFile(MEMBER), ORG_TRAIL, MANAGEMENT);
  const memberWrite = delivery(accountLogFile(MEMBER), accountTrailOf(MEMBER), MEMBER);
  const aclCheck = (trailArn: string, account: string): SimulatedRequest => ({
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:GetBucketAcl',
    resource: `arn:aws:s3:::${bucketName}`,
    resourceAccount: LOG_ARCHIVE,
    context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account },
  });

  test.each([
    ['a member’s events under AWSLogs/<org id>/', orgLogFile(MEMBER)],
    ['the management account’s events under AWSLogs/<org id>/', orgLogFile(MANAGEMENT)],
    ['a digest file under AWSLogs/<org id>/', `AWSLogs/${ORG_ID}/${MEMBER}/CloudTrail-Digest/${REGION}/2026/01/15/x.json.gz`],
    ['a log file under AWSLogs/<management id>/ (the trail as a management-only trail)', accountLogFile(MANAGEMENT)],
  ])('the organization trail may write %s', async (_, key) => {
    expect(await simulate({ resourcePolicy: trailPolicy }, delivery(key, ORG_TRAIL, MANAGEMENT))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowOrganizationTrailWrite'],
    });
  });

  test.each([
    ['another organization’s prefix', `AWSLogs/o-zzzzzzzzzz/${MEMBER}/CloudTrail/x.json.gz`],
    ['a member’s account prefix', accountLogFile(MEMBER)],
    ['the bucket root', 'x.json.gz'],
  ])('the organization trail may not write into %s', async (_, key) => {
    expect(await decisionOf({ resourcePolicy: trailPolicy }, delivery(key, ORG_TRAIL, MANAGEMENT))).toBe('ImplicitlyDenied');
  });

  test.each([
    ['another trail of the management account', `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/other-trail`, MANAGEMENT],
    [
      'a trail of the same name in an account outside the organization',
      `arn:aws:cloudtrail:${REGION}:${OUTSIDER}:trail/acme-org-trail`,
      OUTSIDER,
    ],
    ['a member’s account trail', accountTrailOf(MEMBER), MEMBER],
  ])('%s may not write under AWSLogs/<org id>/', async (_, trailArn, account) => {
    expect(
      await decisionOf({ resourcePolicy: trailPolicy }, withContext(orgWrite, { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account })),
    ).toBe('ImplicitlyDenied');
  });

  test('every listed account trail may write under its own AWSLogs/<account>/', async () => {
    for (const account of MEMBERS) {
      expect(
        await simulate({ resourcePolicy: trailPolicy }, delivery(accountLogFile(account), accountTrailOf(account), account)),
      ).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowAccountTrailsDelivery'],
      });
    }
  });

  test('an account trail may not write under another account’s prefix, nor under the organization’s', async () => {
    for (const key of [accountLogFile(SECURITY), orgLogFile(MEMBER), `AWSLogs/${MEMBER}x/CloudTrail/x.json.gz`]) {
      expect(await decisionOf({ resourcePolicy: trailPolicy }, { ...memberWrite, resource: objectIn(bucketName, key) })).toBe(
        'ImplicitlyDenied',
      );
    }
  });

  test.each([
    [
      'an unlisted account’s trail of the same name',
      { 'aws:SourceArn': accountTrailOf(OUTSIDER), 'aws:SourceAccount': OUTSIDER },
      OUTSIDER,
    ],
    ['another trail of a listed account', { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${MEMBER}:trail/shadow` }, MEMBER],
    [
      'a listed trail’s ARN in another region',
      { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/acme-audit-trail` },
      MEMBER,
    ],
    ['a listed account acting for another listed account’s trail', { 'aws:SourceArn': accountTrailOf(SECURITY) }, MEMBER],
  ])('%s may not write', async (_, context, prefixAccount) => {
    const request = withContext({ ...memberWrite, resource: objectIn(bucketName, accountLogFile(prefixAccount)) }, context);
    expect(await decisionOf({ resourcePolicy: trailPolicy }, request)).toBe('ImplicitlyDenied');
  });

  test('a write that does not hand the object to the bucket owner is refused, for every trail', async () => {
    for (const write of [orgWrite, memberWrite]) {
      expect(await simulate({ resourcePolicy: trailPolicy }, withContext(write, { 's3:x-amz-acl': undefined }))).toMatchObject({
        decision: 'ExplicitlyDenied',
        deniedBy: ['DenyCloudTrailWritesNotOwnedByBucketOwner'],
      });
      expect(await decisionOf({ resourcePolicy: trailPolicy }, withContext(write, { 's3:x-amz-acl': 'public-read' }))).toBe(
        'ExplicitlyDenied',
      );
    }
  });

  test('CloudTrail may read the bucket ACL for the organization trail and the listed account trails only', async () => {
    expect(await simulate({ resourcePolicy: trailPolicy }, aclCheck(ORG_TRAIL, MANAGEMENT))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowOrganizationTrailAclCheck'],
    });
    expect(await simulate({ resourcePolicy: trailPolicy }, aclCheck(accountTrailOf(MEMBER), MEMBER))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowAccountTrailsDelivery'],
    });
    expect(await decisionOf({ resourcePolicy: trailPolicy }, aclCheck(accountTrailOf(OUTSIDER), OUTSIDER))).toBe('ImplicitlyDenied');
    const otherManagementTrail = `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/other-trail`;
    expect(await decisionOf({ resourcePolicy: trailPolicy }, aclCheck(otherManagementTrail, MANAGEMENT))).toBe('ImplicitlyDenied');
  });

  test('no other service and no principal of another account may write', async () => {
    const asConfig = { ...memberWrite, principal: 'config.amazonaws.com' };
    expect(await decisionOf({ resourcePolicy: trailPolicy }, asConfig)).toBe('ImplicitlyDenied');
    const memberAdmin = { principal: `arn:aws:iam::${MEMBER}:role/Admin`, resource: memberWrite.resource, resourceAccount: LOG_ARCHIVE };
    for (const action of ['s3:PutObject', 's3:GetObject', 's3:DeleteObject']) {
      const policies = { resourcePolicy: trailPolicy, identityPolicies: [identityPolicyAllowing('s3:*')] };
      expect(await decisionOf(policies, { ...memberAdmin, action })).toBe('ImplicitlyDenied');
    }
  });

  test('nothing is allowed without TLS, not even the organization trail or the bucket owner’s administrators', async () => {
    await expectTlsRequired(trailPolicy, bucketName, orgWrite);
    await expectTlsRequired(trailPolicy, bucketName, memberWrite);
  });
});

describe('central Config bucket', () => {
  const bucketName = NAMES.configBucket;
  const historyFile = (account: string) =>
    `AWSLogs/${account}/Config/${REGION}/2026/1/15/ConfigHistory/${account}_Config_${REGION}_ConfigHistory_AWS::EC2::Instance_20260115T100000Z_1.json.gz`;
  const delivery = (key: string, account: string): SimulatedRequest => ({
    principal: 'config.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(bucketName, key),
    resourceAccount: LOG_ARCHIVE,
    context: { 'aws:SourceAccount': account, ...OWNER_FULL_CONTROL },
  });
  const check = (action: string, account: string): SimulatedRequest => ({
    principal: 'config.amazonaws.com',
    action,
    resource: `arn:aws:s3:::${bucketName}`,
    resourceAccount: LOG_ARCHIVE,
    context: { 'aws:SourceAccount': account },
  });
  const write = delivery(historyFile(MEMBER), MEMBER);

  test('Config of every listed account may check the bucket and deliver under its own AWSLogs/<account>/Config/', async () => {
    for (const account of MEMBERS) {
      for (const request of [
        delivery(historyFile(account), account),
        delivery(`AWSLogs/${account}/Config/ConfigWritabilityCheckFile`, account),
        check('s3:GetBucketAcl', account),
        check('s3:ListBucket', account),
      ]) {
        expect(await simulate({ resourcePolicy: configPolicy }, request)).toMatchObject({
          decision: 'Allowed',
          allowedBy: ['AllowConfigDeliveryForAccounts'],
        });
      }
    }
  });

  test('Config of an unlisted account may neither check the bucket nor deliver, even under its own prefix', async () => {
    expect(await decisionOf({ resourcePolicy: configPolicy }, delivery(historyFile(OUTSIDER), OUTSIDER))).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: configPolicy }, check('s3:GetBucketAcl', OUTSIDER))).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: configPolicy }, check('s3:ListBucket', OUTSIDER))).toBe('ImplicitlyDenied');
  });

  test.each([
    ['another listed account’s prefix', historyFile(SECURITY)],
    ['its account prefix outside Config/', `AWSLogs/${MEMBER}/CloudTrail/x.json.gz`],
    ['the bucket root', 'x.json.gz'],
  ])('Config of a listed account may not write into %s', async (_, key) => {
    expect(await decisionOf({ resourcePolicy: configPolicy }, delivery(key, MEMBER))).toBe('ImplicitlyDenied');
  });

  test('a delivery that does not hand the object to the bucket owner is refused', async () => {
    expect(await simulate({ resourcePolicy: configPolicy }, withContext(write, { 's3:x-amz-acl': undefined }))).toMatchObject({
      decision: 'ExplicitlyDenied',
      deniedBy: ['DenyConfigWritesNotOwnedByBucketOwner'],
    });
  });

  test('CloudTrail may not write into the Config bucket', async () => {
    const request = {
      ...write,
      principal: 'cloudtrail.amazonaws.com',
      context: { ...write.context, 'aws:SourceArn': accountTrailOf(MEMBER) },
    };
    expect(await decisionOf({ resourcePolicy: configPolicy }, request)).toBe('ImplicitlyDenied');
  });

  test('nothing is allowed without TLS', async () => {
    await expectTlsRequired(configPolicy, bucketName, write);
  });
});

describe('access-log bucket', () => {
  const delivery = (sourceBucket: string, account = LOG_ARCHIVE): SimulatedRequest => ({
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    resource: objectIn(NAMES.accessLogBucket, 'cloudtraillogs/2026-01-15-10-05-00-0123456789ABCDEF'),
    resourceAccount: LOG_ARCHIVE,
    context: { 'aws:SourceArn': `arn:aws:s3:::${sourceBucket}`, 'aws:SourceAccount': account },
  });

  test('receives the access logs of the trail and Config buckets only', async () => {
    for (const source of [NAMES.trailBucket, NAMES.configBucket]) {
      expect(await simulate({ resourcePolicy: accessLogPolicy }, delivery(source))).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowS3ServerAccessLogDelivery'],
      });
    }
    expect(await decisionOf({ resourcePolicy: accessLogPolicy }, delivery(NAMES.accessLogBucket))).toBe('ImplicitlyDenied');
    expect(await decisionOf({ resourcePolicy: accessLogPolicy }, delivery(NAMES.trailBucket, OUTSIDER))).toBe('ImplicitlyDenied');
  });
});

describe('trail key (what the simulator can judge: no encryption-context keys)', () => {
  const keyPolicy = bodyOf(json, archive.trailKey.key).policy;
  const describeKey = (trailArn: string): SimulatedRequest => ({
    principal: 'cloudtrail.amazonaws.com',
    action: 'kms:DescribeKey',
    resource: `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': MANAGEMENT },
  });

  test('CloudTrail may describe the key for the organization trail only', async () => {
    expect(await simulate({ resourcePolicy: keyPolicy }, describeKey(ORG_TRAIL))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowCloudTrailToDescribeKey'],
    });
    expect(await decisionOf({ resourcePolicy: keyPolicy }, describeKey(accountTrailOf(MANAGEMENT)))).toBe('ImplicitlyDenied');
  });
});

describe('with 1,000 accounts', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7919));
  const big = synthLogArchive(
    exampleProps({ accountTrails: Object.fromEntries(ids.map((id) => [id, accountTrailOf(id)])), configAccountIds: ids }),
  );
  const policy = asIamGetsIt(bodyOf(big.json, big.archive.trailBucket.policy).policy);

  test('the last account’s trail still delivers, and only under its own prefix', async () => {
    const last = ids[ids.length - 1];
    const write: SimulatedRequest = {
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: objectIn(NAMES.trailBucket, `AWSLogs/${last}/CloudTrail/${REGION}/x.json.gz`),
      resourceAccount: LOG_ARCHIVE,
      context: { 'aws:SourceArn': accountTrailOf(last), 'aws:SourceAccount': last, ...OWNER_FULL_CONTROL },
    };
    expect(await decisionOf({ resourcePolicy: policy }, write)).toBe('Allowed');
    expect(
      await decisionOf(
        { resourcePolicy: policy },
        { ...write, resource: objectIn(NAMES.trailBucket, `AWSLogs/${ids[0]}/CloudTrail/x.json.gz`) },
      ),
    ).toBe('ImplicitlyDenied');
  });
});
