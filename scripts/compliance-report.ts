/**
 * `npm run report [-- --out DIR]`: writes compliance-report.md and compliance-report.json (into DIR,
 * default the directory the command was typed in) from the synthesized stacks in `CDKTF_OUTDIR`
 * (default the project's `cdktf.out`) of the organization file synth uses. Exit 1, writing nothing,
 * when the config is invalid or a configured account has no synthesized stack; 2 for a wrong
 * command line. Wiring only: the report is operations/compliance-report.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandSpec, optionValue, type ParsedCommandLine, userPath } from '../config/command-line';
import { displayPath } from '../config/config-file';
import { loadOrganizationConfig } from '../config/load';
import { resolveOutdir } from '../config/output-dir';
import { chooseConfigFile, runCommand } from '../config/run-command';
import { buildComplianceReport } from '../operations/compliance-report';
import { renderComplianceMarkdown } from '../operations/compliance-report-markdown';
import { readSynthesizedStacks } from '../operations/synthesized-output';

const REPORT: CommandSpec = {
  usage: 'npm run report --',
  options: [{ name: 'out', value: 'DIR', description: 'where to write compliance-report.md and .json; default: the current directory' }],
};

function report(commandLine: ParsedCommandLine): number {
  const outDir = userPath(optionValue(commandLine, 'out') ?? '.');
  const configFile = chooseConfigFile();
  const org = loadOrganizationConfig(configFile.path);
  const outdir = resolveOutdir();
  const complianceReport = buildComplianceReport(org, readSynthesizedStacks(org, outdir));
  const [markdown, json] = ['compliance-report.md', 'compliance-report.json'].map((name) => path.join(outDir, name));
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(markdown, renderComplianceMarkdown(complianceReport));
  fs.writeFileSync(json, `${JSON.stringify(complianceReport, null, 2)}\n`);
  const stacks = complianceReport.stacks.length;
  console.log(
    `wrote ${displayPath(markdown)} and ${displayPath(json)}: ${stacks} stack${stacks === 1 ? '' : 's'} of ` +
      `${displayPath(configFile.path)}, read from ${displayPath(outdir)}`,
  );
  return 0;
}

void runCommand(REPORT, report);
