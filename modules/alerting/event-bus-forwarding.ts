import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { PARTITION } from '../core/arn';
import { policyJson, serviceTrustPolicy } from '../core/policy-document';
import type { RegionalProviders } from '../core/regional-providers';

export interface EventBusForwardingProps {
  readonly accountId: string;
  readonly providers: RegionalProviders;
  /** Name of the role EventBridge uses to put events on the home region's bus (and the central bus). */
  readonly roleName: string;
  /**
   * The security account's central bus (organization mode), which `ruleToCentralBus` delivers to
   * straight from every region: EventBridge does not pass an event received from one bus on to a
   * third, so a second hop through the home bus would drop it. @default none
   */
  readonly centralBusArn?: string;
}

/** What a rule deployed in every region matches. */
export interface RegionalRuleProps {
  readonly name: string;
  readonly description: string;
  readonly eventPattern: object;
}

/**
 * Makes one home region see the account's events from every detective-control region: a rule created with
 * `ruleInEveryRegion` exists in each region, and outside the home region its matches are put on
 * the home region's default event bus, where the home rule (and its targets) sees them. With a
 * central bus, `ruleToCentralBus` sends a rule's matches from every region to it instead.
 */
export class EventBusForwarding extends Construct {
  readonly homeBusArn: string;
  private readonly role: IamRole;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: EventBusForwardingProps,
  ) {
    super(scope, id);
    const { providers, accountId } = props;
    this.homeBusArn = `arn:${PARTITION}:events:${providers.homeRegion}:${accountId}:event-bus/default`;
    this.role = new IamRole(this, 'role', {
      provider: providers.home,
      name: props.roleName,
      description: 'Lets EventBridge rules put matched events on the home region event bus',
      assumeRolePolicy: serviceTrustPolicy('events.amazonaws.com'),
    });
    new IamRolePolicy(this, 'role-policy', {
      provider: providers.home,
      name: 'put-events-on-home-bus',
      role: this.role.name,
      policy: policyJson([
        { Sid: 'PutEventsOnHomeBus', Effect: 'Allow', Action: 'events:PutEvents', Resource: this.homeBusArn },
        ...(props.centralBusArn
          ? [{ Sid: 'PutEventsOnCentralBus', Effect: 'Allow' as const, Action: 'events:PutEvents', Resource: props.centralBusArn }]
          : []),
      ]),
    });
  }

  /** Creates the rule in every detective-control region; returns the home region's rule, to add targets to. */
  ruleInEveryRegion(id: string, rule: RegionalRuleProps): CloudwatchEventRule {
    return this.ruleFor(id, rule, this.props.providers.regions);
  }

  /**
   * Creates the rule in the home region and in each source region, whose matches are put on the
   * home bus; returns the home region's rule, which sees them all, to add targets to.
   */
  ruleFor(id: string, rule: RegionalRuleProps, sourceRegions: readonly string[]): CloudwatchEventRule {
    const { providers } = this.props;
    const ruleScope = new Construct(this, id);
    const homeRule = this.ruleIn(ruleScope, providers.homeRegion, rule);
    for (const region of sourceRegions.filter((r) => r !== providers.homeRegion)) {
      this.sendTo(ruleScope, `${region}-to-home-bus`, this.ruleIn(ruleScope, region, rule), {
        targetId: 'home-region-bus',
        arn: this.homeBusArn,
      });
    }
    return homeRule;
  }

  /** Creates the rule in the home region and in each source region, each sending its matches to the central bus. */
  ruleToCentralBus(id: string, rule: RegionalRuleProps, sourceRegions: readonly string[]): void {
    const { providers, centralBusArn } = this.props;
    if (!centralBusArn) throw new Error(`EventBusForwarding ${this.node.path}: ruleToCentralBus needs centralBusArn`);
    const ruleScope = new Construct(this, id);
    for (const region of [providers.homeRegion, ...sourceRegions.filter((r) => r !== providers.homeRegion)]) {
      this.sendTo(ruleScope, `${region}-to-central-bus`, this.ruleIn(ruleScope, region, rule), {
        targetId: 'central-bus',
        arn: centralBusArn,
      });
    }
  }

  private ruleIn(scope: Construct, region: string, rule: RegionalRuleProps): CloudwatchEventRule {
    return new CloudwatchEventRule(scope, region, {
      provider: this.props.providers.forRegion(region),
      name: rule.name,
      description: rule.description,
      eventPattern: JSON.stringify(rule.eventPattern),
    });
  }

  private sendTo(scope: Construct, id: string, rule: CloudwatchEventRule, bus: { targetId: string; arn: string }): void {
    new CloudwatchEventTarget(scope, id, { provider: rule.provider, rule: rule.name, ...bus, roleArn: this.role.arn });
  }
}
