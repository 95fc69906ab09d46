/**
 * An evaluator for the CloudWatch Logs JSON filter-pattern syntax that metric filters on
 * CloudTrail use: `{ $.field = "value" }`, `!=`, numeric `<`/`<=`/`>`/`>=`, `*` wildcards in
 * string values, `NOT EXISTS`, `IS NULL`, `IS TRUE`/`IS FALSE`, `&&`, `||` and parentheses.
 *
 * It lets tests prove a filter against real-shaped CloudTrail records before AWS ever sees it.
 * Semantics follow CloudWatch Logs: `&&` binds tighter than `||`; a comparison with a field
 * the event does not have is false (for `!=` too); string comparison is case-sensitive.
 */

export type FilterExpression =
  | { readonly kind: 'and' | 'or'; readonly left: FilterExpression; readonly right: FilterExpression }
  | {
      readonly kind: 'compare';
      readonly path: readonly (string | number)[];
      readonly op: ComparisonOperator;
      readonly value: string | number;
      readonly quoted: boolean;
    }
  | {
      readonly kind: 'test';
      readonly path: readonly (string | number)[];
      readonly test: 'NOT EXISTS' | 'IS NULL' | 'IS TRUE' | 'IS FALSE';
    };

type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export class FilterPatternError extends Error {}

/** Parses a JSON filter pattern (`{ … }`). Throws FilterPatternError on anything else. */
export function parseFilterPattern(pattern: string): FilterExpression {
  const tokens = tokenize(pattern);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const expect = (text: string) => {
    const token = next();
    if (token?.text !== text)
      throw new FilterPatternError(`expected "${text}" but found ${token ? `"${token.text}"` : 'the end'} in ${pattern}`);
  };

  /** One precedence level: operands joined by `operator`, left to right. */
  const parseLevel = (operator: '&&' | '||', operand: () => FilterExpression) => (): FilterExpression => {
    let left = operand();
    while (peek()?.text === operator) {
      next();
      left = { kind: operator === '&&' ? 'and' : 'or', left, right: operand() };
    }
    return left;
  };
  // `&&` binds tighter than `||`.
  const parseAnd = parseLevel('&&', () => parsePrimary());
  const parseOr = parseLevel('||', parseAnd);
  const parsePrimary = (): FilterExpression => {
    const token = next();
    if (!token) throw new FilterPatternError(`unexpected end of ${pattern}`);
    if (token.text === '(') {
      const inner = parseOr();
      expect(')');
      return inner;
    }
    if (token.type !== 'selector') throw new FilterPatternError(`expected a $.selector but found "${token.text}" in ${pattern}`);
    const path = parseSelector(token.text, pattern);
    const operator = next();
    if (!operator) throw new FilterPatternError(`selector ${token.text} has no comparison in ${pattern}`);
    if (operator.type === 'keyword') {
      return { kind: 'test', path, test: operator.text as 'NOT EXISTS' | 'IS NULL' | 'IS TRUE' | 'IS FALSE' };
    }
    if (operator.type !== 'operator') throw new FilterPatternError(`expected a comparison after ${token.text} in ${pattern}`);
    const value = next();
    if (!value || (value.type !== 'string' && value.type !== 'word')) {
      throw new FilterPatternError(`comparison ${token.text} ${operator.text} has no value in ${pattern}`);
    }
    const numeric = value.type === 'word' && /^-?\d+(\.\d+)?$/.test(value.text);
    return {
      kind: 'compare',
      path,
      op: operator.text as ComparisonOperator,
      value: numeric ? Number(value.text) : value.text,
      quoted: value.type === 'string',
    };
  };

  expect('{');
  const expression = parseOr();
  expect('}');
  if (position !== tokens.length)
    throw new FilterPatternError(`unexpected "${tokens[position].text}" after the closing brace in ${pattern}`);
  return expression;
}

/** Whether a log event (a parsed CloudTrail record) matches the pattern. */
export function matchesFilterPattern(pattern: string | FilterExpression, event: unknown): boolean {
  const expression = typeof pattern === 'string' ? parseFilterPattern(pattern) : pattern;
  return evaluate(expression, event);
}

function evaluate(expression: FilterExpression, event: unknown): boolean {
  switch (expression.kind) {
    case 'and':
      return evaluate(expression.left, event) && evaluate(expression.right, event);
    case 'or':
      return evaluate(expression.left, event) || evaluate(expression.right, event);
    case 'test': {
      const { found, value } = lookup(event, expression.path);
      if (expression.test === 'NOT EXISTS') return !found;
      if (expression.test === 'IS NULL') return found && value === null;
      return found && value === (expression.test === 'IS TRUE');
    }
    case 'compare': {
      const { found, value } = lookup(event, expression.path);
      if (!found || value === null || typeof value === 'object') return false;
      if (typeof expression.value === 'number') {
        const actual = Number(value);
        if (Number.isNaN(actual)) return false;
        return compareNumbers(actual, expression.op, expression.value);
      }
      const matches = globMatches(expression.value, String(value));
      if (expression.op === '=') return matches;
      if (expression.op === '!=') return !matches;
      throw new FilterPatternError(`operator ${expression.op} needs a number, not "${expression.value}"`);
    }
  }
}

function compareNumbers(actual: number, op: ComparisonOperator, expected: number): boolean {
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

/** `*` matches any run of characters; everything else matches itself. */
function globMatches(glob: string, text: string): boolean {
  const regex = new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return regex.test(text);
}

function lookup(event: unknown, path: readonly (string | number)[]): { found: boolean; value: unknown } {
  let current: unknown = event;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !(segment in (current as object))) return { found: false, value: undefined };
    current = (current as Record<string | number, unknown>)[segment];
  }
  return { found: true, value: current };
}

function parseSelector(selector: string, pattern: string): (string | number)[] {
  const body = selector.slice(2);
  const path: (string | number)[] = [];
  for (const part of body.split('.')) {
    const match = /^([\w-]+)((\[\d+\])*)$/.exec(part);
    if (!match) throw new FilterPatternError(`bad selector ${selector} in ${pattern}`);
    path.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

interface Token {
  readonly type: 'punct' | 'selector' | 'operator' | 'keyword' | 'string' | 'word';
  readonly text: string;
}

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const rules: [Token['type'], RegExp][] = [
    ['keyword', /^(NOT EXISTS|IS NULL|IS TRUE|IS FALSE)\b/],
    ['punct', /^(\|\||&&|[{}()])/],
    ['selector', /^\$\.[\w.[\]-]+/],
    ['operator', /^(!=|<=|>=|=|<|>)/],
    ['string', /^"((?:[^"\\]|\\.)*)"/],
    ['word', /^[^\s(){}"=!<>&|]+/],
  ];
  let rest = pattern.trim();
  while (rest.length > 0) {
    const rule = rules.find(([, regex]) => regex.test(rest));
    if (!rule) throw new FilterPatternError(`cannot read "${rest.slice(0, 20)}" in ${pattern}`);
    const match = rule[1].exec(rest)!;
    tokens.push({ type: rule[0], text: rule[0] === 'string' ? match[1].replace(/\\(.)/g, '$1') : match[0] });
    rest = rest.slice(match[0].length).trimStart();
  }
  return tokens;
}
