import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundledExampleWarning,
  CONFIG_PATH_ENV,
  ConfigFileChoiceError,
  displayPath,
  EXAMPLE_CONFIG_PATH,
  resolveConfigFile,
} from '../../config/config-file';
import { tempDir } from '../helpers/synth';

/** A project folder holding a cdktf.json with `context`. */
function projectWith(cdktfJson: unknown): string {
  const root = tempDir('config-file');
  fs.writeFileSync(path.join(root, 'cdktf.json'), typeof cdktfJson === 'string' ? cdktfJson : JSON.stringify(cdktfJson));
  return root;
}

describe('choosing the organization file', () => {
  const root = projectWith({ app: 'npm run --silent synth', context: { organizationConfig: 'orgs/acme.json' } });

  test('the environment variable wins over cdktf.json, taken from the directory the command was typed in', () => {
    const file = resolveConfigFile({ [CONFIG_PATH_ENV]: 'mine.json', INIT_CWD: '/home/me/work' }, root, root);
    expect(file).toEqual({ path: '/home/me/work/mine.json', chosenBy: CONFIG_PATH_ENV, isBundledExample: false });
    expect(resolveConfigFile({ [CONFIG_PATH_ENV]: '/abs/org.json' }, root, '/elsewhere').path).toBe('/abs/org.json');
    expect(resolveConfigFile({ [CONFIG_PATH_ENV]: 'rel.json' }, root, '/elsewhere').path).toBe('/elsewhere/rel.json');
  });

  test("cdktf.json's context key is read from the file itself (npm run, node, CI), relative to the project", () => {
    // Without the cdktf CLI there is no CDKTF_CONTEXT_JSON: the earlier code fell back to the example here.
    const file = resolveConfigFile({}, root, '/somewhere/else');
    expect(file).toEqual({
      path: path.join(root, 'orgs/acme.json'),
      chosenBy: 'cdktf.json context.organizationConfig',
      isBundledExample: false,
    });
  });

  test('under the cdktf CLI its context is used, and agrees with the file', () => {
    const env = { CDKTF_CONTEXT_JSON: JSON.stringify({ organizationConfig: 'orgs/acme.json', excludeStackIdFromLogicalIds: true }) };
    expect(resolveConfigFile(env, root).path).toBe(resolveConfigFile({}, root).path);
    const other = { CDKTF_CONTEXT_JSON: JSON.stringify({ organizationConfig: 'orgs/other.json' }) };
    expect(resolveConfigFile(other, root).path).toBe(path.join(root, 'orgs/other.json'));
  });

  test('the bundled example only when nothing chooses a file, and then with a loud warning', () => {
    for (const cdktfJson of [{ app: 'x' }, { context: {} }]) {
      const file = resolveConfigFile({}, projectWith(cdktfJson));
      expect(file.isBundledExample).toBe(true);
      expect(file.path.endsWith(EXAMPLE_CONFIG_PATH)).toBe(true);
      expect(bundledExampleWarning(file)).toMatch(/^WARNING: .*BUNDLED EXAMPLE.*SECURITY_BASELINE_CONFIG.*organizationConfig/);
    }
    expect(bundledExampleWarning(resolveConfigFile({}, root))).toBeUndefined();
  });

  test('a broken cdktf.json or a context value that is not a path is an error, not the example', () => {
    expect(() => resolveConfigFile({}, projectWith('{ "context": '))).toThrow(ConfigFileChoiceError);
    expect(() => resolveConfigFile({}, projectWith({ context: [] }))).toThrow(/"context" must be an object/);
    expect(() => resolveConfigFile({}, projectWith({ context: { organizationConfig: 42 } }))).toThrow(
      /context\.organizationConfig must be the path of an organization file, not 42/,
    );
  });
});

test('files are named relative to the current directory when inside it, else absolutely', () => {
  expect(displayPath('/work/p/orgs/acme.json', '/work/p')).toBe('orgs/acme.json');
  expect(displayPath('/etc/acme.json', '/work/p')).toBe('/etc/acme.json');
});
