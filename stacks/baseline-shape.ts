/**
 * How one account's baseline fits its organization: where its logs go, which trail it runs and
 * which detective services it runs itself. Standalone mode gives every account everything of its
 * own; organization mode derives the shape from the account's role (`stacks/organization.ts`).
 */
import {
  type AccountBaselineNames,
  accountBaselineNames,
  accountWithRole,
  configRecordedByControlTower,
  controlTowerNames,
  governedByControlTower,
  organizationNames,
  type OrganizationNames,
} from '../config/names';
import { CentralEventBus } from '../modules/alerting/central-event-bus';
import { NotificationTopic } from '../modules/alerting/notification-topic';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { enrolledInControlTower, landingZoneMajor } from '../config/schema/organization-mode';

/** Logs into the account's own trail, Config and access-log buckets. */
export interface OwnLogDelivery {
  readonly kind: 'own';
}

/** Logs into the log-archive account's central buckets (organization mode). */
export interface CentralLogDelivery {
  readonly kind: 'central';
  readonly names: OrganizationNames;
  readonly logArchiveAccountId: string;
  /** Accounts whose principals may read this account's trail logs (log-archive, security). */
  readonly trailReaderAccountIds: readonly string[];
  /**
   * Where the account's own Config recorder delivers: the central Config bucket, or with Control
   * Tower its logging bucket, under the organization id as key prefix (as Control Tower's own recorders).
   */
  readonly config: { readonly bucketName: string; readonly keyPrefix?: string };
}

/** The account notifies its own topic (e-mail, Slack) of its own alarms and events. */
export interface OwnAlerting {
  readonly kind: 'own';
}

/** The security account's topic receives the account's alarms, its bus the account's events (organization mode). */
export interface AlertingToSecurity {
  readonly kind: 'to-security';
  readonly topicArn: string;
  readonly busArn: string;
}

/** The security account (organization mode): one topic and one bus for every account's alarms and events. */
export interface CentralAlerting {
  readonly kind: 'central';
  readonly busName: string;
  readonly organizationId: string;
  /** The accounts whose alarms may publish to the topic. */
  readonly senderAccountIds: readonly string[];
}

export interface BaselineShape {
  readonly logDelivery: OwnLogDelivery | CentralLogDelivery;
  /**
   * Which trail's log group carries the account's CIS filters and alarms (and its loop guard):
   * `account`: the account's own multi-region trail, which the stack creates; `organization`: the
   * organization trail's (management account without member trails); `control-tower`: Control
   * Tower's organization-trail log group (management account without member trails); `none`: no
   * log group of the account's (the organization trail covers it). An organization trail's log
   * group receives every account's events: with member trails, alarms there would repeat each
   * member's, so the management account then alarms on an account trail of its own as well.
   */
  readonly trail: 'account' | 'organization' | 'control-tower' | 'none';
  /** Whether the account runs the baseline's organization trail (management account, not under Control Tower). */
  readonly runsOrganizationTrail: boolean;
  /**
   * Whether that organization trail also delivers to a CloudWatch Logs group (`auditTrail.organizationTrailLogs`):
   * always when it carries the CIS alarms (`trail: 'organization'`).
   */
  readonly organizationTrailLogs: boolean;
  /**
   * Under Control Tower up to landing zone 3.x, where the baseline records Config itself
   * (management, accounts not enrolled): the security account's account aggregator must be
   * authorized to collect from here. @default none
   */
  readonly authorizesConfigAggregator?: { readonly accountId: string; readonly region: string };
  /** `own`: the baseline's Config recorder; `control-tower`: Control Tower's, in an account it enrols. */
  readonly configRecorder: 'own' | 'control-tower';
  /**
   * `account`: GuardDuty and Security Hub of its own; `enrolment-only`: only what the management
   * account must have before the administrator can enrol it (a GuardDuty detector in every
   * region, Security Hub enabled in the home region); `none`: the security account administers both.
   */
  readonly threatDetection: 'account' | 'enrolment-only' | 'none';
  readonly alerting: OwnAlerting | AlertingToSecurity | CentralAlerting;
}

