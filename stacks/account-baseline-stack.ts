import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { accountBaselineNames, deploymentRoleName } from '../config/names';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { arn } from '../modules/arn';
import { AuditTrail } from '../modules/audit-trail';
import { LogBucket } from '../modules/log-bucket';
import {
  cloudTrailDeliveryStatements,
  configDeliveryStatements,
  logDeliveryStatements,
  serverAccessLogDeliveryStatements,
} from '../modules/log-delivery-statements';
import { AccountHardening } from '../modules/account-hardening';
import { LogEncryptionKey } from '../modules/log-encryption-key';
import { CisMonitoring } from '../modules/cis-monitoring';
import { ConfigRecording } from '../modules/config-recording';
import { ConfigRemediations } from '../modules/config-remediations';
import { ConfigRules } from '../modules/config-rules';
import { EventBusForwarding } from '../modules/event-bus-forwarding';
import { NotificationTopic } from '../modules/notification-topic';
import { RegionalProviders } from '../modules/regional-providers';
import { SecurityEventRules } from '../modules/security-event-rules';
import { SlackChatbot, SlackNotifier } from '../modules/slack-notifications';
import { RemediationLoopGuard } from '../modules/remediation-loop-guard';
import { ThreatDetection } from '../modules/threat-detection';
import type { ConfigRuleKey } from '../modules/catalogs/config-rules';
import { signInRegionsFor, type SecurityEventRuleKey } from '../modules/catalogs/security-events';
import { defaultChatbotRegion, detectiveRegions } from '../config/regions';
import { baselineTags } from '../config/tags';
import { effectiveRemediationMode, REMEDIATIONS } from '../modules/catalogs/remediations';
import { configureStateBackend } from './state-backend';

export interface AccountBaselineStackProps {
  readonly org: OrganizationConfig;
  readonly account: AccountConfig;
}

