/**
 * Who may write into the log group of failed remediation executions, decided by the IAM policy
 * simulator (helpers/policy-simulator.ts) on the CloudWatch Logs resource policy an example
 * account stack synthesizes, with the rule that really targets the group as the writer.
 */
import { decisionOf, simulate, withContext, type SimulatedRequest } from '../../helpers/policy-simulator';
import { regionOf } from '../../helpers/synth';
import { entriesOfType, eventRuleArn, literal, referencedResource, synthesizeExampleAccount } from '../../helpers/synthesized-policies';

const account = synthesizeExampleAccount('workload-prod');
const { accountId, otherAccountId, json } = account;

const policies = entriesOfType(json, 'aws_cloudwatch_log_resource_policy').map(([, p]) => p.policy_document as string);
// The targets delivering into a log group, with their rule and the group, as synthesized.
const deliveries = entriesOfType(json, 'aws_cloudwatch_event_target')
  .filter(([, target]) => String(target.arn).startsWith('${aws_cloudwatch_log_group.'))
  .map(([, target]) => {
    const group = referencedResource(json, target.arn).body;
    return {
      ruleArn: eventRuleArn(account, referencedResource(json, target.rule).body),
      groupArn: `arn:aws:logs:${regionOf(json, group)}:${accountId}:log-group:${literal(group.name, 'log group name')}`,
    };
  });

const writeFrom = (ruleArn: string, groupArn: string, action = 'logs:PutLogEvents'): SimulatedRequest => ({
  principal: 'events.amazonaws.com',
  action,
  resource: `${groupArn}:log-stream:8f2c1e0a-remediation-failed`,
  context: { 'aws:SourceArn': ruleArn, 'aws:SourceAccount': ruleArn.split(':')[4] },
});

test('one rule delivers into one log group, under one log resource policy', () => {
  expect(policies).toHaveLength(1);
  expect(deliveries).toHaveLength(1);
});

test('the failed-executions rule may create streams and write events in its log group', async () => {
  const { ruleArn, groupArn } = deliveries[0];
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
    expect(await simulate({ resourcePolicy: policies[0] }, writeFrom(ruleArn, groupArn, action))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['EventBridgeWritesFailedExecutions'],
    });
  }
});

test('another rule of the account, the same rule name in another account, or another log group are refused', async () => {
  const { ruleArn, groupArn } = deliveries[0];
  const policy = { resourcePolicy: policies[0] };
  const allowed = writeFrom(ruleArn, groupArn);
  expect(await decisionOf(policy, withContext(allowed, { 'aws:SourceArn': ruleArn.replace(/rule\/.*$/, 'rule/acme-root-sign-in') }))).toBe(
    'ImplicitlyDenied',
  );
  expect(await decisionOf(policy, writeFrom(ruleArn.replace(`:${accountId}:`, `:${otherAccountId}:`), groupArn))).toBe('ImplicitlyDenied');
  expect(await decisionOf(policy, writeFrom(ruleArn, groupArn.replace(/log-group:.*$/, 'log-group:/acme/cloudtrail')))).toBe(
    'ImplicitlyDenied',
  );
});
