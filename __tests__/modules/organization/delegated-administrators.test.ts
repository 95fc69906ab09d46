import {
  BASELINE_SERVICE_PRINCIPALS,
  BASELINE_TRUSTED_ACCESS,
  DelegatedAdministrators,
  ORGANIZATIONS_DELEGATED_SERVICES,
} from '../../../modules/organization/delegated-administrators';
import { addressOf, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_ACCOUNT, TEST_REGIONS } from '../../helpers/synth';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';

const SECURITY = '222222222222';

function delegatedAdminsStack(
  props: Partial<ConstructorParameters<typeof DelegatedAdministrators>[2]> = {},
  additionalRegions: string[] = [],
) {
  const { stack, providers } = regionalTestStack(TEST_REGIONS, additionalRegions);
  const admins = new DelegatedAdministrators(stack, 'delegated-admins', {
    accountId: TEST_ACCOUNT,
    adminAccountId: SECURITY,
    providers,
    ...props,
  });
  return { stack, admins, json: synthStack(stack) };
}

describe('DelegatedAdministrators', () => {
  // A region with a provider that is not a detective-control region must not get a delegation.
  const { admins, json } = delegatedAdminsStack({}, ['ap-southeast-2']);

  test('GuardDuty is delegated to the security account in every detective-control region, and only there', () => {
    const delegations = Object.values(resourcesOfType(json, 'aws_guardduty_organization_admin_account'));
    expect(delegations.map((d) => regionOf(json, d)).sort()).toEqual([...TEST_REGIONS].sort());
    for (const delegation of delegations) expect(delegation.admin_account_id).toBe(SECURITY);
    expect([...admins.guardDuty.keys()]).toEqual(TEST_REGIONS);
  });

  test('Security Hub is delegated in the home region only (central configuration extends it to the linked regions)', () => {
    const delegations = Object.values(resourcesOfType(json, 'aws_securityhub_organization_admin_account'));
    expect(delegations).toHaveLength(1);
    expect(regionOf(json, delegations[0])).toBe('eu-west-1');
    expect(delegations[0].admin_account_id).toBe(SECURITY);
  });

  test('Config and Access Analyzer are registered with Organizations, from the home provider', () => {
    const registrations = Object.values(resourcesOfType(json, 'aws_organizations_delegated_administrator'));
    expect(registrations.map((r) => r.service_principal).sort()).toEqual(['access-analyzer.amazonaws.com', 'config.amazonaws.com']);
    for (const registration of registrations) {
      expect(registration.account_id).toBe(SECURITY);
      expect(regionOf(json, registration)).toBe('eu-west-1');
    }
  });

  test('GuardDuty and Security Hub are not registered a second time through Organizations (their own resources register them)', () => {
    const principals = Object.values(resourcesOfType(json, 'aws_organizations_delegated_administrator')).map((r) => r.service_principal);
    expect(principals).not.toContain('guardduty.amazonaws.com');
    expect(principals).not.toContain('securityhub.amazonaws.com');
  });

  test('without dependsOn the registrations wait for nothing; `all` lists every registration', () => {
    for (const type of [
      'aws_guardduty_organization_admin_account',
      'aws_securityhub_organization_admin_account',
      'aws_organizations_delegated_administrator',
    ]) {
      for (const resource of Object.values(resourcesOfType(json, type))) expect(resource.depends_on).toBeUndefined();
    }
    expect(admins.all).toHaveLength(TEST_REGIONS.length + 1 + 2);
  });
});

test('every registration waits for what it is given (the managed organization, when trusted access is managed)', () => {
  const { stack, providers } = regionalTestStack();
  const prerequisite = new S3Bucket(stack, 'stand-in', { bucket: 'stand-in' });
  new DelegatedAdministrators(stack, 'delegated-admins', {
    accountId: TEST_ACCOUNT,
    adminAccountId: SECURITY,
    providers,
    dependsOn: [prerequisite],
  });
  const json = synthStack(stack);
  for (const type of [
    'aws_guardduty_organization_admin_account',
    'aws_securityhub_organization_admin_account',
    'aws_organizations_delegated_administrator',
  ]) {
    for (const resource of Object.values(resourcesOfType(json, type))) expect(resource.depends_on).toEqual([addressOf(prerequisite)]);
  }
});

test.each([
  ['the management account itself', { adminAccountId: TEST_ACCOUNT }, /is the management account/],
  ['a malformed admin account id', { adminAccountId: '2222' }, /adminAccountId "2222" is not a 12-digit account id/],
  ['a malformed management account id', { accountId: 'management' }, /accountId "management" is not a 12-digit account id/],
])('refuses to delegate to %s', (_what, props, error) => {
  const { stack, providers } = regionalTestStack();
  expect(() => new DelegatedAdministrators(stack, 'x', { accountId: TEST_ACCOUNT, adminAccountId: SECURITY, providers, ...props })).toThrow(
    error,
  );
});

describe('BASELINE_TRUSTED_ACCESS', () => {
  test('lists exactly the principals the organization baseline needs, each once, each with a reason', () => {
    // Malware Protection's service-linked role principal (Organizations user guide, "Amazon GuardDuty and AWS Organizations").
    expect([...BASELINE_SERVICE_PRINCIPALS].sort()).toEqual([
      'access-analyzer.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'config.amazonaws.com',
      'guardduty.amazonaws.com',
      'malware-protection.guardduty.amazonaws.com',
      'securityhub.amazonaws.com',
    ]);
    expect(new Set(BASELINE_SERVICE_PRINCIPALS).size).toBe(BASELINE_SERVICE_PRINCIPALS.length);
    for (const entry of BASELINE_TRUSTED_ACCESS) expect(entry.why.length).toBeGreaterThan(30);
  });

  test('only GuardDuty and Security Hub turn trusted access on by their own designation; the rest are prerequisites', () => {
    expect(
      BASELINE_TRUSTED_ACCESS.filter((e) => e.enabledBy === 'designation')
        .map((e) => e.principal)
        .sort(),
    ).toEqual(['guardduty.amazonaws.com', 'securityhub.amazonaws.com']);
  });

  test('every service registered through Organizations is in the table', () => {
    for (const service of ORGANIZATIONS_DELEGATED_SERVICES) expect(BASELINE_SERVICE_PRINCIPALS).toContain(service);
  });
});
