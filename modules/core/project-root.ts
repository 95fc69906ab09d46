/**
 * The project's root folder, for files the baseline reads at synth (the notifier's source, the
 * runbook scripts). Found by walking up to the nearest package.json, so the same code works from
 * its source file (ts-jest) and from the esbuild bundles in dist/ (`npm run synth`, `npm run docs`),
 * which sit at different depths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The nearest folder at or above `start` that holds a package.json. */
export function findProjectRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json in ${start} or any folder above it`);
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);

/** A path inside the project, given from its root. */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}
