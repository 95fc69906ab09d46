/**
 * Secrets a user may paste into the organization file by mistake (a Slack webhook URL where its
 * secret's ARN belongs, a token, an AWS key). Every message about the file shows values through
 * `redactSecrets`, so such a value is never printed back into a terminal or a CI log; and the
 * loader reports each one as a problem of its own (`config/input-safety.ts`, `secretsInInput`).
 */

/** What kind of secret a value looks like; decides the advice. */
export type SecretKind = 'webhook URL' | 'token' | 'AWS access key' | 'private key' | 'URL password';

/** Replaces the secret part of a match; the part before it (scheme and host, a token's prefix) stays, so the message still says what it was. */
export const REDACTED = '<redacted>';

interface SecretPattern {
  readonly kind: SecretKind;
  /** What the value is, in words: "a Slack webhook URL". */
  readonly what: string;
  /**
   * Group 1 is kept (it says what the value was), the rest of the match is the secret. Global,
   * so every occurrence in a text is found.
   */
  readonly pattern: RegExp;
  /** Where the format is documented. */
  readonly source: string;
}

/**
 * A URL's rest: up to whitespace, a quote, a backslash (a JSON escape) or an angle bracket; an
 * earlier `<redacted>` counts as part of it, so redacting twice changes nothing.
 */
const URL_REST = String.raw`(?:[^\s"'\\<>]|<redacted>)+`;
const HTTPS = String.raw`(?:https?://)?`;

/**
 * The formats. Where two overlap, the one listed first wins: the specific webhooks before the generic
 * one, a private key (whose lines may look like other keys) before the tokens and keys.
 */
