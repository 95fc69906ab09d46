/** `auditTrail` and `logBuckets`: log retention in CloudWatch Logs and the log buckets' lifecycle. */
import { z } from 'zod';
import { listOf } from '../problem-text';
import { wholeNumber } from './common';

/** The values CloudWatch Logs accepts for a log group's retention (0, "never expire", is not offered). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Far beyond any retention requirement (100 years); S3 takes lifecycle days as a 32-bit number. */
const days = wholeNumber({ min: 1, max: 36500, unit: 'days', why: 'up to 100 years, far beyond any retention requirement' });

/** Lifecycle of the objects in one log bucket. */
const lifecycleSchema = z
  .object({
    transitionToGlacierDays: days.default(90),
    expirationDays: days.default(2555),
    noncurrentVersionExpirationDays: days.default(365),
    abortIncompleteMultipartUploadDays: days.default(7),
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

/** The retention periods CloudWatch Logs accepts, the closest to `given` first when the list is cut. */
const retentionMessage = (given?: unknown) =>
  `must be one of the ${LOG_RETENTION_DAYS.length} retention periods (days) CloudWatch Logs accepts: ${listOf(LOG_RETENTION_DAYS, { near: given })}`;

export const auditTrailSchema = z
  .object({
    cloudWatchLogsRetentionDays: z
      .number({ invalid_type_error: retentionMessage() })
      .refine(
        (d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d),
        (d) => ({ message: retentionMessage(d) }),
      )
      .default(365),
    /**
     * Organization mode: every account, management included, keeps an account trail (delivering
     * to the central bucket) with its own CloudWatch Logs group, CIS filters and alarms, so both
     * checkers evaluate CIS 4.x in every account (with the organization trail alone members are
     * NO_DATA in Security Hub and FAIL in Prowler) and each CIS event alarms once, in its own
     * account. Costs a paid second copy of management events. @default true
     */
    memberAccountTrails: z.boolean().optional(),
    /**
     * Organization mode without Control Tower: the organization trail also delivers to a CloudWatch
     * Logs group in the management account. Without member trails that group carries the CIS
     * filters and alarms, so it is required. With them no alarm reads it, and `false` saves
     * ingesting every account's management events a second time (paid per GB; the S3 copy in
     * log-archive still serves queries), at a price: Security Hub CloudTrail.5 (in the default
     * FSBP standard) and Prowler's cloudtrail_cloudwatch_logging_enabled then fail for the
     * organization trail in the management account. Switching it off forgets the log group and
     * its logs (never deletes them). @default true
     */
    organizationTrailLogs: z.boolean().optional(),
  })
  .strict();

export const logBucketsSchema = z
  .object({
    cloudtrail: lifecycleSchema.default({}),
    accessLogs: lifecycleSchema.default({}),
    config: lifecycleSchema.default({}),
    vpcFlowLogs: lifecycleSchema.default({}),
  })
  .strict();
