import { REMEDIATIONS, type RemediationSpec } from '../../../modules/catalogs/remediations';
import type { ActiveRemediation } from '../../../modules/compliance/config-remediations';
import { EventBusForwarding } from '../../../modules/alerting/event-bus-forwarding';
import { RemediationLoopGuard, REMEDIATION_METRIC_NAMESPACE } from '../../../modules/compliance/remediation-loop-guard';
import { matchesFilterPattern } from '../../helpers/filter-pattern-evaluator';
import {
  bodyOf,
  onlyResource,
  parsePolicy,
  regionalTestStack,
  regionOf,
  resourcesOfType,
  synthStack,
  TEST_ACCOUNT,
  TEST_REGIONS,
} from '../../helpers/synth';

const TOPIC = `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:alerts`;
const spec = (key: string) => (REMEDIATIONS as readonly RemediationSpec[]).find((r) => r.key === key)!;

describe('RemediationLoopGuard', () => {
  const { stack, providers } = regionalTestStack();
  const forwarding = new EventBusForwarding(stack, 'forwarding', { accountId: TEST_ACCOUNT, providers, roleName: 'acme-event-forwarding' });
  const remediations = ['default-security-group', 'cmk-rotation'].map(
    (key) => ({ spec: spec(key), mode: 'automatic' }) as ActiveRemediation,
  );
  const guard = new RemediationLoopGuard(stack, 'guard', {
    accountId: TEST_ACCOUNT,
    homeRegion: 'eu-west-1',
    remediationRepeatsAlarmPrefix: 'acme-remediation-repeats',
    remediationFailed: 'acme-remediation-failed',
    remediationFailuresLogPolicy: 'acme-remediation-failures',
    remediations,
    trailLogGroupName: '/acme/cloudtrail',
    forwarding,
    failureLogGroupName: '/acme/remediation-failures',
    logKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k',
    alarmTopicArn: TOPIC,
    maxExecutions: 7,
    windowMinutes: 30,
  });
  const json = synthStack(stack);

  test('one repeat alarm per remediation, counting its runbook starts on the trail log group', () => {
    expect(guard.repeatAlarms).toHaveLength(2);
    const filter = bodyOf(json, guard.repeatAlarms[0].filter);
    expect(filter.log_group_name).toBe('/acme/cloudtrail');
    expect(filter.pattern).toBe(
      '{ ($.eventSource = "ssm.amazonaws.com") && ($.eventName = "StartAutomationExecution") && ' +
        `($.requestParameters.documentName = "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules") && ($.recipientAccountId = "${TEST_ACCOUNT}") }`,
    );
    // An organization trail's log group also holds other accounts' runs: only this account's count.
    const start = (account: string) => ({
      eventSource: 'ssm.amazonaws.com',
      eventName: 'StartAutomationExecution',
      recipientAccountId: account,
      requestParameters: { documentName: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules' },
    });
    expect(matchesFilterPattern(filter.pattern, start(TEST_ACCOUNT))).toBe(true);
    expect(matchesFilterPattern(filter.pattern, start('210987654321'))).toBe(false);
    const alarm = bodyOf(json, guard.repeatAlarms[0].alarm);
    expect(alarm).toMatchObject({
      alarm_name: 'acme-remediation-repeats-default-security-group',
      metric_name: filter.metric_transformation.name,
      namespace: filter.metric_transformation.namespace,
      statistic: 'Sum',
      threshold: 7,
      comparison_operator: 'GreaterThanThreshold',
      period: 1800,
      treat_missing_data: 'notBreaching',
      alarm_actions: [TOPIC],
    });
    expect(filter.metric_transformation.namespace).toBe(REMEDIATION_METRIC_NAMESPACE);
  });

  test('failed or timed-out executions of these runbooks are matched in every region', () => {
    const rules = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule'));
    expect(rules.map((r) => regionOf(json, r)).sort()).toEqual([...TEST_REGIONS].sort());
    for (const rule of rules) {
      expect(rule.name).toBe('acme-remediation-failed');
      expect(JSON.parse(rule.event_pattern)).toEqual({
        source: ['aws.ssm'],
        'detail-type': ['EC2 Automation Execution Status-change Notification'],
        detail: {
          Definition: ['AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules', 'AWSConfigRemediation-EnableKeyRotation'],
          Status: ['Failed', 'TimedOut'],
        },
      });
    }
  });

  test('other regions forward to the home bus; the home rule keeps them in an encrypted log group that only it may write', () => {
    const targets = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_target'));
    const forwarded = targets.filter((t) => t.target_id === 'home-region-bus');
    expect(forwarded.map((t) => regionOf(json, t)).sort()).toEqual(['eu-central-1', 'us-east-1']);
    for (const target of forwarded) expect(target.arn).toBe(`arn:aws:events:eu-west-1:${TEST_ACCOUNT}:event-bus/default`);
    const toLog = targets.find((t) => t.target_id === 'failure-log')!;
    expect(regionOf(json, toLog)).toBe('eu-west-1');
    const logGroup = onlyResource(json, 'aws_cloudwatch_log_group');
    expect(logGroup).toMatchObject({ name: '/acme/remediation-failures', kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
    const logPolicy = onlyResource(json, 'aws_cloudwatch_log_resource_policy');
    expect(logPolicy.policy_name).toBe('acme-remediation-failures');
    const [statement] = parsePolicy(logPolicy.policy_document).Statement;
    expect(statement.Resource).toBe(`arn:aws:logs:eu-west-1:${TEST_ACCOUNT}:log-group:/acme/remediation-failures:*`);
    expect(statement.Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${TEST_ACCOUNT}:rule/acme-remediation-failed` },
    });
  });

  test('any kept failure raises the failure alarm', () => {
    const filter = bodyOf(json, guard.failureAlarm.filter);
    expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.name\}$/);
    expect(bodyOf(json, guard.failureAlarm.alarm)).toMatchObject({
      alarm_name: 'acme-remediation-failed',
      metric_name: filter.metric_transformation.name,
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      alarm_actions: [TOPIC],
    });
  });

  test('the forwarding role may only put events on the home bus, and only EventBridge may assume it', () => {
    const role = onlyResource(json, 'aws_iam_role');
    // No source keys: EventBridge does not document them for rule-target roles, and a miss drops events silently.
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      { Sid: 'AllowServiceToAssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement).toEqual([
      {
        Sid: 'PutEventsOnHomeBus',
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:eu-west-1:${TEST_ACCOUNT}:event-bus/default`,
      },
    ]);
  });
});

test('refuses to guard nothing', () => {
  const { stack, providers } = regionalTestStack();
  const forwarding = new EventBusForwarding(stack, 'f', { accountId: TEST_ACCOUNT, providers, roleName: 'r' });
  expect(
    () =>
      new RemediationLoopGuard(stack, 'g', {
        accountId: TEST_ACCOUNT,
        homeRegion: 'eu-west-1',
        remediationRepeatsAlarmPrefix: 'acme-remediation-repeats',
        remediationFailed: 'acme-remediation-failed',
        remediationFailuresLogPolicy: 'acme-remediation-failures',
        remediations: [],
        trailLogGroupName: 'x',
        forwarding,
        failureLogGroupName: 'y',
        logKeyArn: 'k',
        alarmTopicArn: TOPIC,
      }),
  ).toThrow('needs at least one remediation');
});
