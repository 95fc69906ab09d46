/** The services' settings: awsConfig, hardening, cisMonitoring, securityEvents, guardDuty, securityHub. */
import { z } from 'zod';
import { CIS_FILTER_IDS } from '../../modules/catalogs/cis-monitoring';
import { CONFIG_RULE_KEYS } from '../../modules/catalogs/config-rules';
import { REMEDIATION_KEYS, REMEDIATION_MODES } from '../../modules/catalogs/remediations';
import { SECURITY_EVENT_RULE_KEYS } from '../../modules/catalogs/security-events';
import { SECURITY_HUB_ACTION_MODES, SECURITY_HUB_REMEDIATION_CONTROLS } from '../../modules/catalogs/security-hub-remediations';
import {
  DEFAULT_SECURITY_HUB_STANDARDS,
  FINDING_PUBLISHING_FREQUENCIES,
  GUARDDUTY_PROTECTION_KEYS,
  SECURITY_HUB_STANDARDS,
} from '../../modules/catalogs/threat-detection';
import { REMEDIATION_RETRY } from '../../modules/compliance/config-remediations';
import { catalogSwitches, emailAddress, oneOf, rangeMessage, wholeNumber } from './common';

/** The loop guard's window: an alarm period, which CloudWatch allows up to a day. */
const LOOP_GUARD_WINDOW = { min: 5, max: 1440, unit: 'minutes', why: 'an alarm period of 5 minutes to one day' } as const;

/**
 * Runs of one remediation on one resource that Config can start in `windowMinutes`: it retries an
 * automatic remediation at most `maximumAutomaticAttempts` times per `retryAttemptSeconds`. A
 * maximum at or above that cannot catch a loop on a resource: the alarm fires above the maximum.
 */
function loopGuardMaximum(windowMinutes: number) {
  const { maximumAutomaticAttempts: attempts, retryAttemptSeconds: seconds } = REMEDIATION_RETRY;
  const runs = Math.floor((windowMinutes * 60 * attempts) / seconds);
  return {
    min: 1,
    max: runs - 1,
    why:
      `Config starts a remediation of one resource at most ${attempts} times in ${seconds} seconds, so a loop on one resource ` +
      `runs it at most ${runs} times in ${windowMinutes} minutes, and a higher maximum never alarms`,
  };
}

/** Alarm when one remediation runs more than `maxExecutions` times in `windowMinutes` (a loop, or a fight with someone's Terraform). */
const loopGuardSchema = z
  .object({
    /** @default 10 (checked against the window below) */
    maxExecutions: z.number({ invalid_type_error: rangeMessage(loopGuardMaximum(60)) }).default(10),
    windowMinutes: wholeNumber(LOOP_GUARD_WINDOW).default(60),
  })
  .strict()
  .superRefine(({ maxExecutions, windowMinutes }, ctx) => {
    const range = loopGuardMaximum(windowMinutes);
    if (!Number.isInteger(maxExecutions) || maxExecutions < range.min || maxExecutions > range.max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['maxExecutions'], message: rangeMessage(range) });
    }
  })
  .default({});

const RECORDING_FREQUENCIES = ['CONTINUOUS', 'DAILY'] as const;
const DELIVERY_FREQUENCIES = ['One_Hour', 'Three_Hours', 'Six_Hours', 'Twelve_Hours', 'TwentyFour_Hours'] as const;

export const awsConfigSchema = z
  .object({
    recordingFrequency: oneOf(RECORDING_FREQUENCIES).default('CONTINUOUS'),
    excludedResourceTypes: z
      .array(z.string().regex(/^AWS::\w+::\w+$/, 'must be a resource type such as AWS::EC2::NetworkInterface'))
      .default([]),
    snapshotDeliveryFrequency: oneOf(DELIVERY_FREQUENCIES).default('TwentyFour_Hours'),
    /**
     * `remediated-only`: only the rules a remediation that is not off uses; Security Hub's own
     * service-linked rules (FSBP, CIS) evaluate the rest. `rules.<key>: false` still applies.
     */
    ruleSet: oneOf(['all', 'remediated-only']).default('all'),
    rules: catalogSwitches(CONFIG_RULE_KEYS, z.boolean()).default({}),
    remediations: catalogSwitches(REMEDIATION_KEYS, oneOf(REMEDIATION_MODES)).default({}),
    loopGuard: loopGuardSchema,
  })
  .strict();

