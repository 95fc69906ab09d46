/**
 * docs/getting-started.md's procedure, from an organization with nothing of the baseline yet, as
 * far as it can go without AWS: discovery writes the organization file from what the collection
 * script records, the user fills in what discovery cannot know, the bootstrap and the account
 * stacks are synthesized, the manifest orders the roll-out, and the security stack, planned with
 * the real provider from the state the management stack's designation leaves, imports its
 * detectors and hub: nothing is adopted by hand. Under CI=true a missing Terraform fails the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateOrganizationConfig } from '../../config/load';
import { detectiveRegions } from '../../config/regions';
import { readCollectedFiles } from '../../operations/discovery/collected-files';
import { discoverOrganizationFile } from '../../operations/discovery/organization-file';
import { hasProblems } from '../../operations/discovery/report';
import { stateBeforeFirstApply } from '../../operations/offline-aws';
import { planStackCopy } from '../../operations/offline-plan';
import { synthesizeBootstrap } from '../../stacks/bootstrap-stack';
import { synthesizeOrganization } from '../../stacks/organization';
import { writeRecordedOrganization, type OrganizationSpec } from '../fixtures/discovery/recorded-organization';
import { tempDir } from '../helpers/synth';
import type { Terraform } from '../../operations/offline-plan';
import { findTerraform } from '../helpers/terraform';

const found = findTerraform();
if ('unavailable' in found && process.env.CI === 'true') throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
const testWithTerraform = 'unavailable' in found ? test.skip : test;

// The organization's regions and us-east-1, which the baseline always watches (getting-started step 1).
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1'] as const;
/** Five accounts, as a team finds them before the baseline: no recorder, detector, hub or analyzer anywhere. */
const EMPTY_ORGANIZATION: OrganizationSpec = {
  organizationId: 'o-empty12345',
  rootId: 'r-em01',
  managementAccountId: '510000000001',
  trustedServices: [],
  regions: REGIONS,
  accounts: [
    { id: '510000000001', name: 'Example Management' },
    { id: '510000000002', name: 'Log Archive' },
    { id: '510000000003', name: 'Security' },
    { id: '510000000004', name: 'Payments Prod' },
    { id: '510000000005', name: 'Payments Dev' },
  ],
};

testWithTerraform(
  'from an empty organization: discover, fill in, bootstrap, synth; the security stack then plans with its imports and nothing adopted by hand',
  async () => {
    // 1. Discover: accounts, ids, roles; nothing to adopt in an empty organization.
    const recorded = path.join(tempDir('first-rollout'), 'discovery');
    writeRecordedOrganization(recorded, EMPTY_ORGANIZATION);
    const discovered = discoverOrganizationFile(readCollectedFiles(recorded), undefined, {
      namePrefix: 'example',
      homeRegion: 'eu-west-1',
    });
    // Nothing to fix before the first apply (npm run discover would exit 0 once the placeholders are filled in).
    expect(hasProblems(discovered)).toBe(false);
    const { file } = discovered;
    const accounts = file.accounts as { name: string; id: string; role: string; adopt?: unknown }[];
    expect(accounts.map((a) => [a.id, a.role]).sort()).toEqual([
      ['510000000001', 'management'],
      ['510000000002', 'log-archive'],
      ['510000000003', 'security'],
      ['510000000004', 'workload'],
      ['510000000005', 'workload'],
    ]);
    expect(accounts.filter((a) => a.adopt !== undefined)).toEqual([]);

    // What discovery cannot know, filled in as getting-started.md says (and the bootstrap's deployment role in management).
    const org = validateOrganizationConfig({
      ...file,
      accounts: accounts.map((a) => (a.role === 'management' ? { ...a, deploymentRoleName: 'SecurityBaselineDeployer' } : a)),
      notifications: { emails: ['security@example.com'] },
      stateBackend: { type: 's3', bucket: 'example-terraform-state', region: 'eu-west-1' },
    });

    // 3. Bootstrap: the state bucket and management's deployment role, outside the account stacks.
    const outdir = tempDir('first-rollout-out');
    const bootstrap = synthesizeBootstrap(org, { outdir });
    const bootstrapJson = JSON.parse(fs.readFileSync(path.join(bootstrap.directory, 'cdk.tf.json'), 'utf8'));
    expect(Object.values(bootstrapJson.resource.aws_s3_bucket).map((b: any) => b.bucket)).toEqual(['example-terraform-state']);
    expect(Object.values(bootstrapJson.resource.aws_iam_role).map((r: any) => r.name)).toContain('SecurityBaselineDeployer');

    // 5. Synthesize; 6. the manifest orders the roll-out (cdktf deploy '*' follows it).
    synthesizeOrganization(org, { outdir });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    const dependencies = Object.fromEntries(
      Object.entries(manifest.stacks).map(([name, entry]: [string, any]) => [name, entry.dependencies]),
    );
    const nameOf = (role: string) => org.accounts.find((a) => a.role === role)!.name;
    expect(dependencies).toEqual({
      [nameOf('log-archive')]: [],
      [nameOf('management')]: [nameOf('log-archive')],
      [nameOf('security')]: [nameOf('management')],
      ...Object.fromEntries(org.accounts.filter((a) => a.role === 'workload').map((a) => [a.name, [nameOf('security')]])),
    });

    // The security stack, after management designated it: what designation enabled is imported, nothing of it created again.
    const security = org.accounts.find((a) => a.role === 'security')!;
    const plan = await planStackCopy(found as Terraform, path.join(outdir, 'stacks', security.name), stateBeforeFirstApply(org, security));
    expect(plan.diagnostics).toEqual([]);
    const regions = detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions);
    expect(plan.imports.map(([address]) => address.split('.')[0]).sort()).toEqual(
      [...regions.map(() => 'aws_guardduty_detector'), 'aws_securityhub_account'].sort(),
    );
    const created = plan.changes.filter(([, action]) => action === 'create').map(([address]) => address.split('.')[0]);
    expect(created.filter((type) => type === 'aws_guardduty_detector' || type === 'aws_securityhub_account')).toEqual([]);
    expect(plan.changes.filter(([, action]) => action === 'delete' || action === 'replace')).toEqual([]);
    expect(plan.summary).toMatchObject({ import: regions.length + 1, remove: 0 });
  },
  300_000,
);
