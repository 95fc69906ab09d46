/**
 * Entry point (`cdktf synth`, `npm run synth`): validate the organization file, then synthesize
 * its account stacks (all, or those `--account` selects), reporting progress and a summary on
 * stderr. Wiring only; everything else lives in config/, stacks/ and modules/.
 */
import './cdktf-without-stack-traces'; // first, before anything loads cdktf: see that file
import { accountPatterns, selectAccounts } from './config/account-selection';
import { ConfigError, loadOrganizationConfig, resolveConfigPath } from './config/load';
import { synthesisReporter } from './stacks/synthesis-report';

function main(): number {
  try {
    // Validation comes first and writes nothing: a bad config or selection leaves no output behind.
    const configPath = resolveConfigPath();
    const org = loadOrganizationConfig(configPath);
    const patterns = accountPatterns(process.argv.slice(2));
    const accounts = patterns ? selectAccounts(org, patterns, configPath) : undefined;
    // Loaded only for a valid config: cdktf and the provider bindings take most of a rejected run's time.
    const { synthesizeOrganization } = require('./stacks/organization') as typeof import('./stacks/organization');
    const report = synthesisReporter(org, process.stderr, process.env);
    report.done(synthesizeOrganization(org, { accounts, onStack: report.progress }));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main();
