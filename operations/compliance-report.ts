/**
 * The compliance report (`npm run report`): for every account stack, each control of the catalogs
 * and of the baseline's structure (the trail, Config recording, hardening…: baseline-controls.ts)
 * with the Terraform resources of the synthesized stack that implement it, and the controls the
 * organization file switches off, with the reason. Pure: built from a validated config and the
 * stacks already read; sorted throughout and without timestamps, so the report can be committed and
 * diffed. The markdown for auditors is compliance-report-markdown.ts; pipelines read this object as JSON.
 */
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { catalogControls, type CatalogControl, compareKeys, CONTROL_FAMILIES, type SwitchOff } from './compliance-controls';
import { stackResources, type SynthesizedStackJson } from './synthesized-output';

export type { ControlFamily, FrameworkIds } from './compliance-controls';

/** A control of one stack. */
export interface ReportedControl extends Pick<CatalogControl, 'family' | 'key' | 'title' | 'ids'> {
  /** Terraform addresses (`type.logical_id`) in the stack that implement it or, for a control that is off, keep it off; sorted. */
  readonly addresses: readonly string[];
}

/** A control the organization file switches off, with why. */
export type SwitchedOffControl = ReportedControl & SwitchOff;

export interface StackReport {
  /** The stack's name: the account's. */
  readonly stack: string;
  readonly accountId: string;
  readonly role: AccountConfig['role'];
  /** Controls with at least one implementing resource in this stack. */
  readonly implemented: readonly ReportedControl[];
  /** Every control the organization file switches off (its settings apply to every account). */
  readonly switchedOff: readonly SwitchedOffControl[];
}

export interface ComplianceReport {
  /** By stack name. */
  readonly stacks: readonly StackReport[];
}

/**
 * The report of every account of `org` from its synthesized stack (by account name). A control that
 * is on but has no resource in a stack is not that stack's: in organization mode GuardDuty and
 * Security Hub belong to the security account's stack, and the trail bucket to log-archive's, for example.
 */
export function buildComplianceReport(org: OrganizationConfig, stacks: ReadonlyMap<string, SynthesizedStackJson>): ComplianceReport {
  const accounts = [...org.accounts].sort((a, b) => compareKeys(a.name, b.name));
  return { stacks: accounts.map((account) => stackReport(org, account, stacks)) };
}

function stackReport(org: OrganizationConfig, account: AccountConfig, stacks: ReadonlyMap<string, SynthesizedStackJson>): StackReport {
  const stack = stacks.get(account.name);
  if (!stack) throw new Error(`no synthesized stack for account ${account.name}`);
  const resources = stackResources(stack);
  const reported = ({ family, key, title, ids, isImplementedBy }: CatalogControl): ReportedControl => {
    const addresses = resources
      .filter(isImplementedBy)
      .map((r) => r.address)
      .sort();
    return { family, key, title, ids, addresses };
  };
  const controls = catalogControls(org, account).sort(byFamilyThenKey);
  return {
    stack: account.name,
    accountId: account.id,
    role: account.role,
    implemented: controls
      .filter((control) => !control.off)
      .map(reported)
      .filter((control) => control.addresses.length > 0),
    switchedOff: controls.flatMap((control) => (control.off ? [{ ...reported(control), ...control.off }] : [])),
  };
}

function byFamilyThenKey(a: CatalogControl, b: CatalogControl): number {
  return CONTROL_FAMILIES.indexOf(a.family) - CONTROL_FAMILIES.indexOf(b.family) || compareKeys(a.key, b.key);
}
