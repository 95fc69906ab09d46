import {
  disabledControlIdentifiers,
  SecurityHubCentralConfiguration,
} from '../../../modules/threat-detection/security-hub-central-configuration';
import {
  addressOf,
  bodyOf,
  onlyResource,
  refTo,
  regionalTestStack,
  regionOf,
  resourcesOfType,
  synthStack,
  TEST_REGIONS,
} from '../../helpers/synth';

type Props = ConstructorParameters<typeof SecurityHubCentralConfiguration>[2];
const ROOT = 'r-ab12';

function synthCentral(props: Partial<Props> = {}, regions = TEST_REGIONS) {
  const { stack, providers } = regionalTestStack(regions);
  const central = new SecurityHubCentralConfiguration(stack, 'security-hub', {
    providers,
    organizationRootId: ROOT,
    policyName: 'acme-baseline',
    ...props,
  });
  return { json: synthStack(stack), central };
}

describe('SecurityHubCentralConfiguration with defaults', () => {
  const { json, central } = synthCentral();
  const types = [
    'aws_securityhub_account',
    'aws_securityhub_finding_aggregator',
    'aws_securityhub_organization_configuration',
    'aws_securityhub_configuration_policy',
    'aws_securityhub_configuration_policy_association',
  ];

  test('everything is in the home region, once', () => {
    for (const type of types) expect(regionOf(json, onlyResource(json, type))).toBe('eu-west-1');
  });

  test("the administrator's hub: no default standards, consolidated control findings, protected from destroy", () => {
    expect(onlyResource(json, 'aws_securityhub_account')).toMatchObject({
      enable_default_standards: false,
      control_finding_generator: 'SECURITY_CONTROL',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the aggregator links the other regions of the providers, after the hub', () => {
    const aggregator = bodyOf(json, central.findingAggregator);
    expect(aggregator).toMatchObject({ linking_mode: 'SPECIFIED_REGIONS', specified_regions: ['eu-central-1', 'us-east-1'] });
    expect(aggregator.depends_on).toEqual([addressOf(central.hub)]);
  });

  test('the organization configuration is CENTRAL without auto-enable, after the aggregator', () => {
    const configuration = bodyOf(json, central.organizationConfiguration);
    expect(configuration).toMatchObject({
      auto_enable: false,
      auto_enable_standards: 'NONE',
      organization_configuration: { configuration_type: 'CENTRAL' },
    });
    expect(configuration.depends_on).toEqual([addressOf(central.findingAggregator)]);
  });

  test('the policy enables FSBP and CIS v3.0.0 (home-region ARNs) and disables nothing, once the configuration is CENTRAL', () => {
    const policy = bodyOf(json, central.policy);
    expect(policy.name).toBe('acme-baseline');
    expect(policy.configuration_policy).toEqual({
      service_enabled: true,
      enabled_standard_arns: [
        'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
        'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
      ],
      // An empty disabled list (not a missing block): the provider requires the block while the service is enabled.
      security_controls_configuration: { disabled_control_identifiers: [] },
    });
    expect(policy.depends_on).toEqual([addressOf(central.organizationConfiguration)]);
  });

  test('the policy is associated with the root, waiting up to 5 minutes', () => {
    const association = onlyResource(json, 'aws_securityhub_configuration_policy_association');
    expect(association).toMatchObject({
      target_id: ROOT,
      policy_id: refTo(central.policy, 'id'),
      timeouts: { create: '5m', update: '5m' },
    });
    expect([...central.associations.keys()]).toEqual([ROOT]);
  });

  test('no per-account standards subscriptions or control associations: the policy replaces them', () => {
    for (const type of [
      'aws_securityhub_standards_subscription',
      'aws_securityhub_standards_control_association',
      'aws_securityhub_standards_control',
    ]) {
      expect(resourcesOfType(json, type)).toEqual({});
    }
  });
});

test('disabled controls become control ids, sorted and without repeats; standards and reasons are not sent', () => {
  const { json, central } = synthCentral({
    standards: ['cis-aws-foundations-benchmark/v/3.0.0', 'pci-dss/v/4.0.1'],
    disabledControls: [
      { controlId: 'IAM.6', reason: 'break-glass root' },
      { controlId: 'EC2.10', reason: 'no VPC endpoints' },
      { controlId: 'IAM.6', reason: 'again', standards: ['cis-aws-foundations-benchmark/v/3.0.0'] },
    ],
  });
  const policy = bodyOf(json, central.policy).configuration_policy;
  expect(policy.enabled_standard_arns).toEqual([
    'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
    'arn:aws:securityhub:eu-west-1::standards/pci-dss/v/4.0.1',
  ]);
  expect(policy.security_controls_configuration).toEqual({ disabled_control_identifiers: ['EC2.10', 'IAM.6'] });
  expect(JSON.stringify(policy)).not.toMatch(/break-glass|again/);
  expect(
    disabledControlIdentifiers([
      { controlId: 'S3.1', reason: 'x' },
      { controlId: 'ACM.1', reason: 'y' },
    ]),
  ).toEqual(['ACM.1', 'S3.1']);
});

test('a single-region organization links no regions (NO_REGIONS), which central configuration still needs', () => {
  const { json } = synthCentral({}, ['eu-west-1']);
  const aggregator = onlyResource(json, 'aws_securityhub_finding_aggregator');
  expect(aggregator.linking_mode).toBe('NO_REGIONS');
  expect(aggregator).not.toHaveProperty('specified_regions');
});

test('the policy can be associated with OUs and accounts instead of the root, with another timeout', () => {
  const { json, central } = synthCentral({
    policyTargets: ['ou-ab12-cdef3456', '333333333333', 'ou-ab12-cdef3456'],
    associationTimeout: '10m',
  });
  const associations = Object.values(resourcesOfType(json, 'aws_securityhub_configuration_policy_association'));
  expect(associations.map((a) => a.target_id).sort()).toEqual(['333333333333', 'ou-ab12-cdef3456']);
  for (const association of associations) {
    expect(association).toMatchObject({ policy_id: refTo(central.policy, 'id'), timeouts: { create: '10m', update: '10m' } });
  }
});

test('targets and the root id are checked: a name, an ARN or an empty list is a programming error', () => {
  expect(() => synthCentral({ policyTargets: ['Production'] })).toThrow(/policyTargets must be root/);
  expect(() => synthCentral({ policyTargets: [] })).toThrow(/policyTargets must be root/);
  expect(() => synthCentral({ organizationRootId: 'o-abc123defg' })).toThrow(/not a root id/);
});
