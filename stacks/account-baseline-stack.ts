import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { accountBaselineNames, type AccountBaselineNames, deploymentRoleName } from '../config/names';
import { defaultChatbotRegion, detectiveRegions } from '../config/regions';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { baselineTags } from '../config/tags';
import { CisMonitoring } from '../modules/alerting/cis-monitoring';
import { EventBusForwarding } from '../modules/alerting/event-bus-forwarding';
import { NotificationTopic } from '../modules/alerting/notification-topic';
import { SecurityEventRules } from '../modules/alerting/security-event-rules';
import { SlackChatbot, SlackNotifier } from '../modules/alerting/slack-notifications';
import { AuditTrail } from '../modules/audit-logging/audit-trail';
import { LogBucket, type LogBucketProps } from '../modules/audit-logging/log-bucket';
import * as delivery from '../modules/audit-logging/log-delivery-statements';
import { LogEncryptionKey } from '../modules/audit-logging/log-encryption-key';
import type { ConfigRuleKey } from '../modules/catalogs/config-rules';
import { effectiveRemediationMode, REMEDIATIONS } from '../modules/catalogs/remediations';
import { signInRegionsFor, type SecurityEventRuleKey } from '../modules/catalogs/security-events';
import { ConfigRecording } from '../modules/compliance/config-recording';
import { ConfigRemediations } from '../modules/compliance/config-remediations';
import { ConfigRules } from '../modules/compliance/config-rules';
import { RemediationLoopGuard } from '../modules/compliance/remediation-loop-guard';
import { arn } from '../modules/core/arn';
import { RegionalProviders } from '../modules/core/regional-providers';
import { AccountHardening } from '../modules/hardening/account-hardening';
import { ThreatDetection } from '../modules/threat-detection/threat-detection';
import { configureStateBackend } from './state-backend';

export interface AccountBaselineStackProps {
  readonly org: OrganizationConfig;
  readonly account: AccountConfig;
}

/** What each section of the stack reads: the config, the account and the names derived for it. */
interface Inputs extends AccountBaselineStackProps {
  readonly accountId: string;
  readonly region: OrganizationConfig['homeRegion'];
  readonly names: AccountBaselineNames;
}

type SlackSettings = NonNullable<OrganizationConfig['notifications']['slack']>;

/**
 * The baseline every account gets, whatever its role: its own state, one provider per region it
 * deploys to, the audit-trail core (log key, log buckets, CloudTrail to S3 and CloudWatch Logs),
 * the alerting (notification topic, CIS alarms, EventBridge security rules, Slack), AWS Config
 * with rules and remediations, account hardening, and GuardDuty and Security Hub, all in every
 * detective-control region (config/regions.ts). Existing singletons can be adopted.
 *
 * The constructor lists the sections in order; the larger constructs are built by `add…` methods.
 * Props are grouped a line per source (placement, names, other constructs, settings). Construct
 * ids and their order are the resources' Terraform addresses and the synthesized output: keep both.
 */
export class AccountBaselineStack extends TerraformStack {
  readonly providers: RegionalProviders;
  readonly logKey: LogEncryptionKey;
  readonly accessLogBucket: LogBucket;
  readonly trailBucket: LogBucket;
  readonly configBucket: LogBucket;
  /** Only while the vpc-flow-logs remediation is on: where it delivers flow logs. */
  readonly flowLogBucket?: LogBucket;
  readonly auditTrail: AuditTrail;
  readonly notifications: NotificationTopic;
  readonly eventForwarding: EventBusForwarding;
  readonly cisMonitoring: CisMonitoring;
  readonly securityEvents: SecurityEventRules;
  readonly slackChatbot?: SlackChatbot;
  readonly slackNotifier?: SlackNotifier;
  readonly configRecording: ConfigRecording;
  readonly configRules: ConfigRules;
  readonly remediations: ConfigRemediations;
  /** Only while at least one remediation is on. */
  readonly remediationLoopGuard?: RemediationLoopGuard;
  readonly hardening: AccountHardening;
  readonly threatDetection: ThreatDetection;

