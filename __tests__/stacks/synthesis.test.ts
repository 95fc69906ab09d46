/**
 * Synthesis one stack at a time (stacks/organization.ts) against cdktf's own path, one App holding
 * every stack with `addDependency`: the output, manifest included, must be byte-identical, so
 * `cdktf diff/deploy` and Terraform Cloud see no difference. Then account selection: only the
 * selected stacks are written, the others and their manifest entries stay as they were.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdktf';
import { accountPatterns, selectAccounts } from '../../config/account-selection';
import { ConfigError } from '../../config/load';
import type { OrganizationConfig } from '../../config/schema';
import { accountStack, stackDependencies, synthesizeOrganization } from '../../stacks/organization';
import { synthesisReporter } from '../../stacks/synthesis-report';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, tempDir } from '../helpers/synth';
import { validateOrganizationConfig } from '../../config/load';

/** cdktf's path: every stack in one App, dependencies declared with addDependency. */
function synthesizeInOneApp(org: OrganizationConfig, outdir: string): void {
  const app = new App({ outdir, stackTraces: false });
  const stacks = new Map(org.accounts.map((account) => [account.name, accountStack(app, org, account)]));
  for (const account of org.accounts) {
    for (const dependency of stackDependencies(org, account)) stacks.get(account.name)!.addDependency(stacks.get(dependency)!);
  }
  app.synth();
}

/** Every file under `dir`, relative path → contents. */
function tree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

function expectSameTree(actual: string, expected: string): void {
  const [a, e] = [tree(actual), tree(expected)];
  expect([...a.keys()].sort()).toEqual([...e.keys()].sort());
  const differing = [...e.keys()].filter((file) => !a.get(file)!.equals(e.get(file)!));
  expect(differing).toEqual([]);
}

describe.each([
  ['standalone', () => exampleOrg()],
  ['organization mode', () => organizationModeExample()],
  ['organization mode under Control Tower', () => validateOrganizationConfig(controlTowerExampleInput())],
])('%s: one stack at a time writes exactly what one App writes', (_, example) => {
  const org = example();
  const oneApp = tempDir('synthesis-one-app');
  synthesizeInOneApp(org, oneApp);

  test('every file, manifest included, is byte-identical', () => {
    const stackAtATime = tempDir('synthesis-stack-at-a-time');
    const written = synthesizeOrganization(org, { outdir: stackAtATime });
    expect(written.map((s) => s.name)).toEqual(org.accounts.map((a) => a.name));
    expect(written.every((s) => s.resources > 100)).toBe(true);
    expectSameTree(stackAtATime, oneApp);
  });
});

describe('selecting accounts', () => {
  const org = organizationModeExample();

  test('only the selected stacks are written; the others, and their manifest entries, stay as they were', () => {
    const full = tempDir('synthesis-full');
    synthesizeOrganization(org, { outdir: full });
    const outdir = tempDir('synthesis-selected');
    synthesizeOrganization(org, { outdir });
    const other = path.join(outdir, 'stacks', 'security', 'cdk.tf.json');
    fs.writeFileSync(other, '{"edited": "by hand"}');
    fs.rmSync(path.join(outdir, 'stacks', 'workload-dev'), { recursive: true });

    const written = synthesizeOrganization(org, { outdir, accounts: selectAccounts(org, ['workload-d*'], 'test') });
    expect(written.map((s) => s.name)).toEqual(['workload-dev']);
    expect(fs.readFileSync(other, 'utf8')).toBe('{"edited": "by hand"}');
    fs.copyFileSync(path.join(full, 'stacks', 'security', 'cdk.tf.json'), other);
    expectSameTree(outdir, full);
  });

  test('into an empty directory, the manifest lists only what was written', () => {
    const outdir = tempDir('synthesis-selected-only');
    synthesizeOrganization(org, { outdir, accounts: selectAccounts(org, ['security'], 'test') });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['security']);
    expect(manifest.stacks.security.dependencies).toEqual(['management']);
  });

  test('patterns: names, globs, in config order; a pattern that matches nothing names the accounts', () => {
    expect(selectAccounts(org, ['workload-*', 'management'], 'f').map((a) => a.name)).toEqual(['management', 'workload-prod', 'workload-dev']);
    expect(selectAccounts(org, ['workload-?rod'], 'f').map((a) => a.name)).toEqual(['workload-prod']);
    expect(() => selectAccounts(org, ['security', 'workload-test'], 'f')).toThrow(ConfigError);
    expect(() => selectAccounts(org, ['workload-test'], 'f')).toThrow(
      '--account: "workload-test" matches no account; accounts: management, log-archive, security, workload-prod, workload-dev',
    );
    expect(() => selectAccounts(org, ['work.*'], 'f')).toThrow('matches no account');
  });

  test('from the command line (repeatable) or, for cdktf synth, the environment', () => {
    expect(accountPatterns(['--account', 'a', '--account=b'], {})).toEqual(['a', 'b']);
    expect(accountPatterns([], { SECURITY_BASELINE_ACCOUNTS: 'a, b,,' })).toEqual(['a', 'b']);
    expect(accountPatterns(['--account', 'c'], { SECURITY_BASELINE_ACCOUNTS: 'a' })).toEqual(['c']);
    expect(accountPatterns([], {})).toBeUndefined();
  });
});

describe('progress and summary', () => {
  const org = exampleOrg();
  const run = (isTTY: boolean, env: NodeJS.ProcessEnv) => {
    const written: string[] = [];
    let clock = 1000;
    const report = synthesisReporter(org, { isTTY, write: (text: string) => written.push(text) }, env, () => (clock += 1200));
    report.progress({ name: 'management', resources: 200 }, 1, 2);
    report.done([{ name: 'management', resources: 200 }, { name: 'security', resources: 250 }]);
    return written;
  };

  test('on a terminal: a progress line rewritten per stack, then the summary', () => {
    expect(run(true, {})).toEqual(['\r\x1b[K[1/2] management', '\r\x1b[K', 'synthesized 2 stacks of 5, 450 resources, 3 regions each, in 1.2 s\n']);
  });

  test('under CI=true, or not on a terminal: only the summary', () => {
    expect(run(true, { CI: 'true' })).toEqual(['synthesized 2 stacks of 5, 450 resources, 3 regions each, in 1.2 s\n']);
    expect(run(false, {})).toEqual(['synthesized 2 stacks of 5, 450 resources, 3 regions each, in 1.2 s\n']);
  });
});
