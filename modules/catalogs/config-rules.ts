/**
 * AWS Config managed rules the baseline deploys, mapped to the CIS AWS Foundations Benchmark
 * v3.0.0 recommendation and the Security Hub control that checks the same thing. Each can be
 * switched off in the organization file (`awsConfig.rules.<key>: false`).
 */

/** Settings a rule's parameters are derived from (so rule and hardening never disagree). */
export interface RuleParameterSource {
  readonly passwordPolicy: {
    readonly minimumLength: number;
    readonly reusePrevention: number;
    readonly maxPasswordAgeDays: number;
  };
}

export interface ManagedRuleSpec {
  /** The rule's name in AWS documentation; also the key in the organization file. */
  readonly key: string;
  /** AWS Config managed rule identifier. */
  readonly identifier: string;
  /** What a NON_COMPLIANT result means, in a sentence. */
  readonly checks: string;
  readonly cis: string;
  readonly securityHub: string;
  /**
   * `home`: account-wide or global (IAM) resources, evaluated once in the home region to avoid
   * duplicate findings and cost; `every-region`: regional resources.
   */
  readonly regions: 'home' | 'every-region';
  /** Resource types a change-triggered rule is scoped to. @default none (periodic rule) */
  readonly scope?: readonly string[];
  /** Periodic rules run at this frequency. @default none (change-triggered) */
  readonly maximumExecutionFrequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
  readonly inputParameters?: (source: RuleParameterSource) => Readonly<Record<string, string>>;
}

export const CONFIG_RULES = [
  {
    key: 'vpc-default-security-group-closed',
    identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED',
    checks: 'The default security group of every VPC allows no inbound or outbound traffic',
    cis: '5.4',
    securityHub: 'EC2.2',
    regions: 'every-region',
    scope: ['AWS::EC2::SecurityGroup'],
  },
  {
    key: 'restricted-ssh',
    identifier: 'INCOMING_SSH_DISABLED',
    checks: 'No security group allows SSH (port 22) from 0.0.0.0/0',
    cis: '5.2',
    securityHub: 'EC2.13',
    regions: 'every-region',
    scope: ['AWS::EC2::SecurityGroup'],
  },
  {
    key: 'restricted-common-ports',
    identifier: 'RESTRICTED_INCOMING_TRAFFIC',
    checks: 'No security group allows RDP (TCP port 3389) from 0.0.0.0/0 or ::/0',
    cis: '5.2',
    securityHub: 'EC2.14',
    regions: 'every-region',
    scope: ['AWS::EC2::SecurityGroup'],
    // All five: an unset one keeps its default (20, 21, 3389, 3306, 4333), and findings on FTP or
    // database ports are neither what EC2.14 checks nor what open-admin-ports fixes.
    inputParameters: () => ({
      blockedPort1: '3389',
      blockedPort2: '3389',
      blockedPort3: '3389',
      blockedPort4: '3389',
      blockedPort5: '3389',
    }),
  },
  {
    key: 'multi-region-cloudtrail-enabled',
    identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED',
    checks: 'At least one multi-region trail records management events',
    cis: '3.1',
    securityHub: 'CloudTrail.1',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 'cloud-trail-log-file-validation-enabled',
    identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED',
    checks: 'Every trail has log-file validation on',
    cis: '3.2',
    securityHub: 'CloudTrail.4',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 'cloud-trail-encryption-enabled',
    identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED',
    checks: 'Every trail encrypts log files with a KMS key',
    cis: '3.5',
    securityHub: 'CloudTrail.2',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 'cmk-backing-key-rotation-enabled',
    identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED',
    checks: 'Every customer-managed KMS key has automatic rotation on',
    cis: '3.6',
    securityHub: 'KMS.4',
    regions: 'every-region',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 's3-account-level-public-access-blocks-periodic',
    identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
    checks: 'All four S3 public access blocks are on for the account',
    cis: '2.1.4',
    securityHub: 'S3.1',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 's3-bucket-ssl-requests-only',
    identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY',
    checks: 'Every bucket policy denies requests without TLS',
    cis: '2.1.1',
    securityHub: 'S3.5',
    regions: 'every-region',
    scope: ['AWS::S3::Bucket'],
  },
  {
    key: 'iam-password-policy',
    identifier: 'IAM_PASSWORD_POLICY',
    checks: 'The account password policy is at least as strict as the baseline sets it',
    cis: '1.8, 1.9',
    securityHub: 'IAM.7',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
    inputParameters: ({ passwordPolicy }) => ({
      RequireUppercaseCharacters: 'true',
      RequireLowercaseCharacters: 'true',
      RequireSymbols: 'true',
      RequireNumbers: 'true',
      MinimumPasswordLength: String(passwordPolicy.minimumLength),
      PasswordReusePrevention: String(passwordPolicy.reusePrevention),
      MaxPasswordAge: String(passwordPolicy.maxPasswordAgeDays),
    }),
  },
  {
    key: 'root-account-mfa-enabled',
    identifier: 'ROOT_ACCOUNT_MFA_ENABLED',
    checks: 'The root user signs in with MFA',
    cis: '1.5',
    securityHub: 'IAM.9',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 'access-keys-rotated',
    identifier: 'ACCESS_KEYS_ROTATED',
    checks: 'No active access key is older than 90 days',
    cis: '1.14',
    securityHub: 'IAM.3',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
    inputParameters: () => ({ maxAccessKeyAge: '90' }),
  },
  {
    key: 'iam-user-unused-credentials-check',
    identifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK',
    checks: 'No password or access key has gone unused for 45 days',
    cis: '1.12',
    securityHub: 'IAM.22',
    regions: 'home',
    maximumExecutionFrequency: 'TwentyFour_Hours',
    inputParameters: () => ({ maxCredentialUsageAge: '45' }),
  },
  {
    key: 'ec2-ebs-encryption-by-default',
    identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT',
    checks: 'New EBS volumes are encrypted by default in the region',
    cis: '2.2.1',
    securityHub: 'EC2.7',
    regions: 'every-region',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  {
    key: 'vpc-flow-logs-enabled',
    identifier: 'VPC_FLOW_LOGS_ENABLED',
    checks: 'Every VPC has flow logs',
    cis: '3.7',
    securityHub: 'EC2.6',
    regions: 'every-region',
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
] as const satisfies readonly ManagedRuleSpec[];

export type ConfigRuleKey = (typeof CONFIG_RULES)[number]['key'];
export const CONFIG_RULE_KEYS = CONFIG_RULES.map((rule) => rule.key) as readonly ConfigRuleKey[];
