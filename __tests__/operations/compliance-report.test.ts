/**
 * The compliance report (`npm run report`) from really synthesized stacks, read back as the script
 * reads them: the bundled organization-mode example, and a standalone variant that switches
 * controls off. Every address the report names is looked up in the stack's JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import { detectiveRegions } from '../../config/regions';
import { CIS_CONTROLS, CIS_FILTERS } from '../../modules/catalogs/cis-monitoring';
import { CONFIG_RULES } from '../../modules/catalogs/config-rules';
import { SECURITY_HUB_STANDARD_CONTROLS } from '../../modules/catalogs/security-hub-controls';
import { ConfigRecording } from '../../modules/compliance/config-recording';
import { SUPPORT_ACCESS_POLICY } from '../../modules/hardening/account-hardening';
import { BASELINE_CONTROLS, configServiceLinkedRoleArn, SUPPORT_ACCESS_POLICY_ARN } from '../../operations/baseline-controls';
import { type ComplianceReport, buildComplianceReport, type StackReport } from '../../operations/compliance-report';
import { renderComplianceMarkdown } from '../../operations/compliance-report-markdown';
import { readSynthesizedStacks, stackResources, SynthesizedOutputMissing } from '../../operations/synthesized-output';
import { exampleOrgInput, organizationModeExample, type StackJson, tempDir } from '../helpers/synth';
import { addressesOf, type SynthesizedOrganization, synthesizeToTempDir } from '../helpers/synthesized-organization';

/** The report as `npm run report` builds it: from the stack files in the output directory. */
function reportOf(synthesized: SynthesizedOrganization): ComplianceReport {
  return buildComplianceReport(synthesized.org, readSynthesizedStacks(synthesized.org, synthesized.outdir));
}

/** The synthesized arguments of the resource at `address` (`type.logical_id`). */
function resourceAt(stack: StackJson, address: string): Record<string, any> {
  const [type, id] = address.split('.');
  const body = stack.resource?.[type]?.[id];
  if (!body) throw new Error(`${address} is not in the stack`);
  return body;
}

const stackReport = (report: ComplianceReport, name: string): StackReport => report.stacks.find((s) => s.stack === name)!;

const S3_5_REASON = 'Buckets are reached only through VPC endpoints | TLS is enforced by the <org-tls> SCP';

const organization = synthesizeToTempDir(organizationModeExample(), 'report-organization');
const organizationReport = reportOf(organization);

const variantInput = exampleOrgInput();
variantInput.cisMonitoring = { filters: { '4.3': { enabled: false }, '4.2-excluding-sso': { enabled: true } } };
variantInput.securityEvents = { rules: { 'health-events': false } };
variantInput.awsConfig = { rules: { 'access-keys-rotated': false }, remediations: { 'vpc-flow-logs': 'off' } };
variantInput.securityHub.disabledControls.push({ controlId: 'S3.5', reason: S3_5_REASON });
variantInput.hardening = {
  supportRole: false,
  passwordPolicy: { reusePrevention: 12 },
  securityContact: { name: 'Security Team', title: 'CISO office', emailAddress: 'security@example.com', phoneNumber: '+1 555 0100' },
};
const variant = synthesizeToTempDir(validateOrganizationConfig(variantInput), 'report-variant');
const variantReport = reportOf(variant);

