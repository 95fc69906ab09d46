import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { arn } from '../core/arn';
import { CustomerManagedKey } from '../core/customer-managed-key';
import type { PolicyStatement } from '../core/policy-document';

export interface LogEncryptionKeyProps {
  /** Account that owns the key; its IAM policies administer it. */
  readonly accountId: string;
  /** Alias, including the `alias/` prefix. */
  readonly alias: string;
  /**
   * Lets this trail encrypt log files (only under its own encryption context and source ARN), and
   * lets principals of the account decrypt them.
   * @default CloudTrail gets no access
   */
  readonly cloudTrail?: { readonly trailArn: string };
  /**
   * Lets CloudWatch Logs in `region` use the key, only for these log groups.
   * @default CloudWatch Logs gets no access
   */
  readonly cloudWatchLogs?: { readonly region: string; readonly logGroupNames: readonly string[] };
  /** @default 'Encrypts security-baseline audit logs' */
  readonly description?: string;
  /** Waiting period before a scheduled deletion takes effect (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The customer-managed key for audit logs (see CustomerManagedKey), with a key policy granting
 * CloudTrail and CloudWatch Logs only what they need.
 */
export class LogEncryptionKey extends CustomerManagedKey {
  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id, {
      ...props,
      description: props.description ?? 'Encrypts security-baseline audit logs',
      policyStatements: logKeyPolicyStatements(props),
    });
  }
}

/** One grant per service that uses the key. */
function logKeyPolicyStatements(props: LogEncryptionKeyProps): PolicyStatement[] {
  const accountRoot = arn.accountRoot(props.accountId);
  const statements: PolicyStatement[] = [];
  if (props.cloudTrail) {
    const trailContext = { 'kms:EncryptionContext:aws:cloudtrail:arn': arn.anyCloudTrailOf(props.accountId) };
    statements.push(
      {
        Sid: 'AllowCloudTrailToEncryptLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceArn': props.cloudTrail.trailArn },
          StringLike: trailContext,
        },
      },
      {
        Sid: 'AllowCloudTrailToDescribeKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': props.cloudTrail.trailArn } },
      },
      {
        Sid: 'AllowAccountToDecryptTrailLogs',
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': props.accountId },
          StringLike: trailContext,
        },
      },
    );
  }
  if (props.cloudWatchLogs) {
    const { region, logGroupNames } = props.cloudWatchLogs;
    statements.push({
      Sid: 'AllowCloudWatchLogsForBaselineLogGroups',
      Effect: 'Allow',
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': logGroupNames.map((name) => arn.logGroup(region, props.accountId, name)),
        },
      },
    });
  }
  return statements;
}
