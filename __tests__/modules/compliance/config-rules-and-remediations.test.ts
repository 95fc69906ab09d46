import { Testing } from 'cdktf';
import { ConfigError, validateOrganizationConfig } from '../../../config/load';
import { CONFIG_RULES, type ConfigRuleKey } from '../../../modules/catalogs/config-rules';
import {
  REMEDIATION_MODES,
  REMEDIATIONS,
  remediatedRules as remediatedRulesOf,
  type RemediationKey,
  type RemediationMode,
} from '../../../modules/catalogs/remediations';
import { LogBucket } from '../../../modules/audit-logging/log-bucket';
import { ConfigRecording } from '../../../modules/compliance/config-recording';
import { ConfigRemediations, REMEDIATION_RETRY } from '../../../modules/compliance/config-remediations';
import { ConfigRules, type ConfigRuleSet } from '../../../modules/compliance/config-rules';
import { REMEDIATION_METRIC_NAMESPACE } from '../../../modules/compliance/remediation-loop-guard';
import { AccountBaselineStack } from '../../../stacks/account-baseline-stack';
import {
  exampleOrgInput,
  parsePolicy,
  regionalTestStack,
  regionOf,
  resourcesOfType,
  synthStack,
  TEST_ACCOUNT,
  TEST_REGIONS,
} from '../../helpers/synth';

const FLOW_LOG_BUCKET = 'arn:aws:s3:::flow-logs';

type Modes = Partial<Record<RemediationKey, RemediationMode>>;

function synthConfig(options: { disabled?: ConfigRuleKey[]; modes?: Modes; ruleSet?: ConfigRuleSet } = {}) {
  const { stack, providers } = regionalTestStack();
  const recording = new ConfigRecording(stack, 'recording', {
    accountId: TEST_ACCOUNT,
    providers,
    bucketName: 'b',
    bucketPolicy: new LogBucket(stack, 'bucket', { bucketName: 'b' }).policy,
  });
  const rules = new ConfigRules(stack, 'rules', {
    providers,
    recording,
    namePrefix: 'acme',
    ruleSet: options.ruleSet,
    remediationModes: options.modes,
    disabled: new Set(options.disabled ?? []),
    parameterSource: { passwordPolicy: { minimumLength: 16, reusePrevention: 24, maxPasswordAgeDays: 60 } },
  });
  const remediations = new ConfigRemediations(stack, 'remediations', {
    accountId: TEST_ACCOUNT,
    providers,
    rules,
    modes: options.modes,
    rolePrefix: 'acme-remediation',
    namePrefix: 'acme',
    context: { accountId: TEST_ACCOUNT, flowLogBucketArn: FLOW_LOG_BUCKET },
  });
  const json = synthStack(stack);
  const rulesByName = (name: string) => Object.values(resourcesOfType(json, 'aws_config_config_rule')).filter((r) => r.name === name);
  const deployedRuleKeys = () => [
    ...new Set(Object.values(resourcesOfType(json, 'aws_config_config_rule')).map((r) => r.name.replace(/^acme-/, ''))),
  ];
  const remediationsOf = (document: string) =>
    Object.values(resourcesOfType(json, 'aws_config_remediation_configuration')).filter((r) => r.target_id === document);
  /** The remediation configurations of one catalog remediation (by construct path). */
  const remediationsFor = (key: string) =>
    Object.entries(resourcesOfType(json, 'aws_config_remediation_configuration'))
      .filter(([id]) => id.startsWith(`remediations_${key}_`))
      .map(([, body]) => body);
  const roleNamed = (name: string) => Object.values(resourcesOfType(json, 'aws_iam_role')).find((r) => r.name === name);
  const rolePolicyOf = (key: string) =>
    Object.values(resourcesOfType(json, 'aws_iam_role_policy')).find((p) => p.role.includes(`remediations_${key}_role_`));
  return { json, remediations, rulesByName, deployedRuleKeys, remediationsOf, remediationsFor, roleNamed, rolePolicyOf };
}

