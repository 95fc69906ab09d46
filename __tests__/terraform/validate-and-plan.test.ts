/**
 * Stacks against the real Terraform CLI and AWS provider 5.100.0, offline (operations/offline-plan.ts):
 * each is initialised with the offline override and planned from nothing with `plan -json`, which
 * first validates the configuration exactly as `terraform validate` does, the stand-in for AWS
 * (operations/offline-aws.ts) serving what exists before the stack's first apply. It must report
 * no error and no warning, import exactly what exists and create every other declared resource.
 * Each stack shape is planned once across the Terraform suites: migration.test.ts plans the
 * standalone and organization-mode security, workload and management stacks (same shape for every
 * workload) from a standalone state, and the Control Tower security stack from a standalone state;
 * this file plans the rest: organization mode's log-archive and security (as after the management
 * stack designated it: the proof that its imports take what designation enabled), the Control
 * Tower variants of management, log-archive and security, and variants of region sets and
 * adoption; and checks the `Plan:` lines docs/offline-plan.md shows. Under CI=true a missing
 * Terraform fails the run; elsewhere the suite is skipped and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import type { AccountConfig, OrganizationConfig } from '../../config/schema';
import { freshAccount, madeUpDetectorId, stateBeforeFirstApply, type AwsAccountState } from '../../operations/offline-aws';
import { initOffline, planLine, planOffline, runTerraform, type OfflinePlan, type Terraform } from '../../operations/offline-plan';
import {
  controlTowerExampleInput,
  exampleOrg,
  exampleOrgInput,
  organizationModeExample,
  REPO_ROOT,
  tempDir,
  type StackJson,
} from '../helpers/synth';
import { addressesOf, synthesizeToTempDir } from '../helpers/synthesized-organization';
import { AWS_PROVIDER_VERSION, findTerraform, mockPlanTest } from '../helpers/terraform';

const found = findTerraform();
if ('unavailable' in found) {
  if (process.env.CI === 'true') {
    throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
  }
  console.warn(`SKIPPED Terraform validate/plan: ${found.unavailable}`);
}
const describeWithTerraform = 'unavailable' in found ? describe.skip : describe;

/** The region a resource of `stack` is deployed to: its provider configuration's. */
function regionOf(stack: StackJson, resource: { provider?: string }): string {
  const alias = resource.provider?.split('.')[1];
  return stack.provider!.aws.find((config) => config.alias === alias)!.region;
}

/**
 * `[address, id]` of what a plan of `stack` from nothing must import, the account holding what
 * it does: each declared detector in a region where the account has one (that one's id), and the
 * hub where Security Hub is on (the account's id).
 */
function expectedImports(stack: StackJson, account: AwsAccountState): [string, string][] {
  const detectors = Object.entries(stack.resource?.aws_guardduty_detector ?? {}).flatMap(([name, body]): [string, string][] => {
    const id = account.guardDutyDetectors[regionOf(stack, body)];
    return id ? [[`aws_guardduty_detector.${name}`, id]] : [];
  });
  const hubs = Object.entries(stack.resource?.aws_securityhub_account ?? {}).flatMap(([name, body]): [string, string][] =>
    account.securityHubRegions.includes(regionOf(stack, body)) ? [[`aws_securityhub_account.${name}`, account.accountId]] : [],
  );
  return [...detectors, ...hubs].sort();
}

interface PlannedStack {
  readonly stack: StackJson;
  readonly plan: OfflinePlan;
}

/**
 * Offline plan from nothing, AWS holding `account`: no error, no warning; it imports exactly what
 * the account holds that the stack declares (as it is, or changed in place), creates every other
 * declared resource, and neither replaces nor destroys anything.
 */
