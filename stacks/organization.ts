import { App } from 'cdktf';
import { governedByControlTower } from '../config/names';
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

  const stacks = org.accounts.map((account) => roleStack(app, org, account));
  const byRole = (role: AccountConfig['role']) => stacks.filter((stack) => stack.account.role === role);
  const [logArchive] = byRole('log-archive');
  const [management] = byRole('management');
  const [security] = byRole('security');
  management.addDependency(logArchive);
  security.addDependency(management);
  for (const workload of byRole('workload')) workload.addDependency(security);
  // What an account's stack may have been before: standalone, or (under Control Tower) the same
  // organization without it.
  const withoutControlTower: OrganizationConfig = { ...org, organization: { ...org.organization!, controlTower: undefined } };
  for (const stack of stacks) {
    const { account } = stack;
    forgetWhatOrganizationModeDrops(stack, [
      (shadowId) => new AccountBaselineStack(app, { org: { ...org, mode: 'standalone' }, account }, shadowId),
      ...(governedByControlTower(org) ? [(shadowId: string) => roleStack(app, withoutControlTower, account, shadowId)] : []),
    ]);
  }
  return stacks;
}

/** The stack of an account of an organization-mode `org`, chosen by its role. */
function roleStack(app: App, org: OrganizationConfig, account: AccountConfig, stackId?: string): AccountBaselineStack {
  const props = { org, account, shape: organizationShape(org, account) };
  switch (account.role) {
    case 'log-archive':
      return new LogArchiveStack(app, props, stackId);
    case 'management':
      return new ManagementStack(app, props, stackId);
    case 'security':
      return new SecurityStack(app, props, stackId);
    case 'workload':
      return new AccountBaselineStack(app, props, stackId);
  }
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
