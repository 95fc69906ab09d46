import { DataAwsGuarddutyDetector } from '@cdktf/provider-aws/lib/data-aws-guardduty-detector';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { GuarddutyOrganizationConfiguration } from '@cdktf/provider-aws/lib/guardduty-organization-configuration';
import { GuarddutyOrganizationConfigurationFeature } from '@cdktf/provider-aws/lib/guardduty-organization-configuration-feature';
import { Construct } from 'constructs';
import { GUARDDUTY_PROTECTIONS, type GuardDutyProtectionKey, type GuardDutyProtectionSpec } from '../catalogs/threat-detection';
import type { RegionalProviders } from '../core/regional-providers';

export interface OrganizationGuardDutyProps {
  /**
   * The delegated administrator's providers: every region of `providers.regions` gets a
   * detector and the organization configuration (GuardDuty administration is regional).
   */
  readonly providers: RegionalProviders;
  /** Imposed on every member's detector once it is managed. @default 'FIFTEEN_MINUTES' */
  readonly findingPublishingFrequency?: string;
  /**
   * Protection plans to switch from their catalog default, as `ThreatDetection` takes them: an
   * enabled plan is auto-enabled for ALL members (existing and new), a disabled one for NONE.
   * @default every plan at its catalog default (runtime monitoring off)
   */
  readonly protections?: Partial<Readonly<Record<GuardDutyProtectionKey, boolean>>>;
  /**
   * The administrator's detectors that exist already, imported instead of created: designating
   * the delegated administrator (the management stack) enables GuardDuty in its account in every
   * region it is designated in. Region → the known id; in every other region, with
   * `lookUpExistingDetectors`, the id a data source reads there at plan time
   * (`aws_guardduty_detector` without an id finds the account's one detector).
   * @default none known
   */
  readonly existingDetectors?: Readonly<Record<string, string>>;
  /** Import the detector of every region `existingDetectors` does not name, found at plan time. @default false: created */
  readonly lookUpExistingDetectors?: boolean;
}

/** `auto_enable` of an organization feature: every member account, or none. */
export type OrganizationAutoEnable = 'ALL' | 'NONE';

/**
 * GuardDuty run for the whole organization by its delegated administrator, in every region: the
 * administrator's own detector (protected from destroy: replacing it loses its findings), the
 * organization configuration enrolling every member account automatically (existing and new:
 * `auto_enable_organization_members = "ALL"`), and one organization feature per protection plan
 * of the catalog. Switching a plan off sets it to `NONE`: deleting an organization feature only
 * forgets it, it does not switch the plan off.
 *
 * The account must already be the delegated administrator in each region (the management
 * stack registers it; deploy that stack first). That registration enables GuardDuty in the
 * account: on a first roll-out its detectors exist already and are imported (`existingDetectors`).
 */
export class OrganizationGuardDuty extends Construct {
  /** The administrator's detector, by region. */
  readonly detectors: ReadonlyMap<string, GuarddutyDetector>;
  /** The organization configuration, by region. */
  readonly organizationConfigurations: ReadonlyMap<string, GuarddutyOrganizationConfiguration>;
  /** The auto-enable setting each protection plan gets (the same in every region). */
  readonly autoEnable: Readonly<Record<GuardDutyProtectionKey, OrganizationAutoEnable>>;

  constructor(scope: Construct, id: string, props: OrganizationGuardDutyProps) {
    super(scope, id);
    const protections = GUARDDUTY_PROTECTIONS as readonly GuardDutyProtectionSpec[];
    this.autoEnable = Object.fromEntries(
      protections.map((p) => [p.key, (props.protections?.[p.key as GuardDutyProtectionKey] ?? p.enabledByDefault) ? 'ALL' : 'NONE']),
    ) as Record<GuardDutyProtectionKey, OrganizationAutoEnable>;

    const detectors = new Map<string, GuarddutyDetector>();
    const configurations = new Map<string, GuarddutyOrganizationConfiguration>();
    for (const region of props.providers.regions) {
      const provider = props.providers.forRegion(region);
      const regionScope = new Construct(this, region);
      const detector = new GuarddutyDetector(regionScope, 'detector', {
        provider,
        enable: true,
        findingPublishingFrequency: props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES',
        lifecycle: { preventDestroy: true },
      });
      const existingId =
        props.existingDetectors?.[region] ??
        (props.lookUpExistingDetectors ? new DataAwsGuarddutyDetector(regionScope, 'existing-detector', { provider }).id : undefined);
      // An import block is a no-op for a detector already in the state (a moved one, or after the first apply).
      if (existingId) detector.importFrom(existingId, provider);
      // Only auto_enable_organization_members: the deprecated auto_enable and the datasources
      // block are left out (the API refuses both auto-enable settings at once).
      const configuration = new GuarddutyOrganizationConfiguration(regionScope, 'organization-configuration', {
        provider,
        detectorId: detector.id,
        autoEnableOrganizationMembers: 'ALL',
      });
      for (const protection of protections) {
        const autoEnable = this.autoEnable[protection.key as GuardDutyProtectionKey];
        new GuarddutyOrganizationConfigurationFeature(regionScope, `feature-${protection.key}`, {
          provider,
          detectorId: detector.id,
          name: protection.feature,
          autoEnable,
          additionalConfiguration: protection.additionalConfiguration?.map((name) => ({ name, autoEnable })),
          // On a first apply a feature created alongside the organization configuration can be
          // refused ("invalid or out-of-range value"): create the features after it.
          dependsOn: [configuration],
        });
      }
      detectors.set(region, detector);
      configurations.set(region, configuration);
    }
    this.detectors = detectors;
    this.organizationConfigurations = configurations;
  }
}
