import * as fs from 'node:fs';
import * as path from 'node:path';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformAsset, TerraformStack } from 'cdktf';
import * as bundledFunction from '../../../modules/core/bundled-function';
import { declaredResources } from '../../../stacks/migration';
import { accountStack } from '../../../stacks/organization';
import { organizationModeExample, REPO_ROOT, tempDir, TEST_ACCOUNT } from '../../helpers/synth';

/** A stack holding one bundled function. */
function stackWithFunction(): TerraformStack {
  const stack = new TerraformStack(new App({ outdir: tempDir('bundled-function'), stackTraces: false }), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  bundledFunction.addBundledFunction(stack, {
    accountId: TEST_ACCOUNT,
    region: 'eu-west-1',
    functionName: 'acme-test-function',
    description: 'test',
    entry: path.join(REPO_ROOT, 'functions', 'slack-notifier', 'index.ts'),
    defines: { ACCOUNT_NAMES: {}, NOTIFIER_ROUTES: [] },
    roleDescription: 'test',
    policyName: 'test',
    policyStatements: [],
    logKeyArn: `arn:aws:kms:eu-west-1:${TEST_ACCOUNT}:key/logs`,
    settings: {},
  });
  return stack;
}

const assetsOf = (stack: TerraformStack) => stack.node.findAll().filter((c) => c instanceof TerraformAsset);
const constructAddresses = (stack: TerraformStack) => [...declaredResources(stack).keys()];

describe('withoutPackagingFunctions (stacks built only to be compared)', () => {
  test('the same resources, but no package; afterwards functions are packaged again', () => {
    const unpackaged = bundledFunction.withoutPackagingFunctions(stackWithFunction);
    const packaged = stackWithFunction();
    expect(constructAddresses(unpackaged)).toEqual(constructAddresses(packaged));
    expect(constructAddresses(packaged)).toHaveLength(4);
    expect(assetsOf(packaged)).toHaveLength(1);
    expect(assetsOf(unpackaged)).toEqual([]);
  });

  test('a stack built so cannot be synthesized: the App refuses it and writes nothing of it', () => {
    const unpackaged = bundledFunction.withoutPackagingFunctions(stackWithFunction);
    const app = unpackaged.node.scope as App;
    expect(() => app.synth()).toThrow(/built without its package, for comparison only/);
    expect(fs.existsSync(path.join(app.outdir, 'stacks', 'test'))).toBe(false);
    const packaged = stackWithFunction();
    (packaged.node.scope as App).synth();
    expect(fs.existsSync(path.join((packaged.node.scope as App).outdir, 'stacks', 'test', 'cdk.tf.json'))).toBe(true);
  });

  test('functions are packaged again after a build that failed', () => {
    expect(() =>
      bundledFunction.withoutPackagingFunctions(() => {
        throw new Error('failed build');
      }),
    ).toThrow('failed build');
    expect(assetsOf(stackWithFunction())).toHaveLength(1);
  });

  test("the migration blocks build each account's earlier forms so: functions, but no packages", () => {
    const org = organizationModeExample();
    const original = bundledFunction.withoutPackagingFunctions;
    const earlierForms: TerraformStack[] = [];
    const spy = jest.spyOn(bundledFunction, 'withoutPackagingFunctions').mockImplementation((build) => {
      const built = original(build);
      earlierForms.push(built as TerraformStack);
      return built;
    });
    try {
      const security = org.accounts.find((a) => a.role === 'security')!;
      accountStack(new App({ outdir: tempDir('bundled-function-migration'), stackTraces: false }), org, security);
    } finally {
      spy.mockRestore();
    }
    expect(earlierForms).toHaveLength(1); // the standalone form (no Control Tower here)
    const functions = earlierForms[0].node.findAll().filter((c) => c instanceof LambdaFunction);
    expect(functions.length).toBeGreaterThan(0);
    expect(assetsOf(earlierForms[0])).toEqual([]);
  });
});
