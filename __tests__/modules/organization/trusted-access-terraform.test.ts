/**
 * The trusted-access check block against the real Terraform CLI and AWS provider 5.100.0: cdktf has
 * no construct for `check`, so only Terraform can tell whether the hand-written JSON is accepted and
 * whether its assertions say what they should. Skipped (with the reason) when Terraform is missing,
 * except under CI=true.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_SERVICE_PRINCIPALS } from '../../../modules/organization/delegated-administrators';
import { TrustedAccess } from '../../../modules/organization/trusted-access';
import { regionalTestStack, synthStack, TEST_ACCOUNT, tempDir } from '../../helpers/synth';
import { freshAccount, startOfflineAws } from '../../../operations/offline-aws';
import { OFFLINE_OVERRIDE_FILE, offlinePlanOverride, runTerraform, type Terraform } from '../../../operations/offline-plan';
import { findTerraform } from '../../helpers/terraform';

const found = findTerraform();
if ('unavailable' in found) {
  if (process.env.CI === 'true') throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
  console.warn(`SKIPPED trusted-access check against Terraform: ${found.unavailable}`);
}
const describeWithTerraform = 'unavailable' in found ? describe.skip : describe;

const ORG_ID = 'o-abcdefghij';
const ROOT_ID = 'r-ab12';
const DATA = 'data.aws_organizations_organization.organization_trusted_access';

/** A `terraform test` run planning against a mock provider that reads this organization. */
function run(name: string, organization: Record<string, unknown>, expectFailure: boolean): string {
  return [
    `run "${name}" {`,
    '  command = plan',
    '  override_data {',
    `    target = ${DATA}`,
    `    values = ${JSON.stringify(organization)}`,
    '  }',
    ...(expectFailure ? ['  expect_failures = [check.organization_trusted_access]'] : []),
    '}',
    '',
  ].join('\n');
}
const organization = (principals: readonly string[] | null, overrides: Record<string, unknown> = {}) => ({
  id: ORG_ID,
  feature_set: 'ALL',
  roots: [{ id: ROOT_ID }],
  aws_service_access_principals: principals,
  ...overrides,
});
const MOCK = 'mock_provider "aws" {}\n\n';
const ALL = [...BASELINE_SERVICE_PRINCIPALS, 'sso.amazonaws.com'];
const WITHOUT_CLOUDTRAIL = ALL.filter((p) => p !== 'cloudtrail.amazonaws.com');

/** Terraform's output of a `terraform test` that fails, on one line. */
async function failingTest(terraform: Terraform, dir: string): Promise<string> {
  try {
    await runTerraform(terraform, dir, ['test']);
  } catch (error) {
    return (error as Error).message.replace(/\s+/g, ' ');
  }
  throw new Error('terraform test passed; three of its files were meant to fail');
}

describeWithTerraform('the trusted-access check block in Terraform', () => {
  const terraform = found as Terraform;
  const dir = tempDir('trusted-access-check');
  /**
   * One `terraform test` of every file (each start costs seconds): verdicts.tftest.hcl's runs
   * pass, each other file's one run fails with the messages it was written for, and those
   * messages tell the files apart.
   */
  let output = '';

  beforeAll(async () => {
    const { stack, providers } = regionalTestStack(['eu-west-1']);
    new TrustedAccess(stack, 'trusted-access', { organizationId: ORG_ID, rootId: ROOT_ID, provider: providers.home });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(synthStack(stack), null, 2));
    fs.mkdirSync(path.join(dir, 'tests'));
    const tests: Record<string, string> = {
      'verdicts.tftest.hcl':
        MOCK +
        run('complete_organization_passes', organization(ALL), false) +
        run('missing_principal_fails', organization(WITHOUT_CLOUDTRAIL), true) +
        run('consolidated_billing_fails', organization(ALL, { feature_set: 'CONSOLIDATED_BILLING' }), true) +
        run('other_organization_fails', organization(ALL, { id: 'o-zzzzzzzzzz' }), true) +
        run('nothing_readable_fails_cleanly', organization(null, { roots: [] }), true) +
        run('control_tower_fails', organization([...ALL, 'controltower.amazonaws.com']), true),
      'missing.tftest.hcl': MOCK + run('missing', organization(WITHOUT_CLOUDTRAIL), false),
      'control-tower.tftest.hcl': MOCK + run('control_tower', organization([...ALL, 'controltower.amazonaws.com']), false),
      'wrong.tftest.hcl':
        MOCK + run('wrong', organization(ALL, { id: 'o-zzzzzzzzzz', roots: [], feature_set: 'CONSOLIDATED_BILLING' }), false),
    };
    for (const [file, content] of Object.entries(tests)) fs.writeFileSync(path.join(dir, 'tests', file), content);
    await runTerraform(terraform, dir, ['init', '-backend=false', '-input=false']);
    output = await failingTest(terraform, dir);
  }, 120_000);

  test('validates without errors or warnings', async () => {
    const validation = JSON.parse(await runTerraform(terraform, dir, ['validate', '-json']));
    expect({ valid: validation.valid, diagnostics: validation.diagnostics }).toEqual({ valid: true, diagnostics: [] });
  }, 60_000);

  test('passes for a complete organization and fails for a missing principal, other features, another organization, nothing readable or Control Tower', () => {
    expect(output).toMatch(/tests\/verdicts\.tftest\.hcl\.\.\. pass/);
    // verdicts.tftest.hcl's six runs pass; the three other files' one run each fails.
    expect(output).toMatch(/6 passed, 3 failed/);
  });

  test('says that Control Tower is not supported in organization mode yet', () => {
    expect(output).toMatch(/tests\/control-tower\.tftest\.hcl\.\.\. fail/);
    expect(output).toContain('AWS Control Tower manages this organization');
  });

  test('names each missing principal and the command that turns it on', () => {
    expect(output).toMatch(/tests\/missing\.tftest\.hcl\.\.\. fail/);
    expect(output).toContain('Trusted access is off for: cloudtrail.amazonaws.com.');
    expect(output).toContain('aws organizations enable-aws-service-access --service-principal cloudtrail.amazonaws.com');
    expect(output).not.toContain('--service-principal guardduty.amazonaws.com');
  });

  test('names the organization, root and feature set found', () => {
    expect(output).toMatch(/tests\/wrong\.tftest\.hcl\.\.\. fail/);
    expect(output).toContain(`The management account belongs to organization o-zzzzzzzzzz, not ${ORG_ID}`);
    expect(output).toContain(`The organization's root is (none), not ${ROOT_ID}`);
    expect(output).toContain('The organization has feature set CONSOLIDATED_BILLING');
  });

  test('an offline plan succeeds: the organization cannot be read, which is only a warning', async () => {
    const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    const aws = await startOfflineAws(freshAccount(TEST_ACCOUNT));
    fs.writeFileSync(path.join(dir, OFFLINE_OVERRIDE_FILE), JSON.stringify(offlinePlanOverride(stack)));
    try {
      await runTerraform(terraform, dir, ['init', '-reconfigure', '-input=false']);
      // runTerraform rejects when the plan fails.
      const output = await runTerraform(terraform, dir, ['plan', '-input=false', '-lock=false'], { aws });
      expect(output).toMatch(/Warning: reading Organizations Organization/);
      expect(output).toContain('in check.organization_trusted_access.data.aws_organizations_organization.organization_trusted_access');
    } finally {
      await aws.close();
      fs.rmSync(path.join(dir, OFFLINE_OVERRIDE_FILE));
    }
  }, 300_000);
});
