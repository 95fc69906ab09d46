/**
 * Synthesis one stack at a time (stacks/organization.ts, without cdktf's preparing resolve) against
 * cdktf's own path (scripts/one-app-synthesis.ts: one App holding every stack with `addDependency`,
 * the preparing resolve included): the output, manifest included, must be byte-identical, so
 * `cdktf diff/deploy` and Terraform Cloud see no difference. Then account selection: only the
 * selected stacks are written, the others and their manifest entries stay as they were.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { accountPatterns, selectAccounts } from '../../config/account-selection';
import { ConfigError } from '../../config/load';
import { synthesizeInOneApp } from '../../scripts/one-app-synthesis';
import { App } from 'cdktf';
import { declaredResources } from '../../stacks/migration';
import { accountStack, synthesizeOrganization } from '../../stacks/organization';
// After cdktf itself (which the stacks load): its private modules import each other in a cycle.
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { MAX_DEFAULT_WORKERS, PARALLEL_FROM_STACKS, synthesisWorkers } from '../../config/synthesis-workers';
import { synthesisReporter } from '../../stacks/synthesis-report';
import { buildMain, runMain } from '../helpers/main-process';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, organizationModeExampleInput, tempDir } from '../helpers/synth';
import { validateOrganizationConfig } from '../../config/load';

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

  test("the migration blocks read each stack's resources from its constructs exactly as toTerraform names them", () => {
    for (const account of org.accounts) {
      const stack = accountStack(new App({ outdir: tempDir('synthesis-addresses'), stackTraces: false }), org, account);
      const resources = (stack.toTerraform() as { resource: Record<string, Record<string, { provider?: string }>> }).resource;
      const synthesized = Object.entries(resources).flatMap(([type, byId]) =>
        Object.entries(byId).map(([id, body]) => [`${type}.${id}`, body.provider ?? 'aws'] as const),
      );
      expect([...declaredResources(stack)].sort()).toEqual(synthesized.sort());
    }
  });

  test('every file, manifest included, is byte-identical', () => {
    const stackAtATime = tempDir('synthesis-stack-at-a-time');
    const written = synthesizeOrganization(org, { outdir: stackAtATime });
    expect(written.map((s) => s.name)).toEqual(org.accounts.map((a) => a.name));
    expect(written.every((s) => s.resources > 100)).toBe(true);
    expectSameTree(stackAtATime, oneApp);
  });
});

test('memory stays bounded by one stack: the tokens of each written stack are released', () => {
  const registry = TokenMap.instance() as unknown as { stringTokenMap: Map<unknown, unknown>; numberTokenMap: Map<unknown, unknown> };
  const size = () => registry.stringTokenMap.size + registry.numberTokenMap.size;
  const before = size();
  const written = synthesizeOrganization(organizationModeExample(), { outdir: tempDir('synthesis-tokens') });
  expect(written.length).toBe(5);
  expect(size()).toBe(before);
});

test('into a folder whose parents do not exist yet', () => {
  const outdir = path.join(tempDir('synthesis-nested'), 'a', 'b');
  expect(synthesizeOrganization(exampleOrg(), { outdir, accounts: selectAccounts(exampleOrg(), ['security'], 'test') }).length).toBe(1);
  expect(fs.existsSync(path.join(outdir, 'stacks', 'security', 'cdk.tf.json'))).toBe(true);
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
    expect(selectAccounts(org, ['workload-*', 'management'], 'f').map((a) => a.name)).toEqual([
      'management',
      'workload-prod',
      'workload-dev',
    ]);
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

describe('on worker threads (the bundled entry point, as cdktf synth runs it)', () => {
  // The example organization with more workloads than threads, so each worker writes several stacks.
  const input = organizationModeExampleInput();
  input.accounts.push(...[1, 2, 3, 4].map((n) => ({ name: `workload-extra-${n}`, id: `60000000000${n}`, role: 'workload' })));
  const org = validateOrganizationConfig(input);
  const configPath = path.join(tempDir('synthesis-workers-config'), 'organization.json');
  fs.writeFileSync(configPath, JSON.stringify(input));
  const oneThread = tempDir('synthesis-one-thread');
  synthesizeOrganization(org, { outdir: oneThread });
  beforeAll(() => buildMain(), 120_000);

  test('two workers write exactly what one thread writes, manifest included, and report every stack', async () => {
    const outdir = tempDir('synthesis-two-workers');
    const result = await runMain(outdir, configPath, { env: { SECURITY_BASELINE_WORKERS: '2', CDKTF_OUTDIR: outdir, CI: 'true' } });
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 0,
      stderr: expect.stringMatching(/^synthesized 9 stacks of 9, \d+ resources/),
    });
    expectSameTree(outdir, oneThread);
  }, 120_000);

  test('a selection on workers leaves the other stacks and their manifest entries as they were', async () => {
    const outdir = tempDir('synthesis-workers-selected');
    fs.cpSync(oneThread, outdir, { recursive: true });
    fs.rmSync(path.join(outdir, 'stacks', 'workload-extra-2'), { recursive: true });
    fs.rmSync(path.join(outdir, 'stacks', 'workload-extra-3'), { recursive: true });
    const result = await runMain(outdir, configPath, {
      args: ['--account', 'workload-extra-*'],
      env: { SECURITY_BASELINE_WORKERS: '2', CDKTF_OUTDIR: outdir, CI: 'true' },
    });
    expect(result.stderr).toMatch(/^synthesized 4 stacks of 9/);
    expectSameTree(outdir, oneThread);
  }, 120_000);

  test('a stack that fails on a worker: exit 1 naming its account, the other workers stopped, the manifest left as it was', async () => {
    const outdir = tempDir('synthesis-workers-failing');
    fs.cpSync(oneThread, outdir, { recursive: true });
    const manifest = fs.readFileSync(path.join(outdir, 'manifest.json'));
    // A file where the stack's folder must go: cdktf cannot write the stack.
    fs.rmSync(path.join(outdir, 'stacks', 'workload-extra-3'), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'stacks', 'workload-extra-3'), 'in the way');
    const result = await runMain(outdir, configPath, { env: { SECURITY_BASELINE_WORKERS: '2', CDKTF_OUTDIR: outdir, CI: 'true' } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('synthesizing the stack of workload-extra-3');
    expect(fs.readFileSync(path.join(outdir, 'manifest.json')).equals(manifest)).toBe(true);
  }, 120_000);

  test('SECURITY_BASELINE_WORKERS must be a whole number from 1: else an error naming it, and nothing written', async () => {
    const outdir = path.join(tempDir('synthesis-workers-invalid'), 'out');
    const result = await runMain(path.dirname(outdir), configPath, { env: { SECURITY_BASELINE_WORKERS: 'two', CDKTF_OUTDIR: outdir } });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('SECURITY_BASELINE_WORKERS: "two" must be a whole number from 1');
    expect(fs.existsSync(outdir)).toBe(false);
  }, 120_000);

  test('by default one thread below PARALLEL_FROM_STACKS stacks, one per core from there, at most MAX_DEFAULT_WORKERS', () => {
    expect(synthesisWorkers(PARALLEL_FROM_STACKS - 1, 'f', {}, 2)).toBe(1);
    expect(synthesisWorkers(PARALLEL_FROM_STACKS, 'f', {}, 2)).toBe(2);
    expect(synthesisWorkers(1000, 'f', {}, 64)).toBe(MAX_DEFAULT_WORKERS);
    expect(synthesisWorkers(3, 'f', { SECURITY_BASELINE_WORKERS: '8' }, 2)).toBe(3);
  });
});

describe('progress and summary', () => {
  const org = exampleOrg();
  const run = (isTTY: boolean, env: NodeJS.ProcessEnv) => {
    const written: string[] = [];
    let clock = 1000;
    const report = synthesisReporter(org, { isTTY, write: (text: string) => written.push(text) }, env, () => (clock += 1200));
    report.progress({ name: 'management', resources: 200 }, 1, 2);
    report.done([
      { name: 'management', resources: 200 },
      { name: 'security', resources: 250 },
    ]);
    return written;
  };

  test('on a terminal: a progress line rewritten per stack, then the summary', () => {
    expect(run(true, {})).toEqual([
      '\r\x1b[K[1/2] management',
      '\r\x1b[K',
      'synthesized 2 stacks of 5, 450 resources, 3 regions each, in 1.2 s\n',
    ]);
  });

  test('under CI=true, or not on a terminal: only the summary', () => {
    expect(run(true, { CI: 'true' })).toEqual(['synthesized 2 stacks of 5, 450 resources, 3 regions each, in 1.2 s\n']);
    expect(run(false, {})).toEqual(['synthesized 2 stacks of 5, 450 resources, 3 regions each, in 1.2 s\n']);
  });
});
