import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { arn } from '../core/arn';
import { policyJson } from '../core/policy-document';

export interface RemediationTriggerRoleProps {
  readonly roleName: string;
  /** The security account's remediation function role, the only principal that may assume this role. */
  readonly functionRoleArn: string;
  readonly organizationId: string;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The role the security account's Security Hub remediation function assumes in a member account
 * (organization mode) to start the baseline's Config remediations there, and nothing else. Its
 * trust names the function's role by `aws:PrincipalArn` (with the security account as principal,
 * so the member can be deployed before the security account creates that role) and requires the
 * caller to be in the organization.
 */
export class RemediationTriggerRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: RemediationTriggerRoleProps) {
    super(scope, id);
    const { provider } = props;
    const functionAccount = props.functionRoleArn.split(':')[4];
    this.role = new IamRole(this, 'role', {
      provider,
      name: props.roleName,
      description: "Lets the security account's Security Hub remediation function start this account's baseline remediations",
      assumeRolePolicy: policyJson([
        {
          Sid: 'SecurityHubRemediationFunction',
          Effect: 'Allow',
          Principal: { AWS: arn.accountRoot(functionAccount) },
          Action: 'sts:AssumeRole',
          Condition: {
            ArnEquals: { 'aws:PrincipalArn': props.functionRoleArn },
            StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          },
        },
      ]),
    });
    new IamRolePolicy(this, 'policy', {
      provider,
      name: 'start-baseline-remediations',
      role: this.role.name,
      policy: policyJson([
        {
          Sid: 'StartBaselineRemediations',
          Effect: 'Allow',
          Action: 'config:StartRemediationExecution',
          // No resource-level permissions for this action (IAM accepts only "*"); the role acts in its own account only.
          Resource: '*',
        },
      ]),
    });
  }
}
