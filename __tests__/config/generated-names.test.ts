/**
 * The name cross-check is only as good as its list: these tests prove that every name a stack
 * really creates is in `generatedNames` (with the service that owns it), that the limits are
 * AWS's, and that the longest names the schema allows still pass.
 */
import { Testing } from 'cdktf';
import { validateOrganizationConfig } from '../../config/load';
import { nameProblem } from '../../config/name-limits';
import { generatedNames, type NameKind } from '../../config/names';
import { AWS_REGIONS } from '../../config/schema';
import { BASELINE_TAG_KEYS } from '../../config/tags';
import { AccountBaselineStack } from '../../stacks/account-baseline-stack';
import { exampleOrgInput, synthStack } from '../helpers/synth';

/** Which generated kind each synthesized resource's name attribute is. */
const NAME_ATTRIBUTES: Readonly<Record<string, { readonly attribute: string; readonly kind: NameKind }>> = {
  aws_s3_bucket: { attribute: 'bucket', kind: 's3-bucket' },
  aws_iam_role: { attribute: 'name', kind: 'iam-role' },
  aws_iam_policy: { attribute: 'name', kind: 'iam-policy' },
  aws_kms_alias: { attribute: 'name', kind: 'kms-alias' },
  aws_cloudwatch_log_group: { attribute: 'name', kind: 'log-group' },
  aws_cloudwatch_log_resource_policy: { attribute: 'policy_name', kind: 'log-resource-policy' },
  aws_sns_topic: { attribute: 'name', kind: 'sns-topic' },
  aws_sqs_queue: { attribute: 'name', kind: 'sqs-queue' },
  aws_lambda_function: { attribute: 'function_name', kind: 'lambda-function' },
  aws_cloudtrail: { attribute: 'name', kind: 'cloudtrail-trail' },
  aws_cloudwatch_event_rule: { attribute: 'name', kind: 'event-rule' },
  aws_config_config_rule: { attribute: 'name', kind: 'config-rule' },
  aws_cloudwatch_metric_alarm: { attribute: 'alarm_name', kind: 'metric-alarm' },
  aws_accessanalyzer_analyzer: { attribute: 'analyzer_name', kind: 'access-analyzer' },
  aws_chatbot_slack_channel_configuration: { attribute: 'configuration_name', kind: 'chatbot-configuration' },
  aws_ssm_document: { attribute: 'name', kind: 'ssm-document' },
  aws_dynamodb_table: { attribute: 'name', kind: 'dynamodb-table' },
};

/** A prefix found nowhere else in the output, so every name built from it can be told apart. */
const PREFIX = 'zq-names';

/** The example with everything that creates a name switched on: Slack both ways, every remediation, a customer-managed EBS key. */
function everythingOnInput() {
  const input = exampleOrgInput();
  input.namePrefix = PREFIX;
  input.hardening = { ebsDefaultEncryptionKey: 'customer-managed', accessAnalyzer: true, supportRole: true };
  input.awsConfig = { remediations: { 'default-security-group': 'automatic', 'open-admin-ports': 'manual', 'vpc-flow-logs': 'manual' } };
  return input;
}

describe('every name a stack creates is checked', () => {
  const org = validateOrganizationConfig(everythingOnInput());
  const accountIndex = org.accounts.findIndex((a) => a.role === 'security');
  const json = synthStack(new AccountBaselineStack(Testing.app(), { org, account: org.accounts[accountIndex] }));
  const generated = new Set(generatedNames(org, accountIndex).map(({ kind, name }) => `${kind} ${name}`));

  const namesFromPrefix = Object.entries(json.resource ?? {}).flatMap(([type, resources]) =>
    Object.values(resources).flatMap((resource: Record<string, unknown>) =>
      Object.entries(resource)
        .filter(([, value]) => typeof value === 'string' && value.includes(PREFIX) && !value.includes('${') && !value.startsWith('arn:'))
        .filter(([attribute]) =>
          ['name', 'bucket', 'policy_name', 'function_name', 'alarm_name', 'analyzer_name', 'configuration_name'].includes(attribute),
        )
        .map(([attribute, name]) => ({ type, attribute, name: name as string })),
    ),
  );

  test('the stack creates names of every kind the table knows', () => {
    expect(new Set(namesFromPrefix.map((n) => n.type))).toEqual(new Set(Object.keys(NAME_ATTRIBUTES)));
  });

  test.each(Object.keys(NAME_ATTRIBUTES))('%s: each name is in generatedNames with its service', (type) => {
    const synthesized = namesFromPrefix.filter((n) => n.type === type);
    const { attribute, kind } = NAME_ATTRIBUTES[type];
    for (const { name, attribute: found } of synthesized) {
      expect(found).toBe(attribute);
      expect(generated).toContain(`${kind} ${name}`);
    }
  });

  test('the baseline adds exactly the tags tags.ts counts against the limit', () => {
    for (const provider of json.provider!.aws) {
      const added = Object.keys(provider.default_tags[0].tags).filter((key) => !(key in org.tags));
      expect(added.sort()).toEqual([...BASELINE_TAG_KEYS].sort());
    }
  });
});

