import { AccountHardening, SUPPORT_ACCESS_POLICY } from '../../../modules/hardening/account-hardening';
import {
  onlyResource,
  parsePolicy,
  regionalTestStack,
  regionOf,
  resourcesOfType,
  synthStack,
  TEST_ACCOUNT,
  TEST_REGIONS,
} from '../../helpers/synth';

function synthHardening(options: Partial<ConstructorParameters<typeof AccountHardening>[2]> = {}) {
  const { stack, providers } = regionalTestStack();
  new AccountHardening(stack, 'hardening', {
    accountId: TEST_ACCOUNT,
    providers,
    ebsKeyAlias: 'alias/acme-ebs',
    accessAnalyzerName: 'acme-account-analyzer',
    supportRoleName: 'acme-aws-support',
    ...options,
  });
  return synthStack(stack);
}
const regionsOf = (json: ReturnType<typeof synthHardening>, type: string) =>
  Object.values(resourcesOfType(json, type))
    .map((r) => regionOf(json, r))
    .sort();

describe('AccountHardening with defaults', () => {
  const json = synthHardening();

  test('password policy meets CIS 1.8 and 1.9', () => {
    expect(onlyResource(json, 'aws_iam_account_password_policy')).toMatchObject({
      minimum_password_length: 14,
      password_reuse_prevention: 24,
      max_password_age: 90,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
    });
  });

  test('account-wide S3 public access block, all four settings', () => {
    expect(onlyResource(json, 'aws_s3_account_public_access_block')).toMatchObject({
      account_id: TEST_ACCOUNT,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('EBS encryption by default and an account Access Analyzer in every region', () => {
    expect(regionsOf(json, 'aws_ebs_encryption_by_default')).toEqual([...TEST_REGIONS].sort());
    expect(regionsOf(json, 'aws_accessanalyzer_analyzer')).toEqual([...TEST_REGIONS].sort());
    for (const analyzer of Object.values(resourcesOfType(json, 'aws_accessanalyzer_analyzer'))) {
      expect(analyzer).toMatchObject({ analyzer_name: 'acme-account-analyzer', type: 'ACCOUNT' });
    }
    expect(resourcesOfType(json, 'aws_kms_key')).toEqual({});
  });

  test('a support role with AWSSupportAccess, assumable from the account', () => {
    const role = onlyResource(json, 'aws_iam_role');
    expect(role.name).toBe('acme-aws-support');
    expect(parsePolicy(role.assume_role_policy).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` });
    expect(onlyResource(json, 'aws_iam_role_policy_attachment').policy_arn).toBe(SUPPORT_ACCESS_POLICY);
  });

  test('no security contact unless configured', () => {
    expect(resourcesOfType(json, 'aws_account_alternate_contact')).toEqual({});
  });
});

test('customer-managed EBS keys per region, security contact, and switches', () => {
  const json = synthHardening({
    ebsDefaultEncryptionKey: 'customer-managed',
    accessAnalyzer: false,
    supportRole: false,
    securityContact: { name: 'Sec Ops', title: 'CISO', emailAddress: 'sec@example.com', phoneNumber: '+1 555 0100' },
    passwordPolicy: { minimumLength: 20, reusePrevention: 12, maxPasswordAgeDays: 30 },
  });
  expect(regionsOf(json, 'aws_kms_key')).toEqual([...TEST_REGIONS].sort());
  expect(regionsOf(json, 'aws_ebs_default_kms_key')).toEqual([...TEST_REGIONS].sort());
  expect(regionsOf(json, 'aws_kms_alias')).toEqual([...TEST_REGIONS].sort());
  for (const alias of Object.values(resourcesOfType(json, 'aws_kms_alias'))) expect(alias.name).toBe('alias/acme-ebs');
  for (const key of Object.values(resourcesOfType(json, 'aws_kms_key'))) {
    const region = regionOf(json, key);
    const use = parsePolicy(key.policy).Statement.find((s) => s.Sid === 'AllowAccountToUseKeyThroughEc2')!;
    expect(use.Condition).toEqual({ StringEquals: { 'kms:CallerAccount': TEST_ACCOUNT, 'kms:ViaService': `ec2.${region}.amazonaws.com` } });
    expect(key.enable_key_rotation).toBe(true);
  }
  expect(resourcesOfType(json, 'aws_accessanalyzer_analyzer')).toEqual({});
  expect(resourcesOfType(json, 'aws_iam_role')).toEqual({});
  expect(onlyResource(json, 'aws_account_alternate_contact')).toMatchObject({
    alternate_contact_type: 'SECURITY',
    email_address: 'sec@example.com',
  });
  expect(onlyResource(json, 'aws_iam_account_password_policy')).toMatchObject({
    minimum_password_length: 20,
    password_reuse_prevention: 12,
    max_password_age: 30,
  });
});

test('adopting: an existing account analyzer keeps its name and is imported in its region only', () => {
  const json = synthHardening({ existingAccessAnalyzers: { 'us-east-1': 'ConsoleAnalyzer-0a1b' } });
  const analyzers = Object.values(resourcesOfType(json, 'aws_accessanalyzer_analyzer'));
  const byRegion = Object.fromEntries(analyzers.map((a) => [regionOf(json, a), a.analyzer_name]));
  expect(byRegion).toEqual({
    'eu-west-1': 'acme-account-analyzer',
    'eu-central-1': 'acme-account-analyzer',
    'us-east-1': 'ConsoleAnalyzer-0a1b',
  });
  expect((json.import ?? []).map((i) => [i.to.split('.')[0], i.id, i.provider])).toEqual([
    ['aws_accessanalyzer_analyzer', 'ConsoleAnalyzer-0a1b', 'aws.us-east-1'],
  ]);
});
