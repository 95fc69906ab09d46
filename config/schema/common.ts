/** Validators more than one section of the organization file uses. */
import { z } from 'zod';
import { listOf } from '../problem-text';
import { AWS_REGIONS } from '../regions';
import { didYouMean } from '../suggestions';

/** A word that means an allowed value to someone coming from elsewhere, and why. */
export interface Synonym<T extends string> {
  readonly value: T;
  readonly why: string;
}

export interface OneOfOptions<T extends string> {
  /** What the value must be, in words, such as `a commercial AWS region`. @default `one of` */
  readonly what?: string;
  /** Words, in lower case, that mean an allowed value elsewhere: Control Tower's `audit` is the `security` role. @default none */
  readonly synonyms?: Readonly<Record<string, Synonym<T>>>;
}

/**
 * An enum whose error lists what is allowed (a long list cut to the values closest to the one
 * given) and, for a near miss or a known synonym, which value was meant.
 */
export function oneOf<T extends string>(values: readonly [T, ...T[]], options: OneOfOptions<T> = {}) {
  return z.enum(values as [T, ...T[]], {
    errorMap: (issue) => ({
      message: allowedValues(values, issue.code === z.ZodIssueCode.invalid_enum_value ? issue.received : undefined, options),
    }),
  });
}

/** `must be one of: a, b, c; did you mean "b"?` for a value given (`received`), or the list alone. */
export function allowedValues<T extends string>(values: readonly T[], received: unknown, options: OneOfOptions<T> = {}): string {
  const list = `must be ${options.what ?? 'one of'}: ${listOf(values, { near: received })}`;
  if (typeof received !== 'string') return list;
  const synonym = options.synonyms?.[received.toLowerCase()];
  if (synonym) return `${list}; did you mean "${synonym.value}"? (${synonym.why})`;
  return `${list}${didYouMean(received, values)}`;
}

export const region = oneOf(AWS_REGIONS, { what: 'a commercial AWS region' });

/** A range of whole numbers and why it ends where it does: a setting outside it would never take effect. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max: number;
  /** What is counted, such as `minutes`. @default none */
  readonly unit?: string;
  readonly why: string;
}

/** `must be a whole number of minutes from 5 to 1440 (why)`: the one message for every way a number can be out of range. */
export function rangeMessage({ min, max, unit, why }: WholeNumberRange): string {
  return `must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max} (${why})`;
}

/** A whole number in a range; every violation (not a number, a fraction, too small, too large) gets `rangeMessage`. */
export function wholeNumber(range: WholeNumberRange) {
  const message = rangeMessage(range);
  return z.number({ invalid_type_error: message }).int(message).min(range.min, message).max(range.max, message);
}

/** SMTP's limit on an address is 254 characters; SNS sends a confirmation to each. */
export const emailAddress = z
  .string()
  .max(254, 'must be an e-mail address of at most 254 characters')
  .email('must be an e-mail address such as security-alerts@example.com (no display name, no spaces)');

export const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name: 1-64 characters of letters, digits and +=,.@_- (the name, not the ARN)');

/** An object whose keys are exactly the catalog's (all optional), so a misspelt key is an error (the loader lists the keys). */
export function catalogSwitches<K extends string, V extends z.ZodTypeAny>(keys: readonly K[], value: V) {
  return z.object(Object.fromEntries(keys.map((key) => [key, value.optional()])) as Record<K, z.ZodOptional<V>>).strict();
}
