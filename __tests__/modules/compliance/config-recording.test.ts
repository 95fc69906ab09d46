import { LogBucket } from '../../../modules/audit-logging/log-bucket';
import { ConfigRecording, GLOBAL_RESOURCE_TYPES } from '../../../modules/compliance/config-recording';
import { onlyResource, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_ACCOUNT, TEST_REGIONS } from '../../helpers/synth';

function synthRecording(options: Partial<ConstructorParameters<typeof ConfigRecording>[2]> = {}) {
  const { stack, providers } = regionalTestStack();
  const bucket = new LogBucket(stack, 'bucket', { bucketName: 'config-bucket' });
  new ConfigRecording(stack, 'config', {
    accountId: TEST_ACCOUNT,
    providers,
    bucketName: 'config-bucket',
    bucketPolicy: bucket.policy,
    ...options,
  });
  return synthStack(stack);
}

const byRegion = (json: ReturnType<typeof synthRecording>, type: string) =>
  Object.fromEntries(Object.values(resourcesOfType(json, type)).map((r) => [regionOf(json, r), r]));

describe('ConfigRecording with defaults', () => {
  const json = synthRecording();
  const recorders = byRegion(json, 'aws_config_configuration_recorder');

  test('records all supported types continuously in every region, global IAM types only in the home region', () => {
    expect(Object.keys(recorders).sort()).toEqual([...TEST_REGIONS].sort());
    for (const [region, recorder] of Object.entries(recorders)) {
      expect(recorder.recording_group).toEqual({ all_supported: true, include_global_resource_types: region === 'eu-west-1' });
      expect(recorder.recording_mode).toEqual({ recording_frequency: 'CONTINUOUS' });
    }
  });

  test('delivers to the Config bucket daily in every region, and turns each recorder on after its channel', () => {
    const channels = byRegion(json, 'aws_config_delivery_channel');
    const statuses = byRegion(json, 'aws_config_configuration_recorder_status');
    for (const region of TEST_REGIONS) {
      expect(channels[region]).toMatchObject({
        s3_bucket_name: 'config-bucket',
        snapshot_delivery_properties: { delivery_frequency: 'TwentyFour_Hours' },
      });
      expect(statuses[region].is_enabled).toBe(true);
      expect(statuses[region].depends_on).toEqual([expect.stringMatching(/^aws_config_delivery_channel\./)]);
    }
  });

  test('every recorder uses the one service-linked role AWSServiceRoleForConfig, created once (IAM is global)', () => {
    const role = onlyResource(json, 'aws_iam_service_linked_role');
    expect(role.aws_service_name).toBe('config.amazonaws.com');
    expect(role.provider).toBe('aws'); // the home (unaliased) provider
    for (const recorder of Object.values(recorders)) {
      expect(recorder.role_arn).toMatch(/^\$\{aws_iam_service_linked_role\.config_service-linked-role_\w+\.arn\}$/);
    }
    expect(resourcesOfType(json, 'aws_iam_role')).toEqual({});
    expect(json.import).toBeUndefined();
    expect(ConfigRecording.serviceLinkedRoleArn(TEST_ACCOUNT)).toBe(
      `arn:aws:iam::${TEST_ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    );
  });
});

test('adopting: the existing role, recorders and channels are imported under their names, only in their regions', () => {
  const json = synthRecording({
    adopt: {
      serviceLinkedRole: true,
      recorder: { recorderName: 'default', deliveryChannelName: 'default-channel', regions: ['eu-central-1'] },
    },
  });
  const recorders = byRegion(json, 'aws_config_configuration_recorder');
  const channels = byRegion(json, 'aws_config_delivery_channel');
  expect(recorders['eu-central-1'].name).toBe('default');
  expect(channels['eu-central-1'].name).toBe('default-channel');
  expect(recorders['eu-west-1'].name).toBe('security-baseline');
  const imports = (json.import ?? []).map((i: { to: string; id: string; provider?: string }) => [i.to.split('.')[0], i.id, i.provider]);
  expect(imports.sort()).toEqual(
    [
      ['aws_config_configuration_recorder', 'default', 'aws.eu-central-1'],
      ['aws_config_delivery_channel', 'default-channel', 'aws.eu-central-1'],
      ['aws_iam_service_linked_role', ConfigRecording.serviceLinkedRoleArn(TEST_ACCOUNT), 'aws'],
    ].sort(),
  );
});

test('daily recording and excluded types; outside the home region the global types are excluded too', () => {
  const json = synthRecording({
    recordingFrequency: 'DAILY',
    excludedResourceTypes: ['AWS::EC2::NetworkInterface'],
    snapshotDeliveryFrequency: 'Six_Hours',
  });
  const recorders = byRegion(json, 'aws_config_configuration_recorder');
  expect(recorders['eu-west-1'].recording_group).toEqual({
    all_supported: false,
    exclusion_by_resource_types: [{ resource_types: ['AWS::EC2::NetworkInterface'] }],
    recording_strategy: [{ use_only: 'EXCLUSION_BY_RESOURCE_TYPES' }],
  });
  for (const region of ['eu-central-1', 'us-east-1']) {
    expect(recorders[region].recording_group.exclusion_by_resource_types[0].resource_types).toEqual([
      'AWS::EC2::NetworkInterface',
      ...GLOBAL_RESOURCE_TYPES,
    ]);
  }
  expect(recorders['us-east-1'].recording_mode).toEqual({ recording_frequency: 'DAILY' });
  expect(byRegion(json, 'aws_config_delivery_channel')['us-east-1'].snapshot_delivery_properties.delivery_frequency).toBe('Six_Hours');
});
