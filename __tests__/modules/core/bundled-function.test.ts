import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformAsset, TerraformResource, TerraformStack, Testing } from 'cdktf';
import * as bundledFunction from '../../../modules/core/bundled-function';
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
const constructAddresses = (stack: TerraformStack) =>
  stack.node
    .findAll()
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);

describe('withoutPackagingFunctions (stacks built only to be compared)', () => {
  test('the same resources, but no package; afterwards functions are packaged again', () => {
    const unpackaged = bundledFunction.withoutPackagingFunctions(stackWithFunction);
    const packaged = stackWithFunction();
    expect(constructAddresses(unpackaged)).toEqual(constructAddresses(packaged));
    expect(constructAddresses(packaged)).toHaveLength(4);
    expect(assetsOf(packaged)).toHaveLength(1);
    expect(assetsOf(unpackaged)).toEqual([]);
  });

  test('a stack built so cannot be synthesized: no placeholder reaches the output', () => {
    const unpackaged = bundledFunction.withoutPackagingFunctions(stackWithFunction);
    expect(() => Testing.synth(unpackaged, true)).toThrow(/built without its package, for comparison only/);
    expect(() => Testing.synth(stackWithFunction(), true)).not.toThrow();
  });

  test("the migration blocks build each account's earlier forms so", () => {
    const org = organizationModeExample();
    const spy = jest.spyOn(bundledFunction, 'withoutPackagingFunctions');
    try {
      accountStack(new App({ outdir: tempDir('bundled-function-migration'), stackTraces: false }), org, org.accounts[0]);
      expect(spy).toHaveBeenCalledTimes(1); // the standalone form (no Control Tower here)
    } finally {
      spy.mockRestore();
    }
  });
});
