import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { AccountAlternateContact } from '@cdktf/provider-aws/lib/account-alternate-contact';
import { EbsDefaultKmsKey } from '@cdktf/provider-aws/lib/ebs-default-kms-key';
import { EbsEncryptionByDefault } from '@cdktf/provider-aws/lib/ebs-encryption-by-default';
import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { Construct } from 'constructs';
import { arn, PARTITION } from '../core/arn';
import { CustomerManagedKey } from '../core/customer-managed-key';
import { policyJson } from '../core/policy-document';
import type { RegionalProviders } from '../core/regional-providers';

/** AWS managed policy that CIS 1.17 asks a support role to have. */
export const SUPPORT_ACCESS_POLICY = `arn:${PARTITION}:iam::aws:policy/AWSSupportAccess`;

export interface AccountHardeningProps {
  readonly accountId: string;
  /** Its `regions` (the detective-control regions) each get EBS encryption by default and an analyzer. */
  readonly providers: RegionalProviders;
  /** Alias of the customer-managed EBS key in each region, such as `alias/acme-ebs` (used only with `ebsDefaultEncryptionKey: 'customer-managed'`). */
  readonly ebsKeyAlias: string;
  /** Name of the account analyzer created in each region, such as `acme-account-analyzer` (an adopted one keeps its own name). */
  readonly accessAnalyzerName: string;
  /** Name of the support role, such as `acme-aws-support` (used only while `supportRole` is on). */
  readonly supportRoleName: string;
  /** @default length 14, reuse prevention 24, maximum age 90 days */
  readonly passwordPolicy?: { readonly minimumLength: number; readonly reusePrevention: number; readonly maxPasswordAgeDays: number };
  /** `customer-managed`: one key per region (alias `ebsKeyAlias`) instead of aws/ebs. @default 'aws-managed' */
  readonly ebsDefaultEncryptionKey?: 'aws-managed' | 'customer-managed';
  /** An IAM Access Analyzer for the account in every detective-control region (CIS 1.20). @default true */
  readonly accessAnalyzer?: boolean;
  /** Region → name of an account analyzer that already exists there, imported and kept. @default none */
  readonly existingAccessAnalyzers?: Readonly<Record<string, string>>;
  /** A role with AWSSupportAccess that the account's IAM principals may assume (CIS 1.17). @default true */
  readonly supportRole?: boolean;
  /** The alternate SECURITY contact (CIS 1.2). @default not managed */
  readonly securityContact?: { readonly name: string; readonly title: string; readonly emailAddress: string; readonly phoneNumber: string };
}

/**
 * Account settings CIS asks for: the IAM password policy, the account-wide S3 public access
 * block, EBS encryption by default and IAM Access Analyzer in every detective-control region, the
 * alternate security contact and a support role.
 */
export class AccountHardening extends Construct {
  constructor(scope: Construct, id: string, props: AccountHardeningProps) {
    super(scope, id);
    const { providers, accountId } = props;
    const home = providers.home;
    const password = props.passwordPolicy ?? { minimumLength: 14, reusePrevention: 24, maxPasswordAgeDays: 90 };

    new IamAccountPasswordPolicy(this, 'password-policy', {
      provider: home,
      minimumPasswordLength: password.minimumLength,
      passwordReusePrevention: password.reusePrevention,
      maxPasswordAge: password.maxPasswordAgeDays,
      requireLowercaseCharacters: true,
      requireUppercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
    });
    new S3AccountPublicAccessBlock(this, 's3-public-access-block', {
      provider: home,
      accountId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    for (const region of providers.regions) {
      const provider = providers.forRegion(region);
      const regionScope = new Construct(this, region);
      new EbsEncryptionByDefault(regionScope, 'ebs-encryption-by-default', { provider, enabled: true });
      if (props.ebsDefaultEncryptionKey === 'customer-managed') {
        const key = new CustomerManagedKey(regionScope, 'ebs-key', {
          provider,
          accountId,
          alias: props.ebsKeyAlias,
          description: 'Default key for EBS volume encryption',
          policyStatements: [
            {
              Sid: 'AllowAccountToUseKeyThroughEc2',
              Effect: 'Allow',
              Principal: { AWS: arn.accountRoot(accountId) },
              Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:CreateGrant'],
              Resource: '*',
              Condition: {
                StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': `ec2.${region}.amazonaws.com` },
              },
            },
          ],
        });
        new EbsDefaultKmsKey(regionScope, 'ebs-default-key', { provider, keyArn: key.keyArn });
      }
      if (props.accessAnalyzer ?? true) {
        const existingName = props.existingAccessAnalyzers?.[region];
        const analyzer = new AccessanalyzerAnalyzer(regionScope, 'access-analyzer', {
          provider,
          analyzerName: existingName ?? props.accessAnalyzerName,
          type: 'ACCOUNT',
        });
        if (existingName) analyzer.importFrom(existingName, provider);
      }
    }

    if (props.securityContact) {
      new AccountAlternateContact(this, 'security-contact', {
        provider: home,
        alternateContactType: 'SECURITY',
        name: props.securityContact.name,
        title: props.securityContact.title,
        emailAddress: props.securityContact.emailAddress,
        phoneNumber: props.securityContact.phoneNumber,
      });
    }

    if (props.supportRole ?? true) {
      const role = new IamRole(this, 'support-role', {
        provider: home,
        name: props.supportRoleName,
        description: 'Manages incidents with AWS Support (CIS 1.17)',
        assumeRolePolicy: policyJson([
          {
            Sid: 'AccountPrincipalsMayAssume',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(accountId) },
            Action: 'sts:AssumeRole',
          },
        ]),
      });
      new IamRolePolicyAttachment(this, 'support-access', { provider: home, role: role.name, policyArn: SUPPORT_ACCESS_POLICY });
    }
  }
}
