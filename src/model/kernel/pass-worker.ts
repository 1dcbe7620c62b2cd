// Entry point of a person pass worker (pass-threads.ts): runs the blocks it claims each month the host starts, until
// told to stop. Synchronous throughout (Atomics.wait; new inputs read with receiveMessageOnPort), so it needs no
// event loop turn between months; every error is reported to the host instead of thrown.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { BLOCK } from './person-pass.js';
import { ageBlocks, type AgeingInputs } from '../ageing.js';
import { Progress, settleTold, tieWork, Told, type TieTask } from '../ties.js';
import { drawVillages, type VillageJob } from '../persons.js';
import { Command, Slot, osThreadId, bindJs, jsKernel, jsScratch, runClaimed, runRange, storeExits, wasmApi, wasmKernel, type JsInputs, type Kernel, type TellInputs, type WorkerReport, type WorkerSetup } from './pass-threads.js';

const setup = workerData as WorkerSetup;
const { control: c, port } = setup;
const blocks = Math.ceil(setup.count / BLOCK);

function report(err: unknown): void {
  const msg: WorkerReport = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  port.postMessage(msg);
  Atomics.store(c, Slot.FAILED, 1);
}

/** The message the host posted for `command` (named in the error when there is none). */
function received<T>(command: string): T {
  const message = receiveMessageOnPort(port)?.message as T | undefined;
  if (message === undefined) throw new Error(`${command} without its message`);
  return message;
}

const scratch = jsScratch();
const exits = storeExits(setup.results);
function kernelFor(k: WorkerSetup['kernel']): Kernel {
  if (k.path === 'wasm') return wasmKernel(wasmApi!, k.module, k.memory, k.layout).kernel;
  bindJs(k.inputs, scratch);
  return jsKernel(scratch);
}

let kernel: Kernel | undefined;
let tell: TellInputs | undefined;
let ageing: AgeingInputs | undefined;
/** Told records this thread has settled ahead (TELL_AHEAD) since the last TELL, which settles the rest. */
let ahead = 0;

/** Records settled between two looks at HALT: about a tenth of a millisecond. */
const AHEAD_BATCH = 256;

/**
 * TELL_AHEAD: settles the records told so far, from `from` on, on this thread's part of the lists (worker 1 on the
 * host's part too, counted in Progress.AHEAD), and waits for more (looking at HALT every millisecond) until halted.
 * It stops at the end of the records it was given: those told after the host's list grew are left to TELL. Returns
 * how far it got (records 0 to `from` were settled before).
 */
function settleAhead(inputs: TellInputs, from: number): number {
  const first = setup.thread === 1 ? 0 : setup.thread;
  const room = inputs.told.length / Told.SLOTS;
  let done = from;
  while (Atomics.load(c, Slot.HALT) === 0) {
    const told = Math.min(room, Atomics.load(inputs.progress, Progress.TOLD));
    if (told <= done) {
      Atomics.wait(c, Slot.HALT, 0, 1);
      continue;
    }
    const to = Math.min(told, done + AHEAD_BATCH);
    settleTold(inputs.ties, inputs.told, done, to, inputs.counters, first, setup.thread);
    done = to;
  }
  if (first === 0) Atomics.store(inputs.progress, Progress.AHEAD, done);
  return done;
}

try {
  kernel = kernelFor(setup.kernel);
} catch (err) {
  report(err);
}
// Where the host sees whether this thread still runs (PassTeam.waitFor).
Atomics.store(c, Slot.SLOTS + setup.thread - 1, osThreadId());
Atomics.add(c, Slot.READY, 1);
Atomics.notify(c, Slot.READY);

for (let seen = 0; ; ) {
  Atomics.wait(c, Slot.GENERATION, seen);
  seen = Atomics.load(c, Slot.GENERATION);
  const command = c[Slot.COMMAND]!;
  if (command === Command.STOP) break;
  try {
    if (kernel === undefined) throw new Error('the worker could not set up its kernel');
    if (command === Command.REBIND) {
      kernel = kernelFor({ path: 'js', inputs: received<JsInputs>('REBIND') });
    } else if (command === Command.TELL_INPUTS) {
      tell = received<TellInputs>('TELL_INPUTS');
    } else if (command === Command.TELL) {
      if (tell === undefined) throw new Error('TELL before TELL_INPUTS');
      settleTold(tell.ties, tell.told, ahead, c[Slot.MONTH]!, tell.counters, setup.thread);
      ahead = 0;
    } else if (command === Command.TELL_AHEAD) {
      if (tell === undefined) throw new Error('TELL_AHEAD before TELL_INPUTS');
      ahead = settleAhead(tell, ahead);
    } else if (command === Command.AGEING_INPUTS) {
      ageing = received<AgeingInputs>('AGEING_INPUTS');
    } else if (command === Command.AGE) {
      if (ageing === undefined) throw new Error('AGE before AGEING_INPUTS');
      const a = ageing;
      const t = c[Slot.MONTH]!;
      runClaimed(c, blocks, (from, to) => ageBlocks(a, setup.key, t, from, to, setup.count, exits));
    } else if (command === Command.BUILD_TIES) {
      tieWork(received<TieTask>('BUILD_TIES'));
    } else if (command === Command.POPULATION) {
      drawVillages(received<VillageJob>('POPULATION'));
    } else {
      const k = kernel;
      const t = c[Slot.MONTH]!;
      runClaimed(c, blocks, (from, to) => runRange(k, setup.key, t, from, to, setup.count, setup.results));
    }
  } catch (err) {
    report(err);
  }
  if (Atomics.sub(c, Slot.PENDING, 1) === 1) Atomics.notify(c, Slot.PENDING);
}
port.close();
