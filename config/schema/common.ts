/** Validators more than one section of the organization file uses. */
import { z } from 'zod';
import { AWS_REGIONS } from '../regions';

/** An enum whose error lists what is allowed. */
export function oneOf<T extends string>(values: readonly [T, ...T[]]) {
  return z.enum(values as [T, ...T[]], { errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }) });
}

export const region = z.enum(AWS_REGIONS, {
  errorMap: () => ({ message: `must be a commercial AWS region: ${AWS_REGIONS.join(', ')}` }),
});

/** SMTP's limit on an address is 254 characters; SNS sends a confirmation to each. */
export const emailAddress = z
  .string()
  .max(254, 'must be an e-mail address of at most 254 characters')
  .email('must be an e-mail address such as security-alerts@example.com (no display name, no spaces)');

export const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name: 1-64 characters of letters, digits and +=,.@_-');

/** An object whose keys are exactly the catalog's (all optional), so a misspelt key is an error. */
export function catalogSwitches<K extends string, V extends z.ZodTypeAny>(keys: readonly K[], value: V) {
  return z
    .object(Object.fromEntries(keys.map((key) => [key, value.optional()])) as Record<K, z.ZodOptional<V>>)
    .strict(`the keys are: ${keys.join(', ')}`);
}
