/**
 * Rules for the organization's `tags`, which go on every resource next to the baseline's own.
 * They are AWS's common tag rules as IAM applies them (the strictest, and every stack has roles).
 */
import type { InputIssue } from './input-safety';

/** Tags the baseline sets on every resource itself (the providers' `default_tags`). */
export const BASELINE_TAG_KEYS = ['ManagedBy', 'BaselinePrefix', 'Account'] as const;

/** The values of the baseline's own tags for one account stack. */
export function baselineTags(namePrefix: string, accountName: string): Record<(typeof BASELINE_TAG_KEYS)[number], string> {
  return { ManagedBy: 'security-baseline', BaselinePrefix: namePrefix, Account: accountName };
}

/** Tags AWS accepts on one resource. */
export const MAX_RESOURCE_TAGS = 50;

/** Tags an organization may add: the baseline's own count against AWS's limit. */
export const MAX_CONFIG_TAGS = MAX_RESOURCE_TAGS - BASELINE_TAG_KEYS.length;

const TAG_CHARACTERS = 'Unicode letters, digits, spaces and _ . : / = + - @';
const TAG_TEXT = /^[\p{L}\p{Zs}\p{N}_.:/=+\-@]*$/u;

/** Everything wrong with the tags, each at the path of its key within `tags`. */
export function tagIssues(tags: Readonly<Record<string, unknown>>): InputIssue[] {
  const keys = Object.keys(tags);
  const issues: InputIssue[] = [];
  if (keys.length > MAX_CONFIG_TAGS) {
    issues.push({
      path: [],
      message:
        `has ${keys.length} tags; at most ${MAX_CONFIG_TAGS} are allowed: AWS accepts ${MAX_RESOURCE_TAGS} per resource ` +
        `and the baseline adds ${BASELINE_TAG_KEYS.join(', ')} itself`,
    });
  }
  /** Lower-cased key → the key as first written. */
  const seen = new Map<string, string>();
  for (const key of keys) {
    const keyProblem = tagKeyProblem(key, seen.get(key.toLowerCase()));
    if (keyProblem) issues.push({ path: [key], value: key, message: keyProblem });
    if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
    const value = tags[key];
    if (typeof value === 'string' && !isTagText(value, 0, 256)) {
      issues.push({ path: [key], value, message: `is not a valid tag value: tag values are at most 256 ${TAG_CHARACTERS}` });
    }
  }
  return issues;
}

function tagKeyProblem(key: string, earlierSpelling: string | undefined): string | undefined {
  if (!isTagText(key, 1, 128)) return `is not a valid tag key: tag keys are 1-128 ${TAG_CHARACTERS}`;
  if (/^aws:/i.test(key)) return 'is a reserved tag key: AWS keeps keys starting with "aws:" (in any case) for its own tags';
  if (BASELINE_TAG_KEYS.some((own) => own.toLowerCase() === key.toLowerCase())) {
    return `is a tag key the baseline sets itself (${BASELINE_TAG_KEYS.join(', ')}); choose another key`;
  }
  if (earlierSpelling !== undefined) {
    return `differs from the tag key ${JSON.stringify(earlierSpelling)} only in case, and IAM treats such keys as the same; keep one`;
  }
  return undefined;
}

/** Length in characters (code points), as AWS counts it. */
function isTagText(text: string, minLength: number, maxLength: number): boolean {
  const length = [...text].length;
  return length >= minLength && length <= maxLength && TAG_TEXT.test(text);
}
