/**
 * What a synth tells the operator: on a terminal, one progress line rewritten per stack; always,
 * a line naming the stacks it removed (if any) and one summary line naming the organization file.
 * Under `CI=true` only those. On stderr, so stdout stays free for tools, except under the cdktf CLI
 * (see `reportStream`). Loads no cdktf: main.ts uses it before the stacks are built.
 */
import { detectiveRegions } from '../config/regions';
import type { OrganizationConfig } from '../config/schema';

/** What the summary counts for one written stack (stacks/organization.ts `SynthesizedStack`). */
interface WrittenStack {
  readonly name: string;
  readonly resources: number;
}

/** What the summary reports of a synthesis (stacks/organization.ts `SynthesisResult`). */
interface SynthesisOutcome {
  readonly stacks: readonly WrittenStack[];
  readonly removed: readonly string[];
}

export interface SynthesisReporter {
  progress(stack: WrittenStack, done: number, total: number): void;
  done(outcome: SynthesisOutcome): void;
}

/** A stream the reporter writes to: process.stdout or process.stderr. */
export interface ReportStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * The cdktf CLI (0.21) sets this for the app it runs under `cdktf synth|diff|plan|deploy`, and
 * nothing else does (@cdktf/cli-core, lib/synth-stack.js).
 */
const SET_BY_CDKTF_CLI = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

/**
 * Where the progress and summary go: stderr, so `npm run synth`'s stdout stays free for tools;
 * under the cdktf CLI, stdout, because cdktf shows every line an app writes on stderr as
 * `[ERROR] default - …` (its logger, @cdktf/commons `processLoggerError`) and stdout as it is.
 * Errors and warnings stay on stderr either way.
 */
export function reportStream(env: NodeJS.ProcessEnv, streams: { stdout: ReportStream; stderr: ReportStream } = process): ReportStream {
  return env[SET_BY_CDKTF_CLI] === 'true' ? streams.stdout : streams.stderr;
}

/**
 * @param configName the organization file, as the summary names it (`displayPath`)
 */
export function synthesisReporter(
  org: OrganizationConfig,
  configName: string,
  stream: ReportStream,
  env: NodeJS.ProcessEnv,
  now: () => number = () => performance.now(),
): SynthesisReporter {
  const started = now();
  const interactive = stream.isTTY === true && env.CI !== 'true';
  // Every stack has the same detective-control regions; its providers add a few more (us-east-1 for
  // global services, the regions of the sign-in rule), which would not say what the config chose.
  const regions = detectiveRegions(org.homeRegion, org.regions, org.detectiveControlRegions).length;
  return {
    progress(stack, done, total) {
      // \r and erase-line: one line, rewritten, not a scrolling log.
      if (interactive) stream.write(`\r\x1b[K[${done}/${total}] ${stack.name}`);
    },
    done({ stacks, removed }) {
      if (interactive) stream.write('\r\x1b[K');
      if (removed.length > 0) {
        stream.write(`removed ${plural(removed.length, 'stack')} no longer in ${configName}: ${removed.join(', ')}\n`);
      }
      const resources = stacks.reduce((sum, s) => sum + s.resources, 0);
      const seconds = ((now() - started) / 1000).toFixed(1);
      stream.write(
        `synthesized ${plural(stacks.length, 'stack')} of ${org.accounts.length} from ${configName}, ` +
          `${resources} resources, ${plural(regions, 'detective-control region')}, in ${seconds} s\n`,
      );
    },
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
