/**
 * `npm run report [-- --out DIR]`: writes compliance-report.md and compliance-report.json (into DIR,
 * default the current directory) from the synthesized stacks in `CDKTF_OUTDIR` (default `cdktf.out`)
 * of the organization file main.ts would use. Exit 1, writing nothing, when the config is invalid or
 * a configured account has no synthesized stack. Wiring only: the report is operations/compliance-report.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveConfigFile } from '../config/config-file';
import { ConfigError, loadOrganizationConfig, resolveOutdir } from '../config/load';
import { buildComplianceReport } from '../operations/compliance-report';
import { renderComplianceMarkdown } from '../operations/compliance-report-markdown';
import { readSynthesizedStacks, SynthesizedOutputMissing } from '../operations/synthesized-output';

/** The directory to write to (`--out DIR`, `--out=DIR`); undefined when an argument is not understood. */
function outputDirectory(argv: readonly string[]): string | undefined {
  if (argv.length === 0) return '.';
  if (argv.length === 2 && argv[0] === '--out') return argv[1];
  if (argv.length === 1 && argv[0].startsWith('--out=')) return argv[0].slice('--out='.length);
  return undefined;
}

function main(argv: readonly string[]): number {
  const outDir = outputDirectory(argv);
  if (!outDir) {
    console.error(`usage: npm run report [-- --out DIR] (got: ${argv.join(' ')})`);
    return 1;
  }
  try {
    const org = loadOrganizationConfig(resolveConfigFile().path);
    const report = buildComplianceReport(org, readSynthesizedStacks(org, resolveOutdir()));
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'compliance-report.md'), renderComplianceMarkdown(report));
    fs.writeFileSync(path.join(outDir, 'compliance-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${path.join(outDir, 'compliance-report.md')} and compliance-report.json (${report.stacks.length} stacks)`);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof SynthesizedOutputMissing)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
