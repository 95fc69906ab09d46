/**
 * ARNs built from known names instead of resource attributes. Policies can then name a trail or
 * log group before it exists, which breaks what would otherwise be dependency cycles (the trail
 * needs its bucket policy, the bucket policy names the trail) and keeps policies readable.
 */

/** Every ARN here is in the commercial partition (the regions the config accepts). */
export const PARTITION = 'aws';

export const arn = {
  accountRoot: (accountId: string) => `arn:${PARTITION}:iam::${accountId}:root`,
  iamRole: (accountId: string, roleName: string) => `arn:${PARTITION}:iam::${accountId}:role/${roleName}`,
  s3Bucket: (bucketName: string) => `arn:${PARTITION}:s3:::${bucketName}`,
  cloudTrail: (region: string, accountId: string, trailName: string) =>
    `arn:${PARTITION}:cloudtrail:${region}:${accountId}:trail/${trailName}`,
  /** Any trail of the account, in any region: the form CloudTrail's encryption context takes. */
  anyCloudTrailOf: (accountId: string) => `arn:${PARTITION}:cloudtrail:*:${accountId}:trail/*`,
  logGroup: (region: string, accountId: string, logGroupName: string) =>
    `arn:${PARTITION}:logs:${region}:${accountId}:log-group:${logGroupName}`,
} as const;
