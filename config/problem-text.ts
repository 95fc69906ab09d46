/** How the place and the value of a problem in the organization file are written in messages. */

/** Keys shown as `.key`; anything else (spaces, quotes, control characters…) is shown quoted, as `["key"]`. */
const PLAIN_KEY = /^[\w.:/@+=-]{1,64}$/;

/** Longest value or key shown in full; longer ones are cut, so one huge string cannot flood the report. */
const MAX_SHOWN_LENGTH = 100;

/**
 * Characters JSON.stringify leaves as they are but a terminal would act on or hide: DEL and C1
 * controls, line and paragraph separators, bidirectional marks and overrides.
 */
const INVISIBLE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** `['accounts', 2, 'id']` → `accounts[2].id`; `['tags', 'a b']` → `tags["a b"]` */
export function formatPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '(root)';
  return segments.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    if (!PLAIN_KEY.test(segment)) return `${text}[${showValue(segment)}]`;
    return text ? `${text}.${segment}` : segment;
  }, '');
}

/** A value as JSON with every control character escaped, cut short when long. */
export function showValue(value: unknown): string {
  const json = (JSON.stringify(value) ?? String(value)).replace(
    INVISIBLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return json.length > MAX_SHOWN_LENGTH ? `${json.slice(0, MAX_SHOWN_LENGTH)}… (${json.length} characters)` : json;
}