export const STANDALONE_SHAPE: BaselineShape = {
  logDelivery: { kind: 'own' },
  trail: 'account',
  runsOrganizationTrail: false,
  organizationTrailLogs: false,
  configRecorder: 'own',
  threatDetection: 'account',
  alerting: { kind: 'own' },
};

/** What an account of `org` (organization mode) runs itself, by its role. */
export function organizationShape(org: OrganizationConfig, account: AccountConfig): BaselineShape {
  const logArchive = accountWithRole(org, 'log-archive').id;
  const memberTrails = org.auditTrail.memberAccountTrails ?? true;
  const names = organizationNames(org);
  const controlTower = controlTowerNames(org);
  const recordsConfig = configRecordedByControlTower(org);
  const enrolled = recordsConfig && enrolledInControlTower(account, org.organization?.controlTower?.notEnrolledAccounts ?? []);
  const management = account.role === 'management';
  const organizationTrailLogs = controlTower ? 'control-tower' : 'organization';
  const aggregation = configAggregation(org);
  return {
    logDelivery: {
      kind: 'central',
      names,
      logArchiveAccountId: logArchive,
      trailReaderAccountIds: [...new Set([logArchive, accountWithRole(org, 'security').id])],
      config: controlTower?.configBucket
        ? { bucketName: controlTower.configBucket, keyPrefix: org.organization!.id }
        : { bucketName: names.centralConfigBucket },
    },
    trail: memberTrails ? 'account' : management ? organizationTrailLogs : 'none',
    runsOrganizationTrail: management && !controlTower,
    organizationTrailLogs: management && !controlTower && (org.auditTrail.organizationTrailLogs ?? true),
    authorizesConfigAggregator:
      aggregation === 'accounts' && !enrolled && account.role !== 'security'
        ? { accountId: accountWithRole(org, 'security').id, region: org.homeRegion }
        : undefined,
    configRecorder: enrolled ? 'control-tower' : 'own',
    threatDetection: management ? 'enrolment-only' : 'none',
    alerting: alertingOf(org, account, names),
  };
}

/**
 * Which aggregator gives the security account its organization-wide view of AWS Config:
 * `organization`: the baseline's organization aggregator (Config delegated to the security
 * account); `accounts`: under Control Tower up to landing zone 3.x, whose audit-account aggregator
 * covers only the accounts it enrols, an account aggregator over every account; `control-tower`:
 * from landing zone 4.0 with the Config integration on, Control Tower's service-linked aggregator
 * (Control Tower delegates Config to its aggregator account itself).
 */
export function configAggregation(org: OrganizationConfig): 'organization' | 'accounts' | 'control-tower' {
  if (!governedByControlTower(org) || !configRecordedByControlTower(org)) return 'organization';
  return landingZoneMajor(org.organization!.controlTower!.landingZoneVersion!) < 4 ? 'accounts' : 'control-tower';
}

/** Every account's alarms and events go to the security account, which notifies people once. */
function alertingOf(org: OrganizationConfig, account: AccountConfig, names: OrganizationNames): AlertingToSecurity | CentralAlerting {
  const security = accountWithRole(org, 'security');
  if (account.id === security.id) {
    return {
      kind: 'central',
      busName: names.centralEventBus,
      organizationId: org.organization!.id,
      senderAccountIds: org.accounts.map((a) => a.id).filter((id) => id !== security.id),
    };
  }
  const topicName = accountBaselineNames(org, security).notificationTopic;
  return {
    kind: 'to-security',
    topicArn: NotificationTopic.arnFor(org.homeRegion, security.id, topicName),
    busArn: CentralEventBus.arnFor(org.homeRegion, security.id, names.centralEventBus),
  };
}

/** What each section of an account stack reads: the config, the account and the names derived for it. */
export interface StackInputs {
  readonly org: OrganizationConfig;
  readonly account: AccountConfig;
  readonly accountId: string;
  readonly region: OrganizationConfig['homeRegion'];
  readonly names: AccountBaselineNames;
  readonly shape: BaselineShape;
}
