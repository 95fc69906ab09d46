/**
 * The least-privilege policy of one account's deployment role, rendered from the permission table
 * (modules/catalogs/deployment-permissions.ts) for that account's names, and cut into managed
 * policies that fit IAM's size limit; its trust policy; and what the role may do with its own
 * state. Plain data: the bootstrap stack attaches it, and the bootstrap writes it out as JSON for
 * the accounts whose role is created by other means.
 */
import {
  deploymentNamePatterns,
  deploymentPolicyName,
  deploymentRoleName,
  governedByControlTower,
  controlTowerNames,
} from '../../config/names';
import type { AccountConfig, OrganizationConfig, StateBackendConfig } from '../../config/schema';
import {
  ANY_RESOURCE,
  DEPLOYMENT_PERMISSIONS,
  type DeploymentAccount,
  type DeploymentPermission,
  type DeploymentScope,
} from '../catalogs/deployment-permissions';
import { BASELINE_RECORDER_NAME } from '../compliance/config-recording';
import { arn, PARTITION } from '../core/arn';
import type { PolicyConditions, PolicyDocument, PolicyPrincipal, PolicyStatement } from '../core/policy-document';
import { BASELINE_TRUSTED_ACCESS } from '../organization/delegated-administrators';

/** IAM's limit on a customer managed policy, in characters without whitespace (the minified JSON). */
export const MANAGED_POLICY_MAX_CHARACTERS = 6144;
/** IAM's default quota of managed policies attached to one role. */
export const MAX_ATTACHED_MANAGED_POLICIES = 10;

type S3Backend = Extract<StateBackendConfig, { type: 's3' }>;

/** What one account's names make of the table's patterns. */
export function deploymentScope(org: OrganizationConfig, account: AccountConfig): DeploymentScope {
  const organization = org.mode === 'organization' ? org.organization : undefined;
  const management = org.accounts.find((a) => a.role === 'management');
  const security = org.accounts.find((a) => a.role === 'security');
  const baselinePrincipals = BASELINE_TRUSTED_ACCESS.map((p) => p.principal);
  const controlTowerLogGroup = account.role === 'management' && governedByControlTower(org) ? controlTowerNames(org)?.logGroup : undefined;
  return {
    accountId: account.id,
    names: deploymentNamePatterns(org, account),
    configRecorderNames: [BASELINE_RECORDER_NAME, ...(account.adopt?.configRecorder ? [account.adopt.configRecorder.recorderName] : [])],
    foreignLogGroups: controlTowerLogGroup && org.mode === 'organization' ? [controlTowerLogGroup] : [],
    organization:
      organization && management && security
        ? {
            id: organization.id,
            managementAccountId: management.id,
            rootId: organization.rootId,
            delegatedAdministratorId: security.id,
            delegatedServicePrincipals: baselinePrincipals,
            designationPrincipals: BASELINE_TRUSTED_ACCESS.filter((p) => p.enabledBy === 'designation').map((p) => p.principal),
            managedTrustedAccessPrincipals: [
              ...new Set([...(organization.manageOrganization?.keepServicePrincipals ?? []), ...baselinePrincipals]),
            ].sort(),
          }
        : undefined,
  };
}

/** The table's rows the account needs: all in standalone mode but the organization's; by role in organization mode. */
export function deploymentPermissionsFor(org: OrganizationConfig, account: AccountConfig): DeploymentPermission[] {
  const kinds = new Set<DeploymentAccount>();
  if (org.mode === 'organization') {
    if (account.role === 'management') kinds.add('management');
    if (account.role === 'management' && org.organization?.manageOrganization) kinds.add('organization-manager');
    if (account.role === 'security') kinds.add('delegated-administrator');
  }
  return DEPLOYMENT_PERMISSIONS.filter((row) => !row.accounts || row.accounts.some((kind) => kinds.has(kind)));
}

export interface DeploymentPolicyOptions {
  /** The state backend's bucket, which no deployment role may reconfigure. @default none (another backend) */
  readonly stateBucket?: string;
}

/**
 * Every statement of the account's deployment policy: two explicit denies (the role may not
 * change itself, nor the state bucket), then one statement per row of the table.
 */
export function deploymentStatements(
  org: OrganizationConfig,
  account: AccountConfig,
  options: DeploymentPolicyOptions = {},
): PolicyStatement[] {
  const scope = deploymentScope(org, account);
  const roleName = deploymentRoleName(org, account);
  const denies: PolicyStatement[] = [
    {
      // Its permissions are the bootstrap's to change (applied by an administrator), never its own.
      Sid: 'DenyChangingThisRole',
      Effect: 'Deny',
      Action: [
        'iam:PutRolePolicy',
        'iam:DeleteRolePolicy',
        'iam:AttachRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:DeleteRolePermissionsBoundary',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:DeleteRole',
      ],
      Resource: arn.iamRole(account.id, roleName),
    },
    {
      Sid: 'DenyChangingThisRolesPolicies',
      Effect: 'Deny',
      Action: [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:TagPolicy',
        'iam:UntagPolicy',
        'iam:DeletePolicy',
      ],
      Resource: `arn:${PARTITION}:iam::${account.id}:policy/${deploymentPolicyName(roleName, '*')}`,
    },
  ];
  if (options.stateBucket) {
    denies.push({
      // Bucket settings only (its ARN has no object key): objects are governed by the bucket policy.
      Sid: 'DenyChangingTheStateBucket',
      Effect: 'Deny',
      Action: [
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:PutBucketPolicy',
        's3:PutBucketVersioning',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketOwnershipControls',
        's3:PutBucketAcl',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
        's3:PutReplicationConfiguration',
      ],
      Resource: arn.s3Bucket(options.stateBucket),
    });
  }
  const rows = deploymentPermissionsFor(org, account).flatMap((row): PolicyStatement[] => {
    const resources = row.resources === ANY_RESOURCE ? ANY_RESOURCE : row.resources(scope);
    if (resources.length === 0) return [];
    return [
      {
        Sid: row.sid,
        Effect: 'Allow',
        Action: row.actions,
        Resource: resources,
        ...(row.conditions ? { Condition: row.conditions(scope) } : {}),
      },
    ];
  });
  return [...denies, ...rows];
}

