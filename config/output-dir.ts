/**
 * Where synth writes and report and check:fresh read: cdktf's own variable `CDKTF_OUTDIR`, else the
 * project's `cdktf.out`. Every way of starting a command finds the same folder: a relative
 * `CDKTF_OUTDIR` is taken from where the command was typed (see `userPath`; the cdktf CLI passes
 * `cdktf.out` and runs the app in the project), the default from the project, not from the current
 * directory. Loads no cdktf.
 */
import * as path from 'node:path';
import { findProjectRoot } from '../modules/core/project-root';
import { userPath } from './command-line';

/** The output folder when `CDKTF_OUTDIR` is not set, in the project root (cdktf's default `output`). */
export const DEFAULT_OUTDIR = 'cdktf.out';
/** Where the output goes: the variable cdktf sets for the app it runs. */
export const OUTDIR_ENV = 'CDKTF_OUTDIR';

/** The absolute output folder. */
export function resolveOutdir(env: NodeJS.ProcessEnv = process.env, projectRoot = findProjectRoot(__dirname), cwd = process.cwd()): string {
  const fromEnv = env[OUTDIR_ENV];
  return fromEnv ? userPath(fromEnv, env, cwd) : path.join(projectRoot, DEFAULT_OUTDIR);
}
