/**
 * The organization description: one file, validated as a whole before anything is built. Here
 * are the root object and the cross-field checks; each section has a file of its own next to this.
 *
 * Every message says what is allowed, because the loader prints it next to the field path and the
 * offending value (see `config/load.ts`).
 */
import { z } from 'zod';
import { DETECTIVE_REGION_MODES } from '../regions';
import { MODES, organizationModeIssues, organizationSettingsSchema } from './organization-mode';
import { tagIssues } from '../tags';
import { accountSchema, SINGLETON_ROLES } from './accounts';
import { iamRoleName, oneOf, region } from './common';
import {
  adoptionIssues,
  asString,
  cloudHostnameThatIsNotAHost,
  type CrossFieldIssue,
  disabledControlKey,
  duplicateEntries,
  halfDisabledControls,
  isRecord,
  listAt,
  notifierRouteIssues,
  remediationsWithoutTheirRules,
  securityHubActionsWithoutRemediation,
  reservedStateBucketName,
} from './cross-checks';
import { auditTrailSchema, logBucketsSchema } from './logging';
import { notificationsSchema } from './notifications';
import {
  awsConfigSchema,
  cisMonitoringSchema,
  guardDutySchema,
  hardeningSchema,
  securityEventsSchema,
  securityHubSchema,
} from './services';
import { stateBackendSchema } from './state-backend';
import { webhookLocationIssues } from './webhook-locations';
import { didYouMean } from '../suggestions';
import { bootstrapSchema } from './bootstrap';

/** Names end up in bucket names (max 63 characters), so both are short and DNS-safe. */
const namePrefix = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/,
    'must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  );

/** Key and value rules, the count limit and reserved keys are in `config/tags.ts`. */
const tagsSchema = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  for (const issue of tagIssues(tags)) {
    // `shown`: the key itself when the key is wrong (the loader would otherwise show the value).
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...issue.path], message: issue.message, params: { shown: issue.value } });
  }
});

export const organizationSchema = z
  .object({
    /** `standalone` (every account self-contained) or `organization` (account roles matter). @default 'standalone' */
    mode: oneOf(MODES).default('standalone'),
    /** The AWS organization (organization mode only). */
    organization: organizationSettingsSchema.optional(),
    /** Short prefix for every name the baseline creates. */
    namePrefix,
    /** Region of the trail, its buckets and key, and (later) the notification topic. */
    homeRegion: region,
    /** Every region the organization uses; per-region controls are deployed to each. */
    regions: z.array(region).min(1, 'must list at least one region'),
    /**
     * Regions of the detective controls: `enabled` (the regions above plus us-east-1) or
     * `all-default-enabled` (also every region AWS enables by default).
     */
    detectiveControlRegions: oneOf(DETECTIVE_REGION_MODES).default('enabled'),
    /** Role assumed in each account for deployment, unless the account names its own. */
    deploymentRoleName: iamRoleName.default('OrganizationAccountAccessRole'),
    accounts: z.array(accountSchema).min(1, 'must list at least one account'),
    notifications: notificationsSchema,
    stateBackend: stateBackendSchema,
    bootstrap: bootstrapSchema.default({}),
    tags: tagsSchema.default({}),
    auditTrail: auditTrailSchema.default({}),
    logBuckets: logBucketsSchema.default({}),
    awsConfig: awsConfigSchema.default({}),
    hardening: hardeningSchema.default({}),
    cisMonitoring: cisMonitoringSchema.default({}),
    securityEvents: securityEventsSchema.default({}),
    guardDuty: guardDutySchema.default({}),
    securityHub: securityHubSchema.default({}),
  })
  .strict();

/**
 * Rules that span several fields. They read the raw input defensively, so they run (and are
 * reported together with) field errors elsewhere in the file, not only once those are fixed.
 */
export function crossCheckOrganization(raw: unknown): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const org = isRecord(raw) ? raw : {};
  const regions = Array.isArray(org.regions) ? org.regions : [];
  const accounts = (Array.isArray(org.accounts) ? org.accounts : []).map((a) => (isRecord(a) ? a : {}));

  const notifications = isRecord(org.notifications) ? org.notifications : {};
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  issues.push(
    ...duplicateEntries(regions, asString, (i) => ['regions', i]),
    ...duplicateEntries(
      accounts.map((a) => a.name),
      asString,
      (i) => ['accounts', i, 'name'],
    ),
    ...duplicateEntries(
      accounts.map((a) => a.id),
      asString,
      (i) => ['accounts', i, 'id'],
    ),
    // Mail domains ignore case, and SNS would subscribe the same mailbox twice.
    ...duplicateEntries(
      listAt(notifications, 'emails'),
      (e) => asString(e)?.toLowerCase(),
      (i) => ['notifications', 'emails', i],
    ),
    // Each standard and each disabled control is one resource: a repeat would collide at synth.
    ...duplicateEntries(listAt(hub, 'standards'), asString, (i) => ['securityHub', 'standards', i]),
    ...duplicateEntries(listAt(hub, 'disabledControls'), disabledControlKey, (i) => ['securityHub', 'disabledControls', i, 'controlId']),
    ...listAt(hub, 'disabledControls').flatMap((control, i) =>
      isRecord(control)
        ? duplicateEntries(listAt(control, 'standards'), asString, (j) => ['securityHub', 'disabledControls', i, 'standards', j])
        : [],
    ),
    ...reservedStateBucketName(org),
    ...cloudHostnameThatIsNotAHost(org),
  );

  const enabled = regions.filter((r): r is string => typeof r === 'string');
  if (typeof org.homeRegion === 'string' && enabled.length > 0 && !enabled.includes(org.homeRegion)) {
    issues.push({
      path: ['homeRegion'],
      message: `must be one of the enabled regions: ${enabled.join(', ')}${didYouMean(org.homeRegion, enabled)}`,
    });
  }
  // What a missing home region may be: the loader shows this instead of every commercial region.
  if (org.homeRegion === undefined && enabled.length > 0) {
    issues.push({ path: ['homeRegion'], message: `is required: one of your regions: ${enabled.join(', ')}` });
  }

  for (const role of SINGLETON_ROLES) {
    const holders = accounts.flatMap((a, index) => (a.role === role ? [index] : []));
    for (const index of holders.slice(1)) {
      issues.push({
        path: ['accounts', index, 'role'],
        message: `is already taken by accounts[${holders[0]}]: an organization has at most one ${role} account`,
      });
    }
  }
  issues.push(
    ...remediationsWithoutTheirRules(org),
    ...securityHubActionsWithoutRemediation(org),
    ...notifierRouteIssues(org, accounts),
    ...halfDisabledControls(org),
    ...adoptionIssues(org, accounts),
    ...organizationModeIssues(org, accounts),
    ...webhookLocationIssues(org, accounts),
  );
  return issues;
}

/** The organization as the rest of the code sees it: validated, defaults filled in. */
export type OrganizationConfig = z.output<typeof organizationSchema>;
export type AccountConfig = OrganizationConfig['accounts'][number];
export type StateBackendConfig = OrganizationConfig['stateBackend'];
export type AwsConfigSettings = OrganizationConfig['awsConfig'];
export type HardeningSettings = OrganizationConfig['hardening'];
export type GuardDutySettings = OrganizationConfig['guardDuty'];
export type SecurityHubSettings = OrganizationConfig['securityHub'];
