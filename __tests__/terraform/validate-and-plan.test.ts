/**
 * Every stack of the example organization against the real Terraform CLI and AWS provider
 * 5.100.0: `init -backend=false` + `validate` (no errors, no warnings), then an offline
 * `plan` that must create every declared resource. Under CI=true a missing Terraform fails the
 * run; elsewhere the suite is skipped and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthesizeOrganization } from '../../stacks/organization';
import { validateOrganizationConfig } from '../../config/load';
import { controlTowerExampleInput, exampleOrg, exampleOrgInput, organizationModeExample, tempDir, type StackJson } from '../helpers/synth';
import {
  AWS_PROVIDER_VERSION,
  OFFLINE_OVERRIDE_FILE,
  declaredAddresses,
  findTerraform,
  mockPlanTest,
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

/** init -backend=false + validate (no errors, no warnings), then an offline plan that must create every declared resource. */
async function validateAndPlan(terraform: Terraform, dir: string): Promise<void> {
  const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  await runTerraform(terraform, dir, ['init', '-backend=false', '-input=false']);
  const validation = JSON.parse(await runTerraform(terraform, dir, ['validate', '-json']));
  expect({ valid: validation.valid, diagnostics: validation.diagnostics }).toEqual({ valid: true, diagnostics: [] });

  fs.writeFileSync(path.join(dir, OFFLINE_OVERRIDE_FILE), JSON.stringify(offlinePlanOverride(stack), null, 2));
  await runTerraform(terraform, dir, ['init', '-reconfigure', '-input=false']);
  await runTerraform(terraform, dir, ['plan', '-input=false', '-lock=false', '-out=offline.tfplan']);
  const plan = JSON.parse(await runTerraform(terraform, dir, ['show', '-json', 'offline.tfplan']));

  // A check block's scoped data source (trusted access) is read at plan time: not a change.
  const planned = plan.resource_changes
    .filter((change: { address: string }) => !change.address.startsWith('data.') && !change.address.includes('.data.'))
    .map((change: { address: string; change: { actions: string[] } }) => [change.address, change.change.actions]);
  const declared = declaredAddresses(stack);
  expect(declared.length).toBeGreaterThan(20);
  expect(planned.sort()).toEqual(declared.map((address) => [address, ['create']]).sort());
}

describeWithTerraform('example organization against Terraform and the AWS provider', () => {
  const terraform = found as Terraform;
  const org = exampleOrg();
  const outdir = tempDir('terraform');
  synthesizeOrganization(org, { outdir });
  const stackDir = (name: string) => path.join(outdir, 'stacks', name);

  test('stacks require exactly the provider version that is mirrored', () => {
    for (const account of org.accounts) {
      const stack: StackJson = JSON.parse(fs.readFileSync(path.join(stackDir(account.name), 'cdk.tf.json'), 'utf8'));
      expect(stack.terraform.required_providers.aws.version).toBe(AWS_PROVIDER_VERSION);
    }
  });

  test.concurrent.each(org.accounts.map((a) => a.name))(
    '%s: validates without warnings and plans every resource offline',
    (name) => validateAndPlan(terraform, stackDir(name)),
    300_000,
  );

  describe.each([
    ['organization mode (the bundled example)', () => organizationModeExample()],
    ['organization mode under Control Tower (workload-dev not enrolled)', () => validateOrganizationConfig(controlTowerExampleInput())],
  ])('%s', (label, variant) => {
    const org = variant();
    const outdir = tempDir(`terraform-${label.replace(/\W+/g, '-')}`);
    synthesizeOrganization(org, { outdir });

    test.concurrent.each(org.accounts.map((a) => a.name))(
      '%s: validates without warnings and plans every resource offline',
      (name) => validateAndPlan(terraform, path.join(outdir, 'stacks', name)),
      300_000,
    );
  });

  test('an account adopting existing services: its import blocks validate and plan (mock provider)', async () => {
    const raw = exampleOrgInput();
    raw.accounts = [{
      ...raw.accounts.find((a: { role: string }) => a.role === 'workload'),
      adopt: {
        configServiceLinkedRole: true,
        configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: ['us-east-1'] },
        guardDutyDetectors: { 'eu-west-1': '12abc34d567e8fa901bc2d34e56789f0' },
        securityHub: ['eu-west-1'],
        securityHubStandards: ['aws-foundational-security-best-practices/v/1.0.0'],
        securityHubFindingAggregatorArn: 'arn:aws:securityhub:eu-west-1:444444444444:finding-aggregator/0f8e9d7c-1111-2222-3333-444455556666',
        accessAnalyzers: { 'eu-west-1': 'ConsoleAnalyzer-0a1b' },
      },
    }];
    const variantDir = tempDir('terraform-adopt');
    synthesizeOrganization(validateOrganizationConfig(raw), { outdir: variantDir });
    const dir = path.join(variantDir, 'stacks', raw.accounts[0].name);
    const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    expect(raw.accounts[0].id).toBe('444444444444');
    expect(stack.import).toHaveLength(8);
    await runTerraform(terraform, dir, ['init', '-backend=false', '-input=false']);
    const validation = JSON.parse(await runTerraform(terraform, dir, ['validate', '-json']));
    expect({ valid: validation.valid, diagnostics: validation.diagnostics }).toEqual({ valid: true, diagnostics: [] });
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'tests', 'adopt.tftest.hcl'), mockPlanTest(stack));
    expect(await runTerraform(terraform, dir, ['test'])).toMatch(/1 passed, 0 failed/);
  }, 300_000);

  test('every default-enabled region, home eu-central-1 (Chatbot then in us-west-2): validates and plans', async () => {
    const raw = exampleOrgInput();
    raw.homeRegion = 'eu-central-1';
    raw.detectiveControlRegions = 'all-default-enabled';
    raw.accounts = [raw.accounts.find((a: { role: string }) => a.role === 'workload')];
    const variantDir = tempDir('terraform-all-regions');
    synthesizeOrganization(validateOrganizationConfig(raw), { outdir: variantDir });
    const dir = path.join(variantDir, 'stacks', raw.accounts[0].name);
    const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack.resource!.aws_guardduty_detector)).toHaveLength(17);
    const [channel] = Object.values(stack.resource!.aws_chatbot_slack_channel_configuration);
    expect(channel.provider).toBe('aws.us-west-2');
    await validateAndPlan(terraform, dir);
  }, 600_000);

  test('an organization without us-east-1 still gets (and plans) every detective control and the global-service rules there', async () => {
    const raw = exampleOrgInput();
    raw.regions = ['eu-west-1', 'eu-central-1'];
    raw.accounts = [raw.accounts.find((a: { role: string }) => a.role === 'security')];
    const variantDir = tempDir('terraform-no-us-east-1');
    synthesizeOrganization(validateOrganizationConfig(raw), { outdir: variantDir });
    const dir = path.join(variantDir, 'stacks', 'security');
    const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    // us-east-1 gets every detective control; the sign-in regions only the sign-in rule.
    expect(stack.provider!.aws.map((p) => p.region).sort()).toEqual(['ap-southeast-2', 'eu-central-1', 'eu-north-1', 'eu-west-1', 'us-east-1', 'us-east-2']);
    const detectorRegions = Object.values(stack.resource!.aws_guardduty_detector).map((d) => d.provider ?? 'aws');
    expect(detectorRegions.sort()).toEqual(['aws', 'aws.eu-central-1', 'aws.us-east-1']);
    await validateAndPlan(terraform, dir);
  }, 300_000);
});
