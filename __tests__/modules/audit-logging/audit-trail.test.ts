import { AuditTrail, type AuditTrailProps } from '../../../modules/audit-logging/audit-trail';
import { LogBucket } from '../../../modules/audit-logging/log-bucket';
import { addressOf, bodyOf, constructTestStack, onlyResource, parsePolicy, refTo, synthStack } from '../../helpers/synth';

const ACCOUNT = '123456789012';

/** An audit trail writing to a fresh log bucket, with these props changed. */
function auditTrailStack(overrides: Partial<AuditTrailProps> = {}) {
  const stack = constructTestStack();
  const bucket = new LogBucket(stack, 'bucket', { bucketName: 'trail-bucket' });
  const audit = new AuditTrail(stack, 'audit', {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    trailName: 'acme-audit-trail',
    bucketName: bucket.bucketName,
    bucketPolicy: bucket.policy,
    keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    logGroupName: '/acme/cloudtrail',
    logsRoleName: 'acme-cloudtrail-to-cloudwatch-logs',
    ...overrides,
  });
  return { bucket, audit, json: synthStack(stack) };
}

describe('AuditTrail', () => {
  const { bucket, audit, json } = auditTrailStack();
  const trail = bodyOf(json, audit.trail);
  const role = onlyResource(json, 'aws_iam_role');
  const rolePolicy = onlyResource(json, 'aws_iam_role_policy');

  test('records every region, global service events and all management events, with log-file validation', () => {
    expect(trail).toMatchObject({
      name: 'acme-audit-trail',
      s3_bucket_name: 'trail-bucket',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      event_selector: [{ read_write_type: 'All', include_management_events: true }],
    });
  });

  test('encrypts log files with the customer-managed key', () => {
    expect(trail.kms_key_id).toBe('arn:aws:kms:eu-west-1:123456789012:key/abc');
  });

  test('delivers to a KMS-encrypted log group kept 365 days by default', () => {
    expect(bodyOf(json, audit.logGroup)).toEqual({
      name: '/acme/cloudtrail',
      retention_in_days: 365,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    });
    expect(trail.cloud_watch_logs_group_arn).toBe(`${refTo(audit.logGroup, 'arn')}:*`);
    expect(trail.cloud_watch_logs_role_arn).toMatch(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/);
  });

  test('the delivery role trusts CloudTrail with only what CloudTrail sends (no source keys: "not applicable" to this role)', () => {
    // A StringEquals on aws:SourceArn/aws:SourceAccount, which CloudTrail does not send here,
    // would fail CreateTrail with InvalidCloudWatchLogsRoleArnException.
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      { Sid: 'AllowServiceToAssumeRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(audit.trailArn).toBe(`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/acme-audit-trail`);
  });

  test('the delivery role may only create streams and put events in its log group', () => {
    expect(parsePolicy(rolePolicy.policy).Statement).toEqual([
      {
        Sid: 'WriteTrailLogStreams',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/cloudtrail:log-stream:*`,
      },
    ]);
  });

  test('is created only after the bucket policy and the role policy exist', () => {
    const [rolePolicyId] = Object.keys(json.resource!.aws_iam_role_policy);
    expect(trail.depends_on).toEqual([addressOf(bucket.policy), `aws_iam_role_policy.${rolePolicyId}`]);
  });
});

test('log retention is configurable', () => {
  const { audit, json } = auditTrailStack({ logRetentionDays: 3653 });
  expect(bodyOf(json, audit.logGroup).retention_in_days).toBe(3653);
});