describe('organization example', () => {
  test('one stack report per account, sorted by name', () => {
    expect(organizationReport.stacks.map((s) => s.stack)).toEqual(organization.org.accounts.map((a) => a.name).sort());
  });

  test.each(organization.org.accounts.map((a) => a.name))(
    '%s: every CIS 4.x control maps to an alarm that exists in the stack, on the metric of a filter it lists too',
    (name) => {
      const stack = organization.stack(name);
      for (const control of CIS_CONTROLS.filter((c) => c.control.startsWith('4.'))) {
        const entries = stackReport(organizationReport, name).implemented.filter(
          (c) => c.family === 'cis-monitoring' && c.ids.cis.includes(control.control),
        );
        expect(entries.length).toBeGreaterThan(0);
        for (const entry of entries) {
          const alarms = entry.addresses.filter((a) => a.startsWith('aws_cloudwatch_metric_alarm.'));
          const filters = entry.addresses.filter((a) => a.startsWith('aws_cloudwatch_log_metric_filter.'));
          expect([alarms.length, filters.length]).toEqual([1, 1]);
          const alarm = resourceAt(stack, alarms[0]);
          expect(alarm.alarm_name).toBe(`${organization.org.namePrefix}-cis-${entry.key}`);
          expect(alarm.metric_name).toBe(resourceAt(stack, filters[0]).metric_transformation.name);
        }
      }
    },
  );

  test('every address the report names exists in its stack', () => {
    for (const { stack, implemented, switchedOff } of organizationReport.stacks) {
      const declared = addressesOf(organization.stack(stack));
      for (const control of [...implemented, ...switchedOff]) expect(declared).toEqual(expect.arrayContaining([...control.addresses]));
    }
  });

  test('ids come from the catalogs: Security Hub only for the primary filter, Prowler where Prowler accepts the filter', () => {
    const implemented = stackReport(organizationReport, 'workload-prod').implemented;
    const cis = Object.fromEntries(implemented.filter((c) => c.family === 'cis-monitoring').map((c) => [c.key, c.ids]));
    expect(cis['4.13']).toEqual({
      cis: ['4.13'],
      securityHub: ['CloudWatch.13'],
      prowler: ['cloudwatch_changes_to_network_route_tables_alarm_configured'],
    });
    expect(cis['4.13-cis-text'].securityHub).toEqual([]);
    expect(cis['4.15'].prowler).toEqual([]);
    expect(cis['4.15-prowler'].prowler).toEqual(['cloudwatch_log_metric_filter_aws_organizations_changes']);
    expect(cis['new-access-key'].cis).toEqual([]);
    const remediation = implemented.find((c) => c.key === 'open-admin-ports')!;
    expect(remediation.ids).toEqual({ cis: ['5.2'], securityHub: ['EC2.13', 'EC2.14', 'EC2.53', 'EC2.54'], prowler: [] });
  });

  test("GuardDuty plans and Security Hub standards are the security account's: the administrator configures them for everyone", () => {
    const holders = (family: string) =>
      organizationReport.stacks.filter((s) => s.implemented.some((c) => c.family === family)).map((s) => s.stack);
    expect(holders('guardduty-protection')).toEqual(['security']);
    expect(holders('security-hub-standard')).toEqual(['security']);
  });

  test('the disabled Security Hub control is switched off in every stack with its reason, kept off by the central policy', () => {
    for (const { stack, switchedOff } of organizationReport.stacks) {
      const iam6 = switchedOff.find((c) => c.family === 'security-hub-control' && c.key === 'IAM.6')!;
      expect(iam6).toMatchObject({
        reason: organization.org.securityHub.disabledControls[0].reason,
        setting: 'securityHub.disabledControls[0]',
      });
      if (stack !== 'security') {
        expect(iam6.addresses).toEqual([]);
        continue;
      }
      expect(iam6.addresses).toHaveLength(1);
      const policy = resourceAt(organization.stack(stack), iam6.addresses[0]);
      expect(policy.configuration_policy.security_controls_configuration.disabled_control_identifiers).toContain('IAM.6');
    }
  });

  test('optional filters are off by default, runtime monitoring off as configured, with the resources that keep it off', () => {
    const security = stackReport(organizationReport, 'security');
    const off = Object.fromEntries(security.switchedOff.map((c) => [c.key, c]));
    expect(CIS_FILTERS.filter((f) => f.optional).map((f) => off[f.id]?.reason)).toEqual(['off by default', 'off by default']);
    expect(off['4.1-excluding-config-decrypt'].setting).toBeUndefined();
    expect(off.runtimeMonitoring).toMatchObject({
      reason: 'guardDuty.protections.runtimeMonitoring: false',
      setting: 'guardDuty.protections.runtimeMonitoring',
    });
    expect(off.runtimeMonitoring.addresses).toHaveLength(3);
    for (const address of off.runtimeMonitoring.addresses)
      expect(resourceAt(organization.stack('security'), address).auto_enable).toBe('NONE');
  });
});

