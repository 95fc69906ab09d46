/**
 * Checks on the organization file that do not depend on its schema: what the bytes are, whether
 * the JSON repeats a key, how deep it nests, and whether any string could change the Terraform it
 * ends up in, or is a secret. They look at the raw input, so fields added to the schema later are covered as they
 * are written, without a change here.
 */
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { isSecretKey, redactAt, redactSecrets, type SecretRange, secretRanges } from './secrets';

/**
 * The largest organization file accepted, checked before parsing. 1,000 accounts take about
 * 210 KiB; 1,000 accounts that each adopt every existing singleton in all 17 default-enabled
 * regions about 3.2 MiB (4 MiB indented by four spaces; a test measures it). Twice the latter leaves
 * room to grow while a data dump or a wrong file is refused.
 */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

/** Deepest nesting of objects and arrays accepted; no field of the schema is more than 5 levels down today. */
export const MAX_NESTING_DEPTH = 16;

/** A problem found in the raw input, at a path into it. */
export interface InputIssue {
  readonly path: readonly (string | number)[];
  /** The value to show; undefined shows none. */
  readonly value?: unknown;
  readonly message: string;
}

/** What a UTF-8 JSON text is not: the beginnings of common binary and non-UTF-8 files. */
const FOREIGN_SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text' },
];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

const WHAT_IS_EXPECTED = 'must be a JSON object describing the organization, saved as UTF-8 text';

/** The file's text, or why its bytes cannot be an organization file. A UTF-8 byte order mark is dropped. */
export function decodeConfigText(bytes: Uint8Array): { readonly text: string } | { readonly problem: string } {
  const foreign = FOREIGN_SIGNATURES.find((signature) => startsWith(bytes, signature.bytes));
  if (foreign) return { problem: `is ${foreign.what} (it starts with the bytes ${hex(bytes.subarray(0, 4))}); ${WHAT_IS_EXPECTED}` };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { problem: `contains a NUL byte (at byte ${nul}), so it is not a text file; ${WHAT_IS_EXPECTED}` };
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(UTF8_BOM.length) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const at = lineAndColumn(new TextDecoder('utf-8').decode(body), '\uFFFD');
    return { problem: `is not UTF-8 text (an invalid byte sequence at ${at}); ${WHAT_IS_EXPECTED}` };
  }
  if (text.trim() === '') return { problem: `is empty; ${WHAT_IS_EXPECTED}` };
  return { text };
}

/** What the file must be instead, in every JSON syntax message. */
const VALID_JSON = 'must be valid JSON';

/** Characters shown of the line around a syntax error. */
const SNIPPET_LENGTH = 60;

/**
 * JSON.parse's error in words for a person: what is wrong, at which line and column (from
 * jsonc-parser, which finds the place where JSON.parse often says only "Unexpected token"), the
 * line around it with any secret redacted, and what to write instead.
 */
export function describeJsonSyntaxError(error: Error, text: string, fileName: string): string {
  const trimmed = text.trimStart();
  const jsonLike = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (!jsonLike && (/\.ya?ml$/i.test(fileName) || looksLikeYaml(trimmed))) {
    return `${VALID_JSON}: the organization file is JSON; YAML is not supported: write it as JSON (for example converted with \`yq -o=json\`)`;
  }
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const v8Position = /in JSON at position (\d+)/.exec(error.message);
  const position = errors[0]?.offset ?? (v8Position ? Number(v8Position[1]) : undefined);
  const end = text.trimEnd().length;
  if (/^Unexpected end of JSON input/.test(error.message) || (position ?? 0) >= end || Number(v8Position?.[1]) >= end) {
    return `${VALID_JSON}: the text ends before the JSON is complete (is the file truncated?)`;
  }
  if (position === undefined) return `${VALID_JSON}: ${printable(redactSecrets(error.message))}`;
  const { what, at } = syntaxProblem(
    text,
    position,
    errors.map((e) => printParseErrorCode(e.error)),
  );
  return `${VALID_JSON}: at ${positionToLineColumn(text, at)} (near ${snippet(text, at)}): ${what}`;
}

