/**
 * Every stack of the example organization against the real Terraform CLI and AWS provider
 * 5.100.0: `init -backend=false` + `validate` (no errors, no warnings), then an offline
 * `plan` that must create every declared resource. Under CI=true a missing Terraform fails the
 * run; elsewhere the suite is skipped and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/organization';
import { exampleOrg, tempDir, type StackJson } from '../helpers/synth';
import {
  AWS_PROVIDER_VERSION,
  OFFLINE_OVERRIDE_FILE,
  declaredAddresses,
  findTerraform,
  offlinePlanOverride,
  runTerraform,
  type Terraform,
} from '../helpers/terraform';

const found = findTerraform();
if ('unavailable' in found) {
  if (process.env.CI === 'true') {
    throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
  }
  console.warn(`SKIPPED Terraform validate/plan: ${found.unavailable}`);
}
const describeWithTerraform = 'unavailable' in found ? describe.skip : describe;

describeWithTerraform('example organization against Terraform and the AWS provider', () => {
  const terraform = found as Terraform;
  const org = exampleOrg();
  const outdir = tempDir('terraform');
  synthesizeOrganization(org, outdir);
  const stackDir = (name: string) => path.join(outdir, 'stacks', name);
  const stackJson = (name: string): StackJson => JSON.parse(fs.readFileSync(path.join(stackDir(name), 'cdk.tf.json'), 'utf8'));

  test('stacks require exactly the provider version that is mirrored', () => {
    for (const account of org.accounts) {
      expect(stackJson(account.name).terraform.required_providers.aws.version).toBe(AWS_PROVIDER_VERSION);
    }
  });

  test.concurrent.each(org.accounts.map((a) => a.name))(
    '%s: validates without warnings and plans every resource offline',
    async (name) => {
      const dir = stackDir(name);
      await runTerraform(terraform, dir, ['init', '-backend=false', '-input=false']);
      const validation = JSON.parse(await runTerraform(terraform, dir, ['validate', '-json']));
      expect({ valid: validation.valid, diagnostics: validation.diagnostics }).toEqual({ valid: true, diagnostics: [] });

      const stack = stackJson(name);
      fs.writeFileSync(path.join(dir, OFFLINE_OVERRIDE_FILE), JSON.stringify(offlinePlanOverride(stack), null, 2));
      await runTerraform(terraform, dir, ['init', '-reconfigure', '-input=false']);
      await runTerraform(terraform, dir, ['plan', '-input=false', '-lock=false', '-out=offline.tfplan']);
      const plan = JSON.parse(await runTerraform(terraform, dir, ['show', '-json', 'offline.tfplan']));

      const planned = plan.resource_changes.map((change: { address: string; change: { actions: string[] } }) => [
        change.address,
        change.change.actions,
      ]);
      const declared = declaredAddresses(stack);
      expect(declared.length).toBeGreaterThan(20);
      expect(planned.sort()).toEqual(declared.map((address) => [address, ['create']]).sort());
    },
    300_000,
  );
});
