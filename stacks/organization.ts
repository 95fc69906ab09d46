import { App } from 'cdktf';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { AccountBaselineStack } from './account-baseline-stack';
import { organizationShape } from './baseline-shape';
import { LogArchiveStack } from './log-archive';
import { ManagementStack } from './management';
import { forgetWhatOrganizationModeDrops } from './migration';
import { SecurityStack } from './security';

/**
 * One stack (one Terraform state) per account of the organization, named after the account. In
 * organization mode the account's role chooses the stack, and the stacks depend on each other in
 * roll-out order: log-archive (the buckets every trail writes to), management (the organization
 * trail and the delegated administrators), security (the administrator), then every other account.
 */
export function addAccountStacks(app: App, org: OrganizationConfig): AccountBaselineStack[] {
  if (org.mode === 'standalone') return org.accounts.map((account) => new AccountBaselineStack(app, { org, account }));

  const stacks = org.accounts.map((account) => {
    const props = { org, account, shape: organizationShape(org, account) };
    switch (account.role) {
      case 'log-archive':
        return new LogArchiveStack(app, props);
      case 'management':
        return new ManagementStack(app, props);
      case 'security':
        return new SecurityStack(app, props);
      case 'workload':
        return new AccountBaselineStack(app, props);
    }
  });
  const byRole = (role: AccountConfig['role']) => stacks.filter((stack) => stack.account.role === role);
  const [logArchive] = byRole('log-archive');
  const [management] = byRole('management');
  const [security] = byRole('security');
  management.addDependency(logArchive);
  security.addDependency(management);
  for (const workload of byRole('workload')) workload.addDependency(security);
  for (const stack of stacks) forgetWhatOrganizationModeDrops(stack, org);
  return stacks;
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
