/**
 * scripts/discover-collect.sh for real, with a stub `aws` on PATH that answers from recorded
 * output and logs every call: only read-only calls, every account and region covered, failures
 * recorded; then `npm run discover` on what it recorded, and the file loads.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadOrganizationConfig } from '../../config/load';
import { buildScripts, bundleDir } from '../helpers/main-process';
import { CONTROL_TOWER_ORGANIZATION, id, REGIONS } from '../fixtures/discovery/organizations';
import { cliError, type OrganizationSpec, writeRecordedOrganization } from '../fixtures/discovery/recorded-organization';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'discover-collect.sh');
const STUB = path.join(REPO_ROOT, '__tests__', 'helpers', 'aws-cli-stub.cjs');
/** Built by package.json's own esbuild command for `npm run discover`. */
const BUNDLES = bundleDir('discover-collect-test');
const DISCOVER_JS = path.join(BUNDLES, 'discover.js');

/** The calls the script may make: each reads, none changes anything (sts assume-role only hands out credentials). */
const READ_ONLY_CALLS = [
  'organizations describe-organization',
  'organizations list-accounts',
  'organizations list-roots',
  'organizations list-aws-service-access-for-organization',
  'sts get-caller-identity',
  'sts assume-role',
  'iam get-role',
  'configservice describe-configuration-recorders',
  'configservice describe-delivery-channels',
  'accessanalyzer list-analyzers',
  'guardduty list-detectors',
  'guardduty get-administrator-account',
  'securityhub describe-hub',
  'securityhub get-administrator-account',
  'securityhub get-enabled-standards',
  'securityhub list-finding-aggregators',
];
const PER_REGION_CALLS = [
  'configservice describe-configuration-recorders',
  'configservice describe-delivery-channels',
  'accessanalyzer list-analyzers',
  'guardduty list-detectors',
  'securityhub describe-hub',
];

interface LoggedCall {
  readonly caller: string;
  readonly args: readonly string[];
}

let root: string;
let fixtures: string;
let bin: string;

