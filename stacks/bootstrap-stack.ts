import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { accountsWithBootstrappedRoles, bootstrapAccount, deployerPrincipalArns, stateAccessPrincipalArns } from '../config/bootstrap';
import { BOOTSTRAP_NAME, bootstrapStateKey, bootstrapWorkspaceName, deploymentRoleName, stateKey } from '../config/names';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { baselineTags } from '../config/tags';
import {
  asManagedPolicies,
  deploymentStatements,
  deploymentTrustPolicy,
  type ManagedPolicy,
  accountStatesKeyPattern,
  stateAccessStatements,
} from '../modules/bootstrap/deployment-policy';
import { DeploymentRole } from '../modules/bootstrap/deployment-role';
import { StateBucket } from '../modules/bootstrap/state-bucket';
import { arn } from '../modules/core/arn';
import { BaselineVersion } from '../modules/core/baseline-version';
import type { PolicyDocument, PolicyStatement } from '../modules/core/policy-document';

/**
 * Where the bootstrap keeps its own state: `local` (a file; always possible, and the first apply
 * of an `s3` organization must be local: its bucket does not exist yet), or, once it exists, the
 * organization's own backend (`s3`: `<keyPrefix>/bootstrap.tfstate` in the bucket it created;
 * `cloud`: a workspace named by `workspaceNamePattern` with `bootstrap` for the account).
 */
export const BOOTSTRAP_BACKENDS = ['local', 's3', 'cloud'] as const;
export type BootstrapBackend = (typeof BOOTSTRAP_BACKENDS)[number];

/** The policies of every account's deployment role, beside the bootstrap's configuration. */
export const DEPLOYMENT_ROLE_POLICY_FILE = 'deployment-role-policy.json';

/** One account's deployment role as the bootstrap creates it, or as it must be created by other means. */
export interface DeploymentRoleDefinition {
  readonly accountId: string;
  readonly roleName: string;
  readonly roleArn: string;
  /** Whether the bootstrap creates it (its own account; every account with bootstrap.createMemberDeploymentRoles). */
  readonly createdByTheBootstrap: boolean;
  readonly trustPolicy: PolicyDocument;
  readonly managedPolicies: readonly ManagedPolicy[];
  /** Its own state (the bootstrap account's role, with the S3 backend); an inline policy. */
  readonly stateStatements: readonly PolicyStatement[];
}

/** The deployment role of `account`: its trust, its least-privilege policy cut into managed policies, its state. */
export function deploymentRoleDefinition(org: OrganizationConfig, account: AccountConfig): DeploymentRoleDefinition {
  const backend = org.stateBackend;
  const roleName = deploymentRoleName(org, account);
  const own = bootstrapAccount(org);
  const statements = deploymentStatements(org, account, { stateBucket: backend.type === 's3' ? backend.bucket : undefined });
  return {
    accountId: account.id,
    roleName,
    roleArn: arn.iamRole(account.id, roleName),
    createdByTheBootstrap: accountsWithBootstrappedRoles(org).includes(account),
    trustPolicy: deploymentTrustPolicy(deployerPrincipalArns(org)),
    managedPolicies: asManagedPolicies(roleName, statements),
    stateStatements: backend.type === 's3' && account === own ? stateAccessStatements(backend, stateKey(backend, account), own.id) : [],
  };
}

export interface BootstrapStackProps {
  /** A validated organization whose bootstrapProblems are none. */
  readonly org: OrganizationConfig;
  /** @default 'local' */
  readonly backend?: BootstrapBackend;
}

/**
 * What the first apply of the account stacks needs and they must not own in their own state,
 * applied by hand with the bootstrap account's administrator credentials (no role to assume: it
 * creates the role): the state bucket (S3 backend) and that account's deployment role, with
 * bootstrap.createMemberDeploymentRoles the other accounts' too (through their
 * `memberAccessRoleName`). One state of its own, beside the account stacks'.
 */
export class BootstrapStack extends TerraformStack {
  readonly roles: readonly DeploymentRole[];
  readonly stateBucket?: StateBucket;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_NAME);
    new BaselineVersion(this, 'security-baseline-version');
    const { org } = props;
    const backend = org.stateBackend;
    const own = bootstrapAccount(org);
    configureBootstrapBackend(this, org, props.backend ?? 'local');
    const tagsFor = (account: AccountConfig) => [{ tags: { ...org.tags, ...baselineTags(org.namePrefix, account.name) } }];
    // The bucket's region; IAM, all the rest, is global.
    const provider = new AwsProvider(this, 'aws', {
      region: backend.type === 's3' ? backend.region : org.homeRegion,
      allowedAccountIds: [own.id],
      defaultTags: tagsFor(own),
    });

    const roleAccounts = accountsWithBootstrappedRoles(org);
    this.roles = roleAccounts.map((account) => {
      const definition = deploymentRoleDefinition(org, account);
      const memberProvider =
        account === own
          ? provider
          : new AwsProvider(this, `aws-${account.name}`, {
              alias: account.name,
              region: org.homeRegion,
              allowedAccountIds: [account.id],
              assumeRole: [
                { roleArn: arn.iamRole(account.id, org.bootstrap.memberAccessRoleName), sessionName: 'security-baseline-bootstrap' },
              ],
              defaultTags: tagsFor(account),
            });
      return new DeploymentRole(this, `deployment-role-${account.name}`, { ...definition, provider: memberProvider });
    });
    new TerraformOutput(this, 'deployment_role_arns', {
      value: Object.fromEntries(roleAccounts.map((a, i) => [a.name, this.roles[i].roleArn])),
    });

    if (backend.type === 's3') {
      const ownRole = this.roles[0];
      this.stateBucket = new StateBucket(this, 'state-bucket', {
        provider,
        bucketName: backend.bucket,
        keyPrefix: backend.keyPrefix,
        kmsKeyId: backend.kmsKeyId,
        stateWriters: stateAccessPrincipalArns(org),
        ownStateAccess: [{ roleArn: ownRole.roleArn, stateKey: stateKey(backend, own) }],
      });
      new TerraformOutput(this, 'state_bucket', { value: backend.bucket });
    }
  }
}

