import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Manifest, type StackManifest } from 'cdktf';
// After cdktf itself: its private modules import each other in a cycle.
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { resolveOutdir } from '../config/output-dir';
import { governedByControlTower } from '../config/names';
import { STACKS_FOLDER, synthesizedStackNames } from '../operations/synthesized-output';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { AccountBaselineStack } from './account-baseline-stack';
import { organizationShape } from './baseline-shape';
import { LogArchiveStack } from './log-archive';
import { ManagementStack } from './management';
import { forgetWhatOrganizationModeDrops, terraformResources } from './migration';
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
  // Switched off, the organization trail's log group (which holds logs) and its role are forgotten, not destroyed.
  const withOrganizationTrailLogs: OrganizationConfig = { ...org, auditTrail: { ...org.auditTrail, organizationTrailLogs: true } };
  const shape = organizationShape(org, account);
  forgetWhatOrganizationModeDrops(stack, [
    (shadowId) => new AccountBaselineStack(app, { org: { ...org, mode: 'standalone' }, account }, shadowId),
    ...(governedByControlTower(org) ? [(shadowId: string) => roleStack(app, withoutControlTower, account, shadowId)] : []),
    ...(shape.runsOrganizationTrail && !shape.organizationTrailLogs
      ? [(shadowId: string) => roleStack(app, withOrganizationTrailLogs, account, shadowId)]
      : []),
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
  const before: Partial<Record<AccountConfig['role'], AccountConfig['role']>> = {
    management: 'log-archive',
    security: 'management',
    workload: 'security',
  };
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
  /** @default `CDKTF_OUTDIR`, else the project's `cdktf.out` */
  readonly outdir?: string;
  /**
   * Only these accounts' stacks are written; the other stacks' output stays as it is, and their
   * manifest entries while their accounts are in the organization. @default every account, and the
   * stacks of accounts no longer in the organization are removed
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

/** What a synthesis did. */
export interface SynthesisResult {
  /** The stacks written, in the selection's order. */
  readonly stacks: readonly SynthesizedStack[];
  /**
   * Stacks of accounts no longer in the organization that a full synth removed (their folders and
   * manifest entries), sorted: so the output never mixes two organizations. None for a selection.
   */
  readonly removed: readonly string[];
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
export function synthesizeOrganization(org: OrganizationConfig, options: SynthesisOptions = {}): SynthesisResult {
  const synthesis = startSynthesis(org, options);
  const { accounts, outdir } = synthesis;
  const results = accounts.map((account, index) => {
    const result = synthesizeAccount(org, account, outdir);
    options.onStack?.(result.stack, index + 1, accounts.length);
    return result;
  });
  return finishSynthesis(synthesis, results);
}

/** A synthesis under way: where it writes, which accounts, and what it keeps and removes of the earlier output. */
export interface StartedSynthesis {
  readonly outdir: string;
  readonly accounts: readonly AccountConfig[];
  /**
   * When only some accounts are selected, the manifest entries already written for the others
   * still in the organization: read before any stack is written.
   */
  readonly kept: Readonly<Record<string, StackManifest>>;
  /** A full synth: the stack folders of accounts no longer in the organization, removed once every stack is written. */
  readonly staleFolders: readonly string[];
  /** A full synth: every stack no longer in the organization, by its folder or its manifest entry; sorted. */
  readonly stale: readonly string[];
}

/** What every synthesis does before its first stack: read what it keeps and removes, create the output folders. */
export function startSynthesis(org: OrganizationConfig, options: SynthesisOptions): StartedSynthesis {
  const outdir = options.outdir ?? resolveOutdir();
  const inOrganization = (name: string) => org.accounts.some((a) => a.name === name);
  const accounts = options.accounts ?? org.accounts;
  let started: StartedSynthesis;
  if (options.accounts) {
    const file = path.join(outdir, Manifest.fileName);
    const existing: Record<string, StackManifest> = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).stacks ?? {}) : {};
    const kept = Object.fromEntries(Object.entries(existing).filter(([name]) => inOrganization(name)));
    started = { outdir, accounts, kept, staleFolders: [], stale: [] };
  } else {
    // A full synth writes the manifest from its own stacks only: the entries of the others just go.
    const staleFolders = synthesizedStackNames(outdir).filter((name) => !inOrganization(name));
    const staleEntries = Object.keys(existingManifestEntries(outdir)).filter((name) => !inOrganization(name));
    started = { outdir, accounts, kept: {}, staleFolders, stale: [...new Set([...staleFolders, ...staleEntries])].sort() };
  }
  // Every App would create the folders, but not nested ones, and workers would race.
  fs.mkdirSync(path.join(outdir, Manifest.stacksFolder), { recursive: true });
  return started;
}

/** The entries of the manifest in `outdir`; none when it is absent or unreadable (a full synth replaces it whole). */
function existingManifestEntries(outdir: string): Record<string, unknown> {
  try {
    const stacks: unknown = JSON.parse(fs.readFileSync(path.join(outdir, Manifest.fileName), 'utf8')).stacks;
    return typeof stacks === 'object' && stacks !== null ? (stacks as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * What every synthesis does after its last stack (`results`, in the selection's order): write the
 * manifest cdktf writes for one App holding every stack, the kept entries then those of `results`;
 * then, for a full synth, remove the stale stack folders. A run that failed before never gets here,
 * so it leaves the previous output whole.
 */
export function finishSynthesis(synthesis: StartedSynthesis, results: readonly AccountSynthesis[]): SynthesisResult {
  const { outdir, kept } = synthesis;
  const entries: Record<string, StackManifest> = { ...kept };
  for (const { stack, manifestEntry } of results) entries[stack.name] = manifestEntry;
  // cdktf's writer, into a folder of its own, then moved into place whole.
  const staging = fs.mkdtempSync(path.join(outdir, '.manifest-'));
  try {
    const manifest = new Manifest(results.at(-1)?.manifestVersion ?? '', staging, false);
    for (const name of Object.keys(entries)) manifest.stacks[name] = entries[name];
    manifest.writeToFile();
    fs.renameSync(path.join(staging, Manifest.fileName), path.join(outdir, Manifest.fileName));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  for (const name of synthesis.staleFolders) fs.rmSync(path.join(outdir, STACKS_FOLDER, name), { recursive: true, force: true });
  return { stacks: results.map((r) => r.stack), removed: synthesis.stale };
}

/** What synthesizing one account's stack wrote, and its entry for the manifest. */
export interface AccountSynthesis {
  readonly stack: SynthesizedStack;
  readonly manifestEntry: StackManifest;
  /** The manifest format version cdktf writes. */
  readonly manifestVersion: string;
}

/** Writes one account's stack, in an App of its own. */
export function synthesizeAccount(org: OrganizationConfig, account: AccountConfig, outdir: string): AccountSynthesis {
  return releasingTokens(() => {
    // Stack traces in metadata would put this machine's paths into the output.
    const app = new App({ outdir, stackTraces: false });
    // Only finishSynthesis writes the manifest, whole, once every stack is written: a run that fails
    // halfway leaves the previous one, and worker threads never write the same file at once.
    app.manifest.writeToFile = () => undefined;
    const stack = accountStack(app, org, account);
    app.synth();
    const manifestEntry = { ...app.manifest.stacks[account.name], dependencies: stackDependencies(org, account) };
    return {
      stack: { name: account.name, resources: terraformResources(stack).length },
      manifestEntry,
      manifestVersion: app.manifest.version,
    };
  });
}

/** cdktf's process-wide token registry (pinned cdktf 0.21.0): insertion-ordered maps of every token it created. */
interface TokenRegistry {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

/**
 * Runs `work` (the building and writing of one stack), then drops the tokens it registered.
 * cdktf keeps every token it ever creates in one process-wide registry, so memory would grow with
 * every stack written (about 6 MB per 17-region stack). A written stack's tokens are never
 * resolved again; tokens created before (at module load) stay. A token of a later stack that
 * reused a dropped one would fail loudly ("Unrecognized Token Key"), never change the output.
 */
function releasingTokens<T>(work: () => T): T {
  const registry = TokenMap.instance() as unknown as TokenRegistry;
  if (!(registry.stringTokenMap instanceof Map) || !(registry.numberTokenMap instanceof Map)) {
    throw new Error(
      'cdktf no longer keeps its tokens in stringTokenMap and numberTokenMap: revisit releasingTokens in stacks/organization.ts',
    );
  }
  const kept = [registry.stringTokenMap.size, registry.numberTokenMap.size];
  try {
    return work();
  } finally {
    [registry.stringTokenMap, registry.numberTokenMap].forEach((map: Map<unknown, unknown>, i) => {
      [...map.keys()].slice(kept[i]).forEach((key) => map.delete(key));
    });
  }
}
