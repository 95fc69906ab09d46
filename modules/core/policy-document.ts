/**
 * IAM policy documents as typed data. Policies are rendered to JSON at synth time rather than
 * through `aws_iam_policy_document` data sources: the statements are then visible, and testable,
 * in the synthesized output itself, and no data source has to be read to plan.
 */

export type PolicyPrincipal = '*' | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[] };

/** Condition operator → condition key → value(s), exactly as IAM takes them. */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
  /** Names the statement's purpose; tests and reviewers find statements by it. */
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  /** Only in resource policies (key, bucket, trust policies). */
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Renders statements as a policy document (JSON). */
export function policyJson(statements: readonly PolicyStatement[]): string {
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  return JSON.stringify(document);
}

/**
 * Where a service says it sends the confused-deputy keys when it assumes a role. Services not
 * listed here either do not send them (CloudTrail documents its CloudWatch Logs role as "not
 * applicable") or do not document them (Lambda, AWS Chatbot, EventBridge rule targets): a
 * `StringEquals` on a key that is absent never matches, so conditioning those roles would break
 * them (Lambda rejects the function at create; EventBridge drops events silently). Their roles
 * are instead protected by `iam:PassRole` and by granting only what the service needs.
 */
export const SERVICES_SENDING_SOURCE_KEYS = ['ssm.amazonaws.com'] as const;

/**
 * A trust policy letting one AWS service assume a role. For services that send them
 * (SERVICES_SENDING_SOURCE_KEYS) the role is only assumable on behalf of `sourceAccount`;
 * for the others `sourceAccount` must be omitted.
 */
export function serviceTrustPolicy(service: string, sourceAccount?: string): string {
  const sendsSourceKeys = (SERVICES_SENDING_SOURCE_KEYS as readonly string[]).includes(service);
  if (sendsSourceKeys !== (sourceAccount !== undefined)) {
    throw new Error(
      sendsSourceKeys
        ? `${service} sends aws:SourceAccount: give its trust policy the account`
        : `${service} does not document aws:SourceAccount on AssumeRole: a condition on it would never match`,
    );
  }
  return policyJson([
    {
      Sid: 'AllowServiceToAssumeRole',
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      ...(sourceAccount ? { Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } } } : {}),
    },
  ]);
}
