/**
 * Where the Slack notifier can read its webhook secrets. The notifier
 * (`functions/slack-notifier/index.ts`) runs in the home region, and its Secrets Manager and SSM
 * clients use the function's own region: Secrets Manager finds a secret only in the region it is
 * asked in, whatever region its ARN names. It runs in the security account in organization mode and
 * in every account in standalone mode (`stacks/baseline-shape.ts`). A secret in another account is
 * readable only with a resource policy on the secret and a customer-managed key, which the
 * notifier may use only when `webhookKmsKeyArn` names it (`modules/alerting/slack-notifications.ts`);
 * the AWS-managed key cannot be used from another account.
 */
import { type CrossFieldIssue, isRecord, listAt, someOf } from './cross-checks';

const SECRET_ARN = /^arn:aws:secretsmanager:([a-z0-9-]+):(\d{12}):secret:/;
const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:key\//;

/** One place that names a webhook (the security channel's, or a team channel's) and the accounts whose notifier reads it. */
interface WebhookPlace {
  readonly path: readonly (string | number)[];
  readonly settings: Record<string, unknown>;
  readonly readers: readonly Record<string, unknown>[];
}

/** A secret in a region or an account the notifier cannot read it from; a key in another region than what it protects. */
export function webhookLocationIssues(org: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const notifications = isRecord(org.notifications) ? org.notifications : {};
  const slack = isRecord(notifications.slack) ? notifications.slack : {};
  const notifier = slack.notifier;
  const mode = org.mode ?? 'standalone';
  if (!isRecord(notifier) || (mode !== 'standalone' && mode !== 'organization') || typeof org.homeRegion !== 'string') return [];
  const organizationMode = mode === 'organization';
  const security = accounts.filter((a) => a.role === 'security');
  const notifierPath = ['notifications', 'slack', 'notifier'];
  const places: WebhookPlace[] = [
    { path: notifierPath, settings: notifier, readers: organizationMode ? security : accounts },
    ...listAt(notifier, 'routes').flatMap((route, index) =>
      isRecord(route)
        ? [
            {
              path: [...notifierPath, 'routes', index],
              settings: route,
              // Standalone: an account's own notifier sends its notifications to the team channel.
              readers: organizationMode ? security : accounts.filter((a) => listAt(route, 'accounts').includes(a.name)),
            },
          ]
        : [],
    ),
  ];
  return places.flatMap((place) => placeIssues(place, org.homeRegion as string, organizationMode));
}

function placeIssues({ path, settings, readers }: WebhookPlace, homeRegion: string, organizationMode: boolean): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const secret = typeof settings.webhookSecretArn === 'string' ? SECRET_ARN.exec(settings.webhookSecretArn) : null;
  const key = typeof settings.webhookKmsKeyArn === 'string' ? KMS_KEY_ARN.exec(settings.webhookKmsKeyArn) : null;
  const where = organizationMode ? 'the security account' : 'every account';
  if (secret && secret[1] !== homeRegion) {
    issues.push({
      path: [...path, 'webhookSecretArn'],
      message:
        `is in ${secret[1]}, but the notifier runs in ${where} in the home region ${homeRegion} and asks Secrets Manager there, ` +
        `which finds a secret only in its own region: create the secret (or a replica of it) in ${homeRegion} and give that ARN`,
    });
  }
  const otherAccounts = readers.filter((reader) => typeof reader.id === 'string' && reader.id !== secret?.[2]);
  if (secret && !key && otherAccounts.length > 0) {
    const readersText = organizationMode
      ? `the notifier runs in the security account ${String(otherAccounts[0].id)}`
      : `in standalone mode every account runs its own notifier, and ${otherAccounts.length} of them ${otherAccounts.length === 1 ? 'is' : 'are'} in other accounts (${someOf(otherAccounts.map((a) => a.name))})`;
    issues.push({
      path: [...path, 'webhookSecretArn'],
      message:
        `is in account ${secret[2]}, but ${readersText}: a secret is read from another account only with a resource policy on it and a ` +
        `customer-managed key named in webhookKmsKeyArn (the AWS-managed key cannot be used across accounts); ` +
        (organizationMode
          ? 'create the secret in the security account, or add both'
          : 'use webhookParameterName (an SSM SecureString of that name in each account), or add both'),
    });
  }
  const storeRegion = secret ? secret[1] : homeRegion;
  if (key && key[1] !== storeRegion && (secret || typeof settings.webhookParameterName === 'string')) {
    issues.push({
      path: [...path, 'webhookKmsKeyArn'],
      message: `is in ${key[1]}, but the ${secret ? 'secret' : 'parameter'} is in ${storeRegion}, and KMS keys are regional: give the key in ${storeRegion} that encrypts it`,
    });
  }
  return issues;
}
