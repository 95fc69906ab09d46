/**
 * The controls the compliance report looks for, one per entry of the catalogs (modules/catalogs),
 * per control the baseline implements by its structure (baseline-controls.ts: the trail, Config
 * recording, hardening…) and per disabled Security Hub control of the organization file: the
 * benchmark and checker ids it answers to, whether the organization file leaves it off and why, and
 * how a synthesized resource that implements it is recognised (its type and a distinguishing
 * argument: an alarm's name, a rule's name, a protection plan's feature name…). Loads no cdktf.
 */
import { accountBaselineNames, organizationNames } from '../config/names';
import { formatPath, showValue } from '../config/problem-text';
import { detectiveRegions } from '../config/regions';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { CIS_FILTERS, CIS_METRIC_NAMESPACE } from '../modules/catalogs/cis-monitoring';
import { CONFIG_RULES, type ManagedRuleSpec } from '../modules/catalogs/config-rules';
import { effectiveRemediationMode, REMEDIATIONS, remediatedRules, type RemediationSpec } from '../modules/catalogs/remediations';
import { SECURITY_EVENT_RULES, type SecurityEventRuleSpec } from '../modules/catalogs/security-events';
import { standardsContaining } from '../modules/catalogs/security-hub-controls';
import { SECURITY_HUB_REMEDIATIONS } from '../modules/catalogs/security-hub-remediations';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  GUARDDUTY_PROTECTIONS,
  type GuardDutyProtectionSpec,
  SECURITY_HUB_STANDARDS,
  securityHubStandardArn,
} from '../modules/catalogs/threat-detection';
import { BASELINE_CONTROLS, type BaselineContext, type BaselineControlSpec } from './baseline-controls';
import type { StackResource } from './synthesized-output';

/** Where a control comes from, in the order the report lists them. */
export const CONTROL_FAMILIES = [
  'audit-trail',
  'key-management',
  'config-recording',
  'hardening',
  'cis-monitoring',
  'config-rule',
  'remediation',
  'security-event',
  'threat-detection',
  'guardduty-protection',
  'security-hub-standard',
  'security-hub-control',
] as const;
export type ControlFamily = (typeof CONTROL_FAMILIES)[number];

/** The ids a control answers to in each framework; empty where none applies or the catalogs do not say. */
export interface FrameworkIds {
  /** CIS AWS Foundations Benchmark v3.0.0 recommendations. */
  readonly cis: readonly string[];
  /** Security Hub CSPM security controls. */
  readonly securityHub: readonly string[];
  /** Prowler checks. */
  readonly prowler: readonly string[];
}

/** Why the organization file leaves a control off. */
export interface SwitchOff {
  /** The reason the file gives; without one, `off by default` or the setting with its value (`not set` when left out). */
  readonly reason: string;
  /**
   * The setting that switches it off, as a path into the organization file: also one left out that
   * would switch it on (`hardening.securityContact`). @default none (off by default)
   */
  readonly setting?: string;
}

/** One control as the organization file configures it. */
export interface CatalogControl {
  readonly family: ControlFamily;
  /** Its key in the catalog and in the organization file: `4.13-cis-text`, `restricted-ssh`, `IAM.6`. */
  readonly key: string;
  readonly title: string;
  readonly ids: FrameworkIds;
  /** @default on */
  readonly off?: SwitchOff;
  /**
   * Whether the resource implements the control; while the control is off, whether it keeps it off
   * (a protection plan set to disabled, a disabled Security Hub control), never one that implements it.
   */
  readonly isImplementedBy: (resource: StackResource) => boolean;
}

/** Every control of the catalogs and of the baseline's structure, and every disabled Security Hub control, as `org` configures them for `account`. */
export function catalogControls(org: OrganizationConfig, account: AccountConfig): CatalogControl[] {
  return [
    ...baselineControls(org, account),
    ...cisMonitoringControls(org, account),
    ...configRuleControls(org, account),
    ...remediationControls(org, account),
    ...securityEventControls(org, account),
    ...guardDutyProtectionControls(org),
    ...securityHubStandardControls(org),
    ...disabledSecurityHubControls(org),
  ];
}

const OFF_BY_DEFAULT: SwitchOff = { reason: 'off by default' };

