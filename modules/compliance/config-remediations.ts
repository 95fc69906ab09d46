import { ConfigRemediationConfiguration } from '@cdktf/provider-aws/lib/config-remediation-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { baselineRunbook, ScriptRunbook } from './baseline-runbooks';
import {
  automationExecutionPermission,
  effectiveRemediationMode,
  REMEDIATIONS,
  type RemediationContext,
  type RemediationKey,
  type RemediationMode,
  type RemediationSpec,
} from '../catalogs/remediations';
import type { ConfigRules } from './config-rules';
import { policyJson, serviceTrustPolicy, type PolicyStatement } from '../core/policy-document';
import type { RegionalProviders } from '../core/regional-providers';

/** Bounds on automatic remediation, so a remediation that cannot succeed stops retrying. */
export const REMEDIATION_RETRY = { maximumAutomaticAttempts: 5, retryAttemptSeconds: 60 } as const;

/** A remediation that is on, as deployed. */
export interface ActiveRemediation {
  /** Its catalog entry, with `document` the deployed runbook's name (a baseline runbook's has the prefix). */
  readonly spec: RemediationSpec;
  readonly mode: Exclude<RemediationMode, 'off'>;
  readonly role: IamRole;
}

export interface ConfigRemediationsProps {
  readonly accountId: string;
  readonly providers: RegionalProviders;
  /** The rules whose findings are remediated; a remediation exists wherever its rule does. */
  readonly rules: ConfigRules;
  /** Mode per catalog key. @default each remediation's catalog default */
  readonly modes?: Partial<Readonly<Record<RemediationKey, RemediationMode>>>;
  /** Role names are `<rolePrefix>-<catalog key>`. */
  readonly rolePrefix: string;
  /** The baseline's own runbooks are `<namePrefix>-<runbook>`. */
  readonly namePrefix: string;
  readonly context: RemediationContext;
}

/**
 * The remediations of the catalog (`catalogs/remediations.ts`) that are not off: one automation
 * role each, allowed only the calls its runbook makes and assumable only by SSM for this account,
 * and a remediation configuration on each of its rules in every region the rule exists in (with
 * the runbook there too, when the baseline ships it). Automatic ones retry at most 5 times, 60 s
 * apart.
 */
export class ConfigRemediations extends Construct {
  readonly active: readonly ActiveRemediation[];

  constructor(scope: Construct, id: string, props: ConfigRemediationsProps) {
    super(scope, id);
    const { providers, accountId } = props;
    const active: ActiveRemediation[] = [];
    for (const catalogSpec of REMEDIATIONS as readonly RemediationSpec[]) {
      const mode = effectiveRemediationMode(catalogSpec, props.modes);
      if (mode === 'off') continue;
      const remediationScope = new Construct(this, catalogSpec.key);
      const regions = regionsOfRules(catalogSpec, mode, props.rules);
      const runbook =
        catalogSpec.documentOwner === 'baseline'
          ? new ScriptRunbook(remediationScope, 'runbook', {
              providers,
              regions,
              namePrefix: props.namePrefix,
              spec: baselineRunbook(catalogSpec.document),
            })
          : undefined;
      const spec: RemediationSpec = runbook ? { ...catalogSpec, document: runbook.documentName } : catalogSpec;
      const role = new IamRole(remediationScope, 'role', {
        provider: providers.home,
        name: `${props.rolePrefix}-${spec.key}`,
        description: `Assumed by SSM Automation to run ${spec.document}`,
        assumeRolePolicy: serviceTrustPolicy('ssm.amazonaws.com', accountId),
      });
      new IamRolePolicy(remediationScope, 'role-policy', {
        provider: providers.home,
        name: 'runbook-permissions',
        role: role.name,
        policy: policyJson(remediationRoleStatements(spec, props.context)),
      });
      for (const ruleKey of spec.rules) {
        for (const region of props.rules.regionsOf(ruleKey)) {
          const rule = props.rules.ruleIn(region, ruleKey);
          new ConfigRemediationConfiguration(remediationScope, `${region}-${ruleKey}`, {
            provider: providers.forRegion(region),
            configRuleName: rule.name,
            targetType: 'SSM_DOCUMENT',
            // The document's attribute, so the configuration waits for the document in its region.
            targetId: runbook ? runbook.documentIn(region).name : spec.document,
            targetVersion: spec.documentVersion,
            parameter: [
              { name: 'AutomationAssumeRole', staticValue: role.arn },
              ...Object.entries(spec.parameters).map(([name, parameter]) =>
                'resourceValue' in parameter
                  ? { name, resourceValue: parameter.resourceValue }
                  : { name, staticValue: parameter.staticValue(props.context) },
              ),
            ],
            automatic: mode === 'automatic',
            ...(mode === 'automatic' ? REMEDIATION_RETRY : {}),
            dependsOn: [rule],
          });
        }
      }
      active.push({ spec, mode, role });
    }
    this.active = active;
  }
}

/**
 * Exactly the runbook's calls; for an AWS-owned runbook also starting and reading its own
 * automation executions, which AWS documents as required (the baseline's runbooks call no SSM API).
 */
function remediationRoleStatements(spec: RemediationSpec, context: RemediationContext): PolicyStatement[] {
  const ssmCalls = spec.documentOwner === 'baseline' ? [] : automationExecutionPermission(spec.document, context.accountId);
  return [...spec.permissions, ...ssmCalls].map((permission, index) => ({
    Sid: `RunbookCalls${index + 1}`,
    Effect: 'Allow',
    Action: [...permission.actions],
    Resource: [...permission.resources(context)],
  }));
}

/** Regions where the remediation's rules exist; each rule must exist somewhere (the config schema ensures it). */
function regionsOfRules(spec: RemediationSpec, mode: RemediationMode, rules: ConfigRules): string[] {
  const missing = spec.rules.filter((rule) => rules.regionsOf(rule).length === 0);
  if (missing.length > 0) {
    throw new Error(`Remediation ${spec.key} is ${mode} but its rule(s) ${missing.join(', ')} are not deployed`);
  }
  return [...new Set(spec.rules.flatMap((rule) => rules.regionsOf(rule)))];
}
