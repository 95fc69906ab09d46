/**
 * Bucket-policy statements that let an AWS service deliver logs into a log bucket: exactly the
 * calls each service makes, and only on behalf of the given account (and trail or buckets), so
 * no other account can use the service to write into ours (confused deputy).
 *
 * The organization forms (a central bucket in the log-archive account) admit many accounts at
 * once, each only under its own `AWSLogs/<account>/`, in statements whose size grows by one
 * account id per account: a bucket policy is limited to 20 KB.
 */
import { PARTITION } from '../core/arn';
import type { PolicyConditions, PolicyStatement } from '../core/policy-document';

/** A service that checks the bucket, then writes objects it hands to the bucket owner. */
interface ServiceDelivery {
  readonly service: string;
  readonly bucketArn: string;
  /** Read-only calls the service makes on the bucket first, by statement id. */
  readonly checks: Readonly<Record<string, string>>;
  readonly writeSid: string;
  /** Objects the service may write. */
  readonly writeResource: string | readonly string[];
  /** Who the service must be acting for (`aws:SourceArn` / `aws:SourceAccount`). */
  readonly source: Readonly<Record<string, string>>;
  /** A pattern the source ARN must match as well. @default none */
  readonly sourceArnLike?: string;
}

function serviceDeliveryStatements(delivery: ServiceDelivery): PolicyStatement[] {
  const principal = { Service: delivery.service };
  const arnLike: PolicyConditions = delivery.sourceArnLike ? { ArnLike: { 'aws:SourceArn': delivery.sourceArnLike } } : {};
  return [
    ...Object.entries(delivery.checks).map(([sid, action]): PolicyStatement => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: principal,
      Action: action,
      Resource: delivery.bucketArn,
      Condition: { StringEquals: delivery.source, ...arnLike },
    })),
    {
      Sid: delivery.writeSid,
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:PutObject',
      Resource: delivery.writeResource,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...delivery.source }, ...arnLike },
    },
  ];
}

/** CloudTrail: check the bucket, then write log files under `AWSLogs/<account>/`, only for this trail. */
export function cloudTrailDeliveryStatements(bucketArn: string, accountId: string, trailArn: string): PolicyStatement[] {
  return serviceDeliveryStatements({
    service: 'cloudtrail.amazonaws.com',
    bucketArn,
    checks: { AllowCloudTrailAclCheck: 's3:GetBucketAcl' },
    writeSid: 'AllowCloudTrailWrite',
    writeResource: `${bucketArn}/AWSLogs/${accountId}/*`,
    source: { 'aws:SourceArn': trailArn },
  });
}

/** AWS Config: check the bucket, then deliver under `AWSLogs/<account>/Config/`, only for this account. */
export function configDeliveryStatements(bucketArn: string, accountId: string): PolicyStatement[] {
  return serviceDeliveryStatements({
    service: 'config.amazonaws.com',
    bucketArn,
    checks: { AllowConfigBucketPermissionsCheck: 's3:GetBucketAcl', AllowConfigBucketExistenceCheck: 's3:ListBucket' },
    writeSid: 'AllowConfigDelivery',
    writeResource: `${bucketArn}/AWSLogs/${accountId}/Config/*`,
    source: { 'aws:SourceAccount': accountId },
  });
}

/** CloudWatch Logs log delivery (VPC flow logs): check the bucket, then write under `AWSLogs/<account>/`. */
export function logDeliveryStatements(bucketArn: string, accountId: string): PolicyStatement[] {
  return serviceDeliveryStatements({
    service: 'delivery.logs.amazonaws.com',
    bucketArn,
    checks: { AllowLogDeliveryAclCheck: 's3:GetBucketAcl', AllowLogDeliveryListBucket: 's3:ListBucket' },
    writeSid: 'AllowLogDeliveryWrite',
    writeResource: `${bucketArn}/AWSLogs/${accountId}/*`,
    source: { 'aws:SourceAccount': accountId },
    sourceArnLike: `arn:${PARTITION}:logs:*:${accountId}:*`,
  });
}

/**
 * S3 server access logging: with ACLs disabled (BucketOwnerEnforced) the logging service is
 * granted by policy, and only for the listed source buckets of the account.
 */
