/**
 * The part of a Security Hub EventBridge event the trigger reads, and how a finding maps to a
 * Config resource. Events come from EventBridge as JSON, so every field is read defensively.
 */
import type { ControlRemediation, RemediationSettings } from './settings';

/** The ASFF fields the trigger reads (AWS Security Finding Format, as Security Hub sends it). */
export interface AsffFinding {
  readonly Id: string;
  readonly ProductArn: string;
  readonly AwsAccountId: string;
  /** The region the finding comes from: with cross-region aggregation, not the region of the event. */
  readonly Region: string;
  readonly Compliance?: { readonly Status?: string; readonly SecurityControlId?: string };
  readonly Resources?: readonly { readonly Type?: string; readonly Id?: string }[];
}

export interface SecurityHubEvent {
  readonly 'detail-type'?: string;
  readonly detail?: { readonly findings?: readonly AsffFinding[] };
}

/** `custom action`: an operator chose the custom action "Baseline remediation"; `automatic`: a finding was imported. */
export type Trigger = 'custom action' | 'automatic';

/** Only these two event types start anything: an unknown one must never count as an operator's choice. */
const TRIGGERS: ReadonlyMap<string, Trigger> = new Map([
  ['Security Hub Findings - Custom Action', 'custom action'],
  ['Security Hub Findings - Imported', 'automatic'],
]);

export function triggerOf(event: SecurityHubEvent): Trigger | undefined {
  return TRIGGERS.get(event['detail-type'] ?? '');
}

/**
 * Own properties only: the ids come from the event, and `toString` or `constructor` must not find
 * an inherited member of the settings object.
 */
function ownEntry<T>(record: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function controlOf(settings: RemediationSettings, finding: AsffFinding): ControlRemediation | undefined {
  return ownEntry(settings.controls, finding.Compliance?.SecurityControlId);
}

export function accountNameOf(settings: RemediationSettings, finding: AsffFinding): string | undefined {
  return ownEntry(settings.accounts, finding.AwsAccountId);
}

/**
 * The Config resource id the rule evaluated: the account id for account-level rules, else the last
 * segment of the finding resource's ARN (`…:security-group/sg-0abc` → `sg-0abc`, `arn:aws:s3:::bucket`
 * → `bucket`). Undefined when the finding names no resource.
 */
export function configResourceId(control: ControlRemediation, finding: AsffFinding): string | undefined {
  if (control.resourceId === 'account-id') return finding.AwsAccountId;
  const arn = finding.Resources?.[0]?.Id;
  if (!arn) return undefined;
  const separator = arn.includes('/') ? '/' : ':';
  return arn.slice(arn.lastIndexOf(separator) + 1) || undefined;
}
