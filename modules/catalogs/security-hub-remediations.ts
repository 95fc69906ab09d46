/**
 * Security Hub controls the baseline can remediate from Security Hub (a custom action, or
 * automatically on imported findings): each control of a remediated Config rule, with the Config
 * resource type that rule evaluates and where the Config resource id is found in a finding.
 * Derived from the rule and remediation catalogs, so a new remediation gets its control here.
 */
import { CONFIG_RULES, type ConfigRuleKey } from './config-rules';
import { effectiveRemediationMode, REMEDIATIONS, type RemediationKey, type RemediationMode } from './remediations';

export const SECURITY_HUB_ACTION_MODES = ['off', 'manual', 'automatic'] as const;
export type SecurityHubActionMode = (typeof SECURITY_HUB_ACTION_MODES)[number];

/** What a remediated rule evaluates: the Config resource type, and how a finding's resource maps to its id. */
interface EvaluatedResource {
  readonly resourceType: string;
  /** The last segment of the finding resource's ARN (`sg-…`, `vpc-…`, key id, trail name), or the account id. */
  readonly resourceId: 'arn-last-segment' | 'account-id';
}

const EVALUATES = {
  'vpc-default-security-group-closed': { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'arn-last-segment' },
  'restricted-ssh': { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'arn-last-segment' },
  'restricted-common-ports': { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'arn-last-segment' },
  's3-account-level-public-access-blocks-periodic': { resourceType: 'AWS::::Account', resourceId: 'account-id' },
  'cmk-backing-key-rotation-enabled': { resourceType: 'AWS::KMS::Key', resourceId: 'arn-last-segment' },
  'cloud-trail-log-file-validation-enabled': { resourceType: 'AWS::CloudTrail::Trail', resourceId: 'arn-last-segment' },
  'ec2-ebs-encryption-by-default': { resourceType: 'AWS::::Account', resourceId: 'account-id' },
  'vpc-flow-logs-enabled': { resourceType: 'AWS::EC2::VPC', resourceId: 'arn-last-segment' },
} as const satisfies Partial<Record<ConfigRuleKey, EvaluatedResource>>;

export interface SecurityHubRemediationSpec extends EvaluatedResource {
  /** Security Hub security control id, such as `EC2.2`. */
  readonly controlId: string;
  readonly configRuleKey: ConfigRuleKey;
  readonly remediationKey: RemediationKey;
}

/**
 * Controls of the default standards that report the same problem as a remediated rule's own
 * control: FSBP and CIS v3.0.0 check open administration ports with EC2.53 (IPv4) and EC2.54
 * (IPv6), not EC2.13/EC2.14 (NIST, PCI only). The baseline's runbook revokes exactly those rules,
 * started through the rule named here.
 */
const ALSO_REPORTED_AS: Partial<Record<ConfigRuleKey, readonly string[]>> = { 'restricted-ssh': ['EC2.53', 'EC2.54'] };

export const SECURITY_HUB_REMEDIATIONS: readonly SecurityHubRemediationSpec[] = REMEDIATIONS.flatMap((remediation) =>
  (remediation.rules as readonly ConfigRuleKey[]).flatMap((configRuleKey) => {
    const evaluates: EvaluatedResource | undefined = (EVALUATES as Partial<Record<ConfigRuleKey, EvaluatedResource>>)[configRuleKey];
    if (!evaluates) throw new Error(`security-hub-remediations: no evaluated resource for remediated rule ${configRuleKey}`);
    const ownControl = CONFIG_RULES.find((rule) => rule.key === configRuleKey)!.securityHub;
    return [ownControl, ...(ALSO_REPORTED_AS[configRuleKey] ?? [])].map((controlId) => ({
      controlId,
      configRuleKey,
      remediationKey: remediation.key as RemediationKey,
      ...evaluates,
    }));
  }),
);

export const SECURITY_HUB_REMEDIATION_CONTROLS = SECURITY_HUB_REMEDIATIONS.map((r) => r.controlId);

/**
 * A control's mode: as configured, else `manual` while its baseline remediation is not off (an
 * operator may start it from Security Hub), else `off`. Account-level controls (S3.1, EC2.7) are
 * `off` unless configured: that Config accepts the account as a remediation's resource key
 * (`AWS::::Account`) is not verified here; their remediation can always be started in Config.
 */
export function effectiveActionMode(
  spec: SecurityHubRemediationSpec,
  controls: Partial<Readonly<Record<string, SecurityHubActionMode>>>,
  remediationModes: Partial<Readonly<Record<string, RemediationMode>>>,
): SecurityHubActionMode {
  const remediation = REMEDIATIONS.find((r) => r.key === spec.remediationKey)!;
  const configured = controls[spec.controlId];
  if (configured) return configured;
  return spec.resourceId === 'account-id' || effectiveRemediationMode(remediation, remediationModes) === 'off' ? 'off' : 'manual';
}

/** Suffixes of the names of the remediation function's rules and alarms (`<function name>-<suffix>`). */
export const SECURITY_HUB_REMEDIATION_PURPOSES = {
  rules: ['custom-action', 'automatic'],
  alarms: ['failed', 'cap-reached', 'errors'],
} as const;