function configureBootstrapBackend(stack: TerraformStack, org: OrganizationConfig, choice: BootstrapBackend): void {
  const backend = org.stateBackend;
  if (choice === 's3' && backend.type === 's3') {
    new S3Backend(stack, {
      bucket: backend.bucket,
      key: bootstrapStateKey(backend),
      region: backend.region,
      encrypt: true,
      kmsKeyId: backend.kmsKeyId,
    });
    // S3-native locking, as the account stacks (stacks/state-backend.ts).
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  } else if (choice === 'cloud' && backend.type === 'cloud') {
    new CloudBackend(stack, {
      organization: backend.organization,
      hostname: backend.hostname,
      workspaces: new NamedCloudWorkspace(bootstrapWorkspaceName(org, backend), backend.project),
    });
  } else if (choice === 'local') {
    // With the local backend, beside the account states (their directory is relative to cdktf.out/stacks/<account>).
    const directory = backend.type === 'local' ? backend.directory : undefined;
    const where =
      directory && !path.isAbsolute(directory)
        ? path.posix.relative(BOOTSTRAP_NAME, path.posix.join('stacks', 'account', directory))
        : directory;
    new LocalBackend(stack, { path: where ? `${where}/${BOOTSTRAP_NAME}.tfstate` : `${BOOTSTRAP_NAME}.tfstate` });
  } else {
    throw new Error(`the ${choice} backend needs stateBackend.type "${choice}" (the organization's is "${backend.type}")`);
  }
}

export interface BootstrapSynthesisOptions {
  /** Written to `<outdir>/bootstrap`. */
  readonly outdir: string;
  /** @default 'local' */
  readonly backend?: BootstrapBackend;
}

/** What one bootstrap synthesis wrote. */
export interface BootstrapOutput {
  /** `<outdir>/bootstrap`: a Terraform working directory. */
  readonly directory: string;
  /** Resources the configuration declares. */
  readonly resources: number;
  /** The accounts whose deployment role it creates. */
  readonly roleAccounts: readonly string[];
}

/**
 * Writes the bootstrap's Terraform configuration (`cdk.tf.json`) and every account's deployment
 * role policy (DEPLOYMENT_ROLE_POLICY_FILE) into `<outdir>/bootstrap`. The stack is synthesized
 * by cdktf in a directory of its own and only its configuration moved there: nothing is added to
 * `<outdir>/stacks` or to the manifest, so the account-stack commands never see it. Call only
 * with an organization whose bootstrapProblems are none.
 */
export function synthesizeBootstrap(org: OrganizationConfig, options: BootstrapSynthesisOptions): BootstrapOutput {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'security-baseline-bootstrap-'));
  try {
    const app = new App({ outdir: staging, stackTraces: false });
    new BootstrapStack(app, { org, backend: options.backend });
    app.synth();
    const configuration = fs.readFileSync(path.join(staging, app.manifest.stacks[BOOTSTRAP_NAME].synthesizedStackPath), 'utf8');
    const policies = `${JSON.stringify(deploymentRolePolicies(org), null, 2)}\n`;
    const directory = path.join(options.outdir, BOOTSTRAP_NAME);
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(path.join(directory, 'cdk.tf.json'), configuration);
    fs.writeFileSync(path.join(directory, DEPLOYMENT_ROLE_POLICY_FILE), policies);
    const declared: Record<string, object> = JSON.parse(configuration).resource ?? {};
    return {
      directory,
      resources: Object.values(declared).reduce((n, byId) => n + Object.keys(byId).length, 0),
      roleAccounts: accountsWithBootstrappedRoles(org).map((a) => a.name),
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The contents of DEPLOYMENT_ROLE_POLICY_FILE: every account's role, keyed by account name, in config order. */
export function deploymentRolePolicies(org: OrganizationConfig): object {
  const backend = org.stateBackend;
  return {
    description:
      'The deployment role of every account: trust and least-privilege policy (npm run bootstrap; docs/bootstrap.md). ' +
      'Roles with createdByTheBootstrap false must be created by other means, such as a StackSet or the commands in docs/bootstrap.md.',
    accounts: Object.fromEntries(
      org.accounts.map((account) => {
        const { stateStatements, ...definition } = deploymentRoleDefinition(org, account);
        return [account.name, { ...definition, ...(stateStatements.length > 0 ? { stateStatements } : {}) }];
      }),
    ),
    ...(backend.type === 's3'
      ? {
          // What the bucket policy grants needs the same in the writers' own IAM policies.
          stateWriters: {
            principals: stateAccessPrincipalArns(org),
            identityStatements: stateAccessStatements(backend, accountStatesKeyPattern(backend), bootstrapAccount(org).id),
          },
        }
      : {}),
  };
}
