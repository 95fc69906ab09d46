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
        /**
         * The bucket Control Tower's Config recorders deliver to, in the log-archive account. Required
         * from landing zone 4.0 with the Config integration on (its dedicated Config bucket has a
         * random suffix: `aws-controltower-config-logs-<log-archive id>-<suffix>`).
         * @default up to 3.3, the logging bucket 'aws-controltower-logs-<log-archive id>-<homeRegion>'
         */
        configBucketName: z
          .string()
          .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens')
          .optional(),
        /** Workload accounts Control Tower does not govern (yet): they record Config themselves. @default none */
        notEnrolledAccounts: z.array(z.string()).optional(),
        /**
         * The landing zone version (`aws controltower list-landing-zones`, then `get-landing-zone`:
         * `landingZone.version`), such as "3.3" or "4.0". It decides where Config delivers and which
         * aggregator covers the organization: up to 3.3, Control Tower's audit-account aggregator
         * covers enrolled accounts only (the baseline adds one covering every account) and its
         * logging bucket receives Config; from 4.0, its Config integration is optional, and when on
         * its service-linked aggregator covers the organization and Config has a bucket of its own.
         */
        landingZoneVersion: z
          .string()
          .regex(/^\d+\.\d+$/, 'must be a landing zone version such as "3.3" or "4.0" (aws controltower get-landing-zone: version)')
          .refine((version) => !/^\d+\.\d+$/.test(version) || landingZoneMajor(version) >= 3, {
            message: 'is older than 3.0, which this baseline does not support: update the landing zone',
          })
          .optional(),
        /**
         * Landing zone 4.0 and later: whether Control Tower's AWS Config integration is on (its
         * recorders in enrolled accounts, its Config bucket, its aggregator). Off, the baseline
         * records Config in every account into its own central bucket and runs the organization
         * aggregator, as without Control Tower. Required from 4.0; not used before (always on).
         */
        configIntegration: z.boolean().optional(),
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
      ...(['memberAccountTrails', 'organizationTrailLogs'] as const)
        .filter((field) => isRecord(org.auditTrail) && org.auditTrail[field] !== undefined)
        .map((field) => ({
          path: ['auditTrail', field],
          message: 'is only used in organization mode (in standalone mode every account has its own trail)',
        })),
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
  const underControlTower =
    isRecord(org.organization) && isRecord(org.organization.controlTower) && org.organization.controlTower.enabled === true;
  if (auditTrail.organizationTrailLogs !== undefined && underControlTower) {
    issues.push({
      path: ['auditTrail', 'organizationTrailLogs'],
      message: "is not used under Control Tower: its organization trail and log group are Control Tower's; remove it",
    });
  } else if (auditTrail.memberAccountTrails === false && auditTrail.organizationTrailLogs === false) {
    issues.push({
      path: ['auditTrail', 'organizationTrailLogs'],
      message:
        "cannot be false while memberAccountTrails is false: the organization trail's log group then carries every CIS filter and alarm; remove it, or keep member trails",
    });
  }
  if (auditTrail.memberAccountTrails === false && active.length > 0) {
    issues.push({
      path: ['auditTrail', 'memberAccountTrails'],
      message:
        `cannot be false while remediations are on (${active.join(', ')}): their loop guard counts executions ` +
        "on the account trail's log group; set awsConfig.remediations.<key> to off, or keep member trails",
    });
  }
  // The administrator owns members' detectors and hubs; the management account's detectors and home
  // hub (which it must have before enrolment, and may have already) and the security account's own
  // detectors and hub (which designating it enables) are adoptable.
  accounts.forEach((account, index) => {
    const adopt = isRecord(account.adopt) ? account.adopt : {};
    const keepsOwn = account.role === 'management' || account.role === 'security';
    const ownedByAdministrator = [
      ...(keepsOwn ? [] : ['guardDutyDetectors', 'securityHub']),
      'securityHubStandards',
      'securityHubFindingAggregatorArn',
      'guardDutyManagedByAdministrator',
      'securityHubManagedByAdministrator',
    ];
    const homeRegion = org.homeRegion;
    listAt(adopt, 'securityHub').forEach((hubRegion, i) => {
      if (keepsOwn && hubRegion !== homeRegion) {
        issues.push({
          path: ['accounts', index, 'adopt', 'securityHub', i],
          message: `is not the home region ${String(homeRegion)}: in organization mode the ${String(account.role)} account's hub is managed only there (central configuration covers the other regions)`,
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
  issues.push(...landingZoneIssues(controlTower));
  if (!controlTowerRecordsConfig(controlTower)) return issues;
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

/** The major version of a landing zone version such as "3.3". */
export function landingZoneMajor(version: string): number {
  return Number(version.split('.')[0]);
}

/**
 * Whether Control Tower (its `controlTower` settings, enabled) records AWS Config in the accounts it
 * enrols: always up to landing zone 3.x, from 4.0 only with its Config integration on.
 */
export function controlTowerRecordsConfig(controlTower: {
  readonly landingZoneVersion?: unknown;
  readonly configIntegration?: unknown;
}): boolean {
  const version = typeof controlTower.landingZoneVersion === 'string' ? controlTower.landingZoneVersion : '3.0';
  return landingZoneMajor(version) < 4 || controlTower.configIntegration !== false;
}

/** The landing zone version decides the Config bucket and integration: required, and the fields it makes (un)necessary. */
function landingZoneIssues(controlTower: Record<string, unknown>): CrossFieldIssue[] {
  const version = controlTower.landingZoneVersion;
  const at = (field: string) => ['organization', 'controlTower', field];
  if (version === undefined) {
    return [
      {
        path: at('landingZoneVersion'),
        message:
          'is required with Control Tower, such as "3.3" or "4.0" (aws controltower get-landing-zone: version): it decides where Config delivers and which aggregator covers the organization',
      },
    ];
  }
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version)) return []; // the schema reports it
  if (landingZoneMajor(version) < 4) {
    return controlTower.configIntegration === undefined
      ? []
      : [{ path: at('configIntegration'), message: `is only used from landing zone 4.0 (${version} always records Config); remove it` }];
  }
  if (controlTower.configIntegration === undefined) {
    return [
      {
        path: at('configIntegration'),
        message: `is required from landing zone 4.0 (here ${version}): true when Control Tower's AWS Config integration is on, false when it is off`,
      },
    ];
  }
  if (controlTower.configIntegration === true && controlTower.configBucketName === undefined) {
    return [
      {
        path: at('configBucketName'),
        message:
          "is required from landing zone 4.0 with the Config integration on: Control Tower's Config bucket is aws-controltower-config-logs-<log-archive id>-<random suffix> (see the log-archive account's S3 buckets)",
      },
    ];
  }
  if (controlTower.configIntegration === false && controlTower.configBucketName !== undefined) {
    return [
      {
        path: at('configBucketName'),
        message: "is not used with the Config integration off: the baseline's own central Config bucket receives Config; remove it",
      },
    ];
  }
  return [];
}
