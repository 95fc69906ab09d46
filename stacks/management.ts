import type { Construct } from 'constructs';
import { accountWithRole, governedByControlTower } from '../config/names';
import {
  BASELINE_TRUSTED_ACCESS,
  type BaselineOrganizationFeature,
  DelegatedAdministrators,
  ORGANIZATIONS_DELEGATED_SERVICES,
} from '../modules/organization/delegated-administrators';
import { TrustedAccess } from '../modules/organization/trusted-access';
import { AccountBaselineStack, type AccountBaselineStackProps } from './account-baseline-stack';
import { configAggregation } from './baseline-shape';

/**
 * The management account (organization mode): its member baseline (with member trails, an account
 * trail of its own carrying its CIS filters and alarms), the organization trail (carrying them
 * instead when members run no account trails), a GuardDuty
 * detector (required before the administrator can enrol it), a check that trusted access is on
 * (or, opted in, the organization itself), and the delegated administrators: GuardDuty in every
 * region, Security Hub, Config and Access Analyzer, all the security account. Under Control
 * Tower its trail stands in for the organization trail (the CIS filters go on its log group when
 * members run no account trails) and its aggregator for Config's delegation.
 */
export class ManagementStack extends AccountBaselineStack {
  readonly trustedAccess: TrustedAccess;
  readonly delegatedAdministrators: DelegatedAdministrators;

  /** @param stackId @default the account's name */
  constructor(scope: Construct, props: AccountBaselineStackProps, stackId?: string) {
    super(scope, props, stackId);
    const { org, account } = props;
    const organization = org.organization!;
    const security = accountWithRole(org, 'security');
    const controlTower = governedByControlTower(org);
    // Under Control Tower its own organization trail (and, from landing zone 4.0 with its Config
    // integration, its Config aggregator) stand in for the baseline's.
    const runs: Record<BaselineOrganizationFeature, boolean> = {
      'organization-trail': this.organizationTrail !== undefined,
      'organization-config-aggregator': configAggregation(org) === 'organization',
    };
    const used = BASELINE_TRUSTED_ACCESS.filter((p) => !('onlyWith' in p) || runs[p.onlyWith]);
    this.trustedAccess = new TrustedAccess(this, 'trusted-access', {
      provider: this.providers.home,
      organizationId: organization.id,
      rootId: organization.rootId,
      // GuardDuty's and Security Hub's designations below turn their own trusted access on.
      requiredPrincipals: used.filter((p) => p.enabledBy === 'prerequisite').map((p) => p.principal),
      controlTower,
      manage: organization.manageOrganization && {
        // The list is authoritative: it must also hold what the designations below turn on.
        keepPrincipals: [
          ...organization.manageOrganization.keepServicePrincipals,
          ...BASELINE_TRUSTED_ACCESS.filter((p) => p.enabledBy === 'designation').map((p) => p.principal),
        ],
        enabledPolicyTypes: organization.manageOrganization.enabledPolicyTypes,
      },
    });
    const organizationResource = this.trustedAccess.organization ? [this.trustedAccess.organization] : [];
    // CloudTrail must have trusted access before the organization trail exists.
    this.organizationTrail?.deliverAfter(...organizationResource);
    this.delegatedAdministrators = new DelegatedAdministrators(this, 'delegated-administrators', {
      accountId: account.id,
      adminAccountId: security.id,
      providers: this.providers,
      organizationsServices: ORGANIZATIONS_DELEGATED_SERVICES.filter((service) => used.some((p) => p.principal === service)),
      dependsOn: organizationResource,
    });
  }
}
