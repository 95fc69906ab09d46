#!/usr/bin/env node
// `npm run bench`: how long synth of an organization takes and how much memory it needs.
// Measures the app as `cdktf synth` runs it (esbuild bundle, then node), for the bundled example
// organization and for a generated one with many accounts. Usage: npm run bench [-- --runs N --accounts N]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const runs = Number(args.runs ?? 3);
const manyAccounts = Number(args.accounts ?? 50);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-bench-'));

const buildStart = process.hrtime.bigint();
execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
const buildSeconds = Number(process.hrtime.bigint() - buildStart) / 1e9;

function measure(configPath) {
  const samples = [];
  for (let run = 0; run < runs; run++) {
    const outdir = path.join(work, `out-${run}`);
    const usageFile = path.join(work, 'usage.json');
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, ['-r', path.join(root, 'scripts', 'report-usage.cjs'), path.join(root, 'dist', 'main.js')], {
      cwd: root,
      env: { ...process.env, SECURITY_BASELINE_CONFIG: configPath, CDKTF_OUTDIR: outdir, BENCH_USAGE_FILE: usageFile },
      encoding: 'utf8',
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (result.status !== 0) throw new Error(`synth failed:\n${result.stderr}`);
    const stacks = fs.readdirSync(path.join(outdir, 'stacks')).length;
    samples.push({ seconds, maxRssMiB: JSON.parse(fs.readFileSync(usageFile, 'utf8')).maxRssKiB / 1024, stacks });
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  return { ...samples[Math.floor(samples.length / 2)], peakRssMiB: Math.max(...samples.map((s) => s.maxRssMiB)) };
}

const example = path.join(root, 'config', 'examples', 'organization.json');
const generated = JSON.parse(fs.readFileSync(example, 'utf8'));
generated.accounts = [
  ...generated.accounts.filter((a) => a.role !== 'workload'),
  ...Array.from({ length: manyAccounts }, (_, i) => ({ name: `workload-${i + 1}`, id: String(100000000000 + i), role: 'workload' })),
];
const generatedPath = path.join(work, 'generated-organization.json');
fs.writeFileSync(generatedPath, JSON.stringify(generated));

console.log(`build (esbuild bundle): ${buildSeconds.toFixed(2)} s`);
console.log(`synth, median of ${runs} runs, wall clock including node start-up:`);
for (const [label, file] of [['example organization', example], [`generated organization`, generatedPath]]) {
  const m = measure(file);
  console.log(`  ${label.padEnd(24)} ${String(m.stacks).padStart(4)} stacks  ${m.seconds.toFixed(2)} s  peak RSS ${m.peakRssMiB.toFixed(0)} MiB`);
}
fs.rmSync(work, { recursive: true, force: true });