/**
 * The setting at `settingPath` with its value as the reason (`not set` when it is left out), and why
 * that switches the control off where it is not plain.
 */
function switchedOffBy(settingPath: readonly (string | number)[], value: unknown, why?: string): SwitchOff {
  const setting = formatPath(settingPath);
  return { reason: `${setting}: ${value === undefined ? 'not set' : showValue(value)}${why ? ` (${why})` : ''}`, setting };
}

/** The configured value of one catalog entry (`awsConfig.rules`, `cisMonitoring.filters`…); undefined when not configured. */
const switchOf = <V>(switches: Partial<Readonly<Record<string, V>>>, key: string): V | undefined => switches[key];

/** A control that is off has no implementing resources: a stale one left in the output would not keep it off. */
const unlessOff = (off: SwitchOff | undefined, matches: (resource: StackResource) => boolean) => (off ? () => false : matches);

/** Numbers within keys and ids compare as numbers: 4.2 before 4.10, EC2.7 before EC2.13. */
export function compareKeys(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

const ids = ({ cis = [], securityHub = [], prowler = [] }: Partial<FrameworkIds>): FrameworkIds => ({
  cis: [...cis].sort(compareKeys),
  securityHub: [...securityHub].sort(compareKeys),
  prowler: [...prowler].sort(compareKeys),
});

/** `1.8, 1.9` (the CIS column of the Config rule catalog) → its recommendations. */
const cisRecommendations = (cis: string) => cis.split(',').map((id) => id.trim());

/** CIS recommendations are numbered; the monitoring catalog's baseline extras (`new-access-key`) are not. */
const isCisRecommendation = (control: string) => /^\d+(\.\d+)+$/.test(control);

const asList = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * The controls of the baseline's structure (baseline-controls.ts), each by the resources its table
 * entry names. The trail bucket may be this account's own or, in organization mode, the central one
 * in log-archive: a control the organization runs from another account is listed under that stack.
 */
function baselineControls(org: OrganizationConfig, account: AccountConfig): CatalogControl[] {
  const names = accountBaselineNames(org, account);
  const context: BaselineContext = {
    accountId: account.id,
    trailBuckets: [names.trailBucket, ...(org.mode === 'organization' ? [organizationNames(org).centralTrailBucket] : [])],
    supportRole: names.supportRole,
  };
  return BASELINE_CONTROLS.map(({ family, key, title, ids: specIds, switch: settingSwitch, implementedBy }: BaselineControlSpec) => {
    const leftOff = settingSwitch?.leavesOff(org);
    const off = settingSwitch && leftOff ? switchedOffBy(settingSwitch.setting, leftOff.value, settingSwitch.why) : undefined;
    return {
      family,
      key,
      title,
      ids: ids(specIds),
      off,
      isImplementedBy: unlessOff(off, (resource) =>
        implementedBy.some(({ type, where }) => resource.type === type && (where?.(resource, context) ?? true)),
      ),
    };
  });
}

/** A filter by its metric (namespace and name) and its alarm by its name (`<cisAlarmPrefix>-<filter id>`). */
function cisMonitoringControls(org: OrganizationConfig, account: AccountConfig): CatalogControl[] {
  const { cisAlarmPrefix } = accountBaselineNames(org, account);
  return CIS_FILTERS.map((filter) => {
    const { control } = filter;
    const enabled = switchOf(org.cisMonitoring.filters, filter.id)?.enabled;
    const off =
      enabled === false
        ? switchedOffBy(['cisMonitoring', 'filters', filter.id, 'enabled'], false)
        : filter.optional && !enabled
          ? OFF_BY_DEFAULT
          : undefined;
    return {
      family: 'cis-monitoring',
      key: filter.id,
      title: `${control.title}${filter.why ? ` (${filter.why})` : ''}`,
      ids: ids({
        cis: isCisRecommendation(control.control) ? [control.control] : [],
        // Security Hub checks only the control's primary filter, the one without a `why`.
        securityHub: control.securityHubControl && !filter.why ? [control.securityHubControl] : [],
        prowler: filter.prowlerCheck ? [filter.prowlerCheck] : [],
      }),
      off,
      isImplementedBy: unlessOff(
        off,
        (resource) =>
          (resource.type === 'aws_cloudwatch_log_metric_filter' &&
            resource.argument('metric_transformation', 'namespace') === CIS_METRIC_NAMESPACE &&
            resource.argument('metric_transformation', 'name') === filter.metricName) ||
          (resource.type === 'aws_cloudwatch_metric_alarm' && resource.argument('alarm_name') === `${cisAlarmPrefix}-${filter.id}`),
      ),
    };
  });
}

/** A managed rule by its name, in each region it runs in. */
function configRuleControls(org: OrganizationConfig, account: AccountConfig): CatalogControl[] {
  const { configRulePrefix } = accountBaselineNames(org, account);
  const ruleSet: ReadonlySet<string> | undefined =
    org.awsConfig.ruleSet === 'remediated-only' ? remediatedRules(org.awsConfig.remediations) : undefined;
  return (CONFIG_RULES as readonly ManagedRuleSpec[]).map((rule) => {
    const off =
      switchOf(org.awsConfig.rules, rule.key) === false
        ? switchedOffBy(['awsConfig', 'rules', rule.key], false)
        : ruleSet && !ruleSet.has(rule.key)
          ? switchedOffBy(
              ['awsConfig', 'ruleSet'],
              org.awsConfig.ruleSet,
              'no remediation that is on uses this rule; Security Hub evaluates it',
            )
          : undefined;
    return {
      family: 'config-rule',
      key: rule.key,
      title: rule.checks,
      ids: ids({ cis: cisRecommendations(rule.cis), securityHub: [rule.securityHub] }),
      off,
      isImplementedBy: unlessOff(
        off,
        (resource) => resource.type === 'aws_config_config_rule' && resource.argument('name') === `${configRulePrefix}-${rule.key}`,
      ),
    };
  });
}

/**
 * A remediation configuration by the rule it is attached to; its ids are its rules' CIS
 * recommendations and every Security Hub control whose findings it remediates
 * (`security-hub-remediations.ts`: EC2.53 and EC2.54 too for open-admin-ports).
 */
function remediationControls(org: OrganizationConfig, account: AccountConfig): CatalogControl[] {
  const { configRulePrefix } = accountBaselineNames(org, account);
  return (REMEDIATIONS as readonly RemediationSpec[]).map((spec) => {
    const mode = effectiveRemediationMode(spec, org.awsConfig.remediations);
    const configured = switchOf(org.awsConfig.remediations, spec.key);
    const off =
      mode !== 'off'
        ? undefined
        : configured === 'off'
          ? switchedOffBy(['awsConfig', 'remediations', spec.key], configured)
          : OFF_BY_DEFAULT;
    const ruleNames: readonly unknown[] = spec.rules.map((rule) => `${configRulePrefix}-${rule}`);
    const rules = (CONFIG_RULES as readonly ManagedRuleSpec[]).filter((rule) => (spec.rules as readonly string[]).includes(rule.key));
    return {
      family: 'remediation',
      key: spec.key,
      title: off ? spec.does : `${spec.does} (${mode})`,
      ids: ids({
        cis: [...new Set(rules.flatMap((rule) => cisRecommendations(rule.cis)))],
        securityHub: SECURITY_HUB_REMEDIATIONS.filter((r) => r.remediationKey === spec.key).map((r) => r.controlId),
      }),
      off,
      isImplementedBy: unlessOff(
        off,
        (resource) => resource.type === 'aws_config_remediation_configuration' && ruleNames.includes(resource.argument('config_rule_name')),
      ),
    };
  });
}

/** An EventBridge rule by its name, in each region it runs in. */
function securityEventControls(org: OrganizationConfig, account: AccountConfig): CatalogControl[] {
  const { securityEventRulePrefix } = accountBaselineNames(org, account);
  return (SECURITY_EVENT_RULES as readonly SecurityEventRuleSpec[]).map((rule) => {
    const off =
      switchOf(org.securityEvents.rules, rule.key) === false ? switchedOffBy(['securityEvents', 'rules', rule.key], false) : undefined;
    return {
      family: 'security-event',
      key: rule.key,
      title: rule.description,
      ids: ids({}),
      off,
      isImplementedBy: unlessOff(
        off,
        (resource) =>
          resource.type === 'aws_cloudwatch_event_rule' && resource.argument('name') === `${securityEventRulePrefix}-${rule.key}`,
      ),
    };
  });
}

/**
 * A protection plan by its feature name: the account's detector feature, or the administrator's
 * organization feature (organization mode), in the state the configuration asks for, so a plan
 * that is off lists the resources that keep it off.
 */
function guardDutyProtectionControls(org: OrganizationConfig): CatalogControl[] {
  return (GUARDDUTY_PROTECTIONS as readonly GuardDutyProtectionSpec[]).map((protection) => {
    const configured = switchOf(org.guardDuty.protections, protection.key);
    const on = configured ?? protection.enabledByDefault;
    return {
      family: 'guardduty-protection',
      key: protection.key,
      title: `GuardDuty protection plan ${protection.feature}`,
      ids: ids({}),
      off: on ? undefined : configured === false ? switchedOffBy(['guardDuty', 'protections', protection.key], false) : OFF_BY_DEFAULT,
      isImplementedBy: (resource) =>
        resource.argument('name') === protection.feature &&
        ((resource.type === 'aws_guardduty_detector_feature' && resource.argument('status') === (on ? 'ENABLED' : 'DISABLED')) ||
          (resource.type === 'aws_guardduty_organization_configuration_feature' &&
            resource.argument('auto_enable') === (on ? 'ALL' : 'NONE'))),
    };
  });
}

/** A standard by its ARN: the account's subscriptions, or the central configuration policy (organization mode). */
function securityHubStandardControls(org: OrganizationConfig): CatalogControl[] {
  const regions = detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions);
  return SECURITY_HUB_STANDARDS.map((standard) => {
    const arns: readonly unknown[] = regions.map((region) => securityHubStandardArn(standard, region));
    const off = org.securityHub.standards.includes(standard)
      ? undefined
      : DEFAULT_SECURITY_HUB_STANDARDS.includes(standard)
        ? switchedOffBy(['securityHub', 'standards'], org.securityHub.standards)
        : OFF_BY_DEFAULT;
    return {
      family: 'security-hub-standard',
      key: standard,
      title: 'Security Hub standard',
      ids: ids({}),
      off,
      isImplementedBy: unlessOff(
        off,
        (resource) =>
          (resource.type === 'aws_securityhub_standards_subscription' && arns.includes(resource.argument('standards_arn'))) ||
          (resource.type === 'aws_securityhub_configuration_policy' &&
            asList(resource.argument('configuration_policy', 'enabled_standard_arns')).some((arn) => arns.includes(arn))),
      ),
    };
  });
}

