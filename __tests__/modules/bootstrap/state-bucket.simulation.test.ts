/**
 * The state bucket's policy, as the bootstrap synthesizes it, decided by the IAM policy
 * simulator: only over TLS; the writers (the S3 backend's roleArn, else the deployers) read and
 * write every account stack's state and lock, with the IAM policy the bootstrap writes out for
 * them, but not the bootstrap's own state; the bootstrap account's deployment role its own state
 * only, whatever else it is given; strangers nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../../config/load';
import type { OrganizationConfig } from '../../../config/schema';
import type { PolicyDocument } from '../../../modules/core/policy-document';
import { deploymentRoleDefinition, synthesizeBootstrap } from '../../../stacks/bootstrap-stack';
import { type Decision, identityPolicyAllowing, simulate, type SimulatedRequest, withContext } from '../../helpers/policy-simulator';
import { onlyResource, organizationModeExample, organizationModeExampleInput, type StackJson, tempDir } from '../../helpers/synth';

const BUCKET = 'acme-terraform-state-222222222222';
const MANAGEMENT = '111111111111';
const object = (key: string) => `arn:aws:s3:::${BUCKET}/security-baseline/${key}`;

function synthesized(org: OrganizationConfig): { bucketPolicy: string; writerPolicy: PolicyDocument } {
  const { directory } = synthesizeBootstrap(org, { outdir: tempDir('state-bucket-simulation') });
  const stack: StackJson = JSON.parse(fs.readFileSync(path.join(directory, 'cdk.tf.json'), 'utf8'));
  const written = JSON.parse(fs.readFileSync(path.join(directory, 'deployment-role-policy.json'), 'utf8'));
  return {
    bucketPolicy: onlyResource(stack, 'aws_s3_bucket_policy').policy,
    writerPolicy: { Version: '2012-10-17', Statement: written.stateWriters.identityStatements },
  };
}

describe('with the example: the backend reaches the bucket through its roleArn', () => {
  const org = organizationModeExample();
  const { bucketPolicy, writerPolicy } = synthesized(org);
  const writer = 'arn:aws:iam::222222222222:role/TerraformStateAccess';
  const decide = (request: SimulatedRequest, identityPolicies: PolicyDocument[] = [writerPolicy]): Promise<Decision> =>
    simulate({ resourcePolicy: bucketPolicy, identityPolicies }, request).then((outcome) => outcome.decision);
  const as = (principal: string, action: string, resource: string, context?: SimulatedRequest['context']): SimulatedRequest => ({
    principal,
    action,
    resource,
    resourceAccount: MANAGEMENT,
    // AWS sets aws:PrincipalArn on every request (the role, for a role's session).
    context: { 'aws:PrincipalArn': principal, ...context },
  });
  const putState = as(writer, 's3:PutObject', object('workload-prod/terraform.tfstate'));

  test('the writer reads and writes any account state and its lock, and lists under the prefix', async () => {
    expect(await decide(putState)).toBe('Allowed');
    expect(await decide(as(writer, 's3:GetObject', object('security/terraform.tfstate')))).toBe('Allowed');
    expect(await decide(as(writer, 's3:DeleteObject', object('security/terraform.tfstate.tflock')))).toBe('Allowed');
    expect(
      await decide(as(writer, 's3:ListBucket', `arn:aws:s3:::${BUCKET}`, { 's3:prefix': 'security-baseline/security/terraform.tfstate' })),
    ).toBe('Allowed');
  });

  test('over plain HTTP even the writer is denied, by the TLS-only statement', async () => {
    const outcome = await simulate(
      { resourcePolicy: bucketPolicy, identityPolicies: [writerPolicy] },
      withContext(putState, { 'aws:SecureTransport': 'false' }),
    );
    expect(outcome).toMatchObject({ decision: 'ExplicitlyDenied', deniedBy: ['DenyInsecureTransport'] });
  });

  test("not the bootstrap's own state, nor other keys, nor another bucket listing", async () => {
    expect(await decide(as(writer, 's3:PutObject', object('bootstrap.tfstate')))).toBe('ImplicitlyDenied');
    expect(await decide(as(writer, 's3:GetObject', `arn:aws:s3:::${BUCKET}/elsewhere/terraform.tfstate`))).toBe('ImplicitlyDenied');
    expect(await decide(as(writer, 's3:ListBucket', `arn:aws:s3:::${BUCKET}`, { 's3:prefix': 'elsewhere/' }))).toBe('ImplicitlyDenied');
  });

  test("another principal of the writer's account, or another account, gets nothing even with s3:* of its own", async () => {
    const everything = [identityPolicyAllowing('s3:*')];
    expect(
      await decide(as('arn:aws:iam::222222222222:role/Developer', 's3:GetObject', object('security/terraform.tfstate')), everything),
    ).toBe('ImplicitlyDenied');
    expect(
      await decide(
        as('arn:aws:iam::999999999999:role/TerraformStateAccess', 's3:GetObject', object('security/terraform.tfstate')),
        everything,
      ),
    ).toBe('ImplicitlyDenied');
  });

  test("the management deployment role reaches its own state with its own policy, and no other state even when allowed s3:* (the bucket's deny)", async () => {
    const definition = deploymentRoleDefinition(org, org.accounts[0]);
    const own: PolicyDocument = { Version: '2012-10-17', Statement: definition.stateStatements };
    const role = definition.roleArn;
    expect(await decide(as(role, 's3:PutObject', object('management/terraform.tfstate')), [own])).toBe('Allowed');
    expect(await decide(as(role, 's3:PutObject', object('management/terraform.tfstate.tflock')), [own])).toBe('Allowed');
    expect(
      await decide(as(role, 's3:ListBucket', `arn:aws:s3:::${BUCKET}`, { 's3:prefix': 'security-baseline/management/terraform.tfstate' }), [
        own,
      ]),
    ).toBe('Allowed');
    const outcome = await simulate(
      { resourcePolicy: bucketPolicy, identityPolicies: [own, identityPolicyAllowing('s3:*')] },
      as(role, 's3:GetObject', object('security/terraform.tfstate')),
    );
    expect(outcome).toMatchObject({ decision: 'ExplicitlyDenied', deniedBy: ['DeploymentRole1OnlyItsOwnState'] });
  });
});

test('without roleArn the deployers are the writers: by default every principal of the bootstrap account its IAM policies allow', async () => {
  const input = organizationModeExampleInput();
  delete input.stateBackend.roleArn;
  const { bucketPolicy, writerPolicy } = synthesized(validateOrganizationConfig(input));
  const request = (principal: string): SimulatedRequest => ({
    principal,
    action: 's3:PutObject',
    resource: object('workload-dev/terraform.tfstate'),
    resourceAccount: MANAGEMENT,
    context: { 'aws:PrincipalArn': principal },
  });
  const decide = async (principal: string) =>
    (await simulate({ resourcePolicy: bucketPolicy, identityPolicies: [writerPolicy] }, request(principal))).decision;
  expect(await decide(`arn:aws:iam::${MANAGEMENT}:role/Administrator`)).toBe('Allowed');
  expect(await decide('arn:aws:iam::222222222222:role/TerraformStateAccess')).toBe('ImplicitlyDenied');
});

test('no statement names a principal that may not exist yet (S3 refuses such a policy: the bootstrap creates the roles in the same apply)', () => {
  const input = organizationModeExampleInput();
  input.bootstrap = { deployerPrincipalArns: ['arn:aws:iam::777777777777:role/ci/deployer'] };
  delete input.stateBackend.roleArn;
  for (const org of [organizationModeExample(), validateOrganizationConfig(input)]) {
    const statements: { Sid: string; Principal: unknown }[] = JSON.parse(synthesized(org).bucketPolicy).Statement;
    for (const { Sid, Principal } of statements) {
      const principals = Principal === '*' ? [] : [(Principal as { AWS: string | string[] }).AWS].flat();
      // Accounts (…:root) always exist; roles and users are matched by aws:PrincipalArn instead.
      expect({ Sid, named: principals.filter((p) => !p.endsWith(':root')) }).toEqual({ Sid, named: [] });
    }
  }
});