describe('controls of the baseline structure (organization example)', () => {
  /** In every account: its own trail, keys, recorder and hardening. */
  const EVERY_ACCOUNT = [
    'trail-multi-region',
    'trail-log-file-validation',
    'trail-kms-encryption',
    'trail-cloudwatch-logs',
    'kms-key-rotation',
    'config-recorder',
    'password-minimum-length',
    'password-reuse-prevention',
    'password-complexity',
    'password-maximum-age',
    's3-account-public-access-block',
    'ebs-default-encryption',
    'access-analyzer',
    'support-role',
  ];
  const entry = (stack: string, key: string) => stackReport(organizationReport, stack).implemented.find((c) => c.key === key);
  const holders = (key: string) => organizationReport.stacks.filter((s) => s.implemented.some((c) => c.key === key)).map((s) => s.stack);
  const regions = detectiveRegions(organization.org.homeRegion, organization.org.regions, organization.org.detectiveControlRegions).length;

  test.each(organization.org.accounts.map((a) => a.name))(
    '%s: its trail, recorder, keys and hardening, each by resources of its own stack that do what the control asks',
    (name) => {
      const stack = organization.stack(name);
      expect(EVERY_ACCOUNT.filter((key) => !entry(name, key)?.addresses.length)).toEqual([]);
      const trails = addressesOf(stack).filter((a) => a.startsWith('aws_cloudtrail.'));
      for (const key of ['trail-multi-region', 'trail-log-file-validation', 'trail-kms-encryption', 'trail-cloudwatch-logs'])
        expect(entry(name, key)!.addresses).toEqual(trails);
      for (const trail of trails.map((a) => resourceAt(stack, a))) {
        expect(trail).toMatchObject({
          is_multi_region_trail: true,
          enable_log_file_validation: true,
          event_selector: [{ include_management_events: true, read_write_type: 'All' }],
        });
        expect(trail.kms_key_id).toMatch(/^(\$\{aws_kms_key\.|arn:aws:kms:)/);
        expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\./);
      }

      // Config.1: a recorder and its status in every detective-control region, with the service-linked role.
      const recording = entry(name, 'config-recorder')!.addresses;
      const recorders = recording.filter((a) => a.startsWith('aws_config_configuration_recorder.'));
      const statuses = recording.filter((a) => a.startsWith('aws_config_configuration_recorder_status.'));
      const [role] = recording.filter((a) => a.startsWith('aws_iam_service_linked_role.'));
      expect([recorders.length, statuses.length]).toEqual([regions, regions]);
      expect(resourceAt(stack, role).aws_service_name).toBe('config.amazonaws.com');
      for (const recorder of recorders) expect(resourceAt(stack, recorder).role_arn).toBe(`\${${role}.arn}`);
      for (const status of statuses) expect(resourceAt(stack, status).is_enabled).toBe(true);

      const policy = resourceAt(stack, entry(name, 'password-reuse-prevention')!.addresses[0]);
      expect(policy).toMatchObject({ minimum_password_length: 14, password_reuse_prevention: 24, max_password_age: 90 });
      expect(entry(name, 'ebs-default-encryption')!.addresses).toHaveLength(regions);
      const support = entry(name, 'support-role')!.addresses.map((a) => resourceAt(stack, a));
      expect(support.map((r) => r.policy_arn ?? r.name)).toEqual([`${organization.org.namePrefix}-aws-support`, SUPPORT_ACCESS_POLICY]);
      const keys = addressesOf(stack).filter((a) => a.startsWith('aws_kms_key.'));
      expect(entry(name, 'kms-key-rotation')!.addresses).toEqual(keys);
      for (const key of keys) expect(resourceAt(stack, key).enable_key_rotation).toBe(true);
    },
  );

  test("management lists its organization trail beside its account trail; the trail bucket's controls are log-archive's", () => {
    const trails = entry('management', 'trail-multi-region')!.addresses.map((a) => resourceAt(organization.stack('management'), a));
    expect(trails.map((t) => t.is_organization_trail ?? false)).toEqual([false, true]);
    expect(holders('trail-bucket-access-logging')).toEqual(['log-archive']);
    expect(holders('trail-bucket-not-public')).toEqual(['log-archive']);
    const logArchive = organization.stack('log-archive');
    const [logging] = entry('log-archive', 'trail-bucket-access-logging')!.addresses;
    const bucketOf = (address: string) => {
      const [, id] = /^\$\{aws_s3_bucket\.([\w-]+)\.id\}$/.exec(resourceAt(logArchive, address).bucket)!;
      return logArchive.resource!.aws_s3_bucket[id].bucket;
    };
    // Every trail of the organization, account trails and the organization trail, delivers to that bucket.
    const trailBuckets = organization.all.flatMap(([, stack]) =>
      Object.values(stack.resource?.aws_cloudtrail ?? {}).map((t: any) => t.s3_bucket_name),
    );
    expect(new Set(trailBuckets)).toEqual(new Set([bucketOf(logging)]));
    for (const address of entry('log-archive', 'trail-bucket-not-public')!.addresses) expect(bucketOf(address)).toBe(bucketOf(logging));
  });

  test('GuardDuty and Security Hub are on where their resources are: the administrator (for everyone) and management (its own)', () => {
    expect(holders('guardduty-enabled')).toEqual(['management', 'security']);
    expect(holders('security-hub-enabled')).toEqual(['management', 'security']);
    const security = organization.stack('security');
    const auto = entry('security', 'guardduty-enabled')!.addresses.filter((a) => a.startsWith('aws_guardduty_organization_configuration.'));
    expect(auto).toHaveLength(regions);
    for (const address of auto) expect(resourceAt(security, address).auto_enable_organization_members).toBe('ALL');
    const [policy] = entry('security', 'security-hub-enabled')!.addresses.filter((a) =>
      a.startsWith('aws_securityhub_configuration_policy.'),
    );
    expect(resourceAt(security, policy).configuration_policy.service_enabled).toBe(true);
    expect(entry('security', 'security-hub-enabled')!.ids).toEqual({ cis: ['4.16'], securityHub: [], prowler: ['securityhub_enabled'] });
  });

  test('without a security contact in the file, CIS 1.2 / Account.1 is switched off in every stack, naming the setting', () => {
    for (const { switchedOff, implemented } of organizationReport.stacks) {
      expect(implemented.find((c) => c.key === 'security-contact')).toBeUndefined();
      expect(switchedOff.find((c) => c.key === 'security-contact')).toMatchObject({
        family: 'hardening',
        reason: 'hardening.securityContact: not set',
        setting: 'hardening.securityContact',
        ids: { cis: ['1.2'], securityHub: ['Account.1'], prowler: ['account_security_contact_information_is_registered'] },
        addresses: [],
      });
    }
  });
});

