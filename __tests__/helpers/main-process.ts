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

/** Runs the entry point in `cwd` with the given organization file (and arguments and environment). */
export function runMain(
  cwd: string,
  configPath: string,
  { args = [], env: extraEnv = {} }: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<MainResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, SECURITY_BASELINE_CONFIG: configPath };
  delete env.CDKTF_OUTDIR;
  delete env.CDKTF_CONTEXT_JSON;
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
