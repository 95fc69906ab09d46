/**
 * The commands started every documented way (npm run, npx cdktf synth), in a temporary copy of the
 * project's layout whose cdktf.json sets `context.organizationConfig`: its sources and node_modules
 * linked, its own cdktf.json, dist/ and cdktf.out/. Each must read the file the context key names
 * (F-1: `npm run synth` used to synthesize the bundled example over the user's output), name it,
 * and leave no stack of another organization behind.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exampleOrgInput, REPO_ROOT, tempDir } from '../helpers/synth';
import { findTerraform } from '../helpers/terraform';

/** What a user's checkout holds besides its own cdktf.json and output: linked, read only. */
const LINKED = [
  'main.ts',
  'cdktf-without-stack-traces.ts',
  'config',
  'stacks',
  'modules',
  'operations',
  'functions',
  'scripts',
  'tsconfig.json',
  'node_modules',
];

function projectCopy(cdktfJson: Record<string, unknown>): string {
  const root = tempDir('project-layout');
  for (const name of LINKED) fs.symlinkSync(path.join(REPO_ROOT, name), path.join(root, name));
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(root, 'package.json'));
  fs.writeFileSync(path.join(root, 'cdktf.json'), JSON.stringify(cdktfJson, null, 2));
  return root;
}

const cdktfJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cdktf.json'), 'utf8'));
const project = projectCopy({ ...cdktfJson, context: { organizationConfig: 'my/acme.json' } });
// Two accounts whose names the bundled example does not have.
const acme = exampleOrgInput();
acme.accounts = [
  { name: 'payments-prod', id: '600000000001', role: 'workload' },
  { name: 'data-prod', id: '600000000002', role: 'workload' },
];
fs.mkdirSync(path.join(project, 'my'));
fs.writeFileSync(path.join(project, 'my', 'acme.json'), JSON.stringify(acme, null, 2));

/** Runs a command in the copy as a user would type it there: no organization file or output chosen in the environment. */
function inProject(command: string, args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', CHECKPOINT_DISABLE: '1' };
  for (const name of Object.keys(env)) {
    if (/^(SECURITY_BASELINE_|CDKTF_|INIT_CWD$|npm_)/.test(name)) delete env[name];
  }
  // cdktf runs `terraform version`: give it a CLI config that exists, whatever the user's says.
  const terraform = findTerraform();
  if ('cliConfigFile' in terraform) env.TF_CLI_CONFIG_FILE = terraform.cliConfigFile;
  return spawnSync(command, args, { cwd: project, env, encoding: 'utf8' });
}

const stacksIn = (outdir: string) => fs.readdirSync(path.join(project, outdir, 'stacks')).sort();

test('npm run synth reads the file cdktf.json names, says so, and removes the stacks of the organization synthesized before', () => {
  // First without the key: the bundled example, warned about; its stacks are what F-1's mix kept.
  const withKey = fs.readFileSync(path.join(project, 'cdktf.json'));
  fs.writeFileSync(path.join(project, 'cdktf.json'), JSON.stringify(cdktfJson));
  const example = inProject('npm', ['run', '--silent', 'synth']);
  expect(example.status).toBe(0);
  expect(example.stderr.split('\n')[0]).toBe(
    'WARNING: no organization file chosen, so this uses the BUNDLED EXAMPLE (config/examples/organization.json). ' +
      'Choose yours with SECURITY_BASELINE_CONFIG=path/to/org.json or "context": { "organizationConfig": "path/to/org.json" } in cdktf.json.',
  );
  expect(stacksIn('cdktf.out')).toEqual(['log-archive', 'management', 'security', 'workload-dev', 'workload-prod']);
  fs.mkdirSync(path.join(project, 'cdktf.out', 'bootstrap'));

  fs.writeFileSync(path.join(project, 'cdktf.json'), withKey);
  const result = inProject('npm', ['run', '--silent', 'synth']);
  expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: '' });
  expect(result.stderr.split('\n')).toEqual([
    'removed 5 stacks no longer in my/acme.json: log-archive, management, security, workload-dev, workload-prod',
    expect.stringMatching(/^synthesized 2 stacks of 2 from my\/acme\.json, \d+ resources, 3 detective-control regions, in [\d.]+ s$/),
    '',
  ]);
  expect(stacksIn('cdktf.out')).toEqual(['data-prod', 'payments-prod']);
  expect(Object.keys(JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out', 'manifest.json'), 'utf8')).stacks).sort()).toEqual([
    'data-prod',
    'payments-prod',
  ]);
  expect(fs.existsSync(path.join(project, 'cdktf.out', 'bootstrap'))).toBe(true);
}, 120_000);

test('npm run synth --account x (npm takes the option): an error saying how to write it, nothing written', () => {
  const before = fs.readFileSync(path.join(project, 'cdktf.out', 'manifest.json'));
  const result = inProject('npm', ['run', '--silent', 'synth', '--account', 'payments-prod']);
  expect(result.status).toBe(2);
  expect(result.stderr.split('\n')[0]).toBe(
    'npm took --account for its own (npm run passes options on only after --): write npm run synth -- --account payments-prod',
  );
  expect(fs.readFileSync(path.join(project, 'cdktf.out', 'manifest.json')).equals(before)).toBe(true);
}, 60_000);

test('npx cdktf synth: the same file; its summary on stdout, which cdktf shows as it is, not as [ERROR]', () => {
  const result = inProject(path.join(project, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', 'cdktf-cli.out']);
  const output = `${result.stdout}${result.stderr}`;
  expect(result.status).toBe(0);
  expect(output).toMatch(/synthesized 2 stacks of 2 from my\/acme\.json, /);
  expect(output).not.toMatch(/\[ERROR\][^\n]*synthesized/);
  expect(stacksIn('cdktf-cli.out')).toEqual(['data-prod', 'payments-prod']);
}, 120_000);

test('npm run report and npm run check:fresh: the same file, named', () => {
  const report = inProject('npm', ['run', '--silent', 'report']);
  expect({ status: report.status, stdout: report.stdout }).toEqual({
    status: 0,
    stdout: 'wrote compliance-report.md and compliance-report.json: 2 stacks of my/acme.json, read from cdktf.out\n',
  });
  const fresh = inProject('npm', ['run', '--silent', 'check:fresh']);
  expect({ status: fresh.status, stdout: fresh.stdout }).toEqual({
    status: 0,
    stdout: '2 stacks of my/acme.json up to date in cdktf.out\n',
  });
}, 120_000);
