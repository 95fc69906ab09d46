/**
 * The audit-logging section of an account stack: the log key, the log buckets the account owns
 * and its trail, as its shape asks (`baseline-shape.ts`). Constructs are created in the stack's
 * own scope, so their Terraform addresses are the same whichever role the account has: switching
 * modes updates them in place instead of replacing them.
 */
import type { ITerraformDependable, TerraformStack } from 'cdktf';
import { controlTowerNames } from '../config/names';
import { SlackNotifier } from '../modules/alerting/slack-notifications';
import { AuditTrail } from '../modules/audit-logging/audit-trail';
import { LogBucket, type LogBucketProps } from '../modules/audit-logging/log-bucket';
import * as delivery from '../modules/audit-logging/log-delivery-statements';
import { LogEncryptionKey } from '../modules/audit-logging/log-encryption-key';
import { effectiveRemediationMode, REMEDIATIONS } from '../modules/catalogs/remediations';
import { PARTITION } from '../modules/core/arn';
import type { RegionalProviders } from '../modules/core/regional-providers';
import type { StackInputs } from './baseline-shape';

export interface AuditLogging {
  readonly logKey: LogEncryptionKey;
  /** Only where the account keeps log buckets that log their access. */
  readonly accessLogBucket?: LogBucket;
  /** Only with its own log delivery. */
  readonly trailBucket?: LogBucket;
  readonly configBucket?: LogBucket;
  /** Only while the vpc-flow-logs remediation is on: where it delivers flow logs. */
  readonly flowLogBucket?: LogBucket;
  /** The account's own trail, where its shape gives it one. */
  readonly trail?: AuditTrail;
  /** Only in the management account (organization mode, not under Control Tower). */
  readonly organizationTrail?: AuditTrail;
  /** The log group of the trail covering the account, where the CIS filters and the loop guard read (if any). */
  readonly trailLogGroupName?: string;
  /** Where AWS Config delivers, and the bucket policy to wait for when the bucket is this account's. */
  readonly configDelivery: { readonly bucketName: string; readonly keyPrefix?: string; readonly bucketPolicy?: ITerraformDependable };
}

export function addAuditLogging(stack: TerraformStack, providers: RegionalProviders, inputs: StackInputs): AuditLogging {
  const { org, accountId, region, names, shape } = inputs;
  const provider = providers.home;
  const central = shape.logDelivery.kind === 'central' ? shape.logDelivery : undefined;
  const accountTrailArn = AuditTrail.arnFor(region, accountId, names.trail);

  const logKey = new LogEncryptionKey(stack, 'log-key', {
    provider,
    accountId,
    alias: names.logKeyAlias,
    cloudTrail: shape.trail === 'account' ? { trailArn: accountTrailArn } : undefined,
    crossAccountReaders: central?.trailReaderAccountIds,
    cloudWatchLogs: {
      region,
      logGroupNames: [
        // Control Tower's log group is not encrypted with this key.
        ...(shape.trail === 'account' ? [names.trailLogGroup] : []),
        ...(shape.organizationTrailLogs ? [central!.names.organizationTrailLogGroup] : []),
        names.remediationFailureLogGroup,
        SlackNotifier.logGroupNameFor(names.slackNotifierFunction),
        names.securityHubRemediationLogGroup,
      ],
    },
  });

  const flowLogSpec = REMEDIATIONS.find((r) => r.key === 'vpc-flow-logs')!;
  const flowLogsWanted = effectiveRemediationMode(flowLogSpec, org.awsConfig.remediations) !== 'off';
  const ownBuckets = central ? [] : [names.trailBucket, names.configBucket];
  const loggedBuckets = [...ownBuckets, ...(flowLogsWanted ? [names.flowLogBucket] : [])];
  const accessLogBucket =
    loggedBuckets.length === 0
      ? undefined
      : new LogBucket(stack, 'access-log-bucket', {
          provider,
          bucketName: names.accessLogBucket,
          lifecycle: org.logBuckets.accessLogs,
          policyStatements: delivery.serverAccessLogDeliveryStatements(
            LogBucket.arnFor(names.accessLogBucket),
            accountId,
            loggedBuckets.map((name) => LogBucket.arnFor(name)),
          ),
        });
  const loggedBucket = (id: string, prefix: string, props: Omit<LogBucketProps, 'provider' | 'accessLogging'>) =>
    new LogBucket(stack, id, { provider, accessLogging: { target: accessLogBucket!, prefix }, ...props });

  const trailBucket = central
    ? undefined
    : loggedBucket('trail-bucket', 'cloudtraillogs/', {
        bucketName: names.trailBucket,
        encryptionKeyArn: logKey.keyArn,
        lifecycle: org.logBuckets.cloudtrail,
        policyStatements: delivery.cloudTrailDeliveryStatements(LogBucket.arnFor(names.trailBucket), accountId, accountTrailArn),
      });
  const configBucket = central
    ? undefined
    : loggedBucket('config-bucket', 'configlogs/', {
        bucketName: names.configBucket,
        lifecycle: org.logBuckets.config,
        policyStatements: delivery.configDeliveryStatements(LogBucket.arnFor(names.configBucket), accountId),
      });
  const flowLogBucket = flowLogsWanted
    ? loggedBucket('flow-log-bucket', 'flowlogs/', {
        bucketName: names.flowLogBucket,
        lifecycle: org.logBuckets.vpcFlowLogs,
        policyStatements: delivery.logDeliveryStatements(LogBucket.arnFor(names.flowLogBucket), accountId),
      })
    : undefined;

  const common = { provider, accountId, region };
  const retentionDays = org.auditTrail.cloudWatchLogsRetentionDays;
  const trail =
    shape.trail === 'account'
      ? new AuditTrail(stack, 'audit-trail', {
          ...common,
          trailName: names.trail,
          cloudWatchLogs: { logGroupName: names.trailLogGroup, logsRoleName: names.trailLogsRole, retentionDays },
          bucketName: central?.names.centralTrailBucket ?? trailBucket!.bucketName,
          bucketPolicy: trailBucket?.policy,
          keyArn: logKey.keyArn,
        })
      : undefined;
  let organizationTrail: AuditTrail | undefined;
  if (shape.runsOrganizationTrail) {
    const { names: orgNames, logArchiveAccountId } = central!;
    organizationTrail = new AuditTrail(stack, 'organization-trail', {
      ...common,
      organizationTrail: true,
      trailName: orgNames.organizationTrail,
      cloudWatchLogs: shape.organizationTrailLogs
        ? {
            logGroupName: orgNames.organizationTrailLogGroup,
            logsRoleName: orgNames.organizationTrailLogsRole,
            retentionDays,
            keyArn: logKey.keyArn,
          }
        : undefined,
      bucketName: orgNames.centralTrailBucket,
      // The key is the log-archive account's: its ARN is unknown here, its alias ARN is not.
      keyArn: `arn:${PARTITION}:kms:${region}:${logArchiveAccountId}:${orgNames.organizationTrailKeyAlias}`,
    });
  }

  return {
    logKey,
    accessLogBucket,
    trailBucket,
    configBucket,
    flowLogBucket,
    trail,
    organizationTrail,
    trailLogGroupName: {
      account: trail?.logGroupName,
      organization: organizationTrail?.logGroupName,
      'control-tower': controlTowerNames(org)?.logGroup,
      none: undefined,
    }[shape.trail],
    configDelivery: central ? central.config : { bucketName: configBucket!.bucketName, bucketPolicy: configBucket!.policy },
  };
}
