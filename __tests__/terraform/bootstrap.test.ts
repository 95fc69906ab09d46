/**
 * The bootstrap's configuration against the real Terraform CLI and AWS provider 5.100.0, offline
 * (the harness of helpers/terraform.ts: a local backend and fake credentials in an override):
 * each variant validates and plans from nothing with no error and no warning, and plans to create
 * exactly what it declares. Under CI=true a missing Terraform fails the run; elsewhere the suite
 * is skipped and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import { type BootstrapBackend, synthesizeBootstrap } from '../../stacks/bootstrap-stack';
import { exampleOrgInput, organizationModeExample, organizationModeExampleInput, tempDir } from '../helpers/synth';
import { addressesOf } from '../helpers/synthesized-organization';
import { findTerraform, initOffline, OFFLINE_OVERRIDE_FILE, planOffline, type Terraform } from '../helpers/terraform';
import type { StackJson } from '../helpers/synth';

const found = findTerraform();
if ('unavailable' in found) {
  if (process.env.CI === 'true') throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
  console.warn(`SKIPPED Terraform validate/plan of the bootstrap: ${found.unavailable}`);
}
const describeWithTerraform = 'unavailable' in found ? describe.skip : describe;

const VARIANTS: readonly (readonly [string, () => OrganizationConfig, BootstrapBackend, number])[] = [
  // The bucket (7 resources) and the management role with its policies.
  ['the bundled example (S3 backend), first apply with local state', organizationModeExample, 'local', 12],
  ['the bundled example, its state migrated into the bucket', organizationModeExample, 's3', 12],
  [
    'every account its role (standalone, createMemberDeploymentRoles)',
    () => {
      const input = exampleOrgInput();
      input.deploymentRoleName = 'SecurityBaselineDeployer';
      input.bootstrap = { createMemberDeploymentRoles: true, deployerPrincipalArns: ['arn:aws:iam::777777777777:role/ci/deployer'] };
      return validateOrganizationConfig(input);
    },
    'local',
    20,
  ],
  [
    'a Terraform Cloud organization (the role only)',
    () => {
      const input = organizationModeExampleInput();
      input.stateBackend = { type: 'cloud', organization: 'acme' };
      return validateOrganizationConfig(input);
    },
    'cloud',
    3,
  ],
];

describeWithTerraform('the bootstrap against Terraform and the AWS provider', () => {
  const terraform = found as Terraform;

  test.concurrent.each(VARIANTS)(
    '%s: validates without warnings and plans exactly its resources',
    async (_label, variant, backend, atLeast) => {
      const { directory } = synthesizeBootstrap(variant(), { outdir: tempDir('bootstrap-terraform'), backend });
      const stack = await initOffline(terraform, directory);
      withoutAssumeRoleWhereNoneIs(directory, stack);
      const { changes, diagnostics } = await planOffline(terraform, directory);
      expect(diagnostics).toEqual([]);
      const declared = addressesOf(stack);
      expect(declared.length).toBeGreaterThanOrEqual(atLeast);
      expect(changes.sort()).toEqual(declared.map((address) => [address, 'create']).sort());
    },
    300_000,
  );
});

/**
 * The offline override turns every provider's assume_role off with an empty role_arn; the
 * bootstrap's own provider has none (it runs with the administrator's credentials), and an empty
 * role_arn merged into it would be a warning of the harness's making, so it goes there.
 */
function withoutAssumeRoleWhereNoneIs(directory: string, stack: StackJson): void {
  const file = path.join(directory, OFFLINE_OVERRIDE_FILE);
  const override = JSON.parse(fs.readFileSync(file, 'utf8'));
  override.provider.aws = override.provider.aws.map((config: { alias?: string; assume_role?: unknown }) => {
    const synthesized = stack.provider!.aws.find((p) => p.alias === config.alias);
    if (synthesized?.assume_role) return config;
    const { assume_role: _none, ...rest } = config;
    return rest;
  });
  fs.writeFileSync(file, JSON.stringify(override, null, 2));
}
