/**
 * What the notification topic's policy and its key's policy allow and deny, decided by the IAM
 * policy simulator (helpers/policy-simulator.ts) on an example account stack's synthesized
 * policies, with the alarms and rules that really notify the topic as publishers.
 */
import { decisionOf, identityPolicyAllowing, simulate, withContext, type SimulatedRequest } from '../../helpers/policy-simulator';
import { parsePolicy, regionOf } from '../../helpers/synth';
import {
  entriesOfType,
  eventRuleArn,
  keyArnIn,
  keyPolicyReferencedBy,
  literal,
  referencedResource,
  synthesizeExampleAccount,
  topicOf,
} from '../../helpers/synthesized-policies';

const account = synthesizeExampleAccount('workload-prod');
const { accountId, otherAccountId, homeRegion, json } = account;
const topic = topicOf(account);
const topicPolicy = { resourcePolicy: topic.policy };

/** A service publishing to the topic on behalf of `sourceArn`, as it calls SNS. */
const publishFrom = (service: string, sourceArn: string): SimulatedRequest => ({
  principal: service,
  action: 'sns:Publish',
  resource: topic.arn,
  context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceArn.split(':')[4] },
});

// The publishers as synthesized: alarms with the topic among their actions, rules targeting it.
const alarmArns = entriesOfType(json, 'aws_cloudwatch_metric_alarm')
  .filter(([, alarm]) =>
    [...(alarm.alarm_actions ?? []), ...(alarm.ok_actions ?? []), ...(alarm.insufficient_data_actions ?? [])].includes(topic.reference),
  )
  .map(([, alarm]) => `arn:aws:cloudwatch:${regionOf(json, alarm)}:${accountId}:alarm:${literal(alarm.alarm_name, 'alarm name')}`);
const ruleArns = entriesOfType(json, 'aws_cloudwatch_event_target')
  .filter(([, target]) => target.arn === topic.reference)
  .map(([, target]) => eventRuleArn(account, referencedResource(json, target.rule).body));

describe('notification topic policy', () => {
  const alarm = publishFrom('cloudwatch.amazonaws.com', `arn:aws:cloudwatch:${homeRegion}:${accountId}:alarm:acme-cis-4.1`);
  const rule = publishFrom('events.amazonaws.com', `arn:aws:events:${homeRegion}:${accountId}:rule/acme-root-sign-in`);

  test('every alarm and rule of the stack that notifies the topic may publish to it', async () => {
    expect(alarmArns.length).toBeGreaterThan(15);
    expect(ruleArns.length).toBeGreaterThan(5);
    for (const arn of alarmArns) {
      expect(await simulate(topicPolicy, publishFrom('cloudwatch.amazonaws.com', arn))).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowCloudWatchAlarmsToPublish'],
      });
    }
    for (const arn of ruleArns) {
      expect(await simulate(topicPolicy, publishFrom('events.amazonaws.com', arn))).toMatchObject({
        decision: 'Allowed',
        allowedBy: ['AllowEventBridgeRulesToPublish'],
      });
    }
  });

  test('CloudWatch alarms of this account in the home region may publish; another account’s alarm may not', async () => {
    expect(await decisionOf(topicPolicy, alarm)).toBe('Allowed');
    const otherAlarm = publishFrom(
      'cloudwatch.amazonaws.com',
      alarm.context!['aws:SourceArn'].toString().replace(`:${accountId}:`, `:${otherAccountId}:`),
    );
    expect(await decisionOf(topicPolicy, otherAlarm)).toBe('ImplicitlyDenied');
    // Either key alone is not enough: the alarm must be this account's, acting for this account.
    expect(await decisionOf(topicPolicy, withContext(alarm, { 'aws:SourceAccount': otherAccountId }))).toBe('ImplicitlyDenied');
    expect(await decisionOf(topicPolicy, withContext(alarm, { 'aws:SourceArn': otherAlarm.context!['aws:SourceArn'] }))).toBe(
      'ImplicitlyDenied',
    );
  });

  test('only alarms and rules of the home region are admitted, where all of them are', async () => {
    const elsewhere = (request: SimulatedRequest) =>
      withContext(request, { 'aws:SourceArn': request.context!['aws:SourceArn'].toString().replace(`:${homeRegion}:`, ':us-east-1:') });
    expect(await decisionOf(topicPolicy, elsewhere(alarm))).toBe('ImplicitlyDenied');
    expect(await decisionOf(topicPolicy, elsewhere(rule))).toBe('ImplicitlyDenied');
  });

  test('EventBridge rules of this account may publish; another account’s rule may not', async () => {
    expect(await decisionOf(topicPolicy, rule)).toBe('Allowed');
    const otherRule = publishFrom(
      'events.amazonaws.com',
      rule.context!['aws:SourceArn'].toString().replace(`:${accountId}:`, `:${otherAccountId}:`),
    );
    expect(await decisionOf(topicPolicy, otherRule)).toBe('ImplicitlyDenied');
    expect(await decisionOf(topicPolicy, withContext(rule, { 'aws:SourceAccount': otherAccountId }))).toBe('ImplicitlyDenied');
    expect(await decisionOf(topicPolicy, withContext(rule, { 'aws:SourceArn': otherRule.context!['aws:SourceArn'] }))).toBe(
      'ImplicitlyDenied',
    );
  });

  test('a service may publish only as itself: an alarm’s ARN does not admit EventBridge, nor another service', async () => {
    const alarmArn = alarm.context!['aws:SourceArn'].toString();
    expect(await decisionOf(topicPolicy, publishFrom('events.amazonaws.com', alarmArn))).toBe('ImplicitlyDenied');
    expect(await decisionOf(topicPolicy, publishFrom('s3.amazonaws.com', `arn:aws:s3:::acme-any-bucket-${accountId}`))).toBe(
      'ImplicitlyDenied',
    );
  });

  test('the topic policy grants no IAM principal Publish: the account’s own only with an IAM policy of their own, another account’s not at all', async () => {
    const own = { principal: `arn:aws:iam::${accountId}:role/Developer`, action: 'sns:Publish', resource: topic.arn };
    expect(await decisionOf(topicPolicy, own)).toBe('ImplicitlyDenied');
    const publisher = { ...topicPolicy, identityPolicies: [identityPolicyAllowing('sns:Publish')] };
    expect(await decisionOf(publisher, { ...own, principal: `arn:aws:iam::${otherAccountId}:role/Admin` })).toBe('ImplicitlyDenied');
    // Same-account IAM semantics, not something the topic policy can express without a Deny: an
    // identity policy granting sns:Publish suffices inside the account.
    expect(await decisionOf(publisher, own)).toBe('Allowed');
  });

  test('the account may manage and subscribe through IAM; another account may not', async () => {
    const admin = { ...topicPolicy, identityPolicies: [identityPolicyAllowing('sns:*')] };
    const subscribe = { principal: `arn:aws:iam::${accountId}:role/Admin`, action: 'sns:Subscribe', resource: topic.arn };
    expect(await decisionOf(admin, subscribe)).toBe('Allowed');
    expect(await decisionOf(admin, { ...subscribe, principal: `arn:aws:iam::${otherAccountId}:role/Admin` })).toBe('ImplicitlyDenied');
    expect(
      await decisionOf(admin, { ...subscribe, action: 'sns:SetTopicAttributes', principal: `arn:aws:iam::${otherAccountId}:role/Admin` }),
    ).toBe('ImplicitlyDenied');
  });

  test('publishing without TLS is denied, to the services and to the account’s administrators', async () => {
    for (const request of [alarm, rule]) {
      expect(await simulate(topicPolicy, withContext(request, { 'aws:SecureTransport': 'false' }))).toMatchObject({
        decision: 'ExplicitlyDenied',
        deniedBy: ['DenyInsecureTransport'],
      });
    }
    const admin = { ...topicPolicy, identityPolicies: [identityPolicyAllowing('sns:*')] };
    const publish = {
      principal: `arn:aws:iam::${accountId}:role/Admin`,
      action: 'sns:Publish',
      resource: topic.arn,
      context: { 'aws:SecureTransport': 'false' },
    };
    expect(await simulate(admin, publish)).toMatchObject({ decision: 'ExplicitlyDenied', deniedBy: ['DenyInsecureTransport'] });
  });
});