/**
 * Each control of `securityHub.disabledControls` with the reason given, and the resources that
 * disable it: the account's standards-control associations, or the central configuration policy.
 * Its CIS recommendations are those of the catalog entries checked by the same Security Hub control.
 */
function disabledSecurityHubControls(org: OrganizationConfig): CatalogControl[] {
  return org.securityHub.disabledControls.map(({ controlId, reason, standards }, index) => ({
    family: 'security-hub-control',
    key: controlId,
    title: `Security Hub control, in ${(standards ?? standardsContaining(controlId, org.securityHub.standards)).join(', ')}`,
    ids: ids({ cis: cisRecommendationsCheckedBy(controlId), securityHub: [controlId] }),
    off: { reason, setting: formatPath(['securityHub', 'disabledControls', index]) },
    isImplementedBy: (resource) =>
      (resource.type === 'aws_securityhub_standards_control_association' &&
        resource.argument('security_control_id') === controlId &&
        resource.argument('association_status') === 'DISABLED') ||
      (resource.type === 'aws_securityhub_configuration_policy' &&
        asList(resource.argument('configuration_policy', 'security_controls_configuration', 'disabled_control_identifiers')).includes(
          controlId,
        )),
  }));
}

function cisRecommendationsCheckedBy(securityHubControl: string): string[] {
  const rules = (CONFIG_RULES as readonly ManagedRuleSpec[]).filter((rule) => rule.securityHub === securityHubControl);
  const monitoring = CIS_FILTERS.filter((filter) => filter.control.securityHubControl === securityHubControl);
  return [...new Set([...rules.flatMap((rule) => cisRecommendations(rule.cis)), ...monitoring.map((filter) => filter.control.control)])];
}
