import { ConfigRemediationConfiguration } from '@cdktf/provider-aws/lib/config-remediation-configuration';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import {
  automationExecutionPermission,
  effectiveRemediationMode,
  REMEDIATIONS,
  type RemediationContext,
  type RemediationKey,
  type RemediationMode,
  type RemediationSpec,
} from './catalogs/remediations';
import type { ConfigRules } from './config-rules';
import { policyJson, serviceTrustPolicy, type PolicyStatement } from './policy-document';
import type { RegionalProviders } from './regional-providers';

/** Bounds on automatic remediation, so a remediation that cannot succeed stops retrying. */
export const REMEDIATION_RETRY = { maximumAutomaticAttempts: 5, retryAttemptSeconds: 60 } as const;

/** A remediation that is on, as deployed. */
export interface ActiveRemediation {
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
  readonly context: RemediationContext;
}

/**
 * The remediations of the catalog (`catalogs/remediations.ts`) that are not off: one automation
 * role each, allowed only the calls its runbook makes and assumable only by SSM for this account,
 * and a remediation configuration on each of its rules in every region the rule exists in.
 * Automatic ones retry at most 5 times, 60 s apart.
 */
export class ConfigRemediations extends Construct {
  readonly active: readonly ActiveRemediation[];

  constructor(scope: Construct, id: string, props: ConfigRemediationsProps) {
    super(scope, id);
    const { providers, accountId } = props;
    const active: ActiveRemediation[] = [];
    for (const spec of REMEDIATIONS as readonly RemediationSpec[]) {
      const mode = effectiveRemediationMode(spec, props.modes);
      if (mode === 'off') continue;
      const remediationScope = new Construct(this, spec.key);
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
        policy: policyJson(remediationRoleStatements(spec, accountId)),
      });
      for (const ruleKey of spec.rules) {
        for (const region of props.rules.regionsOf(ruleKey)) {
          const rule = props.rules.ruleIn(region, ruleKey);
          new ConfigRemediationConfiguration(remediationScope, `${region}-${ruleKey}`, {
            provider: providers.forRegion(region),
            configRuleName: rule.name,
            targetType: 'SSM_DOCUMENT',
            targetId: spec.document,
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

/** Exactly the runbook's calls, plus starting and reading its own automation executions. */
function remediationRoleStatements(spec: RemediationSpec, accountId: string): PolicyStatement[] {
  return [...spec.permissions, ...automationExecutionPermission(spec.document, accountId)].map((permission, index) => ({
    Sid: `RunbookCalls${index + 1}`,
    Effect: 'Allow',
    Action: [...permission.actions],
    Resource: [...permission.resources(accountId)],
  }));
}
