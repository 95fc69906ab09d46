/**
 * GuardDuty protection plans and Security Hub standards the baseline can turn on, as typed tables
 * keyed by the names used in the organization file.
 */
import { PARTITION } from '../core/arn';

export interface GuardDutyProtectionSpec {
  /** Key in `guardDuty.protections`. */
  readonly key: string;
  /** GuardDuty detector feature name. */
  readonly feature: string;
  readonly enabledByDefault: boolean;
  /** Extra settings the feature takes when enabled (agent management). @default none */
  readonly additionalConfiguration?: readonly string[];
}

export const GUARDDUTY_PROTECTIONS = [
  { key: 's3DataEvents', feature: 'S3_DATA_EVENTS', enabledByDefault: true },
  { key: 'eksAuditLogs', feature: 'EKS_AUDIT_LOGS', enabledByDefault: true },
  { key: 'ebsMalwareProtection', feature: 'EBS_MALWARE_PROTECTION', enabledByDefault: true },
  { key: 'rdsLoginEvents', feature: 'RDS_LOGIN_EVENTS', enabledByDefault: true },
  { key: 'lambdaNetworkLogs', feature: 'LAMBDA_NETWORK_LOGS', enabledByDefault: true },
  {
    // Installs an agent on workloads (and bills per vCPU): opt in.
    key: 'runtimeMonitoring',
    feature: 'RUNTIME_MONITORING',
    enabledByDefault: false,
    additionalConfiguration: ['EKS_ADDON_MANAGEMENT', 'ECS_FARGATE_AGENT_MANAGEMENT', 'EC2_AGENT_MANAGEMENT'],
  },
] as const satisfies readonly GuardDutyProtectionSpec[];

export type GuardDutyProtectionKey = (typeof GUARDDUTY_PROTECTIONS)[number]['key'];
export const GUARDDUTY_PROTECTION_KEYS = GUARDDUTY_PROTECTIONS.map((p) => p.key) as readonly GuardDutyProtectionKey[];

export const FINDING_PUBLISHING_FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'] as const;

/** Security Hub standards by the id used in the organization file (the path of their ARN). */
export const SECURITY_HUB_STANDARDS = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
  'cis-aws-foundations-benchmark/v/1.4.0',
  'nist-800-53/v/5.0.0',
  'pci-dss/v/4.0.1',
] as const;
export type SecurityHubStandard = (typeof SECURITY_HUB_STANDARDS)[number];
export const DEFAULT_SECURITY_HUB_STANDARDS: readonly SecurityHubStandard[] = [
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
];

export function securityHubStandardArn(standard: SecurityHubStandard, region: string): string {
  return `arn:${PARTITION}:securityhub:${region}::standards/${standard}`;
}
