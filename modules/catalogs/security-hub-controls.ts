/**
 * Which AWS Security Hub CSPM security controls belong to which standard, for the standards the
 * organization file can subscribe. Ids are security control ids (what consolidated control
 * findings and `aws_securityhub_standards_control_association.security_control_id` use), not
 * CIS/PCI requirement numbers. Note the odd casings that are AWS's own: `Autoscaling.5`,
 * `Opensearch.N`.
 *
 * Why: disabling a control means one standards-control association per subscribed standard that
 * contains it; the API rejects an association for a standard that does not contain the control.
 *
 * Data as of early 2026 (AWS documentation snapshot: it documents CIS v5.0.0 support and still
 * announces the 9 March 2026 AppSync.1/AppSync.6 retirement as future), with the retirements
 * that AWS's own later pages show applied. AWS adds controls to standards over time (FSBP
 * especially); a control added later is simply absent here. Re-check before relying on a new id.
 *
 * Sources:
 * 1. AWS Security Hub CSPM User Guide, https://docs.aws.amazon.com/securityhub/latest/userguide/
 *    (read from stored Markdown copies of the pages, crawl date not recorded):
 *    - fsbp-standard.html, "Controls that apply to the standard" (FSBP, 336 ids listed)
 *    - cis-aws-foundations-benchmark.html, "Controls that apply to CIS AWS Foundations Benchmark
 *      version 3.0.0 / 1.4.0" and the "Mapping of controls to CIS requirements in each version"
 *      table (the lists and the table agree for v3.0.0 and v1.4.0)
 *    - pci-standard.html, "Controls that apply to PCI DSS v4.0.1"
 *    - the per-service "Security Hub CSPM controls for <service>" pages (e.g. iam-controls.html):
 *      each control's "Related requirements" line, and retirement notes
 *    - securityhub-controls-reference.html, "Applicable standards" column (seen only for its first
 *      rows: Account.1 is in CIS v5.0.0, CIS v3.0.0, FSBP and NIST, not CIS v1.4.0)
 * 2. github.com/awsdocs/aws-security-hub-user-guide (archived), commit
 *    bda5bf7ddbdf498557b2ac6a538577528004e6d5 (10 March 2023), doc_source/nist-standard.md,
 *    fsbp-standard.md, cis-aws-foundations-benchmark.md and *-controls.md: the 2023 lists.
 * 3. github.com/turbot/steampipe-mod-aws-compliance, commit
 *    a1d0b446ef9b96ea64980859fc063d70da20778e (6 December 2025), foundational_security/*.pp:
 *    second source for FSBP (325 ids in common; it lacks 8 of AWS's, and still carries ids
 *    AWS retired).
 *
 * Per standard:
 * - FSBP (333): source 1's list less AppSync.1 and AppSync.6 (AWS: retired and removed from all
 *   standards on 9 March 2026) and ECS.1 (absent from AWS's later ECS page; a third-party note says
 *   it was retired after 16 February 2026, split into ECS.4/17/20/21). IAM.6 is in FSBP. Not
 *   included, unverified: ids a third-party Terraform file says it generated from the live FSBP
 *   list on 2026-09-30 (APIGateway.10/11, BedrockAgentCore.1/2/5/6, CloudFormation.3/4,
 *   CloudFront.17, Cognito.1/4/5/6, EKS.9, SageMaker.9-17/19, SES.3); that file also lacks
 *   ElastiCache.4-7, EKS.3 and EFS.6, which may have left FSBP since (kept here, as AWS lists
 *   them).
 * - CIS v3.0.0 (37) and v1.4.0 (39): source 1's lists, complete. Per-control "Related
 *   requirements" agree, with two documentation slips: Account.1's line omits v3.0.0 (the list,
 *   the mapping table and the controls reference include it), and EC2.171's line claims
 *   v3.0.0/5.3 (that is EC2.54; EC2.171 is in neither the list nor the table, so it is left out).
 *   v1.4.0 differs from the 2023 list only by S3.4 (retired) replaced by S3.20.
 * - PCI DSS v4.0.1 (142): source 1's list, complete for the snapshot; Related requirements of
 *   about 60 of its controls agree.
 * - NIST SP 800-53 Rev. 5 (281): NOT a complete list; AWS's current NIST page was not
 *   available (a third-party note quotes it at about 297 controls). AWS defines the standard's
 *   controls as those with NIST.800-53.r5 Related requirements (true of the 2023 data for 221
 *   of 222). Built as the
 *   2023 list (source 2) less controls retired or no longer mapped (AutoScaling.4,
 *   CloudFormation.1, CloudFront.2, CodeBuild.5, EC2.22, EC2.29, ECS.1, RDS.18, Redshift.9, S3.4,
 *   SNS.2), plus newer controls whose current Related requirements name NIST.800-53.r5. Missing:
 *   NIST-only controls added since 2023 on service pages not read, and these unverified ones
 *   (left out): CloudTrail.3/6/7, Connect.2, EKS.1/3/8, EventBridge.3, Inspector.2-4, PCA.1,
 *   Route53.2, ServiceCatalog.1, SQS.3, SSM.7, Transfer.2/3, WorkSpaces.2. Every id listed is a
 *   NIST control; a control missing here may still be one.
 */
