/** `notifications`: the e-mail subscribers and Slack (Chatbot, the baseline's notifier). */
import { z } from 'zod';
import { SEVERITY_LABELS } from '../../functions/slack-notifier/format';
import { CHATBOT_REGIONS } from '../regions';
import { emailAddress, oneOf } from './common';

/** Where a webhook URL is kept, and whom a message mentions: the security channel's and each team channel's. */
const webhookAndMention = z.object({
  webhookSecretArn: z
    .string()
    .regex(/^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'must be a Secrets Manager secret ARN')
    .optional(),
  webhookParameterName: z
    .string()
    .regex(/^\/?[\w.\-/]{1,1011}$/, 'must be an SSM parameter name such as /security/slack-webhook')
    .optional(),
  /** Customer-managed key protecting the secret or parameter, if not the AWS-managed one. */
  webhookKmsKeyArn: z
    .string()
    .regex(
      /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
      'must be a KMS key ARN such as arn:aws:kms:eu-west-1:111111111111:key/<uuid>',
    )
    .optional(),
  mentionUserGroupId: z
    .string()
    .regex(/^S[A-Z0-9]{8,12}$/, 'must be a Slack user group id, not its handle: S and 8-12 capital letters or digits, such as S0123456789')
    .optional(),
  mentionAtOrAbove: oneOf(SEVERITY_LABELS).default('MEDIUM'),
});
const exactlyOneWebhook = (w: { webhookSecretArn?: string; webhookParameterName?: string }) =>
  (w.webhookSecretArn === undefined) !== (w.webhookParameterName === undefined);
const WEBHOOK_MESSAGE = 'must name exactly one of webhookSecretArn and webhookParameterName (where the webhook URL is kept)';

const slackSchema = z
  .object({
    /** AWS Chatbot posts the topic to a channel. */
    chatbot: z
      .object({
        workspaceId: z
          .string()
          .regex(/^T[A-Z0-9]{8,12}$/, 'must be a Slack workspace (team) id: T and 8-12 capital letters or digits, such as T0123456789'),
        channelId: z
          .string()
          .regex(
            /^[CG][A-Z0-9]{8,12}$/,
            'must be a Slack channel id, not its name: C (G for an older private channel) and 8-12 capital letters or digits, such as C0123456789',
          ),
        /** Chatbot's API exists only in a few regions. @default the home region if it is one of them, else us-west-2 */
        region: oneOf(CHATBOT_REGIONS).optional(),
      })
      .strict()
      .optional(),
    /** The baseline's notifier function posts to an incoming webhook, with account, severity and mentions. */
    notifier: webhookAndMention
      .extend({
        /**
         * Team channels: each also gets the notifications of the accounts it names (the security
         * channel still gets everything), with its own webhook and mention. @default none
         */
        routes: z
          .array(
            webhookAndMention
              .extend({ accounts: z.array(z.string()).min(1, 'must name at least one account from accounts') })
              .strict()
              .refine(exactlyOneWebhook, { message: WEBHOOK_MESSAGE }),
          )
          .optional(),
      })
      .strict()
      .refine(exactlyOneWebhook, { message: WEBHOOK_MESSAGE })
      .optional(),
  })
  .strict();

export const notificationsSchema = z
  .object({
    emails: z.array(emailAddress).min(1, 'must list at least one e-mail address: alarms need a subscriber'),
    slack: slackSchema.optional(),
  })
  .strict();
