import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { arn } from '../core/arn';
import { addPrivateBucket, denyInsecureTransport } from '../core/private-bucket';
import { policyJson, type PolicyStatement } from '../core/policy-document';

/** What happens to objects over time. */
export interface LogBucketLifecycle {
  /** Days until objects move to S3 Glacier Flexible Retrieval. @default 90 */
  readonly transitionToGlacierDays?: number;
  /** Days until objects are deleted (7 years keeps audit evidence). @default 2555 */
  readonly expirationDays?: number;
  /** Days a replaced or deleted object version is kept, to recover from tampering. @default 365 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days until unfinished multipart uploads are cleaned up. @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
}

export interface LogBucketProps {
  readonly bucketName: string;
  /**
   * Customer-managed KMS key for default encryption (SSE-KMS). Buckets that receive S3 server
   * access logs must not set it: that delivery supports only SSE-S3.
   * @default SSE-S3 (AES256)
   */
  readonly encryptionKeyArn?: string;
  /**
   * Where this bucket's server access logs go. Only the access-log bucket itself goes without
   * (logging it into itself would log its own log writes forever).
   * @default no access logging
   */
  readonly accessLogging?: { readonly target: LogBucket; readonly prefix: string };
  /** @default archive after 90 days, expire after 2555, noncurrent versions after 365, uploads after 7 */
  readonly lifecycle?: LogBucketLifecycle;
  /**
   * Statements added to the bucket policy, typically a service's writes. Use `bucketArn` from
   * `LogBucket.arnFor(bucketName)` to build them before the bucket exists.
   * @default only the SSL-only statement
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A private, versioned, encrypted bucket for logs that must not be lost: all public access
 * blocked, ACLs disabled (BucketOwnerEnforced), SSL-only policy, lifecycle rules, and protection
 * from `terraform destroy` (`prevent_destroy`, never `force_destroy`).
 */
export class LogBucket extends Construct {
  /** The bucket's ARN, known from its name alone. */
  static arnFor(bucketName: string): string {
    return arn.s3Bucket(bucketName);
  }

  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Resources that deliver logs into the bucket should depend on this. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: LogBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucketName = props.bucketName;
    this.bucketArn = LogBucket.arnFor(props.bucketName);

    const { bucket: s3Bucket, versioning } = addPrivateBucket(this, {
      provider,
      bucketName: props.bucketName,
      kmsKeyId: props.encryptionKeyArn,
      bucketKeyEnabled: false,
    });
    this.bucket = s3Bucket;
    const bucket = this.bucket.id;

    if (props.accessLogging) {
      new S3BucketLoggingA(this, 'access-logging', {
        provider,
        bucket,
        targetBucket: props.accessLogging.target.bucket.id,
        targetPrefix: props.accessLogging.prefix,
        // Delivery is granted by the target's policy, so it must be in place first.
        dependsOn: [props.accessLogging.target.policy],
      });
    }

    const lifecycle = props.lifecycle ?? {};
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [
        {
          id: 'archive-then-expire',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: [{ days: lifecycle.transitionToGlacierDays ?? 90, storageClass: 'GLACIER' }],
          expiration: [{ days: lifecycle.expirationDays ?? 2555 }],
          noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentVersionExpirationDays ?? 365 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays ?? 7 }],
        },
      ],
      // Lifecycle rules on noncurrent versions need versioning in place first.
      dependsOn: [versioning],
    });

    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: policyJson([denyInsecureTransport(this.bucketArn), ...(props.policyStatements ?? [])]),
    });
  }
}