export const hardeningSchema = z
  .object({
    passwordPolicy: z
      .object({
        minimumLength: wholeNumber({
          min: 14,
          max: 128,
          unit: 'characters',
          why: 'CIS 1.8 asks for at least 14; IAM allows at most 128',
        }).default(14),
        reusePrevention: wholeNumber({ min: 1, max: 24, unit: 'passwords', why: 'IAM remembers at most 24; CIS 1.9 asks for 24' }).default(
          24,
        ),
        maxPasswordAgeDays: wholeNumber({ min: 1, max: 1095, unit: 'days', why: 'what IAM allows' }).default(90),
      })
      .strict()
      .default({}),
    ebsDefaultEncryptionKey: oneOf(['aws-managed', 'customer-managed']).default('aws-managed'),
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

/** CloudWatch alarm periods of a minute or more are whole minutes, and one period is at most a day. */
const CIS_PERIOD =
  'must be a whole number of seconds from 60 to 86400, a multiple of 60 (alarm periods are whole minutes, at most one day)';

const cisFilterSettings = z
  .object({
    enabled: z.boolean().optional(),
    threshold: wholeNumber({
      min: 1,
      max: 1000,
      unit: 'matches',
      why: 'CIS asks for an alarm on each of these events; a threshold above 1000 in one period would let an attack pass unnoticed',
    }).optional(),
    periodSeconds: z
      .number({ invalid_type_error: CIS_PERIOD })
      .refine((s) => Number.isInteger(s / 60) && s >= 60 && s <= 86400, { message: CIS_PERIOD })
      .optional(),
  })
  .strict();

export const cisMonitoringSchema = z
  .object({
    filters: catalogSwitches(CIS_FILTER_IDS, cisFilterSettings).default({}),
  })
  .strict();

/** GuardDuty's severities are 1.0-10.0 (low from 1, medium from 4, high from 7, critical from 9): above 10 nothing is ever sent. */
const GUARDDUTY_SEVERITY = 'must be a number from 0 to 10 (GuardDuty severities: low from 1, medium from 4, high from 7, critical from 9)';

export const securityEventsSchema = z
  .object({
    rules: catalogSwitches(SECURITY_EVENT_RULE_KEYS, z.boolean()).default({}),
    guardDutyMinimumSeverity: z
      .number({ invalid_type_error: GUARDDUTY_SEVERITY })
      .min(0, GUARDDUTY_SEVERITY)
      .max(10, GUARDDUTY_SEVERITY)
      .default(4),
  })
  .strict();

export const guardDutySchema = z
  .object({
    findingPublishingFrequency: oneOf(FINDING_PUBLISHING_FREQUENCIES).default('FIFTEEN_MINUTES'),
    protections: catalogSwitches(GUARDDUTY_PROTECTION_KEYS, z.boolean()).default({}),
  })
  .strict();

const securityHubStandard = oneOf(SECURITY_HUB_STANDARDS);
export const securityHubSchema = z
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
    /**
     * Organization mode: where the central configuration policy applies: `root` (every account),
     * organizational unit ids (`ou-…`) or account names from `accounts`. @default ['root']
     */
    policyTargets: z
      .array(
        z
          .string()
          .regex(
            /^(root|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[a-z][a-z0-9-]{0,30}[a-z0-9])$/,
            'must be "root", an organizational unit id such as ou-ab12-cd34ef56, or an account name from accounts',
          ),
      )
      .min(1, 'must name at least one target, e.g. ["root"]')
      .optional(),
    /**
     * Remediation started from Security Hub (the security account in organization mode, each
     * account in standalone mode): per control `off`, `manual` (the custom action) or `automatic`
     * (also on every new failed finding), with a guard against loops and cost.
     */
    remediation: z
      .object({
        /** @default `manual` for every control whose baseline remediation (awsConfig.remediations) is not off */
        controls: catalogSwitches(SECURITY_HUB_REMEDIATION_CONTROLS, oneOf(SECURITY_HUB_ACTION_MODES)).default({}),
        /** The same control and resource are not remediated again within this window. */
        windowMinutes: wholeNumber({
          min: 5,
          max: 10080,
          unit: 'minutes',
          why: 'long enough for Config to re-evaluate a remediated resource, short enough that one still failing after a week is tried again',
        }).default(60),
        /** At most this many remediations start per hour across the organization; above it an alarm fires. */
        maxPerHour: wholeNumber({
          min: 1,
          max: 1000,
          why: 'a cap above 1000 an hour no longer bounds the cost of a rule that fails everywhere at once',
        }).default(20),
      })
      .strict()
      .default({}),
  })
  .strict();
