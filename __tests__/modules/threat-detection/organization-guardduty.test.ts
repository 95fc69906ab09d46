import { GUARDDUTY_PROTECTIONS } from '../../../modules/catalogs/threat-detection';
import { OrganizationGuardDuty } from '../../../modules/threat-detection/organization-guardduty';
import { addressOf, bodyOf, refTo, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_REGIONS } from '../../helpers/synth';

function synthGuardDuty(props: Partial<ConstructorParameters<typeof OrganizationGuardDuty>[2]> = {}, regions = TEST_REGIONS) {
  const { stack, providers } = regionalTestStack(regions);
  const guardDuty = new OrganizationGuardDuty(stack, 'guardduty', { providers, ...props });
  return { json: synthStack(stack), guardDuty };
}
const inRegion = (json: ReturnType<typeof synthGuardDuty>['json'], type: string, region: string) =>
  Object.values(resourcesOfType(json, type)).filter((r) => regionOf(json, r) === region);

describe('OrganizationGuardDuty with defaults', () => {
  const { json, guardDuty } = synthGuardDuty();

  test('a detector publishing every 15 minutes, protected from destroy, in every region', () => {
    const detectors = Object.values(resourcesOfType(json, 'aws_guardduty_detector'));
    expect(detectors.map((d) => regionOf(json, d)).sort()).toEqual([...TEST_REGIONS].sort());
    for (const detector of detectors) {
      expect(detector).toMatchObject({
        enable: true,
        finding_publishing_frequency: 'FIFTEEN_MINUTES',
        lifecycle: { prevent_destroy: true },
      });
    }
    expect([...guardDuty.detectors.keys()]).toEqual(TEST_REGIONS);
  });

  test.each(TEST_REGIONS)('%s: the organization configuration enrols ALL members, without the deprecated arguments', (region) => {
    const [configuration] = inRegion(json, 'aws_guardduty_organization_configuration', region);
    const { '//': _metadata, provider: _provider, ...settings } = configuration;
    expect(settings).toEqual({ detector_id: refTo(guardDuty.detectors.get(region)!, 'id'), auto_enable_organization_members: 'ALL' });
    expect(configuration).not.toHaveProperty('auto_enable');
    expect(configuration).not.toHaveProperty('datasources');
  });

  test.each(TEST_REGIONS)(
    '%s: one organization feature per protection plan, at its catalog default, after the organization configuration',
    (region) => {
      const features = inRegion(json, 'aws_guardduty_organization_configuration_feature', region);
      expect(Object.fromEntries(features.map((f) => [f.name, f.auto_enable]))).toEqual({
        S3_DATA_EVENTS: 'ALL',
        EKS_AUDIT_LOGS: 'ALL',
        EBS_MALWARE_PROTECTION: 'ALL',
        RDS_LOGIN_EVENTS: 'ALL',
        LAMBDA_NETWORK_LOGS: 'ALL',
        RUNTIME_MONITORING: 'NONE',
      });
      expect(features).toHaveLength(GUARDDUTY_PROTECTIONS.length);
      const configuration = guardDuty.organizationConfigurations.get(region)!;
      for (const feature of features) {
        expect(feature.detector_id).toBe(refTo(guardDuty.detectors.get(region)!, 'id'));
        expect(feature.depends_on).toEqual([addressOf(configuration)]);
        expect(regionOf(json, feature)).toBe(regionOf(json, bodyOf(json, configuration)));
      }
      const runtime = features.find((f) => f.name === 'RUNTIME_MONITORING');
      expect(runtime.additional_configuration).toEqual([
        { name: 'EKS_ADDON_MANAGEMENT', auto_enable: 'NONE' },
        { name: 'ECS_FARGATE_AGENT_MANAGEMENT', auto_enable: 'NONE' },
        { name: 'EC2_AGENT_MANAGEMENT', auto_enable: 'NONE' },
      ]);
    },
  );
});

test('protections and the publishing frequency are the settings ThreatDetection takes: on is ALL, off is NONE', () => {
  const { json, guardDuty } = synthGuardDuty({
    findingPublishingFrequency: 'SIX_HOURS',
    protections: { runtimeMonitoring: true, s3DataEvents: false },
  });
  for (const detector of Object.values(resourcesOfType(json, 'aws_guardduty_detector')))
    expect(detector.finding_publishing_frequency).toBe('SIX_HOURS');
  for (const region of TEST_REGIONS) {
    const features = inRegion(json, 'aws_guardduty_organization_configuration_feature', region);
    expect(features.find((f) => f.name === 'S3_DATA_EVENTS').auto_enable).toBe('NONE');
    const runtime = features.find((f) => f.name === 'RUNTIME_MONITORING');
    expect(runtime.auto_enable).toBe('ALL');
    expect(runtime.additional_configuration.map((c: { auto_enable: string }) => c.auto_enable)).toEqual(['ALL', 'ALL', 'ALL']);
  }
  expect(guardDuty.autoEnable).toMatchObject({ runtimeMonitoring: 'ALL', s3DataEvents: 'NONE', eksAuditLogs: 'ALL' });
});

test('only the regions of the providers: a single-region organization gets one of each', () => {
  const { json } = synthGuardDuty({}, ['eu-central-1']);
  expect(Object.keys(resourcesOfType(json, 'aws_guardduty_detector'))).toHaveLength(1);
  expect(Object.keys(resourcesOfType(json, 'aws_guardduty_organization_configuration'))).toHaveLength(1);
  expect(Object.keys(resourcesOfType(json, 'aws_guardduty_organization_configuration_feature'))).toHaveLength(GUARDDUTY_PROTECTIONS.length);
});
