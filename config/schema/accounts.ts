/** `accounts[]`: each account's name, id and role, and what it adopts instead of creating. */
import { z } from 'zod';
import { SECURITY_HUB_STANDARDS } from '../../modules/catalogs/threat-detection';
import { iamRoleName, oneOf, region } from './common';

/** What an account is for; decides what its stack contains. */
export const ACCOUNT_ROLES = ['management', 'log-archive', 'security', 'workload'] as const;
type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Roles of which an organization has at most one account. */
export const SINGLETON_ROLES: readonly AccountRole[] = ['management', 'log-archive', 'security'];

const accountName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/,
    'must be 2-32 characters of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  );

const ACCOUNT_ID = 'must be a 12-digit AWS account id written as a string, such as "123456789012"';
/** A number loses leading zeros (and JSON refuses one that starts with 0): ids are text. */
const accountId = z
  .string({ invalid_type_error: 'write account ids as strings, in quotes, such as "123456789012"' })
  .regex(/^\d{12}$/, ACCOUNT_ID);

/** Control Tower names the security account "audit". */
const ROLE_SYNONYMS = { audit: { value: 'security', why: "Control Tower's audit account is the security account" } } as const;

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
      .record(
        region,
        z.string().regex(/^[A-Za-z][\w.-]{0,254}$/, 'must be an analyzer name: a letter, then up to 254 letters, digits, _ . -'),
      )
      .default({}),
  })
  .strict();

export const accountSchema = z
  .object({
    name: accountName,
    id: accountId,
    role: oneOf(ACCOUNT_ROLES, { synonyms: ROLE_SYNONYMS }),
    deploymentRoleName: iamRoleName.optional(),
    adopt: adoptSchema.optional(),
  })
  .strict();
