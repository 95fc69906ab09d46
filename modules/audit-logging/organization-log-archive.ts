import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { LogBucket, type LogBucketLifecycle } from './log-bucket';
import * as delivery from './log-delivery-statements';
import { LogEncryptionKey } from './log-encryption-key';

/** S3 limits a bucket policy to 20 KB. */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/** Names of the log-archive resources (config/names.ts builds them). */
export interface OrganizationLogArchiveNames {
  /** Bucket every trail of the organization delivers to. */
  readonly trailBucket: string;
  /** Bucket every account's AWS Config delivers to. */
  readonly configBucket: string;
  /** Bucket receiving the server access logs of the two others. */
  readonly accessLogBucket: string;
  /** Alias of the trail key, including the `alias/` prefix. */
  readonly trailKeyAlias: string;
}

export interface OrganizationLogArchiveProps {
  /** The log-archive account, which owns the buckets and the key and administers the key. */
  readonly accountId: string;
  /** The organization id (`o-…`): the organization trail writes under `AWSLogs/<organization id>/`. */
  readonly organizationId: string;
  /** The management account, owner of the organization trail. */
  readonly managementAccountId: string;
  /**
   * ARN of the organization trail: in the management account, which may only create it after
   * this bucket policy and key. @default none: no organization trail delivers here (Control
   * Tower's has its own bucket), only `accountTrails`
   */
  readonly organizationTrailArn?: string;
  /**
   * Account trails delivering to the trail bucket too (account id → ARN of that account's trail),
   * each under its own `AWSLogs/<account>/` only. Each trail encrypts with its own account's key,
   * which must let the readers decrypt (LogEncryptionKey `crossAccountReaders`).
   * @default none: only the organization trail delivers
   */
  readonly accountTrails?: Readonly<Record<string, string>>;
  /**
   * Accounts whose AWS Config delivers to the Config bucket, each under its own
   * `AWSLogs/<account>/Config/`. @default none: no Config bucket (Control Tower's receives Config)
   */
  readonly configAccountIds?: readonly string[];
  /**
   * Other accounts whose principals may decrypt the organization trail's log files with the trail
   * key (given their IAM permissions), e.g. security and management. The log-archive account
   * always may; listing it adds nothing. Reading the objects themselves from another account needs
   * a bucket grant this construct does not make.
   * @default no other account
   */
  readonly readerAccountIds?: readonly string[];
  readonly names: OrganizationLogArchiveNames;
  /** @default each bucket: archive after 90 days, expire after 2555, noncurrent versions after 365, uploads after 7 */
  readonly lifecycle?: {
    readonly cloudtrail?: LogBucketLifecycle;
    readonly config?: LogBucketLifecycle;
    readonly accessLogs?: LogBucketLifecycle;
  };
  /** @default the stack's default AWS provider (it must be the log-archive account's home region) */
  readonly provider?: TerraformProvider;
}

/**
 * The log-archive account's share of organization mode, in its home region: the organization
 * trail's KMS key, the central trail bucket (SSE-KMS with that key), the central AWS Config bucket
 * (SSE-S3; not under Control Tower, whose bucket receives Config) and the access-log bucket both log into, with everything a LogBucket has (versioning,
 * lifecycle, SSL only, no public access, `prevent_destroy`). The bucket policies admit only the
 * organization trail, the listed account trails and the listed accounts' AWS Config, each under
 * its own prefix; they name ARNs built from config, so this can be applied before the trails exist.
 */
export class OrganizationLogArchive extends Construct {
  readonly trailKey: LogEncryptionKey;
  readonly trailBucket: LogBucket;
  /** Only with `configAccountIds`. */
  readonly configBucket?: LogBucket;
  readonly accessLogBucket: LogBucket;

