/**
 * `npm run plan:offline` as a user runs it: the bundle package.json builds (dist/plan-offline.js),
 * started as a process in a directory of its own, on the bundled example. Its mistakes need no
 * Terraform; its plans are of two small stacks standing for the security stack's designation
 * reads (the suites plan the real stacks), and need Terraform with the provider mirror.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH } from '../../config/config-file';
import { buildScripts, bundleDir, runScript, type MainResult } from '../helpers/main-process';
import { REPO_ROOT, tempDir } from '../helpers/synth';
import { findTerraform } from '../helpers/terraform';

const found = findTerraform();
if ('unavailable' in found && process.env.CI === 'true') throw new Error(`Terraform checks cannot run in CI: ${found.unavailable}`);
const testWithTerraform = 'unavailable' in found ? test.skip : test;

/** Built by package.json's own esbuild commands for `npm run plan:offline`. */
const BUNDLES = bundleDir('plan-offline-test');
const SCRIPT = path.join(BUNDLES, 'plan-offline.js');

/** Runs the command in `cwd` as npm would (INIT_CWD), with the bundled example chosen explicitly. */
function planOffline(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<MainResult> {
  return runScript(SCRIPT, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, INIT_CWD: cwd, SECURITY_BASELINE_CONFIG: path.join(REPO_ROOT, EXAMPLE_CONFIG_PATH), ...env },
  });
}

/**
 * A one-region stack of `accountId` that reads the account's GuardDuty detector and imports it,
 * as the security stack does in each region (home region eu-west-1, the example's).
 */
function detectorStack(accountId: string): object {
  return {
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    provider: {
      aws: [
        {
          region: 'eu-west-1',
          allowed_account_ids: [accountId],
          assume_role: [{ role_arn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, session_name: 'security-baseline' }],
        },
      ],
    },
    data: { aws_guardduty_detector: { existing: {} } },
    resource: { aws_guardduty_detector: { detector: { enable: true, finding_publishing_frequency: 'FIFTEEN_MINUTES' } } },
    import: [{ to: 'aws_guardduty_detector.detector', id: '${data.aws_guardduty_detector.existing.id}' }],
  };
}

beforeAll(() => buildScripts(BUNDLES, ['plan:offline']));
afterAll(() => fs.rmSync(BUNDLES, { recursive: true, force: true }));

describe('npm run plan:offline', () => {
  test('an unknown option is an error naming it, with the near miss and the usage; exit 2', async () => {
    const { exitCode, stdout, stderr } = await planOffline(tempDir('plan-offline-usage'), ['--acount', 'security']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown option --acount (did you mean --account?)');
    expect(stderr).toContain('usage: npm run plan:offline --');
  });

  test('without --account it says that one is needed; exit 2', async () => {
    const { exitCode, stderr } = await planOffline(tempDir('plan-offline-no-account'), []);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--account is required');
  });

  test('names the organization file, and an account it does not have with the accounts it has; exit 2', async () => {
    const { exitCode, stderr } = await planOffline(tempDir('plan-offline-unknown-account'), ['--account', 'securty']);
    expect(exitCode).toBe(2);
    // Shown from the project root, where npm runs the command.
    expect(stderr).toContain(`organization file: ${EXAMPLE_CONFIG_PATH} (chosen by SECURITY_BASELINE_CONFIG)`);
    expect(stderr).toContain(`--account: "securty" matches no account of ${EXAMPLE_CONFIG_PATH}; did you mean "security"?`);
    expect(stderr).toContain('its 5 accounts, closest first: security, management, log-archive, workload-prod, workload-dev');
  });

  test('an invalid organization file is exit 1, as for every command, and plans nothing', async () => {
    const cwd = tempDir('plan-offline-invalid');
    const file = path.join(cwd, 'broken.json');
    fs.writeFileSync(file, '{ "namePrefix": "acme", }');
    const { exitCode, stderr, stdout } = await planOffline(cwd, ['--account', 'security'], { SECURITY_BASELINE_CONFIG: file });
    expect(exitCode).toBe(1);
    expect(stderr).toContain('Invalid organization config');
    expect(stdout).toBe('');
  });

  test('a stack not synthesized is an error that says to run synth, before anything is planned; exit 2', async () => {
    const cwd = tempDir('plan-offline-missing');
    fs.mkdirSync(path.join(cwd, 'out', 'stacks', 'security'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'out', 'stacks', 'security', 'cdk.tf.json'), '{}');
    // --dir is taken from the directory the command was typed in.
    const { exitCode, stdout, stderr } = await planOffline(cwd, ['--account', 'security', '--account', 'workload-*', '--dir', 'out']);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`no synthesized stack for workload-prod, workload-dev in ${path.join(cwd, 'out')}`);
    expect(stderr).toContain('run `npm run synth` first');
  });

  test('without Terraform it says how to get one; exit 2', async () => {
    const cwd = tempDir('plan-offline-no-terraform');
    fs.mkdirSync(path.join(cwd, 'cdktf.out', 'stacks', 'security'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'cdktf.out', 'stacks', 'security', 'cdk.tf.json'), '{}');
    const { exitCode, stderr } = await planOffline(cwd, ['--account', 'security', '--dir', 'cdktf.out'], {
      TERRAFORM_BINARY: path.join(cwd, 'no-terraform-here'),
    });
    expect(exitCode).toBe(2);
    expect(stderr).toContain(
      `no Terraform CLI found ("${path.join(cwd, 'no-terraform-here')}"; install Terraform 1.10 or later, or set TERRAFORM_BINARY)`,
    );
  });

  testWithTerraform(
    "plans the security account as after its designation (the detector exists and is imported), a fresh account as such (no detector: the read fails); exit 1; the stacks' folders are left as they were",
    async () => {
      const cwd = tempDir('plan-offline-plans');
      const stacks = path.join(cwd, 'cdktf.out', 'stacks');
      for (const [name, accountId] of [
        ['security', '333333333333'],
        ['workload-prod', '444444444444'],
      ]) {
        fs.mkdirSync(path.join(stacks, name), { recursive: true });
        fs.writeFileSync(path.join(stacks, name, 'cdk.tf.json'), JSON.stringify(detectorStack(accountId)));
      }
      const terraform = found as { cliConfigFile: string };
      const { exitCode, stdout, stderr } = await planOffline(
        cwd,
        ['--account', 'security', '--account', 'workload-prod', '--dir', 'cdktf.out'],
        {
          TF_CLI_CONFIG_FILE: terraform.cliConfigFile,
        },
      );
      expect(stdout.split('\n')).toEqual([
        'security: planned as after the management stack designated it: GuardDuty detectors in eu-west-1, eu-central-1, us-east-1 and Security Hub in eu-west-1 exist, and are imported',
        // Imported, and brought from GuardDuty's default (six hours) to the configured frequency.
        'security: Plan: 1 to import, 0 to add, 1 to change, 0 to destroy.',
        'workload-prod: plan failed (1 error)',
        'planned 2 stacks offline: 1 without errors',
        '',
      ]);
      expect(stderr).toContain("error: reading this account's single GuardDuty Detector");
      expect(exitCode).toBe(1);
      for (const name of ['security', 'workload-prod']) expect(fs.readdirSync(path.join(stacks, name))).toEqual(['cdk.tf.json']);
    },
    120_000,
  );
});
