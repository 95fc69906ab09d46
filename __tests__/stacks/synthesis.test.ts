/**
 * Synthesis one stack at a time (stacks/organization.ts, without cdktf's preparing resolve) against
 * cdktf's own path (scripts/one-app-synthesis.ts: one App holding every stack with `addDependency`,
 * the preparing resolve included): the output, manifest included, must be byte-identical, so
 * `cdktf diff/deploy` and Terraform Cloud see no difference. Then account selection: only the
 * selected stacks are written, the others and their manifest entries stay as they were.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCOUNT_OPTION, accountSelection, selectAccounts } from '../../config/account-selection';
import { parseCommandLine, UsageError } from '../../config/command-line';
import { STACKS_FOLDER } from '../../operations/synthesized-output';
import { synthesizeInOneApp } from '../../scripts/one-app-synthesis';
import { App, Manifest } from 'cdktf';
import { declaredResources } from '../../stacks/migration';
import { accountStack, synthesizeOrganization } from '../../stacks/organization';
// After cdktf itself (which the stacks load): its private modules import each other in a cycle.
import { TokenMap } from 'cdktf/lib/tokens/private/token-map';
import { MAX_DEFAULT_WORKERS, PARALLEL_FROM_STACKS, synthesisWorkers } from '../../config/synthesis-workers';
import { reportStream, synthesisReporter } from '../../stacks/synthesis-report';
import { buildMain, runMain } from '../helpers/main-process';
import { controlTowerExampleInput, exampleOrg, organizationModeExample, organizationModeExampleInput, tempDir } from '../helpers/synth';
import { validateOrganizationConfig } from '../../config/load';
import type { AccountConfig, OrganizationConfig } from '../../config/schema';

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

/** The accounts `--account` patterns select in an organization file named my/acme.json. */
function select(org: OrganizationConfig, ...patterns: string[]): AccountConfig[] {
  return selectAccounts(org, { patterns, source: '--account' }, 'my/acme.json');
}

function thrownBy(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
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
    const { stacks } = synthesizeOrganization(org, { outdir: stackAtATime });
    expect(stacks.map((s) => s.name)).toEqual(org.accounts.map((a) => a.name));
    expect(stacks.every((s) => s.resources > 100)).toBe(true);
    expectSameTree(stackAtATime, oneApp);
  });
});

test('memory stays bounded by one stack: the tokens of each written stack are released', () => {
  const registry = TokenMap.instance() as unknown as { stringTokenMap: Map<unknown, unknown>; numberTokenMap: Map<unknown, unknown> };
  const size = () => registry.stringTokenMap.size + registry.numberTokenMap.size;
  const before = size();
  const { stacks } = synthesizeOrganization(organizationModeExample(), { outdir: tempDir('synthesis-tokens') });
  expect(stacks.length).toBe(5);
  expect(size()).toBe(before);
});

test('into a folder whose parents do not exist yet', () => {
  const outdir = path.join(tempDir('synthesis-nested'), 'a', 'b');
  expect(synthesizeOrganization(exampleOrg(), { outdir, accounts: select(exampleOrg(), 'security') }).stacks.length).toBe(1);
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

    const { stacks, removed } = synthesizeOrganization(org, { outdir, accounts: select(org, 'workload-d*') });
    expect({ stacks: stacks.map((s) => s.name), removed }).toEqual({ stacks: ['workload-dev'], removed: [] });
    expect(fs.readFileSync(other, 'utf8')).toBe('{"edited": "by hand"}');
    fs.copyFileSync(path.join(full, 'stacks', 'security', 'cdk.tf.json'), other);
    expectSameTree(outdir, full);
  });

  test('into an empty directory, the manifest lists only what was written', () => {
    const outdir = tempDir('synthesis-selected-only');
    synthesizeOrganization(org, { outdir, accounts: select(org, 'security') });
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks)).toEqual(['security']);
    expect(manifest.stacks.security.dependencies).toEqual(['management']);
  });

  test('patterns: names, globs, in config order', () => {
    expect(select(org, 'workload-*', 'management').map((a) => a.name)).toEqual(['management', 'workload-prod', 'workload-dev']);
    expect(select(org, 'workload-?rod').map((a) => a.name)).toEqual(['workload-prod']);
  });

  test('a pattern that matches nothing is a usage error naming its source and the file, with the nearest name and every account, closest first', () => {
    const error = thrownBy(() => select(org, 'security', 'workload-prd'));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      '--account: "workload-prd" matches no account of my/acme.json; did you mean "workload-prod"?\n' +
        '  its 5 accounts, closest first: workload-prod, workload-dev, log-archive, management, security',
    );
    // The organization file is fine: not a config error's heading.
    expect(error.message).not.toContain('Invalid organization config');
    expect(thrownBy(() => selectAccounts(org, { patterns: ['work.*'], source: 'SECURITY_BASELINE_ACCOUNTS' }, 'f')).message).toMatch(
      /^SECURITY_BASELINE_ACCOUNTS: "work\.\*" matches no account of f\n/,
    );
  });

  test('up to 30 accounts are listed, closest first, so the one meant is there in a large organization', () => {
    const input = organizationModeExampleInput();
    for (let i = 1; i <= 40; i++)
      input.accounts.push({ name: `team-${String(i).padStart(2, '0')}-prod`, id: String(600000000000 + i), role: 'workload' });
    input.accounts.push({ name: 'payments-prod', id: '699999999999', role: 'workload' });
    const large = validateOrganizationConfig(input);
    const [line, list] = thrownBy(() => select(large, 'payment-prod')).message.split('\n');
    expect(line).toBe('--account: "payment-prod" matches no account of my/acme.json; did you mean "payments-prod"?');
    expect(list).toMatch(/^ {2}its 46 accounts, closest first: payments-prod, team-01-prod, /);
    expect(list.split(': ')[1].split(', ')).toHaveLength(30);
    expect(list).toMatch(/, team-\d\d-prod and 16 more$/);
    // Nothing near: no guess, still the list.
    expect(thrownBy(() => select(large, 'zzzzzzzz')).message).toMatch(/^--account: "zzzzzzzz" matches no account of my\/acme\.json\n/);
  });

  test('from the command line (repeatable, --account=NAME) or, for cdktf synth, the environment, which names itself', () => {
    const commandLine = (...argv: string[]) => parseCommandLine({ usage: 'synth', options: [ACCOUNT_OPTION] }, argv);
    expect(accountSelection(commandLine('--account', 'a', '--account=b'), {})).toEqual({ patterns: ['a', 'b'], source: '--account' });
    expect(accountSelection(commandLine(), { SECURITY_BASELINE_ACCOUNTS: 'a, b,,' })).toEqual({
      patterns: ['a', 'b'],
      source: 'SECURITY_BASELINE_ACCOUNTS',
    });
    expect(accountSelection(commandLine('--account', 'c'), { SECURITY_BASELINE_ACCOUNTS: 'a' })?.patterns).toEqual(['c']);
    expect(accountSelection(commandLine(), {})).toBeUndefined();
  });
});

