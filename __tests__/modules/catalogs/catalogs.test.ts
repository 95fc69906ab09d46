import * as fs from 'node:fs';
import * as path from 'node:path';
import { withCatalogTables } from '../../../modules/catalogs/catalog-table';
import { CONFIG_RULE_KEYS, CONFIG_RULES } from '../../../modules/catalogs/config-rules';
import { REMEDIATIONS, type RemediationSpec } from '../../../modules/catalogs/remediations';
import { BASELINE_RUNBOOKS } from '../../../modules/compliance/baseline-runbooks';
import { REPO_ROOT } from '../../helpers/synth';

test('rule and remediation keys are unique', () => {
  expect(new Set(CONFIG_RULE_KEYS).size).toBe(CONFIG_RULES.length);
  expect(new Set(REMEDIATIONS.map((r) => r.key)).size).toBe(REMEDIATIONS.length);
});

test('the catalog holds every rule the baseline promises, each mapped to CIS and Security Hub', () => {
  expect([...CONFIG_RULE_KEYS].sort()).toEqual(
    [
      'vpc-default-security-group-closed',
      'restricted-ssh',
      'restricted-common-ports',
      'multi-region-cloudtrail-enabled',
      'cloud-trail-log-file-validation-enabled',
      'cloud-trail-encryption-enabled',
      'cmk-backing-key-rotation-enabled',
      's3-account-level-public-access-blocks-periodic',
      's3-bucket-ssl-requests-only',
      'iam-password-policy',
      'root-account-mfa-enabled',
      'access-keys-rotated',
      'iam-user-unused-credentials-check',
      'ec2-ebs-encryption-by-default',
      'vpc-flow-logs-enabled',
    ].sort(),
  );
  for (const rule of CONFIG_RULES) {
    expect(rule.cis).toMatch(/^\d+(\.\d+)+(, \d+(\.\d+)+)*$/);
    expect(rule.securityHub).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    expect(rule.identifier).toMatch(/^[A-Z0-9_]+$/);
    // Change-triggered rules are scoped to resource types; periodic ones have a frequency.
    expect('scope' in rule !== 'maximumExecutionFrequency' in rule).toBe(true);
  }
});

test('account-wide and IAM rules run in the home region only', () => {
  const homeOnly = CONFIG_RULES.filter((r) => r.regions === 'home').map((r) => r.key);
  expect(homeOnly).toEqual(
    expect.arrayContaining([
      'iam-password-policy',
      'root-account-mfa-enabled',
      'access-keys-rotated',
      'iam-user-unused-credentials-check',
      's3-account-level-public-access-blocks-periodic',
      'multi-region-cloudtrail-enabled',
    ]),
  );
  expect(homeOnly).not.toContain('vpc-default-security-group-closed');
});

test('every remediation fixes catalog rules with an AWS-owned runbook or one the baseline ships', () => {
  for (const remediation of REMEDIATIONS as readonly RemediationSpec[]) {
    expect(remediation.rules.length).toBeGreaterThan(0);
    for (const rule of remediation.rules) expect(CONFIG_RULE_KEYS).toContain(rule);
    if (remediation.documentOwner === 'baseline') {
      expect(BASELINE_RUNBOOKS.map((r) => r.name)).toContain(remediation.document);
      expect(remediation.documentVersion).toBeUndefined();
    } else {
      expect(remediation.document).toMatch(/^(AWS|AWSConfigRemediation|AWSSupport)-\w+$/);
    }
  }
});

test('SSH and RDP are remediated by the baseline runbook, not AWS-DisablePublicAccessForSecurityGroup', () => {
  // That runbook fails with InvalidPermission.NotFound in non-default VPCs unless all four 22/3389 x v4/v6 rules exist.
  expect(REMEDIATIONS.find((r) => r.key === 'open-admin-ports')).toMatchObject({
    rules: ['restricted-ssh', 'restricted-common-ports'],
    document: 'RevokePublicAdminPortIngress',
    documentOwner: 'baseline',
    parameters: { GroupId: { resourceValue: 'RESOURCE_ID' } },
  });
});

test('only the default security group is remediated automatically by default', () => {
  expect(REMEDIATIONS.filter((r) => r.defaultMode === 'automatic').map((r) => r.key)).toEqual(['default-security-group']);
  const defaultSg = REMEDIATIONS.find((r) => r.key === 'default-security-group')!;
  expect(defaultSg).toMatchObject({
    document: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
    documentVersion: '1',
    parameters: { GroupId: { resourceValue: 'RESOURCE_ID' } },
  });
});

test('the README tables are the ones the catalogs render (run `npm run docs` after changing them)', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  expect(readme).toBe(withCatalogTables(readme));
  for (const rule of CONFIG_RULES) expect(readme).toContain(`| \`${rule.key}\` | ${rule.cis} | ${rule.securityHub} |`);
});
