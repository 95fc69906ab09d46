import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { arn } from '../core/arn';
import { policyJson, type PolicyDocument, type PolicyStatement } from '../core/policy-document';
import type { ManagedPolicy } from './deployment-policy';

export interface DeploymentRoleProps {
  readonly accountId: string;
  /** The account's `deploymentRoleName`: the role every provider of its stack assumes. */
  readonly roleName: string;
  /** Who may assume it (deploymentTrustPolicy). */
  readonly trustPolicy: PolicyDocument;
  /** Its permissions, as asManagedPolicies cuts them. */
  readonly managedPolicies: readonly ManagedPolicy[];
  /** What it may do with its own account stack's state (stateAccessStatements), as an inline policy. @default nothing */
  readonly stateStatements?: readonly PolicyStatement[];
  /** Longest session, in seconds: an apply of a large stack may take a while. @default 3600 */
  readonly maxSessionDuration?: number;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The role Terraform assumes in one account to deploy its baseline: trusted by the deployers
 * only, with the least-privilege deployment policy as managed policies of its own (not AWS
 * managed ones, whose contents change), and optionally its own state.
 */
export class DeploymentRole extends Construct {
  readonly role: IamRole;
  /** Known from the name alone, so policies can name the role before it exists. */
  readonly roleArn: string;

  constructor(scope: Construct, id: string, props: DeploymentRoleProps) {
    super(scope, id);
    const provider = props.provider;
    this.roleArn = arn.iamRole(props.accountId, props.roleName);
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.roleName,
      description: 'Deploys the security baseline (created by npm run bootstrap)',
      assumeRolePolicy: JSON.stringify(props.trustPolicy),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
    });
    props.managedPolicies.forEach((managed, i) => {
      const policy = new IamPolicy(this, `policy-${i + 1}`, {
        provider,
        name: managed.name,
        description: `Security baseline deployment permissions, part ${i + 1} of ${props.managedPolicies.length}`,
        policy: JSON.stringify(managed.document),
      });
      new IamRolePolicyAttachment(this, `attachment-${i + 1}`, { provider, role: this.role.name, policyArn: policy.arn });
    });
    if (props.stateStatements && props.stateStatements.length > 0) {
      new IamRolePolicy(this, 'state-policy', {
        provider,
        name: 'own-terraform-state',
        role: this.role.name,
        policy: policyJson(props.stateStatements),
      });
    }
  }
}
