import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { arn, PARTITION } from './arn';
import { policyJson, serviceTrustPolicy } from './policy-document';
import type { RegionalProviders } from './regional-providers';

/** IAM resource types are global: recorded in every region they would be duplicated (and paid for). */
export const GLOBAL_RESOURCE_TYPES = ['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy'] as const;

/** AWS managed policy that lets Config read the configuration of every supported resource. */
export const CONFIG_SERVICE_ROLE_POLICY = `arn:${PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole`;

export interface ConfigRecordingProps {
  readonly accountId: string;
  /** One recorder per region of these providers; global types only in the home region. */
  readonly providers: RegionalProviders;
  /** Bucket receiving configuration history and snapshots (in any region). */
  readonly bucketName: string;
  /** The bucket policy admitting Config: delivery channels are created after it. */
  readonly bucketPolicy: ITerraformDependable;
  readonly roleName: string;
  /**
   * `CONTINUOUS` records every change; `DAILY` records at most one configuration item per
   * resource a day, which costs less for resources that change often but delays findings.
   * @default 'CONTINUOUS'
   */
  readonly recordingFrequency?: 'CONTINUOUS' | 'DAILY';
  /** Resource types not to record (to save cost); every other supported type is recorded. @default none */
  readonly excludedResourceTypes?: readonly string[];
  /** @default 'TwentyFour_Hours' */
  readonly snapshotDeliveryFrequency?: string;
}

/**
 * AWS Config recording in every enabled region: a recorder for all supported resource types
 * (IAM types only in the home region), a delivery channel to the Config bucket, the recorder
 * turned on, and one least-privilege service role for all regions.
 */
export class ConfigRecording extends Construct {
  private readonly started = new Map<string, ConfigConfigurationRecorderStatus>();

  constructor(scope: Construct, id: string, props: ConfigRecordingProps) {
    super(scope, id);
    const { providers, accountId } = props;
    const bucketArn = arn.s3Bucket(props.bucketName);

    const role = new IamRole(this, 'role', {
      provider: providers.home,
      name: props.roleName,
      description: 'Lets AWS Config record resource configurations and deliver them to the Config bucket',
      assumeRolePolicy: serviceTrustPolicy('config.amazonaws.com', accountId),
    });
    new IamRolePolicyAttachment(this, 'read-configurations', {
      provider: providers.home,
      role: role.name,
      policyArn: CONFIG_SERVICE_ROLE_POLICY,
    });
    const delivery = new IamRolePolicy(this, 'deliver-to-bucket', {
      provider: providers.home,
      name: 'deliver-to-config-bucket',
      role: role.name,
      policy: policyJson([
        { Sid: 'CheckConfigBucket', Effect: 'Allow', Action: 's3:GetBucketAcl', Resource: bucketArn },
        {
          Sid: 'WriteConfigDeliveries',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      ]),
    });

    const excluded = props.excludedResourceTypes ?? [];
    for (const region of providers.regions) {
      const provider = providers.forRegion(region);
      const isHome = region === providers.homeRegion;
      const regionScope = new Construct(this, region);
      // Outside the home region, excluding resource types must exclude the global ones too.
      const exclusions = excluded.length > 0 && !isHome ? [...new Set([...excluded, ...GLOBAL_RESOURCE_TYPES])] : excluded;
      const recorder = new ConfigConfigurationRecorder(regionScope, 'recorder', {
        provider,
        name: 'security-baseline',
        roleArn: role.arn,
        recordingGroup:
          exclusions.length > 0
            ? {
                allSupported: false,
                exclusionByResourceTypes: [{ resourceTypes: [...exclusions] }],
                recordingStrategy: [{ useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' }],
              }
            : { allSupported: true, includeGlobalResourceTypes: isHome },
        recordingMode: { recordingFrequency: props.recordingFrequency ?? 'CONTINUOUS' },
      });
      const channel = new ConfigDeliveryChannel(regionScope, 'delivery-channel', {
        provider,
        name: 'security-baseline',
        s3BucketName: props.bucketName,
        snapshotDeliveryProperties: { deliveryFrequency: props.snapshotDeliveryFrequency ?? 'TwentyFour_Hours' },
        dependsOn: [recorder, delivery, props.bucketPolicy],
      });
      this.started.set(
        region,
        new ConfigConfigurationRecorderStatus(regionScope, 'recorder-status', {
          provider,
          name: recorder.name,
          isEnabled: true,
          dependsOn: [channel],
        }),
      );
    }
  }

  /** The recorder of `region`, once it records: rules and remediations there depend on it. */
  recordingIn(region: string): ConfigConfigurationRecorderStatus {
    const status = this.started.get(region);
    if (!status) throw new Error(`AWS Config does not record in ${region}`);
    return status;
  }
}
