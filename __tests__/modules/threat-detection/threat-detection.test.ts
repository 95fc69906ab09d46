import { DEFAULT_SECURITY_HUB_STANDARDS, GUARDDUTY_PROTECTIONS } from '../../../modules/catalogs/threat-detection';
import { SECURITY_HUB_STANDARD_CONTROLS } from '../../../modules/catalogs/security-hub-controls';
import { checksGlobalResources, ThreatDetection } from '../../../modules/threat-detection/threat-detection';
import { onlyResource, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_ACCOUNT, TEST_REGIONS } from '../../helpers/synth';

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
    expect(
      inRegion(json, 'aws_securityhub_standards_subscription', region)
        .map((s) => s.standards_arn)
        .sort(),
    ).toEqual([
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
  const disabled = Object.values(resourcesOfType(json, 'aws_securityhub_standards_control_association')).filter(
    (a) => a.security_control_id === 'IAM.6',
  );
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
  const associations = inRegion(json, 'aws_securityhub_standards_control_association', 'eu-west-1');
  const subscriptionOf = (association: { standards_arn: string }) => {
    const [, id] = /^\$\{aws_securityhub_standards_subscription\.([\w-]+)\.standards_arn\}$/.exec(association.standards_arn)!;
    return resourcesOfType(json, 'aws_securityhub_standards_subscription')[id].standards_arn;
  };
  expect(associations.map(subscriptionOf).sort()).toEqual([
    'arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0',
    'arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0',
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

describe('global-resource controls', () => {
  const json = synthThreatDetection({ disabledControls: [{ controlId: 'IAM.6', reason: 'break-glass' }] });
  const disabledIn = (region: string) =>
    inRegion(json, 'aws_securityhub_standards_control_association', region).map((a) => [a.security_control_id, a.updated_reason]);

  test('run only in the home region: elsewhere every IAM and Account control of the subscribed standards is disabled', () => {
    expect(disabledIn('eu-west-1')).toEqual([
      ['IAM.6', 'break-glass'],
      ['IAM.6', 'break-glass'],
    ]);
    for (const region of ['eu-central-1', 'us-east-1']) {
      const ids = new Set(disabledIn(region).map(([id]) => id));
      for (const standard of DEFAULT_SECURITY_HUB_STANDARDS) {
        for (const id of SECURITY_HUB_STANDARD_CONTROLS[standard] as readonly string[]) {
          expect(ids.has(id)).toBe(/^(IAM|Account)\./.test(id) && id !== 'IAM.28');
        }
      }
    }
  });

  test('a configured reason wins over the generic one, and each association exists once', () => {
    const centralIam6 = disabledIn('eu-central-1').filter(([id]) => id === 'IAM.6');
    expect(centralIam6).toEqual([
      ['IAM.6', 'break-glass'],
      ['IAM.6', 'break-glass'],
    ]);
    expect(disabledIn('eu-central-1').find(([id]) => id === 'IAM.4')![1]).toMatch(
      /global resources: evaluated in the home region eu-west-1 only/,
    );
  });

  test("IAM.28 checks each region's Access Analyzer, so it stays on everywhere", () => {
    expect(checksGlobalResources('IAM.28')).toBe(false);
    expect(checksGlobalResources('IAM.4')).toBe(true);
    expect(checksGlobalResources('Account.1')).toBe(true);
    expect(checksGlobalResources('EC2.2')).toBe(false);
  });
});

test('detectors and hubs are protected from destroy: replacing one loses its findings', () => {
  const json = synthThreatDetection();
  for (const type of ['aws_guardduty_detector', 'aws_securityhub_account']) {
    for (const resource of Object.values(resourcesOfType(json, type))) expect(resource.lifecycle).toEqual({ prevent_destroy: true });
  }
});

test('a service run by a delegated administrator gets no resources here, the other one is untouched', () => {
  const guardDutyElsewhere = synthThreatDetection({ adopt: { guardDutyManagedByAdministrator: true } });
  expect(Object.keys(resourcesOfType(guardDutyElsewhere, 'aws_guardduty_detector'))).toHaveLength(0);
  expect(Object.keys(resourcesOfType(guardDutyElsewhere, 'aws_guardduty_detector_feature'))).toHaveLength(0);
  expect(Object.keys(resourcesOfType(guardDutyElsewhere, 'aws_securityhub_account'))).toHaveLength(TEST_REGIONS.length);
  const hubElsewhere = synthThreatDetection({ adopt: { securityHubManagedByAdministrator: true } });
  for (const type of [
    'aws_securityhub_account',
    'aws_securityhub_standards_subscription',
    'aws_securityhub_standards_control_association',
    'aws_securityhub_finding_aggregator',
  ]) {
    expect(Object.keys(resourcesOfType(hubElsewhere, type))).toHaveLength(0);
  }
  expect(Object.keys(resourcesOfType(hubElsewhere, 'aws_guardduty_detector'))).toHaveLength(TEST_REGIONS.length);
});

test('adopting a hub can import its existing standard subscriptions and the aggregator', () => {
  const aggregatorArn = `arn:aws:securityhub:eu-west-1:${TEST_ACCOUNT}:finding-aggregator/0f8e9d7c-1111-2222-3333-444455556666`;
  const json = synthThreatDetection({
    adopt: {
      securityHubRegions: ['eu-central-1'],
      subscribedStandards: ['aws-foundational-security-best-practices/v/1.0.0'],
      findingAggregatorArn: aggregatorArn,
    },
  });
  const imports = (json.import ?? []).map((i) => [i.to.split('.')[0], i.id, i.provider]);
  expect(imports.sort()).toEqual(
    [
      ['aws_securityhub_account', TEST_ACCOUNT, 'aws.eu-central-1'],
      ['aws_securityhub_finding_aggregator', aggregatorArn, 'aws'],
      [
        'aws_securityhub_standards_subscription',
        `arn:aws:securityhub:eu-central-1:${TEST_ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`,
        'aws.eu-central-1',
      ],
    ].sort(),
  );
});

test('the management account before enrolment: detectors without plans, Security Hub only in the home region, nothing else', () => {
  const json = synthThreatDetection({
    disabledControls: [{ controlId: 'IAM.6', reason: 'x' }],
    adopt: { guardDutyDetectorOnly: true, securityHubOnlyInHomeRegion: true },
  });
  expect(Object.keys(resourcesOfType(json, 'aws_guardduty_detector'))).toHaveLength(TEST_REGIONS.length);
  const hubs = Object.values(resourcesOfType(json, 'aws_securityhub_account'));
  expect(hubs.map((h) => regionOf(json, h))).toEqual(['eu-west-1']);
  for (const type of [
    'aws_guardduty_detector_feature',
    'aws_securityhub_standards_subscription',
    'aws_securityhub_standards_control_association',
    'aws_securityhub_finding_aggregator',
  ]) {
    expect(resourcesOfType(json, type)).toEqual({});
  }
});
