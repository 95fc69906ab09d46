import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { PARTITION } from '../core/arn';
import { addBundledFunction, logGroupNameFor } from '../core/bundled-function';
import { policyJson, type PolicyStatement, serviceTrustPolicy } from '../core/policy-document';
import { MetricFilterAlarm } from './metric-filter-alarm';
import { projectPath } from '../core/project-root';

/** Where the notifier's source lives, found from the project root (also from the bundles in `dist/`). */
const NOTIFIER_ENTRY = projectPath('functions', 'slack-notifier', 'index.ts');

/** Read-only CloudWatch access: what Chatbot needs to render alarm notifications, and all a channel member can do. */
const CHATBOT_ACTIONS = ['cloudwatch:Describe*', 'cloudwatch:Get*', 'cloudwatch:List*'];

export interface SlackChatbotProps {
  /**
   * Provider of the region the channel configuration is created in: one of CHATBOT_REGIONS
   * (config/regions.ts), the only ones with a Chatbot API. The topic may be in any region.
   */
  readonly channelProvider: TerraformProvider;
  /** Name of the channel's IAM role, such as `acme-chatbot`. */
  readonly roleName: string;
  /** Name of the guardrail policy that caps what the channel can do, such as `acme-chatbot-guardrail`. */
  readonly guardrailPolicyName: string;
  /** Name of the Slack channel configuration, such as `acme-security-notifications`. */
  readonly configurationName: string;
  /** Slack workspace (team) id, T… */
  readonly workspaceId: string;
  /** Slack channel id, C… */
  readonly channelId: string;
  readonly topicArn: string;
}

/**
 * AWS Chatbot posting the notification topic to a Slack channel. Its role and guardrail allow only
 * reading CloudWatch (not ReadOnlyAccess), so nobody can act on the account from Slack.
 */
export class SlackChatbot extends Construct {
  constructor(scope: Construct, id: string, props: SlackChatbotProps) {
    super(scope, id);
    const readCloudWatch = policyJson([{ Sid: 'ReadCloudWatchForNotifications', Effect: 'Allow', Action: CHATBOT_ACTIONS, Resource: '*' }]);
    const role = new IamRole(this, 'role', {
      name: props.roleName,
      description: 'AWS Chatbot channel role for security notifications (read CloudWatch only)',
      assumeRolePolicy: serviceTrustPolicy('chatbot.amazonaws.com'),
    });
    new IamRolePolicy(this, 'role-policy', { name: 'read-cloudwatch', role: role.name, policy: readCloudWatch });
    const guardrail = new IamPolicy(this, 'guardrail', {
      name: props.guardrailPolicyName,
      description: 'Caps what anyone can do through the security notifications Slack channel',
      policy: readCloudWatch,
    });
    new ChatbotSlackChannelConfiguration(this, 'channel', {
      provider: props.channelProvider,
      configurationName: props.configurationName,
      slackTeamId: props.workspaceId,
      slackChannelId: props.channelId,
      iamRoleArn: role.arn,
      guardrailPolicyArns: [guardrail.arn],
      snsTopicArns: [props.topicArn],
      loggingLevel: 'ERROR',
      userAuthorizationRequired: true,
    });
  }
}

/**
 * Where the notifier reads the Slack webhook URL, at run time, and the customer-managed key that
 * protects it (none: the AWS-managed aws/secretsmanager or aws/ssm key, which needs no grant).
 */
export type WebhookSource = ({ readonly secretArn: string } | { readonly parameterName: string }) & { readonly kmsKeyArn?: string };

export interface SlackNotifierProps {
  readonly accountId: string;
  readonly region: string;
  /** Also names its role and dead-letter queue. */
  readonly functionName: string;
  readonly topicArn: string;
  readonly webhook: WebhookSource;
  /** Slack user group (S…) to mention. @default none */
  readonly mentionUserGroupId?: string;
  /** Mention at this severity and above. @default 'MEDIUM' */
  readonly mentionAtOrAbove?: string;
  /** Customer-managed key for the function's environment. */
  readonly environmentKeyArn: string;
  /** Customer-managed key for its log group; its policy must admit `SlackNotifier.logGroupNameFor(functionName)`. */
  readonly logKeyArn: string;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** Account id → name, shown in every message with the id (built into the bundle). @default ids only */
  readonly accountNames?: Readonly<Record<string, string>>;
  /**
   * Team channels: each also gets the notifications of its accounts, with its own mention (built
   * into the bundle). @default none
   */
  readonly routes?: readonly NotifierRoute[];
}

/** A team's channel for its accounts' notifications. */
export interface NotifierRoute {
  readonly accountIds: readonly string[];
  readonly webhook: WebhookSource;
  /** @default no mention */
  readonly mentionUserGroupId?: string;
  /** @default 'MEDIUM' */
  readonly mentionAtOrAbove?: string;
}

/**
 * A small function subscribed to the notification topic that posts each notification to Slack
 * with the affected account, region and a coloured severity, mentioning an on-call group. Bundled
 * from `functions/slack-notifier` at synth; environment encrypted with a customer-managed key;
 * two retries, then a dead-letter queue; its own log group; a role allowed only its log group, the
 * webhook secrets or parameters (its own and the team channels'), the queue and the key.
 */
