/**
 * The bootstrap's configuration against the real Terraform CLI and AWS provider 5.100.0, offline
 * (the harness of operations/offline-plan.ts: a local backend and fake credentials in an override, the stand-in for STS):
 * each variant validates and plans from nothing with no error and no warning, and plans to create
 * exactly what it declares. Under CI=true a missing Terraform fails the run; elsewhere the suite
 * is skipped and says why.
 */
import { validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import { type BootstrapBackend, synthesizeBootstrap } from '../../stacks/bootstrap-stack';
import { exampleOrgInput, organizationModeExample, organizationModeExampleInput, tempDir } from '../helpers/synth';
import { addressesOf } from '../helpers/synthesized-organization';
import { freshAccount } from '../../operations/offline-aws';
import { initOffline, planOffline, type Terraform } from '../../operations/offline-plan';
import { findTerraform } from '../helpers/terraform';
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
      const org = variant();
      const { directory } = synthesizeBootstrap(org, { outdir: tempDir('bootstrap-terraform'), backend });
      const stack = await initOffline<StackJson>(terraform, directory);
      // Planned with the bootstrap account's credentials, which reach every other account through its access role.
      const bootstrapAccount =
        org.accounts.find((a) => a.name === (org.bootstrap?.account ?? org.accounts.find((b) => b.role === 'management')?.name)) ??
        org.accounts[0];
      const account = { ...freshAccount(bootstrapAccount.id), reachableAccounts: org.accounts.map((a) => a.id) };
      const { changes, diagnostics } = await planOffline(terraform, directory, { account });
      expect(diagnostics).toEqual([]);
      const declared = addressesOf(stack);
      expect(declared.length).toBeGreaterThanOrEqual(atLeast);
      expect([...changes].sort()).toEqual(declared.map((address) => [address, 'create']).sort());
    },
    300_000,
  );
});
