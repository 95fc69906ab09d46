/**
 * Starts the baseline's Config remediation for Security Hub findings (a custom action, or imported
 * findings of automatic controls), then marks each finding NOTIFIED. `index.ts` wires it to the
 * settings built into the bundle and to the Lambda environment.
 *
 * Nothing per finding is thrown: a failed invocation would be retried by Lambda and start the
 * remediations that did succeed once more. Every finding gets one JSON log line instead, which
 * metric filters and alarms read.
 */
import { ConfigServiceClient, type ResourceType, StartRemediationExecutionCommand } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { accountNameOf, type AsffFinding, configResourceId, controlOf, type SecurityHubEvent, type Trigger, triggerOf } from './finding';
import { passGuard } from './guard';
import type { ControlRemediation, RemediationSettings } from './settings';

export type Outcome = 'started' | 'failed' | 'unknown-account' | 'not-enabled' | 'manual-only' | 'not-failed' | 'duplicate' | 'cap-reached';

export interface FindingLogLine {
  readonly outcome: Outcome;
  readonly trigger: Trigger;
  readonly controlId?: string;
  readonly accountId?: string;
  readonly accountName?: string;
  readonly region?: string;
  /** The Config resource id when the control is known, else the finding resource's ARN. */
  readonly resourceId?: string;
  readonly findingId?: string;
  /** Why it was refused or failed (an error's name and message). */
  readonly detail?: string;
  /** Set when the remediation started but the finding could not be marked NOTIFIED. */
  readonly findingUpdate?: 'failed';
}

export type LogLine = FindingLogLine | { readonly outcome: 'ignored'; readonly detail: string };

export interface TriggerRuntime {
  /** The DynamoDB table of the loop and cost guard. */
  readonly tableName: string;
  /** The function's own region: Security Hub's aggregation region, where findings are updated. */
  readonly region: string;
  /** @default the clock */
  readonly now?: () => Date;
  /** @default one JSON line on stdout, unprefixed (CloudWatch Logs) */
  readonly log?: (line: LogLine) => void;
}

export interface Summary {
  started: number;
  skipped: number;
  failed: number;
}

type Result = Pick<FindingLogLine, 'outcome' | 'detail' | 'findingUpdate'>;

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

