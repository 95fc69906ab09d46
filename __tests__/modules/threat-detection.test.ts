import { GUARDDUTY_PROTECTIONS } from '../../modules/catalogs/threat-detection';
import { ThreatDetection } from '../../modules/threat-detection';
import { onlyResource, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_ACCOUNT, TEST_REGIONS } from '../helpers/synth';

function synthThreatDetection(props: Partial<ConstructorParameters<typeof ThreatDetection>[2]> = {}) {
  const { stack, providers } = regionalTestStack();
  new ThreatDetection(stack, 'threat-detection', { accountId: TEST_ACCOUNT, providers, ...props });
  return synthStack(stack);
}
const inRegion = (json: ReturnType<typeof synthThreatDetection>, type: string, region: string) =>
  Object.values(resourcesOfType(json, type)).filter((r) => regionOf(json, r) === region);

describe('ThreatDetection with defaults', () => {
  const json = synthThreatDetection();

  test('a GuardDuty detector publishing every 15 minutes in every region', () => {
    const detectors = Object.values(resourcesOfType(json, 'aws_guardduty_detector'));
    expect(detectors.map((d) => regionOf(json, d)).sort()).toEqual([...TEST_REGIONS].sort());
    for (const detector of detectors) expect(detector).toMatchObject({ enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' });
  });

  test.each(TEST_REGIONS)('%s: every protection plan at its default, runtime monitoring opt-in', (region) => {
    const features = Object.fromEntries(inRegion(json, 'aws_guardduty_detector_feature', region).map((f) => [f.name, f.status]));
    expect(features).toEqual({
      S3_DATA_EVENTS: 'ENABLED',
      EKS_AUDIT_LOGS: 'ENABLED',
      EBS_MALWARE_PROTECTION: 'ENABLED',
      RDS_LOGIN_EVENTS: 'ENABLED',
      LAMBDA_NETWORK_LOGS: 'ENABLED',
      RUNTIME_MONITORING: 'DISABLED',
    });
  });

  test.each(TEST_REGIONS)('%s: Security Hub without default standards, subscribed to FSBP and CIS v3.0.0', (region) => {
    const [hub] = inRegion(json, 'aws_securityhub_account', region);
    expect(hub).toMatchObject({ enable_default_standards: false, control_finding_generator: 'SECURITY_CONTROL' });
    expect(inRegion(json, 'aws_securityhub_standards_subscription', region).map((s) => s.standards_arn).sort()).toEqual([
      `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
      `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
    ]);
    for (const subscription of inRegion(json, 'aws_securityhub_standards_subscription', region)) {
      expect(subscription.depends_on).toEqual([expect.stringMatching(/^aws_securityhub_account\./)]);
    }
  });

  test('the home region aggregates the findings of the other enabled regions', () => {
    const aggregator = onlyResource(json, 'aws_securityhub_finding_aggregator');
    expect(regionOf(json, aggregator)).toBe('eu-west-1');
    expect(aggregator).toMatchObject({ linking_mode: 'SPECIFIED_REGIONS', specified_regions: ['eu-central-1', 'us-east-1'] });
    expect(aggregator.depends_on).toHaveLength(TEST_REGIONS.length);
  });
});

test('protection plans, publishing frequency, standards and disabled controls are configurable', () => {
  const json = synthThreatDetection({
    findingPublishingFrequency: 'SIX_HOURS',
    protections: { runtimeMonitoring: true, s3DataEvents: false },
    standards: ['cis-aws-foundations-benchmark/v/3.0.0'],
    disabledControls: [{ standards: ['cis-aws-foundations-benchmark/v/3.0.0'], controlId: 'IAM.6', reason: 'break-glass' }],
  });
  for (const detector of Object.values(resourcesOfType(json, 'aws_guardduty_detector'))) {
    expect(detector.finding_publishing_frequency).toBe('SIX_HOURS');
  }
  const features = inRegion(json, 'aws_guardduty_detector_feature', 'us-east-1');
  expect(features.find((f) => f.name === 'S3_DATA_EVENTS').status).toBe('DISABLED');
  const runtime = features.find((f) => f.name === 'RUNTIME_MONITORING');
  expect(runtime.status).toBe('ENABLED');
  expect(runtime.additional_configuration).toEqual(
    GUARDDUTY_PROTECTIONS.find((p) => p.key === 'runtimeMonitoring')!.additionalConfiguration.map((name) => ({ name, status: 'ENABLED' })),
  );
  const disabled = Object.values(resourcesOfType(json, 'aws_securityhub_standards_control_association'));
  expect(disabled).toHaveLength(TEST_REGIONS.length);
  for (const association of disabled) {
    expect(association).toMatchObject({ security_control_id: 'IAM.6', association_status: 'DISABLED', updated_reason: 'break-glass' });
    expect(association.standards_arn).toMatch(/^\$\{aws_securityhub_standards_subscription\.[\w-]+\.standards_arn\}$/);
  }
});

test('a single-region organization needs no aggregator', () => {
  const { stack, providers } = regionalTestStack(['eu-west-1']);
  new ThreatDetection(stack, 'threat-detection', { accountId: TEST_ACCOUNT, providers });
  expect(resourcesOfType(synthStack(stack), 'aws_securityhub_finding_aggregator')).toEqual({});
});

test('disabling a control of a standard that is not subscribed is a programming error', () => {
  const { stack, providers } = regionalTestStack();
  expect(
    () =>
      new ThreatDetection(stack, 'threat-detection', {
        accountId: TEST_ACCOUNT,
        providers,
        standards: ['aws-foundational-security-best-practices/v/1.0.0'],
        disabledControls: [{ standards: ['pci-dss/v/4.0.1'], controlId: 'IAM.6', reason: 'x' }],
      }),
  ).toThrow('Cannot disable IAM.6: not subscribed to pci-dss/v/4.0.1');
});

test('a disabled control is disabled in every subscribed standard that contains it, and only those', () => {
  // IAM.6 is in FSBP and CIS v3.0.0 (requirement 1.6); CloudWatch.1 only in CIS v1.4.0.
  const json = synthThreatDetection({
    standards: ['aws-foundational-security-best-practices/v/1.0.0', 'cis-aws-foundations-benchmark/v/3.0.0'],
    disabledControls: [{ controlId: 'IAM.6', reason: 'break-glass' }],
  });
  const associations = inRegion(json, 'aws_securityhub_standards_control_association', 'eu-central-1');
  const subscriptionOf = (association: { standards_arn: string }) => {
    const [, id] = /^\$\{aws_securityhub_standards_subscription\.([\w-]+)\.standards_arn\}$/.exec(association.standards_arn)!;
    return resourcesOfType(json, 'aws_securityhub_standards_subscription')[id].standards_arn;
  };
  expect(associations.map(subscriptionOf).sort()).toEqual([
    'arn:aws:securityhub:eu-central-1::standards/aws-foundational-security-best-practices/v/1.0.0',
    'arn:aws:securityhub:eu-central-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
  ]);
  const { stack, providers } = regionalTestStack();
  expect(
    () =>
      new ThreatDetection(stack, 'threat-detection', {
        accountId: TEST_ACCOUNT,
        providers,
        disabledControls: [{ controlId: 'CloudWatch.1', reason: 'x' }],
      }),
  ).toThrow('Cannot disable CloudWatch.1: no subscribed standard contains it');
});

test('adopting: existing detectors and hubs are imported in their regions, everything else is created', () => {
  const json = synthThreatDetection({
    adopt: { guardDutyDetectors: { 'eu-central-1': '12abc34d567e8fa901bc2d34e56789f0' }, securityHubRegions: ['eu-west-1', 'us-east-1'] },
  });
  const imports = (json.import ?? []).map((i) => [i.to.split('.')[0], i.id, i.provider]);
  expect(imports.sort()).toEqual(
    [
      ['aws_guardduty_detector', '12abc34d567e8fa901bc2d34e56789f0', 'aws.eu-central-1'],
      ['aws_securityhub_account', TEST_ACCOUNT, 'aws'],
      ['aws_securityhub_account', TEST_ACCOUNT, 'aws.us-east-1'],
    ].sort(),
  );
  // The imported hub keeps the settings the baseline wants (enable_default_standards is ForceNew and read back as false).
  for (const hub of Object.values(resourcesOfType(json, 'aws_securityhub_account'))) expect(hub.enable_default_standards).toBe(false);
});
