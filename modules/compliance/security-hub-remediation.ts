import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecurityhubActionTarget } from '@cdktf/provider-aws/lib/securityhub-action-target';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { ControlRemediation, RemediationSettings } from '../../functions/remediation-trigger/settings';
import { MetricFilterAlarm } from '../alerting/metric-filter-alarm';
import { arn, PARTITION } from '../core/arn';
import { addBundledFunction } from '../core/bundled-function';
import type { PolicyStatement } from '../core/policy-document';
import { projectPath } from '../core/project-root';

const FUNCTION_ENTRY = projectPath('functions', 'remediation-trigger', 'index.ts');

/** The custom action's id in Security Hub (at most 20 letters and digits). */
export const REMEDIATE_ACTION_ID = 'BaselineRemediate';

export interface SecurityHubRemediationProps {
  /** The account the function runs in: the security account, or the account itself (standalone). */
  readonly accountId: string;
  /** Region of Security Hub's findings (the aggregation region, the home region). */
  readonly region: string;
  /** Names the function, its role, its rules (`<name>-custom-action`, `<name>-automatic`) and alarms. */
  readonly name: string;
  readonly tableName: string;
  /** Remediable controls that are not off, by security control id. */
  readonly controls: Readonly<Record<string, ControlRemediation>>;
  /** Account id → name, from the organization file: findings of other accounts are refused. */
  readonly accounts: Readonly<Record<string, string>>;
  /**
   * Organization mode: the role the function assumes in other accounts, and the organization it
   * may assume it in. @default the function remediates only its own account (standalone mode)
   */
  readonly members?: { readonly triggerRoleName: string; readonly organizationId: string };
  /** @default 60 */
  readonly windowMinutes?: number;
  /** @default 20 */
  readonly maxPerHour?: number;
  /** Key of the function's log group; its policy must admit `logGroupNameFor(name)`. */
  readonly logKeyArn: string;
  /** Notified when a remediation fails or the hourly cap stops one. */
  readonly alarmTopicArn: string;
  /** Security Hub must be on before the custom action exists. */
  readonly hub: ITerraformDependable;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** The function's JSON log lines that alarm (functions/remediation-trigger: one line per finding). */
const ALARMED_OUTCOMES = [
  {
    purpose: 'failed',
    outcome: 'failed',
    why: 'A remediation from Security Hub could not be started (assume-role or Config refused it); see the function log',
  },
  {
    purpose: 'cap-reached',
    outcome: 'cap-reached',
    why: 'The hourly cap on remediations started from Security Hub was reached: further findings are left untouched',
  },
] as const;

/**
 * Remediation an operator starts from Security Hub, per control: a custom action ("Baseline
 * remediation") for every enabled control, and for `automatic` controls a rule on new failed
 * findings; both invoke one small function (functions/remediation-trigger). The function starts
 * the baseline Config remediation of the finding's control and resource, in the finding's account
 * (assuming `<prefix>-remediation-trigger` there) and region, marks the finding NOTIFIED, and
 * refuses a second run of the same control and resource within a window and more than a cap an
 * hour (DynamoDB table with TTL). Failures and the cap alarm to the topic.
 */
export class SecurityHubRemediation extends Construct {
  readonly actionTarget: SecurityhubActionTarget;
  readonly table: DynamodbTable;
  /** The function's role: members' trigger roles trust exactly this ARN. */
  readonly functionRoleArn: string;

  /** The function's role is named after it (addBundledFunction). */
  static functionRoleArnFor(accountId: string, name: string): string {
    return arn.iamRole(accountId, name);
  }

  constructor(scope: Construct, id: string, props: SecurityHubRemediationProps) {
    super(scope, id);
    const { provider, accountId, region, name } = props;
    this.functionRoleArn = SecurityHubRemediation.functionRoleArnFor(accountId, name);
    this.actionTarget = new SecurityhubActionTarget(this, 'action', {
      provider,
      name: 'Baseline remediation',
      identifier: REMEDIATE_ACTION_ID,
      description: "Starts the security baseline remediation of the finding's control in its account (see the README)",
      dependsOn: [props.hub],
    });
    this.table = new DynamodbTable(this, 'guard', {
      provider,
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'pk',
      attribute: [{ name: 'pk', type: 'S' }],
      ttl: { attributeName: 'expiresAt', enabled: true },
      serverSideEncryption: { enabled: true },
    });

    const settings: RemediationSettings = {
      homeAccountId: accountId,
      controls: props.controls,
      accounts: props.accounts,
      triggerRoleName: props.members?.triggerRoleName ?? '',
      windowMinutes: props.windowMinutes ?? 60,
      maxPerHour: props.maxPerHour ?? 20,
    };
    const { function: fn, logGroup } = addBundledFunction(this, {
      accountId,
      region,
      functionName: name,
      description: 'Starts baseline remediations from Security Hub findings',
      entry: FUNCTION_ENTRY,
      defines: { REMEDIATION_SETTINGS: settings },
      roleDescription: 'Security Hub remediation: start baseline Config remediations, guard them, mark findings',
      policyName: 'securityhub-remediation',
      policyStatements: functionStatements(props, this.table.arn),
      logKeyArn: props.logKeyArn,
      provider,
      settings: { timeout: 60, memorySize: 256, environment: { variables: { GUARD_TABLE_NAME: props.tableName } } },
    });

    this.invokeFrom(props, fn);
    this.alarmOn(props, logGroup, fn);
  }