describe('a synth of every account removes the stacks of accounts no longer in the file', () => {
  const org = organizationModeExample();
  const standalone = exampleOrg();
  /** Output of another organization, with a folder of notes under stacks/ and another tool's folder beside it. */
  function outputOfAnotherOrganization(): string {
    const outdir = tempDir('synthesis-stale');
    const other = validateOrganizationConfig({
      ...organizationModeExampleInput(),
      accounts: [
        ...organizationModeExampleInput().accounts.filter((a: { role: string }) => a.role !== 'workload'),
        { name: 'payments-prod', id: '600000000001', role: 'workload' },
        { name: 'data-prod', id: '600000000002', role: 'workload' },
      ],
    });
    synthesizeOrganization(other, { outdir });
    fs.mkdirSync(path.join(outdir, STACKS_FOLDER, 'notes'));
    fs.writeFileSync(path.join(outdir, STACKS_FOLDER, 'notes', 'README.md'), 'not a stack');
    fs.mkdirSync(path.join(outdir, 'bootstrap'));
    fs.writeFileSync(path.join(outdir, 'bootstrap', 'cdk.tf.json'), '{}');
    return outdir;
  }
  const manifestOf = (outdir: string) => JSON.parse(fs.readFileSync(path.join(outdir, Manifest.fileName), 'utf8'));

  test('their folders and manifest entries go, and are named; what is not a stack, and what is outside stacks/, stays', () => {
    const outdir = outputOfAnotherOrganization();
    const { removed } = synthesizeOrganization(org, { outdir });
    expect(removed).toEqual(['data-prod', 'payments-prod']);
    expect(fs.readdirSync(path.join(outdir, STACKS_FOLDER)).sort()).toEqual([...org.accounts.map((a) => a.name), 'notes'].sort());
    expect(Object.keys(manifestOf(outdir).stacks).sort()).toEqual(org.accounts.map((a) => a.name).sort());
    expect(fs.readFileSync(path.join(outdir, STACKS_FOLDER, 'notes', 'README.md'), 'utf8')).toBe('not a stack');
    expect(fs.readFileSync(path.join(outdir, 'bootstrap', 'cdk.tf.json'), 'utf8')).toBe('{}');
    expect(STACKS_FOLDER).toBe(Manifest.stacksFolder);
  });

  test('a stale manifest entry whose folder is gone is named too', () => {
    const outdir = outputOfAnotherOrganization();
    fs.rmSync(path.join(outdir, STACKS_FOLDER, 'data-prod'), { recursive: true });
    expect(synthesizeOrganization(org, { outdir }).removed).toEqual(['data-prod', 'payments-prod']);
  });

  test('a selection removes nothing: the other stacks stay, only the entries of accounts still in the file are kept', () => {
    const outdir = outputOfAnotherOrganization();
    const { removed } = synthesizeOrganization(org, { outdir, accounts: select(org, 'workload-dev') });
    expect(removed).toEqual([]);
    expect(fs.existsSync(path.join(outdir, STACKS_FOLDER, 'payments-prod', 'cdk.tf.json'))).toBe(true);
    expect(Object.keys(manifestOf(outdir).stacks)).toEqual(['log-archive', 'management', 'security', 'workload-dev']);
  });

  test('a synth that fails leaves the previous output whole, stale stacks included', () => {
    const outdir = outputOfAnotherOrganization();
    const manifest = fs.readFileSync(path.join(outdir, Manifest.fileName));
    // A file where a stack's folder must go: cdktf cannot write the stack.
    fs.writeFileSync(path.join(outdir, STACKS_FOLDER, standalone.accounts.at(-1)!.name), 'in the way');
    expect(() => synthesizeOrganization(standalone, { outdir })).toThrow();
    expect(fs.readFileSync(path.join(outdir, Manifest.fileName)).equals(manifest)).toBe(true);
    expect(fs.existsSync(path.join(outdir, STACKS_FOLDER, 'payments-prod', 'cdk.tf.json'))).toBe(true);
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
      stderr: expect.stringMatching(new RegExp(`^synthesized 9 stacks of 9 from ${escaped(configPath)}, \\d+ resources`)),
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
    expect(result.stderr).toMatch(/^synthesized 4 stacks of 9 /);
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

  test('SECURITY_BASELINE_WORKERS must be a whole number from 1: else a usage error naming it (the file is fine), and nothing written', async () => {
    const outdir = path.join(tempDir('synthesis-workers-invalid'), 'out');
    const result = await runMain(path.dirname(outdir), configPath, { env: { SECURITY_BASELINE_WORKERS: 'two', CDKTF_OUTDIR: outdir } });
    expect({ exitCode: result.exitCode, stderr: result.stderr }).toEqual({
      exitCode: 2,
      stderr: 'SECURITY_BASELINE_WORKERS: "two" must be a whole number from 1 (1: no worker threads)\n',
    });
    expect(fs.existsSync(outdir)).toBe(false);
  }, 120_000);

  test('by default one thread below PARALLEL_FROM_STACKS stacks, one per core from there, at most MAX_DEFAULT_WORKERS', () => {
    expect(synthesisWorkers(PARALLEL_FROM_STACKS - 1, {}, 2)).toBe(1);
    expect(synthesisWorkers(PARALLEL_FROM_STACKS, {}, 2)).toBe(2);
    expect(synthesisWorkers(1000, {}, 64)).toBe(MAX_DEFAULT_WORKERS);
    expect(synthesisWorkers(3, { SECURITY_BASELINE_WORKERS: '8' }, 2)).toBe(3);
  });
});

describe('progress and summary', () => {
  const org = exampleOrg();
  const run = (isTTY: boolean, env: NodeJS.ProcessEnv, removed: string[] = []) => {
    const written: string[] = [];
    let clock = 1000;
    const report = synthesisReporter(
      org,
      'my/acme.json',
      { isTTY, write: (text: string) => written.push(text) },
      env,
      () => (clock += 1200),
    );
    report.progress({ name: 'management', resources: 200 }, 1, 2);
    report.done({
      stacks: [
        { name: 'management', resources: 200 },
        { name: 'security', resources: 250 },
      ],
      removed,
    });
    return written;
  };
  const summary = 'synthesized 2 stacks of 5 from my/acme.json, 450 resources, 3 detective-control regions, in 1.2 s\n';

  test('on a terminal: a progress line rewritten per stack, then the summary naming the file', () => {
    expect(run(true, {})).toEqual(['\r\x1b[K[1/2] management', '\r\x1b[K', summary]);
  });

  test('under CI=true, or not on a terminal: only the summary', () => {
    expect(run(true, { CI: 'true' })).toEqual([summary]);
    expect(run(false, {})).toEqual([summary]);
  });

  test('the stacks a full synth removed, in one line before the summary', () => {
    expect(run(false, {}, ['data-prod', 'payments-prod'])).toEqual([
      'removed 2 stacks no longer in my/acme.json: data-prod, payments-prod\n',
      summary,
    ]);
  });

  test('the regions counted are the detective-control regions the file chose', () => {
    const everywhere = { ...org, detectiveControlRegions: 'all-default-enabled' as const };
    const written: string[] = [];
    synthesisReporter(everywhere, 'f', { write: (text: string) => written.push(text) }, {}).done({ stacks: [], removed: [] });
    expect(written[0]).toContain(', 17 detective-control regions, ');
  });

  test('on stderr, so stdout stays free for tools; under the cdktf CLI on stdout, which cdktf does not show as [ERROR]', () => {
    const streams = { stdout: { write: () => true }, stderr: { write: () => true } };
    expect(reportStream({}, streams)).toBe(streams.stderr);
    expect(reportStream({ CDKTF_OUTDIR: 'cdktf.out', CDKTF_CONTEXT_JSON: '{}' }, streams)).toBe(streams.stderr);
    expect(reportStream({ CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: 'true' }, streams)).toBe(streams.stdout);
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
