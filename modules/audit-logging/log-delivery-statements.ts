/**
 * Bucket-policy statements that let an AWS service deliver logs into a log bucket: exactly the
 * calls each service makes, and only on behalf of the given account (and trail or buckets), so
 * no other account can use the service to write into ours (confused deputy).
 */
import { PARTITION } from '../core/arn';
import type { PolicyConditions, PolicyStatement } from '../core/policy-document';

/** A service that checks the bucket, then writes objects it hands to the bucket owner. */
interface ServiceDelivery {
  readonly service: string;
  readonly bucketArn: string;
  /** Read-only calls the service makes on the bucket first, by statement id. */
  readonly checks: Readonly<Record<string, string>>;
  readonly writeSid: string;
  /** Objects the service may write. */
  readonly writeResource: string;
  /** Who the service must be acting for (`aws:SourceArn` / `aws:SourceAccount`). */
  readonly source: Readonly<Record<string, string>>;
  /** A pattern the source ARN must match as well. @default none */
  readonly sourceArnLike?: string;
}

function serviceDeliveryStatements(delivery: ServiceDelivery): PolicyStatement[] {
  const principal = { Service: delivery.service };
  const arnLike: PolicyConditions = delivery.sourceArnLike ? { ArnLike: { 'aws:SourceArn': delivery.sourceArnLike } } : {};
  return [
    ...Object.entries(delivery.checks).map(([sid, action]): PolicyStatement => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: principal,
      Action: action,
      Resource: delivery.bucketArn,
      Condition: { StringEquals: delivery.source, ...arnLike },
    })),
    {
      Sid: delivery.writeSid,
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:PutObject',
      Resource: delivery.writeResource,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...delivery.source }, ...arnLike },
    },
  ];
}

/** CloudTrail: check the bucket, then write log files under `AWSLogs/<account>/`, only for this trail. */
export function cloudTrailDeliveryStatements(bucketArn: string, accountId: string, trailArn: string): PolicyStatement[] {
  return serviceDeliveryStatements({
    service: 'cloudtrail.amazonaws.com',
    bucketArn,
    checks: { AllowCloudTrailAclCheck: 's3:GetBucketAcl' },
    writeSid: 'AllowCloudTrailWrite',
    writeResource: `${bucketArn}/AWSLogs/${accountId}/*`,
    source: { 'aws:SourceArn': trailArn },
  });
}

/** AWS Config: check the bucket, then deliver under `AWSLogs/<account>/Config/`, only for this account. */
export function configDeliveryStatements(bucketArn: string, accountId: string): PolicyStatement[] {
  return serviceDeliveryStatements({
    service: 'config.amazonaws.com',
    bucketArn,
    checks: { AllowConfigBucketPermissionsCheck: 's3:GetBucketAcl', AllowConfigBucketExistenceCheck: 's3:ListBucket' },
    writeSid: 'AllowConfigDelivery',
    writeResource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
    source: { 'aws:SourceAccount': accountId },
  });
}

/** CloudWatch Logs log delivery (VPC flow logs): check the bucket, then write under `AWSLogs/<account>/`. */
export function logDeliveryStatements(bucketArn: string, accountId: string): PolicyStatement[] {
  return serviceDeliveryStatements({
    service: 'delivery.logs.amazonaws.com',
    bucketArn,
    checks: { AllowLogDeliveryAclCheck: 's3:GetBucketAcl', AllowLogDeliveryListBucket: 's3:ListBucket' },
    writeSid: 'AllowLogDeliveryWrite',
    writeResource: `${bucketArn}/AWSLogs/${accountId}/*`,
    source: { 'aws:SourceAccount': accountId },
    sourceArnLike: `arn:${PARTITION}:logs:*:${accountId}:*`,
  });
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
