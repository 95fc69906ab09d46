import { Construct } from 'constructs';
import { CIS_FILTERS, CIS_METRIC_NAMESPACE, DEFAULT_ALARM_PERIOD_SECONDS } from '../catalogs/cis-monitoring';
import { MetricFilterAlarm } from './metric-filter-alarm';

/** Per-filter overrides. */
export interface CisFilterSettings {
  /** @default on, except optional filters */
  readonly enabled?: boolean;
  /** @default the control's default (1) */
  readonly threshold?: number;
  /** @default 300 */
  readonly periodSeconds?: number;
}

export interface CisMonitoringProps {
  /** The multi-region trail's log group. */
  readonly logGroupName: string;
  readonly alarmTopicArn: string;
  /** Alarm names are `<alarmNamePrefix>-<filter id>`, such as `acme-cis` for `acme-cis-4.1`. */
  readonly alarmNamePrefix: string;
  /** Overrides by filter id (`catalogs/cis-monitoring.ts`). @default every non-optional filter on, threshold 1 in 5 minutes */
  readonly filters?: Readonly<Record<string, CisFilterSettings | undefined>>;
}

/**
 * The CIS v3.0 section 4 metric filters and alarms of the catalog on the trail's log group, each
 * alarm reading exactly its filter's metric and notifying the topic.
 */
export class CisMonitoring extends Construct {
  readonly alarms: readonly MetricFilterAlarm[];

  constructor(scope: Construct, id: string, props: CisMonitoringProps) {
    super(scope, id);
    this.alarms = CIS_FILTERS.flatMap((filter) => {
      const settings = props.filters?.[filter.id] ?? {};
      if (!(settings.enabled ?? !filter.optional)) return [];
      const { control } = filter;
      return [
        new MetricFilterAlarm(this, filter.id, {
          logGroupName: props.logGroupName,
          pattern: filter.pattern,
          metricNamespace: CIS_METRIC_NAMESPACE,
          metricName: filter.metricName,
          alarmName: `${props.alarmNamePrefix}-${filter.id}`,
          alarmDescription:
            `${control.control.startsWith('4.') ? `CIS ${control.control}` : 'Baseline'}: ${control.title}` +
            `${'securityHubControl' in control && control.securityHubControl ? ` (Security Hub ${control.securityHubControl})` : ''}` +
            `${filter.why ? `. ${filter.why}` : ''}`,
          threshold: settings.threshold ?? control.defaultThreshold ?? 1,
          periodSeconds: settings.periodSeconds ?? DEFAULT_ALARM_PERIOD_SECONDS,
          alarmTopicArn: props.alarmTopicArn,
        }),
      ];
    });
  }
}
