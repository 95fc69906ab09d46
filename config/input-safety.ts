/**
 * Checks on the organization file that do not depend on its schema: what the bytes are, whether
 * the JSON repeats a key, how deep it nests, and whether any string could change the Terraform it
 * ends up in. They look at the raw input, so fields added to the schema later are covered as they
 * are written, without a change here.
 */

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

/** JSON.parse's error in words for a person: where it is, without echoing raw input into the terminal. */
export function describeJsonSyntaxError(error: Error, text: string): string {
  const prefix = 'must be valid JSON';
  const truncated = `${prefix}: the text ends before the JSON is complete (is the file truncated?)`;
  if (/^Unexpected end of JSON input/.test(error.message)) return truncated;
  const positioned = /^(.*?) in JSON at position (\d+)/s.exec(error.message);
  if (positioned) {
    const position = Number(positioned[2]);
    if (position >= text.trimEnd().length) return truncated;
    return `${prefix}: ${printable(positioned[1])} at ${positionToLineColumn(text, position)}`;
  }
  return `${prefix}: ${printable(error.message)}`;
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
export function unsafeStrings(raw: unknown, path: (string | number)[] = []): InputIssue[] {
  if (typeof raw === 'string') {
    const problem = unsafeTextProblem(raw);
    return problem ? [{ path, value: raw, message: problem }] : [];
  }
  if (typeof raw !== 'object' || raw === null) return [];
  if (Array.isArray(raw)) return raw.flatMap((item, index) => unsafeStrings(item, [...path, index]));
  return Object.entries(raw).flatMap(([key, value]) => {
    const keyProblem = unsafeTextProblem(key);
    return [
      ...(keyProblem ? [{ path: [...path, key], value: key, message: `is a key that ${keyProblem}` }] : []),
      ...unsafeStrings(value, [...path, key]),
    ];
  });
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