describe('the longest names the schema allows pass every check', () => {
  const longestRegion = [...AWS_REGIONS].sort((a, b) => b.length - a.length)[0];
  const input = everythingOnInput();
  input.namePrefix = 'p'.repeat(16);
  input.regions = [longestRegion];
  input.homeRegion = longestRegion;
  input.accounts = input.accounts.map((account: Record<string, unknown>, index: number) => ({
    ...account,
    name: `${'a'.repeat(31)}${index}`,
  }));

  test('with the S3 backend', () => {
    expect(() => validateOrganizationConfig(input)).not.toThrow();
  });

  test('with Terraform Cloud and the default workspace pattern', () => {
    expect(() => validateOrganizationConfig({ ...input, stateBackend: { type: 'cloud', organization: 'acme' } })).not.toThrow();
  });
});

describe("limits are AWS's: the longest allowed name passes, one character more fails", () => {
  const cases: [NameKind, string, number][] = [
    ['s3-bucket', 'b', 63],
    ['iam-role', 'r', 64],
    ['iam-policy', 'p', 128],
    ['lambda-function', 'f', 64],
    ['sqs-queue', 'q', 80],
    ['sns-topic', 't', 256],
    ['event-rule', 'e', 64],
    ['config-rule', 'c', 128],
    ['metric-alarm', 'm', 255],
    ['cloudtrail-trail', 'c', 128],
    ['log-group', 'l', 512],
    ['access-analyzer', 'a', 255],
    ['chatbot-configuration', 'c', 128],
    ['tfc-workspace', 'w', 90],
    ['ssm-document', 'd', 128],
    ['s3-object-key', 'k', 1024],
  ];
  test.each(cases)('%s: %s × %i', (kind, char, maxLength) => {
    expect(nameProblem(kind, char.repeat(maxLength))).toBeUndefined();
    expect(nameProblem(kind, char.repeat(maxLength + 1))).toBe(`it would be ${maxLength + 1} characters long`);
  });

  test('kms-alias: 256 characters including alias/, and never alias/aws/', () => {
    expect(nameProblem('kms-alias', `alias/${'k'.repeat(250)}`)).toBeUndefined();
    expect(nameProblem('kms-alias', `alias/${'k'.repeat(251)}`)).toBe('it would be 257 characters long');
    expect(nameProblem('kms-alias', 'alias/aws/logs')).toMatch(/reserved for AWS managed keys/);
  });

  test.each([
    ['xn--logs', /xn--/],
    ['sthree-logs', /sthree-/],
    ['amzn-s3-demo-logs', /amzn-s3-demo-/],
    ['logs-s3alias', /-s3alias/],
    ['logs--ol-s3', /--ol-s3/],
    ['logs.mrap', /\.mrap/],
    ['logs--x-s3', /--x-s3/],
    ['logs--table-s3', /--table-s3/],
    ['logs..archive', /two dots/],
    ['192.168.5.4', /IP address/],
    ['Logs', /allowed form/],
  ])('s3-bucket: %s is refused', (name, reason) => {
    expect(nameProblem('s3-bucket', name)).toMatch(reason);
  });

  test.each(['aws-fix', 'Amazon-fix', 'amzn-fix'])('ssm-document: %s is refused (AWS reserves the prefix)', (name) => {
    expect(nameProblem('ssm-document', name)).toBe('SSM reserves names starting with aws, amazon and amzn');
  });

  test.each(['my--trail', 'my-_trail', '-trail', 'trail.', '10.0.0.1'])('cloudtrail-trail: %s is refused', (name) => {
    expect(nameProblem('cloudtrail-trail', name)).toBeDefined();
  });
});
