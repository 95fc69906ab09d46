import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { dependable, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { arn } from '../core/arn';
import { policyJson, serviceTrustPolicy } from '../core/policy-document';

export interface AuditTrailProps {
  /** The account that owns the trail and its log group (for an organization trail: the management account). */
  readonly accountId: string;
  /** Region the trail is created in (it records every region). */
  readonly region: string;
  readonly trailName: string;
  /**
   * Record the management events of every account of the organization (`is_organization_trail`).
   * Only the management account can create it (trusted access for cloudtrail.amazonaws.com must
   * be on); the bucket and key policies must admit this trail's ARN in the management account and
   * `AWSLogs/<organization id>/*`.
   * @default false: an account trail
   */
  readonly organizationTrail?: boolean;
  /** Bucket receiving the log files; its policy must admit this trail. It may be in another account. */
  readonly bucketName: string;
  /**
   * The trail is created only after this (the bucket policy), or CloudTrail rejects the bucket.
   * Omit it only when the bucket is in another account (the log-archive account's stack): nothing
   * in this stack can then be waited for, so that stack must be applied before this one
   * (`addDependency`, or the documented roll-out order).
   * @default none: the bucket's policy is applied elsewhere, first
   */
  readonly bucketPolicy?: ITerraformDependable;
  /**
   * Customer-managed key for the log files; its policy must admit this trail. A key in another
   * account is given as an alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`): its key ARN
   * is random and no stack reads another's state.
   */
  readonly keyArn: string;
  /**
   * Also deliver to an encrypted CloudWatch Logs group, where metric filters can watch the events.
   * @default S3 only: no log group and no delivery role
   */
  readonly cloudWatchLogs?: AuditTrailLogsProps;
  /**
   * Anything else the trail must wait for, such as the managed organization (TrustedAccess
   * `organization`) that turns on trusted access for CloudTrail before an organization trail.
   * @default only the bucket policy and the delivery role's policy
   */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** The CloudWatch Logs delivery of an audit trail. */
export interface AuditTrailLogsProps {
  readonly logGroupName: string;
  /** Name of the role CloudTrail assumes to write to the log group. */
  readonly logsRoleName: string;
  /** @default 365 */
  readonly retentionDays?: number;
  /**
   * Key of the log group: a key ARN (CloudWatch Logs takes no alias) whose policy admits the log
   * group. Required when the trail's `keyArn` is an alias ARN.
   * @default the trail's keyArn
   */
  readonly keyArn?: string;
}

/**
 * A multi-region CloudTrail trail with global service events, log-file validation and SSE-KMS,
 * delivered to S3 and, optionally, to an encrypted CloudWatch Logs group (where metric filters
 * watch it): an account trail, or the organization trail (`organizationTrail`), possibly delivering
 * to a bucket and a key in another account.
 */
export class AuditTrail extends Construct {
  static arnFor(region: string, accountId: string, trailName: string): string {
    return arn.cloudTrail(region, accountId, trailName);
  }

  readonly trail: Cloudtrail;
  /** Known from the name, so policies can reference the trail before it exists. */
  readonly trailArn: string;
  /** Only with `cloudWatchLogs`. */
  readonly logGroup?: CloudwatchLogGroup;
  /** A reference to the group's name (metric filters on it are created after the group); only with `cloudWatchLogs`. */
  readonly logGroupName?: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    const logs = props.cloudWatchLogs;
    if (logs && isAliasArn(props.keyArn) && logs.keyArn === undefined) {
      throw new Error(
        `AuditTrail ${this.node.path}: keyArn ${props.keyArn} is an alias; CloudWatch Logs needs a key ARN: give cloudWatchLogs.keyArn`,
      );
    }
    this.trailArn = AuditTrail.arnFor(region, accountId, props.trailName);
    const delivery = logs ? this.addLogGroupDelivery(logs, props) : undefined;
    this.logGroup = delivery?.logGroup;
    this.logGroupName = delivery?.logGroup.name;

    this.trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.trailName,
      s3BucketName: props.bucketName,
      isMultiRegionTrail: true,
      ...(props.organizationTrail ? { isOrganizationTrail: true } : {}),
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.keyArn,
      ...(delivery ? { cloudWatchLogsGroupArn: `${delivery.logGroup.arn}:*`, cloudWatchLogsRoleArn: delivery.role.arn } : {}),
      // All read and write management events: what CIS 3.1 and Security Hub CloudTrail.1 require.
      eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
      dependsOn: nonEmpty([
        ...(props.bucketPolicy ? [props.bucketPolicy] : []),
        ...(delivery ? [delivery.rolePolicy] : []),
        ...(props.dependsOn ?? []),
      ]),
      // A key in another account can only be named by its alias ARN here (its key ARN is random
      // and no stack reads another's state). CloudTrail accepts the alias ARN and resolves it, but
      // the provider stores what CloudTrail reads back, the KEY ARN, and has no diff suppression
      // for kms_key_id (internal/service/cloudtrail/trail.go, provider 5.100): without this every
      // plan after the first apply would propose to set the alias again. The cost: once created,
      // the trail keeps the key it resolved; re-pointing the alias, or naming another alias, does
      // not move it (update it with `aws cloudtrail update-trail --kms-key-id`, or replace the trail).
      ...(isAliasArn(props.keyArn) ? { lifecycle: { ignoreChanges: ['kms_key_id'] } } : {}),
    });
  }

  /**
   * The trail is created only after these too: a bucket policy or key of the same stack that the
   * trail's bucket needs but the props could not name (it was built later).
   */
  deliverAfter(...prerequisites: ITerraformDependable[]): void {
    if (prerequisites.length === 0) return;
    this.trail.dependsOn = [...(this.trail.dependsOn ?? []), ...prerequisites.map((p) => dependable(p))];
  }

  private addLogGroupDelivery(logs: AuditTrailLogsProps, { provider, accountId, region, keyArn }: AuditTrailProps) {
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: logs.logGroupName,
      retentionInDays: logs.retentionDays ?? 365,
      kmsKeyId: logs.keyArn ?? keyArn,
    });
    const role = new IamRole(this, 'logs-role', {
      provider,
      name: logs.logsRoleName,
      description: 'Lets CloudTrail deliver the audit trail to its CloudWatch Logs group',
      assumeRolePolicy: serviceTrustPolicy('cloudtrail.amazonaws.com'),
    });
    const rolePolicy = new IamRolePolicy(this, 'logs-role-policy', {
      provider,
      name: 'deliver-to-log-group',
      role: role.name,
      policy: policyJson([
        {
          // Streams are named <account>_CloudTrail_<region>*, and o-<org>_* for an organization trail.
          Sid: 'WriteTrailLogStreams',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${arn.logGroup(region, accountId, logs.logGroupName)}:log-stream:*`,
        },
      ]),
    });
    return { logGroup, role, rolePolicy };
  }
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/** An alias ARN (`arn:<partition>:kms:<region>:<account>:alias/<name>`), as opposed to a key ARN or a token. */
function isAliasArn(keyArn: string): boolean {
  return /^arn:[^:]+:kms:[^:]*:\d{12}:alias\/.+$/.test(keyArn);
}
