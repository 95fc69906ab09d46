/**
 * Finding, reading and validating the organization file. Nothing here touches cdktf: a config
 * is valid or rejected as a whole before the first construct exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import {
  decodeConfigText,
  describeJsonSyntaxError,
  duplicateKeys,
  excessiveNesting,
  type InputIssue,
  MAX_CONFIG_BYTES,
  secretsInInput,
  secretsInText,
  unsafeStrings,
} from './input-safety';
import { knownKeysAt } from './known-keys';
import { generatedNameIssues } from './name-limits';
import { CONFIG_PATH_ENV, displayPath } from './config-file';
import { describeValue, formatPath, listOf } from './problem-text';
import { redactSecrets, redactValue } from './secrets';
import { closestMatch } from './suggestions';
import { type CrossFieldIssue, crossCheckOrganization, organizationSchema, type OrganizationConfig } from './schema';

export { formatPath };

/** The field of problems with the file as a whole. */
const FILE_FIELD = '(file)';
/** Problems listed in the message; the rest are counted (`ConfigError.problems` has them all). */
const MAX_PROBLEMS_LISTED = 50;

/** One thing wrong with the organization file. */
export interface ConfigProblem {
  /** Where, as a path into the file: `accounts[2].id`, or `(file)` for the file itself. */
  readonly field: string;
  /** The value found there (undefined when the field is missing). */
  readonly value: unknown;
  /** What is allowed instead. */
  readonly message: string;
}

/**
 * The organization file cannot be used; `problems` lists everything wrong with it at once. Any
 * secret in a problem (its value, its message, a key in its field) is redacted here, whoever
 * built it, so neither the message nor `problems` can print one.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(
    readonly file: string,
    unredacted: readonly ConfigProblem[],
  ) {
    const problems = unredacted.map(({ field, value, message }) => ({
      field: redactSecrets(field),
      // The field's own name may say it is a secret (`stateBackend.token`).
      value: redactValue(value, /([^.[\]"]+)"?\]?$/.exec(field)?.[1]),
      message: redactSecrets(message),
    }));
    const unlisted = problems.length - MAX_PROBLEMS_LISTED;
    super(
      `Invalid organization config ${displayPath(file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems
          .slice(0, MAX_PROBLEMS_LISTED)
          .map((p) => `  - ${describeProblem(p)}`)
          .join('\n') +
        (unlisted > 0 ? `\n  … and ${unlisted} more` : ''),
    );
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates an organization file; throws ConfigError listing every problem. The size
 * and the kind of file are checked before anything is parsed.
 */
export function loadOrganizationConfig(file: string): OrganizationConfig {
  const fileProblem = (message: string) => new ConfigError(file, [{ field: FILE_FIELD, value: path.resolve(file), message }]);
  let content: { bytes: Buffer; size: number | undefined };
  try {
    content = readAtMost(file, MAX_CONFIG_BYTES + 1);
  } catch (error) {
    throw fileProblem(`cannot be read (${(error as NodeJS.ErrnoException).code}); set ${CONFIG_PATH_ENV} to an organization file`);
  }
  if (content.bytes.length > MAX_CONFIG_BYTES) {
    const size = content.size === undefined ? `more than ${MAX_CONFIG_BYTES}` : String(content.size);
    throw fileProblem(
      `is ${size} bytes; an organization file may be at most ${MAX_CONFIG_BYTES} bytes (${MAX_CONFIG_BYTES / 1024 / 1024} MiB)`,
    );
  }
  const decoded = decodeConfigText(content.bytes);
  if ('problem' in decoded) throw fileProblem(decoded.problem);
  let raw: unknown;
  try {
    raw = JSON.parse(decoded.text);
  } catch (error) {
    // The secrets too: a file that is not JSON has no fields to name, but a pasted webhook URL is still one.
    const messages = [describeJsonSyntaxError(error as Error, decoded.text, file), ...secretsInText(decoded.text)];
    throw new ConfigError(
      file,
      messages.map((message) => ({ field: FILE_FIELD, value: undefined, message })),
    );
  }
  return validate(raw, file, duplicateKeys(decoded.text));
}

/** Validates an already parsed organization description; throws ConfigError listing every problem. */
export function validateOrganizationConfig(raw: unknown, source = '(inline)'): OrganizationConfig {
  return validate(raw, source, []);
}

