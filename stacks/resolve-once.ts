import { TerraformElement, TerraformOutput, TerraformStack } from 'cdktf';
import { resolve } from 'cdktf/lib/_tokens';
import { deepMerge } from 'cdktf/lib/util';

/** The fields of cdktf's TerraformStack that its toTerraform reads and that TypeScript calls private. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

/**
 * cdktf 0.21.0's `TerraformStack.toTerraform` (its final release, pinned), less most of its last
 * step. cdktf resolves every element's fragment, merges the fragments and the stack's overrides,
 * then resolves the whole merged tree a second time: a sixth of a synth, and only the overrides
 * (`addOverride`) can still hold anything to resolve. Here only the top-level keys they touch are
 * resolved again, after the same merge, and the `//` metadata (as cdktf does, which drops its
 * `cloud: undefined`). The output is the same as cdktf's own method (tested on every stack of the
 * examples; a test also fails if cdktf's method is not the one this was copied from). Its elements
 * are the stack's constructs that are elements, in the (pre-)order cdktf collects them; cdktf
 * would skip a substack's, so a stack with substacks is refused.
 */
export function toTerraformResolvingOnce(stack: TerraformStack): Record<string, unknown> {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const metadata = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: 'local', // overwritten by backend implementations if used
    cloud: undefined, // overwritten by cloud and remote backend implementations
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  const constructs = stack.node.findAll();
  if (constructs.some((construct) => construct !== stack && TerraformStack.isStack(construct))) {
    throw new Error(`${stack.node.path} holds a stack of its own, which toTerraformResolvingOnce does not handle`);
  }
  const elements = constructs.filter((construct) => TerraformElement.isTerraformElement(construct));
  for (const element of elements) deepMerge(metadata, resolve(stack, element.toMetadata()));
  const outputs = {};
  for (const output of elements.filter((element) => TerraformOutput.isTerraformOutput(element))) {
    const nested = output.node.path
      .split('/')
      .reduceRight<object>((inner, part) => ({ [part]: Object.keys(inner).length === 0 ? output.friendlyUniqueId : inner }), {});
    deepMerge(outputs, nested);
  }
  const tf: Record<string, unknown> = { '//': { metadata, outputs } };
  for (const element of elements) deepMerge(tf, resolve(stack, element.toTerraform()));
  deepMerge(tf, rawOverrides);
  for (const key of ['//', ...Object.keys(rawOverrides)]) if (key in tf) tf[key] = resolve(stack, tf[key]);
  return tf;
}
