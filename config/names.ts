/**
 * Every name the baseline gives an account's resources, derived from the config alone. Stacks
 * never read each other's state, so anything one account needs to know about another (a bucket
 * in the log-archive account, say) comes from here.
 */
import type { AccountConfig, OrganizationConfig, StateBackendConfig } from './schema';

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
  readonly configRecorderRole: string;
  /** Config rules are `<configRulePrefix>-<catalog key>`. */
  readonly configRulePrefix: string;
  /** Remediation roles are `<remediationRolePrefix>-<catalog key>`. */
  readonly remediationRolePrefix: string;
  readonly remediationFailureLogGroup: string;
  readonly eventForwardingRole: string;
  readonly slackNotifierFunction: string;
}

export function accountBaselineNames(org: OrganizationConfig, account: AccountConfig): AccountBaselineNames {
  // Bucket names are global: account id and region make them unique, the prefix makes them findable.
  const bucket = (purpose: string) => `${org.namePrefix}-${purpose}-${account.id}-${org.homeRegion}`;
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
    configRecorderRole: `${org.namePrefix}-config-recorder`,
    configRulePrefix: org.namePrefix,
    remediationRolePrefix: `${org.namePrefix}-remediation`,
    remediationFailureLogGroup: `/${org.namePrefix}/remediation-failures`,
    eventForwardingRole: `${org.namePrefix}-event-forwarding`,
    slackNotifierFunction: `${org.namePrefix}-slack-notifier`,
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
