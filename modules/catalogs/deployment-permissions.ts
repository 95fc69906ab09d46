/**
 * What the deployment role of an account may do: the IAM actions the baseline's Terraform (AWS
 * provider 5.100) calls to create, read, update, tag and delete each resource and data-source type
 * the account stacks declare, row by row, each naming the types it serves and its Service
 * Authorization Reference page. Resources are scoped by the baseline's names (config/names.ts
 * `deploymentNamePatterns`) wherever the action has resource-level permissions; `*` only where it
 * has none (tests check both against the reference's data, and that every type a synthesized
 * stack declares is served). The role's policy is built from this table in
 * modules/bootstrap/deployment-policy.ts.
 */
import type { DeploymentNamePatterns } from '../../config/names';
import { PARTITION } from '../core/arn';
import type { PolicyConditions } from '../core/policy-document';
import { CONFIG_ORGANIZATIONS_POLICY } from '../compliance/organization-config-aggregator';
import { SUPPORT_ACCESS_POLICY } from '../hardening/account-hardening';

/** A Terraform resource type (`aws_s3_bucket`) or data-source type (`data.aws_guardduty_detector`). */
export type TerraformType = `aws_${string}` | `data.aws_${string}`;

/** What a row's resources and conditions are built from: one account's names. */
export interface DeploymentScope {
  readonly accountId: string;
  readonly names: DeploymentNamePatterns;
  /** Names of the account's Config recorders: the baseline's, or the adopted ones. */
  readonly configRecorderNames: readonly string[];
  /** Log groups the baseline does not own but puts metric filters on (Control Tower's trail's). @default none */
  readonly foreignLogGroups: readonly string[];
  /** Organization mode only. */
  readonly organization?: {
    readonly id: string;
    readonly managementAccountId: string;
    readonly rootId?: string;
    /** The security account: every delegated administration goes to it. */
    readonly delegatedAdministratorId: string;
    /** Services the management account registers the delegated administrator for (organizations:ServicePrincipal). */
    readonly delegatedServicePrincipals: readonly string[];
    /** Services whose trusted access a delegated-administrator designation turns on (GuardDuty's and Security Hub's). */
    readonly designationPrincipals: readonly string[];
    /** With `organization.manageOrganization`: every service whose trusted access the organization resource lists. */
    readonly managedTrustedAccessPrincipals: readonly string[];
  };
}

/**
 * Which accounts need a row (organization mode): the management account, the delegated
 * administrator (the security account), or the management account when it manages the
 * organization resource (`organization.manageOrganization`).
 */
export type DeploymentAccount = 'management' | 'delegated-administrator' | 'organization-manager';

/** The row's actions have no resource-level permissions: the Resource element must be `*`. */
export const ANY_RESOURCE = '*';

export interface DeploymentPermission {
  /** Statement id in the policy: what the row lets Terraform do. */
  readonly sid: string;
  /** The Terraform types whose create, read, update, tagging or delete calls need the actions. */
  readonly serves: readonly TerraformType[];
  /** In organization mode, only these accounts need it; in standalone mode no account does. @default every account, in either mode */
  readonly accounts?: readonly DeploymentAccount[];
  readonly actions: readonly string[];
  /** ARN patterns built from the account's names (an empty list drops the row), or ANY_RESOURCE. */
  readonly resources: typeof ANY_RESOURCE | ((scope: DeploymentScope) => readonly string[]);
  /** Conditions that narrow the row further. @default none */
  readonly conditions?: (scope: DeploymentScope) => PolicyConditions;
  /** The service's page of the Service Authorization Reference (actions, resource types, condition keys). */
  readonly source: string;
}

const reference = (page: string) => `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${page}.html`;
const SOURCES = {
  iam: reference('awsidentityandaccessmanagementiam'),
  s3: reference('amazons3'),
  kms: reference('awskeymanagementservice'),
  cloudtrail: reference('awscloudtrail'),
  logs: reference('amazoncloudwatchlogs'),
  cloudwatch: reference('amazoncloudwatch'),
  events: reference('amazoneventbridge'),
  config: reference('awsconfig'),
  guardduty: reference('amazonguardduty'),
  securityhub: reference('awssecurityhub'),
  accessAnalyzer: reference('awsiamaccessanalyzer'),
  organizations: reference('awsorganizations'),
  sns: reference('amazonsns'),
  sqs: reference('amazonsqs'),
  lambda: reference('awslambda'),
  dynamodb: reference('amazondynamodb'),
  ssm: reference('awssystemsmanager'),
  ec2: reference('amazonec2'),
  account: reference('awsaccountmanagement'),
  chatbot: reference('awschatbot'),
} as const;

