/**
 * "Did you mean …?" for a misspelt flag, field or value: the closest of the allowed words, when it
 * is near enough to be a typo rather than a different word.
 */
import { distance } from 'fastest-levenshtein';

/**
 * Edits a word may be away from an allowed one and still count as its typo: one for short words
 * (so `id` is not taken for `ou`), two from five characters (`homeRegoin`, `--acount`).
 */
function maxEditsFor(word: string): number {
  return word.length < 5 ? 1 : 2;
}

/** The allowed word `value` most likely misspells (ignoring case), or undefined when none is near. */
export function closestMatch(value: string, allowed: readonly string[]): string | undefined {
  const wanted = value.toLowerCase();
  let best: { word: string; edits: number } | undefined;
  for (const word of allowed) {
    const edits = distance(wanted, word.toLowerCase());
    if (edits <= maxEditsFor(word) && (!best || edits < best.edits)) best = { word, edits };
  }
  return best?.word;
}

/** `; did you mean "x"?` for a near miss, else the empty string: ready to append to a message. */
export function didYouMean(value: string, allowed: readonly string[], quote = '"'): string {
  const match = closestMatch(value, allowed);
  return match === undefined ? '' : `; did you mean ${quote}${match}${quote}?`;
}
