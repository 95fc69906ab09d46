/**
 * The bootstrap's synthesized configuration: where it is written (never among the account stacks
 * or in the manifest), what it declares per state backend, how it keeps its own state, the
 * deployment roles (in members too when asked), and the policy file it writes beside it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import {
  deploymentRoleDefinition,
  DEPLOYMENT_ROLE_POLICY_FILE,
  synthesizeBootstrap,
  type BootstrapBackend,
} from '../../stacks/bootstrap-stack';
import { synthesizeOrganization } from '../../stacks/organization';
import {
  exampleOrgInput,
  onlyResource,
  organizationModeExample,
  organizationModeExampleInput,
  resourcesOfType,
  type StackJson,
  tempDir,
} from '../helpers/synth';

function bootstrapOf(
  org: OrganizationConfig,
  backend?: BootstrapBackend,
  outdir = tempDir('bootstrap-stack'),
): { stack: StackJson; outdir: string; policies: any } {
  const { directory } = synthesizeBootstrap(org, { outdir, backend });
  return {
    outdir,
    stack: JSON.parse(fs.readFileSync(path.join(directory, 'cdk.tf.json'), 'utf8')),
    policies: JSON.parse(fs.readFileSync(path.join(directory, DEPLOYMENT_ROLE_POLICY_FILE), 'utf8')),
  };
}

const types = (stack: StackJson) => Object.keys(stack.resource ?? {}).sort();

describe('with the S3 backend (the bundled example)', () => {
  const org = organizationModeExample();
  const { stack, outdir, policies } = bootstrapOf(org);

  test('is written to <outdir>/bootstrap only: nothing under stacks/, no manifest', () => {
    expect(fs.readdirSync(outdir)).toEqual(['bootstrap']);
    expect(fs.readdirSync(path.join(outdir, 'bootstrap')).sort()).toEqual(['cdk.tf.json', DEPLOYMENT_ROLE_POLICY_FILE]);
  });

  test('leaves an account synthesis alone, and the account synthesis leaves it alone (it is not a stack of the manifest)', () => {
    synthesizeOrganization(org, { outdir });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(org.accounts.map((a) => a.name).sort());
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(org.accounts.map((a) => a.name).sort());
    expect(JSON.parse(fs.readFileSync(path.join(outdir, 'bootstrap', 'cdk.tf.json'), 'utf8'))).toEqual(stack);
  });

  test('is byte-identical when synthesized again', () => {
    const again = synthesizeBootstrap(org, { outdir: tempDir('bootstrap-again') }).directory;
    for (const file of ['cdk.tf.json', DEPLOYMENT_ROLE_POLICY_FILE]) {
      expect(fs.readFileSync(path.join(again, file), 'utf8')).toBe(fs.readFileSync(path.join(outdir, 'bootstrap', file), 'utf8'));
    }
  });

  test('creates the state bucket, the management deployment role and its policies, and nothing else (no lock table)', () => {
    expect(types(stack)).toEqual([
      'aws_iam_policy',
      'aws_iam_role',
      'aws_iam_role_policy',
      'aws_iam_role_policy_attachment',
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ]);
    expect(onlyResource(stack, 'aws_iam_role').name).toBe('SecurityBaselineDeployer');
  });

  test('the bucket: named and placed as the backend says, versioned, encrypted, private, kept; history expires, the current state never', () => {
    expect(onlyResource(stack, 'aws_s3_bucket')).toMatchObject({
      bucket: 'acme-terraform-state-222222222222',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(stack.provider!.aws).toEqual([expect.objectContaining({ region: 'eu-west-1', allowed_account_ids: ['111111111111'] })]);
    expect(stack.provider!.aws[0].assume_role).toBeUndefined();
    expect(onlyResource(stack, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(onlyResource(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(onlyResource(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(stack, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    const [rule] = onlyResource(stack, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rule).toMatchObject({
      status: 'Enabled',
      noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 10 }],
    });
    expect(rule.expiration).toEqual([{ expired_object_delete_marker: true }]);
    expect(rule.transition).toBeUndefined();
  });

  test('the role: trusted by the deployers, its managed policies attached, its own state inline', () => {
    const role = onlyResource(stack, 'aws_iam_role');
    const definition = deploymentRoleDefinition(org, org.accounts[0]);
    expect(JSON.parse(role.assume_role_policy)).toEqual(definition.trustPolicy);
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      expect.objectContaining({ Principal: { AWS: ['arn:aws:iam::111111111111:root'] }, Action: 'sts:AssumeRole' }),
    ]);
    const policies = Object.values(resourcesOfType(stack, 'aws_iam_policy'));
    expect(policies.map((p) => [p.name, JSON.parse(p.policy)])).toEqual(definition.managedPolicies.map((p) => [p.name, p.document]));
    expect(Object.keys(resourcesOfType(stack, 'aws_iam_role_policy_attachment'))).toHaveLength(policies.length);
    expect(JSON.parse(onlyResource(stack, 'aws_iam_role_policy').policy).Statement).toEqual(definition.stateStatements);
  });

  test('the policy file holds every account, saying which roles the bootstrap creates', () => {
    expect(Object.keys(policies.accounts)).toEqual(org.accounts.map((a) => a.name));
    expect(Object.values(policies.accounts).map((a: any) => [a.roleName, a.createdByTheBootstrap])).toEqual([
      ['SecurityBaselineDeployer', true],
      ...org.accounts.slice(1).map(() => ['OrganizationAccountAccessRole', false]),
    ]);
    expect(policies.stateWriters.principals).toEqual(['arn:aws:iam::222222222222:role/TerraformStateAccess']);
  });

  test('its own state: a local file first, then the bucket it created under <keyPrefix>/bootstrap.tfstate, locked there as the account stacks are', () => {
    expect(stack.terraform.backend).toEqual({ local: { path: 'bootstrap.tfstate' } });
    expect(bootstrapOf(org, 's3').stack.terraform.backend).toEqual({
      s3: {
        bucket: 'acme-terraform-state-222222222222',
        key: 'security-baseline/bootstrap.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });
});

test('a configured state key encrypts the bucket with SSE-KMS (a bucket key) and the bootstrap state with it', () => {
  const input = organizationModeExampleInput();
  input.stateBackend.kmsKeyId = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const { stack } = bootstrapOf(validateOrganizationConfig(input), 's3');
  expect(onlyResource(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
    {
      apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: input.stateBackend.kmsKeyId },
      bucket_key_enabled: true,
    },
  ]);
  expect(stack.terraform.backend.s3.kms_key_id).toBe(input.stateBackend.kmsKeyId);
});

describe('with the other backends: the role only, the state beside the accounts’', () => {
  test('cloud: its own workspace, named by the pattern with bootstrap for the account', () => {
    const input = organizationModeExampleInput();
    input.stateBackend = { type: 'cloud', organization: 'acme', workspaceNamePattern: 'sec-{prefix}-{account}' };
    const { stack, policies } = bootstrapOf(validateOrganizationConfig(input), 'cloud');
    expect(types(stack)).toEqual(['aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy_attachment']);
    expect(stack.terraform.cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'sec-acme-bootstrap' },
    });
    expect(policies.stateWriters).toBeUndefined();
  });

  test('local: in the configured directory, seen from cdktf.out/bootstrap rather than cdktf.out/stacks/<account>', () => {
    const input = organizationModeExampleInput();
    input.stateBackend = { type: 'local' };
    const { stack } = bootstrapOf(validateOrganizationConfig(input));
    expect(types(stack)).toEqual(['aws_iam_policy', 'aws_iam_role', 'aws_iam_role_policy_attachment']);
    expect(stack.terraform.backend).toEqual({ local: { path: '../../terraform-state/bootstrap.tfstate' } });
  });
});

test('with createMemberDeploymentRoles, every other account gets the role through its member access role', () => {
  const input = exampleOrgInput();
  input.deploymentRoleName = 'SecurityBaselineDeployer';
  input.bootstrap = { createMemberDeploymentRoles: true };
  const org = validateOrganizationConfig(input);
  const { stack, policies } = bootstrapOf(org);
  const providers = stack.provider!.aws;
  expect(providers.map((p) => [p.alias, p.allowed_account_ids, p.assume_role?.[0].role_arn])).toEqual([
    [undefined, ['111111111111'], undefined],
    ...org.accounts.slice(1).map((a) => [a.name, [a.id], `arn:aws:iam::${a.id}:role/OrganizationAccountAccessRole`]),
  ]);
  const roles = Object.values(resourcesOfType(stack, 'aws_iam_role'));
  expect(roles.map((r) => r.provider).sort()).toEqual(['aws', ...org.accounts.slice(1).map((a) => `aws.${a.name}`)].sort());
  expect(new Set(roles.map((r) => r.name))).toEqual(new Set(['SecurityBaselineDeployer']));
  expect(Object.values(policies.accounts).every((a: any) => a.createdByTheBootstrap)).toBe(true);
  // Only the bootstrap account's role reaches its own state.
  expect(Object.keys(resourcesOfType(stack, 'aws_iam_role_policy'))).toHaveLength(1);
});
