import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyDetectorFeature } from '@cdktf/provider-aws/lib/guardduty-detector-feature';
import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubStandardsControlAssociation } from '@cdktf/provider-aws/lib/securityhub-standards-control-association';
import { SecurityhubStandardsSubscription } from '@cdktf/provider-aws/lib/securityhub-standards-subscription';
import { Construct } from 'constructs';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  GUARDDUTY_PROTECTIONS,
  type GuardDutyProtectionKey,
  type GuardDutyProtectionSpec,
  type SecurityHubStandard,
  securityHubStandardArn,
} from '../catalogs/threat-detection';
import { SECURITY_HUB_STANDARD_CONTROLS, standardsContaining } from '../catalogs/security-hub-controls';
import { PARTITION } from '../core/arn';
import type { RegionalProviders } from '../core/regional-providers';

export interface ThreatDetectionProps {
  readonly accountId: string;
  readonly providers: RegionalProviders;
  /** @default 'FIFTEEN_MINUTES' */
  readonly findingPublishingFrequency?: string;
  /** Protection plans to switch from their catalog default. @default every plan at its default */
  readonly protections?: Partial<Readonly<Record<GuardDutyProtectionKey, boolean>>>;
  /** @default AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0 */
  readonly standards?: readonly SecurityHubStandard[];
  /**
   * Controls to disable, each with the reason Security Hub shows, in the named standards or, by
   * default, in every subscribed standard that contains it (`security-hub-controls.ts`). @default none
   */
  readonly disabledControls?: readonly DisabledControl[];
  /** Detectors and hubs that already exist, imported instead of created. @default everything is created */
  readonly adopt?: ThreatDetectionAdoption;
}

export interface DisabledControl {
  readonly controlId: string;
  readonly reason: string;
  /** @default every subscribed standard that contains the control */
  readonly standards?: readonly SecurityHubStandard[];
}

export interface ThreatDetectionAdoption {
  /** Region → id of the GuardDuty detector already there (one detector per region is allowed). */
  readonly guardDutyDetectors?: Readonly<Record<string, string>>;
  /** Regions where Security Hub is already enabled. */
  readonly securityHubRegions?: readonly string[];
  /** Standards already subscribed in those regions, imported rather than subscribed again. @default none */
  readonly subscribedStandards?: readonly SecurityHubStandard[];
  /** ARN of the account's existing finding aggregator (an account has at most one). @default none */
  readonly findingAggregatorArn?: string;
  /**
   * A delegated administrator runs GuardDuty for this account: members may not change their
   * detectors, so the stack creates no GuardDuty resources. @default false
   */
  readonly guardDutyManagedByAdministrator?: boolean;
  /** Likewise for Security Hub (the administrator's configuration owns standards and controls). @default false */
  readonly securityHubManagedByAdministrator?: boolean;
  /**
   * Only the GuardDuty detector, no protection plans and no publishing frequency: the
   * organization's management account must have a detector before the administrator can enrol it,
   * and the administrator then sets both. @default false
   */
  readonly guardDutyDetectorOnly?: boolean;
  /**
   * Only Security Hub itself, in the home region: the organization's management account must
   * enable it before the administrator can enrol it, and the central configuration then sets
   * standards and controls in every region, and owns the hub's settings (changes to them are
   * ignored). @default false
   */
  readonly securityHubOnlyInHomeRegion?: boolean;
}

/**
 * Security Hub controls that check global resources (IAM entities, the account): every region
 * evaluates them, so each finding would be raised, and notified, once per region. AWS's guidance
 * ("Controls that you might want to disable") is to keep them only where global resources are
 * recorded, here the home region. IAM.28 is the exception: it checks each region's Access Analyzer.
 */
export function checksGlobalResources(controlId: string): boolean {
  return /^(IAM|Account)\./.test(controlId) && !REGIONAL_IAM_CONTROLS.includes(controlId);
}
const REGIONAL_IAM_CONTROLS: readonly string[] = ['IAM.28'];

/**
 * GuardDuty and Security Hub in every detective-control region: a detector with the configured
 * protection plans, Security Hub with explicit standards (AWS's default standards are not
 * auto-enabled), consolidated control findings, disabled controls (global-resource controls only
 * in the home region), and a finding aggregator in the home region that brings every other
 * region's findings there. Detectors and hubs are protected from destroy: replacing one loses its
 * findings. Either service can be left to a delegated administrator.
 */
export class ThreatDetection extends Construct {
  /** The account's hub in the home region, unless an administrator manages Security Hub. */
  readonly homeHub?: SecurityhubAccount;

  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const regionScopes = new Map(props.providers.regions.map((region) => [region, new Construct(this, region)]));
    if (!props.adopt?.guardDutyManagedByAdministrator) enableGuardDuty(regionScopes, props);
    if (!props.adopt?.securityHubManagedByAdministrator) this.homeHub = enableSecurityHub(this, regionScopes, props);
  }
}

