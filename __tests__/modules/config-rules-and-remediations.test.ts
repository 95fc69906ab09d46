import { CONFIG_RULES, type ConfigRuleKey } from '../../modules/catalogs/config-rules';
import { REMEDIATIONS, type RemediationKey, type RemediationMode } from '../../modules/catalogs/remediations';
import { LogBucket } from '../../modules/log-bucket';
import { ConfigRecording } from '../../modules/config-recording';
import { ConfigRemediations, REMEDIATION_RETRY } from '../../modules/config-remediations';
import { ConfigRules } from '../../modules/config-rules';
import { parsePolicy, regionalTestStack, regionOf, resourcesOfType, synthStack, TEST_ACCOUNT, TEST_REGIONS } from '../helpers/synth';

const FLOW_LOG_BUCKET = 'arn:aws:s3:::flow-logs';

function synthConfig(options: { disabled?: ConfigRuleKey[]; modes?: Partial<Record<RemediationKey, RemediationMode>> } = {}) {
  const { stack, providers } = regionalTestStack();
  const recording = new ConfigRecording(stack, 'recording', { accountId: TEST_ACCOUNT, providers, bucketName: 'b', bucketPolicy: new LogBucket(stack, 'bucket', { bucketName: 'b' }).policy, roleName: 'r' });
  const rules = new ConfigRules(stack, 'rules', {
    providers,
    recording,
    namePrefix: 'acme',
    disabled: new Set(options.disabled ?? []),
    parameterSource: { passwordPolicy: { minimumLength: 16, reusePrevention: 24, maxPasswordAgeDays: 60 } },
  });
  const remediations = new ConfigRemediations(stack, 'remediations', {
    accountId: TEST_ACCOUNT,
    providers,
    rules,
    modes: options.modes,
    rolePrefix: 'acme-remediation',
    context: { accountId: TEST_ACCOUNT, flowLogBucketArn: FLOW_LOG_BUCKET },
  });
  const json = synthStack(stack);
  const rulesByName = (name: string) => Object.values(resourcesOfType(json, 'aws_config_config_rule')).filter((r) => r.name === name);
  const remediationsOf = (document: string) =>
    Object.values(resourcesOfType(json, 'aws_config_remediation_configuration')).filter((r) => r.target_id === document);
  const roleNamed = (name: string) => Object.values(resourcesOfType(json, 'aws_iam_role')).find((r) => r.name === name);
  const rolePolicyOf = (key: string) =>
    Object.values(resourcesOfType(json, 'aws_iam_role_policy')).find((p) => p.role.includes(`remediations_${key}_role_`));
  return { json, remediations, rulesByName, remediationsOf, roleNamed, rolePolicyOf };
}

describe('ConfigRules with every rule on', () => {
  const { json, rulesByName } = synthConfig();

  test.each(CONFIG_RULES.map((r) => [r.key, r] as const))('%s: managed rule in the right regions, after the recorder is on', (key, rule) => {
    const created = rulesByName(`acme-${key}`);
    const expectedRegions = rule.regions === 'home' ? ['eu-west-1'] : TEST_REGIONS;
    expect(created.map((r) => regionOf(json, r)).sort()).toEqual([...expectedRegions].sort());
    for (const body of created) {
      expect(body.source).toEqual({ owner: 'AWS', source_identifier: rule.identifier });
      expect(body.depends_on).toEqual([expect.stringMatching(/^aws_config_configuration_recorder_status\./)]);
      if ('scope' in rule) expect(body.scope).toEqual({ compliance_resource_types: [...rule.scope] });
      if ('maximumExecutionFrequency' in rule) expect(body.maximum_execution_frequency).toBe(rule.maximumExecutionFrequency);
    }
  });

  test('the password-policy rule checks the configured policy', () => {
    expect(JSON.parse(rulesByName('acme-iam-password-policy')[0].input_parameters)).toEqual({
      RequireUppercaseCharacters: 'true',
      RequireLowercaseCharacters: 'true',
      RequireSymbols: 'true',
      RequireNumbers: 'true',
      MinimumPasswordLength: '16',
      PasswordReusePrevention: '24',
      MaxPasswordAge: '60',
    });
    expect(JSON.parse(rulesByName('acme-restricted-common-ports')[0].input_parameters)).toEqual({ blockedPort1: '3389' });
    expect(JSON.parse(rulesByName('acme-iam-user-unused-credentials-check')[0].input_parameters)).toEqual({ maxCredentialUsageAge: '45' });
  });
});

