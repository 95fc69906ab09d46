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

/** A trust policy letting one AWS service assume a role, only on behalf of the given account (and source). */
export function serviceTrustPolicy(service: string, sourceAccount: string, sourceArn?: string): string {
  return policyJson([
    {
      Sid: 'AllowServiceToAssumeRole',
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': sourceAccount, ...(sourceArn ? { 'aws:SourceArn': sourceArn } : {}) },
      },
    },
  ]);
}
