/**
 * stacks/resolve-once.ts: an account stack's toTerraform is cdktf's without the second resolve of
 * the whole stack. synthesis.test.ts compares every file of the examples with cdktf's own method
 * (scripts/one-app-synthesis.ts restores it); here, what the examples do not show: overrides that
 * hold tokens or delete a key, and that the method copied is still cdktf's.
 */
import { createHash } from 'node:crypto';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { accountStack } from '../../stacks/organization';
import * as resolveOnce from '../../stacks/resolve-once';
import { constructTestStack, organizationModeExample, tempDir } from '../helpers/synth';

/** What cdktf's own toTerraform returns for `stack`, and what ours does: as JSON, key order included. */
function bothForms(stack: TerraformStack): [string, string] {
  return [JSON.stringify(TerraformStack.prototype.toTerraform.call(stack)), JSON.stringify(resolveOnce.toTerraformResolvingOnce(stack))];
}

test('cdktf still has the toTerraform that resolve-once.ts copies (cdktf 0.21.0)', () => {
  const source = TerraformStack.prototype.toTerraform.toString();
  // If this fails, cdktf changed: compare its toTerraform with resolve-once.ts, then update the hash.
  expect(createHash('sha256').update(source).digest('hex')).toBe('07d724012b247878fd0688d331d78eb1a5a244ba5cda24b70af01a9445107f45');
});

test('account stacks synthesize through it, to what cdktf writes', () => {
  const org = organizationModeExample();
  const stack = accountStack(new App({ outdir: tempDir('resolve-once'), stackTraces: false }), org, org.accounts[0]);
  const resolvingOnce = jest.spyOn(resolveOnce, 'toTerraformResolvingOnce');
  const ours = JSON.stringify(stack.toTerraform());
  expect(resolvingOnce).toHaveBeenCalledWith(stack);
  resolvingOnce.mockRestore();
  expect(JSON.parse(ours).resource).toBeDefined();
  expect(ours).toBe(JSON.stringify(TerraformStack.prototype.toTerraform.call(stack)));
});

test('overrides holding tokens are resolved, an override of undefined deletes, outputs are listed: as cdktf does', () => {
  const stack = constructTestStack();
  const topic = new SnsTopic(stack, 'topic', { name: 'alerts' });
  new TerraformOutput(stack, 'topic-arn', { value: topic.arn });
  stack.addOverride('check.topic-named', { assert: [{ condition: `\${${topic.fqn}.name == "alerts"}`, error_message: topic.name }] });
  stack.addOverride('locals', { topic: topic.arn, gone: 'soon' });
  stack.addOverride('locals.gone', undefined);
  stack.addOverride('terraform.required_version', '>= 1.10');
  stack.addOverride('terraform.required_providers', undefined); // what a fragment (the provider's) put there

  const [cdktfOwn, ours] = bothForms(stack);
  expect(ours).toBe(cdktfOwn);
  const tf = JSON.parse(ours);
  expect(tf.locals).toEqual({ topic: '${aws_sns_topic.topic.arn}' });
  expect(tf.check['topic-named'].assert[0].error_message).toBe('${aws_sns_topic.topic.name}');
  expect(tf['//'].outputs).toEqual({ test: { 'topic-arn': 'topic-arn' } });
  expect(tf.output['topic-arn'].value).toBe('${aws_sns_topic.topic.arn}');
  expect(tf.terraform).toEqual({ required_version: '>= 1.10' });
});

test('a stack holding a stack of its own is refused, not written without its elements', () => {
  const stack = constructTestStack();
  new TerraformStack(stack, 'inner');
  expect(() => resolveOnce.toTerraformResolvingOnce(stack)).toThrow(/holds a stack of its own/);
});
