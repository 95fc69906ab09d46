import { detectiveRegions } from '../../../config/regions';
import { GLOBAL_SIGN_IN_REGIONS, SECURITY_EVENT_RULES, type SecurityEventSettings } from '../../../modules/catalogs/security-events';
import { EventBusForwarding } from '../../../modules/alerting/event-bus-forwarding';
import { SecurityEventRules } from '../../../modules/alerting/security-event-rules';
import { eventPatternMatches } from '../../helpers/event-pattern';
import { regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_ACCOUNT } from '../../helpers/synth';

const SETTINGS: SecurityEventSettings = { guardDutyMinimumSeverity: 4, configRulePrefix: 'acme' };
const cloudTrailEvent = (service: string, eventName: string, detail: object = {}) => ({
  source: `aws.${service}`,
  'detail-type': 'AWS API Call via CloudTrail',
  detail: { eventSource: `${service}.amazonaws.com`, eventName, ...detail },
});
const signIn = (detail: object) => ({
  source: 'aws.signin',
  'detail-type': 'AWS Console Sign In via CloudTrail',
  detail: { eventName: 'ConsoleLogin', ...detail },
});
const guardDuty = (severity: number) => ({
  source: 'aws.guardduty',
  'detail-type': 'GuardDuty Finding',
  detail: { severity, type: 'Recon:EC2/PortProbeUnprotectedPort' },
});
const securityHub = (finding: object) => ({
  source: 'aws.securityhub',
  'detail-type': 'Security Hub Findings - Imported',
  detail: {
    findings: [
      { Severity: { Label: 'HIGH' }, Compliance: { Status: 'FAILED' }, Workflow: { Status: 'NEW' }, RecordState: 'ACTIVE', ...finding },
    ],
  },
});
const configChange = (ruleName: string, complianceType: string) => ({
  source: 'aws.config',
  'detail-type': 'Config Rules Compliance Change',
  detail: { configRuleName: ruleName, newEvaluationResult: { complianceType } },
});

const CASES: Record<string, { matches: [string, object][]; ignores: [string, object][] }> = {
  'security-group-changes': {
    matches: [
      ['ingress opened', cloudTrailEvent('ec2', 'AuthorizeSecurityGroupIngress')],
      ['group created', cloudTrailEvent('ec2', 'CreateSecurityGroup')],
    ],
    ignores: [['groups listed', cloudTrailEvent('ec2', 'DescribeSecurityGroups')]],
  },
  'network-acl-changes': {
    matches: [['entry replaced', cloudTrailEvent('ec2', 'ReplaceNetworkAclEntry')]],
    ignores: [['route added', cloudTrailEvent('ec2', 'CreateRoute')]],
  },
  'cloudtrail-changes': {
    matches: [
      ['logging stopped', cloudTrailEvent('cloudtrail', 'StopLogging')],
      ['event selectors changed', cloudTrailEvent('cloudtrail', 'PutEventSelectors')],
    ],
    ignores: [['trail created', cloudTrailEvent('cloudtrail', 'CreateTrail')]],
  },
  'kms-key-disable-or-deletion': {
    matches: [['deletion scheduled', cloudTrailEvent('kms', 'ScheduleKeyDeletion')]],
    ignores: [['key enabled', cloudTrailEvent('kms', 'EnableKey')]],
  },
  'config-noncompliant': {
    matches: [['baseline rule non-compliant', configChange('acme-vpc-default-security-group-closed', 'NON_COMPLIANT')]],
    ignores: [
      ['baseline rule compliant again', configChange('acme-vpc-default-security-group-closed', 'COMPLIANT')],
      ["another team's rule", configChange('team-x-rule', 'NON_COMPLIANT')],
    ],
  },
  'guardduty-findings': {
    matches: [
      ['medium 4.0', guardDuty(4)],
      ['medium 5.25', guardDuty(5.25)],
      ['high 8.9', guardDuty(8.9)],
      ['critical 9.5', guardDuty(9.5)],
    ],
    ignores: [
      ['low 3.9', guardDuty(3.9)],
      ['informational 0', guardDuty(0)],
    ],
  },
  'health-events': {
    matches: [
      ['scheduled change', { source: 'aws.health', 'detail-type': 'AWS Health Event', detail: { eventTypeCategory: 'scheduledChange' } }],
    ],
    ignores: [['other source', { source: 'aws.ec2', 'detail-type': 'AWS Health Event' }]],
  },
  'securityhub-findings': {
    matches: [
      ['high, failed, new, active', securityHub({})],
      ['critical', securityHub({ Severity: { Label: 'CRITICAL' } })],
    ],
    ignores: [
      // The remediation function marks a finding NOTIFIED, which re-imports it: not a second alert.
      ['notified', securityHub({ Workflow: { Status: 'NOTIFIED' } })],
      ['medium', securityHub({ Severity: { Label: 'MEDIUM' } })],
      ['passed', securityHub({ Compliance: { Status: 'PASSED' } })],
      ['suppressed', securityHub({ Workflow: { Status: 'SUPPRESSED' } })],
      ['archived', securityHub({ RecordState: 'ARCHIVED' })],
    ],
  },
  'iam-policy-changes': {
    matches: [['role policy attached', cloudTrailEvent('iam', 'AttachRolePolicy')]],
    ignores: [['user created', cloudTrailEvent('iam', 'CreateUser')]],
  },
  'root-sign-in': {
    matches: [['root signs in', signIn({ userIdentity: { type: 'Root' } })]],
    ignores: [['IAM user signs in', signIn({ userIdentity: { type: 'IAMUser' } })]],
  },
  'sign-in-without-mfa': {
    matches: [
      [
        'IAM user without MFA',
        signIn({
          userIdentity: { type: 'IAMUser' },
          additionalEventData: { MFAUsed: 'No' },
          responseElements: { ConsoleLogin: 'Success' },
        }),
      ],
    ],
    ignores: [
      [
        'IAM user with MFA',
        signIn({
          userIdentity: { type: 'IAMUser' },
          additionalEventData: { MFAUsed: 'Yes' },
          responseElements: { ConsoleLogin: 'Success' },
        }),
      ],
      [
        'failed attempt',
        signIn({
          userIdentity: { type: 'IAMUser' },
          additionalEventData: { MFAUsed: 'No' },
          responseElements: { ConsoleLogin: 'Failure' },
        }),
      ],
    ],
  },
};

