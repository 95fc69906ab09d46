import { zipSingleFile } from '../../../modules/core/deterministic-zip';
import { unzipSingleFile } from '../../helpers/zip';
import { FUNCTION_NODE_MAJOR as NOTIFIER_NODE_MAJOR } from '../../../modules/core/bundled-function';
import { SlackChatbot, SlackNotifier } from '../../../modules/alerting/slack-notifications';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  bodyOf,
  constructTestStack,
  onlyResource,
  parsePolicy,
  refTo,
  resourcesOfType,
  synthStack,
  TEST_ACCOUNT,
} from '../../helpers/synth';

const TOPIC = `arn:aws:sns:eu-west-1:${TEST_ACCOUNT}:acme-security-notifications`;

test('the zip is deterministic and round-trips its file', () => {
  const content = Buffer.from('exports.handler = async () => {};\n'.repeat(50));
  const zip = zipSingleFile('index.js', content);
  expect(zipSingleFile('index.js', content)).toEqual(zip);
  expect(unzipSingleFile(zip)).toEqual({ name: 'index.js', content });
  expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
});

describe('SlackNotifier', () => {
  const stack = constructTestStack();
  const notifier = new SlackNotifier(stack, 'slack-notifier', {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    functionName: 'acme-slack-notifier',
    topicArn: TOPIC,
    webhook: { parameterName: '/security-baseline/slack-webhook-url' },
    mentionUserGroupId: 'S0123456789',
    mentionAtOrAbove: 'HIGH',
    environmentKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/env',
    logKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/logs',
  });
  const json = synthStack(stack);
  const fn = bodyOf(json, notifier.function);

  test('runs a Node.js version Lambda still lets you create (22; 20 is blocked since 2026-08-31), from a packaged bundle with a SHA-256 hash', () => {
    expect(NOTIFIER_NODE_MAJOR).toBeGreaterThanOrEqual(22);
    expect(fn).toMatchObject({ runtime: `nodejs${NOTIFIER_NODE_MAJOR}.x`, handler: 'index.handler', timeout: 10 });
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  test('keeps the webhook URL out of its configuration: only where to read it', () => {
    expect(fn.environment.variables).toEqual({
      WEBHOOK_PARAMETER_NAME: '/security-baseline/slack-webhook-url',
      MENTION_USER_GROUP_ID: 'S0123456789',
      MENTION_AT_OR_ABOVE: 'HIGH',
    });
    expect(JSON.stringify(json)).not.toMatch(/hooks\.slack\.com/);
    expect(fn.kms_key_arn).toBe('arn:aws:kms:eu-west-1:123456789012:key/env');
  });

  test('retries twice, then dead-letters to an encrypted queue', () => {
    const queue = onlyResource(json, 'aws_sqs_queue');
    expect(queue).toMatchObject({ name: 'acme-slack-notifier-dead-letters', sqs_managed_sse_enabled: true });
    expect(fn.dead_letter_config.target_arn).toMatch(/^\$\{aws_sqs_queue\.[\w-]+\.arn\}$/);
    expect(onlyResource(json, 'aws_lambda_function_event_invoke_config')).toMatchObject({
      maximum_retry_attempts: 2,
      maximum_event_age_in_seconds: 3600,
    });
  });

  test('logs to its own encrypted log group with retention', () => {
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).toEqual({
      name: '/aws/lambda/acme-slack-notifier',
      retention_in_days: 365,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/logs',
    });
  });

  test('its role may only write its logs, read the parameter, dead-letter and decrypt its environment', () => {
    const statements = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement;
    expect(statements.map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      [
        'WriteOwnLogs',
        ['logs:CreateLogStream', 'logs:PutLogEvents'],
        `arn:aws:logs:eu-west-1:${TEST_ACCOUNT}:log-group:/aws/lambda/acme-slack-notifier:log-stream:*`,
      ],
      ['ReadWebhookParameter', 'ssm:GetParameter', `arn:aws:ssm:eu-west-1:${TEST_ACCOUNT}:parameter/security-baseline/slack-webhook-url`],
      ['DeadLetterFailures', 'sqs:SendMessage', expect.stringMatching(/^\$\{aws_sqs_queue\./)],
      ['DecryptEnvironment', 'kms:Decrypt', 'arn:aws:kms:eu-west-1:123456789012:key/env'],
    ]);
    // Lambda does not document aws:SourceAccount on AssumeRole and checks the role at CreateFunction.
    expect(parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy).Statement).toEqual([
      { Sid: 'AllowServiceToAssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  test('decrypts its environment only under its own encryption context', () => {
    const decrypt = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement.find((s) => s.Sid === 'DecryptEnvironment');
    expect(decrypt!.Condition).toEqual({
      StringEquals: {
        'kms:EncryptionContext:aws:lambda:FunctionArn': `arn:aws:lambda:eu-west-1:${TEST_ACCOUNT}:function:acme-slack-notifier`,
      },
    });
  });

  test('is invoked only by the notification topic of this account', () => {
    expect(onlyResource(json, 'aws_lambda_permission')).toMatchObject({
      principal: 'sns.amazonaws.com',
      source_arn: TOPIC,
      source_account: TEST_ACCOUNT,
      function_name: refTo(notifier.function, 'function_name'),
    });
    expect(onlyResource(json, 'aws_sns_topic_subscription')).toMatchObject({
      topic_arn: TOPIC,
      protocol: 'lambda',
      endpoint: refTo(notifier.function, 'arn'),
    });
  });
});

test('a Secrets Manager secret is read with GetSecretValue on that secret only', () => {
  const stack = constructTestStack();
  const secretArn = `arn:aws:secretsmanager:eu-west-1:${TEST_ACCOUNT}:secret:slack-webhook-AbCdEf`;
  const notifier = new SlackNotifier(stack, 'n', {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    functionName: 'f',
    topicArn: TOPIC,
    webhook: { secretArn },
    environmentKeyArn: 'k',
    logKeyArn: 'l',
  });
  const json = synthStack(stack);
  expect(bodyOf(json, notifier.function).environment.variables.WEBHOOK_SECRET_ARN).toBe(secretArn);
  const read = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement.find((s) => s.Sid === 'ReadWebhookSecret');
  expect(read).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: secretArn });
});

test.each([
  [
    'a secret',
    { secretArn: `arn:aws:secretsmanager:us-east-1:${TEST_ACCOUNT}:secret:hook-AbCdEf` },
    'secretsmanager.us-east-1.amazonaws.com',
  ],
  ['a parameter', { parameterName: '/hook' }, 'ssm.eu-west-1.amazonaws.com'],
])('a webhook in %s under a customer-managed key is decrypted only through its store', (_, source, viaService) => {
  const stack = constructTestStack();
  const keyArn = `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/0f8e9d7c-1111-2222-3333-444455556666`;
  new SlackNotifier(stack, 'n', {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    functionName: 'f',
    topicArn: TOPIC,
    webhook: { ...source, kmsKeyArn: keyArn },
    environmentKeyArn: 'k',
    logKeyArn: 'l',
  });
  const statements = parsePolicy(onlyResource(synthStack(stack), 'aws_iam_role_policy').policy).Statement;
  expect(statements.find((s) => s.Sid === 'DecryptWebhookThroughItsStore')).toEqual({
    Sid: 'DecryptWebhookThroughItsStore',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: keyArn,
    Condition: { StringEquals: { 'kms:ViaService': viaService } },
  });
});

test('without a customer-managed key, the role gets no kms:Decrypt beyond its environment key', () => {
  const stack = constructTestStack();
  new SlackNotifier(stack, 'n', {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    functionName: 'f',
    topicArn: TOPIC,
    webhook: { parameterName: '/hook' },
    environmentKeyArn: 'k',
    logKeyArn: 'l',
  });
  const statements = parsePolicy(onlyResource(synthStack(stack), 'aws_iam_role_policy').policy).Statement;
  expect(statements.filter((s) => ([] as string[]).concat(s.Action).includes('kms:Decrypt')).map((s) => s.Resource)).toEqual(['k']);
});

test('SlackChatbot: channel on the topic, read-CloudWatch-only role and guardrail, no ReadOnlyAccess', () => {
  const stack = constructTestStack();
  const chatbotRegion = new AwsProvider(stack, 'us-west-2', { region: 'us-west-2', alias: 'us-west-2' });
  new SlackChatbot(stack, 'chatbot', {
    channelProvider: chatbotRegion,
    roleName: 'acme-chatbot',
    guardrailPolicyName: 'acme-chatbot-guardrail',
    configurationName: 'acme-security-notifications',
    workspaceId: 'T0123456789',
    channelId: 'C0123456789',
    topicArn: TOPIC,
  });
  const json = synthStack(stack);
  const channel = onlyResource(json, 'aws_chatbot_slack_channel_configuration');
  expect(channel.configuration_name).toBe('acme-security-notifications');
  expect(onlyResource(json, 'aws_iam_role').name).toBe('acme-chatbot');
  expect(onlyResource(json, 'aws_iam_policy').name).toBe('acme-chatbot-guardrail');
  // The channel goes where Chatbot has an API; the role and guardrail are global (IAM).
  expect(channel.provider).toBe('aws.us-west-2');
  expect(onlyResource(json, 'aws_iam_role').provider).toBeUndefined();
  expect(parsePolicy(onlyResource(json, 'aws_iam_role').assume_role_policy).Statement[0].Condition).toBeUndefined();
  expect(channel).toMatchObject({
    slack_team_id: 'T0123456789',
    slack_channel_id: 'C0123456789',
    sns_topic_arns: [TOPIC],
    user_authorization_required: true,
  });
  const guardrail = parsePolicy(onlyResource(json, 'aws_iam_policy').policy).Statement;
  expect(guardrail).toEqual([
    {
      Sid: 'ReadCloudWatchForNotifications',
      Effect: 'Allow',
      Action: ['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'],
      Resource: '*',
    },
  ]);
  expect(channel.guardrail_policy_arns).toEqual([expect.stringMatching(/^\$\{aws_iam_policy\./)]);
  expect(JSON.stringify(json)).not.toContain('ReadOnlyAccess');
  expect(resourcesOfType(json, 'aws_iam_role_policy_attachment')).toEqual({});
});

describe('SlackNotifier with team channels', () => {
  const stack = constructTestStack();
  new SlackNotifier(stack, 'slack-notifier', {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    functionName: 'acme-slack-notifier',
    topicArn: TOPIC,
    webhook: { parameterName: '/security-baseline/slack-webhook-url' },
    environmentKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/env',
    logKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/logs',
    routes: [
      {
        accountIds: ['444444444444', '555555555555'],
        webhook: {
          secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team-a-webhook-AbCdEf',
          kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/team-a',
        },
        mentionUserGroupId: 'S0TEAMAAA01',
      },
    ],
  });
  const json = synthStack(stack);
  const policy = parsePolicy(Object.values(resourcesOfType(json, 'aws_iam_role_policy'))[0].policy);

  test("a failing team channel alarms to the topic, from the notifier's JSON log line", () => {
    const [filter] = Object.values(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter'));
    expect(filter.pattern).toBe('{ $.outcome = "team-channel-failed" }');
    expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.slack-notifier_log-group_\w+\.name\}$/);
    const [alarm] = Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm'));
    expect(alarm).toMatchObject({
      alarm_name: 'acme-slack-notifier-team-channel-failed',
      alarm_actions: [TOPIC],
      metric_name: filter.metric_transformation.name,
    });
  });

  test('its role may read each team webhook, and decrypt it only through Secrets Manager', () => {
    const sids = policy.Statement.map((s) => s.Sid);
    expect(sids).toEqual(
      expect.arrayContaining(['ReadWebhookParameter', 'ReadWebhookSecretRoute1', 'DecryptWebhookThroughItsStoreRoute1']),
    );
    const decrypt = policy.Statement.find((s) => s.Sid === 'DecryptWebhookThroughItsStoreRoute1')!;
    expect(decrypt).toMatchObject({
      Resource: 'arn:aws:kms:eu-west-1:123456789012:key/team-a',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });
});
