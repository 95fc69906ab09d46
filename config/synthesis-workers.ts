/**
 * How many threads one synth uses: `SECURITY_BASELINE_WORKERS` (a whole number from 1; 1 writes
 * every stack in the main thread), else one per core (at most eight) once there are enough
 * stacks to repay starting the workers.
 */
import { availableParallelism } from 'node:os';
import { UsageError } from './command-line';

export const WORKERS_ENV = 'SECURITY_BASELINE_WORKERS';
/** From this many stacks, workers repay their start (each loads cdktf and the provider bindings again). */
export const PARALLEL_FROM_STACKS = 10;
/**
 * At most this many by default: each thread holds a stack (about 75 MB more peak memory each),
 * and Node 20 counts the host's cores, not a container's CPU limit.
 */
export const MAX_DEFAULT_WORKERS = 8;

/** @throws UsageError (exit 2) for a value that is not a whole number from 1 */
export function synthesisWorkers(stacks: number, env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const configured = env[WORKERS_ENV]?.trim();
  if (configured) {
    if (!/^[1-9]\d*$/.test(configured)) {
      throw new UsageError(`${WORKERS_ENV}: ${JSON.stringify(configured)} must be a whole number from 1 (1: no worker threads)`);
    }
    return Math.min(Number(configured), stacks);
  }
  return stacks >= PARALLEL_FROM_STACKS ? Math.min(cores, MAX_DEFAULT_WORKERS, stacks) : 1;
}
