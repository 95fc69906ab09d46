/**
 * `npm run check:fresh [-- --dir DIR] [--account NAME …]`: synthesizes the organization file into
 * a temporary directory (the built entry point, dist/main.js, given the file this command chose and
 * `CDKTF_OUTDIR`) and compares its stacks with the committed output in DIR (default: where synth
 * writes), for teams whose Terraform Cloud workspaces run the committed stacks. `--account` (or
 * `SECURITY_BASELINE_ACCOUNTS`) checks only the stacks it selects, as for synth. Exit 0: every
 * checked stack is up to date (one line on stdout); 1: some are not (a line per stack on stderr);
 * 2: the command line was wrong, or the synth failed (its messages on stderr). Wiring only: the
 * comparison is operations/freshness.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ACCOUNT_OPTION, accountArgumentHint, accountSelection } from '../config/account-selection';
import { type CommandSpec, optionValue, type ParsedCommandLine, userPath } from '../config/command-line';
import { CONFIG_PATH_ENV, displayPath } from '../config/config-file';
import { OUTDIR_ENV, resolveOutdir } from '../config/output-dir';
import { chooseConfigFile, runCommand } from '../config/run-command';
import { allUpToDate, compareOutputs, formatFreshness } from '../operations/freshness';

/** Built next to this script by `npm run check:fresh`. */
const MAIN_JS = path.join(__dirname, 'main.js');

const CHECK_FRESH: CommandSpec = {
  usage: 'npm run check:fresh --',
  options: [
    { name: 'dir', value: 'DIR', description: `the committed output to check; default: ${OUTDIR_ENV}, else the project's cdktf.out` },
    ACCOUNT_OPTION,
  ],
  strayArgumentHint: accountArgumentHint,
};

function checkFresh(commandLine: ParsedCommandLine): number {
  const configFile = chooseConfigFile();
  const given = optionValue(commandLine, 'dir');
  const committedDir = given === undefined ? resolveOutdir() : userPath(given);
  // Written where synth writes by default: then plain `npm run synth` rewrites it.
  const synthCommand = committedDir === resolveOutdir() ? 'npm run synth' : `${OUTDIR_ENV}=${displayPath(committedDir)} npm run synth`;
  const accounts = commandLine.values.get(ACCOUNT_OPTION.name) ?? [];
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-fresh-'));
  try {
    // The synth is given the file chosen here, so both read the same one whatever chose it.
    const synth = spawnSync(process.execPath, [MAIN_JS, ...accounts.map((pattern) => `--${ACCOUNT_OPTION.name}=${pattern}`)], {
      env: { ...process.env, [OUTDIR_ENV]: freshDir, [CONFIG_PATH_ENV]: configFile.path },
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
    const results = compareOutputs(committedDir, freshDir, { selectedOnly: accountSelection(commandLine) !== undefined });
    const summary = formatFreshness(results, {
      committedDir: displayPath(committedDir),
      configName: displayPath(configFile.path),
      synthCommand,
    });
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

void runCommand(CHECK_FRESH, checkFresh);