async function validateAndPlan(terraform: Terraform, dir: string, account: AwsAccountState): Promise<PlannedStack> {
  const stack = await initOffline<StackJson>(terraform, dir);
  const plan = await planOffline(terraform, dir, { account });
  expect(plan.diagnostics).toEqual([]);
  const declared = addressesOf(stack);
  expect(declared.length).toBeGreaterThan(20);
  const imports = expectedImports(stack, account);
  expect([...plan.imports].sort()).toEqual(imports);
  const imported = new Set(imports.map(([address]) => address));
  expect(plan.changes.map(([address]) => address).sort()).toEqual(declared);
  const unexpected = plan.changes.filter(([address, action]) =>
    imported.has(address) ? !['import', 'update'].includes(action) : action !== 'create',
  );
  expect(unexpected).toEqual([]);
  expect(plan.summary).toMatchObject({ import: imports.length, add: declared.length - imports.length, remove: 0 });
  // The line `npm run plan:offline` prints is the one Terraform prints.
  expect(planLine(plan.summary!)).toBe(plan.message);
  return { stack, plan };
}

/** Synthesizes `org` into a fresh directory; the stack directory of an account by name. */
function synthesized(org: OrganizationConfig, label: string): (name: string) => string {
  const { outdir } = synthesizeToTempDir(org, label);
  return (name) => path.join(outdir, 'stacks', name);
}

/** The Plan: line per stack in docs/offline-plan.md, between these markers. */
const PLAN_LINES_START = '<!-- plan-lines:start (generated: __tests__/terraform/validate-and-plan.test.ts) -->';
const PLAN_LINES_END = '<!-- plan-lines:end -->';

