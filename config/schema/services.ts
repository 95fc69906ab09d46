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
import { catalogSwitches, emailAddress, oneOf } from './common';

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

export const hardeningSchema = z
  .object({
    passwordPolicy: z
      .object({
        minimumLength: z.number().int().min(14, 'must be at least 14 (CIS 1.8)').max(128, 'must be at most 128').default(14),
        reusePrevention: z
          .number()
          .int()
          .min(1, 'must be 1-24 (CIS 1.9 asks for 24)')
          .max(24, 'must be 1-24 (CIS 1.9 asks for 24)')
          .default(24),
        maxPasswordAgeDays: z.number().int().min(1, 'must be 1-1095 days').max(1095, 'must be 1-1095 days').default(90),
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

export const cisMonitoringSchema = z
  .object({
    filters: catalogSwitches(CIS_FILTER_IDS, cisFilterSettings).default({}),
  })
  .strict();

export const securityEventsSchema = z
  .object({
    rules: catalogSwitches(SECURITY_EVENT_RULE_KEYS, z.boolean()).default({}),
    guardDutyMinimumSeverity: z
      .number()
      .min(0, 'must be a GuardDuty severity from 0 to 10')
      .max(10, 'must be a GuardDuty severity from 0 to 10')
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
        windowMinutes: z
          .number()
          .int('must be a whole number of minutes')
          .min(5, 'must be at least 5 minutes')
          .max(10080, 'must be at most 10080 minutes (one week)')
          .default(60),
        /** At most this many remediations start per hour across the organization; above it an alarm fires. */
        maxPerHour: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(20),
      })
      .strict()
      .default({}),
  })
  .strict();
