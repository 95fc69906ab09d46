/**
 * The controls the baseline implements by its structure rather than from a catalog: the audit
 * trail and its bucket, key rotation of its own keys, AWS Config recording, account hardening, and
 * GuardDuty and Security Hub being on. One typed table, for the compliance report: each control's
 * benchmark and checker ids, the organization-file setting that can leave it off, and how a
 * synthesized resource that implements it is recognised (its type and what distinguishes it).
 * Loads no cdktf.
 *
 * Ids are listed only where verified; a column left empty means no id applies or none could be
 * confirmed:
 * - CIS AWS Foundations Benchmark v3.0.0 numbers: Prowler's mapping of the benchmark
 *   (prowler-cloud/prowler, prowler/compliance/aws/cis_3.0_aws.json, commit 3e000faa, August
 *   2026), which agrees with modules/catalogs/config-rules.ts (3.1, 3.2, 3.5, 3.6, 2.1.4, 2.2.1,
 *   1.8, 1.9) and ../shared/reference/baseline-facts.md (4.16). v3.0.0 has no recommendation for
 *   CloudWatch Logs delivery or for a public trail bucket (v1.4.0's 3.4 and 3.3, dropped), nor for
 *   GuardDuty.
 * - Security Hub CSPM control ids: the control pages of the AWS Security Hub user guide
 *   (awsdocs/aws-security-hub-user-guide, commit bda5bf7d, March 2023: titles, and CIS v1.4.0
 *   requirements that v3.0.0 renumbered as above), the CIS v3.0.0 membership in
 *   modules/catalogs/security-hub-controls.ts, and Prowler's FSBP mapping
 *   (aws_foundational_security_best_practices_aws.json: Account.1, CloudTrail.1/2/4/5/6/7,
 *   Config.1, EC2.7, GuardDuty.1, KMS.4, S3.1, each to a Prowler check listed here; CloudTrail.6 is still
 *   current: security-hub-controls.ts lists it in CIS v1.4.0). IAM.28 (CIS
 *   1.20) is newer than that user guide: from its CIS v3.0.0 membership (security-hub-controls.ts)
 *   and a third-party copy of AWS's CIS v3.0.0 mapping table (IAM.28 "IAM Access Analyzer external
 *   access analyzer should be enabled" for 1.20).
 *   CIS 4.16 (Security Hub enabled) has no Security Hub control.
 * - Prowler check ids: each exists as a check in that Prowler commit
 *   (prowler/providers/aws/services/<service>/<check>/); the CIS and FSBP mappings above name them.
 */
import type { OrganizationConfig } from '../config/schema';
import { PARTITION } from '../modules/core/arn';
import type { StackResource } from './synthesized-output';

/** Where a structural control belongs: its family in the report (compliance-controls.ts orders them among the catalogs'). */
export type BaselineControlFamily = 'audit-trail' | 'key-management' | 'config-recording' | 'hardening' | 'threat-detection';

/** What recognising a resource needs beyond its own arguments: names the config gives this account's resources. */
export interface BaselineContext {
  readonly accountId: string;
  /** Names of the buckets trails deliver to that this stack may hold: the account's own, and the central one (organization mode). */
  readonly trailBuckets: readonly string[];
  /** The name of the support role the hardening creates. */
  readonly supportRole: string;
}

/** How a synthesized resource that implements a control is recognised: its type, and what sets it apart from others of the type. */
export interface ResourceMatch {
  readonly type: string;
  /** @default every resource of the type */
  readonly where?: (resource: StackResource, context: BaselineContext) => boolean;
}

/** The organization-file setting that can leave a control off. */
export interface BaselineSwitch {
  /** Its path in the organization file. */
  readonly setting: readonly string[];
  /** The value that leaves the control off; `{ value: undefined }` for a setting left out. @returns undefined while the control is on */
  readonly leavesOff: (org: OrganizationConfig) => { readonly value: unknown } | undefined;
  /** Why that value leaves it off, where that is not plain. @default none */
  readonly why?: string;
}

export interface BaselineControlSpec {
  readonly family: BaselineControlFamily;
  /** Unique among these controls. */
  readonly key: string;
  readonly title: string;
  /** CIS v3.0.0 recommendations, Security Hub control ids and Prowler check ids (see the header for the sources). */
  readonly ids: { readonly cis?: readonly string[]; readonly securityHub?: readonly string[]; readonly prowler?: readonly string[] };
  /** @default always on */
  readonly switch?: BaselineSwitch;
  /** Resources that implement it; a control is implemented by a stack holding any of them. */
  readonly implementedBy: readonly ResourceMatch[];
}

