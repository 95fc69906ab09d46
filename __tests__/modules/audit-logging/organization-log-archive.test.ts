/**
 * OrganizationLogArchive: what it creates and what its policies say. What the bucket policies
 * allow and deny is simulated in organization-log-archive.simulation.test.ts.
 */
import { BUCKET_POLICY_MAX_BYTES, type OrganizationLogArchiveProps } from '../../../modules/audit-logging/organization-log-archive';
import { addressOf, bodyOf, bucketResource, parsePolicy, refTo, resourcesOfType, statementBySid } from '../../helpers/synth';
import {
  accountTrailOf,
  exampleProps,
  LOG_ARCHIVE,
  MANAGEMENT,
  MEMBER,
  NAMES,
  ORG_ID,
  ORG_TRAIL,
  SECURITY,
  synthLogArchive,
} from './organization-log-archive-fixtures';

const sids = (policy: string) => parsePolicy(policy).Statement.map((s) => s.Sid);

describe('OrganizationLogArchive', () => {
  const { archive, json } = synthLogArchive();
  const keyPolicy: string = bodyOf(json, archive.trailKey.key).policy;
  const policyOf = (bucket: typeof archive.trailBucket): string => bodyOf(json, bucket.policy).policy;

  test('creates one key and three log buckets, each protected from destroy', () => {
    expect(Object.values(resourcesOfType(json, 'aws_kms_key'))).toHaveLength(1);
    expect(
      Object.values(resourcesOfType(json, 'aws_s3_bucket'))
        .map((b) => b.bucket)
        .sort(),
    ).toEqual([NAMES.accessLogBucket, NAMES.configBucket, NAMES.trailBucket].sort());
    for (const bucket of Object.values(resourcesOfType(json, 'aws_s3_bucket'))) {
      expect(bucket).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    }
    expect(archive.trailBucket.bucketName).toBe(NAMES.trailBucket);
    expect(archive.configBucket!.bucketArn).toBe(`arn:aws:s3:::${NAMES.configBucket}`);
  });

  test('the trail key rotates, cannot be destroyed and has its alias', () => {
    expect(bodyOf(json, archive.trailKey.key)).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
      description: 'Encrypts the organization trail log files',
    });
    expect(Object.values(resourcesOfType(json, 'aws_kms_alias'))).toEqual([
      { name: 'alias/acme-org-trail', target_key_id: refTo(archive.trailKey.key, 'key_id') },
    ]);
  });

  test('the trail key is administered by its own account only', () => {
    expect(sids(keyPolicy)).toEqual([
      'EnableAccountIamPolicies',
      'AllowCloudTrailToEncryptLogs',
      'AllowCloudTrailToDescribeKey',
      'AllowAccountToDecryptTrailLogs',
      'AllowReaderAccountsToDecryptTrailLogs',
    ]);
    expect(statementBySid(keyPolicy, 'EnableAccountIamPolicies')).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` },
      Action: 'kms:*',
    });
  });

  // The simulator cannot evaluate kms:EncryptionContext keys: these statements are checked as written.
  test('only the organization trail may encrypt with the key, under the management account’s trail context', () => {
    expect(statementBySid(keyPolicy, 'AllowCloudTrailToEncryptLogs')).toEqual({
      Sid: 'AllowCloudTrailToEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': ORG_TRAIL },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` },
      },
    });
    expect(statementBySid(keyPolicy, 'AllowCloudTrailToDescribeKey')).toEqual({
      Sid: 'AllowCloudTrailToDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL } },
    });
  });

  test('the log-archive account and the reader accounts may decrypt the organization trail’s logs, and nothing else', () => {
    const trailContext = { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` };
    expect(statementBySid(keyPolicy, 'AllowAccountToDecryptTrailLogs')).toMatchObject({
      Principal: { AWS: `arn:aws:iam::${LOG_ARCHIVE}:root` },
      Condition: { StringEquals: { 'kms:CallerAccount': LOG_ARCHIVE }, StringLike: trailContext },
    });
    expect(statementBySid(keyPolicy, 'AllowReaderAccountsToDecryptTrailLogs')).toEqual({
      Sid: 'AllowReaderAccountsToDecryptTrailLogs',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${SECURITY}:root`, `arn:aws:iam::${MANAGEMENT}:root`] },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': [SECURITY, MANAGEMENT] }, StringLike: trailContext },
    });
  });

  test('the trail bucket is SSE-KMS with the trail key, without an S3 Bucket Key, and logs its access', () => {
    expect(bucketResource(json, 'aws_s3_bucket_server_side_encryption_configuration', archive.trailBucket.bucket).rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: refTo(archive.trailKey.key, 'arn') },
        bucket_key_enabled: false,
      },
    ]);
    expect(bucketResource(json, 'aws_s3_bucket_logging', archive.trailBucket.bucket)).toMatchObject({
      target_bucket: refTo(archive.accessLogBucket.bucket, 'id'),
      target_prefix: 'cloudtraillogs/',
      depends_on: [addressOf(archive.accessLogBucket.policy)],
    });
  });

  test('the Config bucket is SSE-S3 and logs its access; the access-log bucket is SSE-S3 and logs nowhere', () => {
    for (const bucket of [archive.configBucket!, archive.accessLogBucket]) {
      expect(bucketResource(json, 'aws_s3_bucket_server_side_encryption_configuration', bucket.bucket).rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
      ]);
    }
    expect(bucketResource(json, 'aws_s3_bucket_logging', archive.configBucket!.bucket)).toMatchObject({
      target_bucket: refTo(archive.accessLogBucket.bucket, 'id'),
      target_prefix: 'configlogs/',
    });
    expect(Object.values(resourcesOfType(json, 'aws_s3_bucket_logging'))).toHaveLength(2);
  });

  test('each bucket has the default lifecycle, versioning, no public access and no ACLs', () => {
    for (const bucket of [archive.trailBucket, archive.configBucket!, archive.accessLogBucket]) {
      const [rule] = bucketResource(json, 'aws_s3_bucket_lifecycle_configuration', bucket.bucket).rule;
      expect(rule).toMatchObject({ transition: [{ days: 90, storage_class: 'GLACIER' }], expiration: [{ days: 2555 }] });
      expect(bucketResource(json, 'aws_s3_bucket_versioning', bucket.bucket).versioning_configuration).toEqual({ status: 'Enabled' });
      expect(bucketResource(json, 'aws_s3_bucket_public_access_block', bucket.bucket)).toMatchObject({
        block_public_policy: true,
        restrict_public_buckets: true,
      });
      expect(bucketResource(json, 'aws_s3_bucket_ownership_controls', bucket.bucket).rule).toEqual({
        object_ownership: 'BucketOwnerEnforced',
      });
    }
  });

  test('the bucket policies hold one statement per kind of delivery, whatever the number of accounts', () => {
    expect(sids(policyOf(archive.trailBucket))).toEqual([
      'DenyInsecureTransport',
      'AllowOrganizationTrailAclCheck',
      'AllowOrganizationTrailWrite',
      'AllowAccountTrailsDelivery',
      'DenyCloudTrailWritesNotOwnedByBucketOwner',
      'AllowReaderAccountsToReadLogs',
    ]);
    expect(sids(policyOf(archive.configBucket!))).toEqual([
      'DenyInsecureTransport',
      'AllowConfigDeliveryForAccounts',
      'DenyConfigWritesNotOwnedByBucketOwner',
      'AllowReaderAccountsToReadLogs',
    ]);
    expect(sids(policyOf(archive.accessLogBucket))).toEqual(['DenyInsecureTransport', 'AllowS3ServerAccessLogDelivery']);
  });

  test('the organization trail statements are the CloudTrail guide’s, for this trail', () => {
    const bucket = archive.trailBucket.bucketArn;
    expect(statementBySid(policyOf(archive.trailBucket), 'AllowOrganizationTrailWrite')).toEqual({
      Sid: 'AllowOrganizationTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [`${bucket}/AWSLogs/${ORG_ID}/*`, `${bucket}/AWSLogs/${MANAGEMENT}/*`],
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': ORG_TRAIL } },
    });
  });

  test('policy variables reach IAM as ${…}: Terraform would otherwise evaluate them itself', () => {
    for (const bucket of [archive.trailBucket, archive.configBucket!]) {
      const policy = policyOf(bucket);
      expect(policy).toContain('$${aws:SourceAccount}');
      expect(policy.replace(/\$\$\{aws:SourceAccount\}/g, '')).not.toMatch(/[$%]\{/);
    }
  });

  test('the lifecycle of each bucket is configurable', () => {
    const { archive: custom, json: customJson } = synthLogArchive(
      exampleProps({
        lifecycle: { cloudtrail: { expirationDays: 3653 }, config: { transitionToGlacierDays: 30 }, accessLogs: { expirationDays: 365 } },
      }),
    );
    const ruleOf = (bucket: typeof custom.trailBucket) =>
      bucketResource(customJson, 'aws_s3_bucket_lifecycle_configuration', bucket.bucket).rule[0];
    expect(ruleOf(custom.trailBucket).expiration).toEqual([{ days: 3653 }]);
    expect(ruleOf(custom.configBucket!).transition).toEqual([{ days: 30, storage_class: 'GLACIER' }]);
    expect(ruleOf(custom.accessLogBucket).expiration).toEqual([{ days: 365 }]);
  });
});

