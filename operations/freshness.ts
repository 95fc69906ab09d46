/**
 * Whether committed synthesized output (`cdktf.out/stacks/<account>`, what VCS-driven Terraform
 * Cloud workspaces run) still matches a fresh synth of the config. Pure comparison of two output
 * directories, stack by stack, and the summary `npm run check:fresh` prints; synthesizing is the
 * caller's (scripts/check-fresh.ts). Loads no cdktf.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { STACK_FILE, STACKS_FOLDER, synthesizedStackNames } from './synthesized-output';

/** Files the configuration references (the functions' zips), copied in by cdktf. */
export const ASSETS_DIR = 'assets';
/** Entries of one list shown in the summary; the rest are counted. */
const MAX_LISTED = 10;

/** How one stack's committed output compares with a fresh synth. */
export type StackFreshness =
  | { readonly stack: string; readonly status: 'up-to-date' }
  | { readonly stack: string; readonly status: 'differs'; readonly changes: StackChanges }
  /** In the config, absent from the committed output. */
  | { readonly stack: string; readonly status: 'not-committed' }
  /** Committed, but the config no longer has the account. */
  | { readonly stack: string; readonly status: 'not-in-config' };

/** What a fresh synth of a stack would change in its committed output. Every list is sorted. */
export interface StackChanges {
  /** Why the committed configuration could not be compared (not JSON); its resources are then not listed. */
  readonly unreadable?: string;
  /** Resources and data sources by Terraform address (`type.name`, `data.type.name`). */
  readonly resources: Changes<ChangedResource>;
  /** Other top-level blocks that differ: `terraform` (backend, providers), `provider`, `moved`, `removed`, `//` (cdktf metadata), … */
  readonly blocks: readonly string[];
  /** Files under the stack's assets directory, by path relative to it. */
  readonly assets: Changes<string>;
}

/** Entries only the fresh synth has, only the committed output has, and in both but different. */
export interface Changes<Changed> {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly Changed[];
}

export interface ChangedResource {
  readonly address: string;
  /** Its top-level arguments that differ. */
  readonly arguments: readonly string[];
}

/** Which stacks a comparison checks. */
export interface ComparisonScope {
  /**
   * The fresh output holds only the stacks an `--account` selection synthesized: check those only.
   * Otherwise a committed stack the fresh output lacks is no longer in the config. @default false
   */
  readonly selectedOnly?: boolean;
}

/**
 * Compares the stacks of two output directories (each with a `stacks/<name>/` per stack).
 * @returns one result per stack, sorted by name
 */
export function compareOutputs(committedDir: string, freshDir: string, scope: ComparisonScope = {}): StackFreshness[] {
  // The rule synth removes stale stacks by: a folder under stacks/ holding a cdk.tf.json.
  const committed = synthesizedStackNames(committedDir);
  const fresh = synthesizedStackNames(freshDir);
  const names = scope.selectedOnly ? fresh : [...new Set([...committed, ...fresh])].sort();
  return names.map((stack): StackFreshness => {
    if (!fresh.includes(stack)) return { stack, status: 'not-in-config' };
    if (!committed.includes(stack)) return { stack, status: 'not-committed' };
    const changes = compareStack(stackDir(committedDir, stack), stackDir(freshDir, stack));
    return changes ? { stack, status: 'differs', changes } : { stack, status: 'up-to-date' };
  });
}

/** True when no stack needs a re-synth or a commit. */
export function allUpToDate(results: readonly StackFreshness[]): boolean {
  return results.every((r) => r.status === 'up-to-date');
}

/** What a freshness summary names. */
export interface FreshnessSubject {
  /** The committed output, as the user names it. */
  readonly committedDir: string;
  /** The organization file the fresh synth read, as the user names it. */
  readonly configName: string;
  /** The command that rewrites the committed output (a full synth also removes the stacks no longer in the file). @default `npm run synth` */
  readonly synthCommand?: string;
}

/**
 * What `npm run check:fresh` prints: one line when every stack is up to date, else a line per stack
 * and, for one that differs, what changed.
 */
export function formatFreshness(results: readonly StackFreshness[], subject: FreshnessSubject): string {
  const { committedDir, configName, synthCommand = 'npm run synth' } = subject;
  if (allUpToDate(results)) return `${plural(results.length, 'stack')} of ${configName} up to date in ${committedDir}`;
  const stale = results.filter((r) => r.status !== 'up-to-date').length;
  const lines = [
    `${committedDir} is stale for ${configName}: ${stale} of ${plural(results.length, 'stack')} not up to date; ` +
      `run \`${synthCommand}\` and commit ${path.join(committedDir, STACKS_FOLDER)}`,
  ];
  for (const result of results) {
    switch (result.status) {
      case 'up-to-date':
        lines.push(`  ${result.stack}: up to date`);
        break;
      case 'not-committed':
        lines.push(`  ${result.stack}: missing from ${committedDir} (in ${configName}, not committed)`);
        break;
      case 'not-in-config':
        lines.push(`  ${result.stack}: committed but no longer in ${configName} (a synth of every account removes it)`);
        break;
      case 'differs':
        lines.push(`  ${result.stack}: differs`, ...describeChanges(result.changes).map((line) => `    ${line}`));
        break;
    }
  }
  return lines.join('\n');
}

