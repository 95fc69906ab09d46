/**
 * Test-only: the policies an account stack of the example organization really synthesizes, and
 * the resources they are meant for (the trail, the buckets logging into the access-log bucket, the
 * alarms and rules notifying the topic), found by following the wiring in the synthesized JSON.
 * Policy simulations take their policies and their requests from here, so they test what would be
 * deployed.
 */
import { Testing } from 'cdktf';
import { AccountBaselineStack } from '../../stacks/account-baseline-stack';
import { exampleOrg, regionOf, resourcesOfType, synthStack, type StackJson } from './synth';

export interface SynthesizedAccount {
  readonly accountId: string;
  readonly homeRegion: string;
  /** Another account of the same organization: the closest outsider there is. */
  readonly otherAccountId: string;
  readonly stack: AccountBaselineStack;
  readonly json: StackJson;
}

/** Synthesizes the account stack `accountName` of the example organization. */
export function synthesizeExampleAccount(accountName: string): SynthesizedAccount {
  const org = exampleOrg();
  const account = org.accounts.find((a) => a.name === accountName);
  if (!account) throw new Error(`no account ${accountName} in the example organization`);
  const other = org.accounts.find((a) => a.id !== account.id);
  if (!other) throw new Error('the example organization needs a second account');
  const stack = new AccountBaselineStack(Testing.app(), { org, account });
  return { accountId: account.id, homeRegion: org.homeRegion, otherAccountId: other.id, stack, json: synthStack(stack) };
}

/** [logical id, body] of every resource of `type`. */
export function entriesOfType(json: StackJson, type: string): [string, any][] {
  return Object.entries(resourcesOfType(json, type));
}

/** The body of the resource a `${type.id.attribute}` reference points at, and its logical id. */
export function referencedResource(json: StackJson, reference: string): { type: string; id: string; body: any } {
  const match = /^\$\{([a-z0-9_]+)\.([^.}]+)\.[a-z_]+\}$/.exec(reference);
  if (!match) throw new Error(`${reference} is not a reference to a resource attribute`);
  const [, type, id] = match;
  const body = resourcesOfType(json, type)[id];
  if (!body) throw new Error(`${reference} points at no resource`);
  return { type, id, body };
}

/** A literal string from the synthesized JSON (fails on an unresolved reference). */
export function literal(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.includes('${')) throw new Error(`${what} is not a literal string: ${JSON.stringify(value)}`);
  return value;
}

/** The synthesized policy of the bucket named `bucketName`. */
export function bucketPolicyOf(json: StackJson, bucketName: string): string {
  return bucketPolicyResourceOf(json, bucketName).body.policy;
}

/** The `aws_s3_bucket_policy` of the bucket named `bucketName`: its address and body. */
export function bucketPolicyResourceOf(json: StackJson, bucketName: string): { address: string; body: any } {
  const buckets = entriesOfType(json, 'aws_s3_bucket').filter(([, b]) => b.bucket === bucketName);
  if (buckets.length !== 1) throw new Error(`expected one bucket ${bucketName}, found ${buckets.length}`);
  const reference = `\${aws_s3_bucket.${buckets[0][0]}.id}`;
  const policies = entriesOfType(json, 'aws_s3_bucket_policy').filter(([, p]) => p.bucket === reference);
  if (policies.length !== 1) throw new Error(`expected one policy for bucket ${bucketName}, found ${policies.length}`);
  return { address: `aws_s3_bucket_policy.${policies[0][0]}`, body: policies[0][1] };
}

/** The account's trail: its ARN (as CloudTrail sends it in aws:SourceArn) and the bucket it delivers to. */
export function trailOf(account: SynthesizedAccount): { arn: string; bucketName: string; body: any } {
  const trails = entriesOfType(account.json, 'aws_cloudtrail');
  if (trails.length !== 1) throw new Error(`expected one trail, found ${trails.length}`);
  const body = trails[0][1];
  const region = regionOf(account.json, body);
  return {
    arn: `arn:aws:cloudtrail:${region}:${account.accountId}:trail/${literal(body.name, 'trail name')}`,
    bucketName: literal(body.s3_bucket_name, 'trail bucket'),
    body,
  };
}

/** The notification topic: its ARN, its policy and the reference alarms and targets use for it. */
export function topicOf(account: SynthesizedAccount): { arn: string; policy: string; reference: string; logicalId: string; body: any } {
  const topics = entriesOfType(account.json, 'aws_sns_topic');
  if (topics.length !== 1) throw new Error(`expected one topic, found ${topics.length}`);
  const [logicalId, body] = topics[0];
  const reference = `\${aws_sns_topic.${logicalId}.arn}`;
  const policies = entriesOfType(account.json, 'aws_sns_topic_policy').filter(([, p]) => p.arn === reference);
  if (policies.length !== 1) throw new Error(`expected one policy for the topic, found ${policies.length}`);
  const arn = `arn:aws:sns:${regionOf(account.json, body)}:${account.accountId}:${literal(body.name, 'topic name')}`;
  return { arn, policy: policies[0][1].policy, reference, logicalId, body };
}

/** The key policy of the key a resource attribute (such as a topic's `kms_master_key_id`) refers to. */
export function keyPolicyReferencedBy(json: StackJson, reference: string): { policy: string; reference: string; logicalId: string } {
  const key = referencedResource(json, reference);
  if (key.type !== 'aws_kms_key') throw new Error(`${reference} is not a KMS key`);
  return { policy: key.body.policy, reference, logicalId: key.id };
}

/** The ARN of an EventBridge rule from its synthesized body. */
export function eventRuleArn(account: SynthesizedAccount, rule: any): string {
  const bus = rule.event_bus_name === undefined || rule.event_bus_name === 'default' ? '' : `${literal(rule.event_bus_name, 'event bus')}/`;
  return `arn:aws:events:${regionOf(account.json, rule)}:${account.accountId}:rule/${bus}${literal(rule.name, 'rule name')}`;
}

/** A KMS key ARN of `account` in `region`, for requests on a key (the id itself does not matter to the key policy). */
export function keyArnIn(region: string, accountId: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
}
