import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { dependable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { PARTITION } from '../core/arn';
import type { RegionalProviders } from '../core/regional-providers';

/** IAM resource types are global: recorded in every region they would be duplicated (and paid for). */
export const GLOBAL_RESOURCE_TYPES = ['AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::Role', 'AWS::IAM::Policy'] as const;

/** The recorder's and delivery channel's name where the baseline creates them. */
export const BASELINE_RECORDER_NAME = 'security-baseline';

/** Existing Config resources to import instead of creating (see the README, "Adopting existing services"). */
export interface ConfigRecordingAdoption {
  /** AWSServiceRoleForConfig already exists in the account. @default false */
  readonly serviceLinkedRole?: boolean;
  /** A recorder and delivery channel already exist in these regions, under these names. @default none */
  readonly recorder?: { readonly recorderName: string; readonly deliveryChannelName: string; readonly regions: readonly string[] };
}

export interface ConfigRecordingProps {
  readonly accountId: string;
  /** One recorder per region of these providers; global types only in the home region. */
  readonly providers: RegionalProviders;
  /** Bucket receiving configuration history and snapshots (in any region). */
  readonly bucketName: string;
  /** Key prefix in the bucket, before `AWSLogs/<account>/Config/`. @default none */
  readonly keyPrefix?: string;
  /**
   * The bucket policy admitting Config: delivery channels are created after it.
   * @default none: the bucket is another account's (organization mode), whose stack is applied first
   */
  readonly bucketPolicy?: ITerraformDependable;
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
  /** @default everything is created */
  readonly adopt?: ConfigRecordingAdoption;
}

/**
 * AWS Config recording in every region of the providers: a recorder for all supported resource
 * types (IAM types only in the home region) using the service-linked role AWSServiceRoleForConfig
 * (Security Hub Config.1 and Prowler fail any other role), a delivery channel to the Config
 * bucket, and the recorder turned on. Existing recorders and the role can be adopted.
 */
export class ConfigRecording extends Construct {
  /** The service-linked role name checkers look for. */
  static readonly SERVICE_LINKED_ROLE_NAME = 'AWSServiceRoleForConfig';

  static serviceLinkedRoleArn(accountId: string): string {
    return `arn:${PARTITION}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/${ConfigRecording.SERVICE_LINKED_ROLE_NAME}`;
  }

  readonly serviceLinkedRole: IamServiceLinkedRole;
  private readonly started = new Map<string, ConfigConfigurationRecorderStatus>();
  private readonly channels: ConfigDeliveryChannel[] = [];

  constructor(scope: Construct, id: string, props: ConfigRecordingProps) {
    super(scope, id);
    const { providers, accountId } = props;
    const adopted = props.adopt?.recorder;

    // IAM is global: one role for every region's recorder, created (or adopted) once.
    this.serviceLinkedRole = new IamServiceLinkedRole(this, 'service-linked-role', {
      provider: providers.home,
      awsServiceName: 'config.amazonaws.com',
    });
    if (props.adopt?.serviceLinkedRole) {
      this.serviceLinkedRole.importFrom(ConfigRecording.serviceLinkedRoleArn(accountId), providers.home);
    }

    const excluded = props.excludedResourceTypes ?? [];
    for (const region of providers.regions) {
      const provider = providers.forRegion(region);
      const isHome = region === providers.homeRegion;
      const regionScope = new Construct(this, region);
      // Outside the home region, excluding resource types must exclude the global ones too.
      const exclusions = excluded.length > 0 && !isHome ? [...new Set([...excluded, ...GLOBAL_RESOURCE_TYPES])] : excluded;
      const adoptedHere = adopted?.regions.includes(region) ? adopted : undefined;
      const recorder = new ConfigConfigurationRecorder(regionScope, 'recorder', {
        provider,
        name: adoptedHere?.recorderName ?? BASELINE_RECORDER_NAME,
        roleArn: this.serviceLinkedRole.arn,
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
        name: adoptedHere?.deliveryChannelName ?? BASELINE_RECORDER_NAME,
        s3BucketName: props.bucketName,
        s3KeyPrefix: props.keyPrefix,
        snapshotDeliveryProperties: { deliveryFrequency: props.snapshotDeliveryFrequency ?? 'TwentyFour_Hours' },
        dependsOn: props.bucketPolicy ? [recorder, props.bucketPolicy] : [recorder],
      });
      this.channels.push(channel);
      if (adoptedHere) {
        // AWS allows one recorder and one channel per region: take over the existing ones.
        recorder.importFrom(adoptedHere.recorderName, provider);
        channel.importFrom(adoptedHere.deliveryChannelName, provider);
      }
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

  /**
   * Every delivery channel is created only after these too: the bucket policy of a Config bucket
   * in the same stack that the props could not name (it was built later).
   */
  deliverAfter(...prerequisites: ITerraformDependable[]): void {
    if (prerequisites.length === 0) return;
    for (const channel of this.channels) channel.dependsOn = [...(channel.dependsOn ?? []), ...prerequisites.map((p) => dependable(p))];
  }

  /** The recorder of `region`, once it records: rules and remediations there depend on it. */
  recordingIn(region: string): ConfigConfigurationRecorderStatus {
    const status = this.started.get(region);
    if (!status) throw new Error(`AWS Config does not record in ${region}`);
    return status;
  }
}