function describeChanges(changes: StackChanges): string[] {
  const { resources, assets } = changes;
  const lines: string[] = [];
  if (changes.unreadable) lines.push(`committed ${STACK_FILE}: ${changes.unreadable}`);
  if (!isEmpty(resources)) {
    lines.push(
      `resources: ${counts(resources)}`,
      ...listed('+', resources.added),
      ...listed('-', resources.removed),
      ...listed(
        '~',
        resources.changed.map((r) => `${r.address} (${r.arguments.join(', ')})`),
      ),
    );
  }
  if (changes.blocks.length > 0) lines.push(`other blocks changed: ${changes.blocks.join(', ')}`);
  if (!isEmpty(assets))
    lines.push(
      `${ASSETS_DIR}: ${counts(assets)}`,
      ...listed('+', assets.added),
      ...listed('-', assets.removed),
      ...listed('~', assets.changed),
    );
  return lines;
}

function counts(changes: Changes<unknown>): string {
  return `${changes.added.length} added, ${changes.removed.length} removed, ${changes.changed.length} changed`;
}

/** A line per entry, marked; past the first few, one line counting the rest (a renamed prefix changes every resource). */
function listed(mark: '+' | '-' | '~', values: readonly string[]): string[] {
  const rest = values.length - MAX_LISTED;
  return [...values.slice(0, MAX_LISTED).map((value) => `  ${mark} ${value}`), ...(rest > 0 ? [`  … and ${rest} more`] : [])];
}

function isEmpty(changes: Changes<unknown>): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length === 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function stackDir(outdir: string, stack: string): string {
  return path.join(outdir, STACKS_FOLDER, stack);
}

/** What differs between a committed and a fresh stack directory, in what Terraform reads; undefined when nothing. */
function compareStack(committedStack: string, freshStack: string): StackChanges | undefined {
  const fresh = JSON.parse(fs.readFileSync(path.join(freshStack, STACK_FILE), 'utf8')) as TerraformJson;
  const committed = readConfiguration(path.join(committedStack, STACK_FILE));
  const assets = compareFiles(path.join(committedStack, ASSETS_DIR), path.join(freshStack, ASSETS_DIR));
  if (!('json' in committed))
    return { unreadable: committed.unreadable, resources: { added: [], removed: [], changed: [] }, blocks: [], assets };
  // Compared as JSON, not as bytes: Terraform reads it the same whatever its formatting or line endings.
  if (isDeepStrictEqual(committed.json, fresh) && isEmpty(assets)) return undefined;
  return {
    resources: compareResources(committed.json, fresh),
    blocks: differingKeys(committed.json, fresh).filter((block) => !ADDRESSED_BLOCKS.includes(block)),
    assets,
  };
}

/** Terraform JSON: top-level block type → its content. */
type TerraformJson = Record<string, unknown>;
/** `resource` and `data`: type → name → arguments. */
type AddressedBlock = Record<string, Record<string, Record<string, unknown>>>;
/** The blocks whose entries have Terraform addresses, compared entry by entry. */
const ADDRESSED_BLOCKS = ['resource', 'data'];

function readConfiguration(file: string): { json: TerraformJson } | { unreadable: string } {
  try {
    return { json: JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson };
  } catch (error) {
    // A merge conflict left in a committed file, for example.
    return { unreadable: `not valid JSON (${(error as Error).message.replace(/\s+/g, ' ')})` };
  }
}

function compareResources(committed: TerraformJson, fresh: TerraformJson): Changes<ChangedResource> {
  const before = addressed(committed);
  const after = addressed(fresh);
  const addresses = [...after.keys()].sort();
  return {
    added: addresses.filter((address) => !before.has(address)),
    removed: [...before.keys()].filter((address) => !after.has(address)).sort(),
    changed: addresses
      .filter((address) => before.has(address))
      .map((address) => ({ address, arguments: differingKeys(before.get(address)!, after.get(address)!) }))
      .filter((resource) => resource.arguments.length > 0),
  };
}

/** Every resource and data source by its Terraform address. */
function addressed(json: TerraformJson): Map<string, Record<string, unknown>> {
  return new Map(
    ADDRESSED_BLOCKS.flatMap((block) =>
      Object.entries((json[block] ?? {}) as AddressedBlock).flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, body]) => [`${block === 'data' ? 'data.' : ''}${type}.${name}`, body] as const),
      ),
    ),
  );
}

function differingKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys({ ...before, ...after })
    .filter((key) => !isDeepStrictEqual(before[key], after[key]))
    .sort();
}

/** Files under two directories (absent: none), compared byte for byte. */
function compareFiles(committedDir: string, freshDir: string): Changes<string> {
  const before = filesUnder(committedDir);
  const after = filesUnder(freshDir);
  const sameBytes = (file: string) => fs.readFileSync(path.join(committedDir, file)).equals(fs.readFileSync(path.join(freshDir, file)));
  return {
    added: after.filter((file) => !before.includes(file)),
    removed: before.filter((file) => !after.includes(file)),
    changed: after.filter((file) => before.includes(file) && !sameBytes(file)),
  };
}

/** Paths of the files under a directory, relative to it with `/`, sorted. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const relative = `${prefix}${entry.name}`;
      if (entry.isDirectory()) return filesUnder(path.join(dir, entry.name), `${relative}/`);
      return entry.isFile() ? [relative] : [];
    })
    .sort();
}