describe('the table of structural controls', () => {
  test('keys are unique; every control names at least one resource type and one id', () => {
    expect(new Set(BASELINE_CONTROLS.map((c) => c.key)).size).toBe(BASELINE_CONTROLS.length);
    for (const { implementedBy, ids } of BASELINE_CONTROLS) {
      expect(implementedBy.length).toBeGreaterThan(0);
      expect([...(ids.cis ?? []), ...(ids.securityHub ?? []), ...(ids.prowler ?? [])].length).toBeGreaterThan(0);
    }
  });

  test('a Security Hub control is in the CIS v3.0.0 standard exactly when a CIS v3.0 id is given, and agrees with the Config rule catalog', () => {
    const cisStandard: readonly string[] = SECURITY_HUB_STANDARD_CONTROLS['cis-aws-foundations-benchmark/v/3.0.0'];
    for (const { key, ids } of BASELINE_CONTROLS) {
      for (const control of ids.securityHub ?? []) {
        expect([key, control, cisStandard.includes(control)]).toEqual([key, control, (ids.cis ?? []).length > 0]);
        // The iam-password-policy rule covers CIS 1.8 and 1.9 with IAM.7, which is not itself a CIS v3.0.0 control.
        const rule = CONFIG_RULES.find((r) => r.securityHub === control);
        if (rule && cisStandard.includes(control)) expect([key, ids.cis]).toEqual([key, rule.cis.split(', ')]);
      }
    }
  });

  test("the ARNs it recognises are the baseline's own", () => {
    expect(SUPPORT_ACCESS_POLICY_ARN).toBe(SUPPORT_ACCESS_POLICY);
    expect(configServiceLinkedRoleArn('444444444444')).toBe(ConfigRecording.serviceLinkedRoleArn('444444444444'));
  });

  test('a resource argument holding a reference leads to the resource it names, whichever attribute it reads', () => {
    const [logging] = stackResources({
      resource: {
        aws_s3_bucket_logging: { logging: { bucket: '${aws_s3_bucket.trail.id}', target_bucket: 'literal' } },
        aws_s3_bucket: { trail: { bucket: 'acme-cloudtrail' } },
      },
    });
    expect(logging.referenced('bucket')?.address).toBe('aws_s3_bucket.trail');
    expect(logging.referenced('bucket')?.argument('bucket')).toBe('acme-cloudtrail');
    expect(logging.argument('bucket')).toBeUndefined();
    expect(logging.referenced('target_bucket')).toBeUndefined();
  });
});

