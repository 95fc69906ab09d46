import type { Construct } from 'constructs';
import { accountBaselineNames, governedByControlTower, organizationNames } from '../config/names';
import { CentralEventBus } from '../modules/alerting/central-event-bus';
import { AccountsConfigAggregator } from '../modules/compliance/account-config-aggregation';
import { OrganizationConfigAggregator } from '../modules/compliance/organization-config-aggregator';
import { OrganizationAccessAnalyzer } from '../modules/threat-detection/organization-access-analyzer';
import { OrganizationGuardDuty } from '../modules/threat-detection/organization-guardduty';
import { SecurityHubCentralConfiguration } from '../modules/threat-detection/security-hub-central-configuration';
import { AccountBaselineStack, type AccountBaselineStackProps } from './account-baseline-stack';
import { configAggregation } from './baseline-shape';
import { addSecurityHubRemediation } from './security-hub-remediation-section';

/**
 * The security account (organization mode): its member baseline, and as delegated administrator
 * GuardDuty for every account in every region (auto-enabled, plans from config), Security Hub
 * central configuration (one policy for the whole organization), a Config aggregator where
 * Control Tower's does not cover the organization (`configAggregation`) and an organization Access
 * Analyzer in every region. Its topic is the organization's one notification path: every member's
 * alarms publish to it, and the central bus, where members send their security events, notifies it.
 */
export class SecurityStack extends AccountBaselineStack {
  readonly centralEventBus: CentralEventBus;
  readonly guardDuty: OrganizationGuardDuty;
  readonly securityHub: SecurityHubCentralConfiguration;
  /** The organization aggregator: not where Control Tower aggregates Config (see `configAggregation`). */
  readonly configAggregator?: OrganizationConfigAggregator;
  /** Under Control Tower up to landing zone 3.x: every account's Config, which Control Tower's aggregator covers only for the accounts it enrols. */
  readonly accountsConfigAggregator?: AccountsConfigAggregator;
  readonly accessAnalyzer: OrganizationAccessAnalyzer;

  /** @param stackId @default the account's name */
  constructor(scope: Construct, props: AccountBaselineStackProps, stackId?: string) {
    super(scope, props, stackId);
    const { org } = props;
    const names = organizationNames(org);
    const providers = this.providers;
    const controlTower = governedByControlTower(org);
    this.centralEventBus = new CentralEventBus(this, 'central-event-bus', {
      provider: providers.home,
      accountId: props.account.id,
      region: org.homeRegion,
      busName: names.centralEventBus,
      organizationId: org.organization!.id,
      senderRoleName: accountBaselineNames(org, props.account).eventForwardingRole,
      topicArn: this.alarmTopicArn,
    });
    const adopt = props.account.adopt;
    this.guardDuty = new OrganizationGuardDuty(this, 'organization-guardduty', {
      providers,
      findingPublishingFrequency: org.guardDuty.findingPublishingFrequency,
      protections: org.guardDuty.protections,
      // Designating the account (management stack, applied before) enabled GuardDuty here in every region.
      existingDetectors: adopt?.guardDutyDetectors,
      lookUpExistingDetectors: true,
    });
    this.securityHub = new SecurityHubCentralConfiguration(this, 'security-hub-central-configuration', {
      providers,
      organizationRootId: org.organization!.rootId,
      policyName: names.securityHubPolicy,
      policyTargets: (org.securityHub.policyTargets ?? ['root']).map((target) =>
        target === 'root' ? org.organization!.rootId : (org.accounts.find((a) => a.name === target)?.id ?? target),
      ),
      standards: org.securityHub.standards,
      disabledControls: org.securityHub.disabledControls,
      // Designating the account enabled Security Hub here in the home region: its id is the account's.
      existingHubAccountId: props.account.id,
      // Control Tower's recorders use its own role, which Config.1 would otherwise fail in every enrolled account.
      controlParameters: controlTower ? { 'Config.1': { includeConfigServiceLinkedRoleCheck: false } } : undefined,
    });
    const aggregation = configAggregation(org);
    if (aggregation === 'organization') {
      this.configAggregator = new OrganizationConfigAggregator(this, 'organization-config-aggregator', {
        providers,
        aggregatorName: names.configAggregator,
        roleName: names.configAggregatorRole,
      });
    } else if (aggregation === 'accounts') {
      this.accountsConfigAggregator = new AccountsConfigAggregator(this, 'accounts-config-aggregator', {
        providers,
        aggregatorName: names.accountsConfigAggregator,
        accountIds: org.accounts.map((a) => a.id),
      });
    }
    this.accessAnalyzer = new OrganizationAccessAnalyzer(this, 'organization-access-analyzer', {
      providers,
      analyzerName: names.organizationAnalyzer,
    });
    this.securityHubRemediation = addSecurityHubRemediation(this, org, this.securityHub.hub);
  }
}