function planLinesTable(lines: readonly (readonly [AccountConfig, string])[]): string {
  return [
    PLAN_LINES_START,
    '| stack | role | plan from an empty state |',
    '| --- | --- | --- |',
    ...lines.map(([account, line]) => `| ${account.name} | ${account.role} | \`${line}\` |`),
    PLAN_LINES_END,
  ].join('\n');
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

  const variants: Record<string, { readonly org: OrganizationConfig; readonly roles: readonly string[] }> = {
    'organization mode (the bundled example)': { org: organizationModeExample(), roles: ['log-archive', 'security'] },
    'organization mode under Control Tower': {
      org: validateOrganizationConfig(controlTowerExampleInput()),
      roles: ['management', 'log-archive', 'security'],
    },
  };
  type Variant = keyof typeof variants;
  const stackDirs = Object.fromEntries(
    Object.entries(variants).map(([label, { org }]) => [label, synthesized(org, `terraform-${label.replace(/\W+/g, '-')}`)]),
  ) as Record<Variant, (name: string) => string>;
  const accountOf = (variant: Variant, role: string) => variants[variant].org.accounts.find((a) => a.role === role)!;

  /** Each variant's stack of `role` planned from nothing, as before its first apply (the management stack applied first); once each. */
  const plans = new Map<string, Promise<PlannedStack>>();
  const planOf = (variant: Variant, role: string): Promise<PlannedStack> => {
    const key = `${variant}/${role}`;
    if (!plans.has(key)) {
      const account = accountOf(variant, role);
      plans.set(key, validateAndPlan(terraform, stackDirs[variant](account.name), stateBeforeFirstApply(variants[variant].org, account)));
    }
    return plans.get(key)!;
  };

  describe.each(Object.keys(variants) as Variant[])('%s', (variant) => {
    test.concurrent.each([...variants[variant].roles])(
      '%s: validates without warnings and plans every resource offline (created, or imported where it exists)',
      async (role) => {
        await planOf(variant, role);
      },
      300_000,
    );
  });

  test.concurrent.each(Object.keys(variants) as Variant[])(
    '%s, security, from the state designation leaves: imports the three detectors and the hub, creates no other, replaces and destroys nothing',
    async (variant) => {
      const { stack, plan } = await planOf(variant, 'security');
      const security = accountOf(variant, 'security');
      expect(security.id).toBe('333333333333');
      const imported = plan.imports.map(([address, id]) => {
        const [type, name] = address.split('.');
        return [type, regionOf(stack, stack.resource![type][name]), id];
      });
      expect(imported.sort()).toEqual([
        ['aws_guardduty_detector', 'eu-central-1', madeUpDetectorId(security.id, 'eu-central-1')],
        ['aws_guardduty_detector', 'eu-west-1', madeUpDetectorId(security.id, 'eu-west-1')],
        ['aws_guardduty_detector', 'us-east-1', madeUpDetectorId(security.id, 'us-east-1')],
        ['aws_securityhub_account', 'eu-west-1', security.id],
      ]);
      // A second detector or hub would be refused by AWS; nothing that exists is replaced or destroyed.
      const created = plan.changes.filter(([, action]) => action === 'create').map(([address]) => address.split('.')[0]);
      expect(created).not.toContain('aws_guardduty_detector');
      expect(created).not.toContain('aws_securityhub_account');
      expect(plan.changes.filter(([, action]) => !['create', 'update', 'import'].includes(action))).toEqual([]);
      expect(plan.summary).toMatchObject({ import: 4, remove: 0 });
    },
    300_000,
  );

  test.concurrent(
    'negative control: without its import blocks, the security stack plans to create the detectors and the hub designation made',
    async () => {
      const variant = 'organization mode (the bundled example)';
      const { stack } = await planOf(variant, 'security');
      const { import: imports, ...stripped } = stack;
      expect(imports).toHaveLength(4);
      const dir = tempDir('terraform-without-imports');
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stripped));
      fs.cpSync(path.join(stackDirs[variant]('security'), 'assets'), path.join(dir, 'assets'), { recursive: true });
      await initOffline(terraform, dir);
      // Only what the import blocks targeted: a full plan would take as long again.
      const targets = imports!.map((i) => `-target=${i.to}`);
      const plan = await planOffline(terraform, dir, {
        account: stateBeforeFirstApply(variants[variant].org, accountOf(variant, 'security')),
        extraArgs: targets,
      });
      expect(plan.diagnostics.map((d) => d.summary)).toEqual(['Resource targeting is in effect']);
      expect(plan.imports).toEqual([]);
      expect([...plan.changes].sort()).toEqual(imports!.map((i) => [i.to, 'create']).sort());
    },
    300_000,
  );

  test.concurrent(
    "docs/offline-plan.md shows the Plan: line of each of the bundled example's stacks",
    async () => {
      const variant = 'organization mode (the bundled example)';
      const planned = await Promise.all(variants[variant].roles.map((role) => planOf(variant, role)));
      const controlTower = await Promise.all(
        variants['organization mode under Control Tower'].roles.map((role) => planOf('organization mode under Control Tower', role)),
      );
      // A stack without import blocks, from nothing, creates each declared resource (validateAndPlan
      // proves it for every stack it plans): its line follows from the stack, checked here against
      // each such plan of this suite.
      const lineWithoutImports = (stack: StackJson) => planLine({ add: addressesOf(stack).length, change: 0, import: 0, remove: 0 });
      for (const { stack, plan } of [...planned, ...controlTower].filter(({ stack }) => !stack.import)) {
        expect(lineWithoutImports(stack)).toBe(plan.message);
      }
      const lines = variants[variant].org.accounts.map((account): [AccountConfig, string] => {
        const plan = planned[variants[variant].roles.indexOf(account.role ?? '')]?.plan;
        if (plan) return [account, plan.message!];
        const stack: StackJson = JSON.parse(fs.readFileSync(path.join(stackDirs[variant](account.name), 'cdk.tf.json'), 'utf8'));
        expect(stack.import).toBeUndefined();
        return [account, lineWithoutImports(stack)];
      });
      const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'offline-plan.md'), 'utf8');
      const shown = docs.slice(docs.indexOf(PLAN_LINES_START), docs.indexOf(PLAN_LINES_END) + PLAN_LINES_END.length);
      // Stale: replace the table in docs/offline-plan.md with the one this test expects.
      expect(shown).toBe(planLinesTable(lines));
    },
    300_000,
  );

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
    await validateAndPlan(terraform, dir, freshAccount(raw.accounts[0].id));
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
    await validateAndPlan(terraform, dir, freshAccount(raw.accounts[0].id));
  }, 300_000);
});