describe('a variant that switches controls off (standalone mode)', () => {
  const prod = stackReport(variantReport, 'workload-prod');
  const offEntry = (family: string, key: string) => prod.switchedOff.find((c) => c.family === family && c.key === key);
  const implementedEntry = (family: string, key: string) => prod.implemented.find((c) => c.family === family && c.key === key);

  test('a CIS filter switched off moves to the switched-off list, naming the setting; an optional one switched on is implemented', () => {
    expect(implementedEntry('cis-monitoring', '4.3')).toBeUndefined();
    expect(offEntry('cis-monitoring', '4.3')).toMatchObject({
      reason: 'cisMonitoring.filters.4.3.enabled: false',
      setting: 'cisMonitoring.filters.4.3.enabled',
      ids: { cis: ['4.3'], securityHub: ['CloudWatch.1'], prowler: ['cloudwatch_log_metric_filter_root_usage'] },
      addresses: [],
    });
    expect(implementedEntry('cis-monitoring', '4.2-excluding-sso')?.addresses).toHaveLength(2);
    expect(offEntry('cis-monitoring', '4.2-excluding-sso')).toBeUndefined();
  });

  test('a Security Hub control disabled with a reason is switched off with that reason, kept off in every region and standard', () => {
    const s35 = offEntry('security-hub-control', 'S3.5')!;
    expect(s35).toMatchObject({
      reason: S3_5_REASON,
      setting: 'securityHub.disabledControls[1]',
      ids: { cis: ['2.1.1'], securityHub: ['S3.5'], prowler: [] },
    });
    // FSBP and CIS v3.0.0 both contain S3.5; three detective-control regions.
    expect(s35.addresses).toHaveLength(6);
    for (const address of s35.addresses) {
      expect(resourceAt(variant.stack('workload-prod'), address)).toMatchObject({
        security_control_id: 'S3.5',
        association_status: 'DISABLED',
        updated_reason: S3_5_REASON,
      });
    }
  });

  test('a remediation, an event rule and a Config rule switched off name their settings', () => {
    expect(offEntry('remediation', 'vpc-flow-logs')).toMatchObject({
      reason: 'awsConfig.remediations.vpc-flow-logs: "off"',
      addresses: [],
    });
    expect(offEntry('security-event', 'health-events')).toMatchObject({ reason: 'securityEvents.rules.health-events: false' });
    expect(offEntry('config-rule', 'access-keys-rotated')).toMatchObject({ reason: 'awsConfig.rules.access-keys-rotated: false' });
    for (const [family, key] of [
      ['remediation', 'vpc-flow-logs'],
      ['security-event', 'health-events'],
      ['config-rule', 'access-keys-rotated'],
    ]) {
      expect(implementedEntry(family, key)).toBeUndefined();
    }
  });

  test('in standalone mode each account holds its own GuardDuty plans and standard subscriptions', () => {
    for (const { implemented } of variantReport.stacks) {
      expect(implemented.filter((c) => c.family === 'security-hub-standard').map((c) => c.key)).toEqual([
        'aws-foundational-security-best-practices/v/1.0.0',
        'cis-aws-foundations-benchmark/v/3.0.0',
      ]);
      expect(implemented.filter((c) => c.family === 'guardduty-protection')).toHaveLength(5);
    }
  });

  test('hardening settings that leave a control off name the setting; the resources are gone from the stack too', () => {
    const stack = variant.stack('workload-prod');
    expect(offEntry('hardening', 'support-role')).toMatchObject({
      reason: 'hardening.supportRole: false',
      setting: 'hardening.supportRole',
      ids: { cis: ['1.17'], securityHub: ['IAM.18'], prowler: ['iam_support_role_created'] },
      addresses: [],
    });
    expect(implementedEntry('hardening', 'support-role')).toBeUndefined();
    expect(Object.values(stack.resource!.aws_iam_role_policy_attachment ?? {}).map((a: any) => a.policy_arn)).not.toContain(
      SUPPORT_ACCESS_POLICY,
    );
    expect(offEntry('hardening', 'password-reuse-prevention')).toMatchObject({
      reason: 'hardening.passwordPolicy.reusePrevention: 12 (CIS 1.9, IAM.16 and Prowler ask for 24)',
      setting: 'hardening.passwordPolicy.reusePrevention',
    });
    expect(Object.values(stack.resource!.aws_iam_account_password_policy).map((p: any) => p.password_reuse_prevention)).toEqual([12]);
    expect(implementedEntry('hardening', 'password-minimum-length')?.addresses).toHaveLength(1);
  });

  test('a security contact in the file implements CIS 1.2 / Account.1 with the SECURITY alternate contact', () => {
    expect(offEntry('hardening', 'security-contact')).toBeUndefined();
    const contact = implementedEntry('hardening', 'security-contact')!;
    expect(contact.addresses).toHaveLength(1);
    expect(resourceAt(variant.stack('workload-prod'), contact.addresses[0])).toMatchObject({
      alternate_contact_type: 'SECURITY',
      email_address: 'security@example.com',
    });
  });

  test('in standalone mode every account holds its own trail bucket, GuardDuty and Security Hub', () => {
    for (const { stack, implemented } of variantReport.stacks) {
      const keys = implemented.map((c) => c.key);
      for (const key of ['trail-bucket-access-logging', 'trail-bucket-not-public', 'guardduty-enabled', 'security-hub-enabled'])
        expect([stack, key, keys.includes(key)]).toEqual([stack, key, true]);
      const [logging] = implemented.find((c) => c.key === 'trail-bucket-access-logging')!.addresses;
      expect(resourceAt(variant.stack(stack), logging).target_prefix).toBe('cloudtraillogs/');
    }
  });
});

