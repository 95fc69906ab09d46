/**
 * CIS AWS Foundations Benchmark v3.0.0 section 4 monitoring: one metric filter (or more, see
 * below) and one alarm per control, on the trail's CloudWatch Logs group.
 *
 * Two judges check these filters: AWS Security Hub CSPM's CloudWatch.1–14 controls compare a
 * filter with AWS's published pattern strictly, and Prowler's `cloudwatch_*` checks match it with
 * regular expressions. Every default filter is Security Hub's published pattern verbatim where
 * Security Hub has a control; the tests run both judges over every filter. Where one pattern
 * cannot stand for every reading of a control, there is one filter per reading, each with its
 * own alarm:
 * - 4.13: Security Hub groups the alternatives in parentheses after the EC2 event source; the
 *   CIS benchmark text does not (so, by operator precedence, its event source binds only to the
 *   first alternative). Tools that compare with the CIS text need that text.
 * - 4.15: Security Hub has no control; the CIS text lists 18 Organizations calls, Prowler asks
 *   for 21 (also CancelHandshake, CreateOrganization, EnableAllFeatures), and releases before
 *   5.30 in one fixed order.
 * Optional filters (off by default, clearly named) trade judge compatibility for less noise.
 */

export interface CisFilterSpec {
  /** Key in `cisMonitoring.filters`; also names the metric and alarm. */
  readonly id: string;
  readonly pattern: string;
  readonly metricName: string;
  /**
   * The Prowler check this filter satisfies (as Prowler writes it now and before 5.30; the tests run
   * both), for the compliance report. @default none (Prowler does not accept this filter)
   */
  readonly prowlerCheck?: string;
  /** Off unless switched on: a variant that the judges do not look for. @default false */
  readonly optional?: boolean;
  /** Why this filter exists next to the control's others. @default none (the control's only default filter) */
  readonly why?: string;
}

export interface CisControlSpec {
  /** CIS AWS Foundations Benchmark v3.0.0 recommendation, or a baseline extra. */
  readonly control: string;
  readonly title: string;
  /** The Security Hub CSPM control that checks it. @default none */
  readonly securityHubControl?: string;
  readonly filters: readonly CisFilterSpec[];
  /** Alarm when this many matches happen within the period. @default 1 */
  readonly defaultThreshold?: number;
}

export const CIS_METRIC_NAMESPACE = 'SecurityBaseline/CIS';
export const DEFAULT_ALARM_PERIOD_SECONDS = 300;

const eventNames = (names: readonly string[]) => names.map((name) => `($.eventName=${name})`).join(' || ');

const ROUTE_TABLE_CALLS = [
  'CreateRoute',
  'CreateRouteTable',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'DeleteRouteTable',
  'DeleteRoute',
  'DisassociateRouteTable',
];
const CIS_ORGANIZATIONS_CALLS = [
  'AcceptHandshake',
  'AttachPolicy',
  'CreateAccount',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'DetachPolicy',
  'DisablePolicyType',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdatePolicy',
  'UpdateOrganizationalUnit',
];
/**
 * CIS's 18 calls plus CancelHandshake, CreateOrganization and EnableAllFeatures, in the order
 * Prowler 3.2.1–5.29.3 require: their regex lists the names in this fixed order (not the CIS
 * order, not alphabetical), so a filter that appends the extras at the end fails there.
 */
const PROWLER_ORGANIZATIONS_CALLS = [
  'AcceptHandshake',
  'AttachPolicy',
  'CancelHandshake',
  'CreateAccount',
  'CreateOrganization',
  'CreateOrganizationalUnit',
  'CreatePolicy',
  'DeclineHandshake',
  'DeleteOrganization',
  'DeleteOrganizationalUnit',
  'DeletePolicy',
  'EnableAllFeatures',
  'EnablePolicyType',
  'InviteAccountToOrganization',
  'LeaveOrganization',
  'DetachPolicy',
  'DisablePolicyType',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'UpdateOrganizationalUnit',
  'UpdatePolicy',
];

