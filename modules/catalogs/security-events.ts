/**
 * EventBridge rules for security-relevant changes and findings. All notify the notification
 * topic in the home region; where the events happen decides where the rule is deployed:
 * - `regional`: in every detective-control region (the enabled regions, always with us-east-1),
 *   all forwarded to the home region;
 * - `global-service`: IAM, STS, root sign-in and Organizations events exist only in us-east-1,
 *   so the rule runs there (whatever the home region) and forwards to the home region;
 * - `sign-in`: an IAM user's console sign-in is recorded in us-east-1, us-east-2, eu-north-1 or
 *   ap-southeast-2 (global endpoint) or in the region of a regional sign-in endpoint, so the rule
 *   runs in all of those and every detective-control region, forwarding to the home region;
 * - `home`: Security Hub findings of every region already arrive in the home region through the
 *   finding aggregator; forwarding them too would notify twice.
 */

import { GLOBAL_EVENTS_REGION } from '../../config/regions';

export { GLOBAL_EVENTS_REGION };

/**
 * Where CloudTrail records IAM-user ConsoleLogin events from the global sign-in endpoint
 * (CloudTrail user guide, "AWS Management Console sign-in events"), besides the regional
 * endpoints' own regions.
 */
export const GLOBAL_SIGN_IN_REGIONS = [GLOBAL_EVENTS_REGION, 'us-east-2', 'eu-north-1', 'ap-southeast-2'] as const;

/** Settings that shape patterns. */
export interface SecurityEventSettings {
  /** GuardDuty findings at or above this severity (0-10) notify. */
  readonly guardDutyMinimumSeverity: number;
  /** Config rules named `<prefix>-…` are the baseline's. */
  readonly configRulePrefix: string;
}

export interface SecurityEventRuleSpec {
  /** Key in `securityEvents.rules`; also names the rule. */
  readonly key: string;
  readonly description: string;
  readonly where: 'regional' | 'global-service' | 'sign-in' | 'home';
  readonly pattern: (settings: SecurityEventSettings) => object;
  /**
   * Organization mode: the delegated administrator's own event stream carries these for every
   * member (GuardDuty in each region, Security Hub in the aggregation region), so members do not
   * send them (they would arrive twice). @default false
   */
  readonly administratorReceives?: boolean;
}

const API_CALL = 'AWS API Call via CloudTrail';
const apiCalls = (service: string, eventSource: string, eventNames: readonly string[]) => ({
  source: [`aws.${service}`],
  'detail-type': [API_CALL],
  detail: { eventSource: [eventSource], eventName: [...eventNames] },
});
const consoleSignIn = (detail: object) => ({
  source: ['aws.signin'],
  'detail-type': ['AWS Console Sign In via CloudTrail'],
  detail: { eventName: ['ConsoleLogin'], ...detail },
});

