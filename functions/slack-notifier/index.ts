/**
 * Lambda entry point (Node.js 22, `FUNCTION_NODE_MAJOR`). The AWS SDK v3 clients come with the
 * Lambda runtime, so the bundle leaves them out. Webhook URLs are read at run time from Secrets
 * Manager or an SSM SecureString, never stored in the function's configuration or Terraform state:
 * the security channel's from WEBHOOK_SECRET_ARN or WEBHOOK_PARAMETER_NAME, the team channels'
 * from where their routes say. The account names and the routes are built into the bundle at
 * synth (esbuild `define` of ACCOUNT_NAMES and NOTIFIER_ROUTES, from the organization file): an
 * environment variable holds only 4 KB, too little for a large organization.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type AccountNames, SEVERITY_LABELS, type SeverityLabel } from './format';
import { createHandler, type Route } from './handler';

/** Where a webhook URL is kept: a secret, or an SSM SecureString. */
export interface WebhookLocation {
  readonly secretArn?: string;
  readonly parameterName?: string;
}

/** A team channel, by affected account id, as built into the bundle. */
export type RouteSettings = Readonly<
  Record<string, WebhookLocation & { readonly mentionUserGroupId?: string; readonly mentionAtOrAbove: SeverityLabel }>
>;

async function readWebhook({ secretArn, parameterName }: WebhookLocation): Promise<string> {
  if (secretArn) {
    const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!secret.SecretString) throw new Error(`secret ${secretArn} has no string value`);
    return secret.SecretString.trim();
  }
  if (parameterName) {
    const parameter = await new SSMClient({}).send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    if (!parameter.Parameter?.Value) throw new Error(`parameter ${parameterName} has no value`);
    return parameter.Parameter.Value.trim();
  }
  throw new Error('neither a secret nor a parameter is named for the webhook');
}

const atOrAbove = process.env.MENTION_AT_OR_ABOVE as SeverityLabel;

declare const ACCOUNT_NAMES: AccountNames | undefined;
declare const NOTIFIER_ROUTES: RouteSettings | undefined;

const routes: Record<string, Route> = Object.fromEntries(
  Object.entries(typeof NOTIFIER_ROUTES === 'undefined' ? {} : NOTIFIER_ROUTES).map(([accountId, route]) => [
    accountId,
    { webhookUrl: () => readWebhook(route), mention: { userGroupId: route.mentionUserGroupId, atOrAbove: route.mentionAtOrAbove } },
  ]),
);

export const handler = createHandler({
  webhookUrl: () => readWebhook({ secretArn: process.env.WEBHOOK_SECRET_ARN, parameterName: process.env.WEBHOOK_PARAMETER_NAME }),
  post: (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
  mention: {
    userGroupId: process.env.MENTION_USER_GROUP_ID || undefined,
    atOrAbove: SEVERITY_LABELS.includes(atOrAbove) ? atOrAbove : 'MEDIUM',
  },
  accountNames: typeof ACCOUNT_NAMES === 'undefined' ? {} : ACCOUNT_NAMES,
  routes,
});