describe('ConfigRules with every rule on', () => {
  const { json, rulesByName } = synthConfig();

  test.each(CONFIG_RULES.map((r) => [r.key, r] as const))(
    '%s: managed rule in the right regions, after the recorder is on',
    (key, rule) => {
      const created = rulesByName(`acme-${key}`);
      const expectedRegions = rule.regions === 'home' ? ['eu-west-1'] : TEST_REGIONS;
      expect(created.map((r) => regionOf(json, r)).sort()).toEqual([...expectedRegions].sort());
      for (const body of created) {
        expect(body.source).toEqual({ owner: 'AWS', source_identifier: rule.identifier });
        expect(body.depends_on).toEqual([expect.stringMatching(/^aws_config_configuration_recorder_status\./)]);
        if ('scope' in rule) expect(body.scope).toEqual({ compliance_resource_types: [...rule.scope] });
        if ('maximumExecutionFrequency' in rule) expect(body.maximum_execution_frequency).toBe(rule.maximumExecutionFrequency);
      }
    },
  );

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
    expect(JSON.parse(rulesByName('acme-iam-user-unused-credentials-check')[0].input_parameters)).toEqual({ maxCredentialUsageAge: '45' });
  });

  test('restricted-common-ports checks RDP (3389) and nothing else: all five blocked ports are set', () => {
    // An unset blockedPortN keeps its default (20, 21, 3389, 3306, 4333).
    expect(JSON.parse(rulesByName('acme-restricted-common-ports')[0].input_parameters)).toEqual({
      blockedPort1: '3389',
      blockedPort2: '3389',
      blockedPort3: '3389',
      blockedPort4: '3389',
      blockedPort5: '3389',
    });
  });
});

