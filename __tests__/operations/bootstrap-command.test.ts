/**
 * `npm run bootstrap` as a user meets it: what it says it wrote and from which file, what it
 * refuses (with exit 2 for the command line, 1 for the organization file) without writing
 * anything, and its built entry point run as `npm run bootstrap` runs it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runBootstrapCommand } from '../../operations/bootstrap-command';
import { buildScripts, bundleDir } from '../helpers/main-process';
import { organizationModeExampleInput, REPO_ROOT, tempDir } from '../helpers/synth';

const EXAMPLE = path.join(REPO_ROOT, 'config/examples/organization.json');

async function run(argv: string[], { config = EXAMPLE, outdir = tempDir('bootstrap-command') }: { config?: string; outdir?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const env: NodeJS.ProcessEnv = { SECURITY_BASELINE_CONFIG: config, CDKTF_OUTDIR: outdir };
  const exitCode = await runBootstrapCommand(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, env);
  return { exitCode, out: out.join('\n'), err: err.join('\n'), written: fs.readdirSync(outdir) };
}

function configFile(change: (input: Record<string, any>) => void): string {
  const input = organizationModeExampleInput();
  change(input);
  const file = path.join(tempDir('bootstrap-config'), 'org.json');
  fs.writeFileSync(file, JSON.stringify(input));
  return file;
}

test('writes the configuration and the policies, naming the file it read and what to run next', async () => {
  const outdir = tempDir('bootstrap-command-out');
  const result = await run([], { outdir });
  expect(result).toMatchObject({ exitCode: 0, err: '', written: ['bootstrap'] });
  expect(result.out).toMatch(
    new RegExp(
      `^wrote ${outdir}/bootstrap/cdk\\.tf\\.json \\(15 resources: the state bucket acme-terraform-state-222222222222 and the deployment role of management; its state: local\\) and deployment-role-policy\\.json from config/examples/organization\\.json\\n` +
        'next: cd .* && terraform init && terraform apply .*then npm run bootstrap -- --backend s3 and terraform init -migrate-state there',
    ),
  );
  expect((await run(['--backend', 's3'], { outdir })).out).toMatch(
    /its state: s3\).*\nnext: cd .* && terraform init && terraform apply \(with the bootstrap account's administrator credentials\)$/,
  );
});

test.each([
  [
    ['--backnd', 's3'],
    /^unknown option --backnd \(did you mean --backend\?\)\nunexpected argument "s3"\nusage: npm run bootstrap -- \[options\]/,
  ],
  [['--backend', 's4'], /^--backend: "s4" must be one of: local, s3, cloud; did you mean "s3"\?/],
  [['--backend'], /^--backend needs a value \(local\|s3\|cloud\)/],
  [['management'], /^unexpected argument "management"/],
  [
    ['--backend', 'cloud'],
    /^--backend cloud needs stateBackend\.type "cloud"; config\/examples\/organization\.json has "s3": use --backend local or --backend s3/,
  ],
])('%j: exit 2, the reason and the usage, nothing written', async (argv, message) => {
  const result = await run(argv);
  expect(result).toMatchObject({ exitCode: 2, out: '', written: [] });
  expect(result.err).toMatch(message);
  expect(result.err).toContain('--backend local|s3|cloud');
});

test('an organization file the bootstrap cannot use: exit 1, every problem, nothing written', async () => {
  const config = configFile((input) => (input.bootstrap = { account: 'managment' }));
  const result = await run([], { config });
  expect(result).toMatchObject({ exitCode: 1, out: '', written: [] });
  expect(result.err).toMatch(
    new RegExp(
      `^Invalid organization config ${config}: 1 problem\\n  - bootstrap\\.account: "managment" must be the name of one of the accounts: .*did you mean "management"\\?$`,
    ),
  );
  expect(await run([], { config: configFile((input) => (input.namePrefix = 'Acme')) })).toMatchObject({ exitCode: 1, written: [] });
});

test('--help prints the usage and writes nothing', async () => {
  expect(await run(['--help'])).toMatchObject({ exitCode: 0, err: '', written: [] });
  expect((await run(['--help'])).out).toMatch(/^usage: npm run bootstrap -- \[options\]\noptions:\n {2}--backend local\|s3\|cloud /);
});

test('warns when the directory was initialized with another backend than the one it now writes', async () => {
  const outdir = tempDir('bootstrap-command-reinit');
  fs.mkdirSync(path.join(outdir, 'bootstrap', '.terraform'), { recursive: true });
  fs.writeFileSync(path.join(outdir, 'bootstrap', '.terraform', 'terraform.tfstate'), JSON.stringify({ backend: { type: 's3' } }));
  expect((await run([], { outdir })).err).toMatch(
    /^WARNING: .*bootstrap was initialized with the s3 backend; this configuration uses local\. .*--backend s3 to keep it/,
  );
  expect((await run(['--backend', 's3'], { outdir })).err).toBe('');
});

describe('the built entry point (npm run bootstrap)', () => {
  // Built by package.json's own esbuild command for `npm run bootstrap`.
  const bundles = bundleDir('bootstrap-test');
  const bundle = path.join(bundles, 'bootstrap.js');
  beforeAll(() => buildScripts(bundles, ['bootstrap']));
  afterAll(() => fs.rmSync(bundles, { recursive: true, force: true }));

  const node = (args: string[], env: NodeJS.ProcessEnv) => {
    const child = { ...process.env, ...env };
    delete child.SECURITY_BASELINE_CONFIG;
    return spawnSync(process.execPath, [bundle, ...args], { cwd: REPO_ROOT, env: { ...child, ...env }, encoding: 'utf8' });
  };

  test('runs as the command does: the bundled example with its warning, exit 2 on a bad option', () => {
    const outdir = tempDir('bootstrap-entry');
    const ok = node([], { CDKTF_OUTDIR: outdir });
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/^WARNING: no organization file chosen, so this uses the BUNDLED EXAMPLE/);
    expect(ok.stdout).toMatch(/^wrote .*cdk\.tf\.json/);
    expect(fs.readdirSync(path.join(outdir, 'bootstrap')).sort()).toEqual(['cdk.tf.json', 'deployment-role-policy.json']);
    const bad = node(['--acount', 'x'], { CDKTF_OUTDIR: tempDir('bootstrap-entry-bad') });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^unknown option --acount/);
  });
});
