/**
 * The two judges users run against CIS monitoring filters, reimplemented for tests.
 *
 * Security Hub CSPM (CloudWatch.1–14): the published filter pattern must be used exactly. The
 * patterns below are transcribed by hand from the Security Hub user guide's remediation steps,
 * deliberately not generated from the catalog, so a catalog typo fails the test.
 *
 * Prowler (`cloudwatch_*` checks, prowler-cloud/prowler commit 0702f9d4): a regular expression
 * per check, searched in the filter's pattern (re.DOTALL). Most checks build it with
 * `build_metric_filter_pattern` (order-independent look-aheads, exact event names); two use a
 * literal regex. Both are ported here.
 *
 * Prowler releases 3.2.1 to 5.29.3 (before commit e085e142, #11345, first in 5.30.0) used one
 * literal regex per check that lists the event names in a fixed order joined by `.+`: a filter
 * with the right names in another order fails there. Those regexes are ported verbatim in
 * PROWLER_BEFORE_5_30_CHECKS (applied the same way: re.search with re.DOTALL on the raw pattern).
 */

export const SECURITY_HUB_PATTERNS: Readonly<Record<string, string>> = {
  'CloudWatch.1': '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
  'CloudWatch.2': '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
  'CloudWatch.3':
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
  'CloudWatch.4':
    '{($.eventSource=iam.amazonaws.com) && (($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy))}',
  'CloudWatch.5':
    '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
  'CloudWatch.6': '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
  'CloudWatch.7': '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
  'CloudWatch.8':
    '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
  'CloudWatch.9':
    '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
  'CloudWatch.10':
    '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
  'CloudWatch.11':
    '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
  'CloudWatch.12':
    '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
  'CloudWatch.13':
    '{($.eventSource=ec2.amazonaws.com) && (($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable))}',
  'CloudWatch.14':
    '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
};

