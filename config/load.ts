/**
 * Finding, reading and validating the organization file. Nothing here touches cdktf: a config
 * is valid or rejected as a whole before the first construct exists.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { crossCheckOrganization, organizationSchema, type OrganizationConfig } from './schema';

/** The bundled example organization, used when nothing else is selected. Relative to the project root. */
export const EXAMPLE_CONFIG_PATH = 'config/example-organization.json';
/** Environment variable that selects another organization file. */
export const CONFIG_PATH_ENV = 'SECURITY_BASELINE_CONFIG';
/** cdktf context key (cdktf.json `context`) that selects another organization file. */
export const CONFIG_PATH_CONTEXT_KEY = 'organizationConfig';
/** How the cdktf CLI hands an app its context. */
const CDKTF_CONTEXT_ENV = 'CDKTF_CONTEXT_JSON';

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
    super(
      `Invalid organization config ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map((p) => `  - ${describeProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Which organization file to use: the environment variable, else the cdktf context key, else
 * the bundled example. Relative paths are taken from the current directory (the project root
 * under `cdktf` and `npm run`).
 */
export function resolveConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[CONFIG_PATH_ENV];
  if (fromEnv) return fromEnv;
  const context = parseContext(env[CDKTF_CONTEXT_ENV]);
  const fromContext = context[CONFIG_PATH_CONTEXT_KEY];
  return typeof fromContext === 'string' && fromContext !== '' ? fromContext : EXAMPLE_CONFIG_PATH;
}

/** Reads and validates an organization file; throws ConfigError listing every problem. */
export function loadOrganizationConfig(file: string): OrganizationConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [
      { field: '(file)', value: path.resolve(file), message: `cannot be read (${(error as NodeJS.ErrnoException).code}); set ${CONFIG_PATH_ENV} to an organization file` },
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [{ field: '(file)', value: undefined, message: `must be valid JSON: ${(error as Error).message}` }]);
  }
  return validateOrganizationConfig(raw, file);
}

/** Validates an already parsed organization description; throws ConfigError listing every problem. */
export function validateOrganizationConfig(raw: unknown, source = '(inline)'): OrganizationConfig {
  const parsed = organizationSchema.safeParse(raw);
  const problems: ConfigProblem[] = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => problemsFromZod(issue, raw))),
    ...crossCheckOrganization(raw).map((issue) => ({
      field: formatPath(issue.path),
      value: valueAt(raw, issue.path),
      message: issue.message,
    })),
  ];
  if (problems.length > 0 || !parsed.success) {
    throw new ConfigError(source, sortProblems(problems));
  }
  return parsed.data;
}

function problemsFromZod(issue: z.ZodIssue, raw: unknown): ConfigProblem[] {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return issue.keys.map((key) => ({
      field: formatPath([...issue.path, key]),
      value: valueAt(raw, [...issue.path, key]),
      message: 'is not a known field (check its spelling)',
    }));
  }
  const value = valueAt(raw, issue.path);
  let message = issue.message;
  if (issue.code === z.ZodIssueCode.invalid_type) {
    message = issue.received === 'undefined' ? `is required (${issue.expected})` : `must be ${issue.expected}, not ${issue.received}`;
  }
  return [{ field: formatPath(issue.path), value, message }];
}

/** `['accounts', 2, 'id']` → `accounts[2].id` */
export function formatPath(segments: readonly (string | number)[]): string {
  if (segments.length === 0) return '(root)';
  return segments.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    '',
  );
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
  return `${problem.field}: ${JSON.stringify(problem.value)} ${problem.message}`;
}

/** File order is not kept by zod; sort by field so the report reads top to bottom and is stable. */
function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.field.localeCompare(b.field, 'en', { numeric: true }));
}

function parseContext(json: string | undefined): Record<string, unknown> {
  if (!json) return {};
  try {
    const context: unknown = JSON.parse(json);
    return typeof context === 'object' && context !== null ? (context as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
