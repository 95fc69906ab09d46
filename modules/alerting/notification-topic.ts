import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { arn, PARTITION } from '../core/arn';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { policyJson, type PolicyStatement } from '../core/policy-document';

export interface NotificationTopicProps {
  readonly accountId: string;
  /** Region the topic is created in (the provider's). */
  readonly region: string;
  readonly topicName: string;
  /** Alias of the topic's own customer-managed key, including `alias/`. */
  readonly keyAlias: string;
  /** Each gets an e-mail subscription (confirmed by the recipient). */
  readonly emails: readonly string[];
  /**
   * Other accounts of the organization whose CloudWatch alarms publish here (the security
   * account's central topic): their alarms may publish, and their Security Hub may list the
   * subscriptions, as CloudWatch.1-14 require of an alarm's topic in another account.
   * @default only this account's alarms and rules publish
   */
  readonly organizationSenders?: { readonly organizationId: string; readonly accountIds: readonly string[] };
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The AWS services that publish to the topic, each only for this account (topic policy:
 * aws:SourceAccount and aws:SourceArn). Their key grants are scoped instead by the encryption
 * context SNS itself puts on every KMS request for the topic (`aws:sns:topicArn`): AWS documents
 * these grants without source conditions, and the services' KMS requests through SNS are not
 * documented to carry aws:SourceAccount/aws:SourceArn; a condition on an absent key would drop
 * every notification silently (visible only in alarm history or FailedInvocations).
 */
const PUBLISHERS = [
  {
    service: 'cloudwatch.amazonaws.com',
    sid: 'CloudWatchAlarms',
    sourceArn: (region: string, account: string) => `arn:${PARTITION}:cloudwatch:${region}:${account}:alarm:*`,
  },
  {
    service: 'events.amazonaws.com',
    sid: 'EventBridgeRules',
    sourceArn: (region: string, account: string) => `arn:${PARTITION}:events:${region}:${account}:rule/*`,
  },
] as const;

/**
 * The SNS topic that security notifications go to: encrypted with its own customer-managed key,
 * publishable only by CloudWatch alarms and EventBridge rules of this account (the account's own
 * principals may manage and subscribe, not publish) and, as the security account's central topic,
 * by the alarms of `organizationSenders`; TLS only, with e-mail subscriptions.
 */
export class NotificationTopic extends Construct {
  readonly topic: SnsTopic;
  /** Known from the name, so alarms and rules can name the topic before it exists. */
  readonly topicArn: string;
  readonly key: CustomerManagedKey;

  /** The ARN of the topic named `topicName` in that account and region (another account's too). */
  static arnFor(region: string, accountId: string, topicName: string): string {
    return `arn:${PARTITION}:sns:${region}:${accountId}:${topicName}`;
  }

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const { provider, accountId, region } = props;
    this.topicArn = NotificationTopic.arnFor(region, accountId, props.topicName);

    this.key = new CustomerManagedKey(this, 'key', {
      provider,
      accountId,
      alias: props.keyAlias,
      description: 'Encrypts the security-baseline notification topic',
      policyStatements: PUBLISHERS.map(({ service, sid }) => ({
        Sid: `Allow${sid}ToUseKeyForTopic`,
        Effect: 'Allow',
        Principal: { Service: service },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': this.topicArn } },
      })),
    });

    this.topic = new SnsTopic(this, 'topic', {
      provider,
      name: props.topicName,
      kmsMasterKeyId: this.key.keyArn,
    });
    new SnsTopicPolicy(this, 'policy', {
      provider,
      arn: this.topic.arn,
      policy: policyJson([
        ...topicPolicyStatements(this.topicArn, accountId, region),
        ...(props.organizationSenders ? organizationSenderStatements(this.topicArn, region, props.organizationSenders) : []),
      ]),
    });
    props.emails.forEach((email, index) => {
      new SnsTopicSubscription(this, `email-${index}`, {
        provider,
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: email,
      });
    });
  }
}

/** Security Hub's service-linked role, in any account: what evaluates CloudWatch.1-14 there. */
const SECURITY_HUB_ROLE_ARNS = `arn:${PARTITION}:iam::*:role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub`;

function organizationSenderStatements(
  topicArn: string,
  region: string,
  senders: NonNullable<NotificationTopicProps['organizationSenders']>,
): PolicyStatement[] {
  return [
    {
      Sid: 'AllowOrganizationAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': [...senders.accountIds] },
        ArnLike: { 'aws:SourceArn': `arn:${PARTITION}:cloudwatch:${region}:*:alarm:*` },
      },
    },
    {
      Sid: 'AllowOrganizationSecurityHubToListSubscriptions',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sns:ListSubscriptionsByTopic',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': senders.organizationId },
        ArnLike: { 'aws:PrincipalArn': SECURITY_HUB_ROLE_ARNS },
      },
    },
  ];
}

function topicPolicyStatements(topicArn: string, accountId: string, region: string): PolicyStatement[] {
  return [
    {
      Sid: 'AllowAccountToManageTopic',
      Effect: 'Allow',
      Principal: { AWS: arn.accountRoot(accountId) },
      Action: [
        'sns:GetTopicAttributes',
        'sns:SetTopicAttributes',
        'sns:AddPermission',
        'sns:RemovePermission',
        'sns:DeleteTopic',
        'sns:Subscribe',
        'sns:ListSubscriptionsByTopic',
      ],
      Resource: topicArn,
    },
    ...PUBLISHERS.map(({ service, sid, sourceArn }): PolicyStatement => ({
      Sid: `Allow${sid}ToPublish`,
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': sourceArn(region, accountId) },
      },
    })),
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ];
}
