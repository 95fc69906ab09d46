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
} from './catalogs/threat-detection';
import { standardsContaining } from './catalogs/security-hub-controls';
import type { RegionalProviders } from './regional-providers';

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
}

/**
 * GuardDuty and Security Hub in every enabled region: a detector with the configured protection
 * plans, Security Hub with explicit standards (AWS's default standards are not auto-enabled),
 * consolidated control findings, disabled controls, and a finding aggregator in the home region
 * that brings every other enabled region's findings there.
 */
export class ThreatDetection extends Construct {
  constructor(scope: Construct, id: string, props: ThreatDetectionProps) {
    super(scope, id);
    const { providers, accountId } = props;
    const standards = props.standards ?? DEFAULT_SECURITY_HUB_STANDARDS;
    const hubs: SecurityhubAccount[] = [];

    for (const region of providers.regions) {
      const provider = providers.forRegion(region);
      const regionScope = new Construct(this, region);

      const detector = new GuarddutyDetector(regionScope, 'guardduty', {
        provider,
        enable: true,
        findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
      });
      const existingDetectorId = props.adopt?.guardDutyDetectors?.[region];
      if (existingDetectorId) detector.importFrom(existingDetectorId, provider);
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

      const hub = new SecurityhubAccount(regionScope, 'securityhub', {
        provider,
        enableDefaultStandards: false,
        controlFindingGenerator: 'SECURITY_CONTROL',
        autoEnableControls: true,
      });
      // Security Hub's id is the account; enable_default_standards is read back as false on import, as set here.
      if (props.adopt?.securityHubRegions?.includes(region)) hub.importFrom(accountId, provider);
      hubs.push(hub);
      const subscriptions = new Map<SecurityHubStandard, SecurityhubStandardsSubscription>();
      for (const standard of standards) {
        subscriptions.set(
          standard,
          new SecurityhubStandardsSubscription(regionScope, `standard-${standard.replaceAll('/', '-')}`, {
            provider,
            standardsArn: securityHubStandardArn(standard, region),
            dependsOn: [hub],
          }),
        );
      }
      // Consolidated findings evaluate a control while any subscribed standard enables it.
      for (const control of props.disabledControls ?? []) {
        const inStandards = control.standards ?? standardsContaining(control.controlId, standards);
        if (inStandards.length === 0) throw new Error(`Cannot disable ${control.controlId}: no subscribed standard contains it`);
        for (const standard of inStandards) {
          const subscription = subscriptions.get(standard);
          if (!subscription) throw new Error(`Cannot disable ${control.controlId}: not subscribed to ${standard}`);
          new SecurityhubStandardsControlAssociation(regionScope, `disable-${standard.replaceAll('/', '-')}-${control.controlId}`, {
            provider,
            standardsArn: subscription.standardsArn,
            securityControlId: control.controlId,
            associationStatus: 'DISABLED',
            updatedReason: control.reason,
          });
        }
      }
    }

    const otherRegions = providers.regions.filter((r) => r !== providers.homeRegion);
    if (otherRegions.length > 0) {
      new SecurityhubFindingAggregator(this, 'finding-aggregator', {
        provider: providers.home,
        linkingMode: 'SPECIFIED_REGIONS',
        specifiedRegions: otherRegions,
        dependsOn: hubs,
      });
    }
  }
}
