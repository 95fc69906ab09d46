/**
 * cdktf's own way to synthesize the same stacks (accountStack), as this project did before it
 * wrote one stack at a time: every account stack in one App, dependencies by `addDependency`,
 * cdktf's preparing resolve included (which AccountBaselineStack skips) and cdktf's second resolve
 * of each whole stack (which it also skips). It is the reference __tests__/stacks/synthesis.test.ts
 * compares the output with, and the old path `npm run bench` measures: run as a script it
 * synthesizes SECURITY_BASELINE_CONFIG into CDKTF_OUTDIR, without cdktf-without-stack-traces.
 */
import { App, TerraformStack } from 'cdktf';
import { resolveConfigFile } from '../config/config-file';
import { loadOrganizationConfig } from '../config/load';
import { resolveOutdir } from '../config/output-dir';
import type { OrganizationConfig } from '../config/schema';
import { accountStack, stackDependencies } from '../stacks/organization';

export function synthesizeInOneApp(org: OrganizationConfig, outdir: string): void {
  const app = new App({ outdir, stackTraces: false });
  const stacks = new Map(org.accounts.map((account) => [account.name, accountStack(app, org, account)]));
  for (const account of org.accounts) {
    for (const dependency of stackDependencies(org, account)) stacks.get(account.name)!.addDependency(stacks.get(dependency)!);
  }
  for (const stack of stacks.values()) {
    TerraformStack.prototype.prepareStack.call(stack);
    // cdktf's own toTerraform too, not the one that resolves the stack once (stacks/resolve-once.ts).
    stack.toTerraform = TerraformStack.prototype.toTerraform;
  }
  app.synth();
}

if (require.main === module) synthesizeInOneApp(loadOrganizationConfig(resolveConfigFile().path), resolveOutdir());
