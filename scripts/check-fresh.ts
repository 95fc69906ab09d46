/**
 * `npm run check:fresh [-- --dir DIR] [--account NAME …]`: synthesizes the config into a temporary
 * directory (the built entry point, dist/main.js, with `CDKTF_OUTDIR`) and compares its stacks with
 * the committed output in DIR (default `cdktf.out`), for teams whose Terraform Cloud workspaces run
 * the committed stacks. `--account` (or `SECURITY_BASELINE_ACCOUNTS`) checks only the stacks it
 * selects, as for synth. Exit 0: every checked stack is up to date (one line on stdout); 1: some
 * are not (a line per stack on stderr); 2: the synth failed (its messages on stderr). Wiring only:
 * the comparison is operations/freshness.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accountPatterns } from '../config/account-selection';
import { allUpToDate, compareOutputs, formatFreshness } from '../operations/freshness';

const DEFAULT_DIR = 'cdktf.out';
/** Built next to this script by `npm run check:fresh`. */
const MAIN_JS = path.join(__dirname, 'main.js');

/** The committed directory (`--dir DIR`, `--dir=DIR`) and the arguments left for the synth. */
function parseArgs(argv: readonly string[]): { committedDir: string; synthArgs: string[] } {
  let committedDir = DEFAULT_DIR;
  const synthArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dir') committedDir = argv[++i] ?? '';
    else if (argv[i].startsWith('--dir=')) committedDir = argv[i].slice('--dir='.length);
    else synthArgs.push(argv[i]);
  }
  return { committedDir, synthArgs };
}

function main(argv: readonly string[]): number {
  const { committedDir, synthArgs } = parseArgs(argv);
  if (committedDir === '') {
    console.error('--dir needs a directory');
    return 2;
  }
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-fresh-'));
  try {
    const synth = spawnSync(process.execPath, [MAIN_JS, ...synthArgs], {
      env: { ...process.env, CDKTF_OUTDIR: freshDir },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (synth.status !== 0) {
      console.error(
        `${synth.stderr ?? ''}synth failed (${synth.error?.message ?? synth.signal ?? `exit ${synth.status}`}); nothing compared`,
      );
      return 2;
    }
    // A selection synthesizes only its stacks: the others are not checked, rather than reported as gone.
    const results = compareOutputs(committedDir, freshDir, { selectedOnly: accountPatterns(synthArgs) !== undefined });
    const summary = formatFreshness(results, committedDir);
    if (allUpToDate(results)) {
      console.log(summary);
      return 0;
    }
    console.error(summary);
    return 1;
  } finally {
    fs.rmSync(freshDir, { recursive: true, force: true });
  }
}

// Ctrl-C (which reaches the synth too) or a cancelled CI job must not leave the temporary directory
// behind: with a listener this process is not killed at once; it waits for the synth (interrupted:
// "synth failed (SIGINT)", exit 2), then `finally` removes the directory.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);

process.exitCode = main(process.argv.slice(2));
