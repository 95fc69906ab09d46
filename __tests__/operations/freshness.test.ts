import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_PATH } from '../../config/config-file';
import { allUpToDate, compareOutputs, formatFreshness, type StackFreshness } from '../../operations/freshness';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A small stack as cdktf writes it: one bucket, an S3 backend, and a function zip in its assets. */
function stackJson(bucketName = 'acme-logs'): Record<string, any> {
  return {
    '//': { metadata: { backend: 's3', stackName: 'stack', version: '0.21.0' }, outputs: {} },
    provider: { aws: [{ region: 'eu-west-1' }] },
    resource: { aws_s3_bucket: { logs: { bucket: bucketName, tags: { owner: 'security' } } } },
    terraform: { backend: { s3: { bucket: 'state', key: 'security-baseline/stack/terraform.tfstate' } } },
  };
}

/** Writes `stacks/<name>/cdk.tf.json` (and an asset) under `outdir`, formatted as cdktf does. */
function writeStack(outdir: string, name: string, json = stackJson(), zip = 'zip bytes'): void {
  const stackDir = path.join(outdir, 'stacks', name);
  fs.mkdirSync(path.join(stackDir, 'assets', 'code', 'HASH'), { recursive: true });
  fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  fs.writeFileSync(path.join(stackDir, 'assets', 'code', 'HASH', 'function.zip'), zip);
}

/** The committed output and the organization file, as the summary names them. */
const SUBJECT = { committedDir: 'cdktf.out', configName: 'my/acme.json' };

function statusOf(results: readonly StackFreshness[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.stack, r.status]));
}

