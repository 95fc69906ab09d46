/**
 * What the checkers users run look for in a synthesized stack (cdk.tf.json): the CIS 4.x
 * monitoring that Security Hub CloudWatch.1-14 and Prowler's `cloudwatch_*` checks require, and
 * the AWS Config recording that Security Hub Config.1 and Prowler's
 * `config_recorder_using_aws_service_role` require. The patterns each checker accepts are in
 * judges.ts; these functions apply them to a stack's trails, filters, alarms and recorders.
 */
import { regionOf, resourcesOfType, type StackJson } from './synth';

/** `${aws_x.id.attr}` → id */
export const refId = (ref: string, type: string) => new RegExp(`^\\$\\{${type}\\.([\\w-]+)\\.\\w+\\}`).exec(ref)?.[1];

/** The logical id of the log group a trail delivers to, named as CloudTrail wants it: `${aws_cloudwatch_log_group.<id>.arn}:*`. */
export const trailLogGroupId = (trail: { cloud_watch_logs_group_arn: string }) =>
  /^\$\{aws_cloudwatch_log_group\.([\w-]+)\.arn\}:\*$/.exec(trail.cloud_watch_logs_group_arn)?.[1];

/**
 * The trails (logical id → body) through which a CIS 4.x checker finds the control monitored: a
 * multi-region trail with management events delivering to a log group, a metric filter there
 * whose pattern the checker accepts, an alarm on that filter's metric, and the alarm's action a
 * topic with a subscriber.
 */
export function monitoringTrails(
  stack: StackJson,
  accepts: (pattern: string) => boolean,
  subscribedElsewhere: ReadonlySet<string> = NONE,
): [string, any][] {
  return Object.entries(resourcesOfType(stack, 'aws_cloudtrail')).filter(([, trail]) => {
    const allManagementEvents = trail.event_selector?.some(
      (s: { read_write_type: string; include_management_events: boolean }) => s.read_write_type === 'All' && s.include_management_events,
    );
    if (!trail.is_multi_region_trail || !trail.enable_logging || !allManagementEvents) return false;
    const logGroup = refId(trail.cloud_watch_logs_group_arn, 'aws_cloudwatch_log_group');
    return alarmedFilterOn(stack, (name) => refId(name, 'aws_cloudwatch_log_group') === logGroup, accepts, subscribedElsewhere);
  });
}

/**
 * Whether the stack monitors the control on a log group that another owner's multi-region trail
 * delivers to (Control Tower's, named literally): a filter there whose pattern the checker accepts,
 * alarmed to a subscribed topic.
 */
export function monitoredOnLogGroup(
  stack: StackJson,
  logGroupName: string,
  accepts: (pattern: string) => boolean,
  subscribedElsewhere: ReadonlySet<string> = NONE,
): boolean {
  return alarmedFilterOn(stack, (name) => name === logGroupName, accepts, subscribedElsewhere);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The ARNs of the topics a stack declares with at least one subscriber: for alarms of other stacks
 * (organization members) that notify the security account's topic by its ARN.
 */
export function subscribedTopicArns(stack: StackJson, accountId: string): Set<string> {
  const subscribed = new Set(
    Object.values(resourcesOfType(stack, 'aws_sns_topic_subscription')).map((s) => refId(s.topic_arn, 'aws_sns_topic')),
  );
  return new Set(
    Object.entries(resourcesOfType(stack, 'aws_sns_topic'))
      .filter(([id]) => subscribed.has(id))
      .map(([, topic]) => `arn:aws:sns:${regionOf(stack, topic)}:${accountId}:${topic.name}`),
  );
}

/**
 * A metric filter on a matching log group with an accepted pattern, an alarm on its metric, the
 * alarm's topic subscribed: a topic of the stack, or one of `subscribedElsewhere` (by ARN).
 */
function alarmedFilterOn(
  stack: StackJson,
  isTheLogGroup: (logGroupName: string) => boolean,
  accepts: (pattern: string) => boolean,
  subscribedElsewhere: ReadonlySet<string>,
): boolean {
  const subscribedTopics = new Set(
    Object.values(resourcesOfType(stack, 'aws_sns_topic_subscription')).map((s) => refId(s.topic_arn, 'aws_sns_topic')),
  );
  const alarms = Object.values(resourcesOfType(stack, 'aws_cloudwatch_metric_alarm'));
  return Object.values(resourcesOfType(stack, 'aws_cloudwatch_log_metric_filter')).some(
    (filter) =>
      isTheLogGroup(filter.log_group_name) &&
      accepts(filter.pattern) &&
      alarms.some(
        (alarm) =>
          alarm.metric_name === filter.metric_transformation.name &&
          alarm.namespace === filter.metric_transformation.namespace &&
          alarm.alarm_actions.some(
            (action: string) => subscribedTopics.has(refId(action, 'aws_sns_topic')) || subscribedElsewhere.has(action),
          ),
      ),
  );
}

/** Whether a CIS 4.x checker finds the control monitored in the stack (through any of its trails). */
export function monitoredBy(
  stack: StackJson,
  accepts: (pattern: string) => boolean,
  subscribedElsewhere: ReadonlySet<string> = NONE,
): boolean {
  return monitoringTrails(stack, accepts, subscribedElsewhere).length > 0;
}

/** Regions where AWS Config records everything with the service-linked role and is switched on. */
export function regionsRecordingWithServiceLinkedRole(stack: StackJson): string[] {
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
