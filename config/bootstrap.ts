/**
 * What the bootstrap (`npm run bootstrap`, stacks/bootstrap-stack.ts) reads from the organization
 * file: the account it is applied in, who deploys, and which accounts get a deployment role from
 * it. `bootstrapProblems` checks what the schema cannot: the fields that name accounts.
 */
import type { ConfigProblem } from './load';
import { BOOTSTRAP_NAME, deploymentRoleName } from './names';
import type { AccountConfig, OrganizationConfig } from './schema';
import { arn } from '../modules/core/arn';
import { someOf } from './schema/cross-checks';
import { didYouMean } from './suggestions';

/** Everything that keeps the bootstrap from being built for `org` (an empty list: it can be). */
export function bootstrapProblems(org: OrganizationConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { bootstrap } = org;
  const names = org.accounts.map((a) => a.name);
  if (bootstrap.account !== undefined && !names.includes(bootstrap.account)) {
    problems.push({
      field: 'bootstrap.account',
      value: bootstrap.account,
      message: `must be the name of one of the accounts: ${someOf(names)}${didYouMean(bootstrap.account, names)}`,
    });
  }
  if (bootstrap.account === undefined && !org.accounts.some((a) => a.role === 'management')) {
    problems.push({
      field: 'bootstrap.account',
      value: undefined,
      message: `is required when no account has role "management": name the account the bootstrap is applied in (${someOf(names)})`,
    });
  }
  const target = findBootstrapAccount(org);
  if (bootstrap.createMemberDeploymentRoles && target) {
    org.accounts.forEach((account, index) => {
      if (account === target) return;
      if (org.mode === 'organization' && account.role === 'management') {
        problems.push({
          field: 'bootstrap.account',
          value: bootstrap.account,
          message: `must be the management account (${account.name}) when bootstrap.createMemberDeploymentRoles is on: Organizations creates no ${bootstrap.memberAccessRoleName} there to reach it through`,
        });
      } else if (deploymentRoleName(org, account) === bootstrap.memberAccessRoleName) {
        problems.push({
          field: account.deploymentRoleName ? `accounts[${index}].deploymentRoleName` : 'deploymentRoleName',
          value: deploymentRoleName(org, account),
          message:
            `is the role the bootstrap reaches ${account.name} through (bootstrap.memberAccessRoleName), so it cannot also be the one it creates there: ` +
            'name the least-privilege role differently, such as "SecurityBaselineDeployer", or switch bootstrap.createMemberDeploymentRoles off',
        });
      }
    });
  }
  // The local and cloud backends keep the bootstrap's state beside the accounts', under its name.
  if (org.stateBackend.type !== 's3') {
    org.accounts.forEach((account, index) => {
      if (account.name !== BOOTSTRAP_NAME) return;
      problems.push({
        field: `accounts[${index}].name`,
        value: account.name,
        message: `is the name the bootstrap keeps its own state under with the ${org.stateBackend.type} backend: rename the account`,
      });
    });
  }
  return problems;
}

/** The account the bootstrap is applied in (call after bootstrapProblems found none). */
export function bootstrapAccount(org: OrganizationConfig): AccountConfig {
  const account = findBootstrapAccount(org);
  if (!account) throw new Error('no bootstrap account: check bootstrapProblems first');
  return account;
}

function findBootstrapAccount(org: OrganizationConfig): AccountConfig | undefined {
  const wanted = org.bootstrap.account;
  return wanted === undefined ? org.accounts.find((a) => a.role === 'management') : org.accounts.find((a) => a.name === wanted);
}

/** The principals the deployment roles trust: as configured, else the bootstrap account (its IAM policies decide). */
export function deployerPrincipalArns(org: OrganizationConfig): readonly string[] {
  return org.bootstrap.deployerPrincipalArns ?? [arn.accountRoot(bootstrapAccount(org).id)];
}

/** Who reads and writes the account stacks' state objects: the backend's `roleArn` when set, else the deployers. */
export function stateAccessPrincipalArns(org: OrganizationConfig): readonly string[] {
  const backend = org.stateBackend;
  return backend.type === 's3' && backend.roleArn ? [backend.roleArn] : deployerPrincipalArns(org);
}

/** The accounts whose deployment role the bootstrap creates: its own, and with createMemberDeploymentRoles every other. */
export function accountsWithBootstrappedRoles(org: OrganizationConfig): readonly AccountConfig[] {
  const own = bootstrapAccount(org);
  return org.bootstrap.createMemberDeploymentRoles ? [own, ...org.accounts.filter((a) => a !== own)] : [own];
}
