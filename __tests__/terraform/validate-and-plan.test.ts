/**
 * Stacks against the real Terraform CLI and AWS provider 5.100.0, offline: each is initialised
 * with the offline override and planned from nothing with `plan -json`, which first validates the
 * configuration exactly as `terraform validate` does. It must report no error and no warning, and
 * plan to create every declared resource. Each stack shape is planned once across the Terraform
 * suites: migration.test.ts plans the standalone and organization-mode security, workload and
 * management stacks (same shape for every workload), and the Control Tower security stack from a
 * standalone state; this file plans the rest: organization mode's log-archive, the Control Tower
 * variants of management, log-archive and security (as a new account's), and variants of region
 * sets and adoption. Under CI=true a missing Terraform fails the run; elsewhere the suite is
 * skipped and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import { controlTowerExampleInput, exampleOrg, exampleOrgInput, organizationModeExample, type StackJson } from '../helpers/synth';
import { addressesOf, synthesizeToTempDir } from '../helpers/synthesized-organization';
import {
  AWS_PROVIDER_VERSION,
  findTerraform,
  initOffline,
  mockPlanTest,
  planOffline,
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

/** Offline plan from nothing: no error, no warning, every declared resource created. */
async function validateAndPlan(terraform: Terraform, dir: string): Promise<void> {
  const stack = await initOffline(terraform, dir);
  const { changes, diagnostics } = await planOffline(terraform, dir);
  expect(diagnostics).toEqual([]);
  const declared = addressesOf(stack);
  expect(declared.length).toBeGreaterThan(20);
  expect(changes.sort()).toEqual(declared.map((address) => [address, 'create']).sort());
}

/** Synthesizes `org` into a fresh directory; the stack directory of an account by name. */
function synthesized(org: OrganizationConfig, label: string): (name: string) => string {
  const { outdir } = synthesizeToTempDir(org, label);
  return (name) => path.join(outdir, 'stacks', name);
}

describeWithTerraform('stacks against Terraform and the AWS provider', () => {
  const terraform = found as Terraform;

  test('stacks require exactly the provider version that is mirrored', () => {
    const org = exampleOrg();
    const stackDir = synthesized(org, 'terraform-versions');
    for (const account of org.accounts) {
      const stack: StackJson = JSON.parse(fs.readFileSync(path.join(stackDir(account.name), 'cdk.tf.json'), 'utf8'));
      expect(stack.terraform.required_providers.aws.version).toBe(AWS_PROVIDER_VERSION);
    }
  });

  describe.each([
    ['organization mode (the bundled example)', () => organizationModeExample(), ['log-archive']],
    [
      'organization mode under Control Tower',
      () => validateOrganizationConfig(controlTowerExampleInput()),
      ['management', 'log-archive', 'security'],
    ],
  ] as const)('%s', (label, variant, roles) => {
    const org = variant();
    const stackDir = synthesized(org, `terraform-${label.replace(/\W+/g, '-')}`);
    const accounts = roles.map((role) => org.accounts.find((a) => a.role === role)!.name);

    test.concurrent.each(accounts)(
      '%s: validates without warnings and plans every resource offline',
      (name) => validateAndPlan(terraform, stackDir(name)),
      300_000,
    );
  });

  test('an account adopting existing services: its import blocks validate and plan (mock provider)', async () => {
    const raw = exampleOrgInput();
    raw.accounts = [
      {
        ...raw.accounts.find((a: { role: string }) => a.role === 'workload'),
        adopt: {
          configServiceLinkedRole: true,
          configRecorder: { recorderName: 'default', deliveryChannelName: 'default', regions: ['us-east-1'] },
          guardDutyDetectors: { 'eu-west-1': '12abc34d567e8fa901bc2d34e56789f0' },
          securityHub: ['eu-west-1'],
          securityHubStandards: ['aws-foundational-security-best-practices/v/1.0.0'],
          securityHubFindingAggregatorArn:
            'arn:aws:securityhub:eu-west-1:444444444444:finding-aggregator/0f8e9d7c-1111-2222-3333-444455556666',
          accessAnalyzers: { 'eu-west-1': 'ConsoleAnalyzer-0a1b' },
        },
      },
    ];
    const dir = synthesized(validateOrganizationConfig(raw), 'terraform-adopt')(raw.accounts[0].name);
    const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    expect(raw.accounts[0].id).toBe('444444444444');
    expect(stack.import).toHaveLength(8);
    await runTerraform(terraform, dir, ['init', '-backend=false', '-input=false']);
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'tests', 'adopt.tftest.hcl'), mockPlanTest(stack));
    // `terraform test` validates the configuration first, as `terraform validate` does, and prints its warnings.
    const output = await runTerraform(terraform, dir, ['test']);
    expect(output).toMatch(/1 passed, 0 failed/);
    expect(output).not.toMatch(/Warning:/);
  }, 300_000);

  test('every default-enabled region, home eu-central-1 (Chatbot then in us-west-2): validates and plans', async () => {
    const raw = exampleOrgInput();
    raw.homeRegion = 'eu-central-1';
    raw.detectiveControlRegions = 'all-default-enabled';
    raw.accounts = [raw.accounts.find((a: { role: string }) => a.role === 'workload')];
    const dir = synthesized(validateOrganizationConfig(raw), 'terraform-all-regions')(raw.accounts[0].name);
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
    const dir = synthesized(validateOrganizationConfig(raw), 'terraform-no-us-east-1')('security');
    const stack: StackJson = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    // us-east-1 gets every detective control; the sign-in regions only the sign-in rule.
    expect(stack.provider!.aws.map((p) => p.region).sort()).toEqual([
      'ap-southeast-2',
      'eu-central-1',
      'eu-north-1',
      'eu-west-1',
      'us-east-1',
      'us-east-2',
    ]);
    const detectorRegions = Object.values(stack.resource!.aws_guardduty_detector).map((d) => d.provider ?? 'aws');
    expect(detectorRegions.sort()).toEqual(['aws', 'aws.eu-central-1', 'aws.us-east-1']);
    await validateAndPlan(terraform, dir);
  }, 300_000);
});
