import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Construct } from 'constructs';
import { arn, PARTITION } from '../core/arn';
import type { ActiveRemediation } from './config-remediations';
import type { EventBusForwarding } from '../alerting/event-bus-forwarding';
import { MetricFilterAlarm } from '../alerting/metric-filter-alarm';
import { policyJson } from '../core/policy-document';

export const REMEDIATION_METRIC_NAMESPACE = 'SecurityBaseline/Remediation';

/** Terminal states of an automation execution that mean the remediation did not happen. */
export const FAILED_EXECUTION_STATES = ['Failed', 'TimedOut'] as const;

export interface RemediationLoopGuardProps {
  readonly accountId: string;
  readonly homeRegion: string;
  /** Repeat alarms are `<remediationRepeatsAlarmPrefix>-<remediation key>`, such as `acme-remediation-repeats`. */
  readonly remediationRepeatsAlarmPrefix: string;
  /** Name of the EventBridge rule (in every detective-control region) and of the alarm for failed executions, such as `acme-remediation-failed`. */
  readonly remediationFailed: string;
  /** Name of the log resource policy that lets EventBridge write to the failure log group, such as `acme-remediation-failures`. */
  readonly remediationFailuresLogPolicy: string;
  readonly remediations: readonly ActiveRemediation[];
  /** The multi-region trail's log group: it sees every region's StartAutomationExecution calls. */
  readonly trailLogGroupName: string;
  /** Brings failed executions from every region to the home region. */
  readonly forwarding: EventBusForwarding;
  /** Log group (in the home region) that keeps failed executions. */
  readonly failureLogGroupName: string;
  /** Customer-managed key for that log group; its policy must admit it. */
  readonly logKeyArn: string;
  readonly alarmTopicArn: string;
  /** Alarm when one remediation runs more often than this in the window. @default 10 */
  readonly maxExecutions?: number;
  /** @default 60 */
  readonly windowMinutes?: number;
}

/**
 * Alarms that catch a remediation gone wrong: one per remediation when it runs more than
 * `maxExecutions` times in `windowMinutes` (a loop, or a fight with someone's Terraform), and one
 * when any remediation execution fails in any region.
 */
export class RemediationLoopGuard extends Construct {
  readonly repeatAlarms: readonly MetricFilterAlarm[];
  readonly failureAlarm: MetricFilterAlarm;

  constructor(scope: Construct, id: string, props: RemediationLoopGuardProps) {
    super(scope, id);
    if (props.remediations.length === 0) {
      throw new Error('RemediationLoopGuard needs at least one remediation to guard');
    }
    const maxExecutions = props.maxExecutions ?? 10;
    const windowMinutes = props.windowMinutes ?? 60;

    this.repeatAlarms = props.remediations.map(
      ({ spec }) =>
        new MetricFilterAlarm(this, `${spec.key}-repeats`, {
          logGroupName: props.trailLogGroupName,
          // Only this account's runs: an organization trail's log group holds every account's.
          pattern:
            '{ ($.eventSource = "ssm.amazonaws.com") && ($.eventName = "StartAutomationExecution") && ' +
            `($.requestParameters.documentName = "${spec.document}") && ($.recipientAccountId = "${props.accountId}") }`,
          metricNamespace: REMEDIATION_METRIC_NAMESPACE,
          metricName: `${spec.key}-executions`,
          alarmName: `${props.remediationRepeatsAlarmPrefix}-${spec.key}`,
          alarmDescription:
            `Remediation ${spec.key} (${spec.document}) ran more than ${maxExecutions} times in ${windowMinutes} minutes: ` +
            'it may be failing, or fighting another change. Check its executions in Systems Manager Automation.',
          threshold: maxExecutions,
          comparison: 'GreaterThanThreshold',
          periodSeconds: windowMinutes * 60,
          alarmTopicArn: props.alarmTopicArn,
        }),
    );

    const failedRuleName = props.remediationFailed;
    const failedRule = props.forwarding.ruleInEveryRegion('failed-executions', {
      name: failedRuleName,
      description: 'Remediation runbook executions that failed or timed out',
      eventPattern: {
        source: ['aws.ssm'],
        'detail-type': ['EC2 Automation Execution Status-change Notification'],
        detail: {
          Definition: [...new Set(props.remediations.map(({ spec }) => spec.document))],
          Status: [...FAILED_EXECUTION_STATES],
        },
      },
    });
    const failureLog = new CloudwatchLogGroup(this, 'failure-log', {
      name: props.failureLogGroupName,
      retentionInDays: 365,
      kmsKeyId: props.logKeyArn,
    });
    const failureLogArn = arn.logGroup(props.homeRegion, props.accountId, props.failureLogGroupName);
    const logPolicy = new CloudwatchLogResourcePolicy(this, 'failure-log-policy', {
      policyName: props.remediationFailuresLogPolicy,
      policyDocument: policyJson([
        {
          Sid: 'EventBridgeWritesFailedExecutions',
          Effect: 'Allow',
          Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${failureLogArn}:*`,
          Condition: {
            ArnEquals: {
              'aws:SourceArn': `arn:${PARTITION}:events:${props.homeRegion}:${props.accountId}:rule/${failedRuleName}`,
            },
          },
        },
      ]),
    });
    new CloudwatchEventTarget(this, 'failed-executions-to-log', {
      rule: failedRule.name,
      targetId: 'failure-log',
      arn: failureLog.arn,
      dependsOn: [logPolicy],
    });
    this.failureAlarm = new MetricFilterAlarm(this, 'failures', {
      logGroupName: failureLog.name,
      pattern: '{ $.source = "aws.ssm" }',
      metricNamespace: REMEDIATION_METRIC_NAMESPACE,
      metricName: 'failed-executions',
      alarmName: failedRuleName,
      alarmDescription:
        'A remediation runbook execution failed or timed out; its event is kept in log group ' +
        `${props.failureLogGroupName}. Check the execution in Systems Manager Automation.`,
      alarmTopicArn: props.alarmTopicArn,
    });
  }
}
