/**
 * cdktf-without-stack-traces.ts, the module main.ts imports first: the synthesized output is
 * byte-identical with and without it, and it really stops cdktf capturing a stack trace per token.
 */
import '../cdktf-without-stack-traces'; // also loaded by jest's setupFiles; explicit so this file tests it either way
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type IResolvable, Lazy } from 'cdktf';
import { build, type Plugin } from 'esbuild';
import { EXAMPLE_CONFIG_PATH, STANDALONE_EXAMPLE_CONFIG_PATH } from '../config/config-file';

const REPO_ROOT = path.resolve(__dirname, '..');
const PATCH = 'cdktf-without-stack-traces';
const STACK_TRACE_MODULE = 'cdktf/lib/tokens/private/stack-trace';

describe('the app with and without the patch (separate processes, as `npm run synth` runs it)', () => {
  // One bundle of main.ts as `npm run build` makes it, except that the patch stays a separate file
  // beside it: the real one in `with/`, an empty one in `without/`. The app code is the same bytes.
  // The folder is inside dist/ so that, like dist/main.js, the bundles find node_modules and the project root.
  let work: string;
  // Written by a preloaded script when a run exits: what cdktf's capture function returns by then.
  let reportPreload: string;

  beforeAll(async () => {
    fs.mkdirSync(path.join(REPO_ROOT, 'dist'), { recursive: true });
    work = fs.mkdtempSync(path.join(REPO_ROOT, 'dist', 'stack-trace-test-'));
    let patchImports = 0;
    const patchStaysExternal: Plugin = {
      name: 'patch-stays-external',
      setup(b) {
        b.onResolve({ filter: new RegExp(`^\\./${PATCH}$`) }, (args) => {
          if (args.importer !== path.join(REPO_ROOT, 'main.ts')) return undefined;
          patchImports++;
          return { path: `./${PATCH}.js`, external: true };
        });
      },
    };
    const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning', write: false } as const;
    const [app, patch] = await Promise.all([
      build({ ...common, entryPoints: [path.join(REPO_ROOT, 'main.ts')], outfile: 'main.js', plugins: [patchStaysExternal] }),
      build({ ...common, entryPoints: [path.join(REPO_ROOT, `${PATCH}.ts`)], outfile: `${PATCH}.js`, format: 'cjs' }),
    ]);
    expect(patchImports).toBe(1); // main.ts imports the patch
    for (const [variant, patchCode] of [
      ['with', patch.outputFiles[0].text],
      ['without', '// stack-trace capture left on\n'],
    ]) {
      fs.mkdirSync(path.join(work, variant));
      fs.writeFileSync(path.join(work, variant, 'main.js'), app.outputFiles[0].contents);
      fs.writeFileSync(path.join(work, variant, `${PATCH}.js`), patchCode);
    }
    reportPreload = path.join(work, 'report-capture.cjs');
    fs.writeFileSync(
      reportPreload,
      `process.on('exit', () => require('node:fs').writeFileSync(process.env.CAPTURE_REPORT_FILE, ` +
        `JSON.stringify(require(${JSON.stringify(STACK_TRACE_MODULE)}).captureStackTrace())));\n`,
    );
  }, 60_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Synthesizes `configFile` with one variant into a fresh folder; returns it and what a capture returned at exit. */
  function synth(variant: 'with' | 'without', configFile: string): Promise<{ outdir: string; captured: string[] }> {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `stack-trace-test-${variant}-`));
    const reportFile = path.join(outdir, '..', `${path.basename(outdir)}.capture.json`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SECURITY_BASELINE_CONFIG: path.join(REPO_ROOT, configFile),
      CDKTF_OUTDIR: outdir,
      CAPTURE_REPORT_FILE: reportFile,
    };
    delete env.CDKTF_CONTEXT_JSON;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', reportPreload, path.join(work, variant, 'main.js')], { cwd: REPO_ROOT, env });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`synth ${variant} the patch exited with ${code}:\n${stderr}`));
        const captured = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
        fs.rmSync(reportFile);
        resolve({ outdir, captured });
      });
    });
  }

  /** Every file under `dir`, by relative path, in a stable order. */
  function tree(dir: string): Map<string, Buffer> {
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const paths = files.map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
    return new Map(paths.map((file) => [file, fs.readFileSync(path.join(dir, file))]));
  }

  it.each([EXAMPLE_CONFIG_PATH, STANDALONE_EXAMPLE_CONFIG_PATH])(
    '%s: the output is byte-identical, and only the patched run stopped capturing',
    async (configFile) => {
      const [withPatch, withoutPatch] = await Promise.all([synth('with', configFile), synth('without', configFile)]);
      try {
        expect(withPatch.captured).toEqual([]);
        expect(withoutPatch.captured.length).toBeGreaterThan(0);

        const patched = tree(withPatch.outdir);
        const unpatched = tree(withoutPatch.outdir);
        expect([...patched.keys()].filter((file) => file.endsWith('cdk.tf.json')).length).toBeGreaterThan(1);
        expect([...patched.keys()]).toEqual([...unpatched.keys()]);
        const differing = [...patched].filter(([file, bytes]) => !bytes.equals(unpatched.get(file)!)).map(([file]) => file);
        expect(differing).toEqual([]);
      } finally {
        for (const { outdir } of [withPatch, withoutPatch]) fs.rmSync(outdir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});

describe('in this process', () => {
  const creationStackOfNewToken = (lazy: typeof Lazy) => (lazy.anyValue({ produce: () => 'value' }) as IResolvable).creationStack;

  it('a token gets an empty creation stack with the patch, a full one without', () => {
    expect(creationStackOfNewToken(Lazy)).toEqual([]);

    let unpatched: string[] = [];
    jest.isolateModules(() => {
      // A fresh copy of cdktf, loaded without the patch (synchronously, inside isolateModules).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      unpatched = creationStackOfNewToken((require('cdktf') as typeof import('cdktf')).Lazy);
    });
    expect(unpatched.join('\n')).toContain(path.basename(__filename));
  });

  it('the patch throws when cdktf no longer has the function it replaces', () => {
    jest.isolateModules(() => {
      jest.doMock(STACK_TRACE_MODULE, () => ({}));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded inside isolateModules, against the mock
      expect(() => require(`../${PATCH}`)).toThrow(/no longer exports captureStackTrace/);
    });
  });
});
