/**
 * Lambda entry point (Node.js 22). The AWS SDK v3 clients come with the Lambda runtime, so the
 * bundle leaves them out. The settings (controls, accounts, role name, guard limits) are built into
 * the bundle at synth (esbuild `define` of REMEDIATION_SETTINGS, from the organization file): an
 * environment variable holds only 4 KB, too little for a large organization.
 */
import { createHandler } from './handler';
import type { RemediationSettings } from './settings';

declare const REMEDIATION_SETTINGS: RemediationSettings;

/** Fails the cold start rather than every finding when the function is deployed without its table. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export const handler = createHandler(REMEDIATION_SETTINGS, {
  tableName: required('GUARD_TABLE_NAME'),
  region: required('AWS_REGION'),
});
