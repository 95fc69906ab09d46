/**
 * Remediations: which SSM Automation runbook fixes which Config rule's findings, the parameters
 * it gets, and exactly the API calls its automation role may make (for an AWS-owned runbook,
 * those it documents as required; for one the baseline ships, those its script makes), scoped to
 * the account, or to the resource, where the API allows. Each is `automatic`, `manual` (an
 * operator starts it) or `off` in the organization file.
 */
import { PARTITION } from '../core/arn';
import type { ConfigRuleKey } from './config-rules';

export const REMEDIATION_MODES = ['automatic', 'manual', 'off'] as const;
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** Values a remediation's static parameters may be built from. */
export interface RemediationContext {
  readonly accountId: string;
  /** Bucket that VPC flow logs are delivered to. */
  readonly flowLogBucketArn: string;
}

/** A runbook parameter: the non-compliant resource's id, or a fixed value. */
export type RemediationParameter =
  { readonly resourceValue: 'RESOURCE_ID' } | { readonly staticValue: (context: RemediationContext) => string };

export interface RemediationPermission {
  readonly actions: readonly string[];
  readonly resources: (context: RemediationContext) => readonly string[];
}

export interface RemediationSpec {
  /** Key in the organization file (`awsConfig.remediations.<key>`). */
  readonly key: string;
  /** What the remediation does to a non-compliant resource. */
  readonly does: string;
  /** Rules whose findings it fixes; each must be enabled unless the remediation is off. */
  readonly rules: readonly ConfigRuleKey[];
  /**
   * The SSM Automation runbook: an AWS-owned one by name, or, for `documentOwner: 'baseline'`, a
   * runbook of `baseline-runbooks.ts`, deployed as `<namePrefix>-<document>`.
   */
  readonly document: string;
  /** Who provides the runbook. @default 'aws' */
  readonly documentOwner?: 'aws' | 'baseline';
  /** Pinned runbook version. @default the runbook's default version */
  readonly documentVersion?: string;
  readonly defaultMode: RemediationMode;
  /** Runbook parameters besides `AutomationAssumeRole`, which is always the remediation's own role. */
  readonly parameters: Readonly<Record<string, RemediationParameter>>;
  readonly permissions: readonly RemediationPermission[];
}

const ANY = () => ['*'];
const securityGroupsOf = ({ accountId }: RemediationContext) => [`arn:${PARTITION}:ec2:*:${accountId}:security-group/*`];

