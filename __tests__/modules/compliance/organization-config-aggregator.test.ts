import { CONFIG_ORGANIZATIONS_POLICY, OrganizationConfigAggregator } from '../../../modules/compliance/organization-config-aggregator';
import { addressOf, bodyOf, onlyResource, parsePolicy, refTo, regionalTestStack, regionOf, synthStack } from '../../helpers/synth';

describe('OrganizationConfigAggregator', () => {
  const { stack, providers } = regionalTestStack();
  const construct = new OrganizationConfigAggregator(stack, 'config-aggregator', {
    providers,
    aggregatorName: 'acme-organization',
    roleName: 'acme-config-aggregator',
  });
  const json = synthStack(stack);

  test('aggregates the whole organization from every region, present and future, in the home region', () => {
    const aggregator = onlyResource(json, 'aws_config_configuration_aggregator');
    expect(regionOf(json, aggregator)).toBe('eu-west-1');
    expect(aggregator.name).toBe('acme-organization');
    expect(aggregator.organization_aggregation_source).toEqual({ all_regions: true, role_arn: refTo(construct.role, 'arn') });
    expect(aggregator).not.toHaveProperty('account_aggregation_source');
  });

  test('through a role only AWS Config may assume, holding AWSConfigRoleForOrganizations before the aggregator uses it', () => {
    const role = bodyOf(json, construct.role);
    expect(role.name).toBe('acme-config-aggregator');
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      { Sid: 'AllowServiceToAssumeRole', Effect: 'Allow', Principal: { Service: 'config.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const attachment = onlyResource(json, 'aws_iam_role_policy_attachment');
    expect(attachment).toMatchObject({
      role: refTo(construct.role, 'name'),
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations',
    });
    expect(CONFIG_ORGANIZATIONS_POLICY).toBe(attachment.policy_arn);
    const [attachmentAddress] = Object.keys(json.resource!.aws_iam_role_policy_attachment).map(
      (id) => `aws_iam_role_policy_attachment.${id}`,
    );
    expect(bodyOf(json, construct.aggregator).depends_on).toEqual([attachmentAddress]);
    expect(addressOf(construct.aggregator)).toMatch(/^aws_config_configuration_aggregator\./);
  });
});