describe('ConfigRemediations with default modes', () => {
  const { json, remediations, remediationsOf, roleNamed, rolePolicyOf } = synthConfig();

  test('the default security group is remediated automatically in every region: runbook v1, GroupId, 5 attempts 60 s apart', () => {
    const configs = remediationsOf('AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules');
    expect(configs.map((c) => regionOf(json, c)).sort()).toEqual([...TEST_REGIONS].sort());
    expect(REMEDIATION_RETRY).toEqual({ maximumAutomaticAttempts: 5, retryAttemptSeconds: 60 });
    for (const config of configs) {
      // The rule of the same region.
      expect(config.config_rule_name).toMatch(
        new RegExp(`^\\$\\{aws_config_config_rule\\.rules_${regionOf(json, config)}-vpc-default-security-group-closed_\\w+\\.name\\}$`),
      );
      expect(config).toMatchObject({
        target_type: 'SSM_DOCUMENT',
        target_version: '1',
        automatic: true,
        maximum_automatic_attempts: REMEDIATION_RETRY.maximumAutomaticAttempts,
        retry_attempt_seconds: REMEDIATION_RETRY.retryAttemptSeconds,
      });
      expect(config.parameter).toEqual([
        { name: 'AutomationAssumeRole', static_value: expect.stringMatching(/^\$\{aws_iam_role\.remediations_default-security-group_role_\w+\.arn\}$/) },
        { name: 'GroupId', resource_value: 'RESOURCE_ID' },
      ]);
    }
  });

  test('manual remediations are attached to their rules but never run by themselves', () => {
    const manual = remediations.active.filter((r) => r.mode === 'manual');
    expect(manual.map((r) => r.spec.key).sort()).toEqual(REMEDIATIONS.filter((r) => r.defaultMode === 'manual').map((r) => r.key).sort());
    for (const { spec } of manual) {
      const configs = remediationsOf(spec.document);
      expect(configs.length).toBeGreaterThan(0);
      for (const config of configs) {
        expect(config.automatic).toBe(false);
        expect(config.maximum_automatic_attempts).toBeUndefined();
      }
    }
  });

  test('one remediation covers SSH and RDP rules in every region', () => {
    const configs = remediationsOf('AWS-DisablePublicAccessForSecurityGroup');
    expect(configs).toHaveLength(2 * TEST_REGIONS.length);
  });

  test('static parameters are filled in from the account', () => {
    const [s3] = remediationsOf('AWSConfigRemediation-ConfigureS3PublicAccessBlock');
    expect(s3.parameter).toContainEqual({ name: 'AccountId', static_value: TEST_ACCOUNT });
    const [flowLogs] = remediationsOf('AWSSupport-EnableVPCFlowLogs');
    expect(flowLogs.parameter).toEqual(
      expect.arrayContaining([
        { name: 'ResourceIds', resource_value: 'RESOURCE_ID' },
        { name: 'LogDestinationARN', static_value: FLOW_LOG_BUCKET },
        { name: 'LogDestinationType', static_value: 's3' },
      ]),
    );
  });

  test.each(REMEDIATIONS.map((r) => [r.key, r] as const))('%s: own role, assumable only by SSM for this account', (key) => {
    const role = roleNamed(`acme-remediation-${key}`);
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'AllowServiceToAssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'ssm.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT } },
      },
    ]);
  });

  const EXPECTED_ACTIONS: Record<RemediationKey, string[]> = {
    'default-security-group': ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress'],
    'open-admin-ports': ['ec2:DescribeSecurityGroups', 'ec2:RevokeSecurityGroupIngress'],
    's3-account-public-access-block': ['s3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
    'cmk-rotation': ['kms:EnableKeyRotation', 'kms:GetKeyRotationStatus'],
    'cloudtrail-log-file-validation': ['cloudtrail:GetTrail', 'cloudtrail:UpdateTrail'],
    'ebs-default-encryption': ['ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault'],
    'vpc-flow-logs': ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs', 'ec2:CreateFlowLogs', 'logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
  };

  test.each(Object.entries(EXPECTED_ACTIONS))('%s: the role may make exactly the runbook calls', (key, actions) => {
    const statements = parsePolicy(rolePolicyOf(key).policy).Statement;
    const granted = statements.flatMap((s) => [s.Action].flat());
    expect(granted.sort()).toEqual([...actions, 'ssm:StartAutomationExecution', 'ssm:GetAutomationExecution'].sort());
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).not.toContain('arn:aws:*');
    }
    const start = statements.find((s) => s.Action.includes('ssm:StartAutomationExecution'))!;
    const document = REMEDIATIONS.find((r) => r.key === key)!.document;
    expect(start.Resource).toEqual([`arn:aws:ssm:*:*:automation-definition/${document}:*`]);
  });

  test('write calls are scoped to the account where the API allows', () => {
    const statements = parsePolicy(rolePolicyOf('default-security-group').policy).Statement;
    expect(statements.find((s) => s.Action.includes('ec2:RevokeSecurityGroupEgress'))!.Resource).toEqual([
      `arn:aws:ec2:*:${TEST_ACCOUNT}:security-group/*`,
    ]);
  });
});

test('switching a rule off removes it; a remediation that is off has no role and no configuration', () => {
  const { rulesByName, remediationsOf, roleNamed, remediations } = synthConfig({
    disabled: ['vpc-flow-logs-enabled'],
    modes: { 'vpc-flow-logs': 'off', 'open-admin-ports': 'automatic' },
  });
  expect(rulesByName('acme-vpc-flow-logs-enabled')).toEqual([]);
  expect(remediationsOf('AWSSupport-EnableVPCFlowLogs')).toEqual([]);
  expect(roleNamed('acme-remediation-vpc-flow-logs')).toBeUndefined();
  expect(remediationsOf('AWS-DisablePublicAccessForSecurityGroup').every((c) => c.automatic === true)).toBe(true);
  expect(remediations.active.map((r) => r.spec.key)).not.toContain('vpc-flow-logs');
});
