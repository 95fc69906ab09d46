import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { accountBaselineNames, deploymentRoleName } from '../config/names';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { arn } from '../modules/arn';
import { AuditTrail } from '../modules/audit-trail';
import { LogBucket } from '../modules/log-bucket';
import {
  cloudTrailDeliveryStatements,
  configDeliveryStatements,
  serverAccessLogDeliveryStatements,
} from '../modules/log-delivery-statements';
import { LogEncryptionKey } from '../modules/log-encryption-key';
import { RegionalProviders } from '../modules/regional-providers';
import { configureStateBackend } from './state-backend';

export interface AccountBaselineStackProps {
  readonly org: OrganizationConfig;
  readonly account: AccountConfig;
}

/**
 * The baseline every account gets, whatever its role: its own state, one provider per enabled
 * region, and the audit-trail core (log key, log buckets, CloudTrail to S3 and CloudWatch Logs).
 */
export class AccountBaselineStack extends TerraformStack {
  readonly providers: RegionalProviders;
  readonly logKey: LogEncryptionKey;
  readonly accessLogBucket: LogBucket;
  readonly trailBucket: LogBucket;
  readonly configBucket: LogBucket;
  readonly auditTrail: AuditTrail;

  constructor(scope: Construct, props: AccountBaselineStackProps) {
    const { org, account } = props;
    super(scope, account.name);
    configureStateBackend(this, org, account);

    const accountId = account.id;
    const region = org.homeRegion;
    const names = accountBaselineNames(org, account);
    this.providers = new RegionalProviders(this, 'aws', {
      accountId,
      roleArn: arn.iamRole(accountId, deploymentRoleName(org, account)),
      homeRegion: region,
      regions: org.regions,
      defaultTags: { ...org.tags, ManagedBy: 'security-baseline', BaselinePrefix: org.namePrefix, Account: account.name },
    });
    const provider = this.providers.home;
    const trailArn = AuditTrail.arnFor(region, accountId, names.trail);

    this.logKey = new LogEncryptionKey(this, 'log-key', {
      provider,
      accountId,
      alias: names.logKeyAlias,
      cloudTrail: { trailArn },
      cloudWatchLogs: { region, logGroupNames: [names.trailLogGroup] },
    });

    const loggedBuckets = [names.trailBucket, names.configBucket];
    this.accessLogBucket = new LogBucket(this, 'access-log-bucket', {
      provider,
      bucketName: names.accessLogBucket,
      lifecycle: org.logBuckets.accessLogs,
      policyStatements: serverAccessLogDeliveryStatements(
        LogBucket.arnFor(names.accessLogBucket),
        accountId,
        loggedBuckets.map((name) => LogBucket.arnFor(name)),
      ),
    });
    const accessLoggingInto = (prefix: string) => ({ target: this.accessLogBucket, prefix });

    this.trailBucket = new LogBucket(this, 'trail-bucket', {
      provider,
      bucketName: names.trailBucket,
      encryptionKeyArn: this.logKey.keyArn,
      accessLogging: accessLoggingInto('cloudtraillogs/'),
      lifecycle: org.logBuckets.cloudtrail,
      policyStatements: cloudTrailDeliveryStatements(LogBucket.arnFor(names.trailBucket), accountId, trailArn),
    });
    this.configBucket = new LogBucket(this, 'config-bucket', {
      provider,
      bucketName: names.configBucket,
      accessLogging: accessLoggingInto('configlogs/'),
      lifecycle: org.logBuckets.config,
      policyStatements: configDeliveryStatements(LogBucket.arnFor(names.configBucket), accountId),
    });

    this.auditTrail = new AuditTrail(this, 'audit-trail', {
      provider,
      accountId,
      region,
      trailName: names.trail,
      bucketName: this.trailBucket.bucketName,
      bucketPolicy: this.trailBucket.policy,
      keyArn: this.logKey.keyArn,
      logGroupName: names.trailLogGroup,
      logsRoleName: names.trailLogsRole,
      logRetentionDays: org.auditTrail.cloudWatchLogsRetentionDays,
    });
  }
}