describe('ConfigRemediations with default modes', () => {
  const { json, remediations, remediationsOf, remediationsFor, roleNamed, rolePolicyOf } = synthConfig();

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
        {
          name: 'AutomationAssumeRole',
          static_value: expect.stringMatching(/^\$\{aws_iam_role\.remediations_default-security-group_role_\w+\.arn\}$/),
        },
        { name: 'GroupId', resource_value: 'RESOURCE_ID' },
      ]);
    }
  });

  test('manual remediations are attached to their rules but never run by themselves', () => {
    const manual = remediations.active.filter((r) => r.mode === 'manual');
    expect(manual.map((r) => r.spec.key).sort()).toEqual(
      REMEDIATIONS.filter((r) => r.defaultMode === 'manual')
        .map((r) => r.key)
        .sort(),
    );
    for (const { spec } of manual) {
      const configs = remediationsFor(spec.key);
      expect(configs.length).toBeGreaterThan(0);
      for (const config of configs) {
        expect(config.automatic).toBe(false);
        expect(config.maximum_automatic_attempts).toBeUndefined();
      }
    }
  });

  test('open admin ports: the baseline runbook in every region, used by the SSH and RDP rules of that region', () => {
    const documents = Object.entries(resourcesOfType(json, 'aws_ssm_document'));
    expect(documents.map(([, d]) => regionOf(json, d)).sort()).toEqual([...TEST_REGIONS].sort());
    for (const [, document] of documents) {
      expect(document).toMatchObject({ name: 'acme-RevokePublicAdminPortIngress', document_type: 'Automation', document_format: 'JSON' });
    }
    const configs = remediationsFor('open-admin-ports');
    expect(configs).toHaveLength(2 * TEST_REGIONS.length);
    for (const config of configs) {
      const region = regionOf(json, config);
      const [documentId] = documents.find(([, d]) => regionOf(json, d) === region)!;
      expect(config.target_id).toBe(`\${aws_ssm_document.${documentId}.name}`);
      expect(config.target_version).toBeUndefined();
      expect(config.config_rule_name).toMatch(
        new RegExp(`^\\$\\{aws_config_config_rule\\.rules_${region}-restricted-(ssh|common-ports)_\\w+\\.name\\}$`),
      );
      expect(config.parameter).toEqual([
        {
          name: 'AutomationAssumeRole',
          static_value: expect.stringMatching(/^\$\{aws_iam_role\.remediations_open-admin-ports_role_\w+\.arn\}$/),
        },
        { name: 'GroupId', resource_value: 'RESOURCE_ID' },
      ]);
    }
    // The loop guard counts and catches executions by the deployed name.
    expect(remediations.active.find((r) => r.spec.key === 'open-admin-ports')!.spec.document).toBe('acme-RevokePublicAdminPortIngress');
    expect(remediationsOf('AWS-DisablePublicAccessForSecurityGroup')).toEqual([]);
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

  const SSM_CALLS = ['ssm:StartAutomationExecution', 'ssm:GetAutomationExecution'];
  const EXPECTED_ACTIONS: Record<RemediationKey, string[]> = {
    'default-security-group': [
      'ec2:DescribeSecurityGroups',
      'ec2:RevokeSecurityGroupIngress',
      'ec2:RevokeSecurityGroupEgress',
      ...SSM_CALLS,
    ],
    // The baseline's runbook: exactly its script's two calls, and no SSM API.
    'open-admin-ports': ['ec2:DescribeSecurityGroupRules', 'ec2:RevokeSecurityGroupIngress'],
    's3-account-public-access-block': ['s3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock', ...SSM_CALLS],
    'cmk-rotation': ['kms:EnableKeyRotation', 'kms:GetKeyRotationStatus', ...SSM_CALLS],
    'cloudtrail-log-file-validation': ['cloudtrail:GetTrail', 'cloudtrail:UpdateTrail', ...SSM_CALLS],
    'ebs-default-encryption': ['ec2:EnableEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault', ...SSM_CALLS],
    // As the runbook's "Required IAM permissions" list them (S3 destination: no IAM or log-group calls).
    'vpc-flow-logs': [
      'ec2:DescribeVpcs',
      'ec2:DescribeFlowLogs',
      'ec2:CreateFlowLogs',
      'ec2:DeleteFlowLogs',
      'logs:CreateLogDelivery',
      'logs:DeleteLogDelivery',
      's3:GetBucketLocation',
      's3:GetBucketAcl',
      's3:GetBucketPolicyStatus',
      's3:GetBucketPublicAccessBlock',
      's3:ListBucket',
      's3:PutObject',
      's3:GetAccountPublicAccessBlock',
      ...SSM_CALLS,
    ],
  };

  test.each(Object.entries(EXPECTED_ACTIONS))('%s: the role may make exactly the runbook calls', (key, actions) => {
    const statements = parsePolicy(rolePolicyOf(key).policy).Statement;
    const granted = statements.flatMap((s) => [s.Action].flat());
    expect(granted.sort()).toEqual([...actions].sort());
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Resource).not.toContain('arn:aws:*');
    }
    const start = statements.find((s) => s.Action.includes('ssm:StartAutomationExecution'));
    if (start) {
      const document = REMEDIATIONS.find((r) => r.key === key)!.document;
      expect(start.Resource).toEqual([`arn:aws:ssm:*:*:automation-definition/${document}:*`]);
    }
  });

  const resourcesOf = (key: string, action: string) =>
    parsePolicy(rolePolicyOf(key).policy).Statement.find((s) => [s.Action].flat().includes(action))!.Resource;

  test('vpc flow logs: bucket checks on the flow-log bucket only, flow-log deletion on flow logs of the account only', () => {
    for (const action of [
      's3:GetBucketLocation',
      's3:GetBucketAcl',
      's3:GetBucketPolicyStatus',
      's3:GetBucketPublicAccessBlock',
      's3:ListBucket',
    ]) {
      expect(resourcesOf('vpc-flow-logs', action)).toEqual([FLOW_LOG_BUCKET]);
    }
    expect(resourcesOf('vpc-flow-logs', 's3:GetAccountPublicAccessBlock')).toEqual(['*']);
    expect(resourcesOf('vpc-flow-logs', 's3:PutObject')).toEqual([`${FLOW_LOG_BUCKET}/AWSLogs/${TEST_ACCOUNT}/*`]);
    expect(resourcesOf('vpc-flow-logs', 'ec2:DeleteFlowLogs')).toEqual([`arn:aws:ec2:*:${TEST_ACCOUNT}:vpc-flow-log/*`]);
  });

  test('open admin ports: rules may be read anywhere, but revoked only in security groups of the account', () => {
    expect(resourcesOf('open-admin-ports', 'ec2:DescribeSecurityGroupRules')).toEqual(['*']);
    expect(resourcesOf('open-admin-ports', 'ec2:RevokeSecurityGroupIngress')).toEqual([`arn:aws:ec2:*:${TEST_ACCOUNT}:security-group/*`]);
  });

  test('write calls are scoped to the account where the API allows', () => {
    const statements = parsePolicy(rolePolicyOf('default-security-group').policy).Statement;
    expect(statements.find((s) => s.Action.includes('ec2:RevokeSecurityGroupEgress'))!.Resource).toEqual([
      `arn:aws:ec2:*:${TEST_ACCOUNT}:security-group/*`,
    ]);
  });
});