describe('OrganizationLogArchive with 1,000 accounts', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7919));
  const props = exampleProps({
    accountTrails: Object.fromEntries(ids.map((id) => [id, accountTrailOf(id)])),
    configAccountIds: ids,
  });
  const { archive, json } = synthLogArchive(props);

  test('every bucket policy stays under the 20 KB S3 allows, with room to spare', () => {
    for (const bucket of [archive.trailBucket, archive.configBucket!]) {
      const bytes = Buffer.byteLength(bodyOf(json, bucket.policy).policy, 'utf8');
      expect(bytes).toBeLessThan(17 * 1024);
      expect(bytes).toBeLessThan(BUCKET_POLICY_MAX_BYTES);
    }
  });

  test('each account id appears once per policy: a policy grows by one id per account', () => {
    const last = ids[ids.length - 1];
    for (const bucket of [archive.trailBucket, archive.configBucket!]) {
      expect(bodyOf(json, bucket.policy).policy.split(`"${last}"`)).toHaveLength(2);
    }
  });

  test('an organization whose policy would pass 20 KB fails the synth, naming the bucket', () => {
    const many = Array.from({ length: 1400 }, (_, i) => String(100000000000 + i * 7919));
    expect(() => synthLogArchive(exampleProps({ configAccountIds: many }))).toThrow(
      new RegExp(`policy of bucket ${NAMES.configBucket} would be \\d+ bytes; S3 allows 20480`),
    );
  });
});

