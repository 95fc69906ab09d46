/**
 * Central alerting in organization mode (the bundled example): every account's alarms and security
 * events reach people through the security account's one topic, each exactly once.
 *
 * Event routing is simulated over the synthesized stacks: an event lands on the default bus of the
 * account and region where it happens; each rule there whose pattern matches sends it to its
 * targets (the topic, or another bus, where that bus's rules take over); as in EventBridge, an
 * event received from one bus is not passed on to a third. CIS alarms are simulated the same way:
 * a CloudTrail record lands in the log groups of the account's own trails and of every
 * organization trail (the baseline's, or Control Tower's), and each metric filter there whose
 * pattern matches it counts it for its alarm.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { validateOrganizationConfig } from '../../config/load';
import { accountBaselineNames, organizationNames } from '../../config/names';
import { detectiveRegions } from '../../config/regions';
import type { AccountConfig } from '../../config/schema';
import { CIS_EVENT_CASES } from '../fixtures/cloudtrail-events';
import { eventPatternMatches } from '../helpers/event-pattern';
import { matchesFilterPattern } from '../helpers/filter-pattern-evaluator';
import { identityPolicyAllowing, simulate } from '../helpers/policy-simulator';
import { refId } from '../helpers/stack-judges';
import { synthesizeToTempDir, type SynthesizedOrganization } from '../helpers/synthesized-organization';
import { unzipSingleFile } from '../helpers/zip';
import {
  controlTowerExampleInput,
  organizationModeExample,
  organizationModeExampleInput,
  parsePolicy,
  regionOf,
  resourcesOfType,
  type StackJson,
} from '../helpers/synth';

const org = organizationModeExample();
const synthesized = synthesizeToTempDir(org, 'central-alerting');
const HOME = org.homeRegion;
const REGIONS = [...detectiveRegions(HOME, org.regions, org.detectiveControlRegions)];
const OTHER_REGION = REGIONS.find((r) => r !== HOME)!;
const ORG_ID = org.organization!.id;
const security = org.accounts.find((a) => a.role === 'security')!;
const members = org.accounts.filter((a) => a.role !== 'security');
const workload = org.accounts.find((a) => a.role === 'workload')!;
const OUTSIDER = '999999999999';

const entries = (json: StackJson, type: string): [string, any][] => Object.entries(resourcesOfType(json, type));
const [topicId, topic] = entries(synthesized.stack(security.name), 'aws_sns_topic')[0];
const CENTRAL_TOPIC_ARN = `arn:aws:sns:${HOME}:${security.id}:${topic.name}`;
const CENTRAL_BUS = organizationNames(org).centralEventBus;
const CENTRAL_BUS_ARN = `arn:aws:events:${HOME}:${security.id}:event-bus/${CENTRAL_BUS}`;

/** The name of the bus a rule is on: `default`, or a bus the stack declares (referenced). */
function busNameOf(json: StackJson, rule: { event_bus_name?: string }): string {
  const reference = /^\$\{aws_cloudwatch_event_bus\.([\w-]+)\.name\}$/.exec(rule.event_bus_name ?? '');
  return reference ? resourcesOfType(json, 'aws_cloudwatch_event_bus')[reference[1]].name : (rule.event_bus_name ?? 'default');
}

/** How many times an event put on `bus` of `account` in `region` reaches the central topic. */
function deliveriesToTopic(account: AccountConfig, region: string, bus: string, event: object, received = false): number {
  const json = synthesized.stack(account.name);
  const rules = entries(json, 'aws_cloudwatch_event_rule').filter(
    ([, rule]) =>
      regionOf(json, rule) === region && busNameOf(json, rule) === bus && eventPatternMatches(JSON.parse(rule.event_pattern), event),
  );
  let count = 0;
  for (const [ruleId] of rules) {
    const targets = entries(json, 'aws_cloudwatch_event_target').filter(
      ([, t]) => t.rule === `\${aws_cloudwatch_event_rule.${ruleId}.name}` && regionOf(json, t) === region,
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const [, target] of targets) {
      const arn: string = target.arn === `\${aws_sns_topic.${topicId}.arn}` && account.id === security.id ? CENTRAL_TOPIC_ARN : target.arn;
      if (arn === CENTRAL_TOPIC_ARN) count += 1;
      const toBus = /^arn:aws:events:([\w-]+):(\d{12}):event-bus\/(.+)$/.exec(arn);
      if (toBus && !received) {
        const [, busRegion, busAccount, busName] = toBus;
        count += deliveriesToTopic(
          org.accounts.find((a) => a.id === busAccount)!,
          busRegion,
          busName,
          event,
          true,
        );
      }
    }
  }
  return count;
}