describe.each(SECURITY_EVENT_RULES.map((r) => [r.key, r] as const))('rule %s', (key, rule) => {
  const pattern = rule.pattern(SETTINGS) as Record<string, unknown>;
  const cases = CASES[key];
  test.each(cases.matches)('matches: %s', (_, event) => expect(eventPatternMatches(pattern, event)).toBe(true));
  test.each(cases.ignores)('ignores: %s', (_, event) => expect(eventPatternMatches(pattern, event)).toBe(false));
});

test('the GuardDuty threshold is configurable and uses numeric matching', () => {
  const rule = SECURITY_EVENT_RULES.find((r) => r.key === 'guardduty-findings')!;
  const pattern = rule.pattern({ ...SETTINGS, guardDutyMinimumSeverity: 7 });
  expect(pattern).toEqual({
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: { severity: [{ numeric: ['>=', 7] }] },
  });
  expect(eventPatternMatches(pattern as Record<string, unknown>, guardDuty(6.9))).toBe(false);
});

describe('SecurityEventRules deployed with the home region eu-west-1', () => {
  // As the stack builds them for `regions: ['eu-west-1', 'eu-central-1']`: us-east-1 is always a
  // detective-control region (global-service events only happen there), the sign-in regions are additional.
  const regions = detectiveRegions('eu-west-1', ['eu-west-1', 'eu-central-1'], 'enabled');
  const { stack, providers } = regionalTestStack(regions, GLOBAL_SIGN_IN_REGIONS);
  const forwarding = new EventBusForwarding(stack, 'forwarding', { accountId: TEST_ACCOUNT, providers, roleName: 'fwd' });
  new SecurityEventRules(stack, 'events', {
    providers,
    forwarding,
    topicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
    rulePrefix: 'acme',
    settings: SETTINGS,
    disabled: new Set(['health-events']),
  });
  const json = synthStack(stack);
  const rules = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule'));
  const regionsOfRule = (name: string) =>
    rules
      .filter((r) => r.name === name)
      .map((r) => regionOf(json, r))
      .sort();
  const targets = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_target'));

  test('regional rules run in every detective-control region, us-east-1 among them', () => {
    expect(regions).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(regionsOfRule('acme-security-group-changes')).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    expect(regionsOfRule('acme-guardduty-findings')).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
  });

  test('global-service rules run in us-east-1, and in the home region to receive what it forwards', () => {
    expect(regionsOfRule('acme-iam-policy-changes')).toEqual(['eu-west-1', 'us-east-1']);
    expect(regionsOfRule('acme-root-sign-in')).toEqual(['eu-west-1', 'us-east-1']);
  });

  test('IAM-user sign-in rules run wherever CloudTrail records ConsoleLogin: every detective-control region and the global endpoint regions', () => {
    expect(regionsOfRule('acme-sign-in-without-mfa')).toEqual([
      'ap-southeast-2',
      'eu-central-1',
      'eu-north-1',
      'eu-west-1',
      'us-east-1',
      'us-east-2',
    ]);
    expect(GLOBAL_SIGN_IN_REGIONS).toEqual(['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2']);
  });

  test('Security Hub findings are taken only in the home region (the aggregator brings the rest)', () => {
    expect(regionsOfRule('acme-securityhub-findings')).toEqual(['eu-west-1']);
  });

  test('switched-off rules are absent', () => {
    expect(regionsOfRule('acme-health-events')).toEqual([]);
  });

  test('every home rule notifies the topic; every other rule forwards to the home bus, never to the topic', () => {
    const toTopic = targets.filter((t) => t.arn === 'arn:aws:sns:eu-west-1:123456789012:alerts');
    expect(toTopic).toHaveLength(SECURITY_EVENT_RULES.length - 1);
    for (const target of toTopic) expect(regionOf(json, target)).toBe('eu-west-1');
    for (const target of targets.filter((t) => t.target_id === 'home-region-bus')) {
      expect(regionOf(json, target)).not.toBe('eu-west-1');
      expect(target.arn).toBe('arn:aws:events:eu-west-1:123456789012:event-bus/default');
      expect(target.role_arn).toMatch(/^\$\{aws_iam_role\./);
    }
  });
});
