/**
 * Migration from standalone to organization mode, against the real Terraform CLI and AWS provider
 * 5.100.0, offline. config/examples/standalone.json and config/examples/organization.json describe
 * the same organization in the two modes. For the security, a workload and the management account:
 * 1. the account's standalone stack is planned from nothing, and the plan is turned into the state
 *    a standalone deployment leaves (helpers/migration-state.ts); the standalone stack planned
 *    against that state changes nothing, so the state is faithful;
 * 2. the account's organization-mode stack is planned from that state, with `-refresh=false`, the
 *    stand-in for AWS (operations/offline-aws.ts) serving the detectors and hub that state holds
 *    (its data sources read them; its import blocks are no-ops, the objects being moved): it deletes and replaces nothing (the management account keeps its account trail,
 *    and the CIS filters on its log group, beside the new organization trail), it forgets
 *    exactly what it no longer declares (`removed { lifecycle { destroy = false } }`), it leaves
 *    untouched what both modes configure alike, and it moves the security account's detectors, hub
 *    and finding aggregator to the administrator's constructs instead of creating new ones;
 * 3. negative control: without the `moved` and `removed` blocks, the same plan deletes exactly what
 *    they protect.
 * The security account is also migrated straight from standalone to organization mode under
 * Control Tower, whose stack forgets what the organization without Control Tower had as well:
 * its detectors, hub and aggregator must still be moved (a second one would be refused).
 * Every plan here also stands for the stack's own check against Terraform (validate-and-plan.test.ts
 * plans only the other stacks): no error, no warning, and from nothing every declared resource
 * created. The log-archive account (verified the same way: 95 forgotten, 6 updated in place, 25
 * created, nothing deleted) is left out to keep the file near a minute on two cores.
 * Under CI=true a missing Terraform fails the run; elsewhere the suite is skipped and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import { RETIRED_RESOURCES } from '../../stacks/migration';
import { synthesizeOrganization } from '../../stacks/organization';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, tempDir, type StackJson } from '../helpers/synth';
import { addressesOf } from '../helpers/synthesized-organization';
import { freshAccount, type AwsAccountState } from '../../operations/offline-aws';
import { initOffline, planOffline, runTerraform, type Terraform } from '../../operations/offline-plan';
import {
  existingObjects,
  stateAddresses,
  stateFromPlan,
  withRetiredResources,
  type PlanJson,
  type ResourceChange,
  type TerraformState,
} from '../helpers/migration-state';
import { findTerraform } from '../helpers/terraform';

const found = findTerraform();
if ('unavailable' in found) {
  if (process.env.CI === 'true') {
    throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
  }
  console.warn(`SKIPPED Terraform migration plans: ${found.unavailable}`);
}
const describeWithTerraform = 'unavailable' in found ? describe.skip : describe;

/** The roles whose accounts are migrated here (the first account of each). */
const ROLES = ['security', 'workload', 'management'] as const;

/** The organization stack's own migration blocks (stacks/migration.ts). */
interface MigrationBlocks {
  readonly moved?: { from: string; to: string }[];
  readonly removed?: { from: string; lifecycle: { destroy: boolean } }[];
}

/**
 * An offline plan that never refreshes (the stand-in for AWS serves only `account`'s detectors
 * and hubs, which the data sources and imports read), as `terraform show -json` gives it. It
 * validates the stack first, as `terraform validate` does: no error and no warning.
 */
async function planJson(terraform: Terraform, dir: string, account: AwsAccountState): Promise<PlanJson> {
  const { diagnostics } = await planOffline(terraform, dir, { account, extraArgs: ['-refresh=false', '-out=migration.tfplan'] });
  expect(diagnostics).toEqual([]);
  return JSON.parse(await runTerraform(terraform, dir, ['show', '-json', 'migration.tfplan']));
}

/** The attributes AWS gives a retired resource (only the delegated-administrator registration of 0.1.0 so far). */
function retiredAttributes(org: OrganizationConfig, address: string): Record<string, unknown> {
  if (!address.startsWith('aws_organizations_delegated_administrator.')) throw new Error(`no attributes for ${address}`);
  const security = org.accounts.find((a) => a.role === 'security')!;
  const management = org.accounts.find((a) => a.role === 'management')!;
  const principal = 'config-multiaccountsetup.amazonaws.com';
  return {
    account_id: security.id,
    arn: `arn:aws:organizations::${management.id}:account/${org.organization!.id}/${security.id}`,
    delegation_enabled_date: '2026-11-27T12:00:00Z',
    email: 'security@example.com',
    id: `${security.id}/${principal}`,
    joined_method: 'CREATED',
    joined_timestamp: '2026-01-01T00:00:00Z',
    name: security.name,
    service_principal: principal,
    status: 'ACTIVE',
  };
}