function enableGuardDuty(regionScopes: ReadonlyMap<string, Construct>, props: ThreatDetectionProps): void {
  for (const [region, regionScope] of regionScopes) {
    const provider = props.providers.forRegion(region);
    const detectorOnly = props.adopt?.guardDutyDetectorOnly ?? false;
    const detector = new GuarddutyDetector(regionScope, 'guardduty', {
      provider,
      enable: true,
      // Once the administrator enrols it, a member may not change it (the provider's docs: "Cannot be
      // modified for GuardDuty member accounts"): the administrator's value applies, so it is not declared.
      findingPublishingFrequency: detectorOnly ? undefined : (props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES'),
      lifecycle: { preventDestroy: true },
    });
    const existingDetectorId = props.adopt?.guardDutyDetectors?.[region];
    if (existingDetectorId) detector.importFrom(existingDetectorId, provider);
    if (detectorOnly) continue;
    for (const protection of GUARDDUTY_PROTECTIONS as readonly GuardDutyProtectionSpec[]) {
      const enabled = props.protections?.[protection.key as GuardDutyProtectionKey] ?? protection.enabledByDefault;
      const status = enabled ? 'ENABLED' : 'DISABLED';
      new GuarddutyDetectorFeature(regionScope, `guardduty-${protection.key}`, {
        provider,
        detectorId: detector.id,
        name: protection.feature,
        status,
        additionalConfiguration: protection.additionalConfiguration?.map((name) => ({ name, status })),
      });
    }
  }
}

/** Returns the home region's hub. */
function enableSecurityHub(
  scope: Construct,
  regionScopes: ReadonlyMap<string, Construct>,
  props: ThreatDetectionProps,
): SecurityhubAccount {
  const { providers, accountId, adopt } = props;
  const standards = props.standards ?? DEFAULT_SECURITY_HUB_STANDARDS;
  const hubs = new Map<string, SecurityhubAccount>();
  const hubOnly = adopt?.securityHubOnlyInHomeRegion ?? false;
  for (const [region, regionScope] of regionScopes) {
    if (hubOnly && region !== providers.homeRegion) continue;
    const provider = providers.forRegion(region);
    const adopted = adopt?.securityHubRegions?.includes(region) ?? false;
    const hub = new SecurityhubAccount(regionScope, 'securityhub', {
      provider,
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      autoEnableControls: true,
      // Once the central configuration policy applies to the account, only the administrator may
      // update its hub (UpdateSecurityHubConfiguration is refused: provider issue #39687): what the
      // account set at creation is left as the policy makes it.
      lifecycle: hubOnly
        ? { preventDestroy: true, ignoreChanges: ['auto_enable_controls', 'control_finding_generator'] }
        : { preventDestroy: true },
    });
    // Security Hub's id is the account; enable_default_standards is read back as false on import, as set here.
    if (adopted) hub.importFrom(accountId, provider);
    hubs.set(region, hub);
    if (hubOnly) continue;
    const subscriptions = new Map<SecurityHubStandard, SecurityhubStandardsSubscription>();
    for (const standard of standards) {
      const subscription = new SecurityhubStandardsSubscription(regionScope, `standard-${standard.replaceAll('/', '-')}`, {
        provider,
        standardsArn: securityHubStandardArn(standard, region),
        dependsOn: [hub],
      });
      if (adopted && adopt?.subscribedStandards?.includes(standard)) {
        subscription.importFrom(`arn:${PARTITION}:securityhub:${region}:${accountId}:subscription/${standard}`, provider);
      }
      subscriptions.set(standard, subscription);
    }
    for (const [key, { standard, controlId, reason }] of disabledControlsIn(
      region,
      providers.homeRegion,
      standards,
      props.disabledControls ?? [],
    )) {
      const subscription = subscriptions.get(standard);
      if (!subscription) throw new Error(`Cannot disable ${controlId}: not subscribed to ${standard}`);
      new SecurityhubStandardsControlAssociation(regionScope, key, {
        provider,
        standardsArn: subscription.standardsArn,
        securityControlId: controlId,
        associationStatus: 'DISABLED',
        updatedReason: reason,
      });
    }
  }

  const otherRegions = providers.regions.filter((r) => r !== providers.homeRegion);
  if (otherRegions.length > 0 && !hubOnly) {
    const aggregator = new SecurityhubFindingAggregator(scope, 'finding-aggregator', {
      provider: providers.home,
      linkingMode: 'SPECIFIED_REGIONS',
      specifiedRegions: otherRegions,
      dependsOn: [...hubs.values()],
    });
    if (adopt?.findingAggregatorArn) aggregator.importFrom(adopt.findingAggregatorArn, providers.home);
  }
  return hubs.get(providers.homeRegion)!;
}

/**
 * The standards-control associations to disable in one region, keyed by construct id: the
 * configured controls in the named standards or every subscribed standard that contains them
 * (consolidated findings evaluate a control while any subscribed standard enables it), and
 * outside the home region the global-resource controls too. A configured reason wins.
 */
function disabledControlsIn(
  region: string,
  homeRegion: string,
  standards: readonly SecurityHubStandard[],
  configured: readonly DisabledControl[],
): Map<string, { standard: SecurityHubStandard; controlId: string; reason: string }> {
  const disabled = new Map<string, { standard: SecurityHubStandard; controlId: string; reason: string }>();
  const disable = (standard: SecurityHubStandard, controlId: string, reason: string) =>
    disabled.set(`disable-${standard.replaceAll('/', '-')}-${controlId}`, { standard, controlId, reason });
  if (region !== homeRegion) {
    for (const standard of standards) {
      for (const controlId of SECURITY_HUB_STANDARD_CONTROLS[standard] as readonly string[]) {
        if (checksGlobalResources(controlId)) {
          disable(
            standard,
            controlId,
            `Checks global resources: evaluated in the home region ${homeRegion} only, so each finding is raised once`,
          );
        }
      }
    }
  }
  for (const control of configured) {
    const inStandards = control.standards ?? standardsContaining(control.controlId, standards);
    if (inStandards.length === 0) throw new Error(`Cannot disable ${control.controlId}: no subscribed standard contains it`);
    for (const standard of inStandards) disable(standard, control.controlId, control.reason);
  }
  return disabled;
}