test('switching a rule off removes it; a remediation that is off has no role and no configuration', () => {
  const { rulesByName, remediationsOf, remediationsFor, roleNamed, remediations } = synthConfig({
    disabled: ['vpc-flow-logs-enabled'],
    modes: { 'vpc-flow-logs': 'off', 'open-admin-ports': 'automatic' },
  });
  expect(rulesByName('acme-vpc-flow-logs-enabled')).toEqual([]);
  expect(remediationsOf('AWSSupport-EnableVPCFlowLogs')).toEqual([]);
  expect(roleNamed('acme-remediation-vpc-flow-logs')).toBeUndefined();
  expect(remediationsFor('open-admin-ports')).toHaveLength(2 * TEST_REGIONS.length);
  expect(remediationsFor('open-admin-ports').every((c) => c.automatic === true)).toBe(true);
  expect(remediations.active.map((r) => r.spec.key)).not.toContain('vpc-flow-logs');
});

test('a remediation that is on while its rule is not deployed is a synth error, not a silent no-op', () => {
  expect(() => synthConfig({ disabled: ['restricted-ssh'], modes: { 'open-admin-ports': 'manual' } })).toThrow(
    'Remediation open-admin-ports is manual but its rule(s) restricted-ssh are not deployed',
  );
});

describe('rule set', () => {
  const ALL_OFF = Object.fromEntries(REMEDIATIONS.map((r) => [r.key, 'off'])) as Modes;

  test('remediated-only with the default modes keeps exactly the rules a remediation fixes', () => {
    const { deployedRuleKeys } = synthConfig({ ruleSet: 'remediated-only' });
    expect(deployedRuleKeys().sort()).toEqual(
      [
        'vpc-default-security-group-closed',
        'restricted-ssh',
        'restricted-common-ports',
        'cloud-trail-log-file-validation-enabled',
        'cmk-backing-key-rotation-enabled',
        's3-account-level-public-access-blocks-periodic',
        'ec2-ebs-encryption-by-default',
        'vpc-flow-logs-enabled',
      ].sort(),
    );
  });

  test('all is the default: every catalog rule', () => {
    expect(synthConfig().deployedRuleKeys().sort()).toEqual(CONFIG_RULES.map((r) => r.key).sort());
    expect(synthConfig({ ruleSet: 'all', modes: ALL_OFF }).deployedRuleKeys()).toHaveLength(CONFIG_RULES.length);
  });

  test('remediated-only follows the modes: with every remediation off, no rule is left', () => {
    expect(synthConfig({ ruleSet: 'remediated-only', modes: ALL_OFF }).deployedRuleKeys()).toEqual([]);
  });

  test('a rule switched off stays off whatever the rule set', () => {
    // Rules alone: with remediations, switching off a rule an active remediation needs is refused.
    const { stack, providers } = regionalTestStack();
    const recording = new ConfigRecording(stack, 'recording', {
      accountId: TEST_ACCOUNT,
      providers,
      bucketName: 'b',
      bucketPolicy: new LogBucket(stack, 'bucket', { bucketName: 'b' }).policy,
    });
    const rules = new ConfigRules(stack, 'rules', {
      providers,
      recording,
      namePrefix: 'acme',
      ruleSet: 'remediated-only',
      disabled: new Set<ConfigRuleKey>(['restricted-ssh', 'iam-password-policy']),
      parameterSource: { passwordPolicy: { minimumLength: 14, reusePrevention: 24, maxPasswordAgeDays: 90 } },
    });
    const keys = rules.enabledRules.map((r) => r.key);
    expect(keys).not.toContain('restricted-ssh');
    expect(keys).toContain('restricted-common-ports');
    expect(rules.regionsOf('restricted-ssh')).toEqual([]);
  });

  // No remediation that is on can lose its rule to the rule set: for each remediation in each mode
  // that is not off, alone, remediated-only still deploys each of its rules wherever the rule belongs.
  test.each(REMEDIATIONS.flatMap((r) => REMEDIATION_MODES.filter((m) => m !== 'off').map((mode) => [r.key, mode] as const)))(
    'remediated-only keeps the rules of %s when it is %s',
    (key, mode) => {
      const { remediationsFor, rulesByName } = synthConfig({ ruleSet: 'remediated-only', modes: { ...ALL_OFF, [key]: mode } });
      const spec = REMEDIATIONS.find((r) => r.key === key)!;
      const expectedConfigs = spec.rules.reduce((n, ruleKey) => {
        const rule = CONFIG_RULES.find((r) => r.key === ruleKey)!;
        const regions = rule.regions === 'home' ? 1 : TEST_REGIONS.length;
        expect(rulesByName(`acme-${ruleKey}`)).toHaveLength(regions);
        return n + regions;
      }, 0);
      expect(remediationsFor(key)).toHaveLength(expectedConfigs);
    },
  );
});

