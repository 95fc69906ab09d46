import { GuarddutyOrganizationAdminAccount } from '@cdktf/provider-aws/lib/guardduty-organization-admin-account';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { SecurityhubOrganizationAdminAccount } from '@cdktf/provider-aws/lib/securityhub-organization-admin-account';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { RegionalProviders } from '../core/regional-providers';

/** What the baseline may run for the whole organization, and Control Tower may run instead. */
export type BaselineOrganizationFeature = 'organization-trail' | 'organization-config-aggregator';

/** A service principal the baseline needs trusted access for, and why. */
export interface TrustedAccessPrincipal {
  readonly principal: string;
  /** What breaks without it. */
  readonly why: string;
  /**
   * `designation`: the service's own delegated-administrator call (made by DelegatedAdministrators)
   * turns trusted access on. `prerequisite`: it must be on before the first apply of the management
   * stack (`aws organizations enable-aws-service-access`), or the registration or the organization
   * trail fails.
   */
  readonly enabledBy: 'designation' | 'prerequisite';
  /**
   * Needed only while the baseline runs this itself (not, for example, under Control Tower, whose
   * own organization trail or Config aggregator stands in). @default always needed
   */
  readonly onlyWith?: BaselineOrganizationFeature;
}

/**
 * Every service principal the organization baseline needs trusted access for. Trusted access is a
 * property of the organization, managed (if at all) by `aws_organizations_organization`, whose list
 * is authoritative: see TrustedAccess.
 */
export const BASELINE_TRUSTED_ACCESS = [
  {
    principal: 'cloudtrail.amazonaws.com',
    why: 'The organization trail: CreateTrail with IsOrganizationTrail fails with CloudTrailAccessNotEnabledException without it.',
    enabledBy: 'prerequisite',
    onlyWith: 'organization-trail',
  },
  {
    principal: 'guardduty.amazonaws.com',
    why: 'GuardDuty run by the security account for every member, in every region (EnableOrganizationAdminAccount).',
    enabledBy: 'designation',
  },
  {
    // The principal of AmazonGuardDutyMalwareProtectionServiceRolePolicy's service-linked role
    // (Organizations user guide, "Amazon GuardDuty and AWS Organizations").
    principal: 'malware-protection.guardduty.amazonaws.com',
    why: 'GuardDuty Malware Protection for EC2 (EBS scans) creates its service-linked role in member accounts only with it.',
    enabledBy: 'prerequisite',
  },
  {
    principal: 'securityhub.amazonaws.com',
    why: 'Security Hub central configuration by the security account (EnableOrganizationAdminAccount in the home region).',
    enabledBy: 'designation',
  },
  {
    principal: 'config.amazonaws.com',
    why: 'The organization Config aggregator in the security account (RegisterDelegatedAdministrator needs trusted access first).',
    enabledBy: 'prerequisite',
    onlyWith: 'organization-config-aggregator',
  },
  {
    principal: 'access-analyzer.amazonaws.com',
    why: 'The ORGANIZATION IAM Access Analyzer in the security account (RegisterDelegatedAdministrator needs trusted access first).',
    enabledBy: 'prerequisite',
  },
] as const satisfies readonly TrustedAccessPrincipal[];

export type BaselineServicePrincipal = (typeof BASELINE_TRUSTED_ACCESS)[number]['principal'];

/** The principals of BASELINE_TRUSTED_ACCESS, in table order. */
export const BASELINE_SERVICE_PRINCIPALS: readonly BaselineServicePrincipal[] = BASELINE_TRUSTED_ACCESS.map((p) => p.principal);

/**
 * Services delegated through `aws_organizations_delegated_administrator`. GuardDuty and Security
 * Hub are not among them: their own `*_organization_admin_account` resources register the
 * delegation with Organizations (registering it twice fails).
 */
export const ORGANIZATIONS_DELEGATED_SERVICES = [
  'config.amazonaws.com',
  'access-analyzer.amazonaws.com',
] as const satisfies readonly BaselineServicePrincipal[];