describe('notification topic key policy', () => {
  const key = keyPolicyReferencedBy(json, topic.body.kms_master_key_id);
  const keyPolicy = { resourcePolicy: key.policy };
  const keyArn = keyArnIn(homeRegion, accountId);

  // The simulator (0.1.173) drops every `kms:EncryptionContext:<key>` context key (it reports
  // them in ignoredContextKeys, which the helper refuses), so a statement conditioned on the
  // encryption context can never match in it. Those grants are asserted structurally here; the
  // simulations show what holds without the context.
  test('CloudWatch and EventBridge may use the key only under the topic’s encryption context (structural)', () => {
    const grants = parsePolicy(key.policy).Statement.filter(
      (s) => s.Principal !== undefined && typeof s.Principal === 'object' && 'Service' in s.Principal,
    );
    expect(grants.map((s) => s.Principal)).toEqual([{ Service: 'cloudwatch.amazonaws.com' }, { Service: 'events.amazonaws.com' }]);
    for (const grant of grants) {
      expect(grant).toMatchObject({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' });
      expect(grant.Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topic.arn } });
    }
  });

  test.each(['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com'])(
    '%s gets nothing from the key without the topic’s encryption context',
    async (service) => {
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:DescribeKey']) {
        expect(await decisionOf(keyPolicy, { principal: service, action, resource: keyArn })).toBe('ImplicitlyDenied');
      }
    },
  );

  test('the account administers the key through IAM policies; no one else may, and the key policy grants no principal directly', async () => {
    const administer = { principal: `arn:aws:iam::${accountId}:role/Admin`, action: 'kms:ScheduleKeyDeletion', resource: keyArn };
    const admin = { ...keyPolicy, identityPolicies: [identityPolicyAllowing('kms:*')] };
    expect(await simulate(admin, administer)).toMatchObject({ decision: 'Allowed', allowedBy: ['EnableAccountIamPolicies'] });
    expect(await decisionOf(keyPolicy, administer)).toBe('ImplicitlyDenied');
    expect(await decisionOf(admin, { ...administer, principal: `arn:aws:iam::${otherAccountId}:role/Admin` })).toBe('ImplicitlyDenied');
    expect(await decisionOf(admin, { ...administer, action: 'kms:Decrypt', principal: `arn:aws:iam::${otherAccountId}:role/Admin` })).toBe(
      'ImplicitlyDenied',
    );
  });
});
