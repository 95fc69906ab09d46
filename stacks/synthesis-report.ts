/**
 * What a synth tells the operator, on stderr (stdout stays free for tools): on a terminal, one
 * progress line rewritten per stack; always, one summary line at the end. Under `CI=true` only
 * the summary. Loads no cdktf: main.ts uses it before the stacks are built.
 */
import { detectiveRegions } from '../config/regions';
import type { OrganizationConfig } from '../config/schema';

/** What the summary counts for one written stack (stacks/organization.ts `SynthesizedStack`). */
interface WrittenStack {
  readonly name: string;
  readonly resources: number;
}

export interface SynthesisReporter {
  progress(stack: WrittenStack, done: number, total: number): void;
  done(stacks: readonly WrittenStack[]): void;
}

export function synthesisReporter(
  org: OrganizationConfig,
  stream: { isTTY?: boolean; write(text: string): unknown },
  env: NodeJS.ProcessEnv,
  now: () => number = () => performance.now(),
): SynthesisReporter {
  const started = now();
  const interactive = stream.isTTY === true && env.CI !== 'true';
  const regions = detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions).length;
  return {
    progress(stack, done, total) {
      // \r and erase-line: one line, rewritten, not a scrolling log.
      if (interactive) stream.write(`\r\x1b[K[${done}/${total}] ${stack.name}`);
    },
    done(stacks) {
      if (interactive) stream.write('\r\x1b[K');
      const resources = stacks.reduce((sum, s) => sum + s.resources, 0);
      const seconds = ((now() - started) / 1000).toFixed(1);
      stream.write(
        `synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} of ${org.accounts.length}, ` +
          `${resources} resources, ${regions} regions each, in ${seconds} s\n`,
      );
    },
  };
}