describe('comparing committed output with a fresh synth', () => {
  let root: string;
  let committed: string;
  let fresh: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'freshness-test-'));
    committed = path.join(root, 'committed');
    fresh = path.join(root, 'fresh');
    for (const outdir of [committed, fresh]) for (const name of ['security', 'workload-prod']) writeStack(outdir, name);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('identical stacks are up to date, in one line', () => {
    const results = compareOutputs(committed, fresh);
    expect(statusOf(results)).toEqual({ security: 'up-to-date', 'workload-prod': 'up-to-date' });
    expect(allUpToDate(results)).toBe(true);
    expect(formatFreshness(results, SUBJECT)).toBe('2 stacks of my/acme.json up to date in cdktf.out');
  });

  test('only what Terraform reads counts: formatting, and files beside the configuration, do not', () => {
    const stackDir = path.join(committed, 'stacks', 'security');
    fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(stackJson()).concat('\r\n'));
    fs.mkdirSync(path.join(stackDir, '.terraform'));
    fs.writeFileSync(path.join(stackDir, '.terraform.lock.hcl'), 'provider "registry.terraform.io/hashicorp/aws" {}');
    expect(statusOf(compareOutputs(committed, fresh))).toEqual({ security: 'up-to-date', 'workload-prod': 'up-to-date' });
  });

  test('a changed resource argument: the stack differs, naming the resource and the argument', () => {
    writeStack(fresh, 'security', stackJson('acme-central-logs'));
    const results = compareOutputs(committed, fresh);
    expect(statusOf(results)).toEqual({ security: 'differs', 'workload-prod': 'up-to-date' });
    expect(results[0]).toEqual({
      stack: 'security',
      status: 'differs',
      changes: {
        resources: { added: [], removed: [], changed: [{ address: 'aws_s3_bucket.logs', arguments: ['bucket'] }] },
        blocks: [],
        assets: { added: [], removed: [], changed: [] },
      },
    });
    expect(allUpToDate(results)).toBe(false);
    expect(formatFreshness(results, SUBJECT)).toBe(
      [
        'cdktf.out is stale for my/acme.json: 1 of 2 stacks not up to date; run `npm run synth` and commit cdktf.out/stacks',
        '  security: differs',
        '    resources: 0 added, 0 removed, 1 changed',
        '      ~ aws_s3_bucket.logs (bucket)',
        '  workload-prod: up to date',
      ].join('\n'),
    );
  });

  test('resources added and removed by address, other blocks by name, assets by path', () => {
    const json = stackJson();
    json.resource.aws_sns_topic = { alerts: { name: 'alerts' } };
    json.data = { aws_caller_identity: { current: {} } };
    delete json.resource.aws_s3_bucket;
    json.terraform.backend.s3.key = 'elsewhere';
    writeStack(fresh, 'security', json, 'rebuilt zip bytes');
    const [security] = compareOutputs(committed, fresh);
    expect(security).toEqual({
      stack: 'security',
      status: 'differs',
      changes: {
        resources: { added: ['aws_sns_topic.alerts', 'data.aws_caller_identity.current'], removed: ['aws_s3_bucket.logs'], changed: [] },
        blocks: ['terraform'],
        assets: { added: [], removed: [], changed: ['code/HASH/function.zip'] },
      },
    });
  });

  test('a committed configuration that is not JSON (a merge conflict) differs, saying so', () => {
    fs.writeFileSync(path.join(committed, 'stacks', 'security', 'cdk.tf.json'), '<<<<<<< HEAD\n{}');
    const results = compareOutputs(committed, fresh);
    expect(statusOf(results)).toEqual({ security: 'differs', 'workload-prod': 'up-to-date' });
    expect(formatFreshness(results, SUBJECT)).toMatch(/^ {4}committed cdk\.tf\.json: not valid JSON \(.+\)$/m);
  });

  test('a stack of the config that was not committed is missing', () => {
    fs.rmSync(path.join(committed, 'stacks', 'workload-prod'), { recursive: true });
    const results = compareOutputs(committed, fresh);
    expect(statusOf(results)).toEqual({ security: 'up-to-date', 'workload-prod': 'not-committed' });
    expect(formatFreshness(results, SUBJECT)).toContain('  workload-prod: missing from cdktf.out (in my/acme.json, not committed)');
  });

  test('a committed stack the config no longer has is reported, unless only selected stacks were synthesized', () => {
    writeStack(committed, 'workload-old');
    const results = compareOutputs(committed, fresh);
    expect(statusOf(results)).toEqual({ security: 'up-to-date', 'workload-old': 'not-in-config', 'workload-prod': 'up-to-date' });
    expect(formatFreshness(results, SUBJECT)).toContain(
      '  workload-old: committed but no longer in my/acme.json (a synth of every account removes it)',
    );

    fs.rmSync(path.join(fresh, 'stacks', 'workload-prod'), { recursive: true });
    expect(statusOf(compareOutputs(committed, fresh, { selectedOnly: true }))).toEqual({ security: 'up-to-date' });
  });

  test('only folders holding a cdk.tf.json are stacks (the rule synth removes stale stacks by)', () => {
    fs.mkdirSync(path.join(committed, 'stacks', 'notes'));
    fs.writeFileSync(path.join(committed, 'stacks', 'notes', 'README.md'), 'not a stack');
    fs.rmSync(path.join(committed, 'stacks', 'workload-prod', 'cdk.tf.json'));
    expect(statusOf(compareOutputs(committed, fresh))).toEqual({ security: 'up-to-date', 'workload-prod': 'not-committed' });
  });

  test('the headline gives the synth that rewrites the committed output', () => {
    writeStack(committed, 'workload-old');
    const summary = formatFreshness(compareOutputs(committed, fresh), {
      ...SUBJECT,
      committedDir: 'out',
      synthCommand: 'CDKTF_OUTDIR=out npm run synth',
    });
    expect(summary.split('\n')[0]).toBe(
      'out is stale for my/acme.json: 1 of 3 stacks not up to date; run `CDKTF_OUTDIR=out npm run synth` and commit out/stacks',
    );
  });

  test('long lists are cut, counting the rest', () => {
    const json = stackJson();
    for (let i = 0; i < 12; i++) json.resource.aws_s3_bucket[`extra-${String(i).padStart(2, '0')}`] = { bucket: `b${i}` };
    writeStack(fresh, 'security', json);
    const summary = formatFreshness(compareOutputs(committed, fresh), SUBJECT);
    expect(summary).toContain('      + aws_s3_bucket.extra-09\n      … and 2 more\n');
    expect(summary).not.toContain('extra-10');
  });
});

