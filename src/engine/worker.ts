// Entry point of a replication worker thread (see pool.ts): runs the reps the main thread sends, one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelDefinition, RunResult } from '../core/definition.js';
import { simulate } from './simulate.js';
import type { RunMessage, WorkerData, WorkerMessage } from './pool.js';

const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const { model: modelUrl, within } = workerData as WorkerData;
// A definition holds functions, so the worker imports it from its module instead of receiving it.
const { definition } = (await import(modelUrl)) as { definition: ModelDefinition<unknown, unknown> };
definition.threadsWithin?.(within);
const MONTH: WorkerMessage = { type: 'month' };

/**
 * The buffers of every typed array in the result (metric columns, snapshot arrays), found by walking it: they move
 * to the main thread instead of being copied. A buffer may back several arrays, and a SharedArrayBuffer cannot be
 * transferred at all, so each plain ArrayBuffer is listed once.
 */
function transferList(result: RunResult<unknown>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(visit);
  };
  visit(result);
  return [...buffers];
}

// An exception here is uncaught in the worker: the pool receives it as an 'error' event and fails the run.
port.on('message', ({ scenario, rep, seed }: RunMessage) => {
  const result = simulate(definition, scenario, { rep, seed, onMonth: () => port.postMessage(MONTH) });
  const msg: WorkerMessage = { type: 'result', result };
  port.postMessage(msg, transferList(result));
});
