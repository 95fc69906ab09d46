/**
 * The notifier's logic, with its outside world (the webhook URLs and HTTP) passed in so tests can
 * run it. `index.ts` wires it to Secrets Manager or SSM and to `fetch`.
 */
import { type AccountNames, type MentionSettings, toNotification, toSlackMessage } from './format';

export interface SnsEvent {
  readonly Records: readonly { readonly Sns: { readonly Message: string } }[];
}

/** A team's own channel for its accounts' notifications (`notifications.slack.notifier.routes`). */
export interface Route {
  /** Reads the team's webhook URL from where the config keeps it. */
  readonly webhookUrl: () => Promise<string>;
  readonly mention: MentionSettings;
}

export interface NotifierDependencies {
  /** Reads the webhook URL from where the config keeps it (never from the environment). */
  readonly webhookUrl: () => Promise<string>;
  readonly post: (url: string, body: string) => Promise<{ status: number; text: () => Promise<string> }>;
  readonly mention: MentionSettings;
  /** Names the affected account in each message. @default ids only */
  readonly accountNames?: AccountNames;
  /** By affected account id: a team channel that also gets the notification. @default none */
  readonly routes?: Readonly<Record<string, Route>>;
  /**
   * Where a team channel's failure is reported (it does not fail the invocation). @default one
   * JSON line on stdout, `{ "outcome": "team-channel-failed", … }`, which an alarm reads
   */
  readonly warn?: (failure: TeamChannelFailure) => void;
}

/** What a failed team-channel post logs. */
export interface TeamChannelFailure {
  readonly outcome: 'team-channel-failed';
  readonly accountId: string;
  readonly detail: string;
}

/** Slack's answers for a webhook that no longer exists (404 no_service, 410 channel archived). */
const WEBHOOK_GONE_STATUSES: readonly number[] = [404, 410];

/** A webhook URL read once and kept, except after a failed read or when Slack says it is gone. */
function cachedWebhook(read: () => Promise<string>) {
  let url: Promise<string> | undefined;
  return {
    get(): Promise<string> {
      // A failed lookup is not kept: the next invocation (Lambda's retry) asks again.
      url ??= read().catch((error: unknown) => {
        url = undefined;
        throw error;
      });
      return url;
    },
    /** The webhook is gone (revoked or rotated): the next message reads the current one. */
    forgetIfGone(status: number): void {
      if (WEBHOOK_GONE_STATUSES.includes(status)) url = undefined;
    },
  };
}

/**
 * Posts every SNS record to Slack, and to the team channel routed for its account; throws when the
 * security channel does not accept one, so Lambda retries it. A team channel is best effort: its
 * failure is reported, and a retry would post to the security channel twice.
 */
export function createHandler(dependencies: NotifierDependencies) {
  const main = cachedWebhook(dependencies.webhookUrl);
  const routes = new Map(
    Object.entries(dependencies.routes ?? {}).map(([account, route]) => [account, { route, webhook: cachedWebhook(route.webhookUrl) }]),
  );
  // Straight to stdout: the console's prefix would defeat the alarm's JSON metric filter.
  const warn = dependencies.warn ?? ((failure: TeamChannelFailure) => process.stdout.write(`${JSON.stringify(failure)}\n`));

  async function send(webhook: ReturnType<typeof cachedWebhook>, message: object): Promise<void> {
    const response = await dependencies.post(await webhook.get(), JSON.stringify(message));
    if (response.status < 200 || response.status >= 300) {
      webhook.forgetIfGone(response.status);
      throw new Error(`Slack answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
  }

  return async (event: SnsEvent): Promise<void> => {
    for (const record of event.Records) {
      const notification = toNotification(record.Sns.Message);
      await send(main, toSlackMessage(notification, dependencies.mention, dependencies.accountNames));
      const routed = routes.get(notification.accountId);
      if (!routed) continue;
      await send(routed.webhook, toSlackMessage(notification, routed.route.mention, dependencies.accountNames)).catch((error: unknown) =>
        warn({
          outcome: 'team-channel-failed',
          accountId: notification.accountId,
          detail: error instanceof Error ? error.message : String(error),
        }),
      );
    }
  };
}