/** Security Hub accepts a filter only with exactly the published pattern. */
export function securityHubAccepts(control: string, pattern: string): boolean {
  return SECURITY_HUB_PATTERNS[control] === pattern;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Port of Prowler's build_metric_filter_pattern. */
function buildMetricFilterPattern(options: {
  eventNames?: readonly string[];
  eventSource?: string;
  extraClauses?: readonly [string, '=' | '!=', string][];
}): RegExp {
  const parts: string[] = [];
  if (options.eventSource) parts.push(`(?=.*\\$\\.eventSource\\s*=\\s*.?${escape(options.eventSource)})`);
  for (const name of options.eventNames ?? []) parts.push(`(?=.*\\$\\.eventName\\s*=\\s*.?${escape(name)}\\b)`);
  for (const [field, operator, value] of options.extraClauses ?? []) {
    const op = operator === '!=' ? '\\s*!=\\s*' : '\\s*=\\s*';
    parts.push(`(?=.*\\$\\.${escape(field)}${op}.?${escape(value)})`);
  }
  return new RegExp(parts.join(''), 's');
}

/** Each Prowler check, with the CIS v3.0 control it covers. */
export const PROWLER_CHECKS: readonly { readonly check: string; readonly control: string; readonly regex: RegExp }[] = [
  {
    check: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
    control: '4.1',
    regex: /\$\.errorCode\s*=\s*.?\*UnauthorizedOperation.+\$\.errorCode\s*=\s*.?AccessDenied\*.?/s,
  },
  {
    check: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
    control: '4.2',
    regex: buildMetricFilterPattern({ eventNames: ['ConsoleLogin'], extraClauses: [['additionalEventData.MFAUsed', '!=', 'Yes']] }),
  },
  {
    check: 'cloudwatch_log_metric_filter_root_usage',
    control: '4.3',
    regex: /\$\.userIdentity\.type\s*=\s*.?Root.+\$\.userIdentity\.invokedBy NOT EXISTS.+\$\.eventType\s*!=\s*.?AwsServiceEvent.?/s,
  },
  {
    check: 'cloudwatch_log_metric_filter_policy_changes',
    control: '4.4',
    regex: buildMetricFilterPattern({
      eventNames: [
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
      ],
    }),
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    control: '4.5',
    regex: buildMetricFilterPattern({ eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'] }),
  },
  {
    check: 'cloudwatch_log_metric_filter_authentication_failures',
    control: '4.6',
    regex: buildMetricFilterPattern({ eventNames: ['ConsoleLogin'], extraClauses: [['errorMessage', '=', 'Failed authentication']] }),
  },
  {
    check: 'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
    control: '4.7',
    regex: buildMetricFilterPattern({ eventSource: 'kms.amazonaws.com', eventNames: ['DisableKey', 'ScheduleKeyDeletion'] }),
  },
  {
    check: 'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes',
    control: '4.8',
    regex: buildMetricFilterPattern({
      eventSource: 's3.amazonaws.com',
      eventNames: [
        'PutBucketAcl',
        'PutBucketPolicy',
        'PutBucketCors',
        'PutBucketLifecycle',
        'PutBucketReplication',
        'DeleteBucketPolicy',
        'DeleteBucketCors',
        'DeleteBucketLifecycle',
        'DeleteBucketReplication',
      ],
    }),
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
    control: '4.9',
    regex: buildMetricFilterPattern({
      eventSource: 'config.amazonaws.com',
      eventNames: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
    }),
  },
  {
    check: 'cloudwatch_log_metric_filter_security_group_changes',
    control: '4.10',
    regex: buildMetricFilterPattern({
      eventNames: [
        'AuthorizeSecurityGroupIngress',
        'AuthorizeSecurityGroupEgress',
        'RevokeSecurityGroupIngress',
        'RevokeSecurityGroupEgress',
        'CreateSecurityGroup',
        'DeleteSecurityGroup',
      ],
    }),
  },
  {
    check: 'cloudwatch_changes_to_network_acls_alarm_configured',
    control: '4.11',
    regex: buildMetricFilterPattern({
      eventNames: [
        'CreateNetworkAcl',
        'CreateNetworkAclEntry',
        'DeleteNetworkAcl',
        'DeleteNetworkAclEntry',
        'ReplaceNetworkAclEntry',
        'ReplaceNetworkAclAssociation',
      ],
    }),
  },
  {
    check: 'cloudwatch_changes_to_network_gateways_alarm_configured',
    control: '4.12',
    regex: buildMetricFilterPattern({
      eventNames: [
        'CreateCustomerGateway',
        'DeleteCustomerGateway',
        'AttachInternetGateway',
        'CreateInternetGateway',
        'DeleteInternetGateway',
        'DetachInternetGateway',
      ],
    }),
  },
  {
    check: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
    control: '4.13',
    regex: buildMetricFilterPattern({
      eventSource: 'ec2.amazonaws.com',
      eventNames: [
        'CreateRoute',
        'CreateRouteTable',
        'ReplaceRoute',
        'ReplaceRouteTableAssociation',
        'DeleteRouteTable',
        'DeleteRoute',
        'DisassociateRouteTable',
      ],
    }),
  },
  {
    check: 'cloudwatch_changes_to_vpcs_alarm_configured',
    control: '4.14',
    regex: buildMetricFilterPattern({
      eventNames: [
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
      ],
    }),
  },
  {
    check: 'cloudwatch_log_metric_filter_aws_organizations_changes',
    control: '4.15',
    regex: buildMetricFilterPattern({
      eventSource: 'organizations.amazonaws.com',
      eventNames: [
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
      ],
    }),
  },
];

/** Prowler 3.2.1–5.29.3: `\$\.eventName\s*=\s*.?<name>` for each name, in this order, joined by `.+`. */
function orderedEventNames(names: readonly string[], eventSource?: string): RegExp {
  const parts = [
    ...(eventSource ? [`\\$\\.eventSource\\s*=\\s*.?${eventSource}`] : []),
    ...names.map((name) => `\\$\\.eventName\\s*=\\s*.?${name}`),
  ];
  return new RegExp(`${parts.join('.+')}.?`, 's');
}

/**
 * The checks as Prowler 3.2.1–5.29.3 (tag 5.29.3, commit 19a1ac27) wrote them. Event sources are
 * copied unescaped where Prowler left the dots unescaped (`kms.amazonaws.com`), escaped where it
 * escaped them (`organizations\.amazonaws\.com`).
 */
export const PROWLER_BEFORE_5_30_CHECKS: readonly { readonly check: string; readonly control: string; readonly regex: RegExp }[] = [
  {
    check: 'cloudwatch_log_metric_filter_unauthorized_api_calls',
    control: '4.1',
    regex: /\$\.errorCode\s*=\s*.?\*UnauthorizedOperation.+\$\.errorCode\s*=\s*.?AccessDenied\*.?/s,
  },
  {
    check: 'cloudwatch_log_metric_filter_sign_in_without_mfa',
    control: '4.2',
    regex: /\$\.eventName\s*=\s*.?ConsoleLogin.+\$\.additionalEventData\.MFAUsed\s*!=\s*.?Yes.?/s,
  },
  {
    check: 'cloudwatch_log_metric_filter_root_usage',
    control: '4.3',
    regex: /\$\.userIdentity\.type\s*=\s*.?Root.+\$\.userIdentity\.invokedBy NOT EXISTS.+\$\.eventType\s*!=\s*.?AwsServiceEvent.?/s,
  },
  {
    check: 'cloudwatch_log_metric_filter_policy_changes',
    control: '4.4',
    regex: orderedEventNames([
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
    ]),
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_cloudtrail_configuration_changes_enabled',
    control: '4.5',
    regex: orderedEventNames(['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging']),
  },
  {
    check: 'cloudwatch_log_metric_filter_authentication_failures',
    control: '4.6',
    regex: /\$\.eventName\s*=\s*.?ConsoleLogin.+\$\.errorMessage\s*=\s*.?Failed authentication.?/s,
  },
  {
    check: 'cloudwatch_log_metric_filter_disable_or_scheduled_deletion_of_kms_cmk',
    control: '4.7',
    regex: orderedEventNames(['DisableKey', 'ScheduleKeyDeletion'], 'kms.amazonaws.com'),
  },
  {
    check: 'cloudwatch_log_metric_filter_for_s3_bucket_policy_changes',
    control: '4.8',
    regex: orderedEventNames(
      [
        'PutBucketAcl',
        'PutBucketPolicy',
        'PutBucketCors',
        'PutBucketLifecycle',
        'PutBucketReplication',
        'DeleteBucketPolicy',
        'DeleteBucketCors',
        'DeleteBucketLifecycle',
        'DeleteBucketReplication',
      ],
      's3.amazonaws.com',
    ),
  },
  {
    check: 'cloudwatch_log_metric_filter_and_alarm_for_aws_config_configuration_changes_enabled',
    control: '4.9',
    regex: orderedEventNames(
      ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
      'config.amazonaws.com',
    ),
  },
  {
    check: 'cloudwatch_log_metric_filter_security_group_changes',
    control: '4.10',
    regex: orderedEventNames([
      'AuthorizeSecurityGroupIngress',
      'AuthorizeSecurityGroupEgress',
      'RevokeSecurityGroupIngress',
      'RevokeSecurityGroupEgress',
      'CreateSecurityGroup',
      'DeleteSecurityGroup',
    ]),
  },
  {
    check: 'cloudwatch_changes_to_network_acls_alarm_configured',
    control: '4.11',
    regex: orderedEventNames([
      'CreateNetworkAcl',
      'CreateNetworkAclEntry',
      'DeleteNetworkAcl',
      'DeleteNetworkAclEntry',
      'ReplaceNetworkAclEntry',
      'ReplaceNetworkAclAssociation',
    ]),
  },
  {
    check: 'cloudwatch_changes_to_network_gateways_alarm_configured',
    control: '4.12',
    regex: orderedEventNames([
      'CreateCustomerGateway',
      'DeleteCustomerGateway',
      'AttachInternetGateway',
      'CreateInternetGateway',
      'DeleteInternetGateway',
      'DetachInternetGateway',
    ]),
  },
  {
    check: 'cloudwatch_changes_to_network_route_tables_alarm_configured',
    control: '4.13',
    regex: orderedEventNames(
      [
        'CreateRoute',
        'CreateRouteTable',
        'ReplaceRoute',
        'ReplaceRouteTableAssociation',
        'DeleteRouteTable',
        'DeleteRoute',
        'DisassociateRouteTable',
      ],
      'ec2.amazonaws.com',
    ),
  },
  {
    check: 'cloudwatch_changes_to_vpcs_alarm_configured',
    control: '4.14',
    regex: orderedEventNames([
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
    ]),
  },
  {
    check: 'cloudwatch_log_metric_filter_aws_organizations_changes',
    control: '4.15',
    regex: orderedEventNames(
      [
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
      ],
      'organizations\\.amazonaws\\.com',
    ),
  },
];
