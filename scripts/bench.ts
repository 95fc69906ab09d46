/**
 * `npm run bench [-- --runs N --case NAME … --markdown FILE]`: how long synth takes and how much
 * memory it needs, on this machine, for the organization file synth uses (the bundled example
 * unless you chose yours), 100 and 1,000 accounts in every default-enabled region (17), and one
 * account selected out of 1,000; each as `cdktf synth` runs it (main.js: one stack at a time per
 * thread, on every core, no token stack traces, no preparing resolve, each stack resolved once,
 * tokens released) and the way cdktf itself would, on the same stacks (one-app-synthesis.js: every
 * stack in one App, stack traces captured, the preparing resolve, cdktf's own toTerraform). Wall
 * time includes node's start; peak RSS is the whole process's, worker threads included. Every input
 * and output is checked before the first run. `--markdown FILE` also writes the table there.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CommandSpec, optionValue, type ParsedCommandLine, UsageError, userPath } from '../config/command-line';
import { CONFIG_PATH_ENV, displayPath, EXAMPLE_CONFIG_PATH } from '../config/config-file';
import { loadOrganizationConfig } from '../config/load';
import { OUTDIR_ENV } from '../config/output-dir';
import { detectiveRegions } from '../config/regions';
import { chooseConfigFile, runCommand } from '../config/run-command';
import { didYouMean } from '../config/suggestions';
import { projectPath } from '../modules/core/project-root';

/** The two ways of synthesizing, built next to this script by `npm run bench`. */
const PATHS = {
  now: { label: 'now', script: path.join(__dirname, 'main.js') },
  before: { label: "cdktf's own path (one App, stack traces)", script: path.join(__dirname, 'one-app-synthesis.js') },
} as const;
type PathKey = keyof typeof PATHS;

const CASE_KEYS = ['organization', '100-accounts', '1000-accounts', 'one-of-1000'] as const;
type CaseKey = (typeof CASE_KEYS)[number];
const DEFAULT_RUNS = 3;
const MIB_PER_GIB = 1024;

const BENCH: CommandSpec = {
  usage: 'npm run bench --',
  options: [
    {
      name: 'runs',
      value: 'N',
      description: `runs of the organization case, the median shown (default ${DEFAULT_RUNS}); the others run once`,
    },
    { name: 'case', value: 'NAME', repeatable: true, description: `only this case: ${CASE_KEYS.join(', ')}; default: all` },
    { name: 'markdown', value: 'FILE', description: 'also write the table to FILE' },
  ],
};

/** One case of the table: an organization file, how often, and the target it should meet. */
interface BenchCase {
  readonly name: string;
  readonly config: string;
  readonly runs: number;
  readonly target: string;
  readonly args?: readonly string[];
  /** cdktf's own path has no selection. */
  readonly nowOnly?: boolean;
}

/** One synth in a fresh process: wall seconds, peak RSS in MiB, stacks written; or why it failed. */
interface Measurement {
  readonly seconds: number;
  readonly peakMiB: number | undefined;
  readonly stacks: number;
  readonly failed?: string;
}

