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
import { exampleOrg, exampleOrgInput, regionOf, resourcesOfType, tempDir, type StackJson } from '../helpers/synth';

/** `${aws_x.id.attr}` → id */
const refId = (ref: string, type: string) => new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.\\w+\\}`).exec(ref)?.[1];

/**
 * What a CIS 4.x checker looks for: a multi-region trail with management events delivering to a
 * log group, a metric filter there whose pattern the checker accepts, an alarm on that filter's
 * metric, and the alarm's action a topic with a subscriber.
 */
function monitoredBy(stack: StackJson, accepts: (pattern: string) => boolean): boolean {
  const subscribedTopics = new Set(
    Object.values(resourcesOfType(stack, 'aws_sns_topic_subscription')).map((s) => refId(s.topic_arn, 'aws_sns_topic')),
  );
  const alarms = Object.values(resourcesOfType(stack, 'aws_cloudwatch_metric_alarm'));
  return Object.values(resourcesOfType(stack, 'aws_cloudtrail')).some((trail) => {
    const allManagementEvents = trail.event_selector?.some(
      (s: { read_write_type: string; include_management_events: boolean }) => s.read_write_type === 'All' && s.include_management_events,
    );
    if (!trail.is_multi_region_trail || !trail.enable_logging || !allManagementEvents) return false;
    const logGroup = refId(trail.cloud_watch_logs_group_arn, 'aws_cloudwatch_log_group');
    return Object.values(resourcesOfType(stack, 'aws_cloudwatch_log_metric_filter')).some(
      (filter) =>
        refId(filter.log_group_name, 'aws_cloudwatch_log_group') === logGroup &&
        accepts(filter.pattern) &&
        alarms.some(
          (alarm) =>
            alarm.metric_name === filter.metric_transformation.name &&
            alarm.namespace === filter.metric_transformation.namespace &&
            alarm.alarm_actions.some((action: string) => subscribedTopics.has(refId(action, 'aws_sns_topic'))),
        ),
    );
  });
}

/** Regions where AWS Config records everything with the service-linked role and is switched on. */
function regionsRecordingWithServiceLinkedRole(stack: StackJson): string[] {
  const serviceLinkedRoles = Object.entries(resourcesOfType(stack, 'aws_iam_service_linked_role'))
    .filter(([, role]) => role.aws_service_name === 'config.amazonaws.com')
    .map(([id]) => id);
  const started = Object.values(resourcesOfType(stack, 'aws_config_configuration_recorder_status')).filter((s) => s.is_enabled);
  return Object.entries(resourcesOfType(stack, 'aws_config_configuration_recorder'))
    .filter(
      ([id, recorder]) =>
        serviceLinkedRoles.includes(refId(recorder.role_arn, 'aws_iam_service_linked_role')!) &&
        recorder.recording_group.all_supported &&
        started.some((s) => s.name === `\${aws_config_configuration_recorder.${id}.name}`),
    )
    .map(([, recorder]) => regionOf(stack, recorder))
    .sort();
}

function synthesizedStacks(org: OrganizationConfig, label: string): [string, StackJson][] {
  const outdir = tempDir(label);
  synthesizeOrganization(org, outdir);
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
    expect(regionsRecordingWithServiceLinkedRole(stack)).toEqual(detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions).sort());
  });
});

test('the judges fail what they should: a filter that is not the published pattern, a recorder with a custom role', () => {
  const [, stack] = stacks[0];
  const changed: StackJson = JSON.parse(JSON.stringify(stack));
  for (const filter of Object.values(resourcesOfType(changed, 'aws_cloudwatch_log_metric_filter'))) filter.pattern = filter.pattern.replaceAll('(', ' (');
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
