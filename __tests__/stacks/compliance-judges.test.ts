/**
 * The checkers users run, applied to what each example stack actually synthesizes (cdk.tf.json),
 * not to the catalogs: Security Hub CSPM CloudWatch.1-14 and Config.1, Prowler's current
 * `cloudwatch_*` checks, its checks as releases before 5.30 wrote them, and Prowler's
 * `config_recorder_using_aws_service_role`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import { detectiveRegions } from '../../config/regions';
import type { OrganizationConfig } from '../../config/schema';
import { synthesizeOrganization } from '../../stacks/organization';
import { PROWLER_BEFORE_5_30_CHECKS, PROWLER_CHECKS, SECURITY_HUB_PATTERNS, securityHubAccepts } from '../helpers/judges';
import { monitoredBy, regionsRecordingWithServiceLinkedRole } from '../helpers/stack-judges';
import { exampleOrg, exampleOrgInput, resourcesOfType, tempDir, type StackJson } from '../helpers/synth';

function synthesizedStacks(org: OrganizationConfig, label: string): [string, StackJson][] {
  const outdir = tempDir(label);
  synthesizeOrganization(org, { outdir });
  return org.accounts.map((a) => [a.name, JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', a.name, 'cdk.tf.json'), 'utf8'))]);
}

const org = exampleOrg();
const stacks = synthesizedStacks(org, 'judges');

describe.each(stacks)('%s, as the checkers see it', (_, stack) => {
  test.each(Object.keys(SECURITY_HUB_PATTERNS))('Security Hub %s: PASSED', (control) => {
    expect(monitoredBy(stack, (pattern) => securityHubAccepts(control, pattern))).toBe(true);
  });

  test.each(PROWLER_CHECKS.map((c) => [c.check, c.regex] as const))('Prowler %s: PASS', (_, regex) => {
    expect(monitoredBy(stack, (pattern) => regex.test(pattern))).toBe(true);
  });

  test.each(PROWLER_BEFORE_5_30_CHECKS.map((c) => [c.check, c.regex] as const))('Prowler < 5.30 %s: PASS', (_, regex) => {
    expect(monitoredBy(stack, (pattern) => regex.test(pattern))).toBe(true);
  });

  test('Security Hub Config.1 and Prowler config_recorder_using_aws_service_role: PASSED in every detective-control region', () => {
    expect(regionsRecordingWithServiceLinkedRole(stack)).toEqual(
      detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions).sort(),
    );
  });
});

test('the judges fail what they should: a filter that is not the published pattern, a recorder with a custom role', () => {
  const [, stack] = stacks[0];
  const changed: StackJson = JSON.parse(JSON.stringify(stack));
  for (const filter of Object.values(resourcesOfType(changed, 'aws_cloudwatch_log_metric_filter')))
    filter.pattern = filter.pattern.replaceAll('(', ' (');
  expect(monitoredBy(changed, (pattern) => securityHubAccepts('CloudWatch.4', pattern))).toBe(false);
  for (const recorder of Object.values(resourcesOfType(changed, 'aws_config_configuration_recorder'))) {
    recorder.role_arn = '${aws_iam_role.config-recorder.arn}';
  }
  expect(regionsRecordingWithServiceLinkedRole(changed)).toEqual([]);
});

test('without us-east-1 among the regions, Config still records there with the service-linked role', () => {
  const variant = validateOrganizationConfig({ ...exampleOrgInput(), regions: ['eu-west-1', 'eu-central-1'] });
  for (const [, stack] of synthesizedStacks(variant, 'judges-no-us-east-1')) {
    expect(regionsRecordingWithServiceLinkedRole(stack)).toEqual(['eu-central-1', 'eu-west-1', 'us-east-1']);
  }
});
