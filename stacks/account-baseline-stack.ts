import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { accountBaselineNames, deploymentRoleName } from '../config/names';
import { defaultChatbotRegion, detectiveRegions } from '../config/regions';
import type { AccountConfig, OrganizationConfig } from '../config/schema';
import { baselineTags } from '../config/tags';
import { CisMonitoring } from '../modules/alerting/cis-monitoring';
import { EventBusForwarding } from '../modules/alerting/event-bus-forwarding';
import { NotificationTopic } from '../modules/alerting/notification-topic';
import { SecurityEventRules } from '../modules/alerting/security-event-rules';
import { SlackChatbot, SlackNotifier } from '../modules/alerting/slack-notifications';
import { AuditTrail } from '../modules/audit-logging/audit-trail';
import { LogBucket } from '../modules/audit-logging/log-bucket';
import { LogEncryptionKey } from '../modules/audit-logging/log-encryption-key';
import type { ConfigRuleKey } from '../modules/catalogs/config-rules';
import { signInRegionsFor, type SecurityEventRuleKey } from '../modules/catalogs/security-events';
import { ConfigAggregatorAuthorization } from '../modules/compliance/account-config-aggregation';
import { ConfigRecording } from '../modules/compliance/config-recording';
import { ConfigRemediations } from '../modules/compliance/config-remediations';
import { ConfigRules } from '../modules/compliance/config-rules';
import { RemediationLoopGuard } from '../modules/compliance/remediation-loop-guard';
import { arn } from '../modules/core/arn';
import { BaselineVersion } from '../modules/core/baseline-version';
import { RegionalProviders } from '../modules/core/regional-providers';
import { AccountHardening } from '../modules/hardening/account-hardening';
import { ThreatDetection } from '../modules/threat-detection/threat-detection';
import type { RemediationTriggerRole } from '../modules/compliance/remediation-trigger-role';
import type { SecurityHubRemediation } from '../modules/compliance/security-hub-remediation';
import { addAuditLogging, type AuditLogging } from './audit-logging-section';
import { addRemediationTriggerRole, addSecurityHubRemediation } from './security-hub-remediation-section';
import { type BaselineShape, STANDALONE_SHAPE, type StackInputs } from './baseline-shape';
import { configureStateBackend } from './state-backend';
import { toTerraformResolvingOnce } from './resolve-once';

export interface AccountBaselineStackProps {
  readonly org: OrganizationConfig;
  readonly account: AccountConfig;
  /** How the account fits its organization. @default STANDALONE_SHAPE: everything of its own */
  readonly shape?: BaselineShape;
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
  /** Only where the account keeps log buckets that log their access. */
  readonly accessLogBucket?: LogBucket;
  /** Only while the account keeps its own logs (standalone mode). */
  readonly trailBucket?: LogBucket;
  readonly configBucket?: LogBucket;
  /** Only while the vpc-flow-logs remediation is on: where it delivers flow logs. */
  readonly flowLogBucket?: LogBucket;
  /** The account's own trail (not in a member without member account trails). */
  readonly auditTrail?: AuditTrail;
  /** Only in the management account of an organization not under Control Tower. */
  readonly organizationTrail?: AuditTrail;
  readonly configDelivery: AuditLogging['configDelivery'];
  /** The log group of the trail covering the account, which the CIS filters and the loop guard read. */
  readonly trailLogGroupName?: string;
  /** Not in a member of an organization, whose alarms and events go to the security account. */
  readonly notifications?: NotificationTopic;
  /** Where the account's alarms notify: its own topic, or the security account's. */
  readonly alarmTopicArn: string;
  readonly eventForwarding: EventBusForwarding;
  /** Only where the account runs a trail. */
  readonly cisMonitoring?: CisMonitoring;
  readonly securityEvents: SecurityEventRules;
  readonly slackChatbot?: SlackChatbot;
  readonly slackNotifier?: SlackNotifier;
  /** Only where the baseline records AWS Config itself (not in accounts Control Tower enrols). */
  readonly configRecording?: ConfigRecording;
  /** Only where the security account's account aggregator must be authorized (see BaselineShape). */
  readonly configAggregatorAuthorization?: ConfigAggregatorAuthorization;
  readonly configRules: ConfigRules;
  readonly remediations: ConfigRemediations;
  /** Only while at least one remediation is on. */
  readonly remediationLoopGuard?: RemediationLoopGuard;
  readonly hardening: AccountHardening;
  readonly threatDetection: ThreatDetection;
  /** Where the account remediates from its own Security Hub (standalone mode, or the security account). */
  securityHubRemediation?: SecurityHubRemediation;
  /** In members of an organization: the role the security account's remediation function assumes. */
  readonly remediationTriggerRole?: RemediationTriggerRole;

