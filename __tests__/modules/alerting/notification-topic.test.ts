import { NotificationTopic } from '../../../modules/alerting/notification-topic';
import {
  bodyOf,
  constructTestStack,
  parsePolicy,
  refTo,
  resourcesOfType,
  statementBySid,
  synthStack,
  TEST_ACCOUNT,
} from '../../helpers/synth';

describe('NotificationTopic', () => {
  const stack = constructTestStack();
  const topic = new NotificationTopic(stack, 'notifications', {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    topicName: 'acme-security-notifications',
    keyAlias: 'alias/acme-notifications',
    emails: ['a@example.com', 'b@example.com'],
  });
  const json = synthStack(stack);
  const topicArn = `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:acme-security-notifications`;

  test('is encrypted with its own rotating customer-managed key', () => {
    expect(topic.topicArn).toBe(topicArn);
    expect(bodyOf(json, topic.topic).kms_master_key_id).toBe(refTo(topic.key.key, 'arn'));
    const key = bodyOf(json, topic.key.key);
    expect(key.enable_key_rotation).toBe(true);
    const grantTo = (service: string) =>
      parsePolicy(key.policy).Statement.find((s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: service }))!;
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      expect(grantTo(service).Action).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    }
    // Scoped by the context SNS puts on every KMS call for this topic, not by source keys the
    // publishers' calls through SNS are not documented to carry (a miss drops notifications silently).
    for (const service of ['cloudwatch.amazonaws.com', 'events.amazonaws.com']) {
      expect(grantTo(service).Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } });
    }
  });

  test('only CloudWatch alarms and EventBridge rules of this account may publish, and only over TLS', () => {
    const policy = Object.values(resourcesOfType(json, 'aws_sns_topic_policy'))[0].policy;
    expect(statementBySid(policy, 'AllowCloudWatchAlarmsToPublish')).toMatchObject({
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
        ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${TEST_ACCOUNT}:alarm:*` },
      },
    });
    expect(statementBySid(policy, 'AllowEventBridgeRulesToPublish').Condition?.ArnLike).toEqual({
      'aws:SourceArn': `arn:aws:events:eu-west-1:${TEST_ACCOUNT}:rule/*`,
    });
    expect(statementBySid(policy, 'DenyInsecureTransport')).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    const manage = statementBySid(policy, 'AllowAccountToManageTopic');
    expect(manage.Principal).toEqual({ AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` });
    expect(manage.Action).not.toContain('sns:Publish');
    const publishers = parsePolicy(policy).Statement.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('sns:Publish'));
    expect(publishers.map((s) => s.Principal)).toEqual([{ Service: 'cloudwatch.amazonaws.com' }, { Service: 'events.amazonaws.com' }]);
  });

  test('subscribes every e-mail address', () => {
    const subscriptions = Object.values(resourcesOfType(json, 'aws_sns_topic_subscription'));
    expect(subscriptions.map((s) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([
      ['email', 'a@example.com', refTo(topic.topic, 'arn')],
      ['email', 'b@example.com', refTo(topic.topic, 'arn')],
    ]);
  });
});
