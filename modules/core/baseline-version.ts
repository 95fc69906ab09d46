/**
 * The version of security-baseline that synthesized a stack, recorded in the stack's `//` metadata
 * (`"//": { "metadata": { "securityBaseline": { "version": "…" } } }`): Terraform ignores `//`, so
 * reading it costs no plan noise, and a reviewer or a workspace can tell which release wrote the
 * stack (the CHANGELOG's upgrade notes are keyed to it).
 */
import { TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';
import { version } from '../../package.json';

/** This release, as package.json and CHANGELOG.md name it. */
export const BASELINE_VERSION: string = version;

/** Adds the metadata entry; one per stack. Declares nothing in Terraform. */
export class BaselineVersion extends TerraformElement {
  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  override toMetadata(): Record<string, unknown> {
    return { securityBaseline: { version: BASELINE_VERSION } };
  }
}
