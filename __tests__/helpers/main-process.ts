/** Running the real entry point (`dist/main.js`, what `cdktf synth` runs) as a separate process. */
import { execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './synth';

export const MAIN_JS = path.join(REPO_ROOT, 'dist', 'main.js');

/** Builds dist/main.js exactly as `npm run synth` does. */
export function buildMain(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
}

export interface MainResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the entry point in `cwd` with the given organization file. */
export function runMain(cwd: string, configPath: string): Promise<MainResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SECURITY_BASELINE_CONFIG: configPath };
    delete env.CDKTF_OUTDIR;
    delete env.CDKTF_CONTEXT_JSON;
    const child = spawn(process.execPath, [MAIN_JS], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
