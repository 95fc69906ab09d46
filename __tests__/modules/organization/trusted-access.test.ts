import { BASELINE_SERVICE_PRINCIPALS } from '../../../modules/organization/delegated-administrators';
import { TrustedAccess, type TrustedAccessProps } from '../../../modules/organization/trusted-access';
import { addressOf, regionalTestStack, resourcesOfType, synthStack, type StackJson } from '../../helpers/synth';

const ORG_ID = 'o-abcdefghij';
const DATA = 'data.aws_organizations_organization.organization_trusted_access';

interface CheckBlock {
  data: { aws_organizations_organization: Record<string, { provider?: string; depends_on?: string[] }> };
  assert: { condition: string; error_message: string }[];
}

function trustedAccessStack(props: Partial<TrustedAccessProps> = {}) {
  const { stack, providers } = regionalTestStack();
  const trusted = new TrustedAccess(stack, 'trusted-access', { organizationId: ORG_ID, provider: providers.home, ...props });
  const json = synthStack(stack) as StackJson & { check?: Record<string, CheckBlock> };
  return { stack, providers, trusted, json };
}

describe('TrustedAccess by default (a prerequisite, verified)', () => {
  const { trusted, json } = trustedAccessStack({ rootId: 'r-ab12' });
  const check = json.check!.organization_trusted_access;
  const conditions = check.assert.map((a) => a.condition);

  test('does not manage the organization (its principal list is authoritative) and imports nothing', () => {
    expect(resourcesOfType(json, 'aws_organizations_organization')).toEqual({});
    expect(json.import).toBeUndefined();
    expect(trusted.organization).toBeUndefined();
    expect(trusted.servicePrincipals).toBeUndefined();
  });

  test('adds one check block reading the organization through the management account provider, scoped to the check', () => {
    expect(Object.keys(json.check!)).toEqual(['organization_trusted_access']);
    expect(check.data).toEqual({ aws_organizations_organization: { organization_trusted_access: { provider: 'aws' } } });
    expect(json.data).toBeUndefined();
  });

  test('asserts the configured organization and root, all features, and every baseline principal', () => {
    expect(conditions).toEqual([
      `\${${DATA}.id == "${ORG_ID}"}`,
      `\${try(${DATA}.roots[0].id, "(none)") == "r-ab12"}`,
      `\${${DATA}.feature_set == "ALL"}`,
      expect.stringMatching(/^\$\{length\(sort\(setsubtract\(\[.*\], .*\)\)\) == 0\}$/),
      // Control Tower owns what organization mode would create a second time.
      expect.stringMatching(/^\$\{!contains\(.*, "controltower\.amazonaws\.com"\)\}$/),
    ]);
    const required = JSON.parse(conditions[3].match(/setsubtract\((\[[^\]]*\])/)![1]);
    expect(required).toEqual([...BASELINE_SERVICE_PRINCIPALS].sort());
    expect(trusted.requiredPrincipals).toEqual(required);
  });

  test('a missing principal is reported by name with the command that turns it on', () => {
    const message = check.assert[3].error_message;
    expect(message).toMatch(/^Trusted access is off for: \$\{join\(", ", sort\(setsubtract\(/);
    expect(message).toContain('formatlist("aws organizations enable-aws-service-access --service-principal %s", sort(setsubtract(');
    expect(check.assert[2].error_message).toContain('aws organizations enable-all-features');
    expect(trusted.enableCommands).toContain('aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com');
  });

  test('only the values the stack chose are interpolated (no configured string is evaluated by Terraform)', () => {
    for (const { condition, error_message } of check.assert) {
      for (const text of [condition, error_message]) {
        for (const [, expression] of text.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)) expect(expression).toContain(DATA);
      }
    }
  });
});

test('without a root id the root is not checked', () => {
  const { json } = trustedAccessStack();
  const conditions = json.check!.organization_trusted_access.assert.map((a) => a.condition);
  expect(conditions).toHaveLength(4);
  expect(conditions.join()).not.toContain('roots');
});

test('required principals and the check name can be changed', () => {
  const { json, trusted } = trustedAccessStack({
    requiredPrincipals: ['sso.amazonaws.com', 'cloudtrail.amazonaws.com'],
    checkName: 'org_prerequisites',
  });
  const check = json.check!.org_prerequisites;
  expect(Object.keys(check.data.aws_organizations_organization)).toEqual(['org_prerequisites']);
  expect(check.assert.find((a) => a.condition.includes('setsubtract'))!.condition).toContain(
    'setsubtract(["cloudtrail.amazonaws.com","sso.amazonaws.com"], data.aws_organizations_organization.org_prerequisites.',
  );
  expect(trusted.checkName).toBe('org_prerequisites');
});

describe('TrustedAccess with manage (opt-in)', () => {
  const { trusted, json } = trustedAccessStack({
    manage: {
      keepPrincipals: ['sso.amazonaws.com', 'cloudtrail.amazonaws.com', 'controltower.amazonaws.com'],
      enabledPolicyTypes: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
    },
  });
  const organization = resourcesOfType(json, 'aws_organizations_organization')[trusted.organization!.friendlyUniqueId];

  test('manages the organization with all features, the sorted union of required and kept principals, and exactly the given policy types', () => {
    expect(organization).toMatchObject({
      feature_set: 'ALL',
      aws_service_access_principals: [
        ...new Set([...BASELINE_SERVICE_PRINCIPALS, 'sso.amazonaws.com', 'controltower.amazonaws.com']),
      ].sort(),
      enabled_policy_types: ['SERVICE_CONTROL_POLICY', 'TAG_POLICY'],
      lifecycle: { prevent_destroy: true },
    });
    expect(trusted.servicePrincipals).toEqual(organization.aws_service_access_principals);
  });

  test('imports the existing organization by its id', () => {
    expect(json.import).toEqual([{ to: addressOf(trusted.organization!), id: ORG_ID, provider: 'aws' }]);
  });

  test('keeps the check, read only after the organization has been changed', () => {
    const data = json.check!.organization_trusted_access.data.aws_organizations_organization.organization_trusted_access;
    expect(data.depends_on).toEqual([addressOf(trusted.organization!)]);
  });
});

test.each([
  ['an organization id that is not one', { organizationId: '123456789012' }, /is not an organization id/],
  ['a root id that is not one', { rootId: 'root' }, /is not a root id/],
  [
    'a kept principal that is not a service principal',
    { manage: { keepPrincipals: ['sso'], enabledPolicyTypes: [] } },
    /keepPrincipals has entries that are not service principals: sso/,
  ],
  ['a check name Terraform does not accept', { checkName: 'trusted-access' }, /must be a lowercase Terraform identifier/],
])('rejects %s', (_what, props, error) => {
  expect(() => trustedAccessStack(props)).toThrow(error);
});

test('two checks of the same name in one stack are refused (the second would silently replace the first)', () => {
  const { stack, providers } = regionalTestStack();
  new TrustedAccess(stack, 'a', { organizationId: ORG_ID, provider: providers.home });
  expect(() => new TrustedAccess(stack, 'b', { organizationId: ORG_ID, provider: providers.home })).toThrow(/already in the stack/);
});
