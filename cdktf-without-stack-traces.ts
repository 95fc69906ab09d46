/**
 * Turns off cdktf's per-token stack-trace capture. Imported for its side effect, first, by main.ts
 * (and by jest's setupFiles), before anything else loads cdktf.
 *
 * Why: cdktf 0.21.0 records a full JavaScript stack trace (no depth limit, split into strings)
 * for every token it creates (Intrinsic, Lazy, dynamic blocks and expressions, complex lists),
 * even with `new App({ stackTraces: false })`, which only affects construct metadata. The traces
 * appear only in the messages of errors about tokens, never in the synthesized output, yet they
 * cost a third of synth's CPU time for the example organization and over half its peak memory
 * for one of 50 accounts (measured: 2.2 s to 1.5 s CPU and 177 to 143 MiB; 17 s to 9.5 s and
 * 620 to 267 MiB). Without them those error messages just lack their "Object creation stack".
 *
 * What it relies on (cdktf pinned at exactly 0.21.0, the final release; the project is archived):
 * every capture goes through the function `captureStackTrace` exported by
 * `cdktf/lib/tokens/private/stack-trace.js`, and cdktf's modules call it through that module's
 * exports object (`(0, stack_trace_1.captureStackTrace)()`, TypeScript's CommonJS output), never
 * through a local binding. Replacing the export therefore reaches every caller, including those
 * loaded later. The exports object must be the real one, hence `require` rather than an `import`
 * (a bundler may hand out a read-only copy for that).
 *
 * If the module or the function is gone (an upgrade), this throws instead of silently doing
 * nothing; __tests__/cdktf-without-stack-traces.test.ts checks that the patch still takes effect
 * and that the output is byte-identical with and without it.
 */
const STACK_TRACE_MODULE = 'cdktf/lib/tokens/private/stack-trace';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the real exports object, see above
const stackTrace = require(STACK_TRACE_MODULE) as { captureStackTrace?: unknown };
if (typeof stackTrace.captureStackTrace !== 'function') {
  throw new Error(`${STACK_TRACE_MODULE} no longer exports captureStackTrace: cdktf changed, revisit cdktf-without-stack-traces.ts`);
}
// Callers keep the result as a token's `creationStack` and only ever join it: an empty trace.
stackTrace.captureStackTrace = function captureNoStackTrace(): string[] {
  return [];
};

export {}; // a module, not a script: its names stay its own