function writeState(dir: string, state: TerraformState): void {
  fs.writeFileSync(path.join(dir, 'offline-plan.tfstate'), JSON.stringify(state));
}

/** Managed-resource changes (a check block's data source, read at plan time, is no change). */
function managedChanges(plan: PlanJson): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((change) => change.mode === 'managed');
}

function withAction(changes: readonly ResourceChange[], action: string): string[] {
  return changes
    .filter((c) => c.change.actions.includes(action))
    .map((c) => c.address)
    .sort();
}

/**
 * Addresses both stacks declare with the same configuration, referring only to resources that are
 * themselves the same in both: Terraform has nothing to change there.
 */
function configuredAlike(before: StackJson, after: StackJson): string[] {
  const body = (stack: StackJson, address: string) => {
    const [type, name] = address.split('.');
    const { '//': _metadata, ...rest } = stack.resource?.[type]?.[name] ?? {};
    return rest;
  };
  const declaredBefore = new Set(addressesOf(before));
  const alike = new Map<string, boolean>();
  const isAlike = (address: string): boolean => {
    if (!alike.has(address)) {
      const text = JSON.stringify(body(after, address));
      const references = [...text.matchAll(/\b(aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\./g)].map((m) => m[1]).filter((a) => a !== address);
      alike.set(address, declaredBefore.has(address) && text === JSON.stringify(body(before, address)) && references.every(isAlike));
    }
    return alike.get(address)!;
  };
  return addressesOf(after).filter(isAlike);
}

describeWithTerraform('migration from standalone to organization mode (Terraform plan from a standalone state)', () => {
  const terraform = found as Terraform;
  const standalone = exampleOrg();
  const organization = organizationModeExample();
  const standaloneOut = tempDir('migration-standalone');
  synthesizeOrganization(standalone, { outdir: standaloneOut });
  /** Where each organization-mode variant was synthesized; Control Tower's only for the security account. */
  const organizationOut = {
    'organization mode': tempDir('migration-organization'),
    'under Control Tower': tempDir('migration-control-tower'),
  } as const;
  type Variant = keyof typeof organizationOut;
  const accountOf = (role: string) => organization.accounts.find((a) => a.role === role)!;
  const accountIdOf = (name: string) => standalone.accounts.find((a) => a.name === name)!.id;
  synthesizeOrganization(organization, { outdir: organizationOut['organization mode'] });
  const controlTower = validateOrganizationConfig(controlTowerExampleInput());
  synthesizeOrganization(controlTower, {
    outdir: organizationOut['under Control Tower'],
    accounts: controlTower.accounts.filter((a) => a.role === 'security'),
  });
  const migrations: [Variant, string][] = [
    ...ROLES.map((role): [Variant, string] => ['organization mode', accountOf(role).name]),
    ['under Control Tower', accountOf('security').name],
  ];

  test('both examples describe the same accounts, in both modes', () => {
    expect(standalone.mode).toBe('standalone');
    expect(organization.mode).toBe('organization');
    expect(standalone.accounts.map((a) => [a.name, a.id])).toEqual(organization.accounts.map((a) => [a.name, a.id]));
  });

  /** The state a standalone deployment of `name` leaves, built once per account. */
  const standaloneStates = new Map<string, Promise<{ state: TerraformState; stack: StackJson; dir: string }>>();
  const standaloneState = (name: string) => {
    if (!standaloneStates.has(name)) {
      standaloneStates.set(
        name,
        (async () => {
          const dir = path.join(standaloneOut, 'stacks', name);
          const stack = await initOffline<StackJson>(terraform, dir);
          const plan = await planJson(terraform, dir, freshAccount(accountIdOf(name)));
          // Planned from nothing (this is also the standalone stack's check against Terraform): every declared resource created.
          const planned = managedChanges(plan).map((c) => [c.address, c.change.actions.join()]);
          expect(planned.sort()).toEqual(
            addressesOf(stack)
              .map((address) => [address, 'create'])
              .sort(),
          );
          const state = stateFromPlan(plan, stack, accountIdOf(name), terraform.version);
          return { state, stack, dir };
        })(),
      );
    }
    return standaloneStates.get(name)!;
  };

  /** The plan of `name`'s stack in `variant` from its standalone state, built once per variant and account. */
  const migrationPlans = new Map<
    string,
    Promise<{ plan: PlanJson; stack: StackJson & MigrationBlocks; state: TerraformState; standaloneStack: StackJson }>
  >();
  const migrationPlan = (variant: Variant, name: string) => {
    const key = `${variant}/${name}`;
    if (!migrationPlans.has(key)) {
      migrationPlans.set(
        key,
        (async () => {
          const dir = path.join(organizationOut[variant], 'stacks', name);
          const [{ state: standalone, stack: standaloneStack }, stack] = await Promise.all([
            standaloneState(name),
            initOffline<StackJson & MigrationBlocks>(terraform, dir),
          ]);
          // Management's state also holds what 0.1.0's organization mode declared and this version does not.
          const state =
            name === accountOf('management').name
              ? withRetiredResources(standalone, 'management', (address) => retiredAttributes(organization, address))
              : standalone;
          writeState(dir, state);
          // AWS holds what the standalone deployment left: the designation found the detectors and hub there already.
          const plan = await planJson(terraform, dir, existingObjects(state, standaloneStack, accountIdOf(name)));
          return { plan, stack, state, standaloneStack };
        })(),
      );
    }
    return migrationPlans.get(key)!;
  };

  test.concurrent.each(migrations)(
    '%s, %s: planned from its standalone state, the stack deletes and replaces nothing, and forgets what it drops',
    async (variant, name) => {
      const { plan, stack, state, standaloneStack } = await migrationPlan(variant, name);
      const changes = managedChanges(plan);
      const inState = new Set(stateAddresses(state));
      const retired = name === accountOf('management').name ? RETIRED_RESOURCES.filter((r) => r.role === 'management') : [];
      expect([...inState].sort()).toEqual([...addressesOf(standaloneStack), ...retired.map((r) => r.address)].sort());
      const declared = new Set(addressesOf(stack));
      const movedFrom = new Set((stack.moved ?? []).map((m) => m.from));

      // Nothing deleted, nothing replaced (a replacement is a delete and a create).
      expect(changes.filter((c) => c.change.actions.includes('delete')).map((c) => `${c.address}: ${c.change.actions.join(', ')}`)).toEqual(
        [],
      );

      // Everything the standalone state holds that the organization stack no longer declares (and
      // does not move) is forgotten: it stays in AWS, no longer in this state. The `removed`
      // blocks (stacks/migration.ts) name exactly those, each with destroy = false (under Control
      // Tower also what only organization mode without it had, which this state does not hold).
      const dropped = [...inState].filter((address) => !declared.has(address) && !movedFrom.has(address)).sort();
      expect(dropped.length).toBeGreaterThan(80);
      expect(withAction(changes, 'forget')).toEqual(dropped);
      const removedFrom = (stack.removed ?? []).map((r) => r.from).sort();
      expect(removedFrom.filter((address) => inState.has(address))).toEqual(dropped);
      if (variant === 'organization mode') expect(removedFrom).toEqual(dropped);
      expect(stack.removed?.every((r) => r.lifecycle.destroy === false)).toBe(true);

      // Each resource of the standalone state is forgotten, moved, or kept (no change, or in place).
      const fateOf = (address: string) => {
        const change = changes.find((c) => c.address === address) ?? changes.find((c) => c.previous_address === address);
        return change ? `${change.address === address ? 'at' : 'moved to'} ${change.change.actions.join('+')}` : 'absent from the plan';
      };
      for (const address of inState) {
        const expected = movedFrom.has(address)
          ? /^moved to (no-op|update)$/
          : declared.has(address)
            ? /^at (no-op|update)$/
            : /^at forget$/;
        expect([address, fateOf(address)]).toEqual([address, expect.stringMatching(expected)]);
      }
      // Only what the standalone state does not hold is created.
      expect(withAction(changes, 'create').filter((address) => inState.has(address))).toEqual([]);

      // What both modes configure alike is left untouched: the state stands for what was deployed.
      const alike = configuredAlike(standaloneStack, stack);
      expect(alike.length).toBeGreaterThan(100);
      expect(changes.filter((c) => alike.includes(c.address) && c.change.actions.join() !== 'no-op').map((c) => c.address)).toEqual([]);
    },
    300_000,
  );

  test.concurrent.each(Object.keys(organizationOut) as Variant[])(
    "%s, security: its detectors, hub and finding aggregator are moved to the administrator's constructs, not created again",
    async (variant) => {
      const { plan, stack } = await migrationPlan(variant, accountOf('security').name);
      const changes = managedChanges(plan);
      const moves = stack.moved ?? [];
      expect(moves.map((m) => m.from.split('.')[0]).sort()).toEqual([
        'aws_guardduty_detector',
        'aws_guardduty_detector',
        'aws_guardduty_detector',
        'aws_securityhub_account',
        'aws_securityhub_finding_aggregator',
      ]);
      for (const { from, to } of moves) {
        const change = changes.find((c) => c.address === to);
        expect([to, change?.previous_address, change?.change.actions.join()]).toEqual([
          to,
          from,
          expect.stringMatching(/^(no-op|update)$/),
        ]);
        expect(changes.find((c) => c.address === from)).toBeUndefined();
      }
      // The import blocks (what designation enabled) are no-ops: the moved objects are in the state already.
      expect(stack.import?.map((i) => i.to).sort()).toEqual(
        moves
          .map((m) => m.to)
          .filter((to) => !to.startsWith('aws_securityhub_finding_aggregator.'))
          .sort(),
      );
      expect(changes.filter((c) => c.change.importing).map((c) => c.address)).toEqual([]);
      // A second detector, hub or aggregator in the same account and region would be refused.
      const created = changes.filter((c) => c.change.actions.includes('create')).map((c) => c.type);
      expect(created).not.toContain('aws_guardduty_detector');
      expect(created).not.toContain('aws_securityhub_account');
      expect(created).not.toContain('aws_securityhub_finding_aggregator');
    },
    300_000,
  );

  test.concurrent(
    'the built state is what a standalone deployment leaves: the standalone stack plans no change against it (workload)',
    async () => {
      const name = accountOf('workload').name;
      const { state, stack, dir } = await standaloneState(name);
      writeState(dir, state);
      const { changes, summary, diagnostics } = await planOffline(terraform, dir, {
        account: existingObjects(state, stack, accountIdOf(name)),
        extraArgs: ['-refresh=false'],
      });
      expect(diagnostics).toEqual([]);
      expect(changes).toEqual([]);
      expect(summary).toEqual({ add: 0, change: 0, import: 0, remove: 0 });
    },
    300_000,
  );

  test.concurrent(
    'negative control: without its moved and removed blocks, the same plan (security) deletes exactly what they protect',
    async () => {
      const name = accountOf('security').name;
      const { plan, stack, state } = await migrationPlan('organization mode', name);
      const { moved, removed, ...stripped } = stack;
      expect(moved?.length).toBeGreaterThan(0);
      expect(removed?.length).toBeGreaterThan(0);
      const dir = tempDir('migration-control');
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stripped));
      const assets = path.join(organizationOut['organization mode'], 'stacks', name, 'assets');
      if (fs.existsSync(assets)) fs.cpSync(assets, path.join(dir, 'assets'), { recursive: true });
      await initOffline(terraform, dir);
      writeState(dir, state);
      // The machine-readable plan output names each change's action: enough here, without a `terraform show`.
      const { changes: planned, imports } = await planOffline(terraform, dir, {
        account: existingObjects(state, stack, accountIdOf(name)),
        extraArgs: ['-refresh=false'],
      });
      const actioned = (action: string) =>
        planned
          .filter(([, planned]) => planned === action)
          .map(([address]) => address)
          .sort();

      const protectedAddresses = [...withAction(managedChanges(plan), 'forget'), ...moved!.map((m) => m.from)].sort();
      expect(actioned('delete')).toEqual(protectedAddresses);
      expect([...actioned('remove'), ...actioned('move'), ...actioned('replace')]).toEqual([]);
      // The detectors, hub and aggregator would go. At the new addresses, the import blocks would
      // take the detectors and the hub in again (the objects the old addresses destroy), and the
      // aggregator would be created again.
      const isImported = (address: string) => /^aws_(guardduty_detector|securityhub_account)\./.test(address);
      expect(imports.map(([address]) => address).sort()).toEqual(
        moved!
          .map((m) => m.to)
          .filter(isImported)
          .sort(),
      );
      expect(actioned('create')).toEqual(expect.arrayContaining(moved!.map((m) => m.to).filter((address) => !isImported(address))));
    },
    300_000,
  );
});