function bench(commandLine: ParsedCommandLine): number {
  // Everything that could fail is checked first: the run takes minutes.
  const runs = wholeNumber(optionValue(commandLine, 'runs') ?? String(DEFAULT_RUNS));
  const caseKeys = selectedCases(commandLine.values.get('case'));
  const markdownGiven = optionValue(commandLine, 'markdown');
  const markdown = markdownGiven === undefined ? undefined : writableFile(markdownGiven);
  const configFile = chooseConfigFile();
  const org = loadOrganizationConfig(configFile.path);
  const machine = describeMachine();

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-bench-'));
  try {
    const generated = new Map<number, string>();
    const generatedOrganization = (accounts: number) => {
      if (!generated.has(accounts)) generated.set(accounts, writeGeneratedOrganization(work, accounts));
      return generated.get(accounts)!;
    };
    const regions = detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions).length;
    const cases: Record<CaseKey, () => BenchCase> = {
      organization: () => ({
        name: `${configFile.isBundledExample ? 'example organization, ' : ''}${displayPath(configFile.path)} (${plural(org.accounts.length, 'account')}, ${plural(regions, 'detective-control region')})`,
        config: configFile.path,
        runs,
        // The target was set for the bundled example; another organization has none.
        target: configFile.isBundledExample ? '≤ 0.5 s' : '–',
      }),
      '100-accounts': () => ({
        name: '100 accounts × 17 regions',
        config: generatedOrganization(100),
        runs: 1,
        target: '≤ 10 s, ≤ 600 MB',
      }),
      '1000-accounts': () => ({
        name: '1,000 accounts × 17 regions',
        config: generatedOrganization(1000),
        runs: 1,
        target: '≤ 90 s, ≤ 2 GB',
      }),
      // The old path had no selection: it always wrote every stack, as the 1,000-account row shows.
      'one-of-1000': () => ({
        name: 'one account of 1,000 (`--account workload-500`)',
        config: generatedOrganization(1000),
        runs: 1,
        args: ['--account', 'workload-500'],
        target: '≤ 1 s',
        nowOnly: true,
      }),
    };
    const rows = caseKeys.map((key) => tableRow(cases[key](), work));
    const table = [
      `${machine}`,
      `${caseKeys.includes('organization') ? `Organization case: median of ${plural(runs, 'run')}; the others: one run. ` : ''}Wall time includes node's start.`,
      '',
      `| case | target | ${PATHS.now.label} | ${PATHS.before.label} | ratio |`,
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n');
    console.log(table);
    if (markdown) {
      const written = `npm run bench -- ${commandLineText(commandLine)}`;
      fs.writeFileSync(
        markdown,
        `# Synth benchmarks\n\nWritten by \`${written}\` on the machine described below (see README, Synthesizing).\n\n${table}`,
      );
      console.error(`wrote ${displayPath(markdown)}`);
    }
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function tableRow(benchCase: BenchCase, work: string): string {
  const measured: Partial<Record<PathKey, Measurement>> = {};
  for (const key of Object.keys(PATHS) as PathKey[]) {
    if (key === 'before' && benchCase.nowOnly) continue;
    process.stderr.write(`${benchCase.name}, ${PATHS[key].label}…\n`);
    measured[key] = median(Array.from({ length: benchCase.runs }, () => synth(PATHS[key].script, benchCase, work)));
  }
  const { now, before } = measured as { now: Measurement; before?: Measurement };
  const ratio =
    before && !before.failed && !now.failed && now.peakMiB && before.peakMiB
      ? `${(before.seconds / now.seconds).toFixed(1)}× faster, ${(before.peakMiB / now.peakMiB).toFixed(1)}× less memory`
      : '';
  return `| ${benchCase.name} | ${benchCase.target} | ${formatMeasurement(now)} | ${formatMeasurement(before)} | ${ratio} |`;
}

function synth(script: string, benchCase: BenchCase, work: string): Measurement {
  const outdir = fs.mkdtempSync(path.join(work, 'out-'));
  const usageFile = path.join(work, 'usage.json');
  fs.rmSync(usageFile, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', projectPath('scripts', 'report-usage.cjs'), script, ...(benchCase.args ?? [])], {
    cwd: projectPath(),
    env: { ...process.env, CI: 'true', [CONFIG_PATH_ENV]: benchCase.config, [OUTDIR_ENV]: outdir, BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakMiB = fs.existsSync(usageFile) ? JSON.parse(fs.readFileSync(usageFile, 'utf8')).maxRssKiB / 1024 : undefined;
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).length : 0;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status === 0) return { seconds, peakMiB, stacks };
  const failed = /heap out of memory/i.test(result.stderr)
    ? 'out of memory'
    : (result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`);
  return { seconds, peakMiB, stacks, failed };
}

function median(runs: readonly Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const peaks = runs.flatMap((r) => (r.peakMiB === undefined ? [] : [r.peakMiB]));
  // A process that runs out of memory dies before it can report its peak.
  return { ...sorted[Math.floor(sorted.length / 2)], peakMiB: peaks.length > 0 ? Math.max(...peaks) : undefined };
}

function formatMeasurement(m: Measurement | undefined): string {
  if (!m) return 'n/a (no selection: it writes all 1,000)';
  const memory =
    m.peakMiB === undefined
      ? 'not recorded'
      : m.peakMiB >= MIB_PER_GIB
        ? `${(m.peakMiB / MIB_PER_GIB).toFixed(2)} GiB`
        : `${m.peakMiB.toFixed(0)} MiB`;
  return m.failed
    ? `failed after ${m.seconds.toFixed(1)} s (${m.failed}), peak ${memory}`
    : `${m.seconds.toFixed(2)} s, peak ${memory}, ${plural(m.stacks, 'stack')}`;
}

/** The bundled example with `accounts` accounts in all, the extra ones workloads, in all 17 default-enabled regions. */
function writeGeneratedOrganization(work: string, accounts: number): string {
  const example = JSON.parse(fs.readFileSync(projectPath(EXAMPLE_CONFIG_PATH), 'utf8'));
  const roles = example.accounts.filter((a: { role: string }) => a.role !== 'workload');
  const workloads = Array.from({ length: accounts - roles.length }, (_, i) => ({
    name: `workload-${i + 1}`,
    id: String(100000000000 + i),
    role: 'workload',
  }));
  const file = path.join(work, `organization-${accounts}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ ...example, detectiveControlRegions: 'all-default-enabled', accounts: [...roles, ...workloads] }),
  );
  return file;
}