function validate(raw: unknown, source: string, fromTheText: readonly InputIssue[]): OrganizationConfig {
  // The schema and the report walk into values recursively: stop a hostile nesting before they do.
  const tooDeep = excessiveNesting(raw);
  if (tooDeep) throw new ConfigError(source, [fromInputIssue(tooDeep)]);
  const parsed = organizationSchema.safeParse(raw);
  const fromCrossCheck = (issue: CrossFieldIssue): ConfigProblem => ({
    field: formatPath(issue.path),
    value: valueAt(raw, issue.path),
    message: issue.message,
  });
  const fromZod = parsed.success ? [] : parsed.error.issues.flatMap((issue) => problemsFromZod(issue, raw));
  const crossFieldIssues = crossCheckOrganization(raw);
  const crossChecked = crossFieldIssues.map(fromCrossCheck);
  const secrets = secretsInInput(raw).map(fromInputIssue);
  const problems = withoutSuperseded(
    [
      ...fromTheText.map(fromInputIssue),
      ...unsafeStrings(raw).map(fromInputIssue),
      ...fromZod,
      ...crossChecked,
      // Generated names need a valid prefix, accounts (each role organization mode asks for) and backend to be built from.
      ...(parsed.success && crossFieldIssues.length === 0 ? generatedNameIssues(parsed.data).map(fromCrossCheck) : []),
    ],
    secrets,
    crossChecked,
  );
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(source, sortProblems(problems));
  }
  return parsed.data;
}

/** The first `limit` bytes, and the whole size when the file is a regular file (not a pipe or device). */
function readAtMost(file: string, limit: number): { bytes: Buffer; size: number | undefined } {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const read = fs.readSync(fd, buffer, length, limit - length, null);
      if (read === 0) break;
      length += read;
    }
    const stat = fs.fstatSync(fd);
    return { bytes: buffer.subarray(0, length), size: stat.isFile() ? stat.size : undefined };
  } finally {
    fs.closeSync(fd);
  }
}

function fromInputIssue(issue: InputIssue): ConfigProblem {
  return { field: formatPath(issue.path), value: issue.value, message: issue.message };
}

/** A problem while they are collected: an unknown key may be the misspelling (`key`) of a known field (`of`, its path). */
type CollectedProblem = ConfigProblem & { readonly misspelling?: { readonly of: string; readonly key: string } };

/**
 * Where two problems are about one field, the more useful one stands alone: a secret's advice
 * replaces what the schema says of the value, and a cross-check that knows what a missing field
 * may be ("one of your regions") replaces the schema's "is required". A missing field that an
 * unknown key misspells says so.
 */
function withoutSuperseded(problems: CollectedProblem[], secrets: ConfigProblem[], crossChecked: ConfigProblem[]): ConfigProblem[] {
  const misspellings = new Map(problems.flatMap(({ misspelling }) => (misspelling ? [[misspelling.of, misspelling.key] as const] : [])));
  const secretFields = new Set(secrets.map((p) => p.field));
  const explainedMissing = new Set(crossChecked.filter((p) => p.value === undefined).map((p) => p.field));
  const kept = problems.filter(
    (p) => !secretFields.has(p.field) && !(p.value === undefined && explainedMissing.has(p.field) && !crossChecked.includes(p)),
  );
  const withPointers = kept.map(({ misspelling: _, ...problem }) => {
    const misspelt = problem.value === undefined && problem.message.startsWith('is required') ? misspellings.get(problem.field) : undefined;
    return misspelt ? { ...problem, message: `${problem.message}; did you write it as "${misspelt}"?` } : problem;
  });
  return [...withPointers, ...secrets];
}

function problemsFromZod(issue: z.ZodIssue, raw: unknown): CollectedProblem[] {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const known = knownKeysAt(organizationSchema, issue.path, raw);
    return issue.keys.map((key) => {
      const meant = closestMatch(key, known);
      const message = meant
        ? `is not a known field; did you mean "${meant}"?`
        : `is not a known field (check its spelling)${known.length > 0 ? `; the fields here are: ${listOf(known, { near: key })}` : ''}`;
      const field = formatPath([...issue.path, key]);
      const misspelling = meant === undefined ? undefined : { of: formatPath([...issue.path, meant]), key };
      return { field, value: valueAt(raw, [...issue.path, key]), message, misspelling };
    });
  }
  // A custom issue may say what to show, e.g. a tag key rather than the tag's value.
  const shown = issue.code === z.ZodIssueCode.custom && issue.params !== undefined && 'shown' in issue.params;
  const value = shown ? issue.params!.shown : valueAt(raw, issue.path);
  let message = issue.message;
  if (issue.code === z.ZodIssueCode.invalid_type) {
    // A schema's own message says what is allowed; zod's default ("Expected …", "Required") does not.
    const custom = !/^(Expected |Required$)/.test(issue.message);
    // An enum's "expected" is every value joined by " | ": its own message lists them better.
    const expected = issue.expected.includes("'") ? 'string' : issue.expected;
    if (issue.received === 'undefined') {
      message = custom ? `is required: ${issue.message.replace(/^must be /, '')}` : `is required (${expected})`;
    } else {
      message = `must be ${expected}, not ${issue.received}${custom ? `: ${issue.message}` : ''}`;
    }
  }
  return [{ field: formatPath(issue.path), value, message }];
}

function valueAt(raw: unknown, segments: readonly (string | number)[]): unknown {
  let current: unknown = raw;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function describeProblem(problem: ConfigProblem): string {
  if (problem.value === undefined) return `${problem.field}: ${problem.message}`;
  return `${problem.field}: ${describeValue(problem.value, problem.field)} ${problem.message}`;
}

/** File order is not kept by zod; sort by field so the report reads top to bottom and is stable. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
}
