import { OrganizationsOrganization } from '@cdktf/provider-aws/lib/organizations-organization';
import { AuditTrail, type AuditTrailProps } from '../../../modules/audit-logging/audit-trail';
import { LogBucket } from '../../../modules/audit-logging/log-bucket';
import { addressOf, bodyOf, constructTestStack, onlyResource, parsePolicy, refTo, synthStack } from '../../helpers/synth';

const ACCOUNT = '123456789012';

const LOGS = { logGroupName: '/acme/cloudtrail', logsRoleName: 'acme-cloudtrail-to-cloudwatch-logs' };

/** An audit trail writing to a fresh log bucket and a log group, with these props changed. */
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
    cloudWatchLogs: LOGS,
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
    expect(bodyOf(json, audit.logGroup!)).toEqual({
      name: '/acme/cloudtrail',
      retention_in_days: 365,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    });
    expect(trail.cloud_watch_logs_group_arn).toBe(`${refTo(audit.logGroup!, 'arn')}:*`);
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
  const { audit, json } = auditTrailStack({ cloudWatchLogs: { ...LOGS, retentionDays: 3653 } });
  expect(bodyOf(json, audit.logGroup!).retention_in_days).toBe(3653);
});

describe('AuditTrail as an account trail (the default)', () => {
  const { audit, json } = auditTrailStack();
  const trail = bodyOf(json, audit.trail);

  test('is not an organization trail and ignores no change (the standalone output is unchanged)', () => {
    expect(trail).not.toHaveProperty('is_organization_trail');
    expect(trail).not.toHaveProperty('lifecycle');
  });
});

describe('AuditTrail as the organization trail, delivering to the log-archive account', () => {
  const LOG_ARCHIVE_KEY_ALIAS = 'arn:aws:kms:eu-west-1:333333333333:alias/acme-org-trail';
  const LOCAL_LOG_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/local';
  const stack = constructTestStack();
  const audit = new AuditTrail(stack, 'org-trail', {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    trailName: 'acme-org-trail',
    organizationTrail: true,
    bucketName: 'acme-org-cloudtrail-333333333333-eu-west-1',
    keyArn: LOG_ARCHIVE_KEY_ALIAS,
    cloudWatchLogs: { keyArn: LOCAL_LOG_KEY, logGroupName: '/acme/org-cloudtrail', logsRoleName: 'acme-org-trail-to-cloudwatch-logs' },
  });
  const json = synthStack(stack);
  const trail = bodyOf(json, audit.trail);

  test('records every account of the organization, in every region, with the same settings as an account trail', () => {
    expect(trail).toMatchObject({
      name: 'acme-org-trail',
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      event_selector: [{ read_write_type: 'All', include_management_events: true }],
      s3_bucket_name: 'acme-org-cloudtrail-333333333333-eu-west-1',
    });
    expect(audit.trailArn).toBe(`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/acme-org-trail`);
  });

  test('the bucket is in another account: the trail waits only for its role policy', () => {
    const [rolePolicyId] = Object.keys(json.resource!.aws_iam_role_policy);
    expect(trail.depends_on).toEqual([`aws_iam_role_policy.${rolePolicyId}`]);
  });

  test('encrypts with the log-archive key by alias ARN, and ignores the key ARN the provider reads back', () => {
    expect(trail.kms_key_id).toBe(LOG_ARCHIVE_KEY_ALIAS);
    expect(trail.lifecycle).toEqual({ ignore_changes: ['kms_key_id'] });
  });

  test('the log group uses a key of its own account (CloudWatch Logs takes no alias)', () => {
    expect(bodyOf(json, audit.logGroup!).kms_key_id).toBe(LOCAL_LOG_KEY);
  });

  test("the delivery role's streams include the organization's (o-…_*) ones", () => {
    expect(parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement[0].Resource).toBe(
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/acme/org-cloudtrail:log-stream:*`,
    );
  });
});

test('a member account trail may deliver to a central bucket and key without a bucket policy to wait for', () => {
  const { audit, json } = auditTrailStack({
    bucketPolicy: undefined,
    keyArn: 'arn:aws:kms:eu-west-1:333333333333:alias/acme-org-trail',
    cloudWatchLogs: { ...LOGS, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/local' },
  });
  const trail = bodyOf(json, audit.trail);
  expect(trail).not.toHaveProperty('is_organization_trail');
  expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./)]);
  expect(trail.lifecycle).toEqual({ ignore_changes: ['kms_key_id'] });
});

test('an alias ARN without a key for the log group is refused (CloudWatch Logs needs a key ARN)', () => {
  expect(() => auditTrailStack({ keyArn: 'arn:aws:kms:eu-west-1:333333333333:alias/acme-org-trail' })).toThrow(
    /is an alias; CloudWatch Logs needs a key ARN: give cloudWatchLogs.keyArn/,
  );
});

/** An organization trail delivering to log-archive's bucket and key (by alias), with these props changed. */
function organizationTrail(stack: ReturnType<typeof constructTestStack>, overrides: Partial<AuditTrailProps> = {}): AuditTrail {
  return new AuditTrail(stack, 'org-trail', {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    trailName: 'acme-org-trail',
    organizationTrail: true,
    bucketName: 'central',
    keyArn: 'arn:aws:kms:eu-west-1:333333333333:alias/acme-org-trail',
    ...overrides,
  });
}

test('an organization trail can also wait for the managed organization (trusted access for CloudTrail)', () => {
  const stack = constructTestStack();
  const organization = new OrganizationsOrganization(stack, 'organization', { featureSet: 'ALL' });
  const audit = organizationTrail(stack, {
    cloudWatchLogs: {
      keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/local',
      logGroupName: '/acme/org-cloudtrail',
      logsRoleName: 'acme-org-trail-to-cloudwatch-logs',
    },
    dependsOn: [organization],
  });
  expect(bodyOf(synthStack(stack), audit.trail).depends_on).toEqual([
    expect.stringMatching(/^aws_iam_role_policy\./),
    addressOf(organization),
  ]);
});

test('without cloudWatchLogs the trail delivers to S3 only: no log group, no delivery role, nothing to wait for in another account', () => {
  const stack = constructTestStack();
  const audit = organizationTrail(stack);
  const json = synthStack(stack);
  const trail = bodyOf(json, audit.trail);
  expect(trail).not.toHaveProperty('cloud_watch_logs_group_arn');
  expect(trail).not.toHaveProperty('cloud_watch_logs_role_arn');
  expect(trail).not.toHaveProperty('depends_on');
  expect(json.resource).not.toHaveProperty('aws_cloudwatch_log_group');
  expect(json.resource).not.toHaveProperty('aws_iam_role');
  expect(audit.logGroup).toBeUndefined();
  expect(audit.logGroupName).toBeUndefined();
});

test('deliverAfter makes the trail wait for a bucket policy of the same stack built after it', () => {
  const stack = constructTestStack();
  const audit = new AuditTrail(stack, 'trail', {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    trailName: 'acme-audit-trail',
    bucketName: 'central',
    keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    cloudWatchLogs: LOGS,
  });
  const laterBucket = new LogBucket(stack, 'later', { bucketName: 'central' });
  audit.deliverAfter(laterBucket.policy);
  audit.deliverAfter();
  expect(bodyOf(synthStack(stack), audit.trail).depends_on).toEqual([
    expect.stringMatching(/^aws_iam_role_policy\./),
    addressOf(laterBucket.policy),
  ]);
});
