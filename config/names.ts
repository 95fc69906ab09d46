/**
 * Every name the baseline gives an account's resources, derived from the config alone. Stacks
 * never read each other's state, so anything one account needs to know about another (a bucket
 * in the log-archive account, say) comes from here.
 */
import { CIS_FILTER_IDS } from '../modules/catalogs/cis-monitoring';
import { CONFIG_RULE_KEYS } from '../modules/catalogs/config-rules';
import { REMEDIATION_KEYS, REMEDIATIONS, type RemediationSpec } from '../modules/catalogs/remediations';
import { SECURITY_EVENT_RULE_KEYS } from '../modules/catalogs/security-events';
import { SECURITY_HUB_REMEDIATION_PURPOSES } from '../modules/catalogs/security-hub-remediations';
import type { AccountConfig, OrganizationConfig, StateBackendConfig } from './schema';
import { controlTowerRecordsConfig } from './schema/organization-mode';

/** Names of one account's baseline resources. */
export interface AccountBaselineNames {
  readonly trail: string;
  readonly trailBucket: string;
  readonly accessLogBucket: string;
  readonly configBucket: string;
  readonly trailLogGroup: string;
  readonly trailLogsRole: string;
  readonly logKeyAlias: string;
  readonly flowLogBucket: string;
  readonly notificationTopic: string;
  readonly notificationKeyAlias: string;
  /** Config rules are `<configRulePrefix>-<catalog key>`. */
  readonly configRulePrefix: string;
  /** Remediation roles are `<remediationRolePrefix>-<catalog key>`. */
  readonly remediationRolePrefix: string;
  readonly remediationFailureLogGroup: string;
  readonly eventForwardingRole: string;
  readonly slackNotifierFunction: string;
  /** Lambda's own convention: `/aws/lambda/<function>`. */
  readonly slackNotifierLogGroup: string;
  readonly slackNotifierDeadLetterQueue: string;
  /** EventBridge security rules are `<securityEventRulePrefix>-<catalog key>`. */
  readonly securityEventRulePrefix: string;
  /** CIS alarms are `<cisAlarmPrefix>-<filter id>`. */
  readonly cisAlarmPrefix: string;
  /** Loop-guard alarms are `<remediationRepeatsAlarmPrefix>-<remediation key>`. */
  readonly remediationRepeatsAlarmPrefix: string;
  /** The EventBridge rule and the alarm for failed remediation runs share this name. */
  readonly remediationFailed: string;
  readonly remediationFailuresLogPolicy: string;
  readonly chatbotRole: string;
  readonly chatbotGuardrailPolicy: string;
  readonly chatbotConfiguration: string;
  readonly ebsKeyAlias: string;
  readonly accessAnalyzer: string;
  readonly supportRole: string;
  /** The Security Hub remediation function and its role; its rules and alarms are `<name>-<purpose>`. */
  readonly securityHubRemediation: string;
  readonly securityHubRemediationLogGroup: string;
  readonly remediationGuardTable: string;
  /** In members of an organization: the role the security account's function assumes. */
  readonly remediationTriggerRole: string;
}

export function accountBaselineNames(org: OrganizationConfig, account: AccountConfig): AccountBaselineNames {
  // Bucket names are global: account id and region make them unique, the prefix makes them findable.
  const bucket = (purpose: string) => `${org.namePrefix}-${purpose}-${account.id}-${org.homeRegion}`;
  const slackNotifier = `${org.namePrefix}-slack-notifier`;
  const securityHubRemediation = `${org.namePrefix}-securityhub-remediation`;
  return {
    trail: `${org.namePrefix}-audit-trail`,
    trailBucket: bucket('cloudtrail'),
    accessLogBucket: bucket('access-logs'),
    configBucket: bucket('config'),
    trailLogGroup: `/${org.namePrefix}/cloudtrail`,
    trailLogsRole: `${org.namePrefix}-cloudtrail-to-cloudwatch-logs`,
    logKeyAlias: `alias/${org.namePrefix}-logs`,
    flowLogBucket: bucket('vpc-flow-logs'),
    notificationTopic: `${org.namePrefix}-security-notifications`,
    notificationKeyAlias: `alias/${org.namePrefix}-notifications`,
    configRulePrefix: org.namePrefix,
    remediationRolePrefix: `${org.namePrefix}-remediation`,
    remediationFailureLogGroup: `/${org.namePrefix}/remediation-failures`,
    eventForwardingRole: `${org.namePrefix}-event-forwarding`,
    slackNotifierFunction: slackNotifier,
    slackNotifierLogGroup: `/aws/lambda/${slackNotifier}`,
    slackNotifierDeadLetterQueue: `${slackNotifier}-dead-letters`,
    securityEventRulePrefix: org.namePrefix,
    cisAlarmPrefix: `${org.namePrefix}-cis`,
    remediationRepeatsAlarmPrefix: `${org.namePrefix}-remediation-repeats`,
    remediationFailed: `${org.namePrefix}-remediation-failed`,
    remediationFailuresLogPolicy: `${org.namePrefix}-remediation-failures`,
    chatbotRole: `${org.namePrefix}-chatbot`,
    chatbotGuardrailPolicy: `${org.namePrefix}-chatbot-guardrail`,
    chatbotConfiguration: `${org.namePrefix}-security-notifications`,
    ebsKeyAlias: `alias/${org.namePrefix}-ebs`,
    accessAnalyzer: `${org.namePrefix}-account-analyzer`,
    supportRole: `${org.namePrefix}-aws-support`,
    securityHubRemediation,
    securityHubRemediationLogGroup: `/aws/lambda/${securityHubRemediation}`,
    remediationGuardTable: `${org.namePrefix}-remediation-guard`,
    remediationTriggerRole: `${org.namePrefix}-remediation-trigger`,
  };
}

