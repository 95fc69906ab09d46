import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

export interface MetricFilterAlarmProps {
  /** Log group the filter watches. */
  readonly logGroupName: string;
  /** CloudWatch Logs filter pattern. */
  readonly pattern: string;
  readonly metricNamespace: string;
  /** Also the filter's name. */
  readonly metricName: string;
  readonly alarmName: string;
  readonly alarmDescription: string;
  /** Alarm when the sum of matches over the period reaches (or exceeds, see `comparison`) this. @default 1 */
  readonly threshold?: number;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** @default 'GreaterThanOrEqualToThreshold' */
  readonly comparison?: 'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold';
  /** Topic notified when the alarm fires. */
  readonly alarmTopicArn: string;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * A metric filter and the alarm on its metric. The alarm reads exactly the metric the filter
 * writes (one name and namespace, given once), counts matches (Sum), treats missing data as not
 * breaching, and notifies the topic.
 */
export class MetricFilterAlarm extends Construct {
  readonly filter: CloudwatchLogMetricFilter;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: MetricFilterAlarmProps) {
    super(scope, id);
    const { provider } = props;
    this.filter = new CloudwatchLogMetricFilter(this, 'filter', {
      provider,
      name: props.metricName,
      logGroupName: props.logGroupName,
      pattern: props.pattern,
      metricTransformation: { name: props.metricName, namespace: props.metricNamespace, value: '1' },
    });
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      provider,
      alarmName: props.alarmName,
      alarmDescription: props.alarmDescription,
      namespace: props.metricNamespace,
      metricName: props.metricName,
      statistic: 'Sum',
      period: props.periodSeconds ?? 300,
      evaluationPeriods: 1,
      threshold: props.threshold ?? 1,
      comparisonOperator: props.comparison ?? 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
      dependsOn: [this.filter],
    });
  }
}