/** `arn:aws:<service>:*:<account>:<resource>`: any region of the account (IAM, S3 and Chatbot ARNs differ). */
const regional = (service: string, ...resources: ((names: DeploymentNamePatterns) => string)[]) => {
  return ({ accountId, names }: DeploymentScope) =>
    resources.map((resource) => `arn:${PARTITION}:${service}:*:${accountId}:${resource(names)}`);
};
const iam = (resource: (names: DeploymentNamePatterns) => string) => {
  return ({ accountId, names }: DeploymentScope) => [`arn:${PARTITION}:iam::${accountId}:${resource(names)}`];
};
/** Keys, detectors, rules and other resources AWS names by an id it assigns: the account's, in any region. */
const byAssignedId = (service: string, resourcePrefix: string) => regional(service, () => `${resourcePrefix}*`);

/** AWS managed policies the baseline attaches to its roles (their modules name them). */
export const ATTACHED_AWS_MANAGED_POLICIES = [SUPPORT_ACCESS_POLICY, CONFIG_ORGANIZATIONS_POLICY] as const;

/** Services the baseline's roles are passed to (the services their trust policies name). */
export const ROLES_PASSED_TO_SERVICES = [
  'chatbot.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'events.amazonaws.com',
  'lambda.amazonaws.com',
  'ssm.amazonaws.com',
] as const;

/**
 * Service-linked roles that creating a baseline resource creates on first use (or that the
 * baseline declares: Config's).
 */
export const SERVICE_LINKED_ROLE_SERVICES = [
  'access-analyzer.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'config.amazonaws.com',
  'guardduty.amazonaws.com',
  'malware-protection.guardduty.amazonaws.com',
  'management.chatbot.amazonaws.com',
  'securityhub.amazonaws.com',
] as const;

const S3_BUCKET_TYPES = [
  'aws_s3_bucket',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_logging',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
] as const;

