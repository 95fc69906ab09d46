/**
 * Moving from standalone to organization mode (with or without Control Tower), as the migration
 * blocks of stacks/migration.ts describe it: an account may hold only one of some resources (per
 * region, or per account), and AWS refuses a second. So no stack may forget such a resource of
 * the standalone stack and create another of its kind: it must keep it, move it, or only forget it.
 * __tests__/terraform/migration.test.ts plans some of these migrations with Terraform; this checks
 * every account of both variants from their synthesized output.
 */
import { validateOrganizationConfig } from '../../config/load';
import { addressesOf, synthesizeToTempDir } from '../helpers/synthesized-organization';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, type StackJson } from '../helpers/synth';

/** One per account and region: a second is refused (Config: one recorder and one channel per region). */
const ONE_PER_REGION = [
  'aws_guardduty_detector',
  'aws_securityhub_account',
  'aws_securityhub_finding_aggregator',
  'aws_config_configuration_recorder',
  'aws_config_delivery_channel',
  'aws_ebs_encryption_by_default',
];
/** One per account, whichever region's provider declares it. */
const ONE_PER_ACCOUNT = ['aws_iam_account_password_policy', 'aws_s3_account_public_access_block'];

/** What a second one of `address` would clash with: its type, and its region unless it is one per account. */
function kindOf(stack: StackJson, address: string): string | undefined {
  const [type, id] = address.split('.');
  if (ONE_PER_ACCOUNT.includes(type)) return type;
  if (ONE_PER_REGION.includes(type)) return `${type} ${stack.resource![type][id].provider ?? 'aws'}`;
  return undefined;
}

const standalone = synthesizeToTempDir(exampleOrg(), 'singletons-standalone');
const variants = [
  ['organization mode', synthesizeToTempDir(organizationModeExample(), 'singletons-organization')],
  ['under Control Tower', synthesizeToTempDir(validateOrganizationConfig(controlTowerExampleInput()), 'singletons-control-tower')],
] as const;

describe.each(variants)('%s, from standalone', (_, organization) => {
  test.each(organization.org.accounts.map((a) => a.name))('%s never forgets a one-per-account resource and creates another', (name) => {
    const before = standalone.stack(name);
    const now = organization.stack(name) as StackJson & { moved?: { from: string; to: string }[]; removed?: { from: string }[] };
    const held = new Set(addressesOf(before));
    const movedTo = new Set((now.moved ?? []).map((m) => m.to));
    const forgotten = (now.removed ?? []).map((r) => r.from).filter((address) => held.has(address));
    const forgottenKinds = new Set(forgotten.flatMap((address) => kindOf(before, address) ?? []));
    const created = addressesOf(now).filter((address) => !held.has(address) && !movedTo.has(address));
    const clashing = created.filter((address) => forgottenKinds.has(kindOf(now, address) ?? 'not one per account'));
    expect(forgottenKinds.size).toBeGreaterThan(0); // every account forgets some (its standalone Config or threat detection)
    expect(clashing).toEqual([]);
  });
});