/** A YAML document's first line: `---`, a `#` comment, `key: value` or `- item`. */
function looksLikeYaml(trimmedText: string): boolean {
  return /^(---|#|- |[A-Za-z_][\w.-]*\s*:(\s|$))/.test(trimmedText);
}

/**
 * What is wrong at `position`, from jsonc-parser's error codes (the first is at `position`) and the
 * text there, and the place to point at.
 */
function syntaxProblem(text: string, position: number, codes: readonly string[]): { what: string; at: number } {
  const char = text[position];
  const before = /\S(?=\s*$)/.exec(text.slice(0, position));
  if (codes[0] === 'InvalidCommentToken' || codes[0] === 'UnexpectedEndOfComment') {
    return { what: 'comments are not allowed in JSON: remove the comment (a note can go in a tag or a "reason")', at: position };
  }
  if ((char === ']' || char === '}') && before?.[0] === ',') {
    return { what: `a trailing comma before "${char}": JSON allows no comma after the last entry; remove it`, at: before.index };
  }
  // `012345678901` is read as the number 0 followed by another number: the error is at the second.
  const numberStart = position - (/-?\d*$/.exec(text.slice(Math.max(0, position - 32), position))?.[0].length ?? 0);
  const number = /^-?0\d+/.exec(text.slice(numberStart, position + 32))?.[0];
  if (number) {
    return {
      what: `the number ${number} starts with 0, which JSON does not allow; write account ids as strings, in quotes: "${number.replace('-', '')}"`,
      at: numberStart,
    };
  }
  if (char === "'") return { what: 'strings and keys must be in double quotes, not single quotes', at: position };
  if (codes[0] === 'InvalidSymbol' && codes[1] === 'PropertyNameExpected') {
    return { what: 'keys must be strings in double quotes, such as "namePrefix"', at: position };
  }
  return { what: SYNTAX_ERRORS[codes[0]] ?? 'the text is not JSON here', at: position };
}

/** jsonc-parser's error codes in words. */
const SYNTAX_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'this is not a JSON value: write true, false, null, a number, a "string", an object or a list',
  InvalidNumberFormat: 'this number is not written the way JSON writes numbers',
  PropertyNameExpected: 'a key in double quotes is expected here',
  ValueExpected: 'a value is expected here',
  ColonExpected: 'a colon is expected here, between the key and its value',
  CommaExpected: 'a comma is missing before this',
  CloseBraceExpected: 'a "}" is missing: the object is not closed',
  CloseBracketExpected: 'a "]" is missing: the list is not closed',
  EndOfFileExpected: 'the JSON ends before this: one file holds one object',
  UnexpectedEndOfString: 'a string is not closed: a double quote is missing',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a \\u escape needs four hexadecimal digits',
  InvalidEscapeCharacter: 'this backslash escape does not exist in JSON (write \\\\ for a backslash)',
  InvalidCharacter: 'a string contains a control character (a tab or a line break): write it as \\t or \\n',
};