/** Names of the organization-wide resources (organization mode), owned by one account each. */
export interface OrganizationNames {
  /** In the management account; owned by it, logging every account. */
  readonly organizationTrail: string;
  readonly organizationTrailLogGroup: string;
  readonly organizationTrailLogsRole: string;
  /** In the log-archive account: where every trail and every Config recorder delivers. */
  readonly centralTrailBucket: string;
  readonly centralConfigBucket: string;
  readonly centralAccessLogBucket: string;
  readonly organizationTrailKeyAlias: string;
  /** In the security account. */
  readonly centralEventBus: string;
  readonly configAggregator: string;
  readonly configAggregatorRole: string;
  /** Under Control Tower up to landing zone 3.x: the aggregator of every account's Config (Control Tower's covers those it enrols). */
  readonly accountsConfigAggregator: string;
  readonly organizationAnalyzer: string;
  readonly securityHubPolicy: string;
}

/** The account with a singleton role (organization mode requires each; the config schema ensures it). */
export function accountWithRole(org: OrganizationConfig, role: Exclude<AccountConfig['role'], 'workload'>): AccountConfig {
  const account = org.accounts.find((a) => a.role === role);
  if (!account) throw new Error(`organization mode needs a ${role} account (the config schema ensures it)`);
  return account;
}

export function organizationNames(org: OrganizationConfig): OrganizationNames {
  const logArchive = accountWithRole(org, 'log-archive');
  const central = (purpose: string) => `${org.namePrefix}-${purpose}-${logArchive.id}-${org.homeRegion}`;
  return {
    organizationTrail: `${org.namePrefix}-org-trail`,
    organizationTrailLogGroup: `/${org.namePrefix}/org-cloudtrail`,
    organizationTrailLogsRole: `${org.namePrefix}-org-trail-to-cloudwatch-logs`,
    centralTrailBucket: central('org-cloudtrail'),
    centralConfigBucket: central('org-config'),
    centralAccessLogBucket: central('org-access-logs'),
    organizationTrailKeyAlias: `alias/${org.namePrefix}-org-trail`,
    centralEventBus: `${org.namePrefix}-org-security-events`,
    configAggregator: `${org.namePrefix}-organization`,
    configAggregatorRole: `${org.namePrefix}-config-aggregator`,
    accountsConfigAggregator: `${org.namePrefix}-all-accounts`,
    organizationAnalyzer: `${org.namePrefix}-organization-analyzer`,
    securityHubPolicy: `${org.namePrefix}-baseline`,
  };
}

/** What Control Tower owns that the baseline uses (organization mode with Control Tower). */
export interface ControlTowerNames {
  /** Control Tower's organization-trail log group, in the management account. */
  readonly logGroup: string;
  /**
   * The bucket Control Tower's Config recorders deliver to, which the baseline's own recorders
   * (management, accounts not enrolled) deliver to as well: only while Control Tower records
   * Config (`configRecordedByControlTower`).
   */
  readonly configBucket?: string;
}

/** Whether AWS Control Tower governs the organization (organization mode, `organization.controlTower.enabled`). */
export function governedByControlTower(org: OrganizationConfig): boolean {
  return org.organization?.controlTower?.enabled === true;
}

/**
 * Whether Control Tower records AWS Config in the accounts it enrols (always up to landing zone
 * 3.x; from 4.0 only with its Config integration on). Otherwise the baseline records Config in
 * every account, into its own central bucket, as without Control Tower.
 */
export function configRecordedByControlTower(org: OrganizationConfig): boolean {
  const controlTower = org.organization?.controlTower;
  return controlTower !== undefined && governedByControlTower(org) && controlTowerRecordsConfig(controlTower);
}