/** The commit and the machine, for the table's first line; read before the run so a missing git fails nothing later. */
function describeMachine(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: projectPath(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  let commit: string;
  try {
    commit = `Commit ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' (with uncommitted changes)' : ''}`;
  } catch {
    commit = 'Commit unknown (not a git checkout)';
  }
  const cpus = os.cpus();
  return `${commit}; ${cpus.length} cores (${cpus[0].model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}.`;
}

function wholeNumber(given: string): number {
  if (!/^[1-9]\d*$/.test(given)) throw new UsageError(`--runs: ${JSON.stringify(given)} must be a whole number from 1`);
  return Number(given);
}

function selectedCases(given: readonly string[] | undefined): CaseKey[] {
  if (!given) return [...CASE_KEYS];
  const unknown = given.filter((key) => !(CASE_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new UsageError(
      unknown
        .map((key) => `--case: ${JSON.stringify(key)} is not a case${didYouMean(key, CASE_KEYS)}; cases: ${CASE_KEYS.join(', ')}`)
        .join('\n'),
    );
  }
  return CASE_KEYS.filter((key) => given.includes(key));
}

/** The absolute path of a file the user names, once it is sure it can be written: its folder exists and is writable. */
function writableFile(given: string): string {
  const file = userPath(given);
  const folder = path.dirname(file);
  const problem = !fs.existsSync(folder)
    ? `its folder ${folder} does not exist`
    : !fs.statSync(folder).isDirectory()
      ? `${folder} is not a folder`
      : fs.existsSync(file) && fs.statSync(file).isDirectory()
        ? 'it is a folder'
        : !canWrite(fs.existsSync(file) ? file : folder)
          ? 'it is not writable'
          : undefined;
  if (problem) throw new UsageError(`--markdown: cannot write ${JSON.stringify(given)} (${file}): ${problem}`);
  return file;
}

function canWrite(target: string): boolean {
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The options as given, for the markdown's first line. */
function commandLineText(commandLine: ParsedCommandLine): string {
  return [...commandLine.values].flatMap(([name, values]) => values.map((value) => `--${name} ${value}`)).join(' ');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

void runCommand(BENCH, bench);