export const DEPLOYMENT_PERMISSIONS: readonly DeploymentPermission[] = [
  // IAM: the baseline's roles and policies are all named `<prefix>-…`.
  {
    sid: 'IamBaselineRoles',
    serves: ['aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment'],
    actions: [
      'iam:CreateRole',
      'iam:GetRole',
      'iam:UpdateRole',
      'iam:UpdateRoleDescription',
      'iam:UpdateAssumeRolePolicy',
      'iam:DeleteRole',
      'iam:TagRole',
      'iam:UntagRole',
      'iam:ListRoleTags',
      'iam:ListRolePolicies',
      'iam:GetRolePolicy',
      'iam:PutRolePolicy',
      'iam:DeleteRolePolicy',
      'iam:ListAttachedRolePolicies',
      'iam:ListInstanceProfilesForRole',
    ],
    resources: iam((n) => `role/${n.named}`),
    source: SOURCES.iam,
  },
  {
    sid: 'IamAttachTheBaselinesManagedPolicies',
    serves: ['aws_iam_role_policy_attachment'],
    actions: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
    resources: iam((n) => `role/${n.named}`),
    // Only the AWS managed policies the baseline attaches: never AdministratorAccess.
    conditions: () => ({ ArnEquals: { 'iam:PolicyARN': ATTACHED_AWS_MANAGED_POLICIES } }),
    source: SOURCES.iam,
  },
  {
    sid: 'IamBaselinePolicies',
    serves: ['aws_iam_policy'],
    actions: [
      'iam:CreatePolicy',
      'iam:GetPolicy',
      'iam:GetPolicyVersion',
      'iam:ListPolicyVersions',
      'iam:CreatePolicyVersion',
      'iam:DeletePolicyVersion',
      'iam:DeletePolicy',
      'iam:TagPolicy',
      'iam:UntagPolicy',
      'iam:ListPolicyTags',
    ],
    resources: iam((n) => `policy/${n.named}`),
    source: SOURCES.iam,
  },
  {
    sid: 'IamPassBaselineRolesToTheirServices',
    serves: [
      'aws_chatbot_slack_channel_configuration',
      'aws_cloudtrail',
      'aws_cloudwatch_event_target',
      'aws_config_configuration_aggregator',
      'aws_config_configuration_recorder',
      'aws_config_remediation_configuration',
      'aws_lambda_function',
    ],
    actions: ['iam:PassRole'],
    resources: ({ accountId, names }) => [
      `arn:${PARTITION}:iam::${accountId}:role/${names.named}`,
      // The recorder's role is Config's service-linked role.
      `arn:${PARTITION}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    ],
    conditions: () => ({ StringEquals: { 'iam:PassedToService': ROLES_PASSED_TO_SERVICES } }),
    source: SOURCES.iam,
  },
  {
    sid: 'IamCreateServiceLinkedRoles',
    serves: [
      'aws_accessanalyzer_analyzer',
      'aws_chatbot_slack_channel_configuration',
      'aws_cloudtrail',
      'aws_guardduty_detector',
      'aws_iam_service_linked_role',
      'aws_securityhub_account',
    ],
    actions: ['iam:CreateServiceLinkedRole'],
    resources: iam(() => 'role/aws-service-role/*'),
    conditions: () => ({ StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLE_SERVICES } }),
    source: SOURCES.iam,
  },
  {
    sid: 'IamConfigServiceLinkedRole',
    serves: ['aws_iam_service_linked_role'],
    actions: [
      'iam:GetRole',
      'iam:UpdateRoleDescription',
      'iam:TagRole',
      'iam:UntagRole',
      'iam:ListRoleTags',
      'iam:DeleteServiceLinkedRole',
      'iam:GetServiceLinkedRoleDeletionStatus',
    ],
    resources: iam(() => 'role/aws-service-role/config.amazonaws.com/*'),
    source: SOURCES.iam,
  },
  {
    sid: 'IamPasswordPolicy',
    serves: ['aws_iam_account_password_policy'],
    actions: ['iam:GetAccountPasswordPolicy', 'iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
    resources: ANY_RESOURCE,
    source: SOURCES.iam,
  },

  // S3: every bucket an account creates is `<prefix>-<purpose>-<its account id>-<region>`.
  {
    sid: 'S3BaselineBuckets',
    serves: S3_BUCKET_TYPES,
    actions: [
      's3:CreateBucket',
      's3:DeleteBucket',
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:GetBucketAcl',
      's3:GetBucketCORS',
      's3:GetBucketWebsite',
      's3:GetAccelerateConfiguration',
      's3:GetBucketRequestPayment',
      's3:GetReplicationConfiguration',
      's3:GetBucketObjectLockConfiguration',
      's3:GetBucketTagging',
      's3:PutBucketTagging',
    ],
    resources: ({ names }) => [`arn:${PARTITION}:s3:::${names.buckets}`],
    source: SOURCES.s3,
  },
  {
    sid: 'S3BaselineBucketSettings',
    serves: S3_BUCKET_TYPES,
    actions: [
      's3:GetBucketVersioning',
      's3:PutBucketVersioning',
      's3:GetEncryptionConfiguration',
      's3:PutEncryptionConfiguration',
      's3:GetBucketPublicAccessBlock',
      's3:PutBucketPublicAccessBlock',
      's3:GetBucketOwnershipControls',
      's3:PutBucketOwnershipControls',
      's3:GetLifecycleConfiguration',
      's3:PutLifecycleConfiguration',
      's3:GetBucketLogging',
      's3:PutBucketLogging',
      's3:GetBucketPolicy',
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
    ],
    resources: ({ names }) => [`arn:${PARTITION}:s3:::${names.buckets}`],
    source: SOURCES.s3,
  },
  {
    sid: 'S3AccountPublicAccessBlock',
    serves: ['aws_s3_account_public_access_block'],
    actions: ['s3:GetAccountPublicAccessBlock', 's3:PutAccountPublicAccessBlock'],
    resources: ANY_RESOURCE,
    source: SOURCES.s3,
  },

  // KMS: a key has no name when it is created, only an id AWS assigns; its alias is the baseline's.
  {
    sid: 'KmsCreateKeysAndListAliases',
    serves: ['aws_kms_key', 'aws_kms_alias'],
    actions: ['kms:CreateKey', 'kms:ListAliases'],
    resources: ANY_RESOURCE,
    source: SOURCES.kms,
  },
  {
    sid: 'KmsAccountKeys',
    serves: ['aws_kms_key', 'aws_kms_alias'],
    actions: [
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:PutKeyPolicy',
      'kms:GetKeyRotationStatus',
      'kms:EnableKeyRotation',
      'kms:UpdateKeyDescription',
      'kms:ListResourceTags',
      'kms:TagResource',
      'kms:UntagResource',
    ],
    resources: byAssignedId('kms', 'key/'),
    source: SOURCES.kms,
  },
  {
    sid: 'KmsScheduleDeletionOfBaselineKeys',
    serves: ['aws_kms_key'],
    actions: ['kms:ScheduleKeyDeletion'],
    resources: byAssignedId('kms', 'key/'),
    // Only keys the baseline created (its providers tag every resource with the prefix).
    conditions: ({ names }) => ({ StringEquals: { 'aws:ResourceTag/BaselinePrefix': names.prefix } }),
    source: SOURCES.kms,
  },
  {
    sid: 'KmsBaselineAliases',
    serves: ['aws_kms_alias'],
    actions: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'],
    resources: ({ accountId, names }) => [
      `arn:${PARTITION}:kms:*:${accountId}:${names.kmsAliases}`,
      `arn:${PARTITION}:kms:*:${accountId}:key/*`,
    ],
    source: SOURCES.kms,
  },
  {
    sid: 'KmsEncryptFunctionEnvironments',
    serves: ['aws_lambda_function'],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant'],
    resources: byAssignedId('kms', 'key/'),
    // Only through Lambda, which encrypts a function's environment with the caller's rights.
    conditions: () => ({ StringLike: { 'kms:ViaService': 'lambda.*.amazonaws.com' } }),
    source: SOURCES.kms,
  },

  // CloudTrail.
  {
    sid: 'CloudTrailBaselineTrails',
    serves: ['aws_cloudtrail'],
    actions: [
      'cloudtrail:CreateTrail',
      'cloudtrail:UpdateTrail',
      'cloudtrail:DeleteTrail',
      'cloudtrail:GetTrail',
      'cloudtrail:GetTrailStatus',
      'cloudtrail:StartLogging',
      'cloudtrail:StopLogging',
      'cloudtrail:GetEventSelectors',
      'cloudtrail:PutEventSelectors',
      'cloudtrail:GetInsightSelectors',
      'cloudtrail:PutInsightSelectors',
      'cloudtrail:AddTags',
      'cloudtrail:RemoveTags',
      'cloudtrail:ListTags',
    ],
    resources: regional('cloudtrail', (n) => `trail/${n.named}`),
    source: SOURCES.cloudtrail,
  },
  {
    sid: 'CloudTrailDescribe',
    serves: ['aws_cloudtrail'],
    actions: ['cloudtrail:DescribeTrails'],
    resources: ANY_RESOURCE,
    source: SOURCES.cloudtrail,
  },

  // CloudWatch Logs: the baseline's groups are `/<prefix>/…` and its functions' `/aws/lambda/<prefix>-…`.
  {
    sid: 'LogsBaselineLogGroups',
    serves: ['aws_cloudwatch_log_group', 'aws_cloudwatch_log_metric_filter'],
    actions: [
      'logs:CreateLogGroup',
      'logs:DeleteLogGroup',
      'logs:PutRetentionPolicy',
      'logs:DeleteRetentionPolicy',
      'logs:AssociateKmsKey',
      'logs:DisassociateKmsKey',
      'logs:TagResource',
      'logs:UntagResource',
      'logs:ListTagsForResource',
      'logs:PutMetricFilter',
      'logs:DeleteMetricFilter',
      'logs:DescribeMetricFilters',
    ],
    resources: ({ accountId, names }) => names.logGroups.map((group) => `arn:${PARTITION}:logs:*:${accountId}:log-group:${group}`),
    source: SOURCES.logs,
  },
  {
    sid: 'LogsMetricFiltersOnOthersLogGroups',
    serves: ['aws_cloudwatch_log_metric_filter'],
    actions: ['logs:PutMetricFilter', 'logs:DeleteMetricFilter', 'logs:DescribeMetricFilters'],
    resources: ({ accountId, foreignLogGroups }) =>
      foreignLogGroups.map((group) => `arn:${PARTITION}:logs:*:${accountId}:log-group:${group}`),
    source: SOURCES.logs,
  },
  {
    sid: 'LogsDescribeAndResourcePolicies',
    serves: ['aws_cloudwatch_log_group', 'aws_cloudwatch_log_resource_policy'],
    actions: ['logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:PutResourcePolicy', 'logs:DeleteResourcePolicy'],
    resources: ANY_RESOURCE,
    source: SOURCES.logs,
  },

  // CloudWatch alarms, EventBridge rules and buses.
  {
    sid: 'CloudWatchBaselineAlarms',
    serves: ['aws_cloudwatch_metric_alarm'],
    actions: [
      'cloudwatch:PutMetricAlarm',
      'cloudwatch:DescribeAlarms',
      'cloudwatch:DeleteAlarms',
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
      'cloudwatch:ListTagsForResource',
    ],
    resources: regional('cloudwatch', (n) => `alarm:${n.named}`),
    source: SOURCES.cloudwatch,
  },
  {
    sid: 'EventsBaselineRules',
    serves: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
    actions: [
      'events:PutRule',
      'events:DescribeRule',
      'events:DeleteRule',
      'events:EnableRule',
      'events:DisableRule',
      'events:PutTargets',
      'events:RemoveTargets',
      'events:ListTargetsByRule',
      'events:TagResource',
      'events:UntagResource',
      'events:ListTagsForResource',
    ],
    // On the default bus (`rule/<name>`) and on the baseline's bus (`rule/<bus>/<name>`).
    resources: regional(
      'events',
      (n) => `rule/${n.named}`,
      (n) => `rule/${n.named}/${n.named}`,
    ),
    source: SOURCES.events,
  },
  {
    sid: 'EventsCentralBus',
    serves: ['aws_cloudwatch_event_bus', 'aws_cloudwatch_event_bus_policy'],
    accounts: ['delegated-administrator'],
    actions: [
      'events:CreateEventBus',
      'events:DescribeEventBus',
      'events:UpdateEventBus',
      'events:DeleteEventBus',
      'events:TagResource',
      'events:UntagResource',
      'events:ListTagsForResource',
    ],
    resources: regional('events', (n) => `event-bus/${n.named}`),
    source: SOURCES.events,
  },
  {
    sid: 'EventsCentralBusPolicy',
    serves: ['aws_cloudwatch_event_bus_policy'],
    accounts: ['delegated-administrator'],
    actions: ['events:PutPermission', 'events:RemovePermission'],
    resources: ANY_RESOURCE,
    source: SOURCES.events,
  },

  // AWS Config.
  {
    sid: 'ConfigRecorders',
    serves: ['aws_config_configuration_recorder', 'aws_config_configuration_recorder_status'],
    actions: [
      'config:PutConfigurationRecorder',
      'config:DescribeConfigurationRecorders',
      'config:DeleteConfigurationRecorder',
      'config:StartConfigurationRecorder',
      'config:StopConfigurationRecorder',
      'config:DescribeConfigurationRecorderStatus',
    ],
    // `configuration-recorder/<name>/<id>`: the baseline's recorder, or the one it adopts.
    resources: ({ accountId, configRecorderNames }) =>
      configRecorderNames.map((name) => `arn:${PARTITION}:config:*:${accountId}:configuration-recorder/${name}/*`),
    source: SOURCES.config,
  },
  {
    sid: 'ConfigDeliveryChannelsAndDescribe',
    serves: [
      'aws_config_delivery_channel',
      'aws_config_config_rule',
      'aws_config_configuration_aggregator',
      'aws_config_aggregate_authorization',
    ],
    actions: [
      'config:PutDeliveryChannel',
      'config:DescribeDeliveryChannels',
      'config:DeleteDeliveryChannel',
      'config:DescribeConfigRules',
      'config:DescribeConfigurationAggregators',
      'config:DescribeAggregationAuthorizations',
    ],
    resources: ANY_RESOURCE,
    source: SOURCES.config,
  },
  {
    // Under Control Tower up to landing zone 3.x: the security account's account aggregator may collect from here.
    sid: 'ConfigAggregatorAuthorizations',
    serves: ['aws_config_aggregate_authorization'],
    actions: [
      'config:PutAggregationAuthorization',
      'config:DeleteAggregationAuthorization',
      'config:TagResource',
      'config:UntagResource',
      'config:ListTagsForResource',
    ],
    // `aggregation-authorization/<aggregator account>/<aggregator region>`: only the security account's.
    resources: ({ accountId, organization }) =>
      organization ? [`arn:${PARTITION}:config:*:${accountId}:aggregation-authorization/${organization.delegatedAdministratorId}/*`] : [],
    source: SOURCES.config,
  },
  {
    sid: 'ConfigRulesAndRemediations',
    serves: ['aws_config_config_rule', 'aws_config_remediation_configuration'],
    actions: [
      'config:PutConfigRule',
      'config:DeleteConfigRule',
      'config:PutRemediationConfigurations',
      'config:DescribeRemediationConfigurations',
      'config:DeleteRemediationConfiguration',
      'config:TagResource',
      'config:UntagResource',
      'config:ListTagsForResource',
    ],
    resources: ({ accountId }) => [
      `arn:${PARTITION}:config:*:${accountId}:config-rule/*`,
      `arn:${PARTITION}:config:*:${accountId}:remediation-configuration/*`,
    ],
    source: SOURCES.config,
  },
  {
    sid: 'ConfigOrganizationAggregator',
    serves: ['aws_config_configuration_aggregator'],
    accounts: ['delegated-administrator'],
    actions: [
      'config:PutConfigurationAggregator',
      'config:DeleteConfigurationAggregator',
      'config:TagResource',
      'config:UntagResource',
      'config:ListTagsForResource',
    ],
    resources: byAssignedId('config', 'config-aggregator/'),
    source: SOURCES.config,
  },

  // GuardDuty: detectors have ids AWS assigns, one per region.
  {
    sid: 'GuardDutyCreateAndListDetectors',
    serves: ['aws_guardduty_detector', 'data.aws_guardduty_detector'],
    actions: ['guardduty:CreateDetector', 'guardduty:ListDetectors'],
    resources: ANY_RESOURCE,
    source: SOURCES.guardduty,
  },
  {
    sid: 'GuardDutyAccountDetectors',
    serves: [
      'aws_guardduty_detector',
      'aws_guardduty_detector_feature',
      'data.aws_guardduty_detector',
      'aws_guardduty_organization_configuration_feature',
    ],
    actions: [
      'guardduty:GetDetector',
      'guardduty:UpdateDetector',
      'guardduty:DeleteDetector',
      'guardduty:TagResource',
      'guardduty:UntagResource',
      'guardduty:ListTagsForResource',
    ],
    resources: byAssignedId('guardduty', 'detector/'),
    source: SOURCES.guardduty,
  },
  {
    sid: 'GuardDutyDesignateAdministrator',
    serves: ['aws_guardduty_organization_admin_account'],
    accounts: ['management'],
    actions: [
      'guardduty:EnableOrganizationAdminAccount',
      'guardduty:DisableOrganizationAdminAccount',
      'guardduty:ListOrganizationAdminAccounts',
    ],
    resources: ANY_RESOURCE,
    source: SOURCES.guardduty,
  },
  {
    sid: 'GuardDutyOrganizationConfiguration',
    serves: ['aws_guardduty_organization_configuration', 'aws_guardduty_organization_configuration_feature'],
    accounts: ['delegated-administrator'],
    actions: ['guardduty:UpdateOrganizationConfiguration', 'guardduty:DescribeOrganizationConfiguration'],
    resources: ANY_RESOURCE,
    source: SOURCES.guardduty,
  },

  // Security Hub: one hub per region (`hub/default`); its action targets and standards hang off it.
  {
    sid: 'SecurityHubAccountHubs',
    serves: ['aws_securityhub_account', 'aws_securityhub_action_target', 'aws_securityhub_standards_subscription'],
    actions: [
      'securityhub:EnableSecurityHub',
      'securityhub:DisableSecurityHub',
      'securityhub:DescribeHub',
      'securityhub:UpdateSecurityHubConfiguration',
      'securityhub:GetEnabledStandards',
      'securityhub:DescribeStandards',
      'securityhub:BatchEnableStandards',
      'securityhub:BatchDisableStandards',
      'securityhub:CreateActionTarget',
      'securityhub:DescribeActionTargets',
      'securityhub:UpdateActionTarget',
      'securityhub:DeleteActionTarget',
      'securityhub:TagResource',
      'securityhub:UntagResource',
      'securityhub:ListTagsForResource',
    ],
    resources: regional('securityhub', () => 'hub/default'),
    source: SOURCES.securityhub,
  },
  {
    sid: 'SecurityHubControlsAndAggregators',
    serves: ['aws_securityhub_standards_control_association', 'aws_securityhub_finding_aggregator'],
    actions: [
      'securityhub:BatchGetStandardsControlAssociations',
      'securityhub:BatchUpdateStandardsControlAssociations',
      'securityhub:ListStandardsControlAssociations',
      'securityhub:CreateFindingAggregator',
      'securityhub:ListFindingAggregators',
    ],
    resources: ANY_RESOURCE,
    source: SOURCES.securityhub,
  },
  {
    sid: 'SecurityHubAccountFindingAggregators',
    serves: ['aws_securityhub_finding_aggregator'],
    actions: ['securityhub:GetFindingAggregator', 'securityhub:UpdateFindingAggregator', 'securityhub:DeleteFindingAggregator'],
    resources: byAssignedId('securityhub', 'finding-aggregator/'),
    source: SOURCES.securityhub,
  },
  {
    sid: 'SecurityHubDesignateAdministrator',
    serves: ['aws_securityhub_organization_admin_account'],
    accounts: ['management'],
    actions: [
      'securityhub:EnableOrganizationAdminAccount',
      'securityhub:DisableOrganizationAdminAccount',
      'securityhub:ListOrganizationAdminAccounts',
    ],
    resources: regional('securityhub', () => 'hub/default'),
    source: SOURCES.securityhub,
  },
  {
    sid: 'SecurityHubCentralConfiguration',
    serves: [
      'aws_securityhub_organization_configuration',
      'aws_securityhub_configuration_policy',
      'aws_securityhub_configuration_policy_association',
    ],
    accounts: ['delegated-administrator'],
    actions: [
      'securityhub:UpdateOrganizationConfiguration',
      'securityhub:DescribeOrganizationConfiguration',
      'securityhub:StartConfigurationPolicyAssociation',
      'securityhub:StartConfigurationPolicyDisassociation',
      'securityhub:GetConfigurationPolicy',
      'securityhub:UpdateConfigurationPolicy',
      'securityhub:DeleteConfigurationPolicy',
    ],
    resources: regional(
      'securityhub',
      () => 'hub/default',
      () => 'configuration-policy/*',
    ),
    source: SOURCES.securityhub,
  },
  {
    sid: 'SecurityHubCreateConfigurationPolicies',
    serves: ['aws_securityhub_configuration_policy', 'aws_securityhub_configuration_policy_association'],
    accounts: ['delegated-administrator'],
    actions: [
      'securityhub:CreateConfigurationPolicy',
      'securityhub:ListConfigurationPolicies',
      'securityhub:GetConfigurationPolicyAssociation',
      'securityhub:BatchGetConfigurationPolicyAssociations',
      'securityhub:ListSecurityControlDefinitions',
    ],
    resources: ANY_RESOURCE,
    source: SOURCES.securityhub,
  },

  // IAM Access Analyzer.
  {
    sid: 'AccessAnalyzerBaselineAnalyzers',
    serves: ['aws_accessanalyzer_analyzer'],
    actions: [
      'access-analyzer:CreateAnalyzer',
      'access-analyzer:GetAnalyzer',
      'access-analyzer:DeleteAnalyzer',
      'access-analyzer:TagResource',
      'access-analyzer:UntagResource',
      'access-analyzer:ListTagsForResource',
    ],
    resources: regional('access-analyzer', (n) => `analyzer/${n.named}`),
    source: SOURCES.accessAnalyzer,
  },
  {
    sid: 'AccessAnalyzerList',
    serves: ['aws_accessanalyzer_analyzer'],
    actions: ['access-analyzer:ListAnalyzers'],
    resources: ANY_RESOURCE,
    source: SOURCES.accessAnalyzer,
  },

  // AWS Organizations (organization mode): reads, and the security account's delegations.
  {
    sid: 'OrganizationsRead',
    serves: [
      'data.aws_organizations_organization',
      'aws_cloudtrail',
      'aws_organizations_delegated_administrator',
      'aws_guardduty_organization_admin_account',
      'aws_securityhub_organization_admin_account',
      'aws_config_configuration_aggregator',
      'aws_accessanalyzer_analyzer',
      'aws_guardduty_organization_configuration',
      'aws_securityhub_organization_configuration',
      'aws_securityhub_configuration_policy_association',
    ],
    accounts: ['management', 'delegated-administrator'],
    actions: [
      'organizations:DescribeOrganization',
      'organizations:ListAccounts',
      'organizations:ListRoots',
      'organizations:ListAWSServiceAccessForOrganization',
      'organizations:ListDelegatedAdministrators',
    ],
    resources: ANY_RESOURCE,
    source: SOURCES.organizations,
  },
  {
    sid: 'OrganizationsTrustedAccessForDesignations',
    serves: ['aws_guardduty_organization_admin_account', 'aws_securityhub_organization_admin_account'],
    accounts: ['management'],
    actions: ['organizations:EnableAWSServiceAccess'],
    resources: ANY_RESOURCE,
    conditions: ({ organization }) => ({ StringEquals: { 'organizations:ServicePrincipal': organization?.designationPrincipals ?? [] } }),
    source: SOURCES.organizations,
  },
  {
    sid: 'OrganizationsDelegateToTheSecurityAccount',
    serves: [
      'aws_organizations_delegated_administrator',
      'aws_guardduty_organization_admin_account',
      'aws_securityhub_organization_admin_account',
    ],
    accounts: ['management'],
    actions: ['organizations:RegisterDelegatedAdministrator', 'organizations:DeregisterDelegatedAdministrator'],
    resources: securityAccountInOrganization,
    conditions: ({ organization }) => ({
      StringEquals: { 'organizations:ServicePrincipal': organization?.delegatedServicePrincipals ?? [] },
    }),
    source: SOURCES.organizations,
  },
  {
    sid: 'OrganizationsReadTheSecurityAccount',
    serves: ['aws_organizations_delegated_administrator', 'aws_guardduty_organization_admin_account'],
    accounts: ['management'],
    actions: ['organizations:DescribeAccount', 'organizations:ListDelegatedServicesForAccount'],
    resources: securityAccountInOrganization,
    source: SOURCES.organizations,
  },
  {
    sid: 'OrganizationsManageTheOrganization',
    serves: ['aws_organizations_organization'],
    accounts: ['organization-manager'],
    actions: ['organizations:EnableAWSServiceAccess', 'organizations:DisableAWSServiceAccess'],
    resources: ANY_RESOURCE,
    conditions: ({ organization }) => ({
      StringEquals: { 'organizations:ServicePrincipal': organization?.managedTrustedAccessPrincipals ?? [] },
    }),
    source: SOURCES.organizations,
  },
  {
    sid: 'OrganizationsPolicyTypesOfTheRoot',
    serves: ['aws_organizations_organization'],
    accounts: ['organization-manager'],
    actions: ['organizations:EnablePolicyType', 'organizations:DisablePolicyType'],
    resources: ({ organization }) =>
      organization
        ? [`arn:${PARTITION}:organizations::${organization.managementAccountId}:root/${organization.id}/${organization.rootId ?? 'r-*'}`]
        : [],
    source: SOURCES.organizations,
  },

  // SNS, SQS, Lambda, DynamoDB: the alerting and remediation plumbing, all `<prefix>-…`.
  {
    sid: 'SnsBaselineTopics',
    serves: ['aws_sns_topic', 'aws_sns_topic_policy', 'aws_sns_topic_subscription'],
    actions: [
      'sns:CreateTopic',
      'sns:DeleteTopic',
      'sns:GetTopicAttributes',
      'sns:SetTopicAttributes',
      'sns:TagResource',
      'sns:UntagResource',
      'sns:ListTagsForResource',
      'sns:Subscribe',
      'sns:Unsubscribe',
      'sns:GetSubscriptionAttributes',
      'sns:SetSubscriptionAttributes',
      'sns:ListSubscriptionsByTopic',
    ],
    // A subscription's ARN is its topic's followed by `:<id>`.
    resources: regional('sns', (n) => n.named),
    source: SOURCES.sns,
  },
  {
    sid: 'SqsBaselineQueues',
    serves: ['aws_sqs_queue'],
    actions: [
      'sqs:CreateQueue',
      'sqs:DeleteQueue',
      'sqs:GetQueueUrl',
      'sqs:GetQueueAttributes',
      'sqs:SetQueueAttributes',
      'sqs:TagQueue',
      'sqs:UntagQueue',
      'sqs:ListQueueTags',
    ],
    resources: regional('sqs', (n) => n.named),
    source: SOURCES.sqs,
  },
  {
    sid: 'LambdaBaselineFunctions',
    serves: ['aws_lambda_function', 'aws_lambda_function_event_invoke_config', 'aws_lambda_permission'],
    actions: [
      'lambda:CreateFunction',
      'lambda:GetFunction',
      'lambda:GetFunctionConfiguration',
      'lambda:GetFunctionCodeSigningConfig',
      'lambda:ListVersionsByFunction',
      'lambda:UpdateFunctionCode',
      'lambda:UpdateFunctionConfiguration',
      'lambda:DeleteFunction',
      'lambda:TagResource',
      'lambda:UntagResource',
      'lambda:ListTags',
      'lambda:PutFunctionEventInvokeConfig',
      'lambda:GetFunctionEventInvokeConfig',
      'lambda:UpdateFunctionEventInvokeConfig',
      'lambda:DeleteFunctionEventInvokeConfig',
      'lambda:AddPermission',
      'lambda:RemovePermission',
      'lambda:GetPolicy',
    ],
    resources: regional('lambda', (n) => `function:${n.named}`),
    source: SOURCES.lambda,
  },
  {
    sid: 'DynamoDbBaselineTables',
    serves: ['aws_dynamodb_table'],
    actions: [
      'dynamodb:CreateTable',
      'dynamodb:DescribeTable',
      'dynamodb:UpdateTable',
      'dynamodb:DeleteTable',
      'dynamodb:DescribeContinuousBackups',
      'dynamodb:UpdateContinuousBackups',
      'dynamodb:DescribeTimeToLive',
      'dynamodb:UpdateTimeToLive',
      'dynamodb:TagResource',
      'dynamodb:UntagResource',
      'dynamodb:ListTagsOfResource',
    ],
    resources: regional('dynamodb', (n) => `table/${n.named}`),
    source: SOURCES.dynamodb,
  },

  // Systems Manager documents (the baseline's own runbooks), account settings, Chatbot.
  {
    sid: 'SsmBaselineDocuments',
    serves: ['aws_ssm_document'],
    actions: [
      'ssm:CreateDocument',
      'ssm:DescribeDocument',
      'ssm:GetDocument',
      'ssm:UpdateDocument',
      'ssm:UpdateDocumentDefaultVersion',
      'ssm:DeleteDocument',
      'ssm:DescribeDocumentPermission',
      'ssm:AddTagsToResource',
      'ssm:RemoveTagsFromResource',
      'ssm:ListTagsForResource',
    ],
    resources: regional('ssm', (n) => `document/${n.named}`),
    source: SOURCES.ssm,
  },
  {
    sid: 'Ec2EbsEncryptionDefaults',
    serves: ['aws_ebs_encryption_by_default', 'aws_ebs_default_kms_key'],
    actions: [
      'ec2:GetEbsEncryptionByDefault',
      'ec2:EnableEbsEncryptionByDefault',
      'ec2:DisableEbsEncryptionByDefault',
      'ec2:GetEbsDefaultKmsKeyId',
      'ec2:ModifyEbsDefaultKmsKeyId',
      'ec2:ResetEbsDefaultKmsKeyId',
    ],
    resources: ANY_RESOURCE,
    source: SOURCES.ec2,
  },
  {
    sid: 'AccountAlternateContacts',
    serves: ['aws_account_alternate_contact'],
    actions: ['account:GetAlternateContact', 'account:PutAlternateContact', 'account:DeleteAlternateContact'],
    resources: ({ accountId }) => [`arn:${PARTITION}:account::${accountId}:account`],
    source: SOURCES.account,
  },
  {
    sid: 'ChatbotCreateAndDescribe',
    serves: ['aws_chatbot_slack_channel_configuration'],
    actions: ['chatbot:CreateSlackChannelConfiguration', 'chatbot:DescribeSlackChannelConfigurations', 'chatbot:ListTagsForResource'],
    resources: ANY_RESOURCE,
    source: SOURCES.chatbot,
  },
  {
    sid: 'ChatbotBaselineConfigurations',
    serves: ['aws_chatbot_slack_channel_configuration'],
    actions: [
      'chatbot:UpdateSlackChannelConfiguration',
      'chatbot:DeleteSlackChannelConfiguration',
      'chatbot:TagResource',
      'chatbot:UntagResource',
    ],
    resources: ({ accountId, names }) => [`arn:${PARTITION}:chatbot::${accountId}:chat-configuration/slack-channel/${names.named}`],
    source: SOURCES.chatbot,
  },
];

/** The security account as Organizations names it: `arn:aws:organizations::<management>:account/<org>/<id>`. */
function securityAccountInOrganization({ organization }: DeploymentScope): readonly string[] {
  if (!organization) return [];
  return [
    `arn:${PARTITION}:organizations::${organization.managementAccountId}:account/${organization.id}/${organization.delegatedAdministratorId}`,
  ];
}
