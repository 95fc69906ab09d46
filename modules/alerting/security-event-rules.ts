import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { Construct } from 'constructs';
import {
  GLOBAL_EVENTS_REGION,
  GLOBAL_SIGN_IN_REGIONS,
  SECURITY_EVENT_RULES,
  type SecurityEventRuleKey,
  type SecurityEventRuleSpec,
  type SecurityEventSettings,
} from '../catalogs/security-events';
import type { EventBusForwarding } from './event-bus-forwarding';
import type { RegionalProviders } from '../core/regional-providers';

export interface SecurityEventRulesProps {
  /**
   * Its `regions` are the detective-control regions (config/regions.ts `detectiveRegions`), which
   * always include us-east-1; regional rules run in each of them.
   */
  readonly providers: RegionalProviders;
  /** Creates rules and brings other regions' matches to the home region. */
  readonly forwarding: EventBusForwarding;
  /**
   * The topic the home region's rules notify. @default none: the account sends its events to the
   * security account's central bus (organization mode), straight from every region, except what
   * the administrator receives itself
   */
  readonly topicArn?: string;
  /** Rule names are `<rulePrefix>-<catalog key>`, such as `acme` for `acme-root-sign-in`. */
  readonly rulePrefix: string;
  readonly settings: SecurityEventSettings;
  /** Rules to switch off by catalog key. @default every rule on */
  readonly disabled?: ReadonlySet<SecurityEventRuleKey>;
}

/**
 * The catalog's EventBridge rules (`catalogs/security-events.ts`), each deployed where its events
 * happen and notifying the topic from the home region, or, in a member of an organization, sending
 * them to the security account's central bus.
 */
export class SecurityEventRules extends Construct {
  constructor(scope: Construct, id: string, props: SecurityEventRulesProps) {
    super(scope, id);
    const { providers } = props;
    const sourcesOf: Record<SecurityEventRuleSpec['where'], readonly string[]> = {
      regional: providers.regions,
      'global-service': [GLOBAL_EVENTS_REGION],
      'sign-in': [...new Set([...providers.regions, ...GLOBAL_SIGN_IN_REGIONS])],
      home: [],
    };
    for (const rule of SECURITY_EVENT_RULES as readonly SecurityEventRuleSpec[]) {
      if (props.disabled?.has(rule.key as SecurityEventRuleKey)) continue;
      const regional = {
        name: `${props.rulePrefix}-${rule.key}`,
        description: rule.description,
        eventPattern: rule.pattern(props.settings),
      };
      if (props.topicArn === undefined) {
        if (!rule.administratorReceives) props.forwarding.ruleToCentralBus(rule.key, regional, sourcesOf[rule.where]);
        continue;
      }
      const homeRule = props.forwarding.ruleFor(rule.key, regional, sourcesOf[rule.where]);
      new CloudwatchEventTarget(this, `${rule.key}-to-topic`, {
        rule: homeRule.name,
        targetId: 'notification-topic',
        arn: props.topicArn,
      });
    }
  }
}
