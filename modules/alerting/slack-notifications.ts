import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { createHash } from 'node:crypto';
import { AssetType, TerraformAsset, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { arn, PARTITION } from '../core/arn';
import { zipSingleFile } from '../core/deterministic-zip';
import { policyJson, serviceTrustPolicy } from '../core/policy-document';
import { projectPath } from '../core/project-root';

/** Where the notifier's source lives, found from the project root (also from the bundles in `dist/`). */
const NOTIFIER_ENTRY = projectPath('functions', 'slack-notifier', 'index.ts');

/**
 * The notifier's Node.js version, for Lambda and for the bundle alike. Node.js 20 is deprecated
 * in Lambda (no new functions since 2026-08-31); 22 is supported until 2027-04-30.
 */
export const NOTIFIER_NODE_MAJOR = 22;
const LAMBDA_RUNTIME = `nodejs${NOTIFIER_NODE_MAJOR}.x`;

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
}

/**
 * A small function subscribed to the notification topic that posts each notification to Slack
 * with the affected account, region and a coloured severity, mentioning an on-call group. Bundled
 * from `functions/slack-notifier` at synth; environment encrypted with a customer-managed key;
 * two retries, then a dead-letter queue; its own log group; a role allowed only its log group, the
 * webhook secret or parameter, the queue and the key.
 */
export class SlackNotifier extends Construct {
  /** Lambda writes a function's logs to this group. */
  static logGroupNameFor(functionName: string): string {
    return `/aws/lambda/${functionName}`;
  }

  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: SlackNotifierProps) {
    super(scope, id);
    const { accountId, region } = props;
    const { functionName } = props;
    const logGroupName = SlackNotifier.logGroupNameFor(functionName);

    const packagePath = bundleNotifier(props.accountNames ?? {});
    const asset = new TerraformAsset(this, 'code', { path: packagePath, type: AssetType.FILE });
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.logKeyArn,
    });
    const deadLetters = new SqsQueue(this, 'dead-letters', {
      name: `${functionName}-dead-letters`,
      messageRetentionSeconds: 14 * 24 * 3600,
      sqsManagedSseEnabled: true,
    });

    const webhookRead =
      'secretArn' in props.webhook
        ? { Sid: 'ReadWebhookSecret', Effect: 'Allow' as const, Action: 'secretsmanager:GetSecretValue', Resource: props.webhook.secretArn }
        : {
            Sid: 'ReadWebhookParameter',
            Effect: 'Allow' as const,
            Action: 'ssm:GetParameter',
            Resource: `arn:${PARTITION}:ssm:${region}:${accountId}:parameter/${props.webhook.parameterName.replace(/^\//, '')}`,
          };
    // A customer-managed key must let the role decrypt, and only through the store that holds the URL.
    const webhookKey = props.webhook.kmsKeyArn;
    const webhookDecrypt = webhookKey
      ? [
          {
            Sid: 'DecryptWebhookThroughItsStore',
            Effect: 'Allow' as const,
            Action: 'kms:Decrypt',
            Resource: webhookKey,
            Condition: {
              StringEquals: {
                'kms:ViaService':
                  'secretArn' in props.webhook
                    ? `secretsmanager.${props.webhook.secretArn.split(':')[3]}.amazonaws.com`
                    : `ssm.${region}.amazonaws.com`,
              },
            },
          },
        ]
      : [];
    const role = new IamRole(this, 'role', {
      name: functionName,
      description: 'Slack notifier: write its logs, read the webhook, dead-letter failures',
      assumeRolePolicy: serviceTrustPolicy('lambda.amazonaws.com'),
    });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: 'slack-notifier',
      role: role.name,
      policy: policyJson([
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${arn.logGroup(region, accountId, logGroupName)}:log-stream:*`,
        },
        webhookRead,
        ...webhookDecrypt,
        { Sid: 'DeadLetterFailures', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: deadLetters.arn },
        {
          Sid: 'DecryptEnvironment',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: props.environmentKeyArn,
          // Lambda encrypts a function's environment under this context: only this function's.
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:lambda:FunctionArn': `arn:${PARTITION}:lambda:${region}:${accountId}:function:${functionName}` } },
        },
      ]),
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName,
      description: 'Posts security notifications to Slack',
      runtime: LAMBDA_RUNTIME,
      handler: 'index.handler',
      filename: asset.path,
      sourceCodeHash: createHash('sha256').update(fs.readFileSync(packagePath)).digest('base64'),
      role: role.arn,
      timeout: 10,
      memorySize: 128,
      kmsKeyArn: props.environmentKeyArn,
      environment: {
        variables: {
          ...('secretArn' in props.webhook ? { WEBHOOK_SECRET_ARN: props.webhook.secretArn } : { WEBHOOK_PARAMETER_NAME: props.webhook.parameterName }),
          MENTION_USER_GROUP_ID: props.mentionUserGroupId ?? '',
          MENTION_AT_OR_ABOVE: props.mentionAtOrAbove ?? 'MEDIUM',
        },
      },
      deadLetterConfig: { targetArn: deadLetters.arn },
      dependsOn: [logGroup, rolePolicy],
    });
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

/** The packages by account-name map, each built once per process however many account stacks use it. */
const notifierPackages = new Map<string, string>();

/** Bundles the notifier into a deterministic zip; the SDK clients come with the Lambda runtime. */
function bundleNotifier(accountNames: Readonly<Record<string, string>>): string {
  // Sorted, so the same organization gives the same bytes whatever the order of its accounts.
  const names = JSON.stringify(Object.fromEntries(Object.entries(accountNames).sort(([a], [b]) => a.localeCompare(b))));
  let packagePath = notifierPackages.get(names);
  if (!packagePath) notifierPackages.set(names, (packagePath = buildNotifierPackage(names)));
  return packagePath;
}

function buildNotifierPackage(accountNames: string): string {
  const result = buildSync({
    define: { ACCOUNT_NAMES: accountNames },
    entryPoints: [NOTIFIER_ENTRY],
    bundle: true,
    platform: 'node',
    target: `node${NOTIFIER_NODE_MAJOR}`,
    format: 'cjs',
    external: ['@aws-sdk/*'],
    write: false,
    outfile: 'index.js',
    logLevel: 'warning',
    legalComments: 'none',
  });
  const zipPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-slack-notifier-')), 'slack-notifier.zip');
  fs.writeFileSync(zipPath, zipSingleFile('index.js', Buffer.from(result.outputFiles[0].contents)));
  return zipPath;
}
