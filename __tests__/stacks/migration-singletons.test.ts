/**
 * The migration blocks of stacks/migration.ts against what AWS allows only once in an account:
 * a second detector, hub, aggregator, recorder, channel, account analyzer or service-linked role
 * is refused. So no stack may forget such a resource of the stack it replaces and create another
 * of its kind: it must keep it, move it, or only forget it. Checked for every account on each
 * path a deployment takes (standalone to organization mode, with or without Control Tower, and
 * organization mode to Control Tower) from the synthesized output;
 * __tests__/terraform/migration.test.ts plans some of these migrations with Terraform.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GuarddutyDetector } from '@cdktf/provider-aws/lib/guardduty-detector';
import { App, TerraformStack } from 'cdktf';
import { validateOrganizationConfig } from '../../config/load';
import type { AccountBaselineStack } from '../../stacks/account-baseline-stack';
import { forgetWhatOrganizationModeDrops } from '../../stacks/migration';
import { addressesOf, synthesizeToTempDir } from '../helpers/synthesized-organization';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, tempDir, type StackJson } from '../helpers/synth';

/** One per account and region (Config: one recorder and one delivery channel per region). */
const ONE_PER_REGION = [
  'aws_guardduty_detector',
  'aws_securityhub_account',
  'aws_config_configuration_recorder',
  'aws_config_delivery_channel',
];
/** One per account, whichever region's provider declares it (the aggregator lives in one home region). */
const ONE_PER_ACCOUNT = ['aws_securityhub_finding_aggregator'];

/** What a second one of `address` would clash with, if AWS allows only one of it. */
function kindOf(stack: StackJson, address: string): string | undefined {
  const [type, id] = address.split('.');
  const body = stack.resource![type][id];
  const region = body.provider ?? 'aws';
  if (ONE_PER_ACCOUNT.includes(type)) return type;
  if (ONE_PER_REGION.includes(type)) return `${type} ${region}`;
  // One analyzer of the account per region (organization analyzers may be several).
  if (type === 'aws_accessanalyzer_analyzer' && (body.type ?? 'ACCOUNT') === 'ACCOUNT') return `${type} ACCOUNT ${region}`;
  // One role per service and account.
  if (type === 'aws_iam_service_linked_role') return `${type} ${body.aws_service_name}`;
  return undefined;
}

const standalone = synthesizeToTempDir(exampleOrg(), 'singletons-standalone');
const organization = synthesizeToTempDir(organizationModeExample(), 'singletons-organization');
const controlTower = synthesizeToTempDir(validateOrganizationConfig(controlTowerExampleInput()), 'singletons-control-tower');
const paths = [
  ['standalone to organization mode', standalone, organization],
  ['standalone to organization mode under Control Tower', standalone, controlTower],
  ['organization mode to Control Tower', organization, controlTower],
] as const;

describe.each(paths)('%s', (_, from, to) => {
  test.each(to.org.accounts.map((a) => a.name))('%s never forgets a resource AWS allows once and creates another of its kind', (name) => {
    const before = from.stack(name);
    const now = to.stack(name) as StackJson & { moved?: { from: string; to: string }[]; removed?: { from: string }[] };
    const held = new Set(addressesOf(before));
    const movedTo = new Set((now.moved ?? []).map((m) => m.to));
    const forgotten = (now.removed ?? []).map((r) => r.from).filter((address) => held.has(address));
    const forgottenKinds = new Set(forgotten.flatMap((address) => kindOf(before, address) ?? []));
    const created = addressesOf(now).filter((address) => !held.has(address) && !movedTo.has(address));
    const clashing = created.filter((address) => forgottenKinds.has(kindOf(now, address) ?? 'not once per account'));
    expect(clashing).toEqual([]);
  });
});

test('the check has something to check: every account leaving standalone forgets some of them', () => {
  for (const account of organization.org.accounts) {
    const held = new Set(addressesOf(standalone.stack(account.name)));
    // Forgotten resources of earlier versions (RETIRED_RESOURCES) were never standalone's.
    const removed = ((organization.stack(account.name) as { removed?: { from: string }[] }).removed ?? [])
      .map((r) => r.from)
      .filter((address) => held.has(address));
    expect([account.name, removed.some((address) => kindOf(standalone.stack(account.name), address) !== undefined)]).toEqual([
      account.name,
      true,
    ]);
  }
});

test('two earlier forms whose singletons would move to one address: a clear error, not a plan Terraform refuses', () => {
  const app = new App({ outdir: tempDir('ambiguous-moves'), stackTraces: false });
  /** A stack of one account holding one detector with construct id `detectorId`. */
  const stackWithDetector = (stackId: string, detectorId: string) => {
    const stack = Object.assign(new TerraformStack(app, stackId), { account: { name: 'acct' } });
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new GuarddutyDetector(stack, detectorId, {});
    return stack as unknown as AccountBaselineStack;
  };
  const now = stackWithDetector('acct', 'detector-now');
  expect(() =>
    forgetWhatOrganizationModeDrops(now, [
      (shadowId) => stackWithDetector(shadowId, 'detector-standalone'),
      (shadowId) => stackWithDetector(shadowId, 'detector-without-control-tower'),
    ]),
  ).toThrow(/acct: two earlier forms would move to aws_guardduty_detector\.detector-now; chain those moves/);
  // One earlier form: the detector is moved.
  const single = stackWithDetector('single', 'detector-now');
  forgetWhatOrganizationModeDrops(single, [(shadowId) => stackWithDetector(shadowId, 'detector-standalone')]);
  expect((single.toTerraform() as { moved?: unknown }).moved).toEqual([
    { from: 'aws_guardduty_detector.detector-standalone', to: 'aws_guardduty_detector.detector-now' },
  ]);
});
