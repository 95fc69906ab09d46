/** How the place and the value of a problem in the organization file are written in messages. */
import { distance } from 'fastest-levenshtein';
import { redactSecrets, redactValue } from './secrets';

/** Keys shown as `.key`; anything else (spaces, quotes, control characters…) is shown quoted, as `["key"]`. */
const PLAIN_KEY = /^[\w.:/@+=-]{1,64}$/;

/** Longest value or key shown in full; longer ones are cut, so one huge string cannot flood the report. */
const MAX_SHOWN_LENGTH = 100;

/**
 * Characters JSON.stringify leaves as they are but a terminal would act on or hide: DEL and C1
 * controls, line and paragraph separators, bidirectional marks and overrides.
 */
const INVISIBLE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** `['accounts', 2, 'id']` → `accounts[2].id`; `['tags', 'a b']` → `tags["a b"]`; a key that holds a secret is shown redacted. */
export function formatPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '(root)';
  return segments.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    if (!PLAIN_KEY.test(segment) || redactSecrets(segment) !== segment) return `${text}[${showValue(segment)}]`;
    return text ? `${text}.${segment}` : segment;
  }, '');
}

/** A value as JSON with every secret redacted and every control character escaped, cut short when long. */
export function showValue(value: unknown): string {
  const json = (JSON.stringify(redactValue(value)) ?? String(value)).replace(
    INVISIBLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return json.length > MAX_SHOWN_LENGTH ? `${json.slice(0, MAX_SHOWN_LENGTH)}… (${json.length} characters)` : json;
}

/**
 * A value for a problem message: a list or an object is described, not echoed, so the point of the
 * message is not buried (`[5 accounts]`, `{…}`); anything else as `showValue` writes it. The field
 * names what a list holds: `accounts` → `[5 accounts]`, `disabledControls` → `[2 controls]`.
 */
export function describeValue(value: unknown, field: string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plural = /([a-z]+s)$/.exec(
      field
        .replace(/^.*[.\]]/, '')
        .replace(/^.*(?=[A-Z])/, '')
        .toLowerCase(),
    )?.[1];
    const noun = value.length === 1 ? (plural?.slice(0, -1) ?? 'item') : (plural ?? 'items');
    return `[${value.length} ${noun}]`;
  }
  if (typeof value === 'object' && value !== null) return Object.keys(value).length === 0 ? '{}' : '{…}';
  return showValue(value);
}

/** How many entries `listOf` shows by default. */
const LISTED = 10;

/**
 * Values for a message: all of them when there are at most `limit`; else the first `limit` and how
 * many more. A list that must be cut is cut by closeness to `near` (the value that was given), so
 * the entry a user meant is never among the hidden ones: closest first (edit distance for text,
 * difference for numbers), ties in the given order.
 */
export function listOf(values: readonly unknown[], options: { near?: unknown; limit?: number } = {}): string {
  const limit = options.limit ?? LISTED;
  if (values.length <= limit) return values.map(String).join(', ');
  const { near } = options;
  const ordered =
    near === undefined
      ? values
      : values
          .map((value, index) => ({ value, index, away: closeness(value, near) }))
          .sort((a, b) => a.away - b.away || a.index - b.index)
          .map(({ value }) => value);
  return `${ordered.slice(0, limit).map(String).join(', ')} and ${values.length - limit} more`;
}

function closeness(value: unknown, near: unknown): number {
  if (typeof value === 'number' && typeof near === 'number') return Math.abs(value - near);
  return distance(String(value).toLowerCase(), String(near).toLowerCase());
}
