import { SecurityhubAccount } from '@cdktf/provider-aws/lib/securityhub-account';
import { SecurityhubConfigurationPolicy } from '@cdktf/provider-aws/lib/securityhub-configuration-policy';
import { SecurityhubConfigurationPolicyAssociation } from '@cdktf/provider-aws/lib/securityhub-configuration-policy-association';
import { SecurityhubFindingAggregator } from '@cdktf/provider-aws/lib/securityhub-finding-aggregator';
import { SecurityhubOrganizationConfiguration } from '@cdktf/provider-aws/lib/securityhub-organization-configuration';
import { Construct } from 'constructs';
import { DEFAULT_SECURITY_HUB_STANDARDS, type SecurityHubStandard, securityHubStandardArn } from '../catalogs/threat-detection';
import type { RegionalProviders } from '../core/regional-providers';
import type { DisabledControl } from './threat-detection';

export interface SecurityHubCentralConfigurationProps {
  /**
   * The delegated administrator's providers. Everything is created in the home region (the
   * aggregation region, the only one where configuration policies can be managed); the other
   * regions of `providers.regions` are linked to it.
   */
  readonly providers: RegionalProviders;
  /** The organization's root id (`r-…`): the default policy target. */
  readonly organizationRootId: string;
  /** Name of the configuration policy. */
  readonly policyName: string;
  /** @default 'Security baseline: standards and disabled controls for every account' */
  readonly policyDescription?: string;
  /** Standards the policy enables in every account and linked region. @default FSBP v1.0.0 and CIS v3.0.0 */
  readonly standards?: readonly SecurityHubStandard[];
  /**
   * Controls the policy disables, in the shape `ThreatDetection` takes. A configuration policy
   * disables a control by its security control id, in every standard and every account it
   * applies to: only `controlId` is used (see `disabledControlIdentifiers`). @default none
   */
  readonly disabledControls?: readonly DisabledControl[];
  /**
   * Boolean control parameters the policy sets, by security control id, then parameter name,
   * such as `{ 'Config.1': { includeConfigServiceLinkedRoleCheck: false } }`. @default none: each
   * control's defaults
   */
  readonly controlParameters?: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
  /**
   * Where the policy is associated: the root, organizational units (`ou-…`) or accounts (12
   * digits). An association nearer an account overrides one above it. @default [organizationRootId]
   */
  readonly policyTargets?: readonly string[];
  /**
   * The administrator's account id, when Security Hub is already enabled there in the home region:
   * its hub is then imported instead of created. @default the hub is created
   */
  readonly existingHubAccountId?: string;
  /**
   * How long an association may take to reach SUCCESS. The provider's 90 s default is too short
   * in practice (the association stays PENDING while it propagates). @default '5m'
   */
  readonly associationTimeout?: string;
}

/** The policy's `security_control_custom_parameter` blocks; undefined (no block) when none. */
function customParameters(parameters: SecurityHubCentralConfigurationProps['controlParameters'] = {}) {
  const blocks = Object.entries(parameters).map(([securityControlId, byName]) => ({
    securityControlId,
    parameter: Object.entries(byName).map(([name, value]) => ({ name, valueType: 'CUSTOM', bool: { value } })),
  }));
  return blocks.length > 0 ? blocks : undefined;
}

/** Targets a configuration policy can be associated with: a root, an OU or an account. */
const POLICY_TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|\d{12})$/;

/**
 * The security control ids a configuration policy disables: the configured controls' ids, sorted
 * and without repeats. Central configuration has neither per-standard disabling (a disabled
 * control is off in every standard) nor a reason field, so `standards` and `reason` of a
 * DisabledControl are not sent: the reason stays in the organization file, for humans.
 */
export function disabledControlIdentifiers(controls: readonly DisabledControl[]): string[] {
  return [...new Set(controls.map((c) => c.controlId))].sort();
}

