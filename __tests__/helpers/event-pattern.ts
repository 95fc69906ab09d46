/**
 * A matcher for the EventBridge event-pattern features the baseline uses (exact values, `prefix`,
 * `numeric`, nested objects, and arrays in the event matching when any element matches), so
 * tests can prove rules against sample events.
 */
type Pattern = Record<string, unknown>;

export function eventPatternMatches(pattern: Pattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, condition]) => {
    const value = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(condition)) return condition.some((c) => valueMatches(c, value));
    return Array.isArray(value)
      ? value.some((element) => eventPatternMatches(condition as Pattern, element))
      : eventPatternMatches(condition as Pattern, value);
  });
}

function valueMatches(condition: unknown, value: unknown): boolean {
  if (Array.isArray(value)) return value.some((element) => valueMatches(condition, element));
  if (typeof condition === 'object' && condition !== null) {
    const [operator, operand] = Object.entries(condition)[0];
    if (operator === 'prefix') return typeof value === 'string' && value.startsWith(operand as string);
    if (operator === 'numeric') {
      if (typeof value !== 'number') return false;
      const terms = operand as (string | number)[];
      for (let i = 0; i < terms.length; i += 2) {
        const [op, bound] = [terms[i] as string, terms[i + 1] as number];
        const ok = { '>=': value >= bound, '>': value > bound, '<=': value <= bound, '<': value < bound, '=': value === bound }[op];
        if (!ok) return false;
      }
      return true;
    }
    throw new Error(`unsupported pattern operator ${operator}`);
  }
  return condition === value;
}
