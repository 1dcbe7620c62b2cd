import { deserialize, serialize } from 'node:v8';
import type { RunResult } from '../core/definition.js';

/**
 * One finished experiment as a file, written by an array task and read back by the process that submitted it. The
 * result is serialised with V8's structured clone (what worker threads post to the main thread), so every metric
 * column and snapshot array comes back as the same typed array with the same bytes: exact doubles, and outputs
 * assembled from these files are the bytes the worker-thread evaluator's would be. A header names the format so a
 * foreign or cut file is refused rather than misread.
 */

const MAGIC = Buffer.from('homeward-run-v1\n', 'latin1');

export function encodeResult(result: RunResult<unknown>): Buffer {
  return Buffer.concat([MAGIC, serialize(result)]);
}

/** The result in a file's bytes; an Error naming `file` when they are not one. */
export function decodeResult<Snapshot>(bytes: Buffer, file: string): RunResult<Snapshot> {
  if (bytes.length <= MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${file}: not a homeward run result`);
  let value: unknown;
  try {
    value = deserialize(bytes.subarray(MAGIC.length));
  } catch (err) {
    throw new Error(`${file}: a damaged run result (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isRunResult(value)) throw new Error(`${file}: not a homeward run result`);
  // The snapshots are the model's own type: the file was written by this build's model (its key says so).
  return value as RunResult<Snapshot>;
}

function isRunResult(x: unknown): x is RunResult<unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<Record<keyof RunResult<unknown>, unknown>>;
  return (
    typeof r.rep === 'number' &&
    typeof r.seed === 'number' &&
    typeof r.start === 'number' &&
    typeof r.months === 'number' &&
    typeof r.agentSteps === 'number' &&
    Array.isArray(r.columns) &&
    r.columns.every((c) => c instanceof Float64Array) &&
    Array.isArray(r.snapshots)
  );
}
