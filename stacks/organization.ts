import { App } from 'cdktf';
import type { OrganizationConfig } from '../config/schema';
import { AccountBaselineStack } from './account-baseline-stack';

/** One stack (one Terraform state) per account of the organization, named after the account. */
export function addAccountStacks(app: App, org: OrganizationConfig): AccountBaselineStack[] {
  return org.accounts.map((account) => new AccountBaselineStack(app, { org, account }));
}

/**
 * Writes every account stack of a validated organization to `outdir` (default: `CDKTF_OUTDIR`,
 * else `cdktf.out`). Creating the App creates that directory, so call this only with a config
 * that passed validation.
 */
export function synthesizeOrganization(org: OrganizationConfig, outdir?: string): void {
  // Stack traces in metadata would put this machine's paths into the output.
  const app = new App({ outdir, stackTraces: false });
  addAccountStacks(app, org);
  app.synth();
}
