/**
 * The notifier's logic, with its outside world (the webhook URL and HTTP) passed in so tests can
 * run it. `index.ts` wires it to Secrets Manager or SSM and to `fetch`.
 */
import { type AccountNames, type MentionSettings, toNotification, toSlackMessage } from './format';

export interface SnsEvent {
  readonly Records: readonly { readonly Sns: { readonly Message: string } }[];
}

export interface NotifierDependencies {
  /** Reads the webhook URL from where the config keeps it (never from the environment). */
  readonly webhookUrl: () => Promise<string>;
  readonly post: (url: string, body: string) => Promise<{ status: number; text: () => Promise<string> }>;
  readonly mention: MentionSettings;
  /** Names the affected account in each message. @default ids only */
  readonly accountNames?: AccountNames;
}

/** Slack's answers for a webhook that no longer exists (404 no_service, 410 channel archived). */
const WEBHOOK_GONE_STATUSES: readonly number[] = [404, 410];

/** Posts every SNS record to Slack; throws when Slack does not accept one, so Lambda retries it. */
export function createHandler(dependencies: NotifierDependencies) {
  let url: Promise<string> | undefined;
  return async (event: SnsEvent): Promise<void> => {
    // A failed lookup is not kept: the next invocation (Lambda's retry) asks again.
    url ??= dependencies.webhookUrl().catch((error: unknown) => {
      url = undefined;
      throw error;
    });
    for (const record of event.Records) {
      const message = toSlackMessage(toNotification(record.Sns.Message), dependencies.mention, dependencies.accountNames);
      const response = await dependencies.post(await url, JSON.stringify(message));
      if (response.status < 200 || response.status >= 300) {
        // The webhook is gone (revoked or rotated): the retry reads the current one.
        if (WEBHOOK_GONE_STATUSES.includes(response.status)) url = undefined;
        throw new Error(`Slack answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      }
    }
  };
}
