import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { arn } from '../core/arn';
import { addPrivateBucket, denyInsecureTransport } from '../core/private-bucket';
import type { PolicyStatement } from '../core/policy-document';
import { principalGrants, stateObjectArns } from './deployment-policy';

/** A deployment role allowed its own account stack's state, and only that. */
export interface OwnStateAccess {
  readonly roleArn: string;
  readonly stateKey: string;
}

export interface StateBucketProps {
  readonly bucketName: string;
  /** Account stacks keep their states under `<keyPrefix>/<account>/terraform.tfstate`. */
  readonly keyPrefix: string;
  /**
   * Principals that read and write every account stack's state (and its lock): the S3 backend's
   * `roleArn`, or the deployers. Not the bootstrap's own state, which only the account's
   * administrators reach (through their IAM policies).
   */
  readonly stateWriters: readonly string[];
  /** Deployment roles that may reach their own state, and no other (an explicit deny). @default none */
  readonly ownStateAccess?: readonly OwnStateAccess[];
  /** KMS key (id, ARN or alias) for SSE-KMS, as the backend's `kmsKeyId`. @default SSE-S3 (AES256) */
  readonly kmsKeyId?: string;
  /** Days a replaced or deleted state version is kept. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Replaced versions kept whatever their age, so a state changed rarely keeps a history too. @default 10 */
  readonly noncurrentVersionsKept?: number;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The bucket every account stack keeps its Terraform state in (the S3 backend with S3-native
 * locking: no DynamoDB table): versioned, so an overwritten or deleted state can be recovered,
 * encrypted, private (public access blocked, ACLs disabled), TLS-only, and protected from
 * `terraform destroy`. Replaced versions expire after a while; the current state never does.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketArn: string;
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucketArn = arn.s3Bucket(props.bucketName);
    const {
      bucket: s3Bucket,
      versioning,
      publicAccessBlock,
    } = addPrivateBucket(this, {
      provider,
      bucketName: props.bucketName,
      kmsKeyId: props.kmsKeyId,
      bucketKeyEnabled: true,
    });
    this.bucket = s3Bucket;
    const bucket = this.bucket.id;
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      provider,
      bucket,
      rule: [
        {
          id: 'keep-state-history',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [
            { noncurrentDays: props.noncurrentVersionDays ?? 90, newerNoncurrentVersions: props.noncurrentVersionsKept ?? 10 },
          ],
          // A delete marker left alone once its versions are gone.
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
      // Rules on noncurrent versions need versioning in place first.
      dependsOn: [versioning],
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      provider,
      bucket,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: stateBucketPolicyStatements(props) }),
      // With the public access block in place first, S3 judges the policy against it.
      dependsOn: [publicAccessBlock],
    });
  }
}

/** A statement that applies to every resource but the ones it names (here: a role's own state). */
export type ExceptResourcesStatement = Omit<PolicyStatement, 'Resource'> & { readonly NotResource: readonly string[] };

/** The bucket policy: TLS only; the writers on the account states; each deployment role on its own state only. */
export function stateBucketPolicyStatements(
  props: Pick<StateBucketProps, 'bucketName' | 'keyPrefix' | 'stateWriters' | 'ownStateAccess'>,
): (PolicyStatement | ExceptResourcesStatement)[] {
  const bucketArn = arn.s3Bucket(props.bucketName);
  const accountStates = stateObjectArns(props.bucketName, `${props.keyPrefix}/*/terraform.tfstate`);
  return [
    denyInsecureTransport(bucketArn),
    ...principalGrants(props.stateWriters).flatMap(({ kind, Principal, Condition }): PolicyStatement[] => [
      {
        Sid: `Writer${kind}ListTheAccountStates`,
        Effect: 'Allow',
        Principal,
        Action: 's3:ListBucket',
        Resource: bucketArn,
        Condition: { ...Condition, StringLike: { 's3:prefix': `${props.keyPrefix}/*` } },
      },
      {
        Sid: `Writer${kind}ReadAndWriteTheAccountStates`,
        Effect: 'Allow',
        Principal,
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: accountStates,
        ...(Condition ? { Condition } : {}),
      },
    ]),
    ...(props.ownStateAccess ?? []).map(({ roleArn, stateKey }, i): ExceptResourcesStatement => ({
      Sid: `DeploymentRole${i + 1}OnlyItsOwnState`,
      Effect: 'Deny',
      // By aws:PrincipalArn, not as the Principal: S3 refuses a policy naming a role that does not
      // exist yet (the bootstrap creates it in the same apply), and a role recreated later would
      // no longer be the principal a policy resolved when it was put.
      Principal: '*',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      NotResource: stateObjectArns(props.bucketName, stateKey),
      Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn } },
    })),
  ];
}