  constructor(scope: Construct, props: AccountBaselineStackProps) {
    const { org, account } = props;
    super(scope, account.name);
    configureStateBackend(this, org, account);

    const inputs: Inputs = { org, account, accountId: account.id, region: org.homeRegion, names: accountBaselineNames(org, account) };
    const { accountId, region, names } = inputs;
    const disabledEventRules = switchedOff<SecurityEventRuleKey>(org.securityEvents.rules);
    const { chatbot, notifier } = org.notifications.slack ?? {};
    const chatbotRegion = chatbot ? (chatbot.region ?? defaultChatbotRegion(region)) : undefined;
    // Console sign-ins are also recorded there; Chatbot's API exists only in a few regions.
    this.providers = this.addProviders(inputs, [...signInRegionsFor(disabledEventRules), ...(chatbotRegion ? [chatbotRegion] : [])]);
    const provider = this.providers.home;

    // Audit-trail core: the log key, the log buckets and the trail.
    const trailArn = AuditTrail.arnFor(region, accountId, names.trail);
    this.logKey = this.addLogKey(inputs, trailArn);
    const flowLogSpec = REMEDIATIONS.find((r) => r.key === 'vpc-flow-logs')!;
    const flowLogsWanted = effectiveRemediationMode(flowLogSpec, org.awsConfig.remediations) !== 'off';
    this.accessLogBucket = this.addAccessLogBucket(inputs, [names.trailBucket, names.configBucket, ...(flowLogsWanted ? [names.flowLogBucket] : [])]);
    this.trailBucket = this.addLoggedBucket('trail-bucket', 'cloudtraillogs/', {
      bucketName: names.trailBucket, encryptionKeyArn: this.logKey.keyArn, lifecycle: org.logBuckets.cloudtrail,
      policyStatements: delivery.cloudTrailDeliveryStatements(LogBucket.arnFor(names.trailBucket), accountId, trailArn),
    });
    this.configBucket = this.addLoggedBucket('config-bucket', 'configlogs/', {
      bucketName: names.configBucket, lifecycle: org.logBuckets.config,
      policyStatements: delivery.configDeliveryStatements(LogBucket.arnFor(names.configBucket), accountId),
    });
    if (flowLogsWanted) {
      this.flowLogBucket = this.addLoggedBucket('flow-log-bucket', 'flowlogs/', {
        bucketName: names.flowLogBucket, lifecycle: org.logBuckets.vpcFlowLogs,
        policyStatements: delivery.logDeliveryStatements(LogBucket.arnFor(names.flowLogBucket), accountId),
      });
    }
    this.auditTrail = this.addAuditTrail(inputs);

    // Alerting: one topic, CIS metric-filter alarms, EventBridge rules from every region, Slack.
    this.notifications = new NotificationTopic(this, 'notifications', {
      provider, accountId, region,
      topicName: names.notificationTopic, keyAlias: names.notificationKeyAlias,
      emails: org.notifications.emails,
    });
    this.eventForwarding = new EventBusForwarding(this, 'event-forwarding', {
      accountId, providers: this.providers,
      roleName: names.eventForwardingRole,
    });
    this.cisMonitoring = new CisMonitoring(this, 'cis-monitoring', {
      logGroupName: this.auditTrail.logGroupName, alarmTopicArn: this.notifications.topic.arn,
      alarmNamePrefix: names.cisAlarmPrefix,
      filters: org.cisMonitoring.filters,
    });
    if (chatbot && chatbotRegion) this.slackChatbot = this.addSlackChatbot(inputs, chatbot, chatbotRegion);
    if (notifier) this.slackNotifier = this.addSlackNotifier(inputs, notifier);
    this.securityEvents = new SecurityEventRules(this, 'security-events', {
      providers: this.providers,
      rulePrefix: names.securityEventRulePrefix,
      forwarding: this.eventForwarding, topicArn: this.notifications.topic.arn,
      settings: { guardDutyMinimumSeverity: org.securityEvents.guardDutyMinimumSeverity, configRulePrefix: names.configRulePrefix },
      disabled: disabledEventRules,
    });

    // AWS Config: recording, the rule catalog and its remediations, in every detective-control region.
    this.configRecording = this.addConfigRecording(inputs);
    this.configRules = this.addConfigRules(inputs);
    this.remediations = this.addConfigRemediations(inputs);
    if (this.remediations.active.length > 0) this.remediationLoopGuard = this.addRemediationLoopGuard(inputs);

    // Account settings and threat detection.
    this.hardening = new AccountHardening(this, 'hardening', {
      accountId, providers: this.providers,
      ebsKeyAlias: names.ebsKeyAlias, accessAnalyzerName: names.accessAnalyzer, supportRoleName: names.supportRole,
      ...org.hardening,
      existingAccessAnalyzers: account.adopt?.accessAnalyzers,
    });
    this.threatDetection = this.addThreatDetection(inputs);
  }