export function serverAccessLogDeliveryStatements(
  bucketArn: string,
  accountId: string,
  sourceBucketArns: readonly string[],
): PolicyStatement[] {
  return [
    {
      Sid: 'AllowS3ServerAccessLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': sourceBucketArns },
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Organization forms: one central bucket, many accounts.

/**
 * The IAM policy variable `${aws:SourceAccount}` (the account a service acts for), written for
 * Terraform JSON: Terraform evaluates `${…}` in every string itself, and renders `$${` as `${`.
 */
export const SOURCE_ACCOUNT_VARIABLE = '$${aws:SourceAccount}';

const ACCOUNT_ID = /^\d{12}$/;
const TRAIL_ARN = new RegExp(`^arn:${PARTITION}:cloudtrail:([a-z0-9-]+):(\\d{12}):trail/([A-Za-z0-9._-]+)$`);

/** The parts of a trail ARN, or an error naming `what`. */
export function parseTrailArn(trailArn: string, what: string): { region: string; accountId: string; name: string } {
  const match = TRAIL_ARN.exec(trailArn);
  if (!match) throw new Error(`${what}: "${trailArn}" is not a trail ARN (arn:${PARTITION}:cloudtrail:<region>:<account>:trail/<name>)`);
  const [, region, accountId, name] = match;
  return { region, accountId, name };
}

/** Throws, naming `what`, unless every id is a 12-digit account id listed once. */
export function checkAccountIds(accountIds: readonly string[], what: string): void {
  const bad = accountIds.find((id) => !ACCOUNT_ID.test(id));
  if (bad !== undefined) throw new Error(`${what}: "${bad}" is not a 12-digit AWS account id`);
  const repeated = accountIds.find((id, index) => accountIds.indexOf(id) !== index);
  if (repeated !== undefined) throw new Error(`${what}: account ${repeated} is listed twice`);
}

/**
 * A service delivering for several accounts, each only under its own prefix: the bucket checks
 * and the write share one statement, whose object resource names the prefix through
 * `${aws:SourceAccount}` and whose condition lists the accounts, so the list appears once.
 * Requests on the bucket never match the object pattern, nor writes the bucket ARN.
 */
interface MultiAccountDelivery {
  readonly service: string;
  readonly bucketArn: string;
  readonly sid: string;
  /** Read-only calls on the bucket the service makes first. */
  readonly checks: readonly string[];
  /** Keys each account may write, below the bucket, with SOURCE_ACCOUNT_VARIABLE for the account. */
  readonly writeKeys: string;
  readonly accountIds: readonly string[];
  /** The ARN the service must act for, with SOURCE_ACCOUNT_VARIABLE for the account. @default any */
  readonly sourceArn?: string;
}

function multiAccountDeliveryStatement(delivery: MultiAccountDelivery): PolicyStatement {
  return {
    Sid: delivery.sid,
    Effect: 'Allow',
    Principal: { Service: delivery.service },
    Action: [...delivery.checks, 's3:PutObject'],
    Resource: [delivery.bucketArn, `${delivery.bucketArn}/${delivery.writeKeys}`],
    Condition: {
      StringEquals: {
        'aws:SourceAccount': [...delivery.accountIds].sort(),
        ...(delivery.sourceArn ? { 'aws:SourceArn': delivery.sourceArn } : {}),
      },
    },
  };
}

/**
 * Refuses a service's writes that do not hand the object to the bucket owner. The shared
 * statement above cannot require `s3:x-amz-acl` itself: the bucket checks do not send it.
 */
function denyWritesNotOwnedByBucketOwner(sid: string, service: string, bucketArn: string): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: { Service: service },
    Action: 's3:PutObject',
    Resource: `${bucketArn}/*`,
    Condition: { StringNotEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
  };
}

export interface OrganizationTrailDelivery {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** The organization trail: always owned by the management account. */
  readonly trailArn: string;
}

/**
 * The organization trail: check the bucket, then write under `AWSLogs/<organization id>/` (every
 * account's events) and `AWSLogs/<management account>/` (should it become an account trail), only
 * for this trail (CloudTrail guide, "bucket policy for an organization trail").
 */
export function organizationTrailDeliveryStatements(bucketArn: string, trail: OrganizationTrailDelivery): PolicyStatement[] {
  const owner = parseTrailArn(trail.trailArn, 'organization trail').accountId;
  if (owner !== trail.managementAccountId) {
    throw new Error(`organization trail ${trail.trailArn} must be owned by the management account ${trail.managementAccountId}`);
  }
  return serviceDeliveryStatements({
    service: 'cloudtrail.amazonaws.com',
    bucketArn,
    checks: { AllowOrganizationTrailAclCheck: 's3:GetBucketAcl' },
    writeSid: 'AllowOrganizationTrailWrite',
    writeResource: [`${bucketArn}/AWSLogs/${trail.organizationId}/*`, `${bucketArn}/AWSLogs/${trail.managementAccountId}/*`],
    source: { 'aws:SourceArn': trail.trailArn },
  });
}

/**
 * Account trails of several accounts (account id → its trail ARN) delivering to one bucket: each
 * trail may check the bucket and write only under its own account's `AWSLogs/<account>/`. Trails
 * sharing a name and region (the baseline's) share one statement; each other name or region adds
 * one. No statements for no trails.
 */
export function accountTrailsDeliveryStatements(
  bucketArn: string,
  accountTrails: Readonly<Record<string, string>>,
  /** Names the input in errors. */
  what = 'account trails',
): PolicyStatement[] {
  checkAccountIds(Object.keys(accountTrails), what);
  const groups = new Map<string, { region: string; name: string; accountIds: string[] }>();
  for (const [accountId, trailArn] of Object.entries(accountTrails)) {
    const trail = parseTrailArn(trailArn, `${what}: trail of account ${accountId}`);
    if (trail.accountId !== accountId)
      throw new Error(`${what}: trail of account ${accountId}: ${trailArn} is in account ${trail.accountId}`);
    const key = `${trail.region} ${trail.name}`;
    const group = groups.get(key) ?? { region: trail.region, name: trail.name, accountIds: [] };
    group.accountIds.push(accountId);
    groups.set(key, group);
  }
  if (groups.size === 0) return [];
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, group]) => group);
  return [
    ...sorted.map((group, index) =>
      multiAccountDeliveryStatement({
        service: 'cloudtrail.amazonaws.com',
        bucketArn,
        sid: `AllowAccountTrailsDelivery${sorted.length > 1 ? index + 1 : ''}`,
        checks: ['s3:GetBucketAcl'],
        writeKeys: `AWSLogs/${SOURCE_ACCOUNT_VARIABLE}/*`,
        accountIds: group.accountIds,
        sourceArn: `arn:${PARTITION}:cloudtrail:${group.region}:${SOURCE_ACCOUNT_VARIABLE}:trail/${group.name}`,
      }),
    ),
    denyWritesNotOwnedByBucketOwner('DenyCloudTrailWritesNotOwnedByBucketOwner', 'cloudtrail.amazonaws.com', bucketArn),
  ];
}

