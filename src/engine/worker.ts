// Entry point of a replication worker thread (see pool.ts): runs the reps the main thread sends, one at a time.
import { parentPort } from 'node:worker_threads';
import { simulate } from './simulate.js';
import type { RunMessage, WorkerMessage } from './pool.js';
import type { RepResult } from './result.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const MONTH: WorkerMessage = { type: 'month' };

// The column buffers move to the main thread instead of being copied. A buffer may back several columns, and a
// SharedArrayBuffer cannot be transferred at all, so collect each plain ArrayBuffer once.
function transferList(result: RepResult): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const arrays = [...result.columns, ...result.creators.flatMap((s) => [s.channel, s.returnee, s.nostalgic, s.knowledge, s.followers, s.income])];
  for (const a of arrays) if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  return [...buffers];
}

// An exception here is uncaught in the worker: the pool receives it as an 'error' event and fails the run.
port.on('message', ({ scenario, rep, seed }: RunMessage) => {
  const result = simulate(scenario, { rep, seed, onMonth: () => port.postMessage(MONTH) });
  const msg: WorkerMessage = { type: 'result', result };
  port.postMessage(msg, transferList(result));
});
