/**
 * Remediation from Security Hub, as an account's role asks: the function (custom action,
 * automatic rule, guard) in the account that sees the findings (the security account in
 * organization mode, each account in standalone mode), and in every other account of an
 * organization the role that function assumes there.
 */
import type { ITerraformDependable } from 'cdktf';
import { accountBaselineNames, accountWithRole } from '../config/names';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import type { ControlRemediation } from '../functions/remediation-trigger/settings';
import { effectiveActionMode, SECURITY_HUB_REMEDIATIONS } from '../modules/catalogs/security-hub-remediations';
import { RemediationTriggerRole } from '../modules/compliance/remediation-trigger-role';
import { SecurityHubRemediation } from '../modules/compliance/security-hub-remediation';
import type { AccountBaselineStack } from './account-baseline-stack';

/** The controls that are not off, with what the function needs to remediate each (rules are `<configRulePrefix>-<key>`). */
export function remediableControls(org: OrganizationConfig, configRulePrefix: string): Record<string, ControlRemediation> {
  const { controls } = org.securityHub.remediation;
  return Object.fromEntries(
    SECURITY_HUB_REMEDIATIONS.flatMap((spec) => {
      const mode = effectiveActionMode(spec, controls, org.awsConfig.remediations);
      if (mode === 'off') return [];
      const control: ControlRemediation = {
        mode,
        configRuleName: `${configRulePrefix}-${spec.configRuleKey}`,
        resourceType: spec.resourceType,
        resourceId: spec.resourceId,
      };
      return [[spec.controlId, control]];
    }),
  );
}

/** The function, in the account whose Security Hub `hub` sees the findings; none while every control is off. */
export function addSecurityHubRemediation(
  stack: AccountBaselineStack,
  org: OrganizationConfig,
  hub: ITerraformDependable,
): SecurityHubRemediation | undefined {
  const { account } = stack;
  const names = accountBaselineNames(org, account);
  const controls = remediableControls(org, names.configRulePrefix);
  if (Object.keys(controls).length === 0) return undefined;
  const { windowMinutes, maxPerHour } = org.securityHub.remediation;
  return new SecurityHubRemediation(stack, 'securityhub-remediation', {
    provider: stack.providers.home,
    accountId: account.id,
    region: org.homeRegion,
    name: names.securityHubRemediation,
    tableName: names.remediationGuardTable,
    controls,
    accounts: Object.fromEntries(org.accounts.map((a) => [a.id, a.name])),
    members:
      org.mode === 'organization' ? { triggerRoleName: names.remediationTriggerRole, organizationId: org.organization!.id } : undefined,
    windowMinutes,
    maxPerHour,
    logKeyArn: stack.logKey.keyArn,
    alarmTopicArn: stack.alarmTopicArn,
    hub,
  });
}

/** The role the security account's function assumes in `account` (organization mode); none while every control is off. */
export function addRemediationTriggerRole(
  stack: AccountBaselineStack,
  org: OrganizationConfig,
  account: AccountConfig,
): RemediationTriggerRole | undefined {
  const names = accountBaselineNames(org, account);
  if (Object.keys(remediableControls(org, names.configRulePrefix)).length === 0) return undefined;
  const security = accountWithRole(org, 'security');
  return new RemediationTriggerRole(stack, 'remediation-trigger-role', {
    provider: stack.providers.home,
    roleName: names.remediationTriggerRole,
    functionRoleArn: SecurityHubRemediation.functionRoleArnFor(security.id, accountBaselineNames(org, security).securityHubRemediation),
    organizationId: org.organization!.id,
  });
}
