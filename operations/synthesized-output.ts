/**
 * Reading what `npm run synth` wrote: each configured account's stack, as the Terraform JSON of
 * `<outdir>/stacks/<account>/cdk.tf.json`, and its resources with their arguments. Loads no cdktf.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OUTDIR_ENV } from '../config/output-dir';
import type { OrganizationConfig } from '../config/schema';

/** The configuration Terraform reads in a stack directory (it reads every `*.tf.json` there; cdktf writes this one). */
export const STACK_FILE = 'cdk.tf.json';

/** A resource's arguments as synthesized: strings, numbers, booleans, nested blocks and lists. */
export type ResourceArguments = Readonly<Record<string, unknown>>;

/** The part of a synthesized stack's Terraform JSON the operations read. */
export interface SynthesizedStackJson {
  /** Resource type → logical id → arguments. */
  readonly resource?: Readonly<Record<string, Readonly<Record<string, ResourceArguments>>>>;
}

/** One resource of a synthesized stack. */
export interface StackResource {
  readonly type: string;
  /** Its Terraform address, `type.logical_id`. */
  readonly address: string;
  /**
   * An argument, by its path through nested blocks. A reference to an argument of another resource of
   * the stack (`${aws_config_config_rule.x.name}`) is followed to that argument's synthesized value;
   * one that only exists once applied (an `id`, an `arn`) reads as undefined.
   */
  argument(...argumentPath: readonly string[]): unknown;
  /**
   * The resource of the stack that an argument refers to, whichever of its attributes it names
   * (`${aws_s3_bucket.x.id}`, `${aws_iam_service_linked_role.x.arn}`); undefined when the argument
   * holds no reference to a resource of the stack.
   */
  referenced(...argumentPath: readonly string[]): StackResource | undefined;
}

/** `${type.logical_id.argument}`, the whole of a string: how cdktf writes a reference to another resource. */
const REFERENCE = /^\$\{([\w-]+)\.([\w-]+)\.(\w+)\}$/;

/** Every resource a stack declares, by address. */
export function stackResources(stack: SynthesizedStackJson): StackResource[] {
  const byAddress = new Map<string, StackResource>();
  const argumentsOf = (type: string, id: string): ResourceArguments | undefined => stack.resource?.[type]?.[id];
  const referenceIn = (value: unknown) => (typeof value === 'string' ? REFERENCE.exec(value) : null);
  const follow = (value: unknown): unknown => {
    const reference = referenceIn(value);
    return reference ? argumentsOf(reference[1], reference[2])?.[reference[3]] : value;
  };
  for (const [type, byId] of Object.entries(stack.resource ?? {})) {
    for (const [id, args] of Object.entries(byId)) {
      const at = (argumentPath: readonly string[]): unknown =>
        argumentPath.reduce<unknown>((value, name) => (isRecord(value) ? value[name] : undefined), args);
      const address = `${type}.${id}`;
      byAddress.set(address, {
        type,
        address,
        argument: (...argumentPath) => follow(at(argumentPath)),
        referenced: (...argumentPath) => {
          const reference = referenceIn(at(argumentPath));
          return reference ? byAddress.get(`${reference[1]}.${reference[2]}`) : undefined;
        },
      });
    }
  }
  return [...byAddress.values()];
}

/** Where synth writes the stacks, one folder each, in the output folder (cdktf's `Manifest.stacksFolder`). */
export const STACKS_FOLDER = 'stacks';

/**
 * The stacks of an output folder, sorted: the folders under `stacks/` that hold a `cdk.tf.json`.
 * Anything else there (a folder of notes, Terraform's working files alone) is not a stack, and
 * nothing outside `stacks/` is. None when the folder does not exist.
 */
export function synthesizedStackNames(outdir: string): string[] {
  const dir = path.join(outdir, STACKS_FOLDER);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, STACK_FILE)))
    .map((entry) => entry.name)
    .sort();
}

/** The synthesized output lacks the stack of a configured account (not synthesized yet, or since the config changed). Exit 1. */
export class SynthesizedOutputMissing extends Error {
  readonly exitCode = 1;
  constructor(
    readonly outdir: string,
    /** Each account without a readable stack, with what is wrong. */
    readonly problems: readonly { readonly account: string; readonly problem: string }[],
  ) {
    super(
      `The synthesized output in ${outdir} is missing or stale: run \`npm run synth\` first (it reads the same organization file ` +
        `by the same rule, and writes where ${OUTDIR_ENV} says)\n${problems.map((p) => `  - ${p.account}: ${p.problem}`).join('\n')}`,
    );
    this.name = 'SynthesizedOutputMissing';
  }
}

/** The stack file of every configured account in `outdir`, by account name; throws SynthesizedOutputMissing naming every one that is absent or unreadable. */
export function readSynthesizedStacks(org: OrganizationConfig, outdir: string): Map<string, SynthesizedStackJson> {
  const stacks = new Map<string, SynthesizedStackJson>();
  const problems: { account: string; problem: string }[] = [];
  for (const { name } of org.accounts) {
    const file = path.join(outdir, STACKS_FOLDER, name, STACK_FILE);
    if (!fs.existsSync(file)) {
      problems.push({ account: name, problem: `${file} does not exist` });
      continue;
    }
    try {
      stacks.set(name, JSON.parse(fs.readFileSync(file, 'utf8')) as SynthesizedStackJson);
    } catch (error) {
      problems.push({ account: name, problem: `${file} is not valid JSON: ${(error as Error).message}` });
    }
  }
  if (problems.length > 0) throw new SynthesizedOutputMissing(outdir, problems);
  return stacks;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
