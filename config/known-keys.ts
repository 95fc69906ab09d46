/**
 * The fields a schema allows at a place in the organization file, read from the schema itself, so
 * an unknown key can be answered with "did you mean" from exactly the keys allowed there, and a
 * field added to the schema later is offered without a change here.
 */
import { z } from 'zod';

/** The keys of the object the schema expects at `path` in `raw`; none when that place is not an object of fixed keys. */
export function knownKeysAt(schema: z.ZodTypeAny, path: readonly (string | number)[], raw: unknown): string[] {
  let current: z.ZodTypeAny | undefined = unwrap(schema, raw);
  let value = raw;
  for (const segment of path) {
    value = isRecordOrArray(value) ? (value as Record<string | number, unknown>)[segment] : undefined;
    current = current && childOf(current, segment);
    current = current && unwrap(current, value);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape as object) : [];
}

/** The schema that decides `value`'s shape: defaults, optionals and refinements taken off, a union's option chosen by its discriminator. */
function unwrap(schema: z.ZodTypeAny, value: unknown): z.ZodTypeAny | undefined {
  let current: z.ZodTypeAny | undefined = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodDefault) current = current.removeDefault();
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else if (current instanceof z.ZodDiscriminatedUnion) {
      const discriminator = isRecordOrArray(value) ? (value as Record<string, unknown>)[current.discriminator] : undefined;
      current = current.optionsMap.get(discriminator as z.Primitive);
    } else return current;
  }
}

function childOf(schema: z.ZodTypeAny, segment: string | number): z.ZodTypeAny | undefined {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    return Object.hasOwn(shape, segment) ? shape[segment] : undefined;
  }
  if (schema instanceof z.ZodArray) return schema.element;
  if (schema instanceof z.ZodRecord) return schema.valueSchema;
  return undefined;
}

function isRecordOrArray(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}