describe('awsConfig.ruleSet in the organization file', () => {
  const withAwsConfig = (awsConfig: Record<string, unknown>) => validateOrganizationConfig({ ...exampleOrgInput(), awsConfig });
  const problemsOf = (awsConfig: Record<string, unknown>) => {
    try {
      withAwsConfig(awsConfig);
      return [];
    } catch (error) {
      return (error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
    }
  };

  test('defaults to all, accepts remediated-only, refuses anything else with the allowed values', () => {
    expect(withAwsConfig({}).awsConfig.ruleSet).toBe('all');
    expect(withAwsConfig({ ruleSet: 'remediated-only' }).awsConfig.ruleSet).toBe('remediated-only');
    expect(problemsOf({ ruleSet: 'minimal' })).toEqual(['awsConfig.ruleSet: must be one of: all, remediated-only']);
  });

  test('a remediation still needs its rule: only switching the rule off can take it away', () => {
    expect(problemsOf({ ruleSet: 'remediated-only' })).toEqual([]);
    expect(problemsOf({ ruleSet: 'remediated-only', remediations: { 'open-admin-ports': 'automatic' } })).toEqual([]);
    expect(problemsOf({ ruleSet: 'remediated-only', rules: { 'restricted-ssh': false } })).toEqual([
      expect.stringMatching(/^awsConfig\.remediations\.open-admin-ports: cannot be manual: it remediates awsConfig\.rules\.restricted-ssh/),
    ]);
  });

  describe('an account stack with remediated-only', () => {
    const org = withAwsConfig({ ruleSet: 'remediated-only', remediations: { 'vpc-flow-logs': 'off' } });
    const account = org.accounts.find((a) => a.role === 'security')!;
    const stack = new AccountBaselineStack(Testing.app(), { org, account });
    const json = synthStack(stack);
    const ruleNames = new Set(Object.values(resourcesOfType(json, 'aws_config_config_rule')).map((r) => r.name));

    test('deploys only the rules of the remediations that are on', () => {
      expect([...ruleNames].sort()).toEqual([...remediatedRulesOf(org.awsConfig.remediations)].map((key) => `acme-${key}`).sort());
      expect(ruleNames).not.toContain('acme-vpc-flow-logs-enabled');
      expect(ruleNames).not.toContain('acme-iam-password-policy');
    });

    test('every remediation that is on still has a configuration on each of its rules', () => {
      const configs = Object.values(resourcesOfType(json, 'aws_config_remediation_configuration'));
      for (const { spec } of stack.remediations.active) {
        for (const rule of spec.rules) {
          expect(configs.some((c) => String(c.config_rule_name).includes(`-${rule}_`))).toBe(true);
        }
      }
    });

    test('non-compliance of the remaining rules is still notified, and the loop guard watches the deployed runbook name', () => {
      const noncompliant = Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule')).filter(
        (r) => r.name === 'acme-config-noncompliant',
      );
      expect(noncompliant.length).toBeGreaterThan(0);
      expect(JSON.parse(noncompliant[0].event_pattern).detail.configRuleName).toEqual([{ prefix: 'acme-' }]);
      const filters = Object.values(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter'));
      const openAdminPorts = filters.find((f) => f.metric_transformation.name === 'open-admin-ports-executions')!;
      expect(openAdminPorts.metric_transformation.namespace).toBe(REMEDIATION_METRIC_NAMESPACE);
      expect(openAdminPorts.pattern).toContain('($.requestParameters.documentName = "acme-RevokePublicAdminPortIngress")');
    });
  });
});