  constructor(scope: Construct, id: string, props: OrganizationLogArchiveProps) {
    super(scope, id);
    checkProps(props);
    const { provider, accountId, names } = props;
    const lifecycle = props.lifecycle ?? {};
    const trailBucketArn = LogBucket.arnFor(names.trailBucket);
    const configAccountIds = props.configAccountIds ?? [];
    const configBucketArn = LogBucket.arnFor(names.configBucket);
    const loggedBucketArns = [trailBucketArn, ...(configAccountIds.length > 0 ? [configBucketArn] : [])];

    // The bucket's own account reads through its IAM policies already.
    const readers = (props.readerAccountIds ?? []).filter((id) => id !== accountId);
    this.trailKey = new LogEncryptionKey(this, 'trail-key', {
      provider,
      accountId,
      alias: names.trailKeyAlias,
      description: props.organizationTrailArn ? 'Encrypts the organization trail log files' : 'Default encryption of the trail bucket',
      cloudTrail: props.organizationTrailArn
        ? { trailArn: props.organizationTrailArn, trailOwnerAccountId: props.managementAccountId }
        : undefined,
      crossAccountReaders: props.readerAccountIds,
    });
    this.accessLogBucket = new LogBucket(this, 'access-log-bucket', {
      provider,
      bucketName: names.accessLogBucket,
      lifecycle: lifecycle.accessLogs,
      policyStatements: delivery.serverAccessLogDeliveryStatements(LogBucket.arnFor(names.accessLogBucket), accountId, loggedBucketArns),
    });
    this.trailBucket = new LogBucket(this, 'trail-bucket', {
      provider,
      accessLogging: { target: this.accessLogBucket, prefix: 'cloudtraillogs/' },
      bucketName: names.trailBucket,
      encryptionKeyArn: this.trailKey.keyArn,
      lifecycle: lifecycle.cloudtrail,
      policyStatements: [
        ...(props.organizationTrailArn
          ? delivery.organizationTrailDeliveryStatements(trailBucketArn, {
              organizationId: props.organizationId,
              managementAccountId: props.managementAccountId,
              trailArn: props.organizationTrailArn,
            })
          : []),
        ...delivery.accountTrailsDeliveryStatements(trailBucketArn, props.accountTrails ?? {}),
        ...delivery.readerAccountStatements(trailBucketArn, readers),
      ],
    });
    if (configAccountIds.length > 0) {
      this.configBucket = new LogBucket(this, 'config-bucket', {
        provider,
        accessLogging: { target: this.accessLogBucket, prefix: 'configlogs/' },
        bucketName: names.configBucket,
        lifecycle: lifecycle.config,
        policyStatements: [
          ...delivery.organizationConfigDeliveryStatements(configBucketArn, configAccountIds),
          ...delivery.readerAccountStatements(configBucketArn, readers),
        ],
      });
    }
    for (const bucket of [this.trailBucket, this.configBucket, this.accessLogBucket]) if (bucket) checkPolicySize(bucket);
  }
}

/** Every problem with the props at once, each naming its prop. */
function checkProps(props: OrganizationLogArchiveProps): void {
  const problems: string[] = [];
  const check = (test: () => void) => {
    try {
      test();
    } catch (error) {
      problems.push((error as Error).message);
    }
  };
  check(() => delivery.checkAccountIds([props.accountId], 'accountId'));
  check(() => delivery.checkAccountIds([props.managementAccountId], 'managementAccountId'));
  if (!/^o-[a-z0-9]{10,32}$/.test(props.organizationId))
    problems.push(`organizationId: "${props.organizationId}" is not an organization id (o-…)`);
  if (props.organizationTrailArn === undefined && Object.keys(props.accountTrails ?? {}).length === 0) {
    problems.push('organizationTrailArn and accountTrails: no trail would deliver to the trail bucket; give at least one');
  }
  const trailArn = props.organizationTrailArn;
  if (trailArn !== undefined) {
    check(() => {
      const owner = delivery.parseTrailArn(trailArn, 'organizationTrailArn').accountId;
      if (owner !== props.managementAccountId) {
        throw new Error(
          `organizationTrailArn: the trail is in account ${owner}, not in the management account ${props.managementAccountId}`,
        );
      }
    });
  }
  check(() =>
    delivery.accountTrailsDeliveryStatements(LogBucket.arnFor(props.names.trailBucket), props.accountTrails ?? {}, 'accountTrails'),
  );
  check(() => delivery.checkAccountIds(props.configAccountIds ?? [], 'configAccountIds'));
  check(() => delivery.checkAccountIds(props.readerAccountIds ?? [], 'readerAccountIds'));
  if (problems.length > 0) throw new Error(`OrganizationLogArchive: ${problems.join('; ')}`);
}

/** A policy S3 would reject fails the synth instead of the apply. */
function checkPolicySize(bucket: LogBucket): void {
  const bytes = Buffer.byteLength(bucket.policy.policyInput ?? '', 'utf8');
  if (bytes > BUCKET_POLICY_MAX_BYTES) {
    throw new Error(
      `OrganizationLogArchive: the policy of bucket ${bucket.bucketName} would be ${bytes} bytes; S3 allows ${BUCKET_POLICY_MAX_BYTES}`,
    );
  }
}