  /** The custom action's rule, and for automatic controls the rule on new failed findings, invoke the function. */
  private invokeFrom(props: SecurityHubRemediationProps, fn: LambdaFunction): void {
    const { provider, accountId, region, name } = props;
    const invoke = (purpose: string, eventPattern: object) => {
      const rule = new CloudwatchEventRule(this, purpose, {
        provider,
        name: `${name}-${purpose}`,
        eventPattern: JSON.stringify(eventPattern),
      });
      new CloudwatchEventTarget(this, `${purpose}-target`, { provider, rule: rule.name, targetId: 'remediation-function', arn: fn.arn });
      new LambdaPermission(this, `${purpose}-permission`, {
        provider,
        statementId: `Allow-${purpose}`,
        action: 'lambda:InvokeFunction',
        functionName: fn.functionName,
        principal: 'events.amazonaws.com',
        sourceArn: rule.arn,
      });
    };
    invoke('custom-action', {
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Custom Action'],
      resources: [`arn:${PARTITION}:securityhub:${region}:${accountId}:action/custom/${REMEDIATE_ACTION_ID}`],
    });
    const automatic = Object.entries(props.controls)
      .filter(([, c]) => c.mode === 'automatic')
      .map(([controlId]) => controlId)
      .sort();
    if (automatic.length > 0) {
      invoke('automatic', {
        source: ['aws.securityhub'],
        'detail-type': ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Compliance: { Status: ['FAILED'], SecurityControlId: automatic },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
          },
        },
      });
    }
  }

  /**
   * Failures and the hourly cap, read from the function's JSON log lines, alarm to the topic; so
   * does the function failing as a whole (an error or timeout before it could log).
   */
  private alarmOn(props: SecurityHubRemediationProps, logGroup: CloudwatchLogGroup, fn: LambdaFunction): void {
    new CloudwatchMetricAlarm(this, 'errors', {
      provider: props.provider,
      alarmName: `${props.name}-errors`,
      alarmDescription: 'The Security Hub remediation function failed or timed out; see its log group',
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: fn.functionName },
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
    });
    for (const { purpose, outcome, why } of ALARMED_OUTCOMES) {
      new MetricFilterAlarm(this, purpose, {
        provider: props.provider,
        logGroupName: logGroup.name,
        pattern: `{ $.outcome = "${outcome}" }`,
        metricNamespace: 'SecurityBaseline/SecurityHubRemediation',
        metricName: `remediation-${purpose}`,
        alarmName: `${props.name}-${purpose}`,
        alarmDescription: why,
        alarmTopicArn: props.alarmTopicArn,
      });
    }
  }
}

function functionStatements(props: SecurityHubRemediationProps, tableArn: string): PolicyStatement[] {
  const { accountId, region } = props;
  return [
    // DeleteItem: a run the hourly cap stopped releases its duplicate marker.
    {
      Sid: 'GuardRemediations',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      Resource: tableArn,
    },
    // The account's own findings are remediated with the function's own role. The action has no
    // resource-level permissions (IAM refuses anything but "*"); it acts only in the caller's account.
    { Sid: 'StartOwnRemediations', Effect: 'Allow', Action: 'config:StartRemediationExecution', Resource: '*' },
    {
      Sid: 'MarkFindings',
      Effect: 'Allow',
      Action: 'securityhub:BatchUpdateFindings',
      Resource: `arn:${PARTITION}:securityhub:${region}:${accountId}:hub/default`,
    },
    ...(props.members
      ? [
          {
            Sid: 'AssumeTriggerRoleInMembers',
            Effect: 'Allow' as const,
            Action: 'sts:AssumeRole',
            Resource: `arn:${PARTITION}:iam::*:role/${props.members.triggerRoleName}`,
            Condition: { StringEquals: { 'aws:ResourceOrgID': props.members.organizationId } },
          },
        ]
      : []),
  ];
}