/** The line around `position`, cut to SNIPPET_LENGTH characters with secrets redacted, in backticks with its control characters escaped. */
function snippet(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  const lineEnd = text.indexOf('\n', position);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  // JSON may escape "/" as "\/": unescaped, a URL is recognized as one.
  const unescape = (part: string) => part.replace(/\\\//g, '/');
  const { text: redacted, position: column } = redactAt(unescape(line), unescape(line.slice(0, position - lineStart)).length);
  const from = Math.max(0, Math.min(column - SNIPPET_LENGTH / 2, redacted.length - SNIPPET_LENGTH));
  const cut = redacted.slice(from, from + SNIPPET_LENGTH).trim();
  return `\`${escapeControls(`${from > 0 ? '…' : ''}${cut}${from + SNIPPET_LENGTH < redacted.length ? '…' : ''}`)}\``;
}

/**
 * Keys given twice in one object. JSON.parse silently keeps the last, so the first block (a whole
 * `tags` object, say) would be ignored without a word. Expects text that JSON.parse accepted.
 */
export function duplicateKeys(text: string): InputIssue[] {
  interface Container {
    readonly keys?: Set<string>;
    /** The key or index of the child being read. */
    child: string | number;
    awaitingKey: boolean;
  }
  const issues: InputIssue[] = [];
  const open: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const top = open[open.length - 1];
    if (char === '{') open.push({ keys: new Set(), child: '', awaitingKey: true });
    else if (char === '[') open.push({ child: 0, awaitingKey: false });
    else if (char === '}' || char === ']') open.pop();
    else if (char === ',' && top) {
      if (top.keys) top.awaitingKey = true;
      else top.child = (top.child as number) + 1;
    } else if (char === '"') {
      const end = endOfString(text, i);
      if (top?.keys && top.awaitingKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (top.keys.has(key)) {
          issues.push({
            path: [...open.slice(0, -1).map((c) => c.child), key],
            message: 'is given twice in the same object: JSON keeps only the last one and ignores the first; keep one',
          });
        }
        top.keys.add(key);
        top.child = key;
        top.awaitingKey = false;
      }
      i = end;
    }
  }
  return issues;
}

/** The first place where objects and arrays nest deeper than MAX_NESTING_DEPTH, if any. */
export function excessiveNesting(raw: unknown): InputIssue | undefined {
  // Breadth-first with an explicit queue: a hostile file may nest far deeper than the call stack.
  let level: { value: unknown; path: (string | number)[] }[] = [{ value: raw, path: [] }];
  for (let depth = 0; level.length > 0; depth++) {
    const containers = level.filter(({ value }) => typeof value === 'object' && value !== null);
    if (depth >= MAX_NESTING_DEPTH && containers.length > 0) {
      return {
        path: containers[0].path,
        message: `nests objects or arrays more than ${MAX_NESTING_DEPTH} levels deep; no field of an organization file is nested that deep`,
      };
    }
    level = containers.flatMap(({ value, path }) =>
      Object.entries(value as object).map(([key, child]) => ({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] })),
    );
  }
  return undefined;
}

/**
 * Every string, key or value, that must not reach the synthesized Terraform. Call it only after
 * `excessiveNesting` found nothing: it recurses.
 */
export function unsafeStrings(raw: unknown): InputIssue[] {
  return stringsIn(raw).flatMap(({ text, path, isKey }) => {
    const problem = unsafeTextProblem(text);
    return problem ? [{ path, value: text, message: isKey ? `is a key that ${problem}` : problem }] : [];
  });
}

/**
 * Every string, key or value, that looks like a secret (`config/secrets.ts`), with what to do
 * instead: wherever it is, a secret does not belong in a file that is committed, reviewed and
 * printed. Call it only after `excessiveNesting` found nothing: it recurses.
 */
export function secretsInInput(raw: unknown): InputIssue[] {
  // Standalone is the default mode.
  const mode = typeof raw === 'object' && raw !== null && 'mode' in raw ? raw.mode : 'standalone';
  return stringsIn(raw).flatMap(({ text, path, isKey }) => {
    const [secret] = secretRanges(text);
    const key = path.at(-1);
    if (!secret && !isKey && typeof key === 'string' && isSecretKey(key) && text !== '') {
      return [
        {
          path,
          value: text,
          message: `is a credential by its name (${key}): the organization file needs none (each stack is deployed with the role deploymentRoleName, Terraform Cloud with its own login); remove it, and replace it if the file was shared or committed`,
        },
      ];
    }
    if (!secret) return [];
    const inNotifier = path[0] === 'notifications' && path[1] === 'slack' && path[2] === 'notifier';
    return [
      { path, value: text, message: `${isKey ? 'is a key that holds' : 'is'} ${secret.what}; ${secretAdvice(secret, mode, inNotifier)}` },
    ];
  });
}

/** The secrets in a text that is not JSON, each at its line and column: the file cannot be read into fields. */
export function secretsInText(text: string): string[] {
  return secretRanges(text).map(
    (secret) => `has ${secret.what} at ${positionToLineColumn(text, secret.start)}; ${secretAdvice(secret, undefined, false)}`,
  );
}

