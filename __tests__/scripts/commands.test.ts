/**
 * Every command as a user starts it: the built entry points (package.json's own esbuild commands),
 * run as processes from a folder of the user's. Unknown options and stray arguments are errors
 * listing the options (exit 2, nothing written), `--help` works everywhere, paths are taken from
 * where the command was typed, and each command names the organization file it read, warning
 * when it is the bundled example.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledExampleWarning, EXAMPLE_CONFIG_PATH, resolveConfigFile } from '../../config/config-file';
import { buildScripts, bundleDir } from '../helpers/main-process';
import { exampleOrgInput, REPO_ROOT, tempDir } from '../helpers/synth';

let bundles: string;
beforeAll(() => {
  bundles = bundleDir('commands-test');
  buildScripts(bundles, ['synth', 'report', 'check:fresh', 'bench', 'docs', 'discover', 'plan:offline', 'bootstrap']);
}, 120_000);
test.each([
  ['discover', 'discover.js', 'from', 'discovery'],
  ['plan:offline', 'plan-offline.js', 'account', 'security'],
  ['bootstrap', 'bootstrap.js', 'backend', 's3'],
])('npm run %s --%s x (without --): npm takes the option, and the command says how to write it', (command, bundle, option, value) => {
  const cwd = tempDir(`command-npm-took-${command.replace(':', '-')}`);
  const result = run(bundle, [value], cwd, { npm_lifecycle_event: command, [`npm_config_${option}`]: 'true' });
  expect(result.status).toBe(2);
  expect(result.stderr.split('\n')[0]).toBe(
    `npm took --${option} for its own (npm run passes options on only after --): write npm run ${command} -- --${option} ${value}`,
  );
  expect(fs.readdirSync(cwd)).toEqual([]);
});

afterAll(() => fs.rmSync(bundles, { recursive: true, force: true }));

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bundle in `cwd` (also INIT_CWD, as npm would set it), writing its output under `cwd` unless `env` says otherwise. */
function run(bundle: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const base: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: cwd, CDKTF_OUTDIR: path.join(cwd, 'cdktf.out'), CI: 'true' };
  for (const name of Object.keys(base)) {
    if (/^(SECURITY_BASELINE_|CDKTF_CONTEXT_JSON$|CDKTF_CONTINUE_|npm_lifecycle_event$|npm_config_)/.test(name)) delete base[name];
  }
  const result = spawnSync(process.execPath, [path.join(bundles, bundle), ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A one-account organization file in `dir`, named acme.json. */
function oneAccountOrganization(dir: string): string {
  const input = exampleOrgInput();
  input.accounts = [input.accounts.find((a: { role: string }) => a.role === 'workload')];
  const file = path.join(dir, 'acme.json');
  fs.writeFileSync(file, JSON.stringify(input, null, 2));
  return file;
}

const COMMANDS = [
  { command: 'synth', bundle: 'main.js', misspelt: ['--acount', 'payments-prod'], meant: '--account', stray: 'payments-prod' },
  { command: 'report', bundle: 'compliance-report.js', misspelt: ['--outt', 'reports'], meant: '--out', stray: 'reports' },
  { command: 'check:fresh', bundle: 'check-fresh.js', misspelt: ['--dirr', 'out'], meant: '--dir', stray: 'payments-prod' },
  { command: 'bench', bundle: 'bench.js', misspelt: ['--markdwon', 'b.md'], meant: '--markdown', stray: 'b.md' },
  { command: 'docs', bundle: 'update-readme-catalog.js', misspelt: ['--chek'], meant: undefined, stray: 'README.md' },
  { command: 'discover', bundle: 'discover.js', misspelt: ['--frm', 'discovery'], meant: '--from', stray: 'discovery' },
  { command: 'plan:offline', bundle: 'plan-offline.js', misspelt: ['--acount', 'security'], meant: '--account', stray: 'security' },
  { command: 'bootstrap', bundle: 'bootstrap.js', misspelt: ['--backnd', 's3'], meant: '--backend', stray: 's3' },
];

describe.each(COMMANDS)('npm run $command', ({ command, bundle, misspelt, meant, stray }) => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'));
  afterEach(() => expect(fs.readFileSync(path.join(REPO_ROOT, 'README.md')).equals(readme)).toBe(true));

  test('an unknown option is an error listing the options, exit 2, nothing written', () => {
    const cwd = tempDir(`command-${command.replace(':', '-')}`);
    const result = run(bundle, misspelt, cwd);
    expect(result.status).toBe(2);
    const [problem] = result.stderr.split('\n');
    expect(problem).toBe(`unknown option ${misspelt[0]}${meant ? ` (did you mean ${meant}?)` : ''}`);
    expect(result.stderr).toContain(`usage: npm run ${command} -- [options]\noptions:\n`);
    expect(result.stderr).toMatch(/^ {2}--help +print this usage and exit$/m);
    expect(result.stdout).toBe('');
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('a stray argument is an error, exit 2, nothing written', () => {
    const cwd = tempDir(`command-${command.replace(':', '-')}`);
    const result = run(bundle, [stray], cwd);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^unexpected argument "${stray.replace('.', '\\.')}"`));
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('--help prints the usage on stdout, exit 0, nothing written', () => {
    const cwd = tempDir(`command-${command.replace(':', '-')}`);
    const result = run(bundle, ['--help'], cwd);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(new RegExp(`^usage: npm run ${command} -- \\[options\\]\\noptions:\\n`));
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

test('npm run synth --account x (without --): npm takes the option, and synth says how to write it', () => {
  const cwd = tempDir('command-npm-took');
  // What npm hands the script for `npm run synth --account payments-prod` (checked with npm 11 in project-layout.test.ts).
  const result = run('main.js', ['payments-prod'], cwd, { npm_lifecycle_event: 'synth', npm_config_account: 'true' });
  expect(result.status).toBe(2);
  expect(result.stderr.split('\n')[0]).toBe(
    'npm took --account for its own (npm run passes options on only after --): write npm run synth -- --account payments-prod',
  );
  const quoted = run('main.js', [], cwd, { npm_lifecycle_event: 'synth', npm_config_account: 'workload-*' });
  expect(quoted.stderr.split('\n')[0]).toMatch(/: write npm run synth -- --account 'workload-\*'$/);
  expect(fs.readdirSync(cwd)).toEqual([]);
});

describe('the organization file, named; the bundled example, warned about', () => {
  // As the commands print it, from a folder outside the project: the example named absolutely.
  const warning = bundledExampleWarning(resolveConfigFile({}, REPO_ROOT))!.replace(
    `(${EXAMPLE_CONFIG_PATH})`,
    `(${REPO_ROOT}/${EXAMPLE_CONFIG_PATH})`,
  );

  test('the project chooses no file, so it is the bundled example (the premise of the warnings below)', () => {
    expect(warning).toMatch(/^WARNING: .*BUNDLED EXAMPLE \(\/.*\)/);
  });

  test('synth: the summary names the file; the bundled example is warned about every time, on stderr', () => {
    const cwd = tempDir('command-synth-names');
    const acme = oneAccountOrganization(cwd);
    const mine = run('main.js', [], cwd, { SECURITY_BASELINE_CONFIG: 'acme.json' });
    expect({ status: mine.status, stdout: mine.stdout }).toEqual({ status: 0, stdout: '' });
    expect(mine.stderr).toMatch(/^synthesized 1 stack of 1 from acme\.json, \d+ resources, 3 detective-control regions, in [\d.]+ s\n$/);
    expect(fs.existsSync(path.join(cwd, 'cdktf.out', 'stacks', 'workload-prod', 'cdk.tf.json'))).toBe(true);
    expect(acme).toBe(path.join(cwd, 'acme.json'));

    for (let i = 0; i < 2; i++) {
      const example = run('main.js', ['--account', 'security'], cwd);
      expect(example.status).toBe(0);
      expect(example.stderr.split('\n').slice(0, 2)).toEqual([
        warning,
        expect.stringMatching(new RegExp(`^synthesized 1 stack of 5 from ${REPO_ROOT}/${EXAMPLE_CONFIG_PATH}, `)),
      ]);
    }
  }, 60_000);

  test('report: --out from where the command was typed; the summary names the files, the organization file and the output read', () => {
    const cwd = tempDir('command-report');
    oneAccountOrganization(cwd);
    const env = { SECURITY_BASELINE_CONFIG: 'acme.json' };
    expect(run('main.js', [], cwd, env).status).toBe(0);
    const result = run('compliance-report.js', ['--out', 'reports'], cwd, env);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toBe(
      'wrote reports/compliance-report.md and reports/compliance-report.json: 1 stack of acme.json, read from cdktf.out\n',
    );
    expect(fs.readdirSync(path.join(cwd, 'reports')).sort()).toEqual(['compliance-report.json', 'compliance-report.md']);

    const example = run('compliance-report.js', ['--out=example-reports'], cwd);
    expect(example.status).toBe(1);
    expect(example.stderr.split('\n')[0]).toBe(warning);
    expect(example.stderr).toContain('is missing or stale: run `npm run synth` first');
    expect(fs.existsSync(path.join(cwd, 'example-reports'))).toBe(false);
  }, 60_000);

  test('check:fresh: --dir from where the command was typed; names the file; the bundled example is warned about', () => {
    const cwd = tempDir('command-check-fresh');
    oneAccountOrganization(cwd);
    const env = { SECURITY_BASELINE_CONFIG: 'acme.json' };
    expect(run('main.js', [], cwd, { ...env, CDKTF_OUTDIR: 'committed' }).status).toBe(0);
    const result = run('check-fresh.js', ['--dir', 'committed'], cwd, env);
    expect({ status: result.status, stdout: result.stdout }).toEqual({
      status: 0,
      stdout: '1 stack of acme.json up to date in committed\n',
    });

    const example = run('check-fresh.js', ['--dir=committed', '--account', 'security'], cwd);
    expect(example.status).toBe(1);
    expect(example.stderr.split('\n').slice(0, 2)).toEqual([
      warning,
      `committed is stale for ${REPO_ROOT}/${EXAMPLE_CONFIG_PATH}: 1 of 1 stack not up to date; run \`CDKTF_OUTDIR=committed npm run synth\` and commit committed/stacks`,
    ]);
  }, 60_000);

  test('docs: the project README and docs/bootstrap.md, wherever the command is typed', () => {
    const result = run('update-readme-catalog.js', [], tempDir('command-docs'));
    expect(result).toEqual({
      status: 0,
      stdout: `${REPO_ROOT}/README.md: the generated tables are up to date\n${REPO_ROOT}/docs/bootstrap.md: the generated tables are up to date\n`,
      stderr: '',
    });
  });
});

describe('npm run bench', () => {
  test('--markdown, --runs and --case are checked before the run: exit 2 at once, nothing run', () => {
    const cwd = tempDir('command-bench-checks');
    const checks: [string[], RegExp][] = [
      [
        ['--markdown', '/nonexistent-folder/benchmarks.md'],
        /^--markdown: cannot write "\/nonexistent-folder\/benchmarks\.md" .*: its folder \/nonexistent-folder does not exist$/,
      ],
      [['--markdown', 'missing/b.md'], new RegExp(`^--markdown: cannot write "missing/b\\.md" \\(${cwd}/missing/b\\.md\\): its folder`)],
      [['--markdown', '.'], /: it is a folder$/],
      [['--runs', '0'], /^--runs: "0" must be a whole number from 1$/],
      [
        ['--case', 'organisation'],
        /^--case: "organisation" is not a case; did you mean "organization"\?; cases: organization, 100-accounts/,
      ],
    ];
    for (const [args, message] of checks) {
      const result = run('bench.js', args, cwd);
      expect({ args, status: result.status, stdout: result.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect(result.stderr.trim()).toMatch(message);
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('the organization case is the chosen file, named; --markdown relative to where the command was typed, or absolute', () => {
    const cwd = tempDir('command-bench');
    oneAccountOrganization(cwd);
    fs.mkdirSync(path.join(cwd, 'docs'));
    const mine = run('bench.js', ['--case', 'organization', '--runs', '1', '--markdown', 'docs/b.md'], cwd, {
      SECURITY_BASELINE_CONFIG: 'acme.json',
    });
    expect(mine.status).toBe(0);
    const row =
      /^\| acme\.json \(1 account, 3 detective-control regions\) \| – \| [\d.]+ s, peak \d+ MiB, 1 stack \| [\d.]+ s, peak \d+ MiB, 1 stack \| .+× faster/m;
    expect(mine.stdout).toMatch(row);
    const markdown = fs.readFileSync(path.join(cwd, 'docs', 'b.md'), 'utf8');
    expect(markdown).toMatch(/^# Synth benchmarks\n\nWritten by `npm run bench -- --case organization --runs 1 --markdown docs\/b\.md` /);
    expect(markdown).toMatch(row);

    const absolute = path.join(cwd, 'example.md');
    const example = run('bench.js', ['--case=organization', '--runs=1', `--markdown=${absolute}`], cwd);
    expect(example.status).toBe(0);
    expect(example.stderr.split('\n')[0]).toMatch(/^WARNING: no organization file chosen, so this uses the BUNDLED EXAMPLE /);
    expect(fs.readFileSync(absolute, 'utf8')).toMatch(
      /^\| example organization, .*config\/examples\/organization\.json \(5 accounts, 3 detective-control regions\) \| ≤ 0\.5 s \| .*, 5 stacks \|/m,
    );
  }, 120_000);
});
