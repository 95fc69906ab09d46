import type { Construct } from 'constructs';
import {
  accountBaselineNames,
  accountWithRole,
  configRecordedByControlTower,
  governedByControlTower,
  organizationNames,
} from '../config/names';
import { AuditTrail } from '../modules/audit-logging/audit-trail';
import { OrganizationLogArchive } from '../modules/audit-logging/organization-log-archive';
import { AccountBaselineStack, type AccountBaselineStackProps } from './account-baseline-stack';
import { organizationShape } from './baseline-shape';

/**
 * The log-archive account (organization mode): its member baseline, and the logs nobody else can
 * delete: the organization trail's bucket (which also receives every account trail, management's
 * included) and key, the central AWS Config bucket and their access-log bucket. Under Control
 * Tower, whose bucket receives its organization trail and (while it records Config) every
 * account's Config, only the account trails deliver here (and without member trails nothing does).
 */
export class LogArchiveStack extends AccountBaselineStack {
  /** Not under Control Tower without member trails: Control Tower's bucket then holds every log. */
  readonly archive?: OrganizationLogArchive;

  /** @param stackId @default the account's name */
  constructor(scope: Construct, props: AccountBaselineStackProps, stackId?: string) {
    super(scope, props, stackId);
    const { org } = props;
    const names = organizationNames(org);
    const management = accountWithRole(org, 'management');
    const security = accountWithRole(org, 'security');
    // Exactly the accounts whose shape gives them an account trail deliver here.
    const accountTrails = org.accounts.filter((a) => organizationShape(org, a).trail === 'account');
    // Control Tower's organization trail (and, while it records Config, its recorders) deliver to its own buckets.
    const controlTower = governedByControlTower(org);
    const controlTowerConfig = configRecordedByControlTower(org);
    if (controlTower && controlTowerConfig && accountTrails.length === 0) return;
    this.archive = new OrganizationLogArchive(this, 'organization-log-archive', {
      provider: this.providers.home,
      accountId: props.account.id,
      organizationId: org.organization!.id,
      managementAccountId: management.id,
      organizationTrailArn: controlTower ? undefined : AuditTrail.arnFor(org.homeRegion, management.id, names.organizationTrail),
      accountTrails: Object.fromEntries(
        accountTrails.map((a) => [a.id, AuditTrail.arnFor(org.homeRegion, a.id, accountBaselineNames(org, a).trail)]),
      ),
      configAccountIds: controlTowerConfig ? undefined : org.accounts.map((a) => a.id),
      readerAccountIds: [security.id],
      names: {
        trailBucket: names.centralTrailBucket,
        configBucket: names.centralConfigBucket,
        accessLogBucket: names.centralAccessLogBucket,
        trailKeyAlias: names.organizationTrailKeyAlias,
      },
      lifecycle: { cloudtrail: org.logBuckets.cloudtrail, config: org.logBuckets.config, accessLogs: org.logBuckets.accessLogs },
    });
    // This account's own trail and recorders deliver into these buckets too: CreateTrail and
    // PutDeliveryChannel refuse a bucket whose policy does not admit them yet.
    this.auditTrail?.deliverAfter(this.archive.trailBucket.policy);
    if (this.archive.configBucket) this.configRecording?.deliverAfter(this.archive.configBucket.policy);
  }
}
