/**
 * `mode` and `organization`: whether account roles matter. In `standalone` mode every account is
 * self-contained (its own trail, buckets, GuardDuty and Security Hub); in `organization` mode
 * log-archive holds the logs, management owns the organization trail and the delegated
 * administrators, and security administers the detective services for everyone.
 */
import { z } from 'zod';
import { SINGLETON_ROLES } from './accounts';
import { oneOf } from './common';
import { effectiveRemediationMode, REMEDIATIONS } from '../../modules/catalogs/remediations';
import { type CrossFieldIssue, isRecord, listAt } from './cross-checks';

export const MODES = ['standalone', 'organization'] as const;
export type Mode = (typeof MODES)[number];

/** Organization policy types `enabled_policy_types` may list. */
const POLICY_TYPES = [
  'AISERVICES_OPT_OUT_POLICY',
  'BACKUP_POLICY',
  'CHATBOT_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'RESOURCE_CONTROL_POLICY',
  'SERVICE_CONTROL_POLICY',
  'TAG_POLICY',
] as const;

const servicePrincipal = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,126}\.amazonaws\.com$/, 'must be an AWS service principal such as sso.amazonaws.com');

export const organizationSettingsSchema = z
  .object({
    /** The organization id: bucket paths `AWSLogs/<id>/`, aws:PrincipalOrgID conditions. */
    id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id: o- and 10-32 lowercase letters or digits'),
    /** The root id: target of the Security Hub configuration policy (the security account cannot list roots). */
    rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, 'must be a root id: r- and 4-32 lowercase letters or digits'),
    /**
     * Opt-in: manage `aws_organizations_organization` (imported). Its service-access list and policy
     * types are AUTHORITATIVE: anything left out is switched off (SSO, Control Tower, SCPs), so both
     * lists must be complete. @default not managed: trusted access is a documented prerequisite
     */
    manageOrganization: z
      .object({
        /** Service principals with trusted access today that the baseline does not need (sso.amazonaws.com, …). */
        keepServicePrincipals: z.array(servicePrincipal),
        /** Exactly the policy types enabled today (`aws organizations list-roots`). */
        enabledPolicyTypes: z.array(oneOf(POLICY_TYPES)),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Organization mode needs its three roles, each once, and the organization's ids; standalone takes none of it. */
export function organizationModeIssues(org: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const mode = org.mode ?? 'standalone';
  if (mode !== 'organization') {
    return [
      ...(org.organization !== undefined
        ? [{ path: ['organization'], message: 'is only used in organization mode: set "mode": "organization" or remove it' }]
        : []),
      ...(isRecord(org.securityHub) && org.securityHub.policyTargets !== undefined
        ? [{ path: ['securityHub', 'policyTargets'], message: 'is only used in organization mode (the central configuration policy)' }]
        : []),
      ...(isRecord(org.auditTrail) && org.auditTrail.memberAccountTrails !== undefined
        ? [{ path: ['auditTrail', 'memberAccountTrails'], message: 'is only used in organization mode (in standalone mode every account has its own trail)' }]
        : []),
    ];
  }
  const issues: CrossFieldIssue[] = [];
  if (org.organization === undefined) {
    issues.push({ path: ['organization'], message: 'is required in organization mode: { "id": "o-…", "rootId": "r-…" }' });
  }
  for (const role of SINGLETON_ROLES) {
    if (!accounts.some((a) => a.role === role)) {
      issues.push({ path: ['accounts'], message: `must include one account with role "${role}" in organization mode` });
    }
  }
  const auditTrail = isRecord(org.auditTrail) ? org.auditTrail : {};
  const awsConfig = isRecord(org.awsConfig) ? org.awsConfig : {};
  const modes = isRecord(awsConfig.remediations) ? awsConfig.remediations : {};
  const active = REMEDIATIONS.filter((r) => effectiveRemediationMode(r, modes) !== 'off').map((r) => r.key);
  if (auditTrail.memberAccountTrails === false && active.length > 0) {
    issues.push({
      path: ['auditTrail', 'memberAccountTrails'],
      message:
        `cannot be false while remediations are on (${active.join(', ')}): their loop guard counts executions ` +
        'on the account trail\'s log group; set awsConfig.remediations.<key> to off, or keep member trails',
    });
  }
  // The administrator owns members' detectors and hubs; only the management account's detector is its own.
  accounts.forEach((account, index) => {
    const adopt = isRecord(account.adopt) ? account.adopt : {};
    const ownedByAdministrator = [
      ...(account.role === 'management' ? [] : ['guardDutyDetectors']),
      'securityHub', 'securityHubStandards', 'securityHubFindingAggregatorArn', 'guardDutyManagedByAdministrator', 'securityHubManagedByAdministrator',
    ];
    for (const field of ownedByAdministrator.filter((f) => adopt[f] !== undefined)) {
      issues.push({
        path: ['accounts', index, 'adopt', field],
        message: 'is not used in organization mode: the security account administers GuardDuty and Security Hub for every account; remove it',
      });
    }
  });
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const accountNames = accounts.map((a) => a.name);
  listAt(hub, 'policyTargets').forEach((target, i) => {
    if (typeof target === 'string' && target !== 'root' && !target.startsWith('ou-') && !accountNames.includes(target)) {
      issues.push({ path: ['securityHub', 'policyTargets', i], message: `is not an account name; accounts: ${accountNames.join(', ')}` });
    }
  });
  listAt(hub, 'disabledControls').forEach((control, i) => {
    if (isRecord(control) && control.standards !== undefined) {
      issues.push({
        path: ['securityHub', 'disabledControls', i, 'standards'],
        message: "is not used in organization mode: the central configuration policy disables a control in every standard; remove it",
      });
    }
  });
  return issues;
}
