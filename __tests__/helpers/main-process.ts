/** Running the real entry point (`dist/main.js`, what `cdktf synth` runs) as a separate process. */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './synth';

export const MAIN_JS = path.join(REPO_ROOT, 'dist', 'main.js');

/**
 * Builds dist/main.js exactly as `npm run synth` does. Suites that build at the same time each
 * write a file of their own and move it into place, so none runs a half-written bundle.
 */
export function buildMain(): void {
  const own = path.join(REPO_ROOT, 'dist', `main-${process.pid}.js`);
  execFileSync('npm', ['run', '--silent', 'build', '--', `--outfile=${own}`], { cwd: REPO_ROOT, stdio: 'pipe' });
  fs.renameSync(own, MAIN_JS);
}

export interface MainResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the entry point in `cwd` with the given organization file (and arguments and environment).
 * It writes to `cwd/cdktf.out` unless the environment says otherwise (`CDKTF_OUTDIR`), never into
 * the project's own cdktf.out, its default.
 */
export function runMain(
  cwd: string,
  configPath: string,
  { args = [], env: extraEnv = {} }: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<MainResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, SECURITY_BASELINE_CONFIG: configPath };
  env.CDKTF_OUTDIR = path.join(cwd, 'cdktf.out');
  for (const name of ['CDKTF_CONTEXT_JSON', 'SECURITY_BASELINE_ACCOUNTS', 'SECURITY_BASELINE_WORKERS']) delete env[name];
  return runScript(MAIN_JS, args, { cwd, env: Object.assign(env, extraEnv) });
}

/** Runs a built script with node, collecting its output. */
export function runScript(script: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<MainResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** A folder for bundles inside dist/, so that, like dist/main.js, they find node_modules and the project root. */
export function bundleDir(label: string): string {
  fs.mkdirSync(path.join(REPO_ROOT, 'dist'), { recursive: true });
  return fs.mkdtempSync(path.join(REPO_ROOT, 'dist', `${label}-`));
}

/**
 * Builds the bundles of npm scripts (`synth`, `report`, …) into `dir` with the scripts' own esbuild
 * commands from package.json, their output moved from dist/ to `dir`: the real entry points, without
 * racing the suites that build dist/ itself.
 */
export function buildScripts(dir: string, scripts: readonly string[]): void {
  const packageScripts: Record<string, string> = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts;
  const esbuildCommands = (script: string): string[] =>
    packageScripts[script].split('&&').flatMap((command) => {
      const trimmed = command.trim();
      if (trimmed === 'npm run --silent build') return esbuildCommands('build');
      return trimmed.startsWith('esbuild ') ? [trimmed] : [];
    });
  for (const command of new Set(scripts.flatMap(esbuildCommands))) {
    const args = command.split(/\s+/).slice(1);
    const moved = args.map((arg) => arg.replace(/^--outfile=dist\//, `--outfile=${dir}/`).replace(/^--outdir=dist$/, `--outdir=${dir}`));
    if (moved.every((arg, i) => arg === args[i])) throw new Error(`no output in dist/ to move: ${command}`);
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), moved, { cwd: REPO_ROOT, stdio: 'pipe' });
  }
}