/** The AWS managed policy CIS 1.17 asks a support role to have (the hardening's SUPPORT_ACCESS_POLICY; a test keeps them equal). */
export const SUPPORT_ACCESS_POLICY_ARN = `arn:${PARTITION}:iam::aws:policy/AWSSupportAccess`;

const CONFIG_SERVICE = 'config.amazonaws.com';

/** The service-linked role AWS Config recorders must use (Config.1, Prowler), by ARN (ConfigRecording.serviceLinkedRoleArn; a test keeps them equal). */
export const configServiceLinkedRoleArn = (accountId: string) =>
  `arn:${PARTITION}:iam::${accountId}:role/aws-service-role/${CONFIG_SERVICE}/AWSServiceRoleForConfig`;

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Whether an argument holds a value: a literal, or a reference to another resource of the stack (an ARN known once applied). */
const isSet = (resource: StackResource, ...argumentPath: string[]) =>
  (resource.argument(...argumentPath) ?? '') !== '' || resource.referenced(...argumentPath) !== undefined;

const atLeast = (value: unknown, minimum: number) => typeof value === 'number' && value >= minimum;

/** A trail that is on and records read and write management events in every region (CloudTrail.1). */
function recordsEveryRegion(trail: StackResource): boolean {
  const selectors = list(trail.argument('event_selector'));
  const recordsManagementEvents =
    selectors.length === 0 || // without selectors a trail records all management events
    selectors.some((s) => isRecord(s) && s.include_management_events !== false && (s.read_write_type ?? 'All') === 'All');
  return trail.argument('is_multi_region_trail') === true && trail.argument('enable_logging') !== false && recordsManagementEvents;
}

/** A bucket resource (logging, public access block, ownership) of a bucket trails deliver to. */
const onTrailBucket = (resource: StackResource, { trailBuckets }: BaselineContext) =>
  trailBuckets.includes(resource.referenced('bucket')?.argument('bucket') as string) ||
  trailBuckets.includes(resource.argument('bucket') as string);

/** A recorder using AWSServiceRoleForConfig: the service-linked role of the stack, or its ARN. */
function recordsWithServiceLinkedRole(recorder: StackResource, { accountId }: BaselineContext): boolean {
  const role = recorder.referenced('role_arn');
  return role
    ? role.type === 'aws_iam_service_linked_role' && role.argument('aws_service_name') === CONFIG_SERVICE
    : recorder.argument('role_arn') === configServiceLinkedRoleArn(accountId);
}

/** The account's own, where the resource can name an account. */
const ofThisAccount = (resource: StackResource, { accountId }: BaselineContext) =>
  (resource.argument('account_id') ?? accountId) === accountId;