const envelope = (source: string, detailType: string, account: string, region: string, detail: object) => ({
  version: '0',
  id: 'e1',
  source,
  'detail-type': detailType,
  account,
  region,
  time: '2026-11-27T10:00:00Z',
  resources: [],
  detail,
});
const guardDutyFinding = (findingAccount: string, eventAccount: string, region: string) =>
  envelope('aws.guardduty', 'GuardDuty Finding', eventAccount, region, {
    accountId: findingAccount,
    region,
    severity: 8,
    type: 'Recon:EC2/PortProbeUnprotectedPort',
  });
const securityHubFinding = (findingAccount: string, eventAccount: string, region: string) =>
  envelope('aws.securityhub', 'Security Hub Findings - Imported', eventAccount, region, {
    findings: [
      {
        AwsAccountId: findingAccount,
        Region: region,
        Severity: { Label: 'HIGH' },
        Compliance: { Status: 'FAILED' },
        Workflow: { Status: 'NEW' },
        RecordState: 'ACTIVE',
      },
    ],
  });
const apiCallEvent = (account: string, region: string, source: string, eventSource: string, eventName: string) =>
  envelope(source, 'AWS API Call via CloudTrail', account, region, { eventSource, eventName });

describe('every finding and event reaches the central topic exactly once', () => {
  test.each(members.map((a) => [a.name, a] as const))(
    'a GuardDuty finding in %s: in its own event stream and the administrator’s, notified once',
    (_, member) => {
      for (const region of REGIONS) {
        const inMember = deliveriesToTopic(member, region, 'default', guardDutyFinding(member.id, member.id, region));
        const inAdministrator = deliveriesToTopic(security, region, 'default', guardDutyFinding(member.id, security.id, region));
        expect({ region, inMember, inAdministrator }).toEqual({ region, inMember: 0, inAdministrator: 1 });
      }
    },
  );

  test.each(members.map((a) => [a.name, a] as const))(
    'a Security Hub finding in %s: notified once, from the aggregation region',
    (_, member) => {
      const inMember = REGIONS.map((region) =>
        deliveriesToTopic(member, region, 'default', securityHubFinding(member.id, member.id, region)),
      );
      const inAdministrator = REGIONS.map((region) =>
        deliveriesToTopic(security, region, 'default', securityHubFinding(member.id, security.id, region)),
      );
      expect(inMember.reduce((a, b) => a + b) + inAdministrator.reduce((a, b) => a + b)).toBe(1);
      expect(inAdministrator[REGIONS.indexOf(HOME)]).toBe(1);
    },
  );

  test.each(org.accounts.map((a) => [a.name, a] as const))('a security group change in %s, in any region: notified once', (_, account) => {
    for (const region of REGIONS) {
      const event = apiCallEvent(account.id, region, 'aws.ec2', 'ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress');
      expect({ region, deliveries: deliveriesToTopic(account, region, 'default', event) }).toEqual({ region, deliveries: 1 });
    }
  });

  test.each(org.accounts.map((a) => [a.name, a] as const))(
    'a root sign-in and an IAM policy change in %s (us-east-1 events): notified once each',
    (_, account) => {
      const rootSignIn = envelope('aws.signin', 'AWS Console Sign In via CloudTrail', account.id, 'us-east-1', {
        eventName: 'ConsoleLogin',
        userIdentity: { type: 'Root' },
      });
      const policyChange = apiCallEvent(account.id, 'us-east-1', 'aws.iam', 'iam.amazonaws.com', 'PutRolePolicy');
      expect(deliveriesToTopic(account, 'us-east-1', 'default', rootSignIn)).toBe(1);
      expect(deliveriesToTopic(account, 'us-east-1', 'default', policyChange)).toBe(1);
    },
  );

  test('a NON_COMPLIANT baseline Config rule in a member: notified once, through the central bus', () => {
    const event = envelope('aws.config', 'Config Rules Compliance Change', workload.id, OTHER_REGION, {
      configRuleName: 'acme-restricted-ssh',
      newEvaluationResult: { complianceType: 'NON_COMPLIANT' },
    });
    expect(deliveriesToTopic(workload, OTHER_REGION, 'default', event)).toBe(1);
  });

  test('negative control: an event the rules do not select reaches nobody', () => {
    expect(
      deliveriesToTopic(workload, HOME, 'default', apiCallEvent(workload.id, HOME, 'aws.ec2', 'ec2.amazonaws.com', 'DescribeInstances')),
    ).toBe(0);
  });
});