/**
 * AWS Config of several accounts delivering to one bucket: each may check the bucket and write
 * only under its own `AWSLogs/<account>/Config/`. No statements for no accounts.
 */
export function organizationConfigDeliveryStatements(bucketArn: string, accountIds: readonly string[]): PolicyStatement[] {
  checkAccountIds(accountIds, 'Config accounts');
  if (accountIds.length === 0) return [];
  return [
    multiAccountDeliveryStatement({
      service: 'config.amazonaws.com',
      bucketArn,
      sid: 'AllowConfigDeliveryForAccounts',
      checks: ['s3:GetBucketAcl', 's3:ListBucket'],
      writeKeys: `AWSLogs/${SOURCE_ACCOUNT_VARIABLE}/Config/*`,
      accountIds,
    }),
    denyWritesNotOwnedByBucketOwner('DenyConfigWritesNotOwnedByBucketOwner', 'config.amazonaws.com', bucketArn),
  ];
}

/**
 * Lets principals of the reader accounts (security, for investigations) list and read the logs,
 * as far as their own IAM policies allow: the same accounts the trail key lets decrypt. Nothing
 * else: no writes, no deletes, no policy or lifecycle changes.
 */
export function readerAccountStatements(bucketArn: string, readerAccountIds: readonly string[]): PolicyStatement[] {
  if (readerAccountIds.length === 0) return [];
  return [
    {
      Sid: 'AllowReaderAccountsToReadLogs',
      Effect: 'Allow',
      Principal: { AWS: [...readerAccountIds].sort().map((id) => `arn:${PARTITION}:iam::${id}:root`) },
      Action: ['s3:GetBucketLocation', 's3:ListBucket', 's3:GetObject'],
      Resource: [bucketArn, `${bucketArn}/*`],
    },
  ];
}