export const CIS_CONTROLS = [
  {
    control: '4.1',
    title: 'Unauthorized API calls',
    securityHubControl: 'CloudWatch.2',
    filters: [
      {
        id: '4.1',
        prowlerCheck: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
        metricName: 'UnauthorizedAPICalls',
        pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
      },
      {
        id: '4.1-excluding-config-decrypt',
        prowlerCheck: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
        metricName: 'UnauthorizedAPICallsExcludingConfigDecrypt',
        optional: true,
        why: "Leaves out AWS Config's harmless Decrypt denials, the largest source of noise for 4.1",
        pattern:
          '{($.errorCode = "*UnauthorizedOperation" || $.errorCode = "AccessDenied*") && ($.eventName != "Decrypt" || $.userIdentity.invokedBy != "config.amazonaws.com" )}',
      },
    ],
  },
  {
    control: '4.2',
    title: 'Management console sign-in without MFA',
    securityHubControl: 'CloudWatch.3',
    filters: [
      {
        id: '4.2',
        prowlerCheck: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
        metricName: 'ConsoleSignInWithoutMfa',
        pattern:
          '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
      },
      {
        id: '4.2-excluding-sso',
        prowlerCheck: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
        metricName: 'ConsoleSignInWithoutMfaExcludingSso',
        optional: true,
        why: 'Counts every console sign-in without MFA except federated and IAM Identity Center ones, whose MFA happens at the identity provider',
        pattern:
          '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type != "AssumedRole") && ($.additionalEventData.SamlProviderArn NOT EXISTS) }',
      },
    ],
  },
  {
    control: '4.3',
    title: 'Usage of the root user',
    securityHubControl: 'CloudWatch.1',
    filters: [
      {
        id: '4.3',
        prowlerCheck: 'cloudwatch_log_metric_filter_root_usage',
        metricName: 'RootUserUsage',
        pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
      },
    ],
  },
  {
    control: '4.4',
    title: 'IAM policy changes',
    securityHubControl: 'CloudWatch.4',
    filters: [
      {
        id: '4.4',
        prowlerCheck: 'cloudwatch_log_metric_filter_policy_changes',
        metricName: 'IamPolicyChanges',
        pattern: `{($.eventSource=iam.amazonaws.com) && (${eventNames([
          'DeleteGroupPolicy',
          'DeleteRolePolicy',
          'DeleteUserPolicy',
          'PutGroupPolicy',
          'PutRolePolicy',
          'PutUserPolicy',
          'CreatePolicy',
          'DeletePolicy',
          'CreatePolicyVersion',
          'DeletePolicyVersion',
          'AttachRolePolicy',
          'DetachRolePolicy',
          'AttachUserPolicy',
          'DetachUserPolicy',
          'AttachGroupPolicy',
          'DetachGroupPolicy',
        ])})}`,
      },
    ],
  },
  {
    control: '4.5',
    title: 'CloudTrail configuration changes',
    securityHubControl: 'CloudWatch.5',
    filters: [
      {
        id: '4.5',
        prowlerCheck: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
        metricName: 'CloudTrailConfigurationChanges',
        pattern: `{${eventNames(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'])}}`,
      },
    ],
  },
  {
    control: '4.6',
    title: 'Console authentication failures',
    securityHubControl: 'CloudWatch.6',
    filters: [
      {
        id: '4.6',
        prowlerCheck: 'cloudwatch_log_metric_filter_authentication_failures',
        metricName: 'ConsoleAuthenticationFailures',
        pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
      },
    ],
  },
  {
    control: '4.7',
    title: 'Disabling or scheduled deletion of customer-managed KMS keys',
    securityHubControl: 'CloudWatch.7',
    filters: [
      {
        id: '4.7',
        prowlerCheck: 'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
        metricName: 'KmsKeyDisabledOrScheduledForDeletion',
        pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
      },
    ],
  },
  {
    control: '4.8',
    title: 'S3 bucket policy changes',
    securityHubControl: 'CloudWatch.8',
    filters: [
      {
        id: '4.8',
        prowlerCheck: 'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes',
        metricName: 'S3BucketPolicyChanges',
        pattern: `{($.eventSource=s3.amazonaws.com) && (${eventNames([
          'PutBucketAcl',
          'PutBucketPolicy',
          'PutBucketCors',
          'PutBucketLifecycle',
          'PutBucketReplication',
          'DeleteBucketPolicy',
          'DeleteBucketCors',
          'DeleteBucketLifecycle',
          'DeleteBucketReplication',
        ])})}`,
      },
    ],
  },
  {
    control: '4.9',
    title: 'AWS Config configuration changes',
    securityHubControl: 'CloudWatch.9',
    filters: [
      {
        id: '4.9',
        prowlerCheck: 'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
        metricName: 'ConfigConfigurationChanges',
        pattern: `{($.eventSource=config.amazonaws.com) && (${eventNames(['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'])})}`,
      },
    ],
  },
  {
    control: '4.10',
    title: 'Security group changes',
    securityHubControl: 'CloudWatch.10',
    filters: [
      {
        id: '4.10',
        prowlerCheck: 'cloudwatch_log_metric_filter_security_group_changes',
        metricName: 'SecurityGroupChanges',
        pattern: `{${eventNames(['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'CreateSecurityGroup', 'DeleteSecurityGroup'])}}`,
      },
    ],
  },
  {
    control: '4.11',
    title: 'Network ACL changes',
    securityHubControl: 'CloudWatch.11',
    filters: [
      {
        id: '4.11',
        prowlerCheck: 'cloudwatch_changes_to_network_acls_alarm_configured',
        metricName: 'NetworkAclChanges',
        pattern: `{${eventNames(['CreateNetworkAcl', 'CreateNetworkAclEntry', 'DeleteNetworkAcl', 'DeleteNetworkAclEntry', 'ReplaceNetworkAclEntry', 'ReplaceNetworkAclAssociation'])}}`,
      },
    ],
  },
  {
    control: '4.12',
    title: 'Network gateway changes',
    securityHubControl: 'CloudWatch.12',
    filters: [
      {
        id: '4.12',
        prowlerCheck: 'cloudwatch_changes_to_network_gateways_alarm_configured',
        metricName: 'NetworkGatewayChanges',
        pattern: `{${eventNames(['CreateCustomerGateway', 'DeleteCustomerGateway', 'AttachInternetGateway', 'CreateInternetGateway', 'DeleteInternetGateway', 'DetachInternetGateway'])}}`,
      },
    ],
  },
  {
    control: '4.13',
    title: 'Route table changes',
    securityHubControl: 'CloudWatch.13',
    filters: [
      {
        id: '4.13',
        prowlerCheck: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
        metricName: 'RouteTableChanges',
        pattern: `{($.eventSource=ec2.amazonaws.com) && (${eventNames(ROUTE_TABLE_CALLS)})}`,
      },
      {
        id: '4.13-cis-text',
        prowlerCheck: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
        metricName: 'RouteTableChangesCisText',
        why: "The CIS benchmark's own text, for tools that compare with it: without Security Hub's parentheses, so it differs from CloudWatch.13",
        pattern: `{($.eventSource = ec2.amazonaws.com) && ${ROUTE_TABLE_CALLS.map((name) => `($.eventName = ${name})`).join(' || ')}}`,
      },
    ],
  },
  {
    control: '4.14',
    title: 'VPC changes',
    securityHubControl: 'CloudWatch.14',
    filters: [
      {
        id: '4.14',
        prowlerCheck: 'cloudwatch_changes_to_vpcs_alarm_configured',
        metricName: 'VpcChanges',
        pattern: `{${eventNames([
          'CreateVpc',
          'DeleteVpc',
          'ModifyVpcAttribute',
          'AcceptVpcPeeringConnection',
          'CreateVpcPeeringConnection',
          'DeleteVpcPeeringConnection',
          'RejectVpcPeeringConnection',
          'AttachClassicLinkVpc',
          'DetachClassicLinkVpc',
          'DisableVpcClassicLink',
          'EnableVpcClassicLink',
        ])}}`,
      },
    ],
  },
  {
    control: '4.15',
    title: 'AWS Organizations changes',
    filters: [
      {
        id: '4.15',
        metricName: 'OrganizationsChanges',
        pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${CIS_ORGANIZATIONS_CALLS.map((name) => `($.eventName = "${name}")`).join(' || ')}) }`,
      },
      {
        id: '4.15-prowler',
        prowlerCheck: 'cloudwatch_log_metric_filter_aws_organizations_changes',
        metricName: 'OrganizationsChangesProwler',
        why: "Prowler's check also requires CancelHandshake, CreateOrganization and EnableAllFeatures, which the CIS text does not list, in its own fixed order",
        pattern: `{ ($.eventSource = organizations.amazonaws.com) && (${PROWLER_ORGANIZATIONS_CALLS.map((name) => `($.eventName = "${name}")`).join(' || ')}) }`,
      },
    ],
  },
  {
    control: 'new-access-key',
    title: 'Creation of an IAM access key (baseline extra)',
    filters: [{ id: 'new-access-key', metricName: 'NewAccessKeyCreated', pattern: '{($.eventName=CreateAccessKey)}' }],
  },
] as const satisfies readonly CisControlSpec[];

/** Every filter of the table with the control it belongs to. */
export const CIS_FILTERS: readonly (CisFilterSpec & { readonly control: CisControlSpec })[] = (
  CIS_CONTROLS as readonly CisControlSpec[]
).flatMap((control) => control.filters.map((filter) => ({ ...filter, control })));
export const CIS_FILTER_IDS = CIS_FILTERS.map((filter) => filter.id);
