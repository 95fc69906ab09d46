/**
 * What a deployment role may do, decided by the IAM policy simulator on its attached policies
 * (the managed policies the bootstrap creates, as deploymentRoleDefinition builds them): the
 * baseline's own work on baseline-named resources is allowed; anything else is denied, and its
 * own permissions and the state bucket explicitly so. Its trust: the deployers and nobody else.
 */
import { validateOrganizationConfig } from '../../../config/load';
import type { OrganizationConfig } from '../../../config/schema';
import type { PolicyDocument } from '../../../modules/core/policy-document';
import { deploymentRoleDefinition } from '../../../stacks/bootstrap-stack';
import { type Decision, identityPolicyAllowing, simulate, type SimulatedRequest } from '../../helpers/policy-simulator';
import { organizationModeExample, organizationModeExampleInput } from '../../helpers/synth';

const MANAGEMENT = '111111111111';
const SECURITY = '333333333333';
const WORKLOAD = '444444444444';
const KEY = (account: string) => `arn:aws:kms:eu-west-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** The baseline's key policies leave their keys to the account's IAM policies (modules/core/customer-managed-key.ts). */
const keyPolicy = (account: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnableAccountIamPolicies',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
});

/** The example, with its state bucket named as the management account's baseline buckets are (so only the explicit deny keeps it). */
function exampleWithBaselineNamedStateBucket(): OrganizationConfig {
  const input = organizationModeExampleInput();
  input.stateBackend = { type: 's3', bucket: `acme-state-${MANAGEMENT}-eu-west-1`, region: 'eu-west-1' };
  return validateOrganizationConfig(input);
}

type Case = readonly [string, Omit<SimulatedRequest, 'principal'> & { resourcePolicy?: PolicyDocument }, Decision];

async function decisionFor(org: OrganizationConfig, accountName: string, request: Case[1]): Promise<Decision> {
  const definition = deploymentRoleDefinition(
    org,
    org.accounts.find((a) => a.name === accountName)!,
  );
  const { resourcePolicy, ...rest } = request;
  const identityPolicies = [
    ...definition.managedPolicies.map((p) => p.document),
    ...definition.stateStatements.map((s) => ({ Version: '2012-10-17' as const, Statement: [s] })),
  ];
  return (await simulate({ identityPolicies, resourcePolicy }, { principal: definition.roleArn, ...rest })).decision;
}

describe('the management account deployment role (organization mode)', () => {
  const org = exampleWithBaselineNamedStateBucket();
  const cases: Case[] = [
    [
      'creates the organization trail',
      { action: 'cloudtrail:CreateTrail', resource: `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/acme-org-trail` },
      'Allowed',
    ],
    [
      'puts the policy of its trail bucket',
      { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::acme-cloudtrail-${MANAGEMENT}-eu-west-1`, resourceAccount: MANAGEMENT },
      'Allowed',
    ],
    [
      'creates a baseline role',
      { action: 'iam:CreateRole', resource: `arn:aws:iam::${MANAGEMENT}:role/acme-org-trail-to-cloudwatch-logs` },
      'Allowed',
    ],
    [
      'passes its trail role to CloudTrail',
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${MANAGEMENT}:role/acme-org-trail-to-cloudwatch-logs`,
        context: { 'iam:PassedToService': 'cloudtrail.amazonaws.com' },
      },
      'Allowed',
    ],
    [
      'attaches AWSSupportAccess to the support role',
      {
        action: 'iam:AttachRolePolicy',
        resource: `arn:aws:iam::${MANAGEMENT}:role/acme-aws-support`,
        context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AWSSupportAccess' },
      },
      'Allowed',
    ],
    [
      'registers the security account as Config delegated administrator',
      {
        action: 'organizations:RegisterDelegatedAdministrator',
        resource: `arn:aws:organizations::${MANAGEMENT}:account/o-a1b2c3d4e5/${SECURITY}`,
        context: { 'organizations:ServicePrincipal': 'config.amazonaws.com' },
      },
      'Allowed',
    ],
    [
      'designates the GuardDuty administrator',
      { action: 'guardduty:EnableOrganizationAdminAccount', resource: '*', resourceAccount: MANAGEMENT },
      'Allowed',
    ],
    [
      "schedules the deletion of the baseline's key",
      {
        action: 'kms:ScheduleKeyDeletion',
        resource: KEY(MANAGEMENT),
        context: { 'aws:ResourceTag/BaselinePrefix': 'acme' },
        resourcePolicy: keyPolicy(MANAGEMENT),
      },
      'Allowed',
    ],
    ['creates an IAM user', { action: 'iam:CreateUser', resource: `arn:aws:iam::${MANAGEMENT}:user/acme-operator` }, 'ImplicitlyDenied'],
    [
      'creates a role not named with the prefix',
      { action: 'iam:CreateRole', resource: `arn:aws:iam::${MANAGEMENT}:role/platform-admin` },
      'ImplicitlyDenied',
    ],
    [
      'attaches AdministratorAccess to a baseline role',
      {
        action: 'iam:AttachRolePolicy',
        resource: `arn:aws:iam::${MANAGEMENT}:role/acme-aws-support`,
        context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
      'ImplicitlyDenied',
    ],
    [
      'passes a baseline role to EC2',
      {
        action: 'iam:PassRole',
        resource: `arn:aws:iam::${MANAGEMENT}:role/acme-aws-support`,
        context: { 'iam:PassedToService': 'ec2.amazonaws.com' },
      },
      'ImplicitlyDenied',
    ],
    [
      'widens its own permissions',
      { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${MANAGEMENT}:role/SecurityBaselineDeployer` },
      'ExplicitlyDenied',
    ],
    [
      'rewrites one of its own policies',
      { action: 'iam:CreatePolicyVersion', resource: `arn:aws:iam::${MANAGEMENT}:policy/SecurityBaselineDeployer-permissions-1` },
      'ExplicitlyDenied',
    ],
    [
      'deletes another bucket',
      { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::payments-data', resourceAccount: MANAGEMENT },
      'ImplicitlyDenied',
    ],
    [
      "deletes another account's baseline bucket",
      { action: 's3:DeleteBucket', resource: `arn:aws:s3:::acme-cloudtrail-${WORKLOAD}-eu-west-1`, resourceAccount: WORKLOAD },
      'ImplicitlyDenied',
    ],
    [
      'changes the state bucket, though it is named like a baseline bucket',
      { action: 's3:PutBucketPolicy', resource: `arn:aws:s3:::acme-state-${MANAGEMENT}-eu-west-1`, resourceAccount: MANAGEMENT },
      'ExplicitlyDenied',
    ],
    [
      'runs an instance',
      { action: 'ec2:RunInstances', resource: `arn:aws:ec2:eu-west-1:${MANAGEMENT}:instance/i-0123456789abcdef0` },
      'ImplicitlyDenied',
    ],
    [
      'leaves the organization',
      { action: 'organizations:LeaveOrganization', resource: '*', resourceAccount: MANAGEMENT },
      'ImplicitlyDenied',
    ],
    [
      'registers a workload account as delegated administrator',
      {
        action: 'organizations:RegisterDelegatedAdministrator',
        resource: `arn:aws:organizations::${MANAGEMENT}:account/o-a1b2c3d4e5/${WORKLOAD}`,
        context: { 'organizations:ServicePrincipal': 'config.amazonaws.com' },
      },
      'ImplicitlyDenied',
    ],
    [
      'registers the security account for a service the baseline does not use',
      {
        action: 'organizations:RegisterDelegatedAdministrator',
        resource: `arn:aws:organizations::${MANAGEMENT}:account/o-a1b2c3d4e5/${SECURITY}`,
        context: { 'organizations:ServicePrincipal': 'sso.amazonaws.com' },
      },
      'ImplicitlyDenied',
    ],
    [
      'schedules the deletion of a key the baseline did not create',
      {
        action: 'kms:ScheduleKeyDeletion',
        resource: KEY(MANAGEMENT),
        context: { 'aws:ResourceTag/BaselinePrefix': 'payments' },
        resourcePolicy: keyPolicy(MANAGEMENT),
      },
      'ImplicitlyDenied',
    ],
  ];
  test.each(cases)('%s: %j → %s', async (_what, request, expected) => {
    expect(await decisionFor(org, 'management', request)).toBe(expected);
  });
});

