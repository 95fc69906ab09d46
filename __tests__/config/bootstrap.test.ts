/** The organization file's `bootstrap` section: the schema's messages, and what bootstrapProblems checks against the accounts. */
import {
  accountsWithBootstrappedRoles,
  bootstrapAccount,
  bootstrapProblems,
  deployerPrincipalArns,
  stateAccessPrincipalArns,
} from '../../config/bootstrap';
import { validateOrganizationConfig } from '../../config/load';
import { exampleOrgInput, organizationModeExample, organizationModeExampleInput, problemsOf } from '../helpers/synth';

describe('the schema', () => {
  test('defaults: nothing to write for the common case', () => {
    expect(organizationModeExample().bootstrap).toEqual({
      createMemberDeploymentRoles: false,
      memberAccessRoleName: 'OrganizationAccountAccessRole',
    });
  });

  test.each([
    ['a session ARN', 'arn:aws:sts::111111111111:assumed-role/Admin/me', /not a session/],
    ['a role name', 'Admin', /must be the ARN of an IAM role/],
    ['an account id', '111111111111', /…:root/],
  ])('a deployer given as %s names the entry and what is allowed', (_what, value, message) => {
    const input = organizationModeExampleInput();
    input.bootstrap = { deployerPrincipalArns: ['arn:aws:iam::111111111111:role/ci', value] };
    expect(problemsOf(input)).toEqual([{ field: 'bootstrap.deployerPrincipalArns[1]', value, message: expect.stringMatching(message) }]);
  });

  test('an empty or repeated deployer list, an unknown field', () => {
    const input = organizationModeExampleInput();
    input.bootstrap = { deployerPrincipalArns: [], acount: 'management' };
    expect(problemsOf(input).map((p) => p.field)).toEqual(['bootstrap.acount', 'bootstrap.deployerPrincipalArns']);
    input.bootstrap = { deployerPrincipalArns: ['arn:aws:iam::111111111111:role/ci', 'arn:aws:iam::111111111111:role/ci'] };
    expect(problemsOf(input)).toEqual([
      expect.objectContaining({
        field: 'bootstrap.deployerPrincipalArns[1]',
        message: 'must be unique: bootstrap.deployerPrincipalArns[0] has the same value',
      }),
    ]);
  });
});

describe('bootstrapProblems', () => {
  const withBootstrap = (bootstrap: object, input = organizationModeExampleInput()) => validateOrganizationConfig({ ...input, bootstrap });

  test('none for the examples; the management account by default, its root as the deployer', () => {
    const org = organizationModeExample();
    expect(bootstrapProblems(org)).toEqual([]);
    expect(bootstrapAccount(org).name).toBe('management');
    expect(deployerPrincipalArns(org)).toEqual(['arn:aws:iam::111111111111:root']);
    expect(stateAccessPrincipalArns(org)).toEqual(['arn:aws:iam::222222222222:role/TerraformStateAccess']);
    expect(accountsWithBootstrappedRoles(org).map((a) => a.name)).toEqual(['management']);
  });

  test('an account that does not exist, with a did-you-mean', () => {
    expect(bootstrapProblems(withBootstrap({ account: 'managment' }))).toEqual([
      {
        field: 'bootstrap.account',
        value: 'managment',
        message: expect.stringMatching(/must be the name of one of the accounts: management, .*; did you mean "management"\?$/),
      },
    ]);
  });

  test('no management account and no bootstrap.account: which account is asked for', () => {
    const input = exampleOrgInput();
    input.accounts = input.accounts.map((a: { role: string }) => ({ ...a, role: 'workload' }));
    const org = validateOrganizationConfig(input);
    expect(bootstrapProblems(org)).toEqual([
      {
        field: 'bootstrap.account',
        value: undefined,
        message: expect.stringMatching(/^is required when no account has role "management"/),
      },
    ]);
    expect(bootstrapProblems(withBootstrap({ account: 'security' }, input))).toEqual([]);
  });

  test('member roles cannot be the role the bootstrap reaches them through, nor reach the management account', () => {
    expect(bootstrapProblems(withBootstrap({ createMemberDeploymentRoles: true }))).toEqual([
      {
        field: 'deploymentRoleName',
        value: 'OrganizationAccountAccessRole',
        message: expect.stringMatching(/reaches log-archive through/),
      },
      ...['security', 'workload-prod', 'workload-dev'].map((name) =>
        expect.objectContaining({ message: expect.stringContaining(`reaches ${name} through`) }),
      ),
    ]);
    const input = organizationModeExampleInput();
    input.deploymentRoleName = 'SecurityBaselineDeployer';
    expect(bootstrapProblems(withBootstrap({ createMemberDeploymentRoles: true }, input))).toEqual([]);
    expect(bootstrapProblems(withBootstrap({ createMemberDeploymentRoles: true, account: 'security' }, input))).toEqual([
      expect.objectContaining({
        field: 'bootstrap.account',
        message: expect.stringMatching(/must be the management account \(management\)/),
      }),
    ]);
    input.accounts[2].deploymentRoleName = 'OrganizationAccountAccessRole';
    expect(bootstrapProblems(withBootstrap({ createMemberDeploymentRoles: true }, input)).map((p) => p.field)).toEqual([
      'accounts[2].deploymentRoleName',
    ]);
  });

  test('an account named bootstrap, where the bootstrap keeps its state under that name', () => {
    const input = organizationModeExampleInput();
    input.accounts[4].name = 'bootstrap';
    expect(bootstrapProblems(validateOrganizationConfig(input))).toEqual([]);
    input.stateBackend = { type: 'local' };
    expect(bootstrapProblems(validateOrganizationConfig(input))).toEqual([
      { field: 'accounts[4].name', value: 'bootstrap', message: expect.stringMatching(/with the local backend: rename the account/) },
    ]);
  });
});