const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'webhook URL',
    what: 'a Slack webhook URL',
    pattern: new RegExp(String.raw`(${HTTPS}hooks\.slack(?:-gov)?\.com/(?:services|workflows|triggers)/)${URL_REST}`, 'gi'),
    source: 'https://api.slack.com/messaging/webhooks; Workflow Builder webhook triggers',
  },
  {
    // Pasted from a URL-encoded form or a query string: `https%3A%2F%2Fhooks.slack.com%2Fservices%2F…`.
    kind: 'webhook URL',
    what: 'a percent-encoded Slack webhook URL',
    pattern: new RegExp(String.raw`((?:https?%3A%2F%2F)?hooks\.slack(?:-gov)?\.com%2F(?:services|workflows|triggers)%2F)${URL_REST}`, 'gi'),
    source: 'RFC 3986 percent-encoding of a Slack webhook URL',
  },
  {
    kind: 'webhook URL',
    what: 'a Microsoft Teams webhook URL',
    pattern: new RegExp(
      String.raw`(${HTTPS}(?:[\w-]+\.webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/webhook/|[\w.-]+\.logic\.azure\.com(?::443)?/workflows/|[\w.-]+\.api\.powerplatform\.com(?::443)?/powerautomate/))${URL_REST}`,
      'gi',
    ),
    source: 'https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook',
  },
  {
    kind: 'webhook URL',
    what: 'a Discord webhook URL',
    pattern: new RegExp(String.raw`(${HTTPS}(?:ptb\.|canary\.)?discord(?:app)?\.com/api/(?:v\d+/)?webhooks/)${URL_REST}`, 'gi'),
    source: 'https://discord.com/developers/docs/resources/webhook',
  },
  {
    kind: 'webhook URL',
    what: 'an Amazon Chime webhook URL',
    pattern: new RegExp(String.raw`(${HTTPS}hooks\.chime\.aws/incomingwebhooks/)${URL_REST}`, 'gi'),
    source: 'https://docs.aws.amazon.com/chime/latest/ug/webhooks.html',
  },
  {
    kind: 'webhook URL',
    what: 'a Google Chat webhook URL',
    pattern: new RegExp(String.raw`(${HTTPS}chat\.googleapis\.com/v1/spaces/)${URL_REST}`, 'gi'),
    source: 'https://developers.google.com/workspace/chat/quickstart/webhooks',
  },
  {
    // Mattermost, Rocket.Chat, Zapier and the like: a host or path that says "hook".
    kind: 'webhook URL',
    what: 'a webhook URL',
    pattern: new RegExp(String.raw`(https?://(?:[\w-]*hooks?[\w-]*\.[^\s"'\\<>/]+/|[^\s"'\\<>/]+/(?=[^\s"'\\<>]*hook)))${URL_REST}`, 'gi'),
    source: 'incoming webhooks carry their credential in the URL',
  },
  {
    kind: 'private key',
    what: 'a private key',
    pattern: /(-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----)(?:(?!-----END)[^"])*(?:-----END [A-Z0-9 ]*PRIVATE KEY-----)?/g,
    source: 'RFC 7468',
  },
  {
    kind: 'URL password',
    what: 'a URL with a password',
    pattern: new RegExp(String.raw`(https?://[^\s"'\\<>/:@]+:)[^\s"'\\<>/@]+(?=@)`, 'gi'),
    source: 'RFC 3986 userinfo',
  },
  {
    kind: 'token',
    what: 'a Slack token',
    pattern: /\b(xox[a-z]-|xapp-)[A-Za-z0-9-]{10,}/g,
    source: 'https://api.slack.com/authentication/token-types',
  },
  {
    kind: 'token',
    what: 'a GitHub token',
    pattern: /\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/g,
    source: 'https://docs.github.com/authentication/keeping-your-account-and-data-secure/about-authentication-to-github',
  },
  {
    // What `terraform login` stores and a `cloud` block's `token` takes: <14 characters>.atlasv1.<rest>.
    kind: 'token',
    what: 'a Terraform Cloud API token',
    pattern: /(?<![A-Za-z0-9])()[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{20,}/g,
    source: 'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens',
  },
  {
    kind: 'token',
    what: 'a bearer token',
    pattern: /\b(bearer\s+)[A-Za-z0-9._~+/-]{16,}=*/gi,
    source: 'RFC 6750',
  },
  {
    kind: 'token',
    what: 'a JSON Web Token',
    pattern: /\b(eyJ)[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    source: 'RFC 7519',
  },
  {
    kind: 'AWS access key',
    what: 'an AWS access key id',
    pattern: /(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes',
  },
  {
    // 40 characters of base64 with capitals, small letters and digits, standing alone.
    kind: 'AWS access key',
    what: 'an AWS secret access key',
    pattern: /(?<![A-Za-z0-9/+=])()(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  },
];

/** One secret found in a text: the characters from `start` to `end` become `replacement`. */
export interface SecretRange {
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
  readonly kind: SecretKind;
  readonly what: string;
}

/** Every secret in `text`, in order, none overlapping. */
export function secretRanges(text: string): SecretRange[] {
  const found: SecretRange[] = [];
  for (const { kind, what, pattern } of SECRET_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (found.some((range) => start < range.end && range.start < end)) continue;
      found.push({ start, end, replacement: `${match[1]}${REDACTED}`, kind, what });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** `text` with the secret part of every secret replaced by `<redacted>`. */
export function redactSecrets(text: string): string {
  return redactAt(text, 0).text;
}

/**
 * `text` redacted, and where the character at `position` ended up (the start of a replacement
 * when it was inside a secret): for a snippet cut around a place in the text.
 */
export function redactAt(text: string, position: number): { text: string; position: number } {
  let redacted = '';
  let from = 0;
  let mapped = position;
  for (const range of secretRanges(text)) {
    redacted += text.slice(from, range.start);
    if (position >= range.start && position < range.end) mapped = redacted.length;
    else if (position >= range.end) mapped += range.replacement.length - (range.end - range.start);
    redacted += range.replacement;
    from = range.end;
  }
  return { text: redacted + text.slice(from), position: mapped };
}

/**
 * Keys whose value is a secret whatever it looks like (Terraform's `cloud` block takes a `token`,
 * a provider an `access_key`/`secret_key`): the organization file has no such field, so a value
 * there was pasted by mistake. Names such as `webhookSecretArn` (an ARN, not a secret) do not match.
 */
const SECRET_KEY =
  /^(token|api[-_]?token|access[-_]?token|secret|client[-_]?secret|password|passphrase|api[-_]?key|secret[-_]?(access[-_]?)?key|access[-_]?key|private[-_]?key|credentials?)$/i;

/** Whether a field of this name holds a secret by its name alone (see SECRET_KEY). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A JSON value with every secret redacted, in keys and in strings at any depth, and whole under a secret's key; the same value when it holds none. */
export function redactValue(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    const redacted = redactSecrets(value);
    // A recognised secret keeps what it was (`xoxb-<redacted>`); anything else under a credential's name goes whole.
    return redacted === value && key !== undefined && isSecretKey(key) ? REDACTED : redacted;
  }
  if (key !== undefined && isSecretKey(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((child) => redactValue(child));
  return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [redactSecrets(childKey), redactValue(child, childKey)]));
}
