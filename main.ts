/**
 * Entry point (`cdktf synth`, `npm run synth`): validate the organization file, then synthesize
 * one stack per account. Wiring only; everything else lives in config/, stacks/ and modules/.
 */
import { ConfigError, loadOrganizationConfig, resolveConfigPath } from './config/load';
import { synthesizeOrganization } from './stacks/organization';

function main(): number {
  try {
    // Validation comes first and writes nothing: a bad config leaves no output behind.
    synthesizeOrganization(loadOrganizationConfig(resolveConfigPath()));
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 1;
  }
}

process.exitCode = main();