import type { SecurityHubStandard } from './threat-detection';

/** Security control ids per standard, sorted by service then number (see the header for sources). */
export const SECURITY_HUB_STANDARD_CONTROLS = {
  'aws-foundational-security-best-practices/v/1.0.0': [
    'Account.1', 'ACM.1', 'ACM.2', 'APIGateway.1', 'APIGateway.2', 'APIGateway.3', 'APIGateway.4',
    'APIGateway.5', 'APIGateway.8', 'APIGateway.9', 'AppSync.2', 'AppSync.5', 'Athena.4',
    'AutoScaling.1', 'AutoScaling.2', 'AutoScaling.3', 'Autoscaling.5', 'AutoScaling.6',
    'AutoScaling.9', 'Backup.1', 'CloudFront.1', 'CloudFront.3', 'CloudFront.4', 'CloudFront.5',
    'CloudFront.6', 'CloudFront.7', 'CloudFront.8', 'CloudFront.9', 'CloudFront.10',
    'CloudFront.12', 'CloudFront.13', 'CloudFront.15', 'CloudFront.16', 'CloudTrail.1',
    'CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5', 'CodeBuild.1', 'CodeBuild.2', 'CodeBuild.3',
    'CodeBuild.4', 'CodeBuild.7', 'Cognito.2', 'Cognito.3', 'Config.1', 'Connect.2',
    'DataFirehose.1', 'DataSync.1', 'DMS.1', 'DMS.6', 'DMS.7', 'DMS.8', 'DMS.9', 'DMS.10',
    'DMS.11', 'DMS.12', 'DMS.13', 'DocumentDB.1', 'DocumentDB.2', 'DocumentDB.3', 'DocumentDB.4',
    'DocumentDB.5', 'DocumentDB.6', 'DynamoDB.1', 'DynamoDB.2', 'DynamoDB.3', 'DynamoDB.6',
    'DynamoDB.7', 'EC2.1', 'EC2.2', 'EC2.3', 'EC2.4', 'EC2.6', 'EC2.7', 'EC2.8', 'EC2.9', 'EC2.10',
    'EC2.15', 'EC2.16', 'EC2.17', 'EC2.18', 'EC2.19', 'EC2.20', 'EC2.21', 'EC2.23', 'EC2.24',
    'EC2.25', 'EC2.51', 'EC2.55', 'EC2.56', 'EC2.57', 'EC2.58', 'EC2.60', 'EC2.170', 'EC2.171',
    'EC2.172', 'EC2.173', 'EC2.180', 'EC2.181', 'ECR.1', 'ECR.2', 'ECR.3', 'ECS.2', 'ECS.3',
    'ECS.4', 'ECS.5', 'ECS.8', 'ECS.9', 'ECS.10', 'ECS.12', 'ECS.16', 'EFS.1', 'EFS.2', 'EFS.3',
    'EFS.4', 'EFS.6', 'EFS.7', 'EFS.8', 'EKS.1', 'EKS.2', 'EKS.3', 'EKS.8', 'ElastiCache.1',
    'ElastiCache.2', 'ElastiCache.3', 'ElastiCache.4', 'ElastiCache.5', 'ElastiCache.6',
    'ElastiCache.7', 'ElasticBeanstalk.1', 'ElasticBeanstalk.2', 'ElasticBeanstalk.3', 'ELB.1',
    'ELB.2', 'ELB.3', 'ELB.4', 'ELB.5', 'ELB.6', 'ELB.7', 'ELB.8', 'ELB.9', 'ELB.10', 'ELB.12',
    'ELB.13', 'ELB.14', 'ELB.17', 'ELB.18', 'EMR.1', 'EMR.2', 'EMR.3', 'EMR.4', 'ES.1', 'ES.2',
    'ES.3', 'ES.4', 'ES.5', 'ES.6', 'ES.7', 'ES.8', 'EventBridge.3', 'FSx.1', 'FSx.2', 'FSx.3',
    'FSx.4', 'FSx.5', 'Glue.3', 'Glue.4', 'GuardDuty.1', 'GuardDuty.5', 'GuardDuty.6',
    'GuardDuty.7', 'GuardDuty.8', 'GuardDuty.9', 'GuardDuty.10', 'GuardDuty.11', 'GuardDuty.12',
    'GuardDuty.13', 'IAM.1', 'IAM.2', 'IAM.3', 'IAM.4', 'IAM.5', 'IAM.6', 'IAM.7', 'IAM.8',
    'IAM.21', 'Inspector.1', 'Inspector.2', 'Inspector.3', 'Inspector.4', 'Kinesis.1', 'Kinesis.3',
    'KMS.1', 'KMS.2', 'KMS.3', 'KMS.5', 'Lambda.1', 'Lambda.2', 'Lambda.5', 'Macie.1', 'Macie.2',
    'MQ.2', 'MQ.3', 'MSK.1', 'MSK.3', 'MSK.4', 'MSK.5', 'MSK.6', 'Neptune.1', 'Neptune.2',
    'Neptune.3', 'Neptune.4', 'Neptune.5', 'Neptune.6', 'Neptune.7', 'Neptune.8',
    'NetworkFirewall.2', 'NetworkFirewall.3', 'NetworkFirewall.4', 'NetworkFirewall.5',
    'NetworkFirewall.6', 'NetworkFirewall.9', 'NetworkFirewall.10', 'Opensearch.1', 'Opensearch.2',
    'Opensearch.3', 'Opensearch.4', 'Opensearch.5', 'Opensearch.6', 'Opensearch.7', 'Opensearch.8',
    'Opensearch.10', 'PCA.1', 'RDS.1', 'RDS.2', 'RDS.3', 'RDS.4', 'RDS.5', 'RDS.6', 'RDS.7',
    'RDS.8', 'RDS.9', 'RDS.10', 'RDS.11', 'RDS.12', 'RDS.13', 'RDS.14', 'RDS.15', 'RDS.16',
    'RDS.17', 'RDS.19', 'RDS.20', 'RDS.21', 'RDS.22', 'RDS.23', 'RDS.24', 'RDS.25', 'RDS.27',
    'RDS.34', 'RDS.35', 'RDS.36', 'RDS.37', 'RDS.40', 'RDS.41', 'RDS.42', 'RDS.43', 'RDS.44',
    'RDS.45', 'RDS.46', 'RDS.47', 'RDS.48', 'Redshift.1', 'Redshift.2', 'Redshift.3', 'Redshift.4',
    'Redshift.6', 'Redshift.7', 'Redshift.8', 'Redshift.10', 'Redshift.15', 'Redshift.18',
    'RedshiftServerless.1', 'RedshiftServerless.2', 'RedshiftServerless.3', 'RedshiftServerless.5',
    'RedshiftServerless.6', 'Route53.2', 'S3.1', 'S3.2', 'S3.3', 'S3.5', 'S3.6', 'S3.8', 'S3.9',
    'S3.12', 'S3.13', 'S3.19', 'S3.24', 'S3.25', 'SageMaker.1', 'SageMaker.2', 'SageMaker.3',
    'SageMaker.4', 'SageMaker.5', 'SageMaker.8', 'SecretsManager.1', 'SecretsManager.2',
    'SecretsManager.3', 'SecretsManager.4', 'ServiceCatalog.1', 'SNS.4', 'SQS.1', 'SQS.3', 'SSM.1',
    'SSM.2', 'SSM.3', 'SSM.4', 'SSM.6', 'SSM.7', 'StepFunctions.1', 'Transfer.2', 'Transfer.3',
    'WAF.1', 'WAF.2', 'WAF.3', 'WAF.4', 'WAF.6', 'WAF.7', 'WAF.8', 'WAF.10', 'WAF.12',
    'WorkSpaces.1', 'WorkSpaces.2',
  ],
  'cis-aws-foundations-benchmark/v/3.0.0': [
    'Account.1', 'CloudTrail.1', 'CloudTrail.2', 'CloudTrail.4', 'CloudTrail.7', 'Config.1',
    'EC2.2', 'EC2.6', 'EC2.7', 'EC2.8', 'EC2.21', 'EC2.53', 'EC2.54', 'EFS.1', 'IAM.2', 'IAM.3',
    'IAM.4', 'IAM.5', 'IAM.6', 'IAM.9', 'IAM.15', 'IAM.16', 'IAM.18', 'IAM.22', 'IAM.26', 'IAM.27',
    'IAM.28', 'KMS.4', 'RDS.2', 'RDS.3', 'RDS.13', 'S3.1', 'S3.5', 'S3.8', 'S3.20', 'S3.22',
    'S3.23',
  ],
  'cis-aws-foundations-benchmark/v/1.4.0': [
    'CloudTrail.1', 'CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5', 'CloudTrail.6', 'CloudTrail.7',
    'CloudWatch.1', 'CloudWatch.4', 'CloudWatch.5', 'CloudWatch.6', 'CloudWatch.7', 'CloudWatch.8',
    'CloudWatch.9', 'CloudWatch.10', 'CloudWatch.11', 'CloudWatch.12', 'CloudWatch.13',
    'CloudWatch.14', 'Config.1', 'EC2.2', 'EC2.6', 'EC2.7', 'EC2.21', 'IAM.1', 'IAM.3', 'IAM.4',
    'IAM.5', 'IAM.6', 'IAM.9', 'IAM.15', 'IAM.16', 'IAM.18', 'IAM.22', 'KMS.4', 'RDS.3', 'S3.1',
    'S3.5', 'S3.8', 'S3.20',
  ],
  'nist-800-53/v/5.0.0': [
    'Account.1', 'Account.2', 'ACM.1', 'APIGateway.1', 'APIGateway.2', 'APIGateway.3',
    'APIGateway.4', 'APIGateway.5', 'APIGateway.8', 'APIGateway.9', 'AppSync.5', 'AutoScaling.1',
    'AutoScaling.2', 'AutoScaling.3', 'Autoscaling.5', 'AutoScaling.6', 'AutoScaling.9',
    'Backup.1', 'CloudFront.1', 'CloudFront.3', 'CloudFront.4', 'CloudFront.5', 'CloudFront.6',
    'CloudFront.7', 'CloudFront.8', 'CloudFront.9', 'CloudFront.10', 'CloudFront.12',
    'CloudTrail.1', 'CloudTrail.2', 'CloudTrail.4', 'CloudTrail.5', 'CloudWatch.15',
    'CloudWatch.16', 'CloudWatch.17', 'CodeBuild.1', 'CodeBuild.2', 'CodeBuild.3', 'CodeBuild.4',
    'Config.1', 'DataFirehose.1', 'DMS.1', 'DMS.6', 'DMS.7', 'DMS.8', 'DMS.9', 'DMS.10', 'DMS.11',
    'DMS.12', 'DocumentDB.1', 'DocumentDB.2', 'DocumentDB.3', 'DocumentDB.4', 'DocumentDB.5',
    'DynamoDB.1', 'DynamoDB.2', 'DynamoDB.3', 'DynamoDB.4', 'DynamoDB.6', 'DynamoDB.7', 'EC2.1',
    'EC2.2', 'EC2.3', 'EC2.4', 'EC2.6', 'EC2.7', 'EC2.8', 'EC2.9', 'EC2.10', 'EC2.12', 'EC2.13',
    'EC2.15', 'EC2.16', 'EC2.17', 'EC2.18', 'EC2.19', 'EC2.20', 'EC2.21', 'EC2.23', 'EC2.24',
    'EC2.25', 'EC2.28', 'EC2.51', 'EC2.55', 'EC2.56', 'EC2.57', 'EC2.58', 'EC2.60', 'ECR.1',
    'ECR.2', 'ECR.3', 'ECS.2', 'ECS.3', 'ECS.4', 'ECS.5', 'ECS.8', 'ECS.9', 'ECS.10', 'ECS.12',
    'ECS.17', 'EFS.1', 'EFS.2', 'EFS.3', 'EFS.4', 'EKS.2', 'ElastiCache.1', 'ElastiCache.2',
    'ElastiCache.3', 'ElastiCache.4', 'ElastiCache.5', 'ElastiCache.6', 'ElastiCache.7',
    'ElasticBeanstalk.1', 'ElasticBeanstalk.2', 'ELB.1', 'ELB.2', 'ELB.3', 'ELB.4', 'ELB.5',
    'ELB.6', 'ELB.7', 'ELB.8', 'ELB.9', 'ELB.10', 'ELB.12', 'ELB.13', 'ELB.14', 'ELB.16', 'ELB.17',
    'EMR.1', 'EMR.2', 'EMR.3', 'EMR.4', 'ES.1', 'ES.2', 'ES.3', 'ES.4', 'ES.5', 'ES.6', 'ES.7',
    'ES.8', 'FSx.1', 'FSx.2', 'Glue.4', 'GuardDuty.1', 'IAM.1', 'IAM.2', 'IAM.3', 'IAM.4', 'IAM.5',
    'IAM.6', 'IAM.7', 'IAM.8', 'IAM.9', 'IAM.19', 'IAM.21', 'Kinesis.1', 'KMS.1', 'KMS.2', 'KMS.3',
    'KMS.4', 'Lambda.1', 'Lambda.2', 'Lambda.3', 'Lambda.5', 'Macie.1', 'Macie.2', 'MQ.2', 'MQ.3',
    'MQ.5', 'MQ.6', 'MSK.1', 'MSK.2', 'Neptune.1', 'Neptune.2', 'Neptune.3', 'Neptune.4',
    'Neptune.5', 'Neptune.6', 'Neptune.7', 'Neptune.8', 'Neptune.9', 'NetworkFirewall.1',
    'NetworkFirewall.2', 'NetworkFirewall.3', 'NetworkFirewall.4', 'NetworkFirewall.5',
    'NetworkFirewall.6', 'NetworkFirewall.9', 'NetworkFirewall.10', 'Opensearch.1', 'Opensearch.2',
    'Opensearch.3', 'Opensearch.4', 'Opensearch.5', 'Opensearch.6', 'Opensearch.7', 'Opensearch.8',
    'Opensearch.10', 'Opensearch.11', 'RDS.1', 'RDS.2', 'RDS.3', 'RDS.4', 'RDS.5', 'RDS.6',
    'RDS.7', 'RDS.8', 'RDS.9', 'RDS.10', 'RDS.11', 'RDS.12', 'RDS.13', 'RDS.14', 'RDS.15',
    'RDS.16', 'RDS.17', 'RDS.19', 'RDS.20', 'RDS.21', 'RDS.22', 'RDS.23', 'RDS.24', 'RDS.25',
    'RDS.26', 'RDS.27', 'RDS.34', 'RDS.35', 'RDS.40', 'RDS.42', 'RDS.45', 'Redshift.1',
    'Redshift.2', 'Redshift.3', 'Redshift.4', 'Redshift.6', 'Redshift.7', 'Redshift.8',
    'Redshift.10', 'RedshiftServerless.4', 'S3.1', 'S3.2', 'S3.3', 'S3.5', 'S3.6', 'S3.7', 'S3.8',
    'S3.9', 'S3.10', 'S3.11', 'S3.12', 'S3.13', 'S3.14', 'S3.15', 'S3.17', 'S3.19', 'S3.20',
    'SageMaker.1', 'SageMaker.2', 'SageMaker.3', 'SageMaker.4', 'SageMaker.18', 'SecretsManager.1',
    'SecretsManager.2', 'SecretsManager.3', 'SecretsManager.4', 'SNS.1', 'SQS.1', 'SSM.1', 'SSM.2',
    'SSM.3', 'SSM.4', 'WAF.1', 'WAF.2', 'WAF.3', 'WAF.4', 'WAF.6', 'WAF.7', 'WAF.8', 'WAF.10',
    'WAF.11',
  ],
  'pci-dss/v/4.0.1': [
    'ACM.1', 'ACM.2', 'APIGateway.9', 'AppSync.2', 'AutoScaling.3', 'Autoscaling.5',
    'CloudFront.1', 'CloudFront.3', 'CloudFront.5', 'CloudFront.6', 'CloudFront.9',
    'CloudFront.10', 'CloudFront.12', 'CloudTrail.2', 'CloudTrail.3', 'CloudTrail.4',
    'CloudTrail.6', 'CloudTrail.7', 'CodeBuild.1', 'CodeBuild.2', 'CodeBuild.3', 'DMS.1', 'DMS.6',
    'DMS.7', 'DMS.8', 'DMS.9', 'DMS.10', 'DMS.11', 'DMS.12', 'DocumentDB.2', 'DocumentDB.3',
    'DocumentDB.4', 'DynamoDB.7', 'EC2.8', 'EC2.13', 'EC2.14', 'EC2.15', 'EC2.16', 'EC2.21',
    'EC2.25', 'EC2.51', 'EC2.53', 'EC2.54', 'EC2.170', 'EC2.171', 'ECR.1', 'ECS.2', 'ECS.8',
    'ECS.10', 'ECS.16', 'EFS.4', 'EKS.1', 'EKS.2', 'EKS.3', 'EKS.8', 'ElastiCache.2',
    'ElastiCache.5', 'ElastiCache.6', 'ElasticBeanstalk.2', 'ElasticBeanstalk.3', 'ELB.3', 'ELB.4',
    'ELB.8', 'ELB.12', 'ELB.14', 'EMR.1', 'EMR.2', 'ES.2', 'ES.3', 'ES.5', 'ES.8', 'EventBridge.3',
    'GuardDuty.1', 'GuardDuty.6', 'GuardDuty.7', 'GuardDuty.9', 'GuardDuty.10', 'IAM.3', 'IAM.5',
    'IAM.6', 'IAM.7', 'IAM.8', 'IAM.9', 'IAM.11', 'IAM.12', 'IAM.14', 'IAM.16', 'IAM.17', 'IAM.18',
    'IAM.19', 'Inspector.1', 'Inspector.2', 'Inspector.3', 'Inspector.4', 'KMS.4', 'Lambda.1',
    'Lambda.2', 'MQ.2', 'MQ.3', 'MSK.1', 'MSK.3', 'Neptune.2', 'Neptune.3', 'Opensearch.5',
    'Opensearch.10', 'RDS.2', 'RDS.9', 'RDS.13', 'RDS.20', 'RDS.21', 'RDS.22', 'RDS.24', 'RDS.25',
    'RDS.34', 'RDS.35', 'RDS.36', 'RDS.37', 'Redshift.1', 'Redshift.2', 'Redshift.4',
    'Redshift.15', 'Route53.2', 'S3.1', 'S3.5', 'S3.8', 'S3.9', 'S3.15', 'S3.17', 'S3.19', 'S3.22',
    'S3.23', 'S3.24', 'SageMaker.1', 'SecretsManager.1', 'SecretsManager.2', 'SecretsManager.4',
    'SSM.2', 'SSM.3', 'StepFunctions.1', 'Transfer.2', 'WAF.1', 'WAF.11',
  ],
} as const satisfies Readonly<Record<SecurityHubStandard, readonly string[]>>;

/**
 * The given standards (in their order, once each) that contain `controlId`, a security control id
 * such as `IAM.6`: the standards in which a control association must be written to disable it.
 */
export function standardsContaining(
  controlId: string,
  standards: readonly SecurityHubStandard[],
): SecurityHubStandard[] {
  return [...new Set(standards)].filter((standard) =>
    (SECURITY_HUB_STANDARD_CONTROLS[standard] as readonly string[]).includes(controlId),
  );
}
