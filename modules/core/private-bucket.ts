/**
 * What every bucket of the baseline is, whatever it holds (logs, Terraform state): private (all
 * public access blocked, ACLs disabled), versioned, encrypted by default, TLS-only, and protected
 * from `terraform destroy` (`prevent_destroy`, never `force_destroy`). LogBucket and StateBucket
 * add their lifecycle and policy statements.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import type { PolicyStatement } from './policy-document';

export interface PrivateBucketProps {
  readonly bucketName: string;
  /** KMS key (id, ARN or alias) for SSE-KMS. @default SSE-S3 (AES256) */
  readonly kmsKeyId?: string;
  /** With SSE-KMS: an S3 bucket key, which saves a KMS request per object read and write. */
  readonly bucketKeyEnabled: boolean;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

export interface PrivateBucket {
  readonly bucket: S3Bucket;
  /** Lifecycle rules on noncurrent versions wait for it. */
  readonly versioning: S3BucketVersioningA;
  /** A bucket policy waits for it, so S3 judges the policy against the block. */
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
}

/**
 * The bucket and its settings, created in `scope` itself (not a construct of their own): their
 * construct ids are the resources' Terraform addresses, the same as LogBucket has always had.
 */
export function addPrivateBucket(scope: Construct, props: PrivateBucketProps): PrivateBucket {
  const { provider } = props;
  const s3Bucket = new S3Bucket(scope, 'bucket', {
    provider,
    bucket: props.bucketName,
    forceDestroy: false,
    lifecycle: { preventDestroy: true },
  });
  const bucket = s3Bucket.id;
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, 'public-access-block', {
    provider,
    bucket,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'ownership', {
    provider,
    bucket,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const versioning = new S3BucketVersioningA(scope, 'versioning', {
    provider,
    bucket,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketServerSideEncryptionConfigurationA(scope, 'encryption', {
    provider,
    bucket,
    rule: [
      props.kmsKeyId
        ? {
            applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyId },
            bucketKeyEnabled: props.bucketKeyEnabled,
          }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    ],
  });
  return { bucket: s3Bucket, versioning, publicAccessBlock };
}

/** The bucket policy statement that refuses every request without TLS. */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}