  readonly account: AccountConfig;

  /** @param stackId @default the account's name, which names the stack (and its output directory) */
  constructor(scope: Construct, props: AccountBaselineStackProps, stackId = props.account.name) {
    const { org, account } = props;
    super(scope, stackId);
    this.account = account;
    new BaselineVersion(this, 'security-baseline-version');
    configureStateBackend(this, org, account);

    const shape = props.shape ?? STANDALONE_SHAPE;
    const inputs: StackInputs = {
      org,
      account,
      accountId: account.id,
      region: org.homeRegion,
      names: accountBaselineNames(org, account),
      shape,
    };
    const { accountId, region, names } = inputs;
    const disabledEventRules = switchedOff<SecurityEventRuleKey>(org.securityEvents.rules);
    const { chatbot, notifier } = org.notifications.slack ?? {};
    const chatbotRegion = chatbot ? (chatbot.region ?? defaultChatbotRegion(region)) : undefined;
    // Console sign-ins are also recorded there; Chatbot's API exists only in a few regions.
    this.providers = this.addProviders(inputs, [...signInRegionsFor(disabledEventRules), ...(chatbotRegion ? [chatbotRegion] : [])]);
    const provider = this.providers.home;

    // Audit logging: the log key, the log buckets the account keeps, its trail.
    const logging = addAuditLogging(this, this.providers, inputs);
    ({
      logKey: this.logKey,
      accessLogBucket: this.accessLogBucket,
      trailBucket: this.trailBucket,
      configBucket: this.configBucket,
    } = logging);
    ({ flowLogBucket: this.flowLogBucket, trail: this.auditTrail, organizationTrail: this.organizationTrail } = logging);
    ({ configDelivery: this.configDelivery, trailLogGroupName: this.trailLogGroupName } = logging);

    // Alerting: one topic, CIS metric-filter alarms, EventBridge rules from every region, Slack;
    // in a member of an organization, the security account's topic and bus instead.
    const { alerting } = inputs.shape;
    const toSecurity = alerting.kind === 'to-security' ? alerting : undefined;
    if (!toSecurity) {
      this.notifications = new NotificationTopic(this, 'notifications', {
        provider,
        accountId,
        region,
        topicName: names.notificationTopic,
        keyAlias: names.notificationKeyAlias,
        emails: org.notifications.emails,
        organizationSenders:
          alerting.kind === 'central' ? { organizationId: alerting.organizationId, accountIds: alerting.senderAccountIds } : undefined,
      });
    }
    this.alarmTopicArn = toSecurity?.topicArn ?? this.notifications!.topic.arn;
    this.eventForwarding = new EventBusForwarding(this, 'event-forwarding', {
      accountId,
      providers: this.providers,
      roleName: names.eventForwardingRole,
      centralBusArn: toSecurity?.busArn,
    });
    if (this.trailLogGroupName) {
      this.cisMonitoring = new CisMonitoring(this, 'cis-monitoring', {
        logGroupName: this.trailLogGroupName,
        alarmTopicArn: this.alarmTopicArn,
        alarmNamePrefix: names.cisAlarmPrefix,
        filters: org.cisMonitoring.filters,
      });
    }
    if (this.notifications && chatbot && chatbotRegion) this.slackChatbot = this.addSlackChatbot(inputs, chatbot, chatbotRegion);
    if (this.notifications && notifier) this.slackNotifier = this.addSlackNotifier(inputs, notifier);
    this.securityEvents = new SecurityEventRules(this, 'security-events', {
      providers: this.providers,
      rulePrefix: names.securityEventRulePrefix,
      forwarding: this.eventForwarding,
      topicArn: this.notifications?.topic.arn,
      settings: { guardDutyMinimumSeverity: org.securityEvents.guardDutyMinimumSeverity, configRulePrefix: names.configRulePrefix },
      disabled: disabledEventRules,
    });

    // AWS Config: recording (Control Tower's in accounts it enrols), the rule catalog and its
    // remediations, in every detective-control region.
    if (inputs.shape.configRecorder === 'own') this.configRecording = this.addConfigRecording(inputs);
    const aggregator = inputs.shape.authorizesConfigAggregator;
    if (aggregator) {
      this.configAggregatorAuthorization = new ConfigAggregatorAuthorization(this, 'config-aggregator-authorization', {
        providers: this.providers,
        aggregatorAccountId: aggregator.accountId,
        aggregatorRegion: aggregator.region,
      });
    }
    this.configRules = this.addConfigRules(inputs);
    this.remediations = this.addConfigRemediations(inputs);
    if (this.remediations.active.length > 0) this.remediationLoopGuard = this.addRemediationLoopGuard(inputs);

    // Account settings and threat detection.
    this.hardening = new AccountHardening(this, 'hardening', {
      accountId,
      providers: this.providers,
      ebsKeyAlias: names.ebsKeyAlias,
      accessAnalyzerName: names.accessAnalyzer,
      supportRoleName: names.supportRole,
      ...org.hardening,
      existingAccessAnalyzers: account.adopt?.accessAnalyzers,
    });
    this.threatDetection = this.addThreatDetection(inputs);

    // Remediation from Security Hub: where the findings are seen (the security account adds its
    // own, after its central configuration), or the role the security account assumes here.
    if (inputs.shape.alerting.kind === 'to-security') this.remediationTriggerRole = addRemediationTriggerRole(this, org, account);
    if (inputs.shape.alerting.kind === 'own' && this.threatDetection.homeHub) {
      this.securityHubRemediation = addSecurityHubRemediation(this, org, this.threatDetection.homeHub);
    }
  }

