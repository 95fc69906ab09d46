/**
 * Every name the baseline generates, checked against the rules of the service that owns it, so a
 * prefix that makes a bucket name reserved or a role name too long is reported with the config
 * instead of failing half-way through `terraform apply`. The names come from `names.ts`: a name
 * added there is checked here without further changes.
 */
import { generatedNames, type NameKind } from './names';
import { showValue } from './problem-text';
import type { CrossFieldIssue, OrganizationConfig } from './schema';

interface NameRule {
  /** What the name names, for the message. */
  readonly what: string;
  readonly minLength: number;
  readonly maxLength: number;
  /** Characters and shape the service accepts. */
  readonly pattern: RegExp;
  /** The rules in words, shown with every problem. */
  readonly allowed: string;
  /** Forms the service reserves although the pattern matches them. */
  readonly reserved?: (name: string) => string | undefined;
}

/** Names written like an IPv4 address are refused by S3 and CloudTrail. */
const IP_ADDRESS = /^\d+\.\d+\.\d+\.\d+$/;

const S3_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const S3_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** AWS limits, from each service's API reference (S3: "General purpose bucket naming rules"). */
const NAME_RULES: Readonly<Record<NameKind, NameRule>> = {
  's3-bucket': {
    what: 'S3 bucket name',
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    allowed:
      `3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no two dots in a row, ` +
      `not starting with ${S3_RESERVED_PREFIXES.join(', ')} and not ending with ${S3_RESERVED_SUFFIXES.join(', ')}`,
    reserved: s3BucketNameReservation,
  },
  's3-object-key': {
    what: 'S3 state object key',
    minLength: 1,
    maxLength: 1024,
    pattern: /^\P{Cc}+$/u,
    allowed: '1-1024 characters without control characters',
  },
  'iam-role': {
    what: 'IAM role name',
    minLength: 1,
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: '1-64 letters, digits and + = , . @ _ -',
  },
  'iam-policy': {
    what: 'IAM policy name',
    minLength: 1,
    maxLength: 128,
    pattern: /^[\w+=,.@-]+$/,
    allowed: '1-128 letters, digits and + = , . @ _ -',
  },
  'kms-alias': {
    what: 'KMS alias',
    minLength: 7,
    maxLength: 256,
    pattern: /^alias\/[\w/-]+$/,
    allowed: 'alias/ followed by letters, digits, / _ -, at most 256 characters in all, not starting with alias/aws/',
    reserved: (name) =>
      name.toLowerCase().startsWith('alias/aws/') ? 'the alias/aws/ prefix is reserved for AWS managed keys' : undefined,
  },
  'log-group': {
    what: 'CloudWatch Logs group name',
    minLength: 1,
    maxLength: 512,
    pattern: /^[\w.\-/#]+$/,
    allowed: '1-512 letters, digits and . - _ / #',
  },
  'log-resource-policy': {
    what: 'CloudWatch Logs resource policy name',
    minLength: 1,
    maxLength: 255,
    pattern: /^\P{Cc}+$/u,
    allowed: '1-255 characters without control characters',
  },
  'sns-topic': {
    what: 'SNS topic name',
    minLength: 1,
    maxLength: 256,
    pattern: /^[\w-]+$/,
    allowed: '1-256 letters, digits, hyphens and underscores',
  },
  'sqs-queue': {
    what: 'SQS queue name',
    minLength: 1,
    maxLength: 80,
    pattern: /^[\w-]+$/,
    allowed: '1-80 letters, digits, hyphens and underscores',
  },
  'lambda-function': {
    what: 'Lambda function name',
    minLength: 1,
    maxLength: 64,
    pattern: /^[\w-]+$/,
    allowed: '1-64 letters, digits, hyphens and underscores',
  },
  'cloudtrail-trail': {
    what: 'CloudTrail trail name',
    minLength: 3,
    maxLength: 128,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9]))*$/,
    allowed: '3-128 letters, digits, . _ -, starting and ending with a letter or digit, with no two of . _ - next to each other',
    reserved: (name) => (IP_ADDRESS.test(name) ? 'it is written like an IP address' : undefined),
  },
  'event-rule': {
    what: 'EventBridge rule name',
    minLength: 1,
    maxLength: 64,
    pattern: /^[\w.-]+$/,
    allowed: '1-64 letters, digits and . - _',
  },
  'dynamodb-table': {
    what: 'DynamoDB table name',
    minLength: 3,
    maxLength: 255,
    pattern: /^[\w.-]+$/,
    allowed: '3-255 letters, digits and . - _',
  },
  'event-bus': {
    what: 'EventBridge event bus name',
    minLength: 1,
    maxLength: 256,
    pattern: /^[\w.-]+$/,
    allowed: '1-256 letters, digits and . - _',
  },
  'config-rule': {
    what: 'AWS Config rule name',
    minLength: 1,
    maxLength: 128,
    pattern: /^\P{Cc}*\S\P{Cc}*$/u,
    allowed: '1-128 characters without control characters, not all spaces',
  },
  'metric-alarm': {
    what: 'CloudWatch alarm name',
    minLength: 1,
    maxLength: 255,
    pattern: /^\P{Cc}+$/u,
    allowed: '1-255 characters without control characters',
  },
  'access-analyzer': {
    what: 'IAM Access Analyzer name',
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z][\w.-]*$/,
    allowed: 'a letter followed by letters, digits and . _ -, at most 255 characters',
  },
  'chatbot-configuration': {
    what: 'AWS Chatbot configuration name',
    minLength: 1,
    maxLength: 128,
    pattern: /^[\w-]+$/,
    allowed: '1-128 letters, digits, hyphens and underscores',
  },
  'ssm-document': {
    what: 'SSM document name',
    minLength: 3,
    maxLength: 128,
    pattern: /^[\w.-]+$/,
    allowed: '3-128 letters, digits and _ - ., not starting with aws, amazon or amzn',
    reserved: (name) => (/^(aws|amazon|amzn)/i.test(name) ? 'SSM reserves names starting with aws, amazon and amzn' : undefined),
  },
  'tfc-workspace': {
    what: 'Terraform Cloud workspace name',
    minLength: 1,
    maxLength: 90,
    pattern: /^[\w-]+$/,
    allowed: '1-90 letters, digits, hyphens and underscores',
  },
};