/** What to do with a secret found in the file; the webhook's store depends on where the notifier runs (the mode). */
function secretAdvice(secret: SecretRange, mode: unknown, inNotifier: boolean): string {
  const shared = 'remove it, and replace it if the file was shared or committed';
  switch (secret.kind) {
    case 'webhook URL': {
      const where =
        mode === 'organization'
          ? 'in the security account'
          : mode === undefined
            ? 'in the security account (standalone mode: in each account)'
            : 'in each account';
      const give = inNotifier
        ? 'give its ARN (webhookSecretArn) or name (webhookParameterName) here'
        : 'give its ARN (webhookSecretArn) or name (webhookParameterName) in notifications.slack.notifier; remove it from here';
      return `a webhook URL is a secret: store it in Secrets Manager (or an SSM SecureString) ${where} and ${give}`;
    }
    case 'AWS access key':
      return `an AWS key is a secret, and the organization file needs none (each stack is deployed with the role deploymentRoleName); ${shared}`;
    default:
      return `a ${secret.kind} is a secret, and the organization file needs none; ${shared}`;
  }
}

/** Every string in a parsed JSON value, keys included, with its path. Recurses: call it after `excessiveNesting`. */
function stringsIn(raw: unknown, path: (string | number)[] = []): { text: string; path: (string | number)[]; isKey: boolean }[] {
  if (typeof raw === 'string') return [{ text: raw, path, isKey: false }];
  if (typeof raw !== 'object' || raw === null) return [];
  if (Array.isArray(raw)) return raw.flatMap((item, index) => stringsIn(item, [...path, index]));
  return Object.entries(raw).flatMap(([key, value]) => [
    { text: key, path: [...path, key], isKey: true },
    ...stringsIn(value, [...path, key]),
  ]);
}

/** Terraform evaluates `${…}` (interpolation) and `%{…}` (template directives) in every string of the JSON it reads. */
const TERRAFORM_TEMPLATE = /[$%]\{/;

/**
 * C0 and C1 control characters (newline, tab, escape…), line and paragraph separators, and the
 * invisible bidirectional marks and overrides that make text display differently from what it is.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** In a `u` regular expression this matches only surrogates that are not part of a pair. */
const UNPAIRED_SURROGATE = /[\ud800-\udfff]/u;

const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  '\n': 'a line feed',
  '\r': 'a carriage return',
  '\t': 'a tab',
  '\u001b': 'an escape character',
  '\u2028': 'a line separator',
  '\u2029': 'a paragraph separator',
  '\u202e': 'a right-to-left override',
};

function unsafeTextProblem(text: string): string | undefined {
  if (TERRAFORM_TEMPLATE.test(text)) {
    return 'must not contain "${" or "%{": Terraform would evaluate it as an expression or template directive in the generated configuration; write plain text';
  }
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    const char = control[0];
    const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    const name = CHARACTER_NAMES[char] ? `${CHARACTER_NAMES[char]}, ${code}` : code;
    return `must not contain control characters (found ${name} at character ${control.index + 1}): only single-line printable text is allowed`;
  }
  if (UNPAIRED_SURROGATE.test(text))
    return 'must be valid Unicode text: it contains half of a surrogate pair (a \\uD800-\\uDFFF escape on its own)';
  return undefined;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** Index of the closing quote of the JSON string that opens at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

function lineAndColumn(text: string, needle: string): string {
  const index = text.indexOf(needle);
  return index < 0 ? 'an unknown position' : positionToLineColumn(text, index);
}

function positionToLineColumn(text: string, index: number): string {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `line ${line}, column ${index - before.lastIndexOf('\n')}`;
}

/** A message with any control character escaped, so it cannot move the cursor or recolour the terminal. */
function printable(message: string): string {
  return JSON.stringify(message).slice(1, -1);
}

/** Text with its control and invisible characters escaped as \uXXXX, and nothing else changed. */
function escapeControls(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTER.source, 'gu'), (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