/**
 * The alarms (`<stack>: <alarm name>`) that count a CloudTrail record of `account` and notify a
 * topic: filters on its own trails' log groups, and on every organization trail's, which receives
 * every account's records (Control Tower's is named, not declared).
 */
function cisAlarmsCounting(of: SynthesizedOrganization, organization: typeof org, account: AccountConfig, record: object): string[] {
  const controlTowerLogGroup = organization.organization?.controlTower?.enabled
    ? (organization.organization.controlTower.logGroupName ?? 'aws-controltower/CloudTrailLogs')
    : undefined;
  return organization.accounts.flatMap((owner) => {
    const json = of.stack(owner.name);
    const logGroups = resourcesOfType(json, 'aws_cloudwatch_log_group');
    /** A log group's name, from a reference to one the stack declares or as written. */
    const nameOf = (value: string) => {
      const id = refId(value, 'aws_cloudwatch_log_group');
      return id ? logGroups[id].name : value;
    };
    const receiving = new Set(
      Object.values(resourcesOfType(json, 'aws_cloudtrail'))
        .filter((trail) => owner.id === account.id || trail.is_organization_trail === true)
        .map((trail) => nameOf(trail.cloud_watch_logs_group_arn)),
    );
    if (controlTowerLogGroup) receiving.add(controlTowerLogGroup);
    const receives = (logGroupName: string) => receiving.has(nameOf(logGroupName));
    const filters = Object.values(resourcesOfType(json, 'aws_cloudwatch_log_metric_filter')).filter(
      (f) => receives(f.log_group_name) && matchesFilterPattern(f.pattern, record),
    );
    return Object.values(resourcesOfType(json, 'aws_cloudwatch_metric_alarm'))
      .filter((alarm) => alarm.alarm_actions?.length > 0)
      .filter((alarm) =>
        filters.some((f) => f.metric_transformation.name === alarm.metric_name && f.metric_transformation.namespace === alarm.namespace),
      )
      .map((alarm) => `${owner.name}: ${alarm.alarm_name}`);
  });
}

describe.each([
  ['the example organization', org, synthesized],
  ['the Control Tower example', validateOrganizationConfig(controlTowerExampleInput()), undefined],
] as const)('in %s, every CIS 4.x event raises one alarm, the account’s own', (_, organization, synthesizedAlready) => {
  const of = synthesizedAlready ?? synthesizeToTempDir(organization, 'central-alerting-control-tower');
  const cases = Object.entries(CIS_EVENT_CASES).flatMap(([filterId, { matches }]) =>
    matches.map(([what, record]) => [filterId, what, record] as const),
  );

  test.each(organization.accounts.map((a) => [a.name, a] as const))('%s', (_name, account) => {
    const declaredAlarms = new Set(
      Object.values(resourcesOfType(of.stack(account.name), 'aws_cloudwatch_metric_alarm')).map((a) => a.alarm_name),
    );
    const prefix = accountBaselineNames(organization, account).cisAlarmPrefix;
    for (const [filterId, what, record] of cases) {
      const alarms = cisAlarmsCounting(of, organization, account, { ...record, recipientAccountId: account.id });
      // The account's own alarm for the filter counts it, wherever the account declares one.
      const own = `${prefix}-${filterId}`;
      if (declaredAlarms.has(own))
        expect({ filterId, what, counted: alarms.includes(`${account.name}: ${own}`) }).toEqual({ filterId, what, counted: true });
      // Alarm names carry the filter id: the same name twice is the same event alerted twice.
      const names = alarms.map((alarm) => alarm.split(': ')[1]);
      expect({ filterId, what, repeated: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ filterId, what, repeated: [] });
      expect({ filterId, what, elsewhere: alarms.filter((alarm) => !alarm.startsWith(`${account.name}: `)) }).toEqual({
        filterId,
        what,
        elsewhere: [],
      });
    }
    // Negative control: most filters are on, so most cases are counted above.
    expect(cases.filter(([filterId]) => declaredAlarms.has(`${prefix}-${filterId}`)).length).toBeGreaterThan(cases.length / 2);
  });
});

