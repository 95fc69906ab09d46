import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { arn } from '../core/arn';
import { policyJson, serviceTrustPolicy } from '../core/policy-document';

export interface AuditTrailProps {
  readonly accountId: string;
  /** Region the trail is created in (it records every region). */
  readonly region: string;
  readonly trailName: string;
  /** Bucket receiving the log files; its policy must admit this trail. */
  readonly bucketName: string;
  /** The trail is created only after this (the bucket policy), or CloudTrail rejects the bucket. */
  readonly bucketPolicy: ITerraformDependable;
  /** Customer-managed key for log files and the log group; its policy must admit both. */
  readonly keyArn: string;
  readonly logGroupName: string;
  /** Name of the role CloudTrail assumes to write to CloudWatch Logs. */
  readonly logsRoleName: string;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A multi-region CloudTrail trail with global service events, log-file validation and SSE-KMS,
 * delivered to S3 and to an encrypted CloudWatch Logs group (where metric filters watch it).
 */
export class AuditTrail extends Construct {
  static arnFor(region: string, accountId: string, trailName: string): string {
    return arn.cloudTrail(region, accountId, trailName);
  }

  readonly trail: Cloudtrail;
  /** Known from the name, so policies can reference the trail before it exists. */
  readonly trailArn: string;
  readonly logGroup: CloudwatchLogGroup;
  /** A reference to the group's name: metric filters on it are created after the group. */
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    this.trailArn = AuditTrail.arnFor(region, accountId, props.trailName);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider,
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.keyArn,
    });
    this.logGroupName = this.logGroup.name;

    const logsRole = new IamRole(this, 'logs-role', {
      provider,
      name: props.logsRoleName,
      description: 'Lets CloudTrail deliver the audit trail to its CloudWatch Logs group',
      assumeRolePolicy: serviceTrustPolicy('cloudtrail.amazonaws.com'),
    });
    const logsRolePolicy = new IamRolePolicy(this, 'logs-role-policy', {
      provider,
      name: 'deliver-to-log-group',
      role: logsRole.name,
      policy: policyJson([
        {
          Sid: 'WriteTrailLogStreams',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${arn.logGroup(region, accountId, props.logGroupName)}:log-stream:*`,
        },
      ]),
    });

    this.trail = new Cloudtrail(this, 'trail', {
      provider,
      name: props.trailName,
      s3BucketName: props.bucketName,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      kmsKeyId: props.keyArn,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: logsRole.arn,
      // All read and write management events: what CIS 3.1 and Security Hub CloudTrail.1 require.
      eventSelector: [{ readWriteType: 'All', includeManagementEvents: true }],
      dependsOn: [props.bucketPolicy, logsRolePolicy],
    });
  }
}