/** A managed policy of a deployment role: its name and document. */
export interface ManagedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/**
 * The statements as few managed policies as fit IAM's size limit, in order (a statement is never
 * split); an error when they would need more than a role may have attached.
 */
export function asManagedPolicies(roleName: string, statements: readonly PolicyStatement[]): ManagedPolicy[] {
  const documents: PolicyStatement[][] = [];
  for (const statement of statements) {
    const current = documents.at(-1);
    if (current && minifiedLength([...current, statement]) <= MANAGED_POLICY_MAX_CHARACTERS) current.push(statement);
    else if (minifiedLength([statement]) > MANAGED_POLICY_MAX_CHARACTERS) {
      throw new Error(
        `statement ${statement.Sid} alone is larger than a managed policy may be (${MANAGED_POLICY_MAX_CHARACTERS} characters)`,
      );
    } else documents.push([statement]);
  }
  if (documents.length > MAX_ATTACHED_MANAGED_POLICIES) {
    throw new Error(
      `the deployment policy needs ${documents.length} managed policies; a role may have ${MAX_ATTACHED_MANAGED_POLICIES} attached`,
    );
  }
  return documents.map((Statement, i) => ({ name: deploymentPolicyName(roleName, i + 1), document: { Version: '2012-10-17', Statement } }));
}

function minifiedLength(statements: readonly PolicyStatement[]): number {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }).length;
}

/** Who a resource or trust policy statement names: a Principal, and a condition that narrows it. */
export interface PrincipalGrant {
  /** Tells the two kinds apart in Sids: `Accounts` or `Principals`. */
  readonly kind: 'Accounts' | 'Principals';
  readonly Principal: PolicyPrincipal;
  readonly Condition?: PolicyConditions;
}

/**
 * How a policy names `principals` (IAM ARNs): account roots as they are (the account's IAM policies
 * then decide); roles and users through their accounts, narrowed by `aws:PrincipalArn`, so the
 * policy is valid before they exist (IAM and S3 reject a policy naming a principal that does not)
 * and still applies after one is deleted and created again.
 */
export function principalGrants(principals: readonly string[]): PrincipalGrant[] {
  const roots = principals.filter((p) => p.endsWith(':root'));
  const named = principals.filter((p) => !p.endsWith(':root'));
  const accountsOfNamed = [...new Set(named.map((p) => arn.accountRoot(p.split(':')[4])))];
  return [
    ...(roots.length > 0 ? [{ kind: 'Accounts' as const, Principal: { AWS: roots } }] : []),
    ...(named.length > 0
      ? [{ kind: 'Principals' as const, Principal: { AWS: accountsOfNamed }, Condition: { ArnEquals: { 'aws:PrincipalArn': named } } }]
      : []),
  ];
}

/** Who may assume a deployment role: the deployers, with sts:AssumeRole only. */
export function deploymentTrustPolicy(deployers: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: principalGrants(deployers).map(({ kind, ...grant }) => ({
      Sid: `Deployer${kind}AssumeThisRole`,
      Effect: 'Allow',
      ...grant,
      Action: 'sts:AssumeRole',
    })),
  };
}

/** The state object and its lock, of the stack whose state lives at `stateKey`. */
export function stateObjectArns(bucket: string, stateKey: string): string[] {
  return [`${arn.s3Bucket(bucket)}/${stateKey}`, `${arn.s3Bucket(bucket)}/${stateKey}.tflock`];
}

/** Every account stack's state: `<keyPrefix>/<account>/terraform.tfstate` (not the bootstrap's own). */
export function accountStatesKeyPattern(backend: S3Backend): string {
  return `${backend.keyPrefix}/*/terraform.tfstate`;
}

/**
 * What a principal needs in its own IAM policy to use states in the bucket (S3 backend): list
 * under the keys, read and write the states and their locks, and use the bucket's KMS key when
 * one is configured. `stateKey`: one stack's state, or a pattern (accountStatesKeyPattern).
 */
export function stateAccessStatements(backend: S3Backend, stateKey: string, keyAccountId: string): PolicyStatement[] {
  const kms = backend.kmsKeyId ? [stateKeyStatement(backend.kmsKeyId, backend.region, keyAccountId)] : [];
  return [
    {
      Sid: 'ListStates',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: arn.s3Bucket(backend.bucket),
      Condition: { StringLike: { 's3:prefix': stateKey } },
    },
    {
      Sid: 'ReadAndWriteStates',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: stateObjectArns(backend.bucket, stateKey),
    },
    ...kms,
  ];
}

/** The state's KMS key by ARN, by alias (matched on the key's aliases), or by id (in the bucket's region and account). */
function stateKeyStatement(kmsKeyId: string, region: string, accountId: string): PolicyStatement {
  const base = { Sid: 'UseTheStateKey', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'] } as const;
  const alias = /^(arn:[^:]+:kms:[^:]+:\d{12}:)?(alias\/.+)$/.exec(kmsKeyId);
  if (alias) {
    return {
      ...base,
      Resource: `arn:${PARTITION}:kms:*:*:key/*`,
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias[2] } },
    };
  }
  return { ...base, Resource: kmsKeyId.startsWith('arn:') ? kmsKeyId : `arn:${PARTITION}:kms:${region}:${accountId}:key/${kmsKeyId}` };
}
