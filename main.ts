/**
 * Entry point (`cdktf synth`, `npm run synth`): validate the organization file, then synthesize
 * its account stacks (all, or those `--account` selects), on every core for a large organization,
 * reporting progress and a summary. The same bundle is each synthesis worker's entry point.
 * Wiring only; everything else lives in config/, stacks/ and modules/.
 */
import './cdktf-without-stack-traces'; // first, before anything loads cdktf: see that file
import { isMainThread } from 'node:worker_threads';
import { ACCOUNT_OPTION, accountArgumentHint, accountSelection, selectAccounts } from './config/account-selection';
import type { CommandSpec, ParsedCommandLine } from './config/command-line';
import { displayPath } from './config/config-file';
import { loadOrganizationConfig } from './config/load';
import { chooseConfigFile, runCommand } from './config/run-command';
import { synthesisWorkers } from './config/synthesis-workers';
import { reportStream, synthesisReporter } from './stacks/synthesis-report';

const SYNTH: CommandSpec = {
  usage: 'npm run synth --',
  options: [ACCOUNT_OPTION],
  strayArgumentHint: accountArgumentHint,
};

async function synth(commandLine: ParsedCommandLine): Promise<number> {
  // Validation comes first and writes nothing: a bad config or selection leaves no output behind.
  const configFile = chooseConfigFile();
  const configName = displayPath(configFile.path);
  const org = loadOrganizationConfig(configFile.path);
  const selection = accountSelection(commandLine);
  const accounts = selection ? selectAccounts(org, selection, configName) : undefined;
  const workers = synthesisWorkers((accounts ?? org.accounts).length);
  // Loaded only for a valid config: cdktf and the provider bindings take most of a rejected run's time.
  const report = synthesisReporter(org, configName, reportStream(process.env), process.env);
  const options = { accounts, onStack: report.progress };
  if (workers > 1) {
    const { synthesizeOrganizationInParallel } = await import('./stacks/parallel-synthesis');
    report.done(await synthesizeOrganizationInParallel(org, { ...options, workers, workerScript: __filename }));
  } else {
    const { synthesizeOrganization } = await import('./stacks/organization');
    report.done(synthesizeOrganization(org, options));
  }
  return 0;
}

if (isMainThread) {
  void runCommand(SYNTH, synth);
} else {
  import('./stacks/parallel-synthesis').then(({ serveSynthesisRequests }) => serveSynthesisRequests());
}