/** Control Tower's names, or undefined when Control Tower does not govern the organization. */
export function controlTowerNames(org: OrganizationConfig): ControlTowerNames | undefined {
  const controlTower = org.organization?.controlTower;
  if (!controlTower || !governedByControlTower(org)) return undefined;
  return {
    logGroup: controlTower.logGroupName ?? 'aws-controltower/CloudTrailLogs',
    configBucket: configRecordedByControlTower(org)
      ? (controlTower.configBucketName ?? `aws-controltower-logs-${accountWithRole(org, 'log-archive').id}-${org.homeRegion}`)
      : undefined,
  };
}

/** The role Terraform assumes in the account. */
export function deploymentRoleName(org: OrganizationConfig, account: AccountConfig): string {
  return account.deploymentRoleName ?? org.deploymentRoleName;
}

/** Where one account's state lives within the configured backend. */
export function stateKey(backend: Extract<StateBackendConfig, { type: 's3' }>, account: AccountConfig): string {
  return `${backend.keyPrefix}/${account.name}/terraform.tfstate`;
}

export function cloudWorkspaceName(
  org: OrganizationConfig,
  backend: Extract<StateBackendConfig, { type: 'cloud' }>,
  account: AccountConfig,
): string {
  return backend.workspaceNamePattern.replaceAll('{prefix}', org.namePrefix).replaceAll('{account}', account.name);
}

export function localStatePath(backend: Extract<StateBackendConfig, { type: 'local' }>, account: AccountConfig): string {
  return `${backend.directory}/${account.name}.tfstate`;
}

/** The kinds of name the baseline generates; each has its service's rules in `name-limits.ts`. */
export type NameKind =
  | 's3-bucket'
  | 's3-object-key'
  | 'iam-role'
  | 'iam-policy'
  | 'kms-alias'
  | 'log-group'
  | 'log-resource-policy'
  | 'sns-topic'
  | 'sqs-queue'
  | 'lambda-function'
  | 'cloudtrail-trail'
  | 'event-rule'
  | 'event-bus'
  | 'dynamodb-table'
  | 'config-rule'
  | 'metric-alarm'
  | 'access-analyzer'
  | 'chatbot-configuration'
  | 'ssm-document'
  | 'tfc-workspace';

/** A name one account's stack may create, and the config field it is built from. */
export interface GeneratedName {
  readonly kind: NameKind;
  readonly name: string;
  readonly from: readonly (string | number)[];
}

/**
 * Every name the stack of `org.accounts[accountIndex]` may create, expanded over the catalogs
 * (whether or not a switch turns it off), so each can be checked against its service's limits
 * before anything is built.
 */
export function generatedNames(org: OrganizationConfig, accountIndex: number): GeneratedName[] {
  const account = org.accounts[accountIndex];
  const names = accountBaselineNames(org, account);
  const fromPrefix = (kind: NameKind, ...all: string[]) => all.map((name) => ({ kind, name, from: ['namePrefix'] }));
  const backend = org.stateBackend;
  const organization = org.mode === 'organization' ? organizationNames(org) : undefined;
  return [
    ...(organization
      ? [
          ...fromPrefix(
            's3-bucket',
            organization.centralTrailBucket,
            organization.centralConfigBucket,
            organization.centralAccessLogBucket,
          ),
          ...fromPrefix('iam-role', organization.organizationTrailLogsRole, organization.configAggregatorRole),
          ...fromPrefix('kms-alias', organization.organizationTrailKeyAlias),
          ...fromPrefix('log-group', organization.organizationTrailLogGroup),
          ...fromPrefix('cloudtrail-trail', organization.organizationTrail),
          ...fromPrefix('access-analyzer', organization.organizationAnalyzer),
          ...fromPrefix('event-bus', organization.centralEventBus),
          ...fromPrefix('event-rule', organization.centralEventBus),
        ]
      : []),
    ...fromPrefix('s3-bucket', names.trailBucket, names.accessLogBucket, names.configBucket, names.flowLogBucket),
    ...fromPrefix(
      'iam-role',
      names.trailLogsRole,
      names.eventForwardingRole,
      names.slackNotifierFunction,
      names.chatbotRole,
      names.supportRole,
      names.securityHubRemediation,
      names.remediationTriggerRole,
      ...REMEDIATION_KEYS.map((key) => `${names.remediationRolePrefix}-${key}`),
    ),
    ...fromPrefix('iam-policy', names.chatbotGuardrailPolicy),
    ...fromPrefix('kms-alias', names.logKeyAlias, names.notificationKeyAlias, names.ebsKeyAlias),
    ...fromPrefix(
      'log-group',
      names.trailLogGroup,
      names.remediationFailureLogGroup,
      names.slackNotifierLogGroup,
      names.securityHubRemediationLogGroup,
    ),
    ...fromPrefix('log-resource-policy', names.remediationFailuresLogPolicy),
    ...fromPrefix('sns-topic', names.notificationTopic),
    ...fromPrefix('sqs-queue', names.slackNotifierDeadLetterQueue),
    ...fromPrefix('lambda-function', names.slackNotifierFunction, names.securityHubRemediation),
    ...fromPrefix('dynamodb-table', names.remediationGuardTable),
    ...fromPrefix('cloudtrail-trail', names.trail),
    ...fromPrefix(
      'event-rule',
      names.remediationFailed,
      ...SECURITY_HUB_REMEDIATION_PURPOSES.rules.map((purpose) => `${names.securityHubRemediation}-${purpose}`),
      ...SECURITY_EVENT_RULE_KEYS.map((key) => `${names.securityEventRulePrefix}-${key}`),
    ),
    ...fromPrefix('config-rule', ...CONFIG_RULE_KEYS.map((key) => `${names.configRulePrefix}-${key}`)),
    ...fromPrefix(
      'metric-alarm',
      names.remediationFailed,
      ...SECURITY_HUB_REMEDIATION_PURPOSES.alarms.map((purpose) => `${names.securityHubRemediation}-${purpose}`),
      `${names.slackNotifierFunction}-team-channel-failed`,
      ...CIS_FILTER_IDS.map((id) => `${names.cisAlarmPrefix}-${id}`),
      ...REMEDIATION_KEYS.map((key) => `${names.remediationRepeatsAlarmPrefix}-${key}`),
    ),
    ...fromPrefix('access-analyzer', names.accessAnalyzer),
    ...fromPrefix('chatbot-configuration', names.chatbotConfiguration),
    // The baseline's own remediation runbooks are deployed as `<namePrefix>-<document>`.
    ...fromPrefix(
      'ssm-document',
      ...(REMEDIATIONS as readonly RemediationSpec[])
        .filter((r) => r.documentOwner === 'baseline')
        .map((r) => `${org.namePrefix}-${r.document}`),
    ),
    ...(backend.type === 's3'
      ? [{ kind: 's3-object-key' as const, name: stateKey(backend, account), from: ['stateBackend', 'keyPrefix'] }]
      : []),
    ...(backend.type === 'cloud'
      ? [
          {
            kind: 'tfc-workspace' as const,
            name: cloudWorkspaceName(org, backend, account),
            from: ['stateBackend', 'workspaceNamePattern'],
          },
        ]
      : []),
  ];
}

