import * as path from 'node:path';
import { resolveOutdir } from '../../config/output-dir';
import { REPO_ROOT } from '../helpers/synth';

test("the output folder: CDKTF_OUTDIR from where the command was typed, else the project's cdktf.out wherever it is typed", () => {
  expect(resolveOutdir({}, '/work/project', '/elsewhere')).toBe('/work/project/cdktf.out');
  expect(resolveOutdir({ CDKTF_OUTDIR: 'out' }, '/work/project', '/work/project')).toBe('/work/project/out');
  // npm runs a script in the project but keeps where it was typed in INIT_CWD; cdktf passes `cdktf.out` from the project.
  expect(resolveOutdir({ CDKTF_OUTDIR: 'out', INIT_CWD: '/home/me' }, '/work/project', '/work/project')).toBe('/home/me/out');
  expect(resolveOutdir({ CDKTF_OUTDIR: '/tmp/out', INIT_CWD: '/home/me' }, '/work/project')).toBe('/tmp/out');
  expect(resolveOutdir({})).toBe(path.join(REPO_ROOT, 'cdktf.out'));
});