/** Why `name` is not a valid name of its kind, or undefined when it is. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule = NAME_RULES[kind];
  const length = [...name].length;
  if (length > rule.maxLength || length < rule.minLength) return `it would be ${length} characters long`;
  if (!rule.pattern.test(name)) return 'it is not in the allowed form';
  return rule.reserved?.(name);
}

/**
 * One issue per config field and kind of name (the first offending name as the example): a prefix
 * that breaks every bucket name of every account is one problem, not twenty.
 */
export function generatedNameIssues(org: OrganizationConfig): CrossFieldIssue[] {
  const reported = new Set<string>();
  const issues: CrossFieldIssue[] = [];
  org.accounts.forEach((_, accountIndex) => {
    for (const { kind, name, from } of generatedNames(org, accountIndex)) {
      const problem = nameProblem(kind, name);
      const key = `${from.join('.')} ${kind}`;
      if (!problem || reported.has(key)) continue;
      reported.add(key);
      const rule = NAME_RULES[kind];
      issues.push({
        path: from,
        message: `would make the ${rule.what} ${showValue(name)} invalid (${problem}): ${rule.what}s are ${rule.allowed}`,
      });
    }
  });
  return issues;
}

/** What S3 refuses in a name of 3-63 lowercase letters, digits, dots and hyphens. */
export function s3BucketNameReservation(name: string): string | undefined {
  if (name.includes('..')) return 'S3 refuses two dots in a row';
  const prefix = S3_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `S3 reserves names starting with ${prefix}`;
  const suffix = S3_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `S3 reserves names ending with ${suffix}`;
  return IP_ADDRESS.test(name) ? 'it is written like an IP address' : undefined;
}