describe('the security account holds the one notification path', () => {
  const json = synthesized.stack(security.name);

  test('one topic, the bus, its rule, Slack and the notifier are all in the security account; members have none of them', () => {
    expect(entries(json, 'aws_cloudwatch_event_bus').map(([, b]) => b.name)).toEqual([CENTRAL_BUS]);
    expect(
      entries(json, 'aws_lambda_function')
        .map(([, f]) => f.function_name)
        .sort(),
    ).toEqual(['acme-securityhub-remediation', 'acme-slack-notifier']);
    expect(entries(json, 'aws_chatbot_slack_channel_configuration')).toHaveLength(1);
    for (const member of members) {
      const memberJson = synthesized.stack(member.name);
      for (const type of [
        'aws_sns_topic',
        'aws_sns_topic_subscription',
        'aws_lambda_function',
        'aws_chatbot_slack_channel_configuration',
        'aws_cloudwatch_event_bus',
      ]) {
        expect({ member: member.name, type, count: entries(memberJson, type).length }).toEqual({ member: member.name, type, count: 0 });
      }
    }
  });

  describe('the bus policy, as IAM decides it', () => {
    const [, busPolicy] = entries(json, 'aws_cloudwatch_event_bus_policy')[0];
    // Across accounts both must allow: the bus policy, and the sender role's own policy.
    const forwardingRolePolicy = (account: string) =>
      entries(synthesized.stack(org.accounts.find((a) => a.id === account)?.name ?? workload.name), 'aws_iam_role_policy').find(
        ([, p]) => p.name === 'put-events-on-home-bus',
      )![1].policy;
    const putEvents = (account: string, orgId: string) =>
      simulate(
        { resourcePolicy: busPolicy.policy, identityPolicies: [forwardingRolePolicy(account)] },
        {
          principal: `arn:aws:iam::${account}:role/acme-event-forwarding`,
          action: 'events:PutEvents',
          resource: CENTRAL_BUS_ARN,
          resourceAccount: security.id,
          context: {
            'aws:PrincipalOrgID': orgId,
            'aws:PrincipalAccount': account,
            'aws:PrincipalArn': `arn:aws:iam::${account}:role/acme-event-forwarding`,
          },
        },
      );

    test.each(members.map((a) => [a.name, a.id] as const))('%s’s forwarding role may put events', async (_, id) => {
      expect((await putEvents(id, ORG_ID)).decision).toBe('Allowed');
    });

    test('an account outside the organization may not, nor another role of a member (no made-up alerts)', async () => {
      expect((await putEvents(OUTSIDER, 'o-zzzzzzzzzz')).decision).toBe('ImplicitlyDenied');
      const otherRole = `arn:aws:iam::${workload.id}:role/developer`;
      const decision = await simulate(
        { resourcePolicy: busPolicy.policy, identityPolicies: [identityPolicyAllowing('events:PutEvents')] },
        {
          principal: otherRole,
          action: 'events:PutEvents',
          resource: CENTRAL_BUS_ARN,
          resourceAccount: security.id,
          context: { 'aws:PrincipalOrgID': ORG_ID, 'aws:PrincipalAccount': workload.id, 'aws:PrincipalArn': otherRole },
        },
      );
      expect(decision.decision).toBe('ImplicitlyDenied');
    });

    test('the bus notifies only AWS service events: a principal cannot send an `aws.` source itself', () => {
      const [, rule] = entries(json, 'aws_cloudwatch_event_rule').find(([, r]) => r.name === CENTRAL_BUS)!;
      const pattern = JSON.parse(rule.event_pattern);
      expect(eventPatternMatches(pattern, { source: 'aws.ec2' })).toBe(true);
      expect(eventPatternMatches(pattern, { source: 'my.app' })).toBe(false);
    });
  });

  describe('the topic policy, as IAM decides it', () => {
    const [, topicPolicy] = entries(json, 'aws_sns_topic_policy')[0];
    const alarmPublish = (account: string) =>
      simulate(
        { resourcePolicy: topicPolicy.policy },
        {
          principal: 'cloudwatch.amazonaws.com',
          action: 'sns:Publish',
          resource: CENTRAL_TOPIC_ARN,
          resourceAccount: security.id,
          context: {
            'aws:SourceAccount': account,
            'aws:SourceArn': `arn:aws:cloudwatch:${HOME}:${account}:alarm:acme-cis-4.1`,
            'aws:SecureTransport': 'true',
          },
        },
      );
    // What Security Hub's service-linked role may do in its own account (AWSSecurityHubServiceRolePolicy allows this call).
    const listSubscriptions = (principal: string, orgId: string) =>
      simulate(
        { resourcePolicy: topicPolicy.policy, identityPolicies: [identityPolicyAllowing('sns:ListSubscriptionsByTopic')] },
        {
          principal,
          action: 'sns:ListSubscriptionsByTopic',
          resource: CENTRAL_TOPIC_ARN,
          resourceAccount: security.id,
          context: { 'aws:PrincipalOrgID': orgId, 'aws:PrincipalArn': principal },
        },
      );
    const securityHubRole = (account: string) =>
      `arn:aws:iam::${account}:role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub`;

    test.each(members.map((a) => [a.name, a.id] as const))(
      '%s’s alarms may publish; its Security Hub may list the subscriptions (CloudWatch.1-14)',
      async (_, id) => {
        expect((await alarmPublish(id)).decision).toBe('Allowed');
        expect((await listSubscriptions(securityHubRole(id), ORG_ID)).decision).toBe('Allowed');
      },
    );

    test('an outside account’s alarms may not publish; other principals of the organization may not list', async () => {
      expect((await alarmPublish(OUTSIDER)).decision).toBe('ImplicitlyDenied');
      expect((await listSubscriptions(`arn:aws:iam::${workload.id}:role/developer`, ORG_ID)).decision).toBe('ImplicitlyDenied');
      expect((await listSubscriptions(securityHubRole(OUTSIDER), 'o-zzzzzzzzzz')).decision).toBe('ImplicitlyDenied');
    });
  });
});