beforeAll(() => buildScripts(BUNDLES, ['discover']));
afterAll(() => fs.rmSync(BUNDLES, { recursive: true, force: true }));

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-collect-'));
  fixtures = path.join(root, 'fixtures');
  bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/sh\nexec "${process.execPath}" "${STUB}" "$@"\n`, { mode: 0o755 });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function collect(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const log = path.join(root, 'calls.log');
  fs.writeFileSync(log, '');
  const result = spawnSync('bash', [SCRIPT, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, AWS_STUB_FIXTURES: fixtures, AWS_STUB_LOG: log, AWS_PROFILE: 'operator', ...env },
  });
  const calls: LoggedCall[] = fs
    .readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { ...result, calls };
}

function discover(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const environment: NodeJS.ProcessEnv = { ...process.env, INIT_CWD: root, ...env };
  if (!('SECURITY_BASELINE_CONFIG' in env)) delete environment.SECURITY_BASELINE_CONFIG;
  return spawnSync(process.execPath, [DISCOVER_JS, ...args], { cwd: root, encoding: 'utf8', env: environment });
}

/** Every file under `dir`, relative, with its contents. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
  );
}

const regionsFlag = ['--regions', REGIONS.join(',')];

/** Fewer accounts, for the tests that do not need twelve (each call starts a process). */
const SMALL_ORGANIZATION: OrganizationSpec = {
  ...CONTROL_TOWER_ORGANIZATION,
  accounts: CONTROL_TOWER_ORGANIZATION.accounts.filter((a) => [id(1), id(2), id(3), id(5), id(11)].includes(a.id)),
};

describe('collecting with the AWS CLI', () => {
  test('records exactly what the CLI answered, for every active account and region, with read-only calls', () => {
    writeRecordedOrganization(fixtures, CONTROL_TOWER_ORGANIZATION);
    const result = collect(['--out', 'recorded', ...regionsFlag]);
    expect(result.stderr).toContain('recorded 12 accounts x 3 regions in recorded; ');
    expect(result.status).toBe(0);

    // Byte for byte what the stub answered (the fixtures were written as the CLI prints them), errors included.
    expect(tree(path.join(root, 'recorded'))).toEqual(tree(fixtures));

    const made = result.calls.map((c) => `${c.args[0]} ${c.args[1]}`);
    expect([...new Set(made)].filter((call) => !READ_ONLY_CALLS.includes(call))).toEqual([]);
    const active = CONTROL_TOWER_ORGANIZATION.accounts.filter((a) => a.state !== 'SUSPENDED').map((a) => a.id);
    for (const call of PER_REGION_CALLS) {
      const covered = result.calls
        .filter((c) => `${c.args[0]} ${c.args[1]}` === call)
        .map((c) => `${c.caller} ${c.args[c.args.indexOf('--region') + 1]}`)
        .sort();
      expect(covered).toEqual(active.flatMap((account) => REGIONS.map((region) => `${account} ${region}`)).sort());
    }
    // Each member is entered with its own role; the management account with the current credentials.
    const assumed = result.calls.filter((c) => c.args[1] === 'assume-role').map((c) => c.args[c.args.indexOf('--role-arn') + 1]);
    expect(assumed).toEqual(active.filter((a) => a !== id(1)).map((a) => `arn:aws:iam::${a}:role/OrganizationAccountAccessRole`));
    expect(result.calls.filter((c) => c.args[1] === 'get-role').map((c) => c.caller)).toEqual(active);
    // The suspended account is not read.
    expect(result.calls.some((c) => c.caller === id(13))).toBe(false);
    // Credentials never reach the disk or the output.
    expect(JSON.stringify(tree(path.join(root, 'recorded')))).not.toContain('stub-secret');
    expect(result.stderr + result.stdout).not.toContain('stub-secret');
  });

  test('then discover writes an organization file that loads once its placeholders are filled in', () => {
    writeRecordedOrganization(fixtures, CONTROL_TOWER_ORGANIZATION);
    expect(collect(['--out', 'recorded', ...regionsFlag]).status).toBe(0);

    const first = discover(['--from', 'recorded', '--out', 'org.json', '--name-prefix', 'acme']);
    expect(first.stdout).toContain('wrote org.json (new file)');
    // Written, but not complete: exactly the three placeholders discovery cannot fill are left.
    expect(first.status).toBe(1);
    expect(first.stderr).toContain('org.json is written but not complete yet');
    expect(first.stderr).toMatch(
      /3 problems\n {2}- notifications\.emails\[0\]: "TODO: [^\n]+\n {2}- organization\.controlTower\.landingZoneVersion: "TODO: [^\n]+\n {2}- stateBackend\.type: "TODO: /,
    );

    const file = path.join(root, 'org.json');
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    written.notifications.emails = ['security@example.com'];
    written.stateBackend = { type: 'local' };
    written.organization.controlTower.landingZoneVersion = '3.3';
    fs.writeFileSync(file, `${JSON.stringify(written, null, 2)}\n`);
    const org = loadOrganizationConfig(file);
    expect(org.accounts.map((a) => `${a.name} ${a.role}`)).toEqual([
      'acme-management management',
      'log-archive log-archive',
      'audit security',
      'data-platform workload',
      'development workload',
      'legacy-app workload',
      'network workload',
      'production workload',
      'production-0012 workload',
      'sandbox-alice workload',
      'shared-services workload',
      'staging workload',
    ]);

    // Discovering again changes nothing, and with nothing left to fix it succeeds.
    const before = fs.readFileSync(file, 'utf8');
    const again = discover(['--from', 'recorded', '--out', 'org.json']);
    expect(again.stdout).toContain('org.json is up to date (nothing changed)');
    expect(again.stdout).toContain('org.json is valid: next, npm run synth');
    expect(again.status).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  test('a role that cannot be assumed, and a call that is denied, are recorded as errors, and discover reports both', () => {
    const spec: OrganizationSpec = {
      ...SMALL_ORGANIZATION,
      accounts: SMALL_ORGANIZATION.accounts.map((account) =>
        account.id === id(5)
          ? {
              ...account,
              assumeRoleError: cliError(
                'AccessDenied',
                'AssumeRole',
                `User: arn:aws:iam::${id(1)}:user/operator is not authorized to perform: sts:AssumeRole`,
              ),
            }
          : account.id === id(11)
            ? { ...account, regions: { ...account.regions, 'us-east-1': { denied: ['configservice-describe-configuration-recorders'] } } }
            : account,
      ),
    };
    writeRecordedOrganization(fixtures, spec);
    const result = collect(['--out', 'recorded', ...regionsFlag]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain(
      `cannot assume OrganizationAccountAccessRole: An error occurred (AccessDenied) when calling the AssumeRole operation`,
    );
    expect(tree(path.join(root, 'recorded'))).toEqual(tree(fixtures));
    expect(result.calls.some((c) => c.caller === id(5) && c.args[0] !== 'sts')).toBe(false);

    const discovered = discover(['--from', 'recorded', '--out', 'org.json', '--name-prefix', 'acme']);
    expect(discovered.stdout).toContain(`not read       staging (${id(5)}, workload)`);
    expect(discovered.stdout).toContain(
      `staging (${id(5)}): could not be read (An error occurred (AccessDenied) when calling the AssumeRole operation`,
    );
    expect(discovered.stdout).toContain(
      `legacy-app (${id(11)}): could not read the Config recorder in us-east-1, so discover adopts nothing for it: An error occurred (AccessDeniedException)`,
    );
  });

  test('a role for the management account is assumed there too', () => {
    writeRecordedOrganization(fixtures, SMALL_ORGANIZATION, { role: 'Reader', managementRole: 'ManagementReader' });
    const result = collect(['--out', 'recorded', ...regionsFlag, '--role=Reader', '--management-role', 'ManagementReader']);
    expect(result.status).toBe(0);
    const assumed = result.calls.filter((c) => c.args[1] === 'assume-role').map((c) => c.args[c.args.indexOf('--role-arn') + 1]);
    expect(assumed[0]).toBe(`arn:aws:iam::${id(1)}:role/ManagementReader`);
    expect(assumed.slice(1).every((arn) => arn.endsWith(':role/Reader'))).toBe(true);
    expect(result.calls.some((c) => c.args[1] === 'get-caller-identity')).toBe(false);
    expect(tree(path.join(root, 'recorded'))).toEqual(tree(fixtures));
  });

  test('credentials of another account than the management account are refused before any account is read', () => {
    writeRecordedOrganization(fixtures, CONTROL_TOWER_ORGANIZATION);
    const result = collect(['--out', 'recorded', ...regionsFlag], { AWS_STUB_CALLER: id(3) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('the current credentials are of account');
    expect(result.calls.map((c) => `${c.args[0]} ${c.args[1]}`)).toEqual([
      'organizations describe-organization',
      'organizations describe-organization',
      'sts get-caller-identity',
    ]);
    // Nothing is left behind: the same directory can be used again.
    expect(fs.readdirSync(path.join(root, 'recorded'))).toEqual([]);
  });

  test.each([
    [['--out', 'x', ...regionsFlag, '--regoins', 'eu-west-1'], 'unknown option --regoins'],
    [['--out', 'x'], '--regions R1,R2,... is required'],
    [regionsFlag, '--out DIR is required'],
    [['--out', 'x', '--regions', 'eu-west-1,euwest2'], '--regions: "euwest2" is not a region name'],
    [['--out', 'x', '--regions', 'eu-west-1,eu-west-1'], '--regions: eu-west-1 is listed twice'],
    [['--out', 'x', ...regionsFlag, '--role'], '--role needs a value'],
    [['--out', 'x', ...regionsFlag, '--role', 'a b'], '"a b" is not an IAM role name'],
    [['--out', 'x', '--out', 'y', ...regionsFlag], '--out is given more than once'],
    [['stray', '--out', 'x', ...regionsFlag], 'unknown option stray'],
  ])('%j is refused with exit 2, calling nothing', (args, message) => {
    writeRecordedOrganization(fixtures, CONTROL_TOWER_ORGANIZATION);
    const result = collect(args);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: bash scripts/discover-collect.sh');
    expect(result.status).toBe(2);
    expect(result.calls).toEqual([]);
  });

  test('a directory that is not empty is refused: discover would read stale files', () => {
    fs.mkdirSync(path.join(root, 'recorded'));
    fs.writeFileSync(path.join(root, 'recorded', 'collection.json'), '{}');
    const result = collect(['--out', 'recorded', ...regionsFlag]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--out recorded is not empty');
  });
});

describe('npm run discover', () => {
  beforeEach(() => writeRecordedOrganization(path.join(root, 'recorded'), SMALL_ORGANIZATION));

  test('writes the file every command uses (SECURITY_BASELINE_CONFIG) and names what it read and wrote', () => {
    const result = discover(['--from', 'recorded', '--name-prefix', 'acme'], { SECURITY_BASELINE_CONFIG: 'orgs/acme.json' });
    expect(result.stdout).toContain(
      'organization file: orgs/acme.json (chosen by SECURITY_BASELINE_CONFIG)\nread recorded (5 accounts, regions eu-west-1, eu-central-1, us-east-1)\nwrote orgs/acme.json (new file)\n',
    );
    expect(JSON.parse(fs.readFileSync(path.join(root, 'orgs', 'acme.json'), 'utf8')).namePrefix).toBe('acme');
  });

  test('never writes the bundled example: without a chosen file --out is required', () => {
    const result = discover(['--from', 'recorded']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('discover never writes the bundled example: give --out FILE');
    const example = discover(['--from', 'recorded', '--out', path.join(REPO_ROOT, 'config', 'examples', 'organization.json')]);
    expect(example.status).toBe(2);
    expect(example.stderr).toContain('is a bundled example, which discover never writes');
  });

  test.each([
    [['--from', 'recorded', '--out', 'org.json', '--name-prefx', 'acme'], 'unknown option --name-prefx (did you mean --name-prefix?)'],
    [['--out', 'org.json'], '--from DIR is required'],
    [['recorded', '--out', 'org.json'], 'unexpected argument "recorded": to read a collection, write --from recorded'],
  ])('%j is a usage error (exit 2)', (args, message) => {
    const result = discover(args);
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
    expect(fs.existsSync(path.join(root, 'org.json'))).toBe(false);
  });

  test('a bad collection, or a setting that contradicts the file, writes nothing (exit 1)', () => {
    const file = path.join(root, 'org.json');
    fs.writeFileSync(file, '{"namePrefix": "acme", "accounts": []}\n');
    fs.rmSync(path.join(root, 'recorded', 'organization', 'list-accounts.json'));
    const broken = discover(['--from', 'recorded', '--out', 'org.json']);
    expect(broken.stderr).toContain(
      'organization/list-accounts.json is missing: the collection is incomplete; run it again\nnothing was written',
    );
    expect(broken.status).toBe(1);

    writeRecordedOrganization(path.join(root, 'recorded'), SMALL_ORGANIZATION);
    const conflict = discover(['--from', 'recorded', '--out', 'org.json', '--name-prefix', 'other']);
    expect(conflict.stderr).toContain('--name-prefix other: the file already says "namePrefix": "acme"');
    expect(conflict.status).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"namePrefix": "acme", "accounts": []}\n');
  });
});
