/**
 * Entry point (`cdktf synth`, `npm run synth`): validate the organization file, then synthesize
 * one stack per account. Wiring only; everything else lives in config/, stacks/ and modules/.
 */
import './cdktf-without-stack-traces'; // first, before anything loads cdktf: see that file
import { ConfigError, loadOrganizationConfig, resolveConfigPath } from './config/load';

function main(): number {
  try {
    // Validation comes first and writes nothing: a bad config leaves no output behind.
    const org = loadOrganizationConfig(resolveConfigPath());
    // Loaded only for a valid config: cdktf and the provider bindings take most of a rejected run's time.
    const { synthesizeOrganization } = require('./stacks/organization') as typeof import('./stacks/organization');
    synthesizeOrganization(org);
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main();
