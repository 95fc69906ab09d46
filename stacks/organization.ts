import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Manifest, type StackManifest } from 'cdktf';
import { governedByControlTower } from '../config/names';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { AccountBaselineStack } from './account-baseline-stack';
import { organizationShape } from './baseline-shape';
import { LogArchiveStack } from './log-archive';
import { ManagementStack } from './management';
import { forgetWhatOrganizationModeDrops } from './migration';
import { SecurityStack } from './security';

/**
 * The stack (one Terraform state) of one account, named after it. In organization mode the
 * account's role chooses the stack. Its `removed`/`moved` blocks make moving from an earlier form
 * (standalone, or organization mode without Control Tower) forget what it drops, never destroy it.
 */
export function accountStack(app: App, org: OrganizationConfig, account: AccountConfig): AccountBaselineStack {
  if (org.mode === 'standalone') return new AccountBaselineStack(app, { org, account });
  const stack = roleStack(app, org, account);
  const withoutControlTower: OrganizationConfig = { ...org, organization: { ...org.organization!, controlTower: undefined } };
  forgetWhatOrganizationModeDrops(stack, [
    (shadowId) => new AccountBaselineStack(app, { org: { ...org, mode: 'standalone' }, account }, shadowId),
    ...(governedByControlTower(org) ? [(shadowId: string) => roleStack(app, withoutControlTower, account, shadowId)] : []),
  ]);
  return stack;
}

/**
 * The stacks an account's stack is deployed after, in roll-out order (organization mode):
 * log-archive (the buckets every trail writes to), management (the organization trail and the
 * delegated administrators), security (the administrator), then every other account.
 */
export function stackDependencies(org: OrganizationConfig, account: AccountConfig): string[] {
  if (org.mode === 'standalone') return [];
  const before: Partial<Record<AccountConfig['role'], AccountConfig['role']>> = { management: 'log-archive', security: 'management', workload: 'security' };
  const role = before[account.role];
  return role ? org.accounts.filter((a) => a.role === role).map((a) => a.name) : [];
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

export interface SynthesisOptions {
  /** @default `CDKTF_OUTDIR`, else `cdktf.out` */
  readonly outdir?: string;
  /**
   * Only these accounts' stacks are written; the other stacks' output and manifest entries stay as
   * they are. @default every account
   */
  readonly accounts?: readonly AccountConfig[];
  /** Called after each stack is written (for progress). */
  readonly onStack?: (stack: SynthesizedStack, done: number, total: number) => void;
}

/** What was written for one account. */
export interface SynthesizedStack {
  readonly name: string;
  /** Resources the stack declares. */
  readonly resources: number;
}

/**
 * Writes the account stacks of a validated organization, one at a time, so memory is bounded by
 * one stack (with the shadows its migration blocks compare it to), not by the organization. Each
 * stack gets an App of its own; the manifest that cdktf would write for all of them in one App
 * (dependencies included) is written at the end, from the entries of the stacks written now and,
 * when only some accounts are selected, the existing entries of the others. The output is
 * byte-identical to one App holding every stack (tested). Creating an App creates the output
 * directory: call this only with a config that passed validation.
 */
export function synthesizeOrganization(org: OrganizationConfig, options: SynthesisOptions = {}): SynthesizedStack[] {
  const outdir = options.outdir ?? process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const accounts = options.accounts ?? org.accounts;
  const entries: Record<string, StackManifest> = options.accounts ? existingManifestEntries(outdir, org) : {};
  let version = '';
  const written = accounts.map((account, index) => {
    // Stack traces in metadata would put this machine's paths into the output.
    const app = new App({ outdir, stackTraces: false });
    accountStack(app, org, account);
    app.synth();
    version = app.manifest.version;
    entries[account.name] = { ...app.manifest.stacks[account.name], dependencies: stackDependencies(org, account) };
    const synthesized: SynthesizedStack = { name: account.name, resources: resourceCount(path.join(outdir, entries[account.name].synthesizedStackPath)) };
    options.onStack?.(synthesized, index + 1, accounts.length);
    return synthesized;
  });
  const manifest = new Manifest(version, outdir, false);
  for (const name of Object.keys(entries)) manifest.stacks[name] = entries[name];
  manifest.writeToFile();
  return written;
}

/** The manifest entries already written for accounts still in the organization. */
function existingManifestEntries(outdir: string, org: OrganizationConfig): Record<string, StackManifest> {
  const file = path.join(outdir, Manifest.fileName);
  if (!fs.existsSync(file)) return {};
  const stacks: Record<string, StackManifest> = JSON.parse(fs.readFileSync(file, 'utf8')).stacks ?? {};
  return Object.fromEntries(Object.entries(stacks).filter(([name]) => org.accounts.some((a) => a.name === name)));
}

/** Resources declared in a synthesized stack file. */
function resourceCount(stackFile: string): number {
  const resources: Record<string, Record<string, unknown>> = JSON.parse(fs.readFileSync(stackFile, 'utf8')).resource ?? {};
  return Object.values(resources).reduce((sum, byId) => sum + Object.keys(byId).length, 0);
}
