/**
 * Lambda entry point (Node.js 22, `FUNCTION_NODE_MAJOR`). The AWS SDK v3 clients come with the Lambda runtime, so the
 * bundle leaves them out. The webhook URL is read at run time from Secrets Manager
 * (WEBHOOK_SECRET_ARN) or an SSM SecureString (WEBHOOK_PARAMETER_NAME), never stored in the
 * function's configuration or Terraform state. The account names are built into the bundle at synth
 * (esbuild `define` of ACCOUNT_NAMES, from the organization file): an environment variable holds
 * only 4 KB, too little for a large organization.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type AccountNames, SEVERITY_LABELS, type SeverityLabel } from './format';
import { createHandler } from './handler';

async function webhookUrl(): Promise<string> {
  const secretArn = process.env.WEBHOOK_SECRET_ARN;
  if (secretArn) {
    const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!secret.SecretString) throw new Error(`secret ${secretArn} has no string value`);
    return secret.SecretString.trim();
  }
  const parameterName = process.env.WEBHOOK_PARAMETER_NAME;
  if (parameterName) {
    const parameter = await new SSMClient({}).send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    if (!parameter.Parameter?.Value) throw new Error(`parameter ${parameterName} has no value`);
    return parameter.Parameter.Value.trim();
  }
  throw new Error('neither WEBHOOK_SECRET_ARN nor WEBHOOK_PARAMETER_NAME is set');
}

const atOrAbove = process.env.MENTION_AT_OR_ABOVE as SeverityLabel;

declare const ACCOUNT_NAMES: AccountNames | undefined;

export const handler = createHandler({
  webhookUrl,
  post: (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
  mention: {
    userGroupId: process.env.MENTION_USER_GROUP_ID || undefined,
    atOrAbove: SEVERITY_LABELS.includes(atOrAbove) ? atOrAbove : 'MEDIUM',
  },
  accountNames: typeof ACCOUNT_NAMES === 'undefined' ? {} : ACCOUNT_NAMES,
});
