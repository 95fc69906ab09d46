/**
 * Which organization file a command uses, by one rule for every command (synth, `cdktf synth`,
 * report, check:fresh, bench, discover, plan:offline, bootstrap): the environment variable
 * `SECURITY_BASELINE_CONFIG`, else the context key `organizationConfig` of the project's
 * `cdktf.json`, else the bundled example, which the command then says loudly. Loads no cdktf.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot } from '../modules/core/project-root';
import { userPath } from './command-line';

/** The bundled example organization, used when nothing else is selected. Relative to the project root. */
export const EXAMPLE_CONFIG_PATH = 'config/examples/organization.json';
/** The same organization in standalone mode (every account self-contained), for tests and docs. */
export const STANDALONE_EXAMPLE_CONFIG_PATH = 'config/examples/standalone.json';
/** Environment variable that selects another organization file. */
export const CONFIG_PATH_ENV = 'SECURITY_BASELINE_CONFIG';
/** cdktf context key (cdktf.json `context`) that selects another organization file. */
export const CONFIG_PATH_CONTEXT_KEY = 'organizationConfig';
/** How the cdktf CLI hands an app its context (cdktf.json's, when the app runs under `cdktf`). */
const CDKTF_CONTEXT_ENV = 'CDKTF_CONTEXT_JSON';

/** An organization file, and where the choice of it came from. */
export interface ConfigFile {
  /** Absolute path. */
  readonly path: string;
  /** What chose it, for messages: `SECURITY_BASELINE_CONFIG`, `cdktf.json context.organizationConfig`, `the bundled example`. */
  readonly chosenBy: string;
  /** The bundled example: nobody chose a file. */
  readonly isBundledExample: boolean;
}

/** The project's cdktf.json could not be read as JSON: an error, not a silent fall-back to the example. */
export class ConfigFileChoiceError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'ConfigFileChoiceError';
  }
}

/**
 * The organization file to use. A relative path in the environment is taken from the directory the
 * command was typed in (see `userPath`); one in cdktf.json from the folder that holds cdktf.json.
 */
export function resolveConfigFile(
  env: NodeJS.ProcessEnv = process.env,
  projectRoot = findProjectRoot(__dirname),
  cwd = process.cwd(),
): ConfigFile {
  const fromEnv = env[CONFIG_PATH_ENV];
  if (fromEnv) return { path: userPath(fromEnv, env, cwd), chosenBy: CONFIG_PATH_ENV, isBundledExample: false };
  const chosenBy = `cdktf.json context.${CONFIG_PATH_CONTEXT_KEY}`;
  const fromContext = contextValue(env, projectRoot);
  if (fromContext !== undefined) {
    if (typeof fromContext !== 'string' || fromContext === '') {
      throw new ConfigFileChoiceError(
        `${path.join(projectRoot, 'cdktf.json')}: context.${CONFIG_PATH_CONTEXT_KEY} must be the path of an organization file, not ${JSON.stringify(fromContext)}`,
      );
    }
    return { path: path.resolve(projectRoot, fromContext), chosenBy, isBundledExample: false };
  }
  return { path: path.join(projectRoot, EXAMPLE_CONFIG_PATH), chosenBy: 'the bundled example', isBundledExample: true };
}

/** How a command names the file in its messages: relative to the current directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** The warning a command prints when it falls back to the bundled example. */
export function bundledExampleWarning(file: ConfigFile): string | undefined {
  if (!file.isBundledExample) return undefined;
  return (
    `WARNING: no organization file chosen, so this uses the BUNDLED EXAMPLE (${displayPath(file.path)}). ` +
    `Choose yours with ${CONFIG_PATH_ENV}=path/to/org.json or "context": { "${CONFIG_PATH_CONTEXT_KEY}": "path/to/org.json" } in cdktf.json.`
  );
}

/**
 * The context key's value: from cdktf's environment when the app runs under the cdktf CLI, else
 * read from cdktf.json itself (npm run, node, CI), so both ways of starting a command agree.
 * @returns undefined when the key is not set
 */
function contextValue(env: NodeJS.ProcessEnv, projectRoot: string): unknown {
  const fromCdktf = env[CDKTF_CONTEXT_ENV];
  if (fromCdktf) {
    const context = parseJsonObject(fromCdktf);
    if (context && CONFIG_PATH_CONTEXT_KEY in context) return context[CONFIG_PATH_CONTEXT_KEY];
  }
  const file = path.join(projectRoot, 'cdktf.json');
  if (!fs.existsSync(file)) return undefined;
  const cdktfJson = parseJsonObject(fs.readFileSync(file, 'utf8'));
  if (!cdktfJson) throw new ConfigFileChoiceError(`${file} is not a JSON object: cannot read context.${CONFIG_PATH_CONTEXT_KEY}`);
  const context = cdktfJson.context;
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new ConfigFileChoiceError(`${file}: "context" must be an object`);
  }
  return (context as Record<string, unknown>)[CONFIG_PATH_CONTEXT_KEY];
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
