import { type CommandSpec, hasSwitch, optionValue, parseCommandLine, UsageError, userPath } from '../../config/command-line';

const SYNTH: CommandSpec = {
  usage: 'npm run synth --',
  options: [
    { name: 'account', value: 'NAME', repeatable: true, description: 'synthesize only this account' },
    { name: 'out', value: 'DIR', description: 'where to write' },
    { name: 'quiet', description: 'no progress' },
  ],
  strayArgumentHint: (arg) => `to select an account, write --account ${arg}`,
};

function usageErrorOf(argv: string[]): string {
  try {
    parseCommandLine(SYNTH, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${argv.join(' ')}`);
}

test('values, repeated values, = values and switches', () => {
  const parsed = parseCommandLine(SYNTH, ['--account', 'a', '--account=b*', '--out=dist/x', '--quiet']);
  expect(parsed.values.get('account')).toEqual(['a', 'b*']);
  expect(optionValue(parsed, 'out')).toBe('dist/x');
  expect(hasSwitch(parsed, 'quiet')).toBe(true);
  expect(parsed.help).toBe(false);
  expect(parseCommandLine(SYNTH, []).values.size).toBe(0);
  expect(parseCommandLine(SYNTH, ['--help']).help).toBe(true);
});

test('a misspelt option is an error with a suggestion and the usage, never ignored', () => {
  const message = usageErrorOf(['--acount', 'payments-prod']);
  expect(message).toMatch(/^unknown option --acount \(did you mean --account\?\)/);
  expect(message).toContain('usage: npm run synth -- [options]');
  expect(message).toMatch(/--account NAME +synthesize only this account \(repeatable\)/);
  expect(usageErrorOf(['--zzz'])).toMatch(/^unknown option --zzz\n/);
});

test('a stray argument is an error with the hint', () => {
  expect(usageErrorOf(['payments-prod'])).toMatch(
    /^unexpected argument "payments-prod": to select an account, write --account payments-prod/,
  );
  expect(usageErrorOf(['--'])).toMatch(/^unexpected argument "--"\n/);
  expect(usageErrorOf(['-a', 'security'])).toMatch(/^unknown option -a \(options are written with two dashes: --name\)/);
});

test('missing, empty and unexpected values, and a one-time option given twice', () => {
  expect(usageErrorOf(['--account'])).toMatch(/^--account needs a value \(NAME\)/);
  expect(usageErrorOf(['--account', '--quiet'])).toMatch(/^--account needs a value/);
  expect(usageErrorOf(['--account='])).toMatch(/^--account needs a non-empty value/);
  expect(usageErrorOf(['--quiet=yes'])).toMatch(/^--quiet takes no value \(got "yes"\)/);
  expect(usageErrorOf(['--out', 'a', '--out', 'b'])).toMatch(/^--out is given more than once/);
});

test('every problem is reported at once', () => {
  expect(usageErrorOf(['x', '--acount', 'y']).split('\n').slice(0, 2)).toEqual([
    'unexpected argument "x": to select an account, write --account x',
    'unknown option --acount (did you mean --account?)',
  ]);
});

test('paths are taken from where the command was typed (INIT_CWD under npm), absolute ones as they are', () => {
  expect(userPath('reports', { INIT_CWD: '/home/me' }, '/project')).toBe('/home/me/reports');
  expect(userPath('reports', {}, '/project')).toBe('/project/reports');
  expect(userPath('/tmp/bench.md', { INIT_CWD: '/home/me' }, '/project')).toBe('/tmp/bench.md');
});
