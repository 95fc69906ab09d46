/** What counts as a secret in the organization file, and how it is redacted wherever it is shown. */
import { isSecretKey, REDACTED, redactAt, redactSecrets, redactValue, secretRanges } from '../../config/secrets';
import { validateOrganizationConfig } from '../../config/load';
import { exampleOrgInput } from '../helpers/synth';
import { formatPath, showValue } from '../../config/problem-text';

/** Each secret, the part that must stay (it says what the value was) and the part that must go. */
const secrets: readonly { readonly what: string; readonly kept: string; readonly secret: string; readonly after?: string }[] = [
  { what: 'a Slack webhook URL', kept: 'https://hooks.slack.com/services/', secret: 'T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx' },
  { what: 'a Slack webhook URL', kept: 'https://hooks.slack.com/workflows/', secret: 'T0123ABCD/A0456EFGH/123456789/abcdefXYZ' },
  { what: 'a Slack webhook URL', kept: 'https://hooks.slack.com/triggers/', secret: 'T0123ABCD/123456789/abcdefXYZ' },
  { what: 'a Slack webhook URL', kept: 'hooks.slack.com/services/', secret: 'T0123ABCD/B0456EFGH/withoutScheme' },
  {
    what: 'a percent-encoded Slack webhook URL',
    kept: 'https%3A%2F%2Fhooks.slack.com%2Fservices%2F',
    secret: 'T0123ABCD%2FB0456EFGH%2Fabcdefghijklmnopqrstuvwx',
  },
  { what: 'a Terraform Cloud API token', kept: '', secret: 'Xk3mQ9vLp2TzRw.atlasv1.AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjjj' },
  {
    what: 'a Microsoft Teams webhook URL',
    kept: 'https://acme.webhook.office.com/webhookb2/',
    secret: '0f8e9d7c-1111@2222-3333/IncomingWebhook/5f4e3d2c/9a8b7c6d',
  },
  { what: 'a Microsoft Teams webhook URL', kept: 'https://outlook.office.com/webhook/', secret: 'abc@def/IncomingWebhook/123/456' },
  {
    what: 'a Microsoft Teams webhook URL',
    kept: 'https://prod-12.westeurope.logic.azure.com:443/workflows/',
    secret: 'abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sig=signaturePart',
  },
  { what: 'a Discord webhook URL', kept: 'https://discord.com/api/webhooks/', secret: '123456789012345678/tokenPart-abc' },
  { what: 'a Discord webhook URL', kept: 'https://discordapp.com/api/v10/webhooks/', secret: '123/tokenPart' },
  { what: 'an Amazon Chime webhook URL', kept: 'https://hooks.chime.aws/incomingwebhooks/', secret: 'abc-123?token=tokenPart' },
  {
    what: 'a Google Chat webhook URL',
    kept: 'https://chat.googleapis.com/v1/spaces/',
    secret: 'AAAA/messages?key=keyPart&token=tokenPart',
  },
  { what: 'a webhook URL', kept: 'https://chat.example.com/', secret: 'hooks/xoqt1bnm3pf8ux4e7kdn' },
  { what: 'a webhook URL', kept: 'https://hooks.zapier.com/', secret: 'hooks/catch/123/abc' },
  { what: 'a URL with a password', kept: 'https://deploy:', secret: 'hunter22', after: '@git.example.com/acme' },
  { what: 'a Slack token', kept: 'xoxb-', secret: '1234567890-0987654321-abcdefGHIJ' },
  { what: 'a Slack token', kept: 'xapp-', secret: '1-A0123-456-abcdef' },
  { what: 'a GitHub token', kept: 'ghp_', secret: 'abcdefghijklmnopqrstuvwxyz0123456789' },
  { what: 'a GitHub token', kept: 'github_pat_', secret: '11ABCDEFG0123456789_abcdefghijklmnop' },
  { what: 'a bearer token', kept: 'Bearer ', secret: 'abcdefghijklmnop1234' },
  { what: 'a JSON Web Token', kept: 'eyJ', secret: 'hbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.signaturePart' },
  { what: 'an AWS access key id', kept: 'AKIA', secret: 'IOSFODNN7EXAMPLE' },
  { what: 'an AWS access key id', kept: 'ASIA', secret: 'IOSFODNN7EXAMPLE' },
  { what: 'an AWS secret access key', kept: '', secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  { what: 'a private key', kept: '-----BEGIN RSA PRIVATE KEY-----', secret: '\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----' },
  { what: 'a private key', kept: '-----BEGIN OPENSSH PRIVATE KEY-----', secret: '\\nb3BlbnNzaC1rZXk\\n-----END OPENSSH PRIVATE KEY-----' },
];

test.each(secrets)(
  '$what ($kept…) keeps what it was and loses its secret part, alone and within text',
  ({ what, kept, secret, after = '' }) => {
    const value = `${kept}${secret}${after}`;
    expect(redactSecrets(value)).toBe(`${kept}${REDACTED}${after}`);
    expect(redactSecrets(`see ${value} now`)).toBe(`see ${kept}${REDACTED}${after} now`);
    expect(secretRanges(value).map((range) => range.what)).toEqual([what]);
    // Redacting what is redacted changes nothing.
    expect(redactSecrets(redactSecrets(value))).toBe(redactSecrets(value));
  },
);

test.each([
  'arn:aws:secretsmanager:eu-west-1:111111111111:secret:slack-webhook-AbCdEf',
  '/security-baseline/slack-webhook-url',
  'arn:aws:kms:eu-west-1:111111111111:key/0f8e9d7c-1111-2222-3333-444455556666',
  'aws-foundational-security-best-practices/v/1.0.0',
  'cis-aws-foundations-benchmark/v/3.0.0',
  '12abc34d567e8fa901bc2d34e56789f0',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'S0123456789',
  'T0123456789',
  'C0123456789',
  'https://app.terraform.io/app/acme',
  'arn:aws:iam::222222222222:role/TerraformStateAccess',
  'AWS::EC2::NetworkInterface',
  'OrganizationAccountAccessRole',
  'aws-controltower-BaselineConfigRecorder',
  'k'.repeat(1100),
])('%s is not a secret', (value) => {
  expect(secretRanges(value)).toEqual([]);
  expect(redactSecrets(value)).toBe(value);
});

test('every secret in a text is redacted, each once', () => {
  const text = 'a https://hooks.slack.com/services/T0/B0/x1y2z3 b xoxb-1234567890-abcdefghij c AKIAIOSFODNN7EXAMPLE';
  expect(redactSecrets(text)).toBe(`a https://hooks.slack.com/services/${REDACTED} b xoxb-${REDACTED} c AKIA${REDACTED}`);
});

test('a position in a text is carried to the redacted text: after a secret it moves, inside one it goes to the replacement', () => {
  const text = 'x https://hooks.slack.com/services/T0/B0/secretPart y';
  const redacted = `x https://hooks.slack.com/services/${REDACTED} y`;
  expect(redactAt(text, text.indexOf('y'))).toEqual({ text: redacted, position: redacted.indexOf('y') });
  expect(redactAt(text, text.indexOf('secretPart'))).toEqual({ text: redacted, position: 2 });
  expect(redactAt(text, 0)).toEqual({ text: redacted, position: 0 });
});

test('values are redacted at any depth, keys too; a value without secrets is returned as it was', () => {
  const url = 'https://hooks.slack.com/services/T0/B0/secretPart';
  expect(redactValue({ a: [{ webhookUrl: url }], [url]: 1, n: 2 })).toEqual({
    a: [{ webhookUrl: `https://hooks.slack.com/services/${REDACTED}` }],
    [`https://hooks.slack.com/services/${REDACTED}`]: 1,
    n: 2,
  });
  const plain = { a: ['x'], b: true };
  expect(redactValue(plain)).toEqual(plain);
});

test('showValue and formatPath print no secret, even in a long value that is cut, or in a key that would be shown plain', () => {
  const url = `https://hooks.slack.com/services/T0/B0/${'s'.repeat(200)}`;
  expect(showValue(url)).toBe(`"https://hooks.slack.com/services/${REDACTED}"`);
  expect(showValue({ padding: 'p'.repeat(90), url })).not.toContain('sss');
  expect(formatPath(['tags', 'xoxb-1234567890-abcdefghij'])).toBe(`tags["xoxb-${REDACTED}"]`);
});

test('a value under the name of a credential is a secret whatever it looks like, and the file refuses it', () => {
  for (const key of ['token', 'secret_key', 'accessKey', 'password', 'apiKey', 'credentials'])
    expect({ key, secret: isSecretKey(key) }).toEqual({ key, secret: true });
  for (const key of ['webhookSecretArn', 'webhookParameterName', 'kmsKeyId', 'keyPrefix', 'roleArn'])
    expect({ key, secret: isSecretKey(key) }).toEqual({ key, secret: false });
  expect(redactValue({ type: 'cloud', token: 'short-but-secret' })).toEqual({ type: 'cloud', token: REDACTED });
  // A Terraform Cloud token put where Terraform's own cloud block takes it.
  const input = exampleOrgInput();
  input.stateBackend = { type: 'cloud', organization: 'acme', token: 'plain-looking-value' };
  let message = '';
  try {
    validateOrganizationConfig(input);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).toContain('stateBackend.token: "<redacted>" is a credential by its name (token)');
  expect(message).not.toContain('plain-looking-value');
});