describe('OrganizationLogArchive props', () => {
  test.each<[string, Partial<OrganizationLogArchiveProps>, string]>([
    ['a malformed account id', { accountId: '1234' }, 'accountId: "1234" is not a 12-digit AWS account id'],
    ['a malformed organization id', { organizationId: 'r-abcd' }, 'organizationId: "r-abcd" is not an organization id'],
    [
      'an organization trail outside the management account',
      { organizationTrailArn: accountTrailOf(MEMBER) },
      `organizationTrailArn: the trail is in account ${MEMBER}, not in the management account ${MANAGEMENT}`,
    ],
    [
      'an organization trail that is no trail ARN',
      { organizationTrailArn: 'acme-org-trail' },
      'organizationTrailArn: "acme-org-trail" is not a trail ARN',
    ],
    [
      'an account trail in another account',
      { accountTrails: { [MEMBER]: accountTrailOf(SECURITY) } },
      `accountTrails: trail of account ${MEMBER}: ${accountTrailOf(SECURITY)} is in account ${SECURITY}`,
    ],
    ['a Config account listed twice', { configAccountIds: [MEMBER, MEMBER] }, `configAccountIds: account ${MEMBER} is listed twice`],
    ['a wildcard among the readers', { readerAccountIds: ['*'] }, 'readerAccountIds: "*" is not a 12-digit AWS account id'],
  ])('%s is refused, naming the prop', (_, overrides, message) => {
    expect(() => synthLogArchive(exampleProps(overrides))).toThrow(message);
  });

  test('every problem is reported at once', () => {
    expect(() => synthLogArchive(exampleProps({ accountId: 'x', organizationId: 'y' }))).toThrow(/accountId: .*; organizationId: /);
  });

  test('without account trails or readers, only the organization trail delivers and only the log-archive account decrypts', () => {
    const { archive, json } = synthLogArchive(exampleProps({ accountTrails: undefined, readerAccountIds: undefined }));
    expect(sids(bodyOf(json, archive.trailBucket.policy).policy)).toEqual([
      'DenyInsecureTransport',
      'AllowOrganizationTrailAclCheck',
      'AllowOrganizationTrailWrite',
    ]);
    expect(sids(bodyOf(json, archive.trailKey.key).policy)).not.toContain('AllowReaderAccountsToDecryptTrailLogs');
  });
});