export class SlackNotifier extends Construct {
  /** Lambda writes a function's logs to this group. */
  static logGroupNameFor(functionName: string): string {
    return logGroupNameFor(functionName);
  }

  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: SlackNotifierProps) {
    super(scope, id);
    const { accountId, region } = props;
    const { functionName } = props;

    const deadLetters = new SqsQueue(this, 'dead-letters', {
      name: `${functionName}-dead-letters`,
      messageRetentionSeconds: 14 * 24 * 3600,
      sqsManagedSseEnabled: true,
    });

    const routes = props.routes ?? [];
    let logGroup: CloudwatchLogGroup;
    ({ function: this.function, logGroup } = addBundledFunction(this, {
      accountId,
      region,
      functionName,
      description: 'Posts security notifications to Slack',
      entry: NOTIFIER_ENTRY,
      // Sorted, so the same organization gives the same bytes whatever the order of its accounts.
      defines: {
        ACCOUNT_NAMES: Object.fromEntries(Object.entries(props.accountNames ?? {}).sort(([a], [b]) => a.localeCompare(b))),
        ...(routes.length > 0 ? { NOTIFIER_ROUTES: routeSettings(routes) } : {}),
      },
      roleDescription: 'Slack notifier: write its logs, read the webhook, dead-letter failures',
      policyName: 'slack-notifier',
      policyStatements: [
        ...webhookReadStatements(props.webhook, region, accountId, ''),
        ...routes.flatMap((route, index) => webhookReadStatements(route.webhook, region, accountId, `Route${index + 1}`)),
        { Sid: 'DeadLetterFailures', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: deadLetters.arn },
        {
          Sid: 'DecryptEnvironment',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.environmentKeyArn,
          // Lambda encrypts a function's environment under this context: only this function's.
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:aws:lambda:FunctionArn': `arn:${PARTITION}:lambda:${region}:${accountId}:function:${functionName}`,
            },
          },
        },
      ],
      logKeyArn: props.logKeyArn,
      logRetentionDays: props.logRetentionDays,
      settings: {
        timeout: 10,
        memorySize: 128,
        kmsKeyArn: props.environmentKeyArn,
        environment: {
          variables: {
            ...('secretArn' in props.webhook
              ? { WEBHOOK_SECRET_ARN: props.webhook.secretArn }
              : { WEBHOOK_PARAMETER_NAME: props.webhook.parameterName }),
            MENTION_USER_GROUP_ID: props.mentionUserGroupId ?? '',
            MENTION_AT_OR_ABOVE: props.mentionAtOrAbove ?? 'MEDIUM',
          },
        },
        deadLetterConfig: { targetArn: deadLetters.arn },
      },
    }));
    if (routes.length > 0) {
      // A team channel's failure does not fail the invocation (that would post to the security channel twice): it alarms.
      new MetricFilterAlarm(this, 'team-channel-failed', {
        logGroupName: logGroup.name,
        pattern: '{ $.outcome = "team-channel-failed" }',
        metricNamespace: 'SecurityBaseline/SlackNotifier',
        metricName: 'team-channel-failed',
        alarmName: `${functionName}-team-channel-failed`,
        alarmDescription: "A team channel did not accept a notification (the security channel did); see the notifier's log group",
        alarmTopicArn: props.topicArn,
      });
    }
    new LambdaFunctionEventInvokeConfig(this, 'retries', {
      functionName: this.function.functionName,
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 3600,
    });
    new LambdaPermission(this, 'allow-topic', {
      statementId: 'AllowNotificationTopic',
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: 'sns.amazonaws.com',
      sourceArn: props.topicArn,
      sourceAccount: accountId,
    });
    new SnsTopicSubscription(this, 'subscription', { topicArn: props.topicArn, protocol: 'lambda', endpoint: this.function.arn });
  }
}

/** What reads a webhook: the secret or parameter, and through that store only, its customer-managed key. */
function webhookReadStatements(webhook: WebhookSource, region: string, accountId: string, sidSuffix: string): PolicyStatement[] {
  const read: PolicyStatement =
    'secretArn' in webhook
      ? { Sid: `ReadWebhookSecret${sidSuffix}`, Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: webhook.secretArn }
      : {
          Sid: `ReadWebhookParameter${sidSuffix}`,
          Effect: 'Allow',
          Action: 'ssm:GetParameter',
          Resource: `arn:${PARTITION}:ssm:${region}:${accountId}:parameter/${webhook.parameterName.replace(/^\//, '')}`,
        };
  if (!webhook.kmsKeyArn) return [read];
  const store = 'secretArn' in webhook ? `secretsmanager.${webhook.secretArn.split(':')[3]}.amazonaws.com` : `ssm.${region}.amazonaws.com`;
  return [
    read,
    {
      Sid: `DecryptWebhookThroughItsStore${sidSuffix}`,
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: webhook.kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': store } },
    },
  ];
}

/** The routes by account id, as the notifier reads them (functions/slack-notifier/index.ts `RouteSettings`). */
function routeSettings(routes: readonly NotifierRoute[]): Record<string, object> {
  const byAccount = routes.flatMap((route) =>
    route.accountIds.map(
      (accountId) =>
        [
          accountId,
          {
            ...('secretArn' in route.webhook ? { secretArn: route.webhook.secretArn } : { parameterName: route.webhook.parameterName }),
            ...(route.mentionUserGroupId ? { mentionUserGroupId: route.mentionUserGroupId } : {}),
            mentionAtOrAbove: route.mentionAtOrAbove ?? 'MEDIUM',
          },
        ] as const,
    ),
  );
  return Object.fromEntries(byAccount.sort(([a], [b]) => a.localeCompare(b)));
}