export const REMEDIATIONS = [
  {
    key: 'default-security-group',
    does: 'Removes every inbound and outbound rule from a VPC default security group',
    rules: ['vpc-default-security-group-closed'],
    document: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
    documentVersion: '1',
    defaultMode: 'automatic',
    parameters: { GroupId: { resourceValue: 'RESOURCE_ID' } },
    permissions: [
      { actions: ['ec2:DescribeSecurityGroups'], resources: ANY },
      { actions: ['ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'], resources: securityGroupsOf },
    ],
  },
  {
    // Not AWS-DisablePublicAccessForSecurityGroup: it revokes fixed rule shapes and fails with
    // InvalidPermission.NotFound in non-default VPCs unless all four of them exist.
    key: 'open-admin-ports',
    does: 'Removes only the inbound rules that open SSH (22), RDP (3389) or all traffic to 0.0.0.0/0 or ::/0',
    rules: ['restricted-ssh', 'restricted-common-ports'],
    document: 'RevokePublicAdminPortIngress',
    documentOwner: 'baseline',
    defaultMode: 'manual',
    parameters: { GroupId: { resourceValue: 'RESOURCE_ID' } },
    permissions: [
      { actions: ['ec2:DescribeSecurityGroupRules'], resources: ANY },
      { actions: ['ec2:RevokeSecurityGroupIngress'], resources: securityGroupsOf },
    ],
  },
  {
    key: 's3-account-public-access-block',
    does: 'Turns on all four S3 public access blocks for the account',
    rules: ['s3-account-level-public-access-blocks-periodic'],
    document: 'AWSConfigRemediation-ConfigureS3PublicAccessBlock',
    defaultMode: 'manual',
    parameters: { AccountId: { staticValue: ({ accountId }) => accountId } },
    permissions: [{ actions: ['s3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock'], resources: ANY }],
  },
  {
    key: 'cmk-rotation',
    does: 'Turns on automatic rotation of a customer-managed KMS key',
    rules: ['cmk-backing-key-rotation-enabled'],
    document: 'AWSConfigRemediation-EnableKeyRotation',
    defaultMode: 'manual',
    parameters: { KeyId: { resourceValue: 'RESOURCE_ID' } },
    permissions: [
      {
        actions: ['kms:EnableKeyRotation', 'kms:GetKeyRotationStatus'],
        resources: ({ accountId }) => [`arn:${PARTITION}:kms:*:${accountId}:key/*`],
      },
    ],
  },
  {
    key: 'cloudtrail-log-file-validation',
    does: 'Turns on log-file validation of a trail',
    rules: ['cloud-trail-log-file-validation-enabled'],
    document: 'AWSConfigRemediation-EnableCloudTrailLogFileValidation',
    defaultMode: 'manual',
    parameters: { TrailName: { resourceValue: 'RESOURCE_ID' } },
    permissions: [
      {
        actions: ['cloudtrail:GetTrail', 'cloudtrail:UpdateTrail'],
        resources: ({ accountId }) => [`arn:${PARTITION}:cloudtrail:*:${accountId}:trail/*`],
      },
    ],
  },
  {
    key: 'ebs-default-encryption',
    does: 'Turns on EBS encryption by default in the region',
    rules: ['ec2-ebs-encryption-by-default'],
    document: 'AWSConfigRemediation-EnableEbsEncryptionByDefault',
    defaultMode: 'manual',
    parameters: {},
    permissions: [{ actions: ['ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'], resources: ANY }],
  },
  {
    key: 'vpc-flow-logs',
    does: 'Creates flow logs (all traffic) for a VPC, delivered to the account flow-log bucket',
    rules: ['vpc-flow-logs-enabled'],
    document: 'AWSSupport-EnableVPCFlowLogs',
    defaultMode: 'manual',
    parameters: {
      ResourceIds: { resourceValue: 'RESOURCE_ID' },
      LogDestinationType: { staticValue: () => 's3' },
      LogDestinationARN: { staticValue: ({ flowLogBucketArn }) => flowLogBucketArn },
      TrafficType: { staticValue: () => 'ALL' },
    },
    // As the runbook's "Required IAM permissions" list them: it checks that the destination bucket
    // is not public (the S3 reads), and AWS lists s3:PutObject too, granted only where flow logs go.
    permissions: [
      { actions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'], resources: ANY },
      {
        actions: ['ec2:CreateFlowLogs'],
        resources: ({ accountId }) => [`arn:${PARTITION}:ec2:*:${accountId}:vpc/*`, `arn:${PARTITION}:ec2:*:${accountId}:vpc-flow-log/*`],
      },
      { actions: ['ec2:DeleteFlowLogs'], resources: ({ accountId }) => [`arn:${PARTITION}:ec2:*:${accountId}:vpc-flow-log/*`] },
      { actions: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'], resources: ANY },
      {
        actions: ['s3:GetBucketLocation', 's3:GetBucketAcl', 's3:GetBucketPolicyStatus', 's3:GetBucketPublicAccessBlock', 's3:ListBucket'],
        resources: ({ flowLogBucketArn }) => [flowLogBucketArn],
      },
      { actions: ['s3:PutObject'], resources: ({ flowLogBucketArn, accountId }) => [`${flowLogBucketArn}/AWSLogs/${accountId}/*`] },
      // An account-level setting: IAM has no resource to scope it to.
      { actions: ['s3:GetAccountPublicAccessBlock'], resources: ANY },
    ],
  },
] as const satisfies readonly RemediationSpec[];

export type RemediationKey = (typeof REMEDIATIONS)[number]['key'];
export const REMEDIATION_KEYS = REMEDIATIONS.map((r) => r.key) as readonly RemediationKey[];

/** The mode a remediation runs in: the configured one, else the catalog default. */
export function effectiveRemediationMode(
  spec: RemediationSpec,
  modes: Partial<Readonly<Record<string, unknown>>> | undefined,
): RemediationMode {
  const configured = modes?.[spec.key];
  return (REMEDIATION_MODES as readonly unknown[]).includes(configured) ? (configured as RemediationMode) : spec.defaultMode;
}

/**
 * The rules that a remediation which is not off fixes: with `awsConfig.ruleSet: remediated-only`
 * the only ones deployed, so no remediation can lose its rule to the rule set.
 */
export function remediatedRules(modes: Partial<Readonly<Record<string, unknown>>> | undefined): Set<ConfigRuleKey> {
  return new Set(
    (REMEDIATIONS as readonly RemediationSpec[])
      .filter((spec) => effectiveRemediationMode(spec, modes) !== 'off')
      .flatMap((spec) => spec.rules),
  );
}

/** Calls every AWS-owned runbook makes on SSM itself (documented as required for each of them). */
export function automationExecutionPermission(document: string, accountId: string): RemediationPermission[] {
  return [
    {
      actions: ['ssm:StartAutomationExecution'],
      resources: () => [`arn:${PARTITION}:ssm:*:*:automation-definition/${document}:*`],
    },
    {
      actions: ['ssm:GetAutomationExecution'],
      resources: () => [`arn:${PARTITION}:ssm:*:${accountId}:automation-execution/*`],
    },
  ];
}