export type OrganizationsDelegatedService = (typeof ORGANIZATIONS_DELEGATED_SERVICES)[number];

export interface DelegatedAdministratorsProps {
  /** The management account, which registers the delegations (its providers are `providers`). */
  readonly accountId: string;
  /**
   * The account that administers GuardDuty, Security Hub, AWS Config and IAM Access Analyzer for
   * the organization: the security (audit) account. It must not be the management account
   * (Security Hub central configuration refuses it, and it defeats the point of delegating).
   */
  readonly adminAccountId: string;
  /**
   * The management account's providers. GuardDuty's delegation is regional and is made in every
   * one of their `regions`; Security Hub's is made in the home region only (central configuration
   * then extends it to the linked regions); the Organizations registrations are global (home provider).
   */
  readonly providers: RegionalProviders;
  /**
   * The services registered through Organizations. @default ORGANIZATIONS_DELEGATED_SERVICES
   */
  readonly organizationsServices?: readonly OrganizationsDelegatedService[];
  /**
   * What the registrations must wait for, such as the managed `aws_organizations_organization`
   * (TrustedAccess `dependable`) when trusted access is managed by the stack. @default nothing
   */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * The management account's delegated-administrator registrations: the security account becomes
 * GuardDuty administrator in every region, Security Hub administrator in the home region, and
 * the registered delegated administrator for AWS Config (the organization aggregator) and IAM
 * Access Analyzer (ORGANIZATION analyzers). Config multi-account setup (organization rules and
 * conformance packs) is not delegated: the baseline deploys neither.
 *
 * Trusted access for the `prerequisite` principals of BASELINE_TRUSTED_ACCESS must be on before
 * the first apply (see TrustedAccess). The security stack must be applied after this one.
 */
export class DelegatedAdministrators extends Construct {
  /** Region → GuardDuty delegation, one per region of `providers.regions`. */
  readonly guardDuty: ReadonlyMap<string, GuarddutyOrganizationAdminAccount>;
  /** In the home region. */
  readonly securityHub: SecurityhubOrganizationAdminAccount;
  /** Service principal → registration. */
  readonly organizations: ReadonlyMap<OrganizationsDelegatedService, OrganizationsDelegatedAdministrator>;
  /** Every registration: for `dependsOn` of whatever needs the delegations in place. */
  readonly all: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: DelegatedAdministratorsProps) {
    super(scope, id);
    const { providers, adminAccountId } = props;
    for (const [field, value] of Object.entries({ accountId: props.accountId, adminAccountId })) {
      if (!/^\d{12}$/.test(value)) throw new Error(`DelegatedAdministrators: ${field} "${value}" is not a 12-digit account id`);
    }
    if (adminAccountId === props.accountId) {
      throw new Error(
        `DelegatedAdministrators: the delegated administrator ${adminAccountId} is the management account; ` +
          'Security Hub central configuration refuses it: delegate to the security account',
      );
    }
    const dependsOn = props.dependsOn ? [...props.dependsOn] : undefined;

    this.guardDuty = new Map(
      providers.regions.map((region) => [
        region,
        new GuarddutyOrganizationAdminAccount(this, `guardduty-${region}`, {
          provider: providers.forRegion(region),
          adminAccountId,
          dependsOn,
        }),
      ]),
    );
    this.securityHub = new SecurityhubOrganizationAdminAccount(this, 'securityhub', {
      provider: providers.home,
      adminAccountId,
      dependsOn,
    });
    this.organizations = new Map(
      (props.organizationsServices ?? ORGANIZATIONS_DELEGATED_SERVICES).map((servicePrincipal) => [
        servicePrincipal,
        new OrganizationsDelegatedAdministrator(this, servicePrincipal.replace('.amazonaws.com', ''), {
          provider: providers.home,
          accountId: adminAccountId,
          servicePrincipal,
          dependsOn,
        }),
      ]),
    );
    this.all = [...this.guardDuty.values(), this.securityHub, ...this.organizations.values()];
  }
}