  private addProviders({ org, account, accountId, region }: StackInputs, additionalRegions: string[]): RegionalProviders {
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

  private addSlackChatbot({ names }: StackInputs, chatbot: NonNullable<SlackSettings['chatbot']>, chatbotRegion: string): SlackChatbot {
    return new SlackChatbot(this, 'slack-chatbot', {
      channelProvider: this.providers.forRegion(chatbotRegion),
      roleName: names.chatbotRole,
      guardrailPolicyName: names.chatbotGuardrailPolicy,
      configurationName: names.chatbotConfiguration,
      topicArn: this.notifications!.topic.arn,
      workspaceId: chatbot.workspaceId,
      channelId: chatbot.channelId,
    });
  }

  private addSlackNotifier(
    { org, accountId, region, names }: StackInputs,
    notifier: NonNullable<SlackSettings['notifier']>,
  ): SlackNotifier {
    const { webhookSecretArn, webhookParameterName, webhookKmsKeyArn } = notifier;
    return new SlackNotifier(this, 'slack-notifier', {
      accountId,
      region,
      functionName: names.slackNotifierFunction,
      topicArn: this.notifications!.topic.arn,
      environmentKeyArn: this.notifications!.key.keyArn,
      logKeyArn: this.logKey.keyArn,
      accountNames: Object.fromEntries(org.accounts.map((a) => [a.id, a.name])),
      webhook: {
        ...(webhookSecretArn ? { secretArn: webhookSecretArn } : { parameterName: webhookParameterName! }),
        kmsKeyArn: webhookKmsKeyArn,
      },
      mentionUserGroupId: notifier.mentionUserGroupId,
      mentionAtOrAbove: notifier.mentionAtOrAbove,
      routes: notifier.routes?.map((route) => ({
        accountIds: org.accounts.filter((a) => route.accounts.includes(a.name)).map((a) => a.id),
        webhook: {
          ...(route.webhookSecretArn ? { secretArn: route.webhookSecretArn } : { parameterName: route.webhookParameterName! }),
          kmsKeyArn: route.webhookKmsKeyArn,
        },
        mentionUserGroupId: route.mentionUserGroupId,
        mentionAtOrAbove: route.mentionAtOrAbove,
      })),
    });
  }

  private addConfigRecording({ org, account, accountId }: StackInputs): ConfigRecording {
    const { awsConfig } = org;
    return new ConfigRecording(this, 'config-recording', {
      accountId,
      providers: this.providers,
      bucketName: this.configDelivery.bucketName,
      keyPrefix: this.configDelivery.keyPrefix,
      bucketPolicy: this.configDelivery.bucketPolicy,
      recordingFrequency: awsConfig.recordingFrequency,
      excludedResourceTypes: awsConfig.excludedResourceTypes,
      snapshotDeliveryFrequency: awsConfig.snapshotDeliveryFrequency,
      adopt: { serviceLinkedRole: account.adopt?.configServiceLinkedRole, recorder: account.adopt?.configRecorder },
    });
  }

  private addConfigRules({ org, names }: StackInputs): ConfigRules {
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

  private addConfigRemediations({ org, accountId, names }: StackInputs): ConfigRemediations {
    return new ConfigRemediations(this, 'config-remediations', {
      accountId,
      providers: this.providers,
      rolePrefix: names.remediationRolePrefix,
      namePrefix: org.namePrefix,
      rules: this.configRules,
      modes: org.awsConfig.remediations,
      context: { accountId, flowLogBucketArn: LogBucket.arnFor(names.flowLogBucket) },
    });
  }

  /**
   * cdktf first resolves every element once only to find references to other stacks (and add
   * their outputs). An account stack has none: it is built in an App of its own, and shared
   * values come from the config. Skipping that pass saves a third of a synth; the output is the
   * same (tested).
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** As cdktf's, without resolving the whole stack a second time (see resolve-once.ts). */
  override toTerraform(): Record<string, unknown> {
    return toTerraformResolvingOnce(this);
  }

  private addRemediationLoopGuard({ org, accountId, region, names }: StackInputs): RemediationLoopGuard {
    return new RemediationLoopGuard(this, 'remediation-loop-guard', {
      accountId,
      homeRegion: region,
      remediationRepeatsAlarmPrefix: names.remediationRepeatsAlarmPrefix,
      remediationFailed: names.remediationFailed,
      remediationFailuresLogPolicy: names.remediationFailuresLogPolicy,
      failureLogGroupName: names.remediationFailureLogGroup,
      remediations: this.remediations.active,
      forwarding: this.eventForwarding,
      // The config schema keeps remediations off where no trail runs.
      trailLogGroupName: this.trailLogGroupName!,
      logKeyArn: this.logKey.keyArn,
      alarmTopicArn: this.alarmTopicArn,
      maxExecutions: org.awsConfig.loopGuard.maxExecutions,
      windowMinutes: org.awsConfig.loopGuard.windowMinutes,
    });
  }

  private addThreatDetection({ org, account, accountId, shape }: StackInputs): ThreatDetection {
    const adopt = account.adopt;
    return new ThreatDetection(this, 'threat-detection', {
      accountId,
      providers: this.providers,
      findingPublishingFrequency: org.guardDuty.findingPublishingFrequency,
      protections: org.guardDuty.protections,
      standards: org.securityHub.standards,
      disabledControls: org.securityHub.disabledControls,
      adopt: {
        guardDutyDetectors: adopt?.guardDutyDetectors,
        securityHubRegions: adopt?.securityHub,
        subscribedStandards: adopt?.securityHubStandards,
        findingAggregatorArn: adopt?.securityHubFindingAggregatorArn,
        guardDutyManagedByAdministrator: shape.threatDetection === 'none' || adopt?.guardDutyManagedByAdministrator,
        securityHubManagedByAdministrator: shape.threatDetection === 'none' || adopt?.securityHubManagedByAdministrator,
        guardDutyDetectorOnly: shape.threatDetection === 'enrolment-only',
        securityHubOnlyInHomeRegion: shape.threatDetection === 'enrolment-only',
      },
    });
  }
}

/** The catalog keys a config switches off (`key: false`). */
function switchedOff<K extends string>(switches: Partial<Record<K, boolean>>): Set<K> {
  return new Set((Object.keys(switches) as K[]).filter((key) => switches[key] === false));
}