describe('markdown', () => {
  const markdown = renderComplianceMarkdown(variantReport);

  test('has a row per control, with ids, the reason and the addresses', () => {
    const alarm = implementedAddress('workload-prod', '4.1', 'aws_cloudwatch_metric_alarm.');
    expect(markdown).toContain('## `workload-prod` (444444444444, workload)');
    expect(markdown).toContain(
      '| CIS monitoring `4.1`: Unauthorized API calls | 4.1 | CloudWatch.2 | `cloudwatch_log_metric_filter_unauthorized_api_calls` | ' +
        `\`${implementedAddress('workload-prod', '4.1', 'aws_cloudwatch_log_metric_filter.')}\`<br>\`${alarm}\` |`,
    );
    expect(markdown).toContain(
      '| CIS monitoring `4.3`: Usage of the root user | 4.3 | CloudWatch.1 | `cloudwatch_log_metric_filter_root_usage` | ' +
        'cisMonitoring.filters.4.3.enabled: false |  |',
    );
  });

  test('controls of the baseline structure have their rows too, implemented and switched off', () => {
    expect(markdown).toContain(
      '| Audit trail `trail-log-file-validation`: The trail validates its log files | 3.2 | CloudTrail.4 | ' +
        '`cloudtrail_log_file_validation_enabled` | `aws_cloudtrail.audit-trail_8AEAD1CA` |',
    );
    expect(markdown).toContain(
      '| Hardening `support-role`: A role with AWSSupportAccess to manage incidents with AWS Support | 1.17 | IAM.18 | ' +
        '`iam_support_role_created` | hardening.supportRole: false |  |',
    );
  });

  test('a reason from the organization file stays inside its cell and is shown as written', () => {
    expect(markdown).toContain('| Buckets are reached only through VPC endpoints \\| TLS is enforced by the &lt;org-tls&gt; SCP |');
  });

  function implementedAddress(stack: string, key: string, prefix: string): string {
    const entry = stackReport(variantReport, stack).implemented.find((c) => c.family === 'cis-monitoring' && c.key === key)!;
    return entry.addresses.find((a) => a.startsWith(prefix))!;
  }
});

test('deterministic: built twice from the same output, and whatever the order of the accounts in the file, the same JSON and markdown', () => {
  const again = reportOf(organization);
  const reordered = buildComplianceReport(
    { ...organization.org, accounts: [...organization.org.accounts].reverse() },
    readSynthesizedStacks(organization.org, organization.outdir),
  );
  for (const other of [again, reordered]) {
    expect(JSON.stringify(other)).toBe(JSON.stringify(organizationReport));
    expect(renderComplianceMarkdown(other)).toBe(renderComplianceMarkdown(organizationReport));
  }
});

test("output without a configured account's stack is refused, naming each missing or unreadable stack and what to run", () => {
  const outdir = tempDir('report-missing');
  fs.mkdirSync(path.join(outdir, 'stacks', 'security'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'stacks', 'security', 'cdk.tf.json'), '{"resource": ');
  let error: unknown;
  try {
    readSynthesizedStacks(organization.org, outdir);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SynthesizedOutputMissing);
  const { message, problems } = error as SynthesizedOutputMissing;
  expect(problems.map((p) => p.account)).toEqual(organization.org.accounts.map((a) => a.name));
  expect(message).toContain('run `npm run synth` first');
  expect(message).toContain(`  - security: ${path.join(outdir, 'stacks', 'security', 'cdk.tf.json')} is not valid JSON`);
  expect(message).toContain(`  - workload-dev: ${path.join(outdir, 'stacks', 'workload-dev', 'cdk.tf.json')} does not exist`);
});
