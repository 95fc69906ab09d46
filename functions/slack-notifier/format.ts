/**
 * Turns what reaches the notification topic (EventBridge events for GuardDuty, Security Hub,
 * Config and CloudTrail API calls, and CloudWatch alarm notifications) into one Slack message:
 * title, description, type, affected account, region and a coloured severity label, mentioning
 * the on-call group at or above a severity.
 */

export const SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

export const SEVERITY_COLOURS: Readonly<Record<SeverityLabel, string>> = {
  INFORMATIONAL: '#439FE0',
  LOW: '#2EB886',
  MEDIUM: '#DAA038',
  HIGH: '#E8590C',
  CRITICAL: '#A30200',
};

/** GuardDuty's bands: 0 informational, 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high, 9.0-10 critical. */
export function guardDutySeverityLabel(severity: number): SeverityLabel {
  if (severity >= 9) return 'CRITICAL';
  if (severity >= 7) return 'HIGH';
  if (severity >= 4) return 'MEDIUM';
  if (severity > 0) return 'LOW';
  return 'INFORMATIONAL';
}

export interface Notification {
  readonly title: string;
  readonly description: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
  readonly severity: SeverityLabel;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event payloads of many services, read defensively field by field
type Json = Record<string, any>;

/** Reads a notification out of an SNS message body (JSON, or plain text as a last resort). */
export function toNotification(message: string): Notification {
  let body: Json;
  try {
    body = JSON.parse(message);
  } catch {
    return { title: 'Notification', description: message, type: 'Text', accountId: 'unknown', region: 'unknown', severity: 'MEDIUM' };
  }
  if (typeof body.AlarmName === 'string') return fromAlarm(body);
  const detail: Json = body.detail ?? {};
  switch (body.source) {
    case 'aws.guardduty':
      return {
        title: detail.title ?? 'GuardDuty finding',
        description: detail.description ?? '',
        type: detail.type ?? 'GuardDuty Finding',
        accountId: detail.accountId ?? body.account,
        region: detail.region ?? body.region,
        severity: guardDutySeverityLabel(Number(detail.severity ?? 0)),
      };
    case 'aws.securityhub': {
      const finding: Json = detail.findings?.[0] ?? {};
      return {
        title: finding.Title ?? 'Security Hub finding',
        description: finding.Description ?? '',
        type: finding.Types?.[0] ?? 'Security Hub Finding',
        accountId: finding.AwsAccountId ?? body.account,
        region: finding.Region ?? body.region,
        severity: asLabel(finding.Severity?.Label),
      };
    }
    case 'aws.config':
      return {
        title: `Config rule ${detail.configRuleName}: ${detail.newEvaluationResult?.complianceType ?? 'compliance changed'}`,
        description:
          `${detail.resourceType ?? 'Resource'} ${detail.resourceId ?? ''} is ${detail.newEvaluationResult?.complianceType ?? 'changed'}`.trim(),
        type: body['detail-type'] ?? 'Config Rules Compliance Change',
        accountId: detail.awsAccountId ?? body.account,
        region: detail.awsRegion ?? body.region,
        severity: detail.newEvaluationResult?.complianceType === 'NON_COMPLIANT' ? 'MEDIUM' : 'INFORMATIONAL',
      };
    default:
      return fromEvent(body, detail);
  }
}

function fromAlarm(alarm: Json): Notification {
  const state = String(alarm.NewStateValue ?? '');
  return {
    title: `${alarm.AlarmName} is ${state}`,
    description: [alarm.AlarmDescription, alarm.NewStateReason].filter(Boolean).join('\n'),
    type: 'CloudWatch Alarm',
    accountId: alarm.AWSAccountId ?? 'unknown',
    region: alarm.Region ?? 'unknown',
    severity: state === 'ALARM' ? 'HIGH' : state === 'OK' ? 'INFORMATIONAL' : 'LOW',
  };
}

/** CloudTrail API calls, sign-ins and AWS Health events matched by the baseline's rules. */
function fromEvent(event: Json, detail: Json): Notification {
  const actor = detail.userIdentity?.arn ?? detail.userIdentity?.type;
  return {
    title: detail.eventName ? `${detail.eventName} (${detail.eventSource ?? event.source})` : (event['detail-type'] ?? 'AWS event'),
    description: detail.eventName
      ? `${detail.eventName} by ${actor ?? 'unknown'} from ${detail.sourceIPAddress ?? 'unknown'}`
      : JSON.stringify(detail),
    type: event['detail-type'] ?? 'AWS event',
    accountId: event.account ?? 'unknown',
    region: event.region ?? 'unknown',
    severity: event.source === 'aws.health' ? 'LOW' : 'MEDIUM',
  };
}

function asLabel(label: unknown): SeverityLabel {
  return (SEVERITY_LABELS as readonly unknown[]).includes(label) ? (label as SeverityLabel) : 'MEDIUM';
}

export interface MentionSettings {
  /** Slack user group id (S…) to mention. @default no mention */
  readonly userGroupId?: string;
  /** Mention at this severity and above. */
  readonly atOrAbove: SeverityLabel;
}

/** Account id → name, from the organization file (generated at synth: no lookup at run time). */
export type AccountNames = Readonly<Record<string, string>>;

/**
 * The Slack message (incoming-webhook payload) for a notification. The affected account is shown
 * by name and id when `accountNames` knows it, so the on-call sees which account at a glance.
 */
export function toSlackMessage(notification: Notification, mention: MentionSettings, accountNames: AccountNames = {}): object {
  const mentioned =
    mention.userGroupId !== undefined && SEVERITY_LABELS.indexOf(notification.severity) >= SEVERITY_LABELS.indexOf(mention.atOrAbove);
  const name = Object.hasOwn(accountNames, notification.accountId) ? accountNames[notification.accountId] : undefined;
  return {
    text: `${mentioned ? `<!subteam^${mention.userGroupId}> ` : ''}[${notification.severity}] ${notification.title}${name ? ` (${name})` : ''}`,
    attachments: [
      {
        color: SEVERITY_COLOURS[notification.severity],
        title: notification.title,
        text: notification.description,
        fields: [
          { title: 'Type', value: notification.type, short: false },
          { title: 'Account', value: name ? `${name} (${notification.accountId})` : notification.accountId, short: true },
          { title: 'Region', value: notification.region, short: true },
          { title: 'Severity', value: notification.severity, short: true },
        ],
      },
    ],
  };
}
