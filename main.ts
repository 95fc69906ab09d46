/**
 * Entry point (`cdktf synth`, `npm run synth`): validate the organization file, then synthesize
 * its account stacks (all, or those `--account` selects), on every core for a large organization,
 * reporting progress and a summary on stderr. The same bundle is each synthesis worker's entry
 * point. Wiring only; everything else lives in config/, stacks/ and modules/.
 */
import './cdktf-without-stack-traces'; // first, before anything loads cdktf: see that file
import { isMainThread } from 'node:worker_threads';
import { accountPatterns, selectAccounts } from './config/account-selection';
import { resolveConfigFile } from './config/config-file';
import { ConfigError, loadOrganizationConfig } from './config/load';
import { synthesisWorkers } from './config/synthesis-workers';
import { synthesisReporter } from './stacks/synthesis-report';

async function main(): Promise<number> {
  try {
    // Validation comes first and writes nothing: a bad config or selection leaves no output behind.
    const configPath = resolveConfigFile().path;
    const org = loadOrganizationConfig(configPath);
    const patterns = accountPatterns(process.argv.slice(2));
    const accounts = patterns ? selectAccounts(org, patterns, configPath) : undefined;
    const workers = synthesisWorkers((accounts ?? org.accounts).length, configPath);
    // Loaded only for a valid config: cdktf and the provider bindings take most of a rejected run's time.
    const report = synthesisReporter(org, process.stderr, process.env);
    const options = { accounts, onStack: report.progress };
    if (workers > 1) {
      const { synthesizeOrganizationInParallel } = await import('./stacks/parallel-synthesis');
      report.done(await synthesizeOrganizationInParallel(org, { ...options, workers, workerScript: __filename }));
    } else {
      const { synthesizeOrganization } = await import('./stacks/organization');
      report.done(synthesizeOrganization(org, options));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
}

if (isMainThread) {
  main().then(
    (exitCode) => (process.exitCode = exitCode),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
} else {
  import('./stacks/parallel-synthesis').then(({ serveSynthesisRequests }) => serveSynthesisRequests());
}
