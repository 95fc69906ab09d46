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
import { type CrossFieldIssue, isRecord, listAt, namesHint } from './cross-checks';

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
    /**
     * AWS Control Tower governs the organization. Control Tower owns the organization trail, its
     * bucket and key, and the Config recorder of every enrolled account, and has its own Config
     * aggregator in the audit account: the baseline creates none of them, puts the management
     * account's CIS filters and alarms on its own account trail (without member trails, on
     * Control Tower's log group), and records Config
     * itself only where Control Tower does not (management, accounts not enrolled), delivering
     * to Control Tower's Config bucket. Control Tower's home region must be `homeRegion` (its log
     * group and bucket are there). @default Control Tower absent
     */
    controlTower: z
      .object({
        enabled: z.boolean(),
        /** Control Tower's CloudTrail log group in the management account. @default 'aws-controltower/CloudTrailLogs' */
        logGroupName: z
          .string()
          .regex(/^[\w./#-]{1,512}$/, 'must be a CloudWatch Logs group name: 1-512 letters, digits and _-./#')
          .optional(),
        /** Control Tower's logging bucket in the log-archive account. @default 'aws-controltower-logs-<log-archive id>-<homeRegion>' */
        configBucketName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens')
          .optional(),
        /** Workload accounts Control Tower does not govern (yet): they record Config themselves. @default none */
        notEnrolledAccounts: z.array(z.string()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Organization mode needs its three roles, each once, and the organization's ids; standalone takes none of it. */
export function organizationModeIssues(org: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const mode = org.mode ?? 'standalone';
  // An unknown mode is reported by the schema; what the mode would allow is for once it is known.
  if (!(MODES as readonly unknown[]).includes(mode)) return [];
  if (mode !== 'organization') {
    return [
      ...(org.organization !== undefined
        ? [{ path: ['organization'], message: 'is only used in organization mode: set "mode": "organization" or remove it' }]
        : []),
      ...(isRecord(org.securityHub) && org.securityHub.policyTargets !== undefined
        ? [{ path: ['securityHub', 'policyTargets'], message: 'is only used in organization mode (the central configuration policy)' }]
        : []),
      ...(isRecord(org.auditTrail) && org.auditTrail.memberAccountTrails !== undefined
        ? [
            {
              path: ['auditTrail', 'memberAccountTrails'],
              message: 'is only used in organization mode (in standalone mode every account has its own trail)',
            },
          ]
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
        "on the account trail's log group; set awsConfig.remediations.<key> to off, or keep member trails",
    });
  }
  // The administrator owns members' detectors and hubs; the management account's detector and the
  // security account's own detectors and hub (which designating it may already enable) are adoptable.
  accounts.forEach((account, index) => {
    const adopt = isRecord(account.adopt) ? account.adopt : {};
    const ownedByAdministrator = [
      ...(account.role === 'management' || account.role === 'security' ? [] : ['guardDutyDetectors']),
      ...(account.role === 'security' ? [] : ['securityHub']),
      'securityHubStandards',
      'securityHubFindingAggregatorArn',
      'guardDutyManagedByAdministrator',
      'securityHubManagedByAdministrator',
    ];
    const homeRegion = org.homeRegion;
    listAt(adopt, 'securityHub').forEach((hubRegion, i) => {
      if (account.role === 'security' && hubRegion !== homeRegion) {
        issues.push({
          path: ['accounts', index, 'adopt', 'securityHub', i],
          message: `is not the home region ${String(homeRegion)}: in organization mode the security account's hub is managed only there (central configuration covers the other regions)`,
        });
      }
    });
    for (const field of ownedByAdministrator.filter((f) => adopt[f] !== undefined)) {
      issues.push({
        path: ['accounts', index, 'adopt', field],
        message:
          'is not used in organization mode: the security account administers GuardDuty and Security Hub for every account; remove it',
      });
    }
  });
  issues.push(...controlTowerIssues(isRecord(org.organization) ? org.organization : {}, accounts));
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const accountNames = accounts.map((a) => a.name);
  listAt(hub, 'policyTargets').forEach((target, i) => {
    if (typeof target === 'string' && target !== 'root' && !target.startsWith('ou-') && !accountNames.includes(target)) {
      issues.push({ path: ['securityHub', 'policyTargets', i], message: `is not an account name; ${namesHint(target, accountNames)}` });
    }
  });
  listAt(hub, 'disabledControls').forEach((control, i) => {
    if (isRecord(control) && control.standards !== undefined) {
      issues.push({
        path: ['securityHub', 'disabledControls', i, 'standards'],
        message: 'is not used in organization mode: the central configuration policy disables a control in every standard; remove it',
      });
    }
  });
  return issues;
}

/**
 * Whether Control Tower governs `account`: it enrols the log-archive and audit (security) accounts
 * at set-up and never the management account; workloads unless listed as not enrolled.
 */
export function enrolledInControlTower(
  account: { readonly role?: unknown; readonly name?: unknown },
  notEnrolledAccounts: readonly unknown[],
): boolean {
  return account.role !== 'management' && !notEnrolledAccounts.includes(account.name);
}

/** Control Tower manages trusted access itself and owns enrolled accounts' recorders. */
function controlTowerIssues(organization: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const controlTower = isRecord(organization.controlTower) ? organization.controlTower : {};
  if (controlTower.enabled !== true) {
    return Object.keys(controlTower)
      .filter((field) => field !== 'enabled')
      .map((field) => ({
        path: ['organization', 'controlTower', field],
        message: 'is only used while organization.controlTower.enabled is true',
      }));
  }
  const issues: CrossFieldIssue[] = [];
  if (organization.manageOrganization !== undefined) {
    issues.push({
      path: ['organization', 'manageOrganization'],
      message: 'cannot be used with Control Tower, which manages trusted access itself (an incomplete list would switch it off); remove it',
    });
  }
  const workloads = accounts.filter((a) => a.role === 'workload').map((a) => a.name);
  const notEnrolled = listAt(controlTower, 'notEnrolledAccounts');
  notEnrolled.forEach((name, i) => {
    if (!workloads.includes(name)) {
      issues.push({
        path: ['organization', 'controlTower', 'notEnrolledAccounts', i],
        message:
          'is not a workload account (Control Tower enrols log-archive and security at set-up and never the management account); ' +
          namesHint(name, workloads, 'workload accounts'),
      });
    } else if (notEnrolled.indexOf(name) !== i) {
      issues.push({ path: ['organization', 'controlTower', 'notEnrolledAccounts', i], message: 'is listed twice' });
    }
  });
  accounts.forEach((account, index) => {
    const adopt = isRecord(account.adopt) ? account.adopt : {};
    if (!enrolledInControlTower(account, notEnrolled)) return;
    // Control Tower's recorder uses its own role: the baseline creates neither recorder nor role there.
    for (const field of ['configRecorder', 'configServiceLinkedRole'].filter((f) => adopt[f] !== undefined)) {
      issues.push({
        path: ['accounts', index, 'adopt', field],
        message:
          'is not used for an account Control Tower enrols: Control Tower owns its Config recorder; remove it (or list the account in organization.controlTower.notEnrolledAccounts)',
      });
    }
  });
  return issues;
}