export const SECURITY_EVENT_RULES = [
  {
    key: 'security-group-changes',
    description: 'Security groups created, deleted or their rules changed',
    where: 'regional',
    pattern: () =>
      apiCalls('ec2', 'ec2.amazonaws.com', [
        'AuthorizeSecurityGroupIngress',
        'AuthorizeSecurityGroupEgress',
        'RevokeSecurityGroupIngress',
        'RevokeSecurityGroupEgress',
        'CreateSecurityGroup',
        'DeleteSecurityGroup',
      ]),
  },
  {
    key: 'network-acl-changes',
    description: 'Network ACLs and their entries changed',
    where: 'regional',
    pattern: () =>
      apiCalls('ec2', 'ec2.amazonaws.com', [
        'CreateNetworkAcl',
        'CreateNetworkAclEntry',
        'DeleteNetworkAcl',
        'DeleteNetworkAclEntry',
        'ReplaceNetworkAclEntry',
        'ReplaceNetworkAclAssociation',
      ]),
  },
  {
    key: 'cloudtrail-changes',
    description: 'A trail stopped, deleted, or its configuration or event selectors changed',
    where: 'regional',
    pattern: () => apiCalls('cloudtrail', 'cloudtrail.amazonaws.com', ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors']),
  },
  {
    key: 'kms-key-disable-or-deletion',
    description: 'A customer-managed KMS key disabled or scheduled for deletion',
    where: 'regional',
    pattern: () => apiCalls('kms', 'kms.amazonaws.com', ['DisableKey', 'ScheduleKeyDeletion']),
  },
  {
    key: 'config-noncompliant',
    description: 'A baseline Config rule found a resource NON_COMPLIANT',
    where: 'regional',
    pattern: ({ configRulePrefix }) => ({
      source: ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
      detail: {
        configRuleName: [{ prefix: `${configRulePrefix}-` }],
        newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
      },
    }),
  },
  {
    key: 'guardduty-findings',
    description: 'GuardDuty findings at or above the configured severity',
    where: 'regional',
    administratorReceives: true,
    // Numeric matching, so every severity counts (5.25, 8.9, critical 9.x), not a list of decimals.
    pattern: ({ guardDutyMinimumSeverity }) => ({
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      detail: { severity: [{ numeric: ['>=', guardDutyMinimumSeverity] }] },
    }),
  },
  {
    key: 'health-events',
    description: 'AWS Health events for the account',
    where: 'regional',
    pattern: () => ({ source: ['aws.health'], 'detail-type': ['AWS Health Event'] }),
  },
  {
    key: 'securityhub-findings',
    description: 'Security Hub findings: critical or high, failed, new, active',
    where: 'home',
    administratorReceives: true,
    pattern: () => ({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      detail: {
        findings: {
          Severity: { Label: ['CRITICAL', 'HIGH'] },
          Compliance: { Status: ['FAILED'] },
          // Not NOTIFIED: marking a finding NOTIFIED (the remediation function does) re-imports it,
          // which would notify it a second time.
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
        },
      },
    }),
  },
  {
    key: 'iam-policy-changes',
    description: 'IAM policies created, changed, attached or detached',
    where: 'global-service',
    pattern: () =>
      apiCalls('iam', 'iam.amazonaws.com', [
        'DeleteGroupPolicy',
        'DeleteRolePolicy',
        'DeleteUserPolicy',
        'PutGroupPolicy',
        'PutRolePolicy',
        'PutUserPolicy',
        'CreatePolicy',
        'DeletePolicy',
        'CreatePolicyVersion',
        'DeletePolicyVersion',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'AttachUserPolicy',
        'DetachUserPolicy',
        'AttachGroupPolicy',
        'DetachGroupPolicy',
      ]),
  },
  {
    key: 'root-sign-in',
    description: 'The root user signed in to the console',
    where: 'global-service',
    pattern: () => consoleSignIn({ userIdentity: { type: ['Root'] } }),
  },
  {
    key: 'sign-in-without-mfa',
    description: 'An IAM user signed in to the console without MFA',
    where: 'sign-in',
    pattern: () =>
      consoleSignIn({
        userIdentity: { type: ['IAMUser'] },
        additionalEventData: { MFAUsed: ['No'] },
        responseElements: { ConsoleLogin: ['Success'] },
      }),
  },
] as const satisfies readonly SecurityEventRuleSpec[];

export type SecurityEventRuleKey = (typeof SECURITY_EVENT_RULES)[number]['key'];

/**
 * The global sign-in regions, while a sign-in rule is on: they need providers even where they are
 * not detective-control regions. With every sign-in rule off they are not touched at all (an
 * organization may deny them by SCP).
 */
export function signInRegionsFor(disabled: ReadonlySet<string>): readonly string[] {
  const signInRuleOn = (SECURITY_EVENT_RULES as readonly SecurityEventRuleSpec[]).some(
    (r) => r.where === 'sign-in' && !disabled.has(r.key),
  );
  return signInRuleOn ? GLOBAL_SIGN_IN_REGIONS : [];
}
export const SECURITY_EVENT_RULE_KEYS = SECURITY_EVENT_RULES.map((r) => r.key) as readonly SecurityEventRuleKey[];
