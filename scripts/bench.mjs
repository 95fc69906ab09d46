#!/usr/bin/env node
// `npm run bench`: how long synth takes and how much memory it needs, on this machine, for the
// bundled example organization, 100 and 1,000 accounts in every default-enabled region (17), and
// one account selected out of 1,000; each as `cdktf synth` runs it (dist/main.js: one stack at a
// time per thread, on every core, no token stack traces, no preparing resolve, each stack resolved
// once, tokens released) and the way cdktf itself would, on the same stacks
// (dist/one-app-synthesis.js: every stack in one App, stack traces captured, the preparing resolve,
// cdktf's own toTerraform). Wall time includes node's start; peak RSS is the
// whole process's, worker threads included. `--markdown FILE` also writes the table there.
// Usage: npm run bench [-- --runs N --markdown docs/benchmarks.md]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
/** Runs of the example organization (the median is shown); the large ones run once. */
const exampleRuns = Number(args.runs ?? 3);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-bench-'));
const GIB = 1024;

const PATHS = {
  now: { label: 'now', script: path.join(root, 'dist', 'main.js') },
  before: { label: "cdktf's own path (one App, stack traces)", script: path.join(root, 'dist', 'one-app-synthesis.js') },
};

/** One synth in a fresh process: wall seconds, peak RSS in MiB, stacks written; or why it failed. */
function synth(script, configPath, extraArgs = []) {
  const outdir = fs.mkdtempSync(path.join(work, 'out-'));
  const usageFile = path.join(work, 'usage.json');
  fs.rmSync(usageFile, { force: true });
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', path.join(root, 'scripts', 'report-usage.cjs'), script, ...extraArgs], {
    cwd: root,
    env: { ...process.env, CI: 'true', SECURITY_BASELINE_CONFIG: configPath, CDKTF_OUTDIR: outdir, BENCH_USAGE_FILE: usageFile },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const peakMiB = fs.existsSync(usageFile) ? JSON.parse(fs.readFileSync(usageFile, 'utf8')).maxRssKiB / 1024 : undefined;
  const stacksDir = path.join(outdir, 'stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).length : 0;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (result.status !== 0) {
    const reason = /heap out of memory/i.test(result.stderr)
      ? 'out of memory'
      : (result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`);
    return { seconds, peakMiB, stacks, failed: reason };
  }
  return { seconds, peakMiB, stacks };
}

function median(runs) {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const peaks = runs.map((r) => r.peakMiB).filter((peak) => peak !== undefined);
  // A process that runs out of memory dies before it can report its peak.
  return { ...sorted[Math.floor(sorted.length / 2)], peakMiB: peaks.length > 0 ? Math.max(...peaks) : undefined };
}

/** The example organization with `accounts` accounts in all, the extra ones workloads, in all 17 default-enabled regions. */
function generatedOrganization(accounts) {
  const example = JSON.parse(fs.readFileSync(path.join(root, 'config', 'examples', 'organization.json'), 'utf8'));
  const roles = example.accounts.filter((a) => a.role !== 'workload');
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

const example = path.join(root, 'config', 'examples', 'organization.json');
const thousand = generatedOrganization(1000);
const CASES = [
  { name: 'example organization (5 accounts, 3 regions)', config: example, runs: exampleRuns, target: '≤ 0.5 s' },
  { name: '100 accounts × 17 regions', config: generatedOrganization(100), runs: 1, target: '≤ 10 s, ≤ 600 MB' },
  { name: '1,000 accounts × 17 regions', config: thousand, runs: 1, target: '≤ 90 s, ≤ 2 GB' },
  // The old path had no selection: it always wrote every stack, as the 1,000-account row shows.
  {
    name: 'one account of 1,000 (`--account workload-500`)',
    config: thousand,
    runs: 1,
    args: ['--account', 'workload-500'],
    target: '≤ 1 s',
    nowOnly: true,
  },
];

const format = (m) => {
  if (!m) return 'n/a (no selection: it writes all 1,000)';
  const memory =
    m.peakMiB === undefined ? 'not recorded' : m.peakMiB >= GIB ? `${(m.peakMiB / GIB).toFixed(2)} GiB` : `${m.peakMiB.toFixed(0)} MiB`;
  return m.failed
    ? `failed after ${m.seconds.toFixed(1)} s (${m.failed}), peak ${memory}`
    : `${m.seconds.toFixed(2)} s, peak ${memory}, ${m.stacks} stacks`;
};

const rows = [];
for (const c of CASES) {
  const measured = {};
  for (const [key, { script }] of Object.entries(PATHS)) {
    if (key === 'before' && c.nowOnly) continue;
    process.stderr.write(`${c.name}, ${PATHS[key].label}…\n`);
    measured[key] = median(Array.from({ length: c.runs }, () => synth(script, c.config, c.args)));
  }
  const { now, before } = measured;
  const ratio =
    before && !before.failed && !now.failed && now.peakMiB && before.peakMiB
      ? `${(before.seconds / now.seconds).toFixed(1)}× faster, ${(before.peakMiB / now.peakMiB).toFixed(1)}× less memory`
      : '';
  rows.push(`| ${c.name} | ${c.target} | ${format(now)} | ${format(before)} | ${ratio} |`);
}
fs.rmSync(work, { recursive: true, force: true });

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim()
  ? ' (with uncommitted changes)'
  : '';
const table = [
  `Commit ${commit}${dirty}; ${os.cpus().length} cores (${os.cpus()[0].model}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}.`,
  `Example organization: median of ${exampleRuns} runs; the others: one run. Wall time includes node's start.`,
  '',
  "| case | target | now | cdktf's own path (one App, stack traces) | ratio |",
  '|---|---|---|---|---|',
  ...rows,
  '',
].join('\n');
console.log(table);
if (args.markdown) {
  fs.writeFileSync(
    path.join(root, args.markdown),
    `# Synth benchmarks\n\nWritten by \`npm run bench -- --markdown ${args.markdown}\` on the machine described below (see README, Synthesizing).\n\n${table}`,
  );
}