export function createHandler(settings: RemediationSettings, runtime: TriggerRuntime) {
  const own = { region: runtime.region };
  const sts = new STSClient(own);
  const dynamodb = new DynamoDBClient(own);
  const securityHub = new SecurityHubClient(own);
  const now = runtime.now ?? (() => new Date());
  // Straight to stdout: Lambda's console prefixes each line (time, request id, level), and the
  // alarms' metric filters need the line to be exactly one JSON object.
  const log = runtime.log ?? ((line: LogLine) => process.stdout.write(`${JSON.stringify(line)}\n`));

  /** The finding's account's credentials: the function's own at home, else the trigger role's. */
  async function credentialsFor(accountId: string, controlId: string) {
    if (accountId === settings.homeAccountId) return undefined;
    const { Credentials: assumed } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/${settings.triggerRoleName}`,
        RoleSessionName: `baseline-remediation-${controlId.replace(/\./g, '')}`.slice(0, 64),
        DurationSeconds: 900,
      }),
    );
    if (!assumed?.AccessKeyId || !assumed.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    return {
      accessKeyId: assumed.AccessKeyId,
      secretAccessKey: assumed.SecretAccessKey,
      sessionToken: assumed.SessionToken,
      expiration: assumed.Expiration,
    };
  }

  async function startRemediation(
    finding: AsffFinding,
    controlId: string,
    control: ControlRemediation,
    resourceId: string,
  ): Promise<Result> {
    let credentials;
    try {
      credentials = await credentialsFor(finding.AwsAccountId, controlId);
    } catch (error) {
      return { outcome: 'failed', detail: `assume role: ${describe(error)}` };
    }
    const config = new ConfigServiceClient({ region: finding.Region, credentials });
    try {
      const { FailedItems, FailureMessage } = await config.send(
        new StartRemediationExecutionCommand({
          ConfigRuleName: control.configRuleName,
          // A plain string in the settings: the SDK's ResourceType union lacks `AWS::::Account` (account-level rules).
          ResourceKeys: [{ resourceType: control.resourceType as ResourceType, resourceId }],
        }),
      );
      if (FailedItems?.length) return { outcome: 'failed', detail: `config: ${FailureMessage ?? 'the resource was not started'}` };
    } catch (error) {
      return { outcome: 'failed', detail: `config: ${describe(error)}` };
    } finally {
      config.destroy();
    }
    return { outcome: 'started' };
  }

  /** Marks the finding NOTIFIED with a note; a failure here does not undo the started remediation. */
  async function markNotified(finding: AsffFinding, control: ControlRemediation, resourceId: string, trigger: Trigger): Promise<Result> {
    try {
      const { UnprocessedFindings } = await securityHub.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [{ Id: finding.Id, ProductArn: finding.ProductArn }],
          Workflow: { Status: 'NOTIFIED' },
          Note: {
            Text: `Baseline remediation started: ${control.configRuleName} on ${resourceId} (${trigger})`,
            UpdatedBy: 'security-baseline',
          },
        }),
      );
      if (!UnprocessedFindings?.length) return { outcome: 'started' };
      const detail = UnprocessedFindings.map((item) => `${item.ErrorCode}: ${item.ErrorMessage}`).join('; ');
      return { outcome: 'started', findingUpdate: 'failed', detail };
    } catch (error) {
      return { outcome: 'started', findingUpdate: 'failed', detail: describe(error) };
    }
  }

  async function remediate(
    finding: AsffFinding,
    trigger: Trigger,
    control: ControlRemediation | undefined,
    resourceId: string | undefined,
  ): Promise<Result> {
    const controlId = finding.Compliance?.SecurityControlId;
    if (!accountNameOf(settings, finding)) return { outcome: 'unknown-account' };
    if (!control || !controlId) return { outcome: 'not-enabled' };
    if (trigger === 'automatic' && control.mode === 'manual') return { outcome: 'manual-only' };
    if (finding.Compliance?.Status !== 'FAILED')
      return { outcome: 'not-failed', detail: `compliance status ${finding.Compliance?.Status}` };
    if (!resourceId) return { outcome: 'failed', detail: 'the finding names no resource' };

    const target = `${finding.AwsAccountId}#${finding.Region}#${controlId}#${resourceId}`;
    const guard = { tableName: runtime.tableName, windowMinutes: settings.windowMinutes, maxPerHour: settings.maxPerHour };
    const verdict = await passGuard(dynamodb, guard, target, now());
    if (verdict !== 'pass') return { outcome: verdict };

    const started = await startRemediation(finding, controlId, control, resourceId);
    return started.outcome === 'started' ? markNotified(finding, control, resourceId, trigger) : started;
  }

  return async (event: SecurityHubEvent): Promise<Summary> => {
    const summary: Summary = { started: 0, skipped: 0, failed: 0 };
    const trigger = triggerOf(event);
    const findings = event.detail?.findings;
    if (!trigger || !Array.isArray(findings)) {
      log({ outcome: 'ignored', detail: trigger ? 'the event carries no findings' : `not a findings event: ${event['detail-type']}` });
      return summary;
    }
    for (const finding of findings) {
      const control = controlOf(settings, finding);
      const resourceId = control ? configResourceId(control, finding) : finding.Resources?.[0]?.Id;
      // Anything unexpected (DynamoDB throttling, a malformed finding) fails this finding only.
      const result = await remediate(finding, trigger, control, resourceId).catch((error: unknown): Result => ({
        outcome: 'failed',
        detail: describe(error),
      }));
      log({
        outcome: result.outcome,
        trigger,
        controlId: finding.Compliance?.SecurityControlId,
        accountId: finding.AwsAccountId,
        accountName: accountNameOf(settings, finding),
        region: finding.Region,
        resourceId,
        findingId: finding.Id,
        detail: result.detail,
        findingUpdate: result.findingUpdate,
      });
      if (result.outcome === 'started') summary.started += 1;
      else if (result.outcome === 'failed') summary.failed += 1;
      else summary.skipped += 1;
    }
    return summary;
  };
}
