/**
 * The organization description: one file, validated as a whole before anything is built.
 *
 * Every message below says what is allowed, because the loader prints it next to the field
 * path and the offending value (see `load.ts`).
 */
import { z } from 'zod';
import { SEVERITY_LABELS } from '../functions/slack-notifier/format';
import { CIS_FILTER_IDS } from '../modules/catalogs/cis-monitoring';
import { CONFIG_RULE_KEYS, type ConfigRuleKey } from '../modules/catalogs/config-rules';
import { SECURITY_EVENT_RULE_KEYS } from '../modules/catalogs/security-events';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  FINDING_PUBLISHING_FREQUENCIES,
  GUARDDUTY_PROTECTION_KEYS,
  SECURITY_HUB_STANDARDS,
  type SecurityHubStandard,
} from '../modules/catalogs/threat-detection';
import { standardsContaining } from '../modules/catalogs/security-hub-controls';
import {
  effectiveRemediationMode,
  REMEDIATION_KEYS,
  REMEDIATION_MODES,
  REMEDIATIONS,
  type RemediationKey,
} from '../modules/catalogs/remediations';
import { AWS_REGIONS, CHATBOT_REGIONS, DETECTIVE_REGION_MODES, detectiveRegions } from './regions';

export { AWS_REGIONS };
import { formatPath } from './problem-text';
import { s3BucketNameReservation } from './name-limits';
import { tagIssues } from './tags';


/** What an account is for; decides what its stack contains. */
export const ACCOUNT_ROLES = ['management', 'log-archive', 'security', 'workload'] as const;
type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Roles of which an organization has at most one account. */
const SINGLETON_ROLES: readonly AccountRole[] = ['management', 'log-archive', 'security'];

/** The values CloudWatch Logs accepts for a log group's retention (0, "never expire", is not offered). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** An enum whose error lists what is allowed. */
function oneOf<T extends string>(values: readonly [T, ...T[]]) {
  return z.enum(values as [T, ...T[]], { errorMap: () => ({ message: `must be one of: ${values.join(', ')}` }) });
}

const region = z.enum(AWS_REGIONS, {
  errorMap: () => ({ message: `must be a commercial AWS region: ${AWS_REGIONS.join(', ')}` }),
});

/** Names end up in bucket names (max 63 characters), so both are short and DNS-safe. */
const namePrefix = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,14}[a-z0-9]$/,
    'must be 2-16 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  );

const accountName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/,
    'must be 2-32 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  );

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id written as a string, such as "123456789012"');

/** SMTP's limit on an address is 254 characters; SNS sends a confirmation to each. */
const emailAddress = z
  .string()
  .max(254, 'must be an e-mail address of at most 254 characters')
  .email('must be an e-mail address such as security-alerts@example.com (no display name, no spaces)');

const iamRoleName = z
  .string()
  .regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name: 1-64 characters of letters, digits and +=,.@_-');

