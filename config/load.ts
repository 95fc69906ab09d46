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
  unsafeStrings,
} from './input-safety';
import { generatedNameIssues } from './name-limits';
import { CONFIG_PATH_ENV } from './config-file';
import { formatPath, showValue } from './problem-text';
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

/** The organization file cannot be used; `problems` lists everything wrong with it at once. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const unlisted = problems.length - MAX_PROBLEMS_LISTED;
    super(
      `Invalid organization config ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems
          .slice(0, MAX_PROBLEMS_LISTED)
          .map((p) => `  - ${describeProblem(p)}`)
          .join('\n') +
        (unlisted > 0 ? `\n  … and ${unlisted} more` : ''),
    );
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
    throw new ConfigError(file, [{ field: FILE_FIELD, value: undefined, message: describeJsonSyntaxError(error as Error, decoded.text) }]);
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
  const problems: ConfigProblem[] = [
    ...fromTheText.map(fromInputIssue),
    ...unsafeStrings(raw).map(fromInputIssue),
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => problemsFromZod(issue, raw))),
  ];
  const crossFieldIssues = crossCheckOrganization(raw);
  problems.push(...crossFieldIssues.map(fromCrossCheck));
  // Generated names need a valid prefix, accounts (each role organization mode asks for) and backend to be built from.
  if (parsed.success && crossFieldIssues.length === 0) problems.push(...generatedNameIssues(parsed.data).map(fromCrossCheck));
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

function problemsFromZod(issue: z.ZodIssue, raw: unknown): ConfigProblem[] {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return issue.keys.map((key) => ({
      field: formatPath([...issue.path, key]),
      value: valueAt(raw, [...issue.path, key]),
      // A catalog's switches say which keys it has.
      message: `is not a known field (check its spelling)${issue.message.startsWith('Unrecognized key') ? '' : `; ${issue.message}`}`,
    }));
  }
  // A custom issue may say what to show, e.g. a tag key rather than the tag's value.
  const shown = issue.code === z.ZodIssueCode.custom && issue.params !== undefined && 'shown' in issue.params;
  const value = shown ? issue.params!.shown : valueAt(raw, issue.path);
  let message = issue.message;
  if (issue.code === z.ZodIssueCode.invalid_type) {
    // A schema's own invalid_type_error says what is allowed; zod's default ("Expected …") does not.
    const allowed = issue.message.startsWith('Expected ') ? '' : `: ${issue.message}`;
    message =
      issue.received === 'undefined' ? `is required (${issue.expected})` : `must be ${issue.expected}, not ${issue.received}${allowed}`;
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
  return `${problem.field}: ${showValue(problem.value)} ${problem.message}`;
}

/** File order is not kept by zod; sort by field so the report reads top to bottom and is stable. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
}
