import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformAsset, TerraformResource, TerraformStack } from 'cdktf';
import { addBundledFunction, PACKAGE_FUNCTIONS } from '../../../modules/core/bundled-function';
import { REPO_ROOT, tempDir, TEST_ACCOUNT } from '../../helpers/synth';

/** A stack holding one bundled function, in an App with `context`. */
function stackWithFunction(context: Record<string, unknown>): TerraformStack {
  const stack = new TerraformStack(new App({ outdir: tempDir('bundled-function'), stackTraces: false, context }), 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  addBundledFunction(stack, {
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

const constructsOf = (stack: TerraformStack) => stack.node.findAll();
const addressesOf = (stack: TerraformStack) =>
  constructsOf(stack)
    .filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c))
    .map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);

test('in an App that is never synthesized (PACKAGE_FUNCTIONS false): the same resources, but no package', () => {
  const packaged = stackWithFunction({});
  const unpackaged = stackWithFunction({ [PACKAGE_FUNCTIONS]: false });
  expect(addressesOf(unpackaged)).toEqual(addressesOf(packaged));
  expect(addressesOf(packaged)).toHaveLength(4);
  expect(constructsOf(packaged).filter((c) => c instanceof TerraformAsset)).toHaveLength(1);
  expect(constructsOf(unpackaged).filter((c) => c instanceof TerraformAsset)).toEqual([]);
});