const iamRoleArn = z
  .string()
  .regex(/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN: arn:aws:iam::<12 digits>:role/<name>');

/** Far beyond any retention requirement; S3 takes lifecycle days as a 32-bit number. */
const MAX_LIFECYCLE_DAYS = 36500;
const days = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number of days`)
    .positive(`${what} must be at least 1 day`)
    .max(MAX_LIFECYCLE_DAYS, `${what} must be at most ${MAX_LIFECYCLE_DAYS} days (100 years)`);

/** Lifecycle of the objects in one log bucket. */
const lifecycleSchema = z
  .object({
    transitionToGlacierDays: days('transitionToGlacierDays').default(90),
    expirationDays: days('expirationDays').default(2555),
    noncurrentVersionExpirationDays: days('noncurrentVersionExpirationDays').default(365),
    abortIncompleteMultipartUploadDays: days('abortIncompleteMultipartUploadDays').default(7),
  })
  .strict()
  .superRefine((lifecycle, ctx) => {
    if (lifecycle.expirationDays <= lifecycle.transitionToGlacierDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['expirationDays'],
        message: `must be greater than transitionToGlacierDays (${lifecycle.transitionToGlacierDays}): objects are archived first, then expired`,
      });
    }
  });

/**
 * Singletons that already exist in a brownfield account (Control Tower, a console "1-click", an
 * earlier tool). Each is imported into this stack's state with a Terraform `import` block instead
 * of a create that fails. Names and ids come from `aws configservice describe-configuration-recorders`,
 * `aws guardduty list-detectors`, `aws accessanalyzer list-analyzers` in each region.
 */
const adoptSchema = z
  .object({
    /** AWSServiceRoleForConfig exists (the Config or Security Hub console creates it). */
    configServiceLinkedRole: z.boolean().default(false),
    /** Regions with a Config recorder and delivery channel already; they keep their names. */
    configRecorder: z
      .object({
        recorderName: z.string().regex(/^[\w.-]{1,256}$/, 'must be a Config recorder name: 1-256 letters, digits, _ . -'),
        deliveryChannelName: z.string().regex(/^[\w.-]{1,256}$/, 'must be a Config delivery channel name: 1-256 letters, digits, _ . -'),
        regions: z.array(region).min(1, 'must list the regions where the recorder exists'),
      })
      .strict()
      .optional(),
    /** Region → id of the GuardDuty detector already there. */
    guardDutyDetectors: z
      .record(region, z.string().regex(/^[0-9a-f]{32}$/, 'must be a GuardDuty detector id: 32 lowercase hexadecimal characters'))
      .default({}),
    /** Regions where Security Hub is already enabled. */
    securityHub: z.array(region).default([]),
    /** Standards those hubs already subscribe (imported; the others are subscribed). */
    securityHubStandards: z.array(oneOf(SECURITY_HUB_STANDARDS)).default([]),
    /** The account's existing finding aggregator (at most one per account). */
    securityHubFindingAggregatorArn: z
      .string()
      .regex(
        /^arn:aws:securityhub:[a-z0-9-]+:\d{12}:finding-aggregator\/[0-9a-f-]{36}$/,
        'must be a finding aggregator ARN: arn:aws:securityhub:<region>:<account>:finding-aggregator/<uuid>',
      )
      .optional(),
    /** A delegated administrator runs GuardDuty for this account (members may not change their detectors): no GuardDuty resources here. */
    guardDutyManagedByAdministrator: z.boolean().default(false),
    /** A delegated administrator runs Security Hub for this account: no Security Hub resources here. */
    securityHubManagedByAdministrator: z.boolean().default(false),
    /** Region → name of the account's IAM Access Analyzer already there. */
    accessAnalyzers: z
      .record(region, z.string().regex(/^[A-Za-z][\w.-]{0,254}$/, 'must be an analyzer name: a letter, then up to 254 letters, digits, _ . -'))
      .default({}),
  })
  .strict();

const accountSchema = z
  .object({
    name: accountName,
    id: accountId,
    role: oneOf(ACCOUNT_ROLES),
    deploymentRoleName: iamRoleName.optional(),
    adopt: adoptSchema.optional(),
  })
  .strict();

const slackSchema = z
  .object({
    /** AWS Chatbot posts the topic to a channel. */
    chatbot: z
      .object({
        workspaceId: z
          .string()
          .regex(/^T[A-Z0-9]{8,12}$/, 'must be a Slack workspace (team) id: T and 8-12 capital letters or digits, such as T0123456789'),
        channelId: z
          .string()
          .regex(
            /^[CG][A-Z0-9]{8,12}$/,
            'must be a Slack channel id, not its name: C (G for an older private channel) and 8-12 capital letters or digits, such as C0123456789',
          ),
        /** Chatbot's API exists only in a few regions. @default the home region if it is one of them, else us-west-2 */
        region: oneOf(CHATBOT_REGIONS).optional(),
      })
      .strict()
      .optional(),
    /** The baseline's notifier function posts to an incoming webhook, with account, severity and mentions. */
    notifier: z
      .object({
        webhookSecretArn: z
          .string()
          .regex(/^arn:aws:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'must be a Secrets Manager secret ARN')
          .optional(),
        webhookParameterName: z
          .string()
          .regex(/^\/?[\w.\-/]{1,1011}$/, 'must be an SSM parameter name such as /security/slack-webhook')
          .optional(),
        /** Customer-managed key protecting the secret or parameter, if not the AWS-managed one. */
        webhookKmsKeyArn: z
          .string()
          .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/, 'must be a KMS key ARN such as arn:aws:kms:eu-west-1:111111111111:key/<uuid>')
          .optional(),
        mentionUserGroupId: z
          .string()
          .regex(/^S[A-Z0-9]{8,12}$/, 'must be a Slack user group id, not its handle: S and 8-12 capital letters or digits, such as S0123456789')
          .optional(),
        mentionAtOrAbove: oneOf(SEVERITY_LABELS)
          .default('MEDIUM'),
      })
      .strict()
      .refine((n) => (n.webhookSecretArn === undefined) !== (n.webhookParameterName === undefined), {
        message: 'must name exactly one of webhookSecretArn and webhookParameterName (where the webhook URL is kept)',
      })
      .optional(),
  })
  .strict();

const notificationsSchema = z
  .object({
    emails: z
      .array(emailAddress)
      .min(1, 'must list at least one e-mail address: alarms need a subscriber'),
    slack: slackSchema.optional(),
  })
  .strict();

const s3BackendSchema = z
  .object({
    type: z.literal('s3'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens'),
    region,
    keyPrefix: z
      .string()
      .regex(/^[\w.-]+(\/[\w.-]+)*$/, 'must be a path of letters, digits, dots, hyphens and underscores, without leading or trailing "/"')
      .default('security-baseline'),
    kmsKeyId: z.string().min(1, 'must be a KMS key id or ARN').optional(),
    roleArn: iamRoleArn.optional(),
  })
  .strict();

const WORKSPACE_PLACEHOLDER = '{account}';
const cloudBackendSchema = z
  .object({
    type: z.literal('cloud'),
    organization: z.string().regex(/^[\w-]{1,64}$/, 'must be a Terraform Cloud organization name'),
    hostname: z.string().min(1).default('app.terraform.io'),
    project: z.string().min(1, 'must be a Terraform Cloud project name').optional(),
    workspaceNamePattern: z
      .string()
      .regex(/^[\w{}-]{1,90}$/, 'must use only letters, digits, hyphens, underscores and the placeholders {prefix} and {account}')
      .refine((p) => p.includes(WORKSPACE_PLACEHOLDER), {
        message: `must contain ${WORKSPACE_PLACEHOLDER} so every account gets its own workspace`,
      })
      .default('{prefix}-{account}'),
  })
  .strict();

const localBackendSchema = z
  .object({
    type: z.literal('local'),
    directory: z.string().min(1).default('../../../terraform-state'),
  })
  .strict();

const BACKEND_TYPES = ['s3', 'cloud', 'local'];
const stateBackendSchema = z.discriminatedUnion('type', [s3BackendSchema, cloudBackendSchema, localBackendSchema], {
  errorMap: (issue, ctx) =>
    issue.code === z.ZodIssueCode.invalid_union_discriminator
      ? { message: `must be one of: ${BACKEND_TYPES.join(', ')}` }
      : { message: ctx.defaultError },
});

const RETENTION_MESSAGE = `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}`;

const auditTrailSchema = z
  .object({
    cloudWatchLogsRetentionDays: z
      .number({ invalid_type_error: RETENTION_MESSAGE })
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), { message: RETENTION_MESSAGE })
      .default(365),
  })
  .strict();

const logBucketsSchema = z
  .object({
    cloudtrail: lifecycleSchema.default({}),
    accessLogs: lifecycleSchema.default({}),
    config: lifecycleSchema.default({}),
    vpcFlowLogs: lifecycleSchema.default({}),
  })
  .strict();

/** An object whose keys are exactly the catalog's (all optional), so a misspelt key is an error. */
function catalogSwitches<K extends string, V extends z.ZodTypeAny>(keys: readonly K[], value: V) {
  return z.object(Object.fromEntries(keys.map((key) => [key, value.optional()])) as Record<K, z.ZodOptional<V>>).strict();
}

const RECORDING_FREQUENCIES = ['CONTINUOUS', 'DAILY'] as const;
const DELIVERY_FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;

const awsConfigSchema = z
  .object({
    recordingFrequency: oneOf(RECORDING_FREQUENCIES)
      .default('CONTINUOUS'),
    excludedResourceTypes: z
      .array(z.string().regex(/^AWS::\w+::\w+$/, 'must be a resource type such as AWS::EC2::NetworkInterface'))
      .default([]),
    snapshotDeliveryFrequency: oneOf(DELIVERY_FREQUENCIES)
      .default('TwentyFour_Hours'),
    /**
     * `remediated-only`: only the rules a remediation that is not off uses; Security Hub's own
     * service-linked rules (FSBP, CIS) evaluate the rest. `rules.<key>: false` still applies.
     */
    ruleSet: oneOf(['all', 'remediated-only']).default('all'),
    rules: catalogSwitches(CONFIG_RULE_KEYS, z.boolean()).default({}),
    remediations: catalogSwitches(
      REMEDIATION_KEYS,
      oneOf(REMEDIATION_MODES),
    ).default({}),
    loopGuard: z
      .object({
        maxExecutions: z.number().int('must be a whole number').min(1, 'must be at least 1').default(10),
        windowMinutes: z
          .number()
          .int('must be a whole number of minutes')
          .min(5, 'must be at least 5 minutes')
          .max(1440, 'must be at most 1440 minutes (one day)')
          .default(60),
      })
      .strict()
      .default({}),
  })
  .strict();

const hardeningSchema = z
  .object({
    passwordPolicy: z
      .object({
        minimumLength: z.number().int().min(14, 'must be at least 14 (CIS 1.8)').max(128, 'must be at most 128').default(14),
        reusePrevention: z.number().int().min(1, 'must be 1-24 (CIS 1.9 asks for 24)').max(24, 'must be 1-24 (CIS 1.9 asks for 24)').default(24),
        maxPasswordAgeDays: z.number().int().min(1, 'must be 1-1095 days').max(1095, 'must be 1-1095 days').default(90),
      })
      .strict()
      .default({}),
    ebsDefaultEncryptionKey: oneOf(['aws-managed', 'customer-managed'])
      .default('aws-managed'),
    accessAnalyzer: z.boolean().default(true),
    supportRole: z.boolean().default(true),
    securityContact: z
      .object({
        name: z.string().min(1, 'must not be empty').max(64),
        title: z.string().min(1, 'must not be empty').max(50),
        emailAddress,
        phoneNumber: z.string().regex(/^[\s0-9()+-]{7,25}$/, 'must be a phone number such as +1 555 0100'),
      })
      .strict()
      .optional(),
  })
  .strict();

const cisFilterSettings = z
  .object({
    enabled: z.boolean().optional(),
    threshold: z.number().int('must be a whole number of matches').min(1, 'must be at least 1').optional(),
    periodSeconds: z
      .number()
      .int()
      .refine((s) => s % 60 === 0 && s >= 60 && s <= 86400, { message: 'must be a multiple of 60 seconds between 60 and 86400' })
      .optional(),
  })
  .strict();

const cisMonitoringSchema = z
  .object({
    filters: catalogSwitches(CIS_FILTER_IDS, cisFilterSettings).default({}),
  })
  .strict();

const securityEventsSchema = z
  .object({
    rules: catalogSwitches(SECURITY_EVENT_RULE_KEYS, z.boolean()).default({}),
    guardDutyMinimumSeverity: z
      .number()
      .min(0, 'must be a GuardDuty severity from 0 to 10')
      .max(10, 'must be a GuardDuty severity from 0 to 10')
      .default(4),
  })
  .strict();

const guardDutySchema = z
  .object({
    findingPublishingFrequency: oneOf(FINDING_PUBLISHING_FREQUENCIES)
      .default('FIFTEEN_MINUTES'),
    protections: catalogSwitches(GUARDDUTY_PROTECTION_KEYS, z.boolean()).default({}),
  })
  .strict();

const securityHubStandard = oneOf(SECURITY_HUB_STANDARDS);
const securityHubSchema = z
  .object({
    standards: z.array(securityHubStandard).default([...DEFAULT_SECURITY_HUB_STANDARDS]),
    disabledControls: z
      .array(
        z
          .object({
            controlId: z.string().regex(/^[A-Za-z0-9]+\.\d+$/, 'must be a Security Hub control id such as IAM.6'),
            reason: z.string().min(1, 'must say why the control is disabled (shown in Security Hub)'),
            /**
             * The subscribed standards to disable it in. @default every subscribed standard that
             * contains it (from modules/catalogs/security-hub-controls.ts); name them for a
             * control AWS added to a standard after that table was written.
             */
            standards: z.array(securityHubStandard).min(1, 'must name at least one standard, or be left out').optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

/** Key and value rules, the count limit and reserved keys are in `tags.ts`. */
const tagsSchema = z.record(z.string(), z.string()).superRefine((tags, ctx) => {
  for (const issue of tagIssues(tags)) {
    // `shown`: the key itself when the key is wrong (the loader would otherwise show the value).
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [...issue.path], message: issue.message, params: { shown: issue.value } });
  }
});

export const organizationSchema = z
  .object({
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

/** A problem found by a rule that spans several fields. */
export interface CrossFieldIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

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
    ...duplicateEntries(accounts.map((a) => a.name), asString, (i) => ['accounts', i, 'name']),
    ...duplicateEntries(accounts.map((a) => a.id), asString, (i) => ['accounts', i, 'id']),
    // Mail domains ignore case, and SNS would subscribe the same mailbox twice.
    ...duplicateEntries(listAt(notifications, 'emails'), (e) => asString(e)?.toLowerCase(), (i) => ['notifications', 'emails', i]),
    // Each standard and each disabled control is one resource: a repeat would collide at synth.
    ...duplicateEntries(listAt(hub, 'standards'), asString, (i) => ['securityHub', 'standards', i]),
    ...duplicateEntries(listAt(hub, 'disabledControls'), disabledControlKey, (i) => ['securityHub', 'disabledControls', i, 'controlId']),
    ...listAt(hub, 'disabledControls').flatMap((control, i) =>
      isRecord(control) ? duplicateEntries(listAt(control, 'standards'), asString, (j) => ['securityHub', 'disabledControls', i, 'standards', j]) : [],
    ),
    ...reservedStateBucketName(org),
    ...cloudHostnameThatIsNotAHost(org),
  );

  if (typeof org.homeRegion === 'string' && regions.length > 0 && !regions.includes(org.homeRegion)) {
    issues.push({ path: ['homeRegion'], message: `must be one of the enabled regions: ${regions.join(', ')}` });
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
  issues.push(...remediationsWithoutTheirRules(org), ...halfDisabledControls(org), ...adoptionIssues(org, accounts));
  return issues;
}

/** Entries that repeat an earlier one; `sameness` says what makes two the same (undefined: not comparable). */
function duplicateEntries(
  values: readonly unknown[],
  sameness: (value: unknown) => string | undefined,
  pathOf: (index: number) => (string | number)[],
): CrossFieldIssue[] {
  const firstSeen = new Map<string, number>();
  return values.flatMap((value, index) => {
    const key = sameness(value);
    if (key === undefined) return [];
    const first = firstSeen.get(key);
    if (first === undefined) {
      firstSeen.set(key, index);
      return [];
    }
    return [{ path: pathOf(index), message: `must be unique: ${formatPath(pathOf(first))} has the same value` }];
  });
}

/** The list at `record[key]`, or none. */
function listAt(record: Record<string, unknown>, key: string): unknown[] {
  return Array.isArray(record[key]) ? (record[key] as unknown[]) : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function disabledControlKey(control: unknown): string | undefined {
  return isRecord(control) && typeof control.controlId === 'string' ? control.controlId : undefined;
}

/** The schema checks the state bucket's length and characters; S3 also reserves some forms. */
function reservedStateBucketName(org: Record<string, unknown>): CrossFieldIssue[] {
  const backend = isRecord(org.stateBackend) ? org.stateBackend : {};
  const reservation = backend.type === 's3' && typeof backend.bucket === 'string' ? s3BucketNameReservation(backend.bucket) : undefined;
  return reservation ? [{ path: ['stateBackend', 'bucket'], message: `is not a bucket name S3 accepts (${reservation}); choose another bucket` }] : [];
}

/** A host name, optionally with a port: what Terraform's `cloud` block takes, not a URL. */
const HOST_NAME = /^(?=[^:]{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/i;

/** The schema takes any text as the Terraform Cloud host; a pasted URL would fail every run. */
function cloudHostnameThatIsNotAHost(org: Record<string, unknown>): CrossFieldIssue[] {
  const backend = isRecord(org.stateBackend) ? org.stateBackend : {};
  if (backend.type !== 'cloud' || typeof backend.hostname !== 'string' || HOST_NAME.test(backend.hostname)) return [];
  return [{ path: ['stateBackend', 'hostname'], message: 'must be a host name such as app.terraform.io or tfe.example.com:8443, without https:// or a path' }];
}

/** A remediation that is not off needs every rule it remediates. */
function remediationsWithoutTheirRules(org: Record<string, unknown>): CrossFieldIssue[] {
  const awsConfig = isRecord(org.awsConfig) ? org.awsConfig : {};
  const rules = isRecord(awsConfig.rules) ? awsConfig.rules : {};
  const modes = isRecord(awsConfig.remediations) ? awsConfig.remediations : {};
  return REMEDIATIONS.flatMap((remediation) => {
    const mode = effectiveRemediationMode(remediation, modes);
    const disabledRules = remediation.rules.filter((rule: ConfigRuleKey) => rules[rule] === false);
    if (mode === 'off' || disabledRules.length === 0) return [];
    return [
      {
        path: ['awsConfig', 'remediations', remediation.key],
        message:
          `cannot be ${String(mode)}: it remediates ${disabledRules.map((r) => `awsConfig.rules.${r}`).join(', ')}, which ` +
          `${disabledRules.length === 1 ? 'is' : 'are'} switched off; enable the rule or set this remediation to off`,
      },
    ];
  });
}

/**
 * With consolidated control findings a control is evaluated while it is enabled in any subscribed
 * standard: disabling it in some of them only does nothing. So a disabled control is disabled in
 * every subscribed standard that contains it; naming standards explicitly may not leave one out.
 */
function halfDisabledControls(org: Record<string, unknown>): CrossFieldIssue[] {
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const subscribed = (Array.isArray(hub.standards) ? hub.standards : DEFAULT_SECURITY_HUB_STANDARDS).filter(
    (s): s is SecurityHubStandard => (SECURITY_HUB_STANDARDS as readonly unknown[]).includes(s),
  );
  const disabled = Array.isArray(hub.disabledControls) ? hub.disabledControls : [];
  return disabled.flatMap((control, index): CrossFieldIssue[] => {
    if (!isRecord(control) || typeof control.controlId !== 'string') return [];
    const at = (...rest: (string | number)[]) => ['securityHub', 'disabledControls', index, ...rest];
    const containing = standardsContaining(control.controlId, subscribed);
    if (!Array.isArray(control.standards)) {
      return containing.length > 0
        ? []
        : [
            {
              path: at('controlId'),
              message:
                `is in none of the subscribed standards (${subscribed.join(', ')}) as far as the baseline's control table knows; ` +
                'if AWS added it since, name the standards under "standards"',
            },
          ];
    }
    const named: unknown[] = control.standards;
    return [
      ...named.flatMap((standard, i) =>
        typeof standard === 'string' && !subscribed.includes(standard as SecurityHubStandard)
          ? [{ path: at('standards', i), message: `is not a subscribed standard; subscribed: ${subscribed.join(', ')}` }]
          : [],
      ),
      ...containing
        .filter((standard) => !named.includes(standard))
        .map((standard) => ({
          path: at('standards'),
          message: `leaves ${control.controlId} enabled in ${standard}, which contains it: a control is evaluated while any subscribed standard enables it; add ${standard} or leave "standards" out`,
        })),
    ];
  });
}

