import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { arn } from '../core/arn';
import { CustomerManagedKey } from '../core/customer-managed-key';
import type { PolicyStatement } from '../core/policy-document';
import { checkAccountIds } from './log-delivery-statements';

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
  readonly cloudTrail?: {
    readonly trailArn: string;
    /**
     * Account whose trails' encryption context (`aws:cloudtrail:arn`) the key accepts. For an
     * organization trail it is the management account, whatever account the key is in: every
     * member's events are encrypted under the management account's trail.
     * @default accountId
     */
    readonly trailOwnerAccountId?: string;
  };
  /**
   * Other accounts whose principals may decrypt the trail's log files (`kms:Decrypt`, only under
   * the trail's encryption context), given their IAM permissions: e.g. the log-archive and
   * security accounts reading a member's trail in the central bucket. The key's own account is
   * always allowed (AllowAccountToDecryptTrailLogs), so listing it adds nothing. Ignored without
   * `cloudTrail`: there are then no trail logs to read.
   * @default no other account
   */
  readonly crossAccountReaders?: readonly string[];
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
    const trailOwner = props.cloudTrail.trailOwnerAccountId ?? props.accountId;
    const trailContext = { 'kms:EncryptionContext:aws:cloudtrail:arn': arn.anyCloudTrailOf(trailOwner) };
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
    const readers = crossAccountReadersOf(props);
    if (readers.length > 0) {
      statements.push({
        Sid: 'AllowReaderAccountsToDecryptTrailLogs',
        Effect: 'Allow',
        Principal: { AWS: readers.map((id) => arn.accountRoot(id)) },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': readers },
          StringLike: trailContext,
        },
      });
    }
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

/** The reader accounts other than the key's own, checked. */
function crossAccountReadersOf(props: LogEncryptionKeyProps): string[] {
  const readers = props.crossAccountReaders ?? [];
  checkAccountIds(readers, 'LogEncryptionKey crossAccountReaders');
  return readers.filter((id) => id !== props.accountId);
}
