import { ConfigConfigurationAggregator } from '@cdktf/provider-aws/lib/config-configuration-aggregator';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PARTITION } from '../core/arn';
import { serviceTrustPolicy } from '../core/policy-document';
import type { RegionalProviders } from '../core/regional-providers';

/** AWS managed policy letting AWS Config read the organization (accounts, delegated administrators). */
export const CONFIG_ORGANIZATIONS_POLICY = `arn:${PARTITION}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`;

export interface OrganizationConfigAggregatorProps {
  /** The delegated administrator's providers: the aggregator is created in the home region. */
  readonly providers: RegionalProviders;
  /** Name of the aggregator. */
  readonly aggregatorName: string;
  /** Name of the role AWS Config assumes to list the organization's accounts. */
  readonly roleName: string;
}

/**
 * An AWS Config aggregator for the whole organization, in the home region of the delegated
 * administrator: it collects the configuration and compliance data that every account records,
 * from every region (present and future), for one view. Needs no authorization in the member
 * accounts; needs the account registered as Config's delegated administrator and trusted access
 * for config.amazonaws.com (the management stack's and the prerequisites' job).
 */
export class OrganizationConfigAggregator extends Construct {
  readonly role: IamRole;
  readonly aggregator: ConfigConfigurationAggregator;

  constructor(scope: Construct, id: string, props: OrganizationConfigAggregatorProps) {
    super(scope, id);
    const provider = props.providers.home;
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.roleName,
      description: 'Lets AWS Config read the organization for the organization aggregator',
      assumeRolePolicy: serviceTrustPolicy('config.amazonaws.com'),
    });
    const attachment = new IamRolePolicyAttachment(this, 'role-policy', {
      provider,
      role: this.role.name,
      policyArn: CONFIG_ORGANIZATIONS_POLICY,
    });
    this.aggregator = new ConfigConfigurationAggregator(this, 'aggregator', {
      provider,
      name: props.aggregatorName,
      organizationAggregationSource: { allRegions: true, roleArn: this.role.arn },
      // The role must hold its permissions before Config first uses it.
      dependsOn: [attachment],
    });
  }
}