/**
 * Wildcard patterns that cover every name an account's stack gives its resources (the names
 * above): the deployment role's policy (modules/catalogs/deployment-permissions.ts) is scoped by
 * them.
 */
export interface DeploymentNamePatterns {
  readonly prefix: string;
  /** IAM roles and policies, topics, queues, functions, tables, trails, rules, buses, alarms, analyzers, documents, chat configurations. */
  readonly named: string;
  /** Buckets: each carries the id of the account that owns it and the home region. */
  readonly buckets: string;
  readonly kmsAliases: string;
  readonly logGroups: readonly string[];
}

export function deploymentNamePatterns(
  org: Pick<OrganizationConfig, 'namePrefix'> & { readonly homeRegion: string },
  account: Pick<AccountConfig, 'id'>,
): DeploymentNamePatterns {
  return {
    prefix: org.namePrefix,
    named: `${org.namePrefix}-*`,
    buckets: `${org.namePrefix}-*-${account.id}-${org.homeRegion}`,
    kmsAliases: `alias/${org.namePrefix}-*`,
    logGroups: [`/${org.namePrefix}/*`, `/aws/lambda/${org.namePrefix}-*`],
  };
}

/**
 * The bootstrap (`npm run bootstrap`): its Terraform configuration is `<outdir>/bootstrap`, beside
 * `stacks/` rather than in it, so no command about account stacks sees it; its state is kept
 * under this name in the backends that hold several.
 */
export const BOOTSTRAP_NAME = 'bootstrap';

/** Where the bootstrap keeps its state in the bucket it created (beside, not among, the account states). */
export function bootstrapStateKey(backend: Extract<StateBackendConfig, { type: 's3' }>): string {
  return `${backend.keyPrefix}/${BOOTSTRAP_NAME}.tfstate`;
}

/** The lock object Terraform's S3-native locking (`use_lockfile`) writes beside a state. */
export function stateLockKey(stateKey: string): string {
  return `${stateKey}.tflock`;
}

export function bootstrapWorkspaceName(org: OrganizationConfig, backend: Extract<StateBackendConfig, { type: 'cloud' }>): string {
  return backend.workspaceNamePattern.replaceAll('{prefix}', org.namePrefix).replaceAll('{account}', BOOTSTRAP_NAME);
}

/** The managed policies holding a deployment role's permissions, numbered from 1: `<role>-permissions-<n>` (`*`: all of them). */
export function deploymentPolicyName(roleName: string, index: number | '*'): string {
  return `${roleName}-permissions-${index}`;
}