/**
 * What `accounts[].adopt` may name: regions where the stack deploys the service, each once; no
 * import of a service the account leaves to a delegated administrator; only subscribed standards;
 * the account's own aggregator in the home region.
 */
function adoptionIssues(org: Record<string, unknown>, accounts: Record<string, unknown>[]): CrossFieldIssue[] {
  const { homeRegion, regions, detectiveControlRegions: mode } = org;
  if (typeof homeRegion !== 'string' || !Array.isArray(regions)) return [];
  const covered = detectiveRegions(homeRegion, regions, mode === 'all-default-enabled' ? mode : 'enabled');
  const hub = isRecord(org.securityHub) ? org.securityHub : {};
  const subscribed: readonly unknown[] = Array.isArray(hub.standards) ? hub.standards : DEFAULT_SECURITY_HUB_STANDARDS;
  const outside = (path: (string | number)[], region: unknown): CrossFieldIssue[] =>
    typeof region === 'string' && !covered.includes(region)
      ? [{ path, message: `is not a region this stack deploys detective controls to: ${covered.join(', ')}` }]
      : [];
  return accounts.flatMap((account, index) => {
    const adopt = isRecord(account.adopt) ? account.adopt : {};
    const at = (...rest: (string | number)[]) => ['accounts', index, 'adopt', ...rest];
    const recorder = isRecord(adopt.configRecorder) ? adopt.configRecorder : {};
    const recorderRegions = listAt(recorder, 'regions');
    const hubRegions = listAt(adopt, 'securityHub');
    const hubStandards = listAt(adopt, 'securityHubStandards');
    const detectors = Object.keys(isRecord(adopt.guardDutyDetectors) ? adopt.guardDutyDetectors : {});
    const aggregator = adopt.securityHubFindingAggregatorArn;
    const conflict = (field: string, managedBy: string): CrossFieldIssue => ({
      path: at(field),
      message: `cannot be adopted while ${managedBy} is true: the delegated administrator manages it, so this stack creates and imports none of it`,
    });
    return [
      ...recorderRegions.flatMap((r, i) => outside(at('configRecorder', 'regions', i), r)),
      ...hubRegions.flatMap((r, i) => outside(at('securityHub', i), r)),
      ...['guardDutyDetectors', 'accessAnalyzers'].flatMap((service) =>
        Object.keys(isRecord(adopt[service]) ? (adopt[service] as object) : {}).flatMap((r) => outside(at(service, r), r)),
      ),
      ...duplicateEntries(recorderRegions, asString, (i) => at('configRecorder', 'regions', i)),
      ...duplicateEntries(hubRegions, asString, (i) => at('securityHub', i)),
      ...duplicateEntries(hubStandards, asString, (i) => at('securityHubStandards', i)),
      ...hubStandards.flatMap((standard, i) =>
        typeof standard === 'string' && !subscribed.includes(standard)
          ? [{ path: at('securityHubStandards', i), message: `is not a subscribed standard; subscribed: ${subscribed.join(', ')}` }]
          : [],
      ),
      ...(hubStandards.length > 0 && hubRegions.length === 0
        ? [{ path: at('securityHubStandards'), message: 'imports subscriptions of adopted hubs: list the regions under securityHub too' }]
        : []),
      ...(typeof aggregator === 'string' && !aggregator.startsWith(`arn:aws:securityhub:${homeRegion}:${String(account.id)}:`)
        ? [{ path: at('securityHubFindingAggregatorArn'), message: `must be this account's aggregator in the home region: arn:aws:securityhub:${homeRegion}:${String(account.id)}:finding-aggregator/<uuid>` }]
        : []),
      ...(adopt.guardDutyManagedByAdministrator === true && detectors.length > 0 ? [conflict('guardDutyDetectors', 'guardDutyManagedByAdministrator')] : []),
      ...(adopt.securityHubManagedByAdministrator === true
        ? (['securityHub', 'securityHubStandards', 'securityHubFindingAggregatorArn'] as const)
            .filter((field) => (Array.isArray(adopt[field]) ? (adopt[field] as unknown[]).length > 0 : adopt[field] !== undefined))
            .map((field) => conflict(field, 'securityHubManagedByAdministrator'))
        : []),
    ];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The organization as the rest of the code sees it: validated, defaults filled in. */
export type OrganizationConfig = z.output<typeof organizationSchema>;
export type AccountConfig = OrganizationConfig['accounts'][number];
export type StateBackendConfig = OrganizationConfig['stateBackend'];
export type AwsConfigSettings = OrganizationConfig['awsConfig'];
export type HardeningSettings = OrganizationConfig['hardening'];
export type GuardDutySettings = OrganizationConfig['guardDuty'];
export type SecurityHubSettings = OrganizationConfig['securityHub'];
export type { ConfigRuleKey, RemediationKey };