  private addProviders({ org, account, accountId, region }: Inputs, additionalRegions: string[]): RegionalProviders {
    return new RegionalProviders(this, 'aws', {
      accountId,
      roleArn: arn.iamRole(accountId, deploymentRoleName(org, account)),
      homeRegion: region,
      // Every regional control runs in these, us-east-1 always among them.
      regions: detectiveRegions(region, org.regions, org.detectiveControlRegions),
      additionalRegions,
      defaultTags: { ...org.tags, ...baselineTags(org.namePrefix, account.name) },
    });
  }

  private addLogKey({ accountId, region, names }: Inputs, trailArn: string): LogEncryptionKey {
    return new LogEncryptionKey(this, 'log-key', {
      provider: this.providers.home, accountId,
      alias: names.logKeyAlias,
      cloudTrail: { trailArn },
      cloudWatchLogs: {
        region,
        logGroupNames: [names.trailLogGroup, names.remediationFailureLogGroup, SlackNotifier.logGroupNameFor(names.slackNotifierFunction)],
      },
    });
  }

  /** The bucket the other log buckets log their access into. */
  private addAccessLogBucket({ org, accountId, names }: Inputs, loggedBuckets: string[]): LogBucket {
    const bucketArn = LogBucket.arnFor(names.accessLogBucket);
    return new LogBucket(this, 'access-log-bucket', {
      provider: this.providers.home,
      bucketName: names.accessLogBucket, lifecycle: org.logBuckets.accessLogs,
      policyStatements: delivery.serverAccessLogDeliveryStatements(bucketArn, accountId, loggedBuckets.map((name) => LogBucket.arnFor(name))),
    });
  }

  /** A log bucket in the home region that logs its access into the access-log bucket under `prefix`. */
  private addLoggedBucket(id: string, prefix: string, props: Omit<LogBucketProps, 'provider' | 'accessLogging'>): LogBucket {
    return new LogBucket(this, id, { provider: this.providers.home, accessLogging: { target: this.accessLogBucket, prefix }, ...props });
  }

  private addAuditTrail({ org, accountId, region, names }: Inputs): AuditTrail {
    return new AuditTrail(this, 'audit-trail', {
      provider: this.providers.home, accountId, region,
      trailName: names.trail, logGroupName: names.trailLogGroup, logsRoleName: names.trailLogsRole,
      bucketName: this.trailBucket.bucketName, bucketPolicy: this.trailBucket.policy, keyArn: this.logKey.keyArn,
      logRetentionDays: org.auditTrail.cloudWatchLogsRetentionDays,
    });
  }

  private addSlackChatbot({ names }: Inputs, chatbot: NonNullable<SlackSettings['chatbot']>, chatbotRegion: string): SlackChatbot {
    return new SlackChatbot(this, 'slack-chatbot', {
      channelProvider: this.providers.forRegion(chatbotRegion),
      roleName: names.chatbotRole, guardrailPolicyName: names.chatbotGuardrailPolicy, configurationName: names.chatbotConfiguration,
      topicArn: this.notifications.topic.arn,
      workspaceId: chatbot.workspaceId, channelId: chatbot.channelId,
    });
  }

