/**
 * The compliance report (`npm run report`) from really synthesized stacks, read back as the script
 * reads them: the bundled organization-mode example, and a standalone variant that switches
 * controls off. Every address the report names is looked up in the stack's JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import { CIS_CONTROLS, CIS_FILTERS } from '../../modules/catalogs/cis-monitoring';
import { type ComplianceReport, buildComplianceReport, type StackReport } from '../../operations/compliance-report';
import { renderComplianceMarkdown } from '../../operations/compliance-report-markdown';
import { readSynthesizedStacks, SynthesizedOutputMissing } from '../../operations/synthesized-output';
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
