import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { PARTITION } from '../core/arn';
import { policyJson } from '../core/policy-document';

export interface CentralEventBusProps {
  readonly accountId: string;
  /** Region of the bus (the organization's home region, the provider's). */
  readonly region: string;
  /** Names the bus, and its rule. */
  readonly busName: string;
  /** Only principals of this organization (`o-…`) may put events on the bus. */
  readonly organizationId: string;
  /** …and of them only the accounts' forwarding roles (EventBusForwarding), by name. */
  readonly senderRoleName: string;
  /** The topic every event on the bus notifies. */
  readonly topicArn: string;
  /** @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/**
 * The security account's bus for the organization's security events (organization mode): members
 * put their own change events on it (EventBusForwarding `ruleToCentralBus`), from every region;
 * its policy admits `events:PutEvents` only from the organization's forwarding roles; one rule
 * sends every AWS event on it to the notification topic. A bus of its own, not the default bus, so the
 * security account's own rules never match members' events a second time.
 */
export class CentralEventBus extends Construct {
  readonly bus: CloudwatchEventBus;
  /** Known from the name, so members can name the bus before it exists. */
  readonly busArn: string;

  static arnFor(region: string, accountId: string, busName: string): string {
    return `arn:${PARTITION}:events:${region}:${accountId}:event-bus/${busName}`;
  }

  constructor(scope: Construct, id: string, props: CentralEventBusProps) {
    super(scope, id);
    const { provider } = props;
    this.busArn = CentralEventBus.arnFor(props.region, props.accountId, props.busName);
    this.bus = new CloudwatchEventBus(this, 'bus', { provider, name: props.busName });
    new CloudwatchEventBusPolicy(this, 'policy', {
      provider,
      eventBusName: this.bus.name,
      policy: policyJson([
        {
          Sid: 'AllowOrganizationToPutEvents',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'events:PutEvents',
          Resource: this.busArn,
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
            ArnLike: { 'aws:PrincipalArn': `arn:${PARTITION}:iam::*:role/${props.senderRoleName}` },
          },
        },
      ]),
    });
    const rule = new CloudwatchEventRule(this, 'to-topic', {
      provider,
      name: props.busName,
      description: "Every security event the organization's accounts send to the security account",
      eventBusName: this.bus.name,
      // Every AWS service event; a principal's own PutEvents cannot use an `aws.` source, so no made-up alert gets through.
      eventPattern: JSON.stringify({ source: [{ prefix: 'aws.' }] }),
    });
    new CloudwatchEventTarget(this, 'topic-target', {
      provider,
      rule: rule.name,
      eventBusName: this.bus.name,
      targetId: 'notification-topic',
      arn: props.topicArn,
    });
  }
}
