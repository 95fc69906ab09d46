import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { validateOrganizationConfig } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import { AccountBaselineStack } from '../../stacks/account-baseline-stack';
import { CIS_CONTROLS, CIS_FILTERS } from '../../modules/catalogs/cis-monitoring';
import { CONFIG_RULES } from '../../modules/catalogs/config-rules';
import { REMEDIATIONS } from '../../modules/catalogs/remediations';
import { GLOBAL_SIGN_IN_REGIONS } from '../../modules/catalogs/security-events';
import { DEFAULT_ENABLED_REGIONS } from '../../config/regions';
import { synthesizeOrganization } from '../../stacks/organization';
import {
  bodyOf,
  bucketResource,
  exampleOrg,
  exampleOrgInput,
  parsePolicy,
  refTo,
  regionOf,
  resourcesOfType,
  statementBySid,
  synthStack,
  tempDir,
} from '../helpers/synth';
import { unzipSingleFile } from '../helpers/zip';

function synthAccount(org: OrganizationConfig, accountName: string) {
  const account = org.accounts.find((a) => a.name === accountName)!;
  const stack = new AccountBaselineStack(Testing.app(), { org, account });
  return { stack, json: synthStack(stack) };
}

function orgWithBackend(stateBackend: Record<string, unknown>): OrganizationConfig {
  return validateOrganizationConfig({ ...exampleOrgInput(), stateBackend });
}

const org = exampleOrg();