/**
 * The baseline every account gets, whatever its role: its own state, one provider per region it
 * deploys to, the audit-trail core (log key, log buckets, CloudTrail to S3 and CloudWatch Logs),
 * the alerting (notification topic, CIS alarms, EventBridge security rules, Slack), AWS Config
 * with rules and remediations, account hardening, and GuardDuty and Security Hub, all in every
 * detective-control region (config/regions.ts). Existing singletons can be adopted.
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

    const accountId = account.id;
    const region = org.homeRegion;
    const names = accountBaselineNames(org, account);
    const adopt = account.adopt;
    const disabledEventRules = switchedOff<SecurityEventRuleKey>(org.securityEvents.rules);
    const chatbot = org.notifications.slack?.chatbot;
    const chatbotRegion = chatbot ? (chatbot.region ?? defaultChatbotRegion(region)) : undefined;
    this.providers = new RegionalProviders(this, 'aws', {
      accountId,
      roleArn: arn.iamRole(accountId, deploymentRoleName(org, account)),
      homeRegion: region,
      // Every regional control runs in these, us-east-1 always among them.
      regions: detectiveRegions(region, org.regions, org.detectiveControlRegions),
      // Console sign-ins are also recorded there; Chatbot's API exists only in a few regions.
      additionalRegions: [...signInRegionsFor(disabledEventRules), ...(chatbotRegion ? [chatbotRegion] : [])],
      defaultTags: { ...org.tags, ...baselineTags(org.namePrefix, account.name) },
    });
    const provider = this.providers.home;
    const trailArn = AuditTrail.arnFor(region, accountId, names.trail);

    // Audit-trail core: the log key, the log buckets and the trail.

    this.logKey = new LogEncryptionKey(this, 'log-key', {
      provider,
      accountId,
      alias: names.logKeyAlias,
      cloudTrail: { trailArn },
      cloudWatchLogs: {
        region,
        logGroupNames: [names.trailLogGroup, names.remediationFailureLogGroup, SlackNotifier.logGroupNameFor(names.slackNotifierFunction)],
      },
    });

    const flowLogSpec = REMEDIATIONS.find((r) => r.key === 'vpc-flow-logs')!;
    const flowLogsWanted = effectiveRemediationMode(flowLogSpec, org.awsConfig.remediations) !== 'off';
    const loggedBuckets = [names.trailBucket, names.configBucket, ...(flowLogsWanted ? [names.flowLogBucket] : [])];
    this.accessLogBucket = new LogBucket(this, 'access-log-bucket', {
      provider,
      bucketName: names.accessLogBucket,
      lifecycle: org.logBuckets.accessLogs,
      policyStatements: serverAccessLogDeliveryStatements(
        LogBucket.arnFor(names.accessLogBucket),
        accountId,
        loggedBuckets.map((name) => LogBucket.arnFor(name)),
      ),
    });
    const accessLoggingInto = (prefix: string) => ({ target: this.accessLogBucket, prefix });

    this.trailBucket = new LogBucket(this, 'trail-bucket', {
      provider,
      bucketName: names.trailBucket,
      encryptionKeyArn: this.logKey.keyArn,
      accessLogging: accessLoggingInto('cloudtraillogs/'),
      lifecycle: org.logBuckets.cloudtrail,
      policyStatements: cloudTrailDeliveryStatements(LogBucket.arnFor(names.trailBucket), accountId, trailArn),
    });
    this.configBucket = new LogBucket(this, 'config-bucket', {
      provider,
      bucketName: names.configBucket,
      accessLogging: accessLoggingInto('configlogs/'),
      lifecycle: org.logBuckets.config,
      policyStatements: configDeliveryStatements(LogBucket.arnFor(names.configBucket), accountId),
    });
    if (flowLogsWanted) {
      this.flowLogBucket = new LogBucket(this, 'flow-log-bucket', {
        provider,
        bucketName: names.flowLogBucket,
        accessLogging: accessLoggingInto('flowlogs/'),
        lifecycle: org.logBuckets.vpcFlowLogs,
        policyStatements: logDeliveryStatements(LogBucket.arnFor(names.flowLogBucket), accountId),
      });
    }

    this.auditTrail = new AuditTrail(this, 'audit-trail', {
      provider,
      accountId,
      region,
      trailName: names.trail,
      bucketName: this.trailBucket.bucketName,
      bucketPolicy: this.trailBucket.policy,
      keyArn: this.logKey.keyArn,
      logGroupName: names.trailLogGroup,
      logsRoleName: names.trailLogsRole,
      logRetentionDays: org.auditTrail.cloudWatchLogsRetentionDays,
    });

    // Alerting: one topic, CIS metric-filter alarms, EventBridge rules from every region, Slack.
    this.notifications = new NotificationTopic(this, 'notifications', {
      provider,
      accountId,
      region,
      topicName: names.notificationTopic,
      keyAlias: names.notificationKeyAlias,
      emails: org.notifications.emails,
    });
    this.eventForwarding = new EventBusForwarding(this, 'event-forwarding', {
      accountId,
      providers: this.providers,
      roleName: names.eventForwardingRole,
    });
    this.cisMonitoring = new CisMonitoring(this, 'cis-monitoring', {
      logGroupName: this.auditTrail.logGroupName,
      alarmTopicArn: this.notifications.topic.arn,
      alarmNamePrefix: names.cisAlarmPrefix,
      filters: org.cisMonitoring.filters,
    });
    const slack = org.notifications.slack;
    if (chatbot && chatbotRegion) {
      this.slackChatbot = new SlackChatbot(this, 'slack-chatbot', {
        channelProvider: this.providers.forRegion(chatbotRegion),
        roleName: names.chatbotRole,
        guardrailPolicyName: names.chatbotGuardrailPolicy,
        configurationName: names.chatbotConfiguration,
        workspaceId: chatbot.workspaceId,
        channelId: chatbot.channelId,
        topicArn: this.notifications.topic.arn,
      });
    }
    if (slack?.notifier) {
      const { webhookSecretArn, webhookParameterName, webhookKmsKeyArn } = slack.notifier;
      this.slackNotifier = new SlackNotifier(this, 'slack-notifier', {
        accountId,
        region,
        functionName: names.slackNotifierFunction,
        topicArn: this.notifications.topic.arn,
        webhook: {
          ...(webhookSecretArn ? { secretArn: webhookSecretArn } : { parameterName: webhookParameterName! }),
          kmsKeyArn: webhookKmsKeyArn,
        },
        mentionUserGroupId: slack.notifier.mentionUserGroupId,
        mentionAtOrAbove: slack.notifier.mentionAtOrAbove,
        environmentKeyArn: this.notifications.key.keyArn,
        logKeyArn: this.logKey.keyArn,
      });
    }
    this.securityEvents = new SecurityEventRules(this, 'security-events', {
      providers: this.providers,
      forwarding: this.eventForwarding,
      topicArn: this.notifications.topic.arn,
      rulePrefix: names.securityEventRulePrefix,
      settings: { guardDutyMinimumSeverity: org.securityEvents.guardDutyMinimumSeverity, configRulePrefix: names.configRulePrefix },
      disabled: disabledEventRules,
    });

    // AWS Config: recording, the rule catalog and its remediations, in every detective-control region.
    const awsConfig = org.awsConfig;
    this.configRecording = new ConfigRecording(this, 'config-recording', {
      accountId,
      providers: this.providers,
      bucketName: this.configBucket.bucketName,
      bucketPolicy: this.configBucket.policy,
      recordingFrequency: awsConfig.recordingFrequency,
      excludedResourceTypes: awsConfig.excludedResourceTypes,
      snapshotDeliveryFrequency: awsConfig.snapshotDeliveryFrequency,
      adopt: { serviceLinkedRole: adopt?.configServiceLinkedRole, recorder: adopt?.configRecorder },
    });
    this.configRules = new ConfigRules(this, 'config-rules', {
      providers: this.providers,
      recording: this.configRecording,
      namePrefix: names.configRulePrefix,
      ruleSet: awsConfig.ruleSet,
      remediationModes: awsConfig.remediations,
      disabled: switchedOff<ConfigRuleKey>(awsConfig.rules),
      parameterSource: { passwordPolicy: org.hardening.passwordPolicy },
    });
    this.remediations = new ConfigRemediations(this, 'config-remediations', {
      accountId,
      providers: this.providers,
      rules: this.configRules,
      modes: awsConfig.remediations,
      rolePrefix: names.remediationRolePrefix,
      namePrefix: org.namePrefix,
      context: { accountId, flowLogBucketArn: LogBucket.arnFor(names.flowLogBucket) },
    });
    if (this.remediations.active.length > 0) {
      this.remediationLoopGuard = new RemediationLoopGuard(this, 'remediation-loop-guard', {
        accountId,
        homeRegion: region,
        remediationRepeatsAlarmPrefix: names.remediationRepeatsAlarmPrefix,
        remediationFailed: names.remediationFailed,
        remediationFailuresLogPolicy: names.remediationFailuresLogPolicy,
        remediations: this.remediations.active,
        trailLogGroupName: this.auditTrail.logGroupName,
        forwarding: this.eventForwarding,
        failureLogGroupName: names.remediationFailureLogGroup,
        logKeyArn: this.logKey.keyArn,
        alarmTopicArn: this.notifications.topic.arn,
        maxExecutions: awsConfig.loopGuard.maxExecutions,
        windowMinutes: awsConfig.loopGuard.windowMinutes,
      });
    }

    // Account settings and threat detection.
    this.hardening = new AccountHardening(this, 'hardening', {
      accountId,
      providers: this.providers,
      ebsKeyAlias: names.ebsKeyAlias,
      accessAnalyzerName: names.accessAnalyzer,
      supportRoleName: names.supportRole,
      ...org.hardening,
      existingAccessAnalyzers: adopt?.accessAnalyzers,
    });

    this.threatDetection = new ThreatDetection(this, 'threat-detection', {
      accountId,
      providers: this.providers,
      findingPublishingFrequency: org.guardDuty.findingPublishingFrequency,
      protections: org.guardDuty.protections,
      standards: org.securityHub.standards,
      disabledControls: org.securityHub.disabledControls,
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