  private addSlackNotifier({ accountId, region, names }: Inputs, notifier: NonNullable<SlackSettings['notifier']>): SlackNotifier {
    const { webhookSecretArn, webhookParameterName, webhookKmsKeyArn } = notifier;
    return new SlackNotifier(this, 'slack-notifier', {
      accountId, region,
      functionName: names.slackNotifierFunction,
      topicArn: this.notifications.topic.arn, environmentKeyArn: this.notifications.key.keyArn, logKeyArn: this.logKey.keyArn,
      webhook: {
        ...(webhookSecretArn ? { secretArn: webhookSecretArn } : { parameterName: webhookParameterName! }),
        kmsKeyArn: webhookKmsKeyArn,
      },
      mentionUserGroupId: notifier.mentionUserGroupId, mentionAtOrAbove: notifier.mentionAtOrAbove,
    });
  }

  private addConfigRecording({ org, account, accountId }: Inputs): ConfigRecording {
    const { awsConfig } = org;
    return new ConfigRecording(this, 'config-recording', {
      accountId, providers: this.providers,
      bucketName: this.configBucket.bucketName, bucketPolicy: this.configBucket.policy,
      recordingFrequency: awsConfig.recordingFrequency,
      excludedResourceTypes: awsConfig.excludedResourceTypes,
      snapshotDeliveryFrequency: awsConfig.snapshotDeliveryFrequency,
      adopt: { serviceLinkedRole: account.adopt?.configServiceLinkedRole, recorder: account.adopt?.configRecorder },
    });
  }

  private addConfigRules({ org, names }: Inputs): ConfigRules {
    return new ConfigRules(this, 'config-rules', {
      providers: this.providers,
      namePrefix: names.configRulePrefix,
      recording: this.configRecording,
      ruleSet: org.awsConfig.ruleSet,
      remediationModes: org.awsConfig.remediations,
      disabled: switchedOff<ConfigRuleKey>(org.awsConfig.rules),
      parameterSource: { passwordPolicy: org.hardening.passwordPolicy },
    });
  }

  private addConfigRemediations({ org, accountId, names }: Inputs): ConfigRemediations {
    return new ConfigRemediations(this, 'config-remediations', {
      accountId, providers: this.providers,
      rolePrefix: names.remediationRolePrefix, namePrefix: org.namePrefix,
      rules: this.configRules,
      modes: org.awsConfig.remediations,
      context: { accountId, flowLogBucketArn: LogBucket.arnFor(names.flowLogBucket) },
    });
  }

  private addRemediationLoopGuard({ org, accountId, region, names }: Inputs): RemediationLoopGuard {
    return new RemediationLoopGuard(this, 'remediation-loop-guard', {
      accountId, homeRegion: region,
      remediationRepeatsAlarmPrefix: names.remediationRepeatsAlarmPrefix,
      remediationFailed: names.remediationFailed,
      remediationFailuresLogPolicy: names.remediationFailuresLogPolicy,
      failureLogGroupName: names.remediationFailureLogGroup,
      remediations: this.remediations.active, forwarding: this.eventForwarding,
      trailLogGroupName: this.auditTrail.logGroupName, logKeyArn: this.logKey.keyArn, alarmTopicArn: this.notifications.topic.arn,
      maxExecutions: org.awsConfig.loopGuard.maxExecutions, windowMinutes: org.awsConfig.loopGuard.windowMinutes,
    });
  }

  private addThreatDetection({ org, account, accountId }: Inputs): ThreatDetection {
    const adopt = account.adopt;
    return new ThreatDetection(this, 'threat-detection', {
      accountId, providers: this.providers,
      findingPublishingFrequency: org.guardDuty.findingPublishingFrequency, protections: org.guardDuty.protections,
      standards: org.securityHub.standards, disabledControls: org.securityHub.disabledControls,
      adopt: adopt && {
        guardDutyDetectors: adopt.guardDutyDetectors,
        securityHubRegions: adopt.securityHub,
        subscribedStandards: adopt.securityHubStandards,
        findingAggregatorArn: adopt.securityHubFindingAggregatorArn,
        guardDutyManagedByAdministrator: adopt.guardDutyManagedByAdministrator,
        securityHubManagedByAdministrator: adopt.securityHubManagedByAdministrator,
      },
    });
  }
}

/** The catalog keys a config switches off (`key: false`). */
function switchedOff<K extends string>(switches: Partial<Record<K, boolean>>): Set<K> {
  return new Set((Object.keys(switches) as K[]).filter((key) => switches[key] === false));
}