describe.each(org.accounts.map((a) => [a.name, a] as const))('account stack %s', (name, account) => {
  const { stack, json } = synthAccount(org, name);

  test('is named after the account', () => {
    expect(stack.node.id).toBe(name);
  });

  test('has a provider for each enabled region and each console sign-in region, pinned to this account and its deployment role', () => {
    const providers = json.provider!.aws;
    expect(providers.map((p) => p.region).sort()).toEqual([...new Set([...org.regions, ...GLOBAL_SIGN_IN_REGIONS])].sort());
    const role = account.deploymentRoleName ?? org.deploymentRoleName;
    for (const provider of providers) {
      expect(provider.allowed_account_ids).toEqual([account.id]);
      expect(provider.assume_role[0].role_arn).toBe(`arn:aws:iam::${account.id}:role/${role}`);
      expect(provider.default_tags[0].tags).toMatchObject({ ...org.tags, ManagedBy: 'security-baseline', Account: name });
    }
  });

  test('keeps its own state: a key per account in the encrypted, locked S3 backend', () => {
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'acme-terraform-state-222222222222',
        key: `security-baseline/${name}/terraform.tfstate`,
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
        assume_role: { role_arn: 'arn:aws:iam::222222222222:role/TerraformStateAccess' },
      },
    });
  });

  test('never reads another stack state', () => {
    expect(json.data?.terraform_remote_state).toBeUndefined();
  });

  test('protects every log bucket and key from destroy', () => {
    const buckets = Object.values(resourcesOfType(json, 'aws_s3_bucket'));
    expect(buckets.map((b) => b.bucket).sort()).toEqual(
      ['access-logs', 'cloudtrail', 'config', 'vpc-flow-logs'].map((purpose) => `acme-${purpose}-${account.id}-eu-west-1`),
    );
    for (const protectedResource of [...buckets, ...Object.values(resourcesOfType(json, 'aws_kms_key'))]) {
      expect(protectedResource.lifecycle).toEqual({ prevent_destroy: true });
    }
  });

  test('the trail writes to the KMS-encrypted trail bucket with the account log key', () => {
    const trail = bodyOf(json, stack.auditTrail!.trail);
    const keyArn = refTo(stack.logKey.key, 'arn');
    expect(trail.s3_bucket_name).toBe(`acme-cloudtrail-${account.id}-eu-west-1`);
    expect(trail.kms_key_id).toBe(keyArn);
    expect(bodyOf(json, stack.auditTrail!.logGroup!).kms_key_id).toBe(keyArn);
    expect(
      bucketResource(json, 'aws_s3_bucket_server_side_encryption_configuration', stack.trailBucket!.bucket).rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: keyArn });
  });

  test('trail bucket and key policies name exactly the trail that is created', () => {
    const trailArn = `arn:aws:cloudtrail:eu-west-1:${account.id}:trail/${bodyOf(json, stack.auditTrail!.trail).name}`;
    const bucketPolicy = bodyOf(json, stack.trailBucket!.policy).policy;
    expect(statementBySid(bucketPolicy, 'AllowCloudTrailWrite').Condition?.StringEquals?.['aws:SourceArn']).toBe(trailArn);
    const keyPolicy = bodyOf(json, stack.logKey.key).policy;
    expect(statementBySid(keyPolicy, 'AllowCloudTrailToEncryptLogs').Condition?.StringEquals?.['aws:SourceArn']).toBe(trailArn);
    const logGroupArn = `arn:aws:logs:eu-west-1:${account.id}:log-group:${bodyOf(json, stack.auditTrail!.logGroup!).name}`;
    expect(
      statementBySid(keyPolicy, 'AllowCloudWatchLogsForBaselineLogGroups').Condition?.ArnEquals?.['kms:EncryptionContext:aws:logs:arn'],
    ).toEqual([
      logGroupArn,
      `arn:aws:logs:eu-west-1:${account.id}:log-group:/acme/remediation-failures`,
      `arn:aws:logs:eu-west-1:${account.id}:log-group:/aws/lambda/acme-slack-notifier`,
      `arn:aws:logs:eu-west-1:${account.id}:log-group:/aws/lambda/acme-securityhub-remediation`,
    ]);
  });

  test('trail, Config and flow-log buckets log access into the SSE-S3 access-log bucket, which admits exactly them', () => {
    const accessLogs = stack.accessLogBucket!.bucket;
    expect(bucketResource(json, 'aws_s3_bucket_logging', stack.trailBucket!.bucket)).toMatchObject({
      target_bucket: refTo(accessLogs, 'id'),
      target_prefix: 'cloudtraillogs/',
    });
    expect(bucketResource(json, 'aws_s3_bucket_logging', stack.configBucket!.bucket)).toMatchObject({
      target_bucket: refTo(accessLogs, 'id'),
      target_prefix: 'configlogs/',
    });
    expect(
      bucketResource(json, 'aws_s3_bucket_server_side_encryption_configuration', accessLogs).rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
    const delivery = statementBySid(bodyOf(json, stack.accessLogBucket!.policy).policy, 'AllowS3ServerAccessLogDelivery');
    expect(delivery.Condition?.ArnLike?.['aws:SourceArn']).toEqual([
      stack.trailBucket!.bucketArn,
      stack.configBucket!.bucketArn,
      stack.flowLogBucket!.bucketArn,
    ]);
    expect(delivery.Condition?.StringEquals?.['aws:SourceAccount']).toBe(account.id);
  });

  test('the Config bucket admits AWS Config deliveries for this account only', () => {
    const policy = parsePolicy(bodyOf(json, stack.configBucket!.policy).policy);
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'AllowConfigBucketPermissionsCheck',
      'AllowConfigBucketExistenceCheck',
      'AllowConfigDelivery',
    ]);
  });

  test('AWS Config records in every enabled region, IAM types only in the home region', () => {
    const recorders = Object.values(resourcesOfType(json, 'aws_config_configuration_recorder'));
    expect(recorders.map((r) => [regionOf(json, r), r.recording_group.include_global_resource_types]).sort()).toEqual(
      org.regions.map((region) => [region, region === org.homeRegion]).sort(),
    );
    for (const status of Object.values(resourcesOfType(json, 'aws_config_configuration_recorder_status')))
      expect(status.is_enabled).toBe(true);
    for (const channel of Object.values(resourcesOfType(json, 'aws_config_delivery_channel'))) {
      expect(channel.s3_bucket_name).toBe(stack.configBucket!.bucketName);
    }
  });

  test('every catalog rule exists: regional rules in every region, the others only in the home region', () => {
    const rules = Object.values(resourcesOfType(json, 'aws_config_config_rule'));
    for (const rule of CONFIG_RULES) {
      const regions = rules.filter((r) => r.name === `acme-${rule.key}`).map((r) => regionOf(json, r));
      expect(regions.sort()).toEqual(rule.regions === 'home' ? [org.homeRegion] : [...org.regions].sort());
    }
  });

  test('the default security group is remediated automatically in every region, the rest wait for an operator', () => {
    const configs = Object.values(resourcesOfType(json, 'aws_config_remediation_configuration'));
    const automatic = configs.filter((c) => c.automatic);
    expect(automatic.map((c) => c.target_id)).toEqual(org.regions.map(() => 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules'));
    expect(stack.remediations.active.map((r) => r.spec.key)).toEqual(REMEDIATIONS.map((r) => r.key));
  });

  test('every alarm notifies the encrypted notification topic, which has a subscriber', () => {
    const alarms = Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm'));
    const defaultCisFilters = CIS_FILTERS.filter((f) => !f.optional);
    // Loop guard (one per remediation, and failures), CIS, Security Hub remediation (failures, cap, function errors).
    expect(alarms.length).toBe(REMEDIATIONS.length + 1 + defaultCisFilters.length + 3);
    for (const alarm of alarms) expect(alarm.alarm_actions).toEqual([refTo(stack.notifications!.topic, 'arn')]);
    expect(stack.notifications!.topicArn).toBe(`arn:aws:sns:eu-west-1:${account.id}:acme-security-notifications`);
    expect(bodyOf(json, stack.notifications!.topic).name).toBe('acme-security-notifications');
    const subscriptions = Object.values(resourcesOfType(json, 'aws_sns_topic_subscription'));
    expect(subscriptions.filter((s) => s.protocol === 'email').map((s) => s.endpoint)).toEqual(org.notifications.emails);
    expect(subscriptions.filter((s) => s.protocol === 'lambda').map((s) => s.endpoint)).toEqual([
      refTo(stack.slackNotifier!.function, 'arn'),
    ]);
  });

  test('GuardDuty and Security Hub in every enabled region, findings aggregated in the home region', () => {
    for (const type of ['aws_guardduty_detector', 'aws_securityhub_account']) {
      expect(
        Object.values(resourcesOfType(json, type))
          .map((r) => regionOf(json, r))
          .sort(),
      ).toEqual([...org.regions].sort());
    }
    const [aggregator] = Object.values(resourcesOfType(json, 'aws_securityhub_finding_aggregator'));
    expect(regionOf(json, aggregator)).toBe(org.homeRegion);
    expect([...aggregator.specified_regions].sort()).toEqual(org.regions.filter((r) => r !== org.homeRegion).sort());
  });

  test('every CIS 4.1-4.15 control has a filter on the trail log group and an alarm on its metric', () => {
    const trailLogGroup = refTo(stack.auditTrail!.logGroup!, 'name');
    const filters = Object.values(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter')).filter(
      (f) => f.log_group_name === trailLogGroup,
    );
    // Well under CloudWatch Logs' quota of 100 metric filters per log group.
    expect(filters.length).toBeLessThan(50);
    const alarms = Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm'));
    for (const control of CIS_CONTROLS) {
      const controlAlarms = alarms.filter(
        (a) =>
          a.alarm_description.startsWith(`CIS ${control.control}:`) ||
          (control.control === 'new-access-key' && a.alarm_name === 'acme-cis-new-access-key'),
      );
      expect(controlAlarms.length).toBeGreaterThan(0);
      for (const alarm of controlAlarms) {
        const filter = filters.find((f) => f.metric_transformation.name === alarm.metric_name);
        expect(filter?.metric_transformation.namespace).toBe(alarm.namespace);
      }
    }
  });

  test('account hardening: password policy and S3 block once, EBS encryption and Access Analyzer in every region', () => {
    expect(Object.keys(resourcesOfType(json, 'aws_iam_account_password_policy'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(json, 'aws_s3_account_public_access_block'))).toHaveLength(1);
    for (const type of ['aws_ebs_encryption_by_default', 'aws_accessanalyzer_analyzer']) {
      expect(
        Object.values(resourcesOfType(json, type))
          .map((r) => regionOf(json, r))
          .sort(),
      ).toEqual([...org.regions].sort());
    }
  });
});

describe('configuration flows into the stack', () => {
  test('lifecycle settings per bucket and log retention', () => {
    const raw = exampleOrgInput();
    raw.logBuckets = {
      accessLogs: { transitionToGlacierDays: 120, expirationDays: 3650 },
      config: { noncurrentVersionExpirationDays: 30 },
    };
    raw.auditTrail = { cloudWatchLogsRetentionDays: 731 };
    const { stack, json } = synthAccount(validateOrganizationConfig(raw), 'security');
    const ruleOf = (bucket: NonNullable<typeof stack.trailBucket>) =>
      bucketResource(json, 'aws_s3_bucket_lifecycle_configuration', bucket.bucket).rule[0];
    expect(ruleOf(stack.accessLogBucket!)).toMatchObject({ transition: [{ days: 120 }], expiration: [{ days: 3650 }] });
    expect(ruleOf(stack.configBucket!)).toMatchObject({
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
      expiration: [{ days: 2555 }],
    });
    expect(ruleOf(stack.trailBucket!)).toMatchObject({ transition: [{ days: 90 }], expiration: [{ days: 2555 }] });
    expect(bodyOf(json, stack.auditTrail!.logGroup!).retention_in_days).toBe(731);
  });

  test('a Terraform Cloud backend gives every account its own workspace', () => {
    const cloud = orgWithBackend({
      type: 'cloud',
      organization: 'acme-corp',
      project: 'security',
      workspaceNamePattern: 'baseline-{account}',
    });
    expect(synthAccount(cloud, 'workload-dev').json.terraform.cloud).toEqual({
      organization: 'acme-corp',
      hostname: 'app.terraform.io',
      workspaces: { name: 'baseline-workload-dev', project: 'security' },
    });
    expect(synthAccount(cloud, 'security').json.terraform.cloud.workspaces.name).toBe('baseline-security');
  });

  test('turning the flow-log remediation off drops the flow-log bucket; no remediation at all drops the loop guard', () => {
    const raw = exampleOrgInput();
    raw.awsConfig = { remediations: Object.fromEntries(REMEDIATIONS.map((r) => [r.key, 'off'])) };
    delete raw.securityHub.remediation; // nothing left to start from Security Hub
    const { stack, json } = synthAccount(validateOrganizationConfig(raw), 'security');
    expect(stack.flowLogBucket).toBeUndefined();
    expect(stack.remediationLoopGuard).toBeUndefined();
    expect(resourcesOfType(json, 'aws_config_remediation_configuration')).toEqual({});
    expect(Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm')).filter((a) => a.alarm_name.includes('remediation'))).toEqual(
      [],
    );
    expect(Object.values(resourcesOfType(json, 'aws_s3_bucket')).map((b) => b.bucket)).not.toContain(
      'acme-vpc-flow-logs-333333333333-eu-west-1',
    );
  });

  test('CIS filters can be switched on and off and their alarms tuned', () => {
    const raw = exampleOrgInput();
    raw.cisMonitoring = {
      filters: {
        '4.1': { threshold: 10, periodSeconds: 900 },
        '4.1-excluding-config-decrypt': { enabled: true },
        '4.14': { enabled: false },
      },
    };
    const { json } = synthAccount(validateOrganizationConfig(raw), 'security');
    const alarms = Object.fromEntries(Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm')).map((a) => [a.alarm_name, a]));
    expect(alarms['acme-cis-4.1']).toMatchObject({ threshold: 10, period: 900 });
    expect(alarms['acme-cis-4.1-excluding-config-decrypt']).toMatchObject({ threshold: 1, period: 300 });
    expect(alarms['acme-cis-4.14']).toBeUndefined();
    expect(alarms['acme-cis-4.2-excluding-sso']).toBeUndefined();
  });

  const DETECTIVE_CONTROLS = [
    'aws_guardduty_detector',
    'aws_securityhub_account',
    'aws_config_configuration_recorder',
    'aws_accessanalyzer_analyzer',
    'aws_ebs_encryption_by_default',
  ];
  const regionsWith = (json: ReturnType<typeof synthAccount>['json'], type: string) =>
    Object.values(resourcesOfType(json, type))
      .map((r) => regionOf(json, r))
      .sort();

  test('regions without us-east-1: us-east-1 still gets every detective control, and Security Hub aggregates it', () => {
    const { json } = synthAccount(
      validateOrganizationConfig({ ...exampleOrgInput(), regions: ['eu-west-1', 'eu-central-1'] }),
      'workload-dev',
    );
    for (const type of DETECTIVE_CONTROLS) expect(regionsWith(json, type)).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
    const [aggregator] = Object.values(resourcesOfType(json, 'aws_securityhub_finding_aggregator'));
    expect([...aggregator.specified_regions].sort()).toEqual(['eu-central-1', 'us-east-1']);
    // The sign-in regions only watch sign-ins.
    expect(regionsWith(json, 'aws_cloudwatch_event_rule').filter((r) => r === 'eu-north-1')).toHaveLength(1);
  });

  test('detectiveControlRegions all-default-enabled: every default-enabled region plus opt-in ones configured', () => {
    const input = { ...exampleOrgInput(), regions: ['eu-west-1', 'eu-south-2'], detectiveControlRegions: 'all-default-enabled' };
    const { json } = synthAccount(validateOrganizationConfig(input), 'workload-dev');
    const expected = [...DEFAULT_ENABLED_REGIONS, 'eu-south-2'].sort();
    expect(DEFAULT_ENABLED_REGIONS).toHaveLength(17);
    for (const type of DETECTIVE_CONTROLS) expect(regionsWith(json, type)).toEqual(expected);
    expect(regionsWith(json, 'aws_config_configuration_recorder').length).toBe(18);
    expect(Object.keys(resourcesOfType(json, 'aws_iam_service_linked_role'))).toHaveLength(1);
  });

  test.each([
    ['eu-central-1', undefined, 'us-west-2'],
    ['eu-west-1', undefined, 'eu-west-1'],
    ['eu-central-1', 'ap-southeast-1', 'ap-southeast-1'],
  ])('home region %s, chatbot.region %s: the Chatbot channel is created in %s, where its API exists', (home, chosen, expected) => {
    const input = exampleOrgInput();
    input.homeRegion = home;
    if (chosen) input.notifications.slack.chatbot.region = chosen;
    const { json } = synthAccount(validateOrganizationConfig(input), 'security');
    expect(regionsWith(json, 'aws_chatbot_slack_channel_configuration')).toEqual([expected]);
  });

  test('with the sign-in rule off, the stack never touches the sign-in-only regions (an SCP may deny them)', () => {
    const input = exampleOrgInput();
    input.securityEvents = { rules: { 'sign-in-without-mfa': false } };
    const { json } = synthAccount(validateOrganizationConfig(input), 'workload-dev');
    expect(json.provider!.aws.map((p) => p.region).sort()).toEqual([...org.regions].sort());
  });

  test('a local backend keeps one state file per account', () => {
    const local = orgWithBackend({ type: 'local' });
    expect(synthAccount(local, 'security').json.terraform.backend).toEqual({
      local: { path: '../../../terraform-state/security.tfstate' },
    });
  });
});

describe('the example organization, synthesized', () => {
  const outdir = tempDir('example');
  synthesizeOrganization(org, { outdir });
  const stackFile = (name: string) => path.join(outdir, 'stacks', name, 'cdk.tf.json');

  test('one stack directory per account', () => {
    expect(fs.readdirSync(path.join(outdir, 'stacks')).sort()).toEqual(org.accounts.map((a) => a.name).sort());
  });

  test.each(org.accounts.map((a) => a.name))('%s matches its snapshot', (name) => {
    expect(fs.readFileSync(stackFile(name), 'utf8')).toMatchSnapshot();
  });

  test('the Slack notifier package is the bundled handler, and its hash is the package SHA-256', () => {
    const stack = JSON.parse(fs.readFileSync(stackFile('security'), 'utf8'));
    const fn = (Object.values(stack.resource.aws_lambda_function) as any[]).find((f) => f.function_name === 'acme-slack-notifier');
    const zip = fs.readFileSync(path.join(outdir, 'stacks', 'security', fn.filename));
    expect(createHash('sha256').update(zip).digest('base64')).toBe(fn.source_code_hash);
    const { name, content } = unzipSingleFile(zip);
    expect(name).toBe('index.js');
    expect(content.toString()).toContain('Slack answered');
    // The SDK comes with the Lambda runtime: required, not bundled.
    expect(content.toString()).toContain('require("@aws-sdk/client-secrets-manager")');
  });

  test('is byte-identical when synthesized again', () => {
    const again = tempDir('example-again');
    synthesizeOrganization(org, { outdir: again });
    // Compared with Buffer.equals: jest's toEqual walks a buffer byte by byte (a second per stack).
    const files = [...org.accounts.map((account) => path.join('stacks', account.name, 'cdk.tf.json')), 'manifest.json'];
    const differing = files.filter((file) => !fs.readFileSync(path.join(again, file)).equals(fs.readFileSync(path.join(outdir, file))));
    expect(differing).toEqual([]);
  });
});
