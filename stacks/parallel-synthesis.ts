/**
 * Synthesis on every core: worker threads each write one account's stack at a time and take the
 * next account when they finish (stacks differ in size: the security account's is the largest),
 * and the main thread writes the manifest from their entries in the selection's order. Each stack
 * is still built in an App of its own, so the output is byte-identical to synthesizeOrganization's
 * (tested). The workers run the app's own bundle: `workerScript` is the entry point, which calls
 * serveSynthesisRequests when it is not the main thread.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { OrganizationConfig } from '../config/schema';
import {
  type AccountSynthesis,
  finishSynthesis,
  startSynthesis,
  synthesizeAccount,
  type SynthesisOptions,
  type SynthesisResult,
} from './organization';

/** What a worker is given when it starts. */
interface WorkerInputs {
  readonly org: OrganizationConfig;
  readonly outdir: string;
}

/** Main thread → worker: the next account to synthesize, or none left. */
type Request = { readonly account: string } | { readonly finished: true };
/** Worker → main thread: ready for an account, or what it wrote for the last one. */
type Reply = { readonly ready: true } | { readonly written: AccountSynthesis };

export interface ParallelSynthesisOptions extends SynthesisOptions {
  /** Worker threads, at most one per stack. */
  readonly workers: number;
  /** The bundled entry point the workers run. */
  readonly workerScript: string;
}

export async function synthesizeOrganizationInParallel(
  org: OrganizationConfig,
  options: ParallelSynthesisOptions,
): Promise<SynthesisResult> {
  const synthesis = startSynthesis(org, options);
  const { accounts, outdir } = synthesis;
  const queue = [...accounts];
  const written = new Map<string, AccountSynthesis>();
  const workers: Worker[] = [];
  const serve = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if ('written' in reply) {
          written.set(reply.written.stack.name, reply.written);
          options.onStack?.(reply.written.stack, written.size, accounts.length);
        }
        const next = queue.shift();
        worker.postMessage((next ? { account: next.name } : { finished: true }) satisfies Request);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a synthesis worker stopped with exit code ${code}`))));
    });
  try {
    const inputs: WorkerInputs = { org, outdir };
    for (let i = 0; i < Math.min(options.workers, accounts.length); i++)
      workers.push(new Worker(options.workerScript, { workerData: inputs }));
    await Promise.all(workers.map(serve));
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
  const missing = accounts.filter((account) => !written.has(account.name)).map((account) => account.name);
  if (missing.length > 0) throw new Error(`the synthesis workers stopped without writing ${missing.join(', ')}`);
  return finishSynthesis(
    synthesis,
    accounts.map((account) => written.get(account.name)!),
  );
}

/** The worker's side: synthesizes each account the main thread sends, until none is left. */
export function serveSynthesisRequests(): void {
  const { org, outdir } = workerData as WorkerInputs;
  const port = parentPort!;
  port.on('message', (request: Request) => {
    if ('finished' in request) {
      port.close();
      return;
    }
    const account = org.accounts.find((a) => a.name === request.account)!;
    let written: AccountSynthesis;
    try {
      written = synthesizeAccount(org, account, outdir);
    } catch (error) {
      throw new Error(`synthesizing the stack of ${account.name}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    port.postMessage({ written } satisfies Reply);
  });
  port.postMessage({ ready: true } satisfies Reply);
}
