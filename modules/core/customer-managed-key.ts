import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { arn } from './arn';
import { policyJson, type PolicyStatement } from './policy-document';

export interface CustomerManagedKeyProps {
  /** Account that owns the key; its IAM policies administer it. */
  readonly accountId: string;
  /** Alias, including the `alias/` prefix. */
  readonly alias: string;
  readonly description: string;
  /** Grants to the services and principals that use the key. @default none */
  readonly policyStatements?: readonly PolicyStatement[];
  /** Waiting period before a scheduled deletion takes effect (7-30). @default 30 */
  readonly deletionWindowInDays?: number;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A symmetric customer-managed KMS key: yearly rotation (CIS 3.6), the longest deletion window,
 * an alias, protection from `terraform destroy`, and a key policy that leaves administration to
 * the account's IAM policies plus the grants it is given.
 */
export class CustomerManagedKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  readonly aliasName: string;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      provider: props.provider,
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: policyJson([
        {
          // Without it the key becomes unmanageable; access is then governed by the account's IAM policies.
          Sid: 'EnableAccountIamPolicies',
          Effect: 'Allow',
          Principal: { AWS: arn.accountRoot(props.accountId) },
          Action: 'kms:*',
          Resource: '*',
        },
        ...(props.policyStatements ?? []),
      ]),
      lifecycle: { preventDestroy: true },
    });
    const alias = new KmsAlias(this, 'alias', {
      provider: props.provider,
      name: props.alias,
      targetKeyId: this.key.keyId,
    });
    this.keyArn = this.key.arn;
    this.aliasName = alias.name;
  }
}