describe('members send to the security account', () => {
  test.each(members.map((a) => [a.name, a] as const))(
    '%s: every alarm notifies the central topic; the forwarding role may put events on the central bus only',
    (_, member) => {
      const json = synthesized.stack(member.name);
      const alarms = entries(json, 'aws_cloudwatch_metric_alarm');
      expect(alarms.length).toBeGreaterThan(14);
      expect([...new Set(alarms.flatMap(([, a]) => a.alarm_actions))]).toEqual([CENTRAL_TOPIC_ARN]);
      const rolePolicy = entries(json, 'aws_iam_role_policy').find(([, p]) => p.name === 'put-events-on-home-bus')![1];
      expect(
        parsePolicy(rolePolicy.policy)
          .Statement.map((s) => s.Resource)
          .sort(),
      ).toEqual([`arn:aws:events:${HOME}:${member.id}:event-bus/default`, CENTRAL_BUS_ARN].sort());
    },
  );

  test('standalone mode keeps each account notifying its own topic', () => {
    const input = organizationModeExampleInput();
    input.mode = 'standalone';
    delete input.organization;
    delete input.auditTrail.memberAccountTrails;
    const standalone = synthesizeToTempDir(validateOrganizationConfig(input), 'central-alerting-standalone');
    for (const [account, json] of standalone.all) {
      expect({
        account: account.name,
        topics: entries(json, 'aws_sns_topic').length,
        buses: entries(json, 'aws_cloudwatch_event_bus').length,
      }).toEqual({
        account: account.name,
        topics: 1,
        buses: 0,
      });
    }
  });
});

test("team channels: the security account's notifier gets the routes by account id, built into its bundle, and may read their webhooks", () => {
  const input = organizationModeExampleInput();
  input.notifications.slack.notifier.routes = [
    {
      accounts: ['workload-prod'],
      webhookParameterName: '/team-a/slack-webhook',
      mentionUserGroupId: 'S0TEAMAAA01',
      mentionAtOrAbove: 'HIGH',
    },
  ];
  const routed = synthesizeToTempDir(validateOrganizationConfig(input), 'central-alerting-routes');
  const json = routed.stack(security.name);
  const [, fn] = entries(json, 'aws_lambda_function').find(([, f]) => f.function_name === 'acme-slack-notifier')!;
  const code = unzipSingleFile(fs.readFileSync(path.join(routed.outdir, 'stacks', security.name, fn.filename))).content.toString('utf8');
  const literal = /var define_NOTIFIER_ROUTES_default = (\{.*\});\n/.exec(code)![1];
  expect(vm.runInNewContext(`(${literal})`)).toEqual({
    [workload.id]: { parameterName: '/team-a/slack-webhook', mentionUserGroupId: 'S0TEAMAAA01', mentionAtOrAbove: 'HIGH' },
  });
  const policy = entries(json, 'aws_iam_role_policy').find(([id]) => id.startsWith('slack-notifier'))![1].policy;
  expect(parsePolicy(policy).Statement.find((s) => s.Sid === 'ReadWebhookParameterRoute1')?.Resource).toBe(
    `arn:aws:ssm:${HOME}:${security.id}:parameter/team-a/slack-webhook`,
  );
});
