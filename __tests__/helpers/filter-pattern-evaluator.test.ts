import { FilterPatternError, matchesFilterPattern, parseFilterPattern } from './filter-pattern-evaluator';

const event = {
  eventName: 'ConsoleLogin',
  errorCode: 'Client.UnauthorizedOperation',
  userIdentity: { type: 'IAMUser', sessionContext: null, mfa: true },
  resources: [{ ARN: 'arn:aws:s3:::bucket' }],
  requestParameters: { count: 5 },
};

test.each([
  ['{ $.eventName = "ConsoleLogin" }', true],
  ['{ $.eventName = ConsoleLogin }', true],
  ['{ $.eventName = "consolelogin" }', false],
  ['{ $.eventName != "ConsoleLogin" }', false],
  ['{ $.errorCode = "*UnauthorizedOperation" }', true],
  ['{ $.errorCode = "Client.*" }', true],
  ['{ $.errorCode = "AccessDenied*" }', false],
  ['{ $.missing != "x" }', false],
  ['{ $.missing NOT EXISTS }', true],
  ['{ $.eventName NOT EXISTS }', false],
  ['{ $.userIdentity.sessionContext IS NULL }', true],
  ['{ $.userIdentity.mfa IS TRUE }', true],
  ['{ $.userIdentity.mfa IS FALSE }', false],
  ['{ $.resources[0].ARN = "arn:aws:s3:::*" }', true],
  ['{ $.requestParameters.count > 4 }', true],
  ['{ $.requestParameters.count <= 4 }', false],
  ['{ ($.eventName = "X") || ($.userIdentity.type = "IAMUser") }', true],
  ['{ ($.eventName = "X") && ($.userIdentity.type = "IAMUser") }', false],
  // && binds tighter than ||: false && false || true is true.
  ['{ $.eventName = "X" && $.errorCode = "Y" || $.userIdentity.type = "IAMUser" }', true],
  ['{ $.eventName = "X" && ($.errorCode = "Y" || $.userIdentity.type = "IAMUser") }', false],
])('%s → %s', (pattern, expected) => {
  expect(matchesFilterPattern(pattern, event)).toBe(expected);
});

test.each([
  ['missing braces', '$.eventName = "x"'],
  ['unbalanced parenthesis', '{ ($.eventName = "x" }'],
  ['comparison without value', '{ $.eventName = }'],
  ['text after the pattern', '{ $.eventName = "x" } extra'],
  ['not a selector', '{ eventName = "x" }'],
])('rejects %s', (_, pattern) => {
  expect(() => parseFilterPattern(pattern)).toThrow(FilterPatternError);
});
