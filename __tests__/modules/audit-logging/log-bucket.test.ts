import { LogBucket } from '../../../modules/audit-logging/log-bucket';
import {
  addressOf,
  bodyOf,
  bucketResource,
  constructTestStack,
  onlyResource,
  refTo,
  resourcesOfType,
  statementBySid,
  synthStack,
} from '../../helpers/synth';

describe('LogBucket with defaults', () => {
  const stack = constructTestStack();
  const logs = new LogBucket(stack, 'logs', { bucketName: 'acme-logs-123456789012-eu-west-1' });
  const json = synthStack(stack);
  const bucket = bodyOf(json, logs.bucket);
  const bucketRef = refTo(logs.bucket, 'id');

  test('cannot be destroyed by Terraform, even when not empty', () => {
    expect(bucket.bucket).toBe('acme-logs-123456789012-eu-west-1');
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    expect(bucket.force_destroy).toBe(false);
  });

  test('exposes its name and an ARN derived from it', () => {
    expect(logs.bucketName).toBe('acme-logs-123456789012-eu-west-1');
    expect(logs.bucketArn).toBe('arn:aws:s3:::acme-logs-123456789012-eu-west-1');
  });

  test('blocks all four kinds of public access', () => {
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      bucket: bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('disables ACLs and keeps every version', () => {
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls')).toMatchObject({
      bucket: bucketRef,
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(onlyResource(json, 'aws_s3_bucket_versioning')).toMatchObject({
      bucket: bucketRef,
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('encrypts with SSE-S3', () => {
    expect(onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration')).toMatchObject({
      bucket: bucketRef,
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
  });

  test('archives to Glacier Flexible Retrieval at 90 days and expires at 2555, once versioning is on', () => {
    const lifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.bucket).toBe(bucketRef);
    expect(lifecycle.rule).toEqual([
      {
        id: 'archive-then-expire',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        transition: [{ days: 90, storage_class: 'GLACIER' }],
        expiration: [{ days: 2555 }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    const [versioningId] = Object.keys(resourcesOfType(json, 'aws_s3_bucket_versioning'));
    expect(lifecycle.depends_on).toEqual([`aws_s3_bucket_versioning.${versioningId}`]);
  });

  test('denies every request that does not use TLS', () => {
    const policy = bodyOf(json, logs.policy);
    expect(policy.bucket).toBe(bucketRef);
    expect(statementBySid(policy.policy, 'DenyInsecureTransport')).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::acme-logs-123456789012-eu-west-1', 'arn:aws:s3:::acme-logs-123456789012-eu-west-1/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('has no access logging of its own unless given a target', () => {
    expect(resourcesOfType(json, 'aws_s3_bucket_logging')).toEqual({});
  });
});

describe('LogBucket with a KMS key, access logging, custom lifecycle and service statements', () => {
  const stack = constructTestStack();
  const target = new LogBucket(stack, 'access-logs', { bucketName: 'target-bucket' });
  const trail = new LogBucket(stack, 'trail', {
    bucketName: 'trail-bucket',
    encryptionKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    accessLogging: { target, prefix: 'cloudtraillogs/' },
    lifecycle: {
      transitionToGlacierDays: 30,
      expirationDays: 400,
      noncurrentVersionExpirationDays: 10,
      abortIncompleteMultipartUploadDays: 2,
    },
    policyStatements: [
      { Sid: 'AllowSomething', Effect: 'Allow', Principal: { Service: 'x.amazonaws.com' }, Action: 's3:PutObject', Resource: '*' },
    ],
  });
  const json = synthStack(stack);

  test('uses SSE-KMS with the key (no S3 Bucket Key: CloudTrail scopes the key by its own encryption context)', () => {
    expect(bucketResource(json, 'aws_s3_bucket_server_side_encryption_configuration', trail.bucket).rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
        },
        bucket_key_enabled: false,
      },
    ]);
  });

  test('logs access into the target bucket under the prefix, once the target policy admits the delivery', () => {
    expect(bucketResource(json, 'aws_s3_bucket_logging', trail.bucket)).toEqual({
      bucket: refTo(trail.bucket, 'id'),
      target_bucket: refTo(target.bucket, 'id'),
      target_prefix: 'cloudtraillogs/',
      depends_on: [addressOf(target.policy)],
    });
  });

  test('applies the configured lifecycle', () => {
    const [rule] = bucketResource(json, 'aws_s3_bucket_lifecycle_configuration', trail.bucket).rule;
    expect(rule.transition).toEqual([{ days: 30, storage_class: 'GLACIER' }]);
    expect(rule.expiration).toEqual([{ days: 400 }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 10 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 2 }]);
  });

  test('adds the given statements after the SSL-only statement', () => {
    const policy = bodyOf(json, trail.policy).policy;
    expect(JSON.parse(policy).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyInsecureTransport', 'AllowSomething']);
  });
});
