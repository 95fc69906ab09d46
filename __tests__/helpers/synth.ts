/** Synthesizing constructs and stacks in tests, and reading the result. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type TerraformResource, TerraformStack, Testing } from 'cdktf';
import { EXAMPLE_CONFIG_PATH, STANDALONE_EXAMPLE_CONFIG_PATH } from '../../config/config-file';
import { ConfigError, loadOrganizationConfig, validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import type { PolicyDocument, PolicyStatement } from '../../modules/core/policy-document';
import { RegionalProviders } from '../../modules/core/regional-providers';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Synthesized Terraform JSON of one stack. */
export interface StackJson {
  terraform: Record<string, any>;
  provider?: Record<string, any[]>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  /** Terraform `import` blocks (adopted resources). */
  import?: { to: string; id: string; provider?: string }[];
}

/** The problems validation reports for a config that must be rejected. */
export function problemsOf(raw: unknown) {
  try {
    validateOrganizationConfig(raw);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

/** The example organization in standalone mode (every account self-contained). */
export function exampleOrg(): OrganizationConfig {
  return loadOrganizationConfig(path.join(REPO_ROOT, STANDALONE_EXAMPLE_CONFIG_PATH));
}

/** The standalone example file as written: untyped JSON, to be changed into valid or malformed variants. */
export function exampleOrgInput(): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, STANDALONE_EXAMPLE_CONFIG_PATH), 'utf8'));
}

/** The bundled example: the same organization in organization mode. */
export function organizationModeExample(): OrganizationConfig {
  return loadOrganizationConfig(path.join(REPO_ROOT, EXAMPLE_CONFIG_PATH));
}

/** The bundled organization-mode example as written. */
export function organizationModeExampleInput(): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, EXAMPLE_CONFIG_PATH), 'utf8'));
}

/** The bundled example under AWS Control Tower, with workload-dev not (yet) enrolled. */
export function controlTowerExampleInput(): Record<string, any> {
  const input = organizationModeExampleInput();
  input.organization.controlTower = { enabled: true, landingZoneVersion: '3.3', notEnrolledAccounts: ['workload-dev'] };
  return input;
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

/** Terraform address of a resource: `type.logical_id`. */
export function addressOf(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** A reference to a resource's attribute, as cdktf writes it into the JSON. */
export function refTo(resource: TerraformResource, attribute: string): string {
  return `\${${addressOf(resource)}.${attribute}}`;
}

/** The synthesized body of a resource. */
export function bodyOf(json: StackJson, resource: TerraformResource): any {
  const body = resourcesOfType(json, resource.terraformResourceType)[resource.friendlyUniqueId];
  if (!body) throw new Error(`${addressOf(resource)} is not in the synthesized stack`);
  return body;
}

/** The resource of `type` that configures `bucket` (its `bucket` argument refers to it). */
export function bucketResource(json: StackJson, type: string, bucket: TerraformResource): any {
  const matches = Object.values(resourcesOfType(json, type)).filter((r) => r.bucket === refTo(bucket, 'id'));
  if (matches.length !== 1) throw new Error(`expected one ${type} for ${addressOf(bucket)}, found ${matches.length}`);
  return matches[0];
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

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'];

/** A stack with one provider per region (home region eu-west-1), for testing regional constructs. */
export function regionalTestStack(
  regions: readonly string[] = TEST_REGIONS,
  additionalRegions: readonly string[] = [],
): { stack: TerraformStack; providers: RegionalProviders } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const providers = new RegionalProviders(stack, 'aws', {
    accountId: TEST_ACCOUNT,
    roleArn: `arn:aws:iam::${TEST_ACCOUNT}:role/Deployer`,
    homeRegion: regions[0],
    regions,
    additionalRegions,
  });
  return { stack, providers };
}

/** The region a synthesized resource is deployed to, from its provider reference. */
export function regionOf(json: StackJson, resource: { provider?: string }): string {
  const alias = resource.provider?.replace(/^aws\.?/, '');
  const config = json.provider!.aws.find((p) => (alias ? p.alias === alias : p.alias === undefined));
  if (!config) throw new Error(`no provider ${resource.provider}`);
  return config.region;
}
