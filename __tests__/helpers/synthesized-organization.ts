/**
 * Test-only: every account stack of an organization, synthesized as `cdktf synth` writes them
 * (synthesizeOrganization into a temporary directory), read back with the manifest that orders
 * their deployment.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AccountConfig, OrganizationConfig } from '../../config/schema';
import { synthesizeOrganization } from '../../stacks/organization';
import { tempDir, type StackJson } from './synth';

/** The part of `cdktf.out/manifest.json` the tests read. */
export interface SynthManifest {
  readonly stacks: Readonly<Record<string, { readonly dependencies: readonly string[]; readonly synthesizedStackPath: string }>>;
}

export interface SynthesizedOrganization {
  readonly org: OrganizationConfig;
  readonly outdir: string;
  readonly manifest: SynthManifest;
  /** The synthesized stack of the account named `accountName`. */
  stack(accountName: string): StackJson;
  /** [account, stack] for every account of the organization, in config order. */
  readonly all: readonly (readonly [AccountConfig, StackJson])[];
}

/** Synthesizes every account stack of `org` into a new temporary directory. */
export function synthesizeToTempDir(org: OrganizationConfig, label: string): SynthesizedOrganization {
  const outdir = tempDir(label);
  synthesizeOrganization(org, { outdir });
  const manifest: SynthManifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const stacks = new Map<string, StackJson>();
  for (const [name, entry] of Object.entries(manifest.stacks)) {
    stacks.set(name, JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), 'utf8')));
  }
  const stack = (accountName: string) => {
    const json = stacks.get(accountName);
    if (!json) throw new Error(`no stack ${accountName} in ${outdir}`);
    return json;
  };
  return { org, outdir, manifest, stack, all: org.accounts.map((account) => [account, stack(account.name)] as const) };
}

/** Every resource address a stack declares (`type.logical_id`), sorted. */
export function addressesOf(stack: StackJson): string[] {
  return Object.entries(stack.resource ?? {})
    .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
    .sort();
}

/** The resource types a stack declares. */
export function typesOf(stack: StackJson): string[] {
  return Object.keys(stack.resource ?? {}).sort();
}