describe('a member account deployment role', () => {
  const org = organizationModeExample();
  const cases: Case[] = [
    [
      'creates its trail bucket',
      { action: 's3:CreateBucket', resource: `arn:aws:s3:::acme-cloudtrail-${WORKLOAD}-eu-west-1`, resourceAccount: WORKLOAD },
      'Allowed',
    ],
    [
      'creates its remediation role',
      { action: 'iam:CreateRole', resource: `arn:aws:iam::${WORKLOAD}:role/acme-remediation-trigger` },
      'Allowed',
    ],
    [
      'designates a GuardDuty administrator',
      { action: 'guardduty:EnableOrganizationAdminAccount', resource: '*', resourceAccount: WORKLOAD },
      'ImplicitlyDenied',
    ],
    [
      'registers a delegated administrator',
      {
        action: 'organizations:RegisterDelegatedAdministrator',
        resource: `arn:aws:organizations::${MANAGEMENT}:account/o-a1b2c3d4e5/${SECURITY}`,
        context: { 'organizations:ServicePrincipal': 'config.amazonaws.com' },
      },
      'ImplicitlyDenied',
    ],
    [
      'creates the central event bus (only the security account has it)',
      { action: 'events:CreateEventBus', resource: `arn:aws:events:eu-west-1:${WORKLOAD}:event-bus/acme-org-security-events` },
      'ImplicitlyDenied',
    ],
  ];
  test.each(cases)('workload-prod %s → %s', async (_what, request, expected) => {
    expect(await decisionFor(org, 'workload-prod', request)).toBe(expected);
  });

  test('the security account creates the central event bus', async () => {
    const request = {
      action: 'events:CreateEventBus',
      resource: `arn:aws:events:eu-west-1:${SECURITY}:event-bus/acme-org-security-events`,
    };
    expect(await decisionFor(org, 'security', request)).toBe('Allowed');
  });
});