export const BASELINE_CONTROLS: readonly BaselineControlSpec[] = [
  {
    family: 'audit-trail',
    key: 'trail-multi-region',
    title: 'A multi-region trail records read and write management events',
    ids: {
      cis: ['3.1'],
      securityHub: ['CloudTrail.1'],
      prowler: ['cloudtrail_multi_region_enabled', 'cloudtrail_multi_region_enabled_logging_management_events'],
    },
    implementedBy: [{ type: 'aws_cloudtrail', where: recordsEveryRegion }],
  },
  {
    family: 'audit-trail',
    key: 'trail-log-file-validation',
    title: 'The trail validates its log files',
    ids: { cis: ['3.2'], securityHub: ['CloudTrail.4'], prowler: ['cloudtrail_log_file_validation_enabled'] },
    implementedBy: [{ type: 'aws_cloudtrail', where: (trail) => trail.argument('enable_log_file_validation') === true }],
  },
  {
    family: 'audit-trail',
    key: 'trail-kms-encryption',
    title: 'The trail encrypts its log files with a customer-managed KMS key',
    ids: { cis: ['3.5'], securityHub: ['CloudTrail.2'], prowler: ['cloudtrail_kms_encryption_enabled'] },
    implementedBy: [{ type: 'aws_cloudtrail', where: (trail) => isSet(trail, 'kms_key_id') }],
  },
  {
    family: 'audit-trail',
    key: 'trail-cloudwatch-logs',
    title: 'The trail delivers to CloudWatch Logs (where the CIS 4.x filters read it)',
    ids: { securityHub: ['CloudTrail.5'], prowler: ['cloudtrail_cloudwatch_logging_enabled'] },
    implementedBy: [
      { type: 'aws_cloudtrail', where: (trail) => isSet(trail, 'cloud_watch_logs_group_arn') && isSet(trail, 'cloud_watch_logs_role_arn') },
    ],
  },
  {
    family: 'audit-trail',
    key: 'trail-bucket-access-logging',
    title: 'The trail bucket logs access to it (S3 server access logging)',
    ids: { cis: ['3.4'], securityHub: ['CloudTrail.7'], prowler: ['cloudtrail_logs_s3_bucket_access_logging_enabled'] },
    implementedBy: [{ type: 'aws_s3_bucket_logging', where: (r, context) => onTrailBucket(r, context) && isSet(r, 'target_bucket') }],
  },
  {
    family: 'audit-trail',
    key: 'trail-bucket-not-public',
    title: 'The trail bucket is not public: all four public access blocks, ACLs disabled',
    ids: { securityHub: ['CloudTrail.6'], prowler: ['cloudtrail_logs_s3_bucket_is_not_publicly_accessible'] },
    implementedBy: [
      {
        type: 'aws_s3_bucket_public_access_block',
        where: (r, context) =>
          onTrailBucket(r, context) &&
          ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(
            (a) => r.argument(a) === true,
          ),
      },
      {
        type: 'aws_s3_bucket_ownership_controls',
        where: (r, context) => onTrailBucket(r, context) && r.argument('rule', 'object_ownership') === 'BucketOwnerEnforced',
      },
    ],
  },
  {
    family: 'key-management',
    key: 'kms-key-rotation',
    title: "Automatic rotation of the baseline's own customer-managed keys",
    ids: { cis: ['3.6'], securityHub: ['KMS.4'], prowler: ['kms_cmk_rotation_enabled'] },
    implementedBy: [{ type: 'aws_kms_key', where: (key) => key.argument('enable_key_rotation') === true }],
  },
  {
    family: 'config-recording',
    key: 'config-recorder',
    title: 'AWS Config records in every detective-control region, with the service-linked role AWSServiceRoleForConfig',
    ids: {
      cis: ['3.3'],
      securityHub: ['Config.1'],
      prowler: ['config_recorder_all_regions_enabled', 'config_recorder_using_aws_service_role'],
    },
    implementedBy: [
      { type: 'aws_iam_service_linked_role', where: (role) => role.argument('aws_service_name') === CONFIG_SERVICE },
      { type: 'aws_config_configuration_recorder', where: recordsWithServiceLinkedRole },
      {
        type: 'aws_config_configuration_recorder_status',
        where: (status, context) => {
          const recorder = status.referenced('name');
          return status.argument('is_enabled') === true && recorder !== undefined && recordsWithServiceLinkedRole(recorder, context);
        },
      },
    ],
  },
  {
    family: 'hardening',
    key: 'password-minimum-length',
    title: 'The IAM password policy requires at least 14 characters',
    ids: { cis: ['1.8'], securityHub: ['IAM.15'], prowler: ['iam_password_policy_minimum_length_14'] },
    implementedBy: [{ type: 'aws_iam_account_password_policy', where: (p) => atLeast(p.argument('minimum_password_length'), 14) }],
  },
  {
    family: 'hardening',
    key: 'password-reuse-prevention',
    title: 'The IAM password policy prevents reusing the last 24 passwords',
    ids: { cis: ['1.9'], securityHub: ['IAM.16'], prowler: ['iam_password_policy_reuse_24'] },
    switch: {
      setting: ['hardening', 'passwordPolicy', 'reusePrevention'],
      leavesOff: (org) =>
        org.hardening.passwordPolicy.reusePrevention < 24 ? { value: org.hardening.passwordPolicy.reusePrevention } : undefined,
      why: 'CIS 1.9, IAM.16 and Prowler ask for 24',
    },
    implementedBy: [{ type: 'aws_iam_account_password_policy', where: (p) => p.argument('password_reuse_prevention') === 24 }],
  },
  {
    family: 'hardening',
    key: 'password-complexity',
    title: 'The IAM password policy requires upper- and lower-case letters, numbers and symbols',
    ids: {
      securityHub: ['IAM.7'],
      prowler: [
        'iam_password_policy_lowercase',
        'iam_password_policy_number',
        'iam_password_policy_symbol',
        'iam_password_policy_uppercase',
      ],
    },
    implementedBy: [
      {
        type: 'aws_iam_account_password_policy',
        where: (p) =>
          ['require_lowercase_characters', 'require_uppercase_characters', 'require_numbers', 'require_symbols'].every(
            (a) => p.argument(a) === true,
          ) && atLeast(p.argument('minimum_password_length'), 8),
      },
    ],
  },
  {
    family: 'hardening',
    key: 'password-maximum-age',
    title: 'IAM passwords expire within 90 days',
    ids: { prowler: ['iam_password_policy_expires_passwords_within_90_days_or_less'] },
    switch: {
      setting: ['hardening', 'passwordPolicy', 'maxPasswordAgeDays'],
      leavesOff: (org) =>
        org.hardening.passwordPolicy.maxPasswordAgeDays > 90 ? { value: org.hardening.passwordPolicy.maxPasswordAgeDays } : undefined,
      why: 'Prowler asks for 90 days or less',
    },
    implementedBy: [
      {
        type: 'aws_iam_account_password_policy',
        where: (p) => atLeast(p.argument('max_password_age'), 1) && (p.argument('max_password_age') as number) <= 90,
      },
    ],
  },
  {
    family: 'hardening',
    key: 's3-account-public-access-block',
    title: 'All four S3 public access blocks are on for the account',
    ids: { cis: ['2.1.4'], securityHub: ['S3.1'], prowler: ['s3_account_level_public_access_blocks'] },
    implementedBy: [
      {
        type: 'aws_s3_account_public_access_block',
        where: (r, context) =>
          ofThisAccount(r, context) &&
          ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'].every(
            (a) => r.argument(a) === true,
          ),
      },
    ],
  },
  {
    family: 'hardening',
    key: 'ebs-default-encryption',
    title: 'New EBS volumes are encrypted by default, in every detective-control region',
    ids: { cis: ['2.2.1'], securityHub: ['EC2.7'], prowler: ['ec2_ebs_default_encryption'] },
    implementedBy: [{ type: 'aws_ebs_encryption_by_default', where: (r) => r.argument('enabled') !== false }],
  },
  {
    family: 'hardening',
    key: 'access-analyzer',
    title: 'An IAM Access Analyzer for external access, in every detective-control region',
    ids: { cis: ['1.20'], securityHub: ['IAM.28'], prowler: ['accessanalyzer_enabled'] },
    switch: { setting: ['hardening', 'accessAnalyzer'], leavesOff: (org) => (org.hardening.accessAnalyzer ? undefined : { value: false }) },
    implementedBy: [
      // ACCOUNT (every account) and ORGANIZATION (the security account): both analyse external access.
      {
        type: 'aws_accessanalyzer_analyzer',
        where: (r) => ['ACCOUNT', 'ORGANIZATION'].includes((r.argument('type') ?? 'ACCOUNT') as string),
      },
    ],
  },
  {
    family: 'hardening',
    key: 'security-contact',
    title: 'The alternate SECURITY contact is registered',
    ids: { cis: ['1.2'], securityHub: ['Account.1'], prowler: ['account_security_contact_information_is_registered'] },
    switch: {
      setting: ['hardening', 'securityContact'],
      leavesOff: (org) => (org.hardening.securityContact ? undefined : { value: undefined }),
    },
    implementedBy: [
      {
        type: 'aws_account_alternate_contact',
        where: (r, context) => r.argument('alternate_contact_type') === 'SECURITY' && ofThisAccount(r, context),
      },
    ],
  },
  {
    family: 'hardening',
    key: 'support-role',
    title: 'A role with AWSSupportAccess to manage incidents with AWS Support',
    ids: { cis: ['1.17'], securityHub: ['IAM.18'], prowler: ['iam_support_role_created'] },
    switch: { setting: ['hardening', 'supportRole'], leavesOff: (org) => (org.hardening.supportRole ? undefined : { value: false }) },
    implementedBy: [
      { type: 'aws_iam_role', where: (role, { supportRole }) => role.argument('name') === supportRole },
      { type: 'aws_iam_role_policy_attachment', where: (r) => r.argument('policy_arn') === SUPPORT_ACCESS_POLICY_ARN },
    ],
  },
  {
    family: 'threat-detection',
    key: 'guardduty-enabled',
    title: 'GuardDuty is on in every detective-control region (in organization mode, the administrator enables it for every member)',
    ids: { securityHub: ['GuardDuty.1'], prowler: ['guardduty_is_enabled'] },
    implementedBy: [
      { type: 'aws_guardduty_detector', where: (r) => r.argument('enable') !== false },
      { type: 'aws_guardduty_organization_configuration', where: (r) => r.argument('auto_enable_organization_members') === 'ALL' },
    ],
  },
  {
    family: 'threat-detection',
    key: 'security-hub-enabled',
    title: 'Security Hub is on (in organization mode, through the central configuration policy)',
    ids: { cis: ['4.16'], prowler: ['securityhub_enabled'] },
    implementedBy: [
      { type: 'aws_securityhub_account' },
      {
        type: 'aws_securityhub_organization_configuration',
        where: (r) => r.argument('organization_configuration', 'configuration_type') === 'CENTRAL',
      },
      { type: 'aws_securityhub_configuration_policy', where: (r) => r.argument('configuration_policy', 'service_enabled') === true },
    ],
  },
];

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
