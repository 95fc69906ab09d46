/**
 * Who may assume each role an example account stack synthesizes, decided by the IAM policy
 * simulator (helpers/policy-simulator.ts) on the synthesized trust policies (built by
 * `serviceTrustPolicy` in modules/core/policy-document.ts, and the support role's own).
 */
import { decisionOf, identityPolicyAllowing, simulate, withContext, type SimulatedRequest } from '../../helpers/policy-simulator';
import { parsePolicy } from '../../helpers/synth';
import { entriesOfType, literal, synthesizeExampleAccount } from '../../helpers/synthesized-policies';

const account = synthesizeExampleAccount('workload-prod');
const { accountId, otherAccountId, json } = account;

interface Role {
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: string;
  /** The one service principal it trusts, or undefined when it trusts the account's principals. */
  readonly service?: string;
}

const roles: Role[] = entriesOfType(json, 'aws_iam_role').map(([, role]) => {
  const name = literal(role.name, 'role name');
  const principal = parsePolicy(role.assume_role_policy).Statement[0]?.Principal;
  const trusted = typeof principal === 'object' ? principal.Service : undefined;
  // The first service it trusts: the test below requires it to be the only one, the simulations that no other may assume.
  const service = trusted === undefined ? undefined : [trusted].flat()[0];
  return { name, arn: `arn:aws:iam::${accountId}:role/${name}`, trustPolicy: role.assume_role_policy, service };
});
const serviceRoles = roles.filter((r) => r.service !== undefined);
const services = [...new Set(serviceRoles.map((r) => r.service!))].sort();
/** Services that send aws:SourceAccount when they assume a role, and are held to this account by it. */
const SOURCE_ACCOUNT_SENDERS = ['ssm.amazonaws.com'];

/** The service assuming the role as it calls STS: services that send the confused-deputy keys send them. */
function assumedBy(role: Role, service: string): SimulatedRequest {
  return {
    principal: service,
    action: 'sts:AssumeRole',
    resource: role.arn,
    context: SOURCE_ACCOUNT_SENDERS.includes(service) ? { 'aws:SourceAccount': accountId } : {},
  };
}

test('every role trusts one AWS service or the account, and the example exercises each service the baseline uses', () => {
  expect(services).toEqual([
    'chatbot.amazonaws.com',
    'cloudtrail.amazonaws.com',
    'events.amazonaws.com',
    'lambda.amazonaws.com',
    'ssm.amazonaws.com',
  ]);
  for (const role of serviceRoles)
    expect(parsePolicy(role.trustPolicy).Statement.map((s) => s.Principal)).toEqual([{ Service: role.service }]);
  const accountRoles = roles.filter((r) => r.service === undefined);
  expect(accountRoles.map((r) => parsePolicy(r.trustPolicy).Statement.map((s) => s.Principal))).toEqual([
    [{ AWS: `arn:aws:iam::${accountId}:root` }],
  ]);
});

describe.each(serviceRoles.map((role) => [role.name, role] as const))('role %s', (_, role) => {
  const trust = { trustPolicy: role.trustPolicy };

  test(`${role.service} may assume it`, async () => {
    expect(await simulate(trust, assumedBy(role, role.service!))).toMatchObject({
      decision: 'Allowed',
      allowedBy: ['AllowServiceToAssumeRole'],
    });
  });

  test('no other service may, nor any other action than AssumeRole', async () => {
    for (const other of [...services, 'ec2.amazonaws.com', 'config.amazonaws.com'].filter((s) => s !== role.service)) {
      expect(await decisionOf(trust, assumedBy(role, other))).toBe('ImplicitlyDenied');
    }
    const tagged = { ...assumedBy(role, role.service!), action: 'sts:TagSession' };
    expect(await decisionOf(trust, tagged)).toBe('ImplicitlyDenied');
  });

  test('no IAM principal may, of this account or another, even with IAM policies allowing it', async () => {
    const assumer = { ...trust, identityPolicies: [identityPolicyAllowing('sts:AssumeRole')] };
    for (const principal of [
      `arn:aws:iam::${accountId}:role/Admin`,
      `arn:aws:iam::${otherAccountId}:role/Admin`,
      `arn:aws:iam::${accountId}:user/alice`,
    ]) {
      expect(await decisionOf(assumer, { principal, action: 'sts:AssumeRole', resource: role.arn })).toBe('ImplicitlyDenied');
    }
  });
});

describe('remediation roles (SSM Automation)', () => {
  const remediationRoles = serviceRoles.filter((r) => r.service === 'ssm.amazonaws.com');

  test('are assumable by SSM only on behalf of this account', async () => {
    expect(remediationRoles.length).toBeGreaterThan(0);
    for (const role of remediationRoles) {
      const request = assumedBy(role, 'ssm.amazonaws.com');
      expect(await decisionOf({ trustPolicy: role.trustPolicy }, request)).toBe('Allowed');
      expect(await decisionOf({ trustPolicy: role.trustPolicy }, withContext(request, { 'aws:SourceAccount': otherAccountId }))).toBe(
        'ImplicitlyDenied',
      );
      expect(await decisionOf({ trustPolicy: role.trustPolicy }, withContext(request, { 'aws:SourceAccount': undefined }))).toBe(
        'ImplicitlyDenied',
      );
    }
  });
});

describe('support role', () => {
  const role = roles.find((r) => r.service === undefined)!;
  const assume = { principal: `arn:aws:iam::${accountId}:role/IncidentResponder`, action: 'sts:AssumeRole', resource: role.arn };

  test('the account’s IAM principals may assume it when their IAM policies allow it', async () => {
    const assumer = { trustPolicy: role.trustPolicy, identityPolicies: [identityPolicyAllowing('sts:AssumeRole')] };
    expect(await simulate(assumer, assume)).toMatchObject({ decision: 'Allowed', allowedBy: ['AccountPrincipalsMayAssume'] });
    expect(await decisionOf({ trustPolicy: role.trustPolicy }, assume)).toBe('ImplicitlyDenied');
  });

  test('another account’s principals and AWS services may not', async () => {
    const assumer = { trustPolicy: role.trustPolicy, identityPolicies: [identityPolicyAllowing('sts:AssumeRole')] };
    expect(await decisionOf(assumer, { ...assume, principal: `arn:aws:iam::${otherAccountId}:role/IncidentResponder` })).toBe(
      'ImplicitlyDenied',
    );
    for (const service of services) {
      expect(
        await decisionOf({ trustPolicy: role.trustPolicy }, { principal: service, action: 'sts:AssumeRole', resource: role.arn }),
      ).toBe('ImplicitlyDenied');
    }
  });
});
