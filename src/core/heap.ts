/**
 * V8's heap for a thread that runs a replication, or part of one (worker_threads' resourceLimits; the bench's own
 * thread gets the same from package.json's `--max-semi-space-size=1`).
 *
 * The young generation, where V8 makes new objects (two semi-spaces and as much again for new large objects), is
 * held to 3 MiB: a semi-space of 1 MiB, V8's smallest. A replication keeps its state in typed arrays made at the
 * start and makes little garbage a month, so a larger young generation only holds that garbage longer and keeps
 * more pages resident: V8's default (semi-spaces growing to 16 MiB) took about 14 MiB more at the 1 M-agent bench,
 * with no gain in time (README, Speed).
 */
export const YOUNG_GENERATION_MIB = 3;

/** The resourceLimits of a worker thread that runs model code. */
export const MODEL_THREAD_LIMITS = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MIB } as const;

/**
 * Frees the memory of typed arrays that are no longer needed now, not at V8's next full garbage collection. A
 * replication's setup makes some 20 MiB of scratch arrays at 1 M agents (the ties' counts, far ends, lists); they
 * outlive the setup's young-generation collections, so they are only freed by a full collection, and the run makes
 * so little garbage that the first comes years into the simulated time, while the run's own memory has grown: the
 * scratch then adds to the peak. Each array's buffer is handed (transferred) to a new object that nothing keeps, which
 * the next young-generation collection frees with its memory. Arrays over a SharedArrayBuffer (another thread may
 * hold them) are left to the collector. The arrays must not be used after.
 */
export function releaseNow(...arrays: readonly ArrayBufferView[]): void {
  for (const a of arrays) {
    if (a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) structuredClone(a.buffer, { transfer: [a.buffer] });
  }
}
