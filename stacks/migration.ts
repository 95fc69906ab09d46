/**
 * Moving an organization from standalone to organization mode must never destroy what a member
 * had: its trail bucket and logs, its GuardDuty detector and Security Hub (which the administrator
 * manages from now on, and which a member may not delete anyway). Every resource the standalone
 * stack of the same account declares and the organization stack does not is therefore forgotten
 * with a Terraform `removed { lifecycle { destroy = false } }` block (Terraform >= 1.7): it stays
 * in AWS, no longer in this state; the security account's detectors and hub are moved to the
 * administrator's constructs instead. For an account that never ran standalone, both are no-ops.
 * The same holds for an organization that comes under Control Tower: what the stack declared
 * without it (the organization trail, the central Config bucket, the aggregator) is forgotten; and
 * for an upgrade: what an earlier version declared (RETIRED_RESOURCES) or switched on by default
 * (an earlier form with that default) is forgotten too.
 */
import { type App, TerraformResource, type TerraformStack } from 'cdktf';
import { withoutPackagingFunctions } from '../modules/core/bundled-function';
import type { AccountBaselineStack } from './account-baseline-stack';

/**
 * Per-account singletons the security account keeps running under organization mode, at new
 * addresses: a second one would be refused, so the existing one is moved, not forgotten.
 */
const MOVED_SINGLETONS = ['aws_guardduty_detector', 'aws_securityhub_account', 'aws_securityhub_finding_aggregator'];

/** A resource an earlier version of the baseline declared and this one does not: forgotten on upgrade, never destroyed. */
export interface RetiredResource {
  /** Its Terraform address in that version's stacks. */
  readonly address: string;
  /** The stacks that declared it, by account role (organization mode). */
  readonly role: AccountBaselineStack['account']['role'];
  /** The first version without it. */
  readonly retiredIn: string;
  readonly why: string;
}

/** What earlier versions declared and this one dropped (CHANGELOG.md says the same, per version). */
export const RETIRED_RESOURCES: readonly RetiredResource[] = [
  {
    address: 'aws_organizations_delegated_administrator.delegated-administrators_config-multiaccountsetup_A1AA19D4',
    role: 'management',
    retiredIn: '0.2.0',
    why:
      'Config multi-account setup was delegated to the security account, but the baseline deploys no organization Config rules or ' +
      'conformance packs: the registration is forgotten (deregister it, or keep using it for your own)',
  },
];

export function forgetWhatOrganizationModeDrops(
  stack: AccountBaselineStack,
  earlierForms: readonly ((shadowId: string) => AccountBaselineStack)[],
): void {
  const app = stack.node.scope as App;
  // Logical ids come from the construct path inside the stack, not from the stack's name.
  const forms = earlierForms.map((earlierForm, index) => {
    const shadowId = `${stack.account.name}-earlier-form-${index}`;
    // Only compared, never written: its functions need no package (a bundle per account otherwise).
    const resources = declaredResources(withoutPackagingFunctions(() => earlierForm(shadowId)));
    app.node.tryRemoveChild(shadowId);
    return resources;
  });

  const now = declaredResources(stack);
  const before = new Map<string, string>();
  for (const form of forms) for (const [address, provider] of form) if (!before.has(address)) before.set(address, provider);
  // Earlier versions' stacks were earlier forms too: only their addresses are known.
  for (const retired of RETIRED_RESOURCES)
    if (retired.role === stack.account.role && !before.has(retired.address)) before.set(retired.address, 'aws');
  const dropped = [...before.keys()].filter((address) => !now.has(address)).sort((a, b) => a.localeCompare(b));
  // Candidates by kind: the same resource type on the same provider configuration.
  const kindOf = (address: string, provider: string) => `${address.split('.')[0]} ${provider}`;
  // A singleton moves to the one resource of its kind that the forms declaring it did not have. A
  // deployment comes from one form: that another form (organization mode without Control Tower)
  // already has the new address must not hide the move, or a second detector would be refused.
  const moves = dropped.flatMap((from) => {
    if (!MOVED_SINGLETONS.includes(from.split('.')[0])) return [];
    const kind = kindOf(from, before.get(from)!);
    const formsOfIt = forms.filter((form) => form.has(from));
    const to = [...now.keys()].filter(
      (address) => kindOf(address, now.get(address)!) === kind && formsOfIt.every((form) => !form.has(address)),
    );
    return to.length === 1 ? [{ from, to: to[0] }] : [];
  });
  // Terraform refuses two moves to one address ("Ambiguous move statements"), for every plan of the stack.
  const ambiguous = moves.filter((move, index) => moves.findIndex((other) => other.to === move.to) !== index);
  if (ambiguous.length > 0) {
    throw new Error(
      `${stack.node.id}: two earlier forms would move to ${ambiguous.map((m) => m.to).join(', ')}; chain those moves in stacks/migration.ts`,
    );
  }
  const moved = new Set(moves.map((m) => m.from));
  const forgotten = dropped.filter((address) => !moved.has(address));
  if (moves.length > 0) stack.addOverride('moved', moves);
  if (forgotten.length > 0)
    stack.addOverride(
      'removed',
      forgotten.map((from) => ({ from, lifecycle: { destroy: false } })),
    );
}

/**
 * `type.logicalId` → the provider configuration of every resource the stack declares, in construct
 * order, read from its constructs (as toTerraform names them) without resolving the stack:
 * resolving is most of what a synth costs, and the earlier forms are only compared, never written.
 */
export function declaredResources(stack: TerraformStack): Map<string, string> {
  return new Map(
    terraformResources(stack).map((resource) => [`${resource.terraformResourceType}.${resource.friendlyUniqueId}`, providerOf(resource)]),
  );
}

/** The resources the stack declares, in construct order. */
export function terraformResources(stack: TerraformStack): TerraformResource[] {
  return stack.node.findAll().filter((construct): construct is TerraformResource => TerraformResource.isTerraformResource(construct));
}

/** The provider configuration a resource names in Terraform (`aws`, `aws.us-east-1`). */
function providerOf(resource: TerraformResource): string {
  const provider = resource.provider;
  if (!provider) return 'aws';
  return provider.alias ? `${provider.terraformResourceType}.${provider.alias}` : provider.terraformResourceType;
}
