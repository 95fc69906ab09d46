/** Synthesizing constructs and stacks in tests, and reading the result. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { loadOrganizationConfig, EXAMPLE_CONFIG_PATH } from '../../config/load';
import type { OrganizationConfig, OrganizationConfigInput } from '../../config/schema';
import type { PolicyDocument, PolicyStatement } from '../../modules/policy-document';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Synthesized Terraform JSON of one stack. */
export interface StackJson {
  terraform: Record<string, any>;
  provider?: Record<string, any[]>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
}

export function exampleOrg(): OrganizationConfig {
  return loadOrganizationConfig(path.join(REPO_ROOT, EXAMPLE_CONFIG_PATH));
}

/** The example organization file as written (raw JSON), for building variants of it. */
export function exampleOrgInput(): OrganizationConfigInput & Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, EXAMPLE_CONFIG_PATH), 'utf8'));
}

/** A stack with a default AWS provider, for testing one construct. */
export function constructTestStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

/** Synthesizes with cdktf's validations on, as `app.synth()` does. */
export function synthStack(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack, true));
}

/** The resources of one type, keyed by logical id. */
export function resourcesOfType(json: StackJson, type: string): Record<string, any> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type (fails the test when there are none or several). */
export function onlyResource(json: StackJson, type: string): any {
  const all = Object.values(resourcesOfType(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The resource of a type created inside the construct at `constructPath` (e.g. `test/bucket`). */
export function resourceAt(json: StackJson, type: string, constructPath: string): any {
  const found = Object.values(resourcesOfType(json, type)).find(
    (r) => r['//']?.metadata?.path === constructPath,
  );
  if (!found) throw new Error(`no ${type} at ${constructPath}`);
  return found;
}

/** Terraform reference to a resource's attribute, as cdktf writes it. */
export function tokenFor(json: StackJson, type: string, resource: any, attribute: string): string {
  const [logicalId] = Object.entries(resourcesOfType(json, type)).find(([, r]) => r === resource) ?? [];
  if (!logicalId) throw new Error(`resource not found among ${type}`);
  return `\${${type}.${logicalId}.${attribute}}`;
}

export function parsePolicy(policyJson: string): PolicyDocument {
  return JSON.parse(policyJson) as PolicyDocument;
}

export function statementBySid(policyJson: string, sid: string): PolicyStatement {
  const statement = parsePolicy(policyJson).Statement.find((s) => s.Sid === sid);
  if (!statement) throw new Error(`no statement ${sid} in ${policyJson}`);
  return statement;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `security-baseline-${prefix}-`));
}