describe('who may assume a deployment role', () => {
  const assume = async (org: OrganizationConfig, principal: string): Promise<Decision> => {
    const { trustPolicy, roleArn } = deploymentRoleDefinition(org, org.accounts[0]);
    // AWS puts the caller's role or user ARN in aws:PrincipalArn of every request; the simulator takes it from the context.
    const request = { principal, action: 'sts:AssumeRole', resource: roleArn, context: { 'aws:PrincipalArn': principal } };
    return (await simulate({ trustPolicy, identityPolicies: [identityPolicyAllowing('sts:AssumeRole')] }, request)).decision;
  };

  test("by default, the bootstrap account's principals that its IAM policies allow, and no other account's", async () => {
    const org = organizationModeExample();
    expect(await assume(org, `arn:aws:iam::${MANAGEMENT}:role/Administrator`)).toBe('Allowed');
    expect(await assume(org, `arn:aws:iam::${WORKLOAD}:role/Administrator`)).toBe('ImplicitlyDenied');
  });

  test('configured deployers exactly, whatever else their account holds', async () => {
    const input = organizationModeExampleInput();
    input.bootstrap = { deployerPrincipalArns: ['arn:aws:iam::777777777777:role/ci/deployer', `arn:aws:iam::${MANAGEMENT}:root`] };
    const org = validateOrganizationConfig(input);
    expect(await assume(org, 'arn:aws:iam::777777777777:role/ci/deployer')).toBe('Allowed');
    expect(await assume(org, 'arn:aws:iam::777777777777:role/ci/other')).toBe('ImplicitlyDenied');
    expect(await assume(org, `arn:aws:iam::${MANAGEMENT}:role/Administrator`)).toBe('Allowed');
    expect(await assume(org, `arn:aws:iam::${WORKLOAD}:role/Administrator`)).toBe('ImplicitlyDenied');
  });
});
