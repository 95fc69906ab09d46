/**
 * Bucket-policy statements that let an AWS service deliver logs into a log bucket: exactly the
 * calls each service makes, and only on behalf of the given account (and trail or buckets), so
 * no other account can use the service to write into ours (confused deputy).
 */
import type { PolicyStatement } from './policy-document';

/** CloudTrail: check the bucket, then write log files under `AWSLogs/<account>/`. */
export function cloudTrailDeliveryStatements(bucketArn: string, accountId: string, trailArn: string): PolicyStatement[] {
  const fromTrail = { 'aws:SourceArn': trailArn };
  return [
    {
      Sid: 'AllowCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: fromTrail },
    },
    {
      Sid: 'AllowCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromTrail } },
    },
  ];
}

/** AWS Config: check the bucket, then deliver snapshots and history under `AWSLogs/<account>/Config/`. */
export function configDeliveryStatements(bucketArn: string, accountId: string): PolicyStatement[] {
  const fromAccount = { 'aws:SourceAccount': accountId };
  return [
    {
      Sid: 'AllowConfigBucketPermissionsCheck',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: fromAccount },
    },
    {
      Sid: 'AllowConfigBucketExistenceCheck',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringEquals: fromAccount },
    },
    {
      Sid: 'AllowConfigDelivery',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...fromAccount } },
    },
  ];
}

/**
 * S3 server access logging: with ACLs disabled (BucketOwnerEnforced) the logging service is
 * granted by policy, and only for the listed source buckets of the account.
 */
export function serverAccessLogDeliveryStatements(
  bucketArn: string,
  accountId: string,
  sourceBucketArns: readonly string[],
): PolicyStatement[] {
  return [
    {
      Sid: 'AllowS3ServerAccessLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': sourceBucketArns },
      },
    },
  ];
}