describe('npm run check:fresh', () => {
  let root: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'freshness-e2e-'));
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** The environment with the example config, and no other selection or output directory. */
  function exampleEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, SECURITY_BASELINE_CONFIG: EXAMPLE_CONFIG_PATH };
    for (const name of ['SECURITY_BASELINE_ACCOUNTS', 'CDKTF_CONTEXT_JSON', 'CDKTF_OUTDIR']) delete env[name];
    return { ...env, ...extra };
  }

  function run(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}) {
    return spawnSync(command, args, { cwd: REPO_ROOT, env: exampleEnv(extraEnv), encoding: 'utf8' });
  }

  /** The script's temporary directories (os.tmpdir()/check-fresh-*). */
  function checkFreshTempDirs(): string[] {
    return fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('check-fresh-'));
  }

  test('passes on a freshly synthesized directory and fails, naming the stack, after an edit', () => {
    const committed = path.join(root, 'out');
    const tempDirsBefore = checkFreshTempDirs();

    // Nothing committed yet; this also builds dist/main.js and dist/check-fresh.js as the command does.
    const empty = run('npm', ['run', '--silent', 'check:fresh', '--', '--dir', committed, '--account', 'security']);
    expect(empty.stderr).toContain('  security: missing from');
    expect(empty.status).toBe(1);

    // Commit what the same build synthesizes; then check it with the built script.
    execFileSync(process.execPath, ['dist/main.js', '--account', 'security'], {
      cwd: REPO_ROOT,
      env: exampleEnv({ CDKTF_OUTDIR: committed }),
      stdio: 'pipe',
    });
    const upToDate = run(process.execPath, ['dist/check-fresh.js', `--dir=${committed}`, '--account', 'security']);
    expect({ status: upToDate.status, stdout: upToDate.stdout }).toEqual({
      status: 0,
      stdout: `1 stack of ${EXAMPLE_CONFIG_PATH} up to date in ${committed}\n`,
    });

    const stackFile = path.join(committed, 'stacks', 'security', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(stackFile, 'utf8'));
    const [type, byName] = Object.entries(json.resource as Record<string, Record<string, { tags?: unknown }>>)[0];
    const name = Object.keys(byName)[0];
    byName[name].tags = { edited: 'by hand' };
    fs.writeFileSync(stackFile, JSON.stringify(json, null, 2));
    const edited = run(process.execPath, ['dist/check-fresh.js', '--dir', committed, '--account', 'security']);
    expect(edited.status).toBe(1);
    expect(edited.stderr).toContain('  security: differs\n');
    expect(edited.stderr).toContain(`~ ${type}.${name} (tags)`);

    // Its own temporary directory is gone (others' may come and go: suites run side by side).
    expect(checkFreshTempDirs().filter((dir) => !tempDirsBefore.includes(dir))).toEqual([]);
  }, 60_000);

  test('when only a stack no longer in the file differs, its advice (run synth) is right: a synth of every account removes it', () => {
    // After the test above: dist/main.js and dist/check-fresh.js are built.
    const committed = path.join(root, 'stale');
    const synth = () =>
      execFileSync(process.execPath, ['dist/main.js'], { cwd: REPO_ROOT, env: exampleEnv({ CDKTF_OUTDIR: committed }), stdio: 'pipe' });
    synth();
    fs.cpSync(path.join(committed, 'stacks', 'workload-dev'), path.join(committed, 'stacks', 'workload-old'), { recursive: true });
    // Where synth writes by default (here CDKTF_OUTDIR): plain `npm run synth` rewrites it.
    const stale = run(process.execPath, ['dist/check-fresh.js'], { CDKTF_OUTDIR: committed });
    expect(stale.status).toBe(1);
    expect(stale.stderr.split('\n').slice(0, 1)).toEqual([
      `${committed} is stale for ${EXAMPLE_CONFIG_PATH}: 1 of 6 stacks not up to date; run \`npm run synth\` and commit ${path.join(committed, 'stacks')}`,
    ]);
    expect(stale.stderr).toContain(`  workload-old: committed but no longer in ${EXAMPLE_CONFIG_PATH}`);

    synth();
    const fixed = run(process.execPath, ['dist/check-fresh.js'], { CDKTF_OUTDIR: committed });
    expect({ status: fixed.status, stdout: fixed.stdout }).toEqual({
      status: 0,
      stdout: `5 stacks of ${EXAMPLE_CONFIG_PATH} up to date in ${committed}\n`,
    });
  }, 120_000);
});
