import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { Construct } from 'constructs';
import { CONFIG_RULES, type ConfigRuleKey, type ManagedRuleSpec, type RuleParameterSource } from '../catalogs/config-rules';
import { remediatedRules, type RemediationKey, type RemediationMode } from '../catalogs/remediations';
import type { ConfigRecording } from './config-recording';
import type { RegionalProviders } from '../core/regional-providers';

type CatalogRule = ManagedRuleSpec & { readonly key: ConfigRuleKey };

/**
 * Which catalog rules are deployed: `all`, or `remediated-only`, the rules that a remediation
 * which is not off fixes. Security Hub's FSBP and CIS standards create their own service-linked
 * instances of the same managed rules, so with either subscribed the others are evaluated (and
 * billed) twice under `all`.
 */
export type ConfigRuleSet = 'all' | 'remediated-only';

export interface ConfigRulesProps {
  readonly providers: RegionalProviders;
  /**
   * The baseline's recorder: each rule is created after it records in the rule's region.
   * @default none: another owner's recorder (Control Tower's) already records in every region
   */
  readonly recording?: ConfigRecording;
  /** Rule names are `<namePrefix>-<catalog key>`. */
  readonly namePrefix: string;
  /** Which catalog rules to deploy. @default 'all' */
  readonly ruleSet?: ConfigRuleSet;
  /** The remediation modes `remediated-only` keeps the rules of. @default each remediation's catalog default */
  readonly remediationModes?: Partial<Readonly<Record<RemediationKey, RemediationMode>>>;
  /** Rules to switch off by catalog key, whatever the rule set. @default none */
  readonly disabled?: ReadonlySet<ConfigRuleKey>;
  readonly parameterSource: RuleParameterSource;
}

/**
 * The managed rules of the catalog (`catalogs/config-rules.ts`) in the rule set, less those
 * switched off: regional rules in every detective-control region, account-wide and global-resource rules
 * only in the home region.
 */
export class ConfigRules extends Construct {
  /** The catalog rules that are on. */
  readonly enabledRules: readonly CatalogRule[];
  /** Catalog key → region → rule. */
  private readonly created = new Map<ConfigRuleKey, Map<string, ConfigConfigRule>>();

  constructor(scope: Construct, id: string, props: ConfigRulesProps) {
    super(scope, id);
    const { providers } = props;
    const remediated = props.ruleSet === 'remediated-only' ? remediatedRules(props.remediationModes) : undefined;
    this.enabledRules = (CONFIG_RULES as readonly CatalogRule[]).filter(
      (rule) => (remediated?.has(rule.key) ?? true) && !props.disabled?.has(rule.key),
    );
    for (const rule of this.enabledRules) {
      const regions = rule.regions === 'home' ? [providers.homeRegion] : providers.regions;
      const inputParameters = rule.inputParameters?.(props.parameterSource);
      const byRegion = new Map<string, ConfigConfigRule>();
      this.created.set(rule.key, byRegion);
      for (const region of regions) {
        byRegion.set(
          region,
          new ConfigConfigRule(this, `${region}-${rule.key}`, {
            provider: providers.forRegion(region),
            name: `${props.namePrefix}-${rule.key}`,
            description: rule.checks,
            source: { owner: 'AWS', sourceIdentifier: rule.identifier },
            scope: rule.scope ? { complianceResourceTypes: [...rule.scope] } : undefined,
            maximumExecutionFrequency: rule.maximumExecutionFrequency,
            inputParameters: inputParameters ? JSON.stringify(inputParameters) : undefined,
            dependsOn: props.recording ? [props.recording.recordingIn(region)] : undefined,
          }),
        );
      }
    }
  }

  /** Regions in which a rule exists (none when it is off). */
  regionsOf(key: ConfigRuleKey): string[] {
    return [...(this.created.get(key)?.keys() ?? [])];
  }

  ruleIn(region: string, key: ConfigRuleKey): ConfigConfigRule {
    const rule = this.created.get(key)?.get(region);
    if (!rule) throw new Error(`Config rule ${key} does not exist in ${region}`);
    return rule;
  }
}