/**
 * Security Hub central configuration, run by the delegated administrator in the home region, in
 * the order AWS requires: the administrator's own hub (consolidated control findings, which
 * cannot be set centrally later; protected from destroy), the finding aggregator linking the
 * other regions (central configuration needs one), the organization configuration switched to
 * CENTRAL (no auto-enable: the policy decides), then one configuration policy with the
 * standards and disabled controls, associated with the root or with the given OUs/accounts.
 *
 * The account must already be the delegated administrator in the home region (the management
 * stack designates it; deploy that stack first). Configuration policies apply in every linked
 * region alike: a control cannot be disabled in some regions only.
 */
export class SecurityHubCentralConfiguration extends Construct {
  readonly hub: SecurityhubAccount;
  readonly findingAggregator: SecurityhubFindingAggregator;
  readonly organizationConfiguration: SecurityhubOrganizationConfiguration;
  readonly policy: SecurityhubConfigurationPolicy;
  /** Associations by target id. */
  readonly associations: ReadonlyMap<string, SecurityhubConfigurationPolicyAssociation>;

  constructor(scope: Construct, id: string, props: SecurityHubCentralConfigurationProps) {
    super(scope, id);
    const { providers } = props;
    const provider = providers.home;
    if (!/^r-[0-9a-z]{4,32}$/.test(props.organizationRootId)) {
      throw new Error(`organizationRootId "${props.organizationRootId}" is not a root id (r-…)`);
    }
    const targets = [...new Set(props.policyTargets ?? [props.organizationRootId])];
    const invalid = targets.filter((t) => !POLICY_TARGET.test(t));
    if (invalid.length > 0 || targets.length === 0) {
      throw new Error(`policyTargets must be root (r-…), OU (ou-…) or account (12 digits) ids; got ${JSON.stringify(targets)}`);
    }

    this.hub = new SecurityhubAccount(this, 'hub', {
      provider,
      enableDefaultStandards: false,
      controlFindingGenerator: 'SECURITY_CONTROL',
      lifecycle: { preventDestroy: true },
    });
    if (props.existingHubAccountId) this.hub.importFrom(props.existingHubAccountId, provider);
    const linkedRegions = providers.regions.filter((r) => r !== providers.homeRegion);
    this.findingAggregator = new SecurityhubFindingAggregator(this, 'finding-aggregator', {
      provider,
      // NO_REGIONS (provider ≥ 5.98.0): a home region without linked regions, which central
      // configuration still needs.
      ...(linkedRegions.length > 0 ? { linkingMode: 'SPECIFIED_REGIONS', specifiedRegions: linkedRegions } : { linkingMode: 'NO_REGIONS' }),
      dependsOn: [this.hub],
    });
    this.organizationConfiguration = new SecurityhubOrganizationConfiguration(this, 'organization-configuration', {
      provider,
      // CENTRAL refuses auto-enable: new accounts get the policy of their root/OU instead.
      autoEnable: false,
      autoEnableStandards: 'NONE',
      organizationConfiguration: { configurationType: 'CENTRAL' },
      dependsOn: [this.findingAggregator],
    });
    const disabled = disabledControlIdentifiers(props.disabledControls ?? []);
    this.policy = new SecurityhubConfigurationPolicy(this, 'policy', {
      provider,
      name: props.policyName,
      description: props.policyDescription ?? 'Security baseline: standards and disabled controls for every account',
      configurationPolicy: {
        serviceEnabled: true,
        enabledStandardArns: (props.standards ?? DEFAULT_SECURITY_HUB_STANDARDS).map((s) =>
          securityHubStandardArn(s, providers.homeRegion),
        ),
        // A disabled list (not an enabled one): controls AWS adds later are then enabled.
        securityControlsConfiguration: {
          disabledControlIdentifiers: disabled,
          securityControlCustomParameter: customParameters(props.controlParameters),
        },
      },
      dependsOn: [this.organizationConfiguration],
    });
    const timeout = props.associationTimeout ?? '5m';
    this.associations = new Map(
      targets.map((targetId) => [
        targetId,
        new SecurityhubConfigurationPolicyAssociation(this, `association-${targetId}`, {
          provider,
          policyId: this.policy.id,
          targetId,
          timeouts: { create: timeout, update: timeout },
        }),
      ]),
    );
  }
}
