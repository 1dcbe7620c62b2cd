import type * as WorkerThreads from 'node:worker_threads';
import * as draws from './draws.js';
import * as pass from './person-pass.js';
import { Count } from './person-pass.js';
import { MODEL_THREAD_LIMITS } from '../../core/heap.js';
import type { Ties } from '../ties.js';
import type { ExitSink } from '../ageing.js';

/**
 * The person pass of one replication on several threads. Every thread runs the same kernel (a WebAssembly instance
 * over the one shared memory, or the JavaScript kernel over SharedArrayBuffer-backed columns) on the month's blocks,
 * claiming CLAIM blocks at a time from a shared counter until none are left (so a thread that started late, or whose
 * blocks hold more persons away, takes fewer), and writes each block's counts and queued persons at the block's own
 * place in shared results, which the host then reads in block order: the one-thread order. A block's draws are keyed
 * by (replication, month, block) (draws.ts), so neither which thread ran a block nor the number of threads changes a
 * byte. The yearly ageing claims blocks too; the settling of told records splits the persons into fixed ranges
 * instead, one a thread, where the acquaintance lists are cut (ties.ts Ties.cuts), and the workers start on the
 * records in the background while the host tells them (begin: TELL_AHEAD).
 *
 * The threads meet once a month on a small shared control array (Atomics.wait/notify): the host writes the month and
 * bumps the generation, each worker runs the blocks it claims and counts down. A worker's error is posted on its port and
 * flagged; the host, once every worker is done, throws it as the run's error and stops the workers. Workers end with
 * the replication (close()), and are unref'd so a replication that is never closed does not keep the process alive.
 * The host waits in slices of a second (its event loop is not running, so no 'exit' event can wake it): a worker
 * whose thread has ended (on Linux, its OS thread gone from /proc/self/task) fails the run within a slice, and so does
 * a command no worker has finished for HOMEWARD_PASS_TIMEOUT seconds (a worker that hangs, or never started).
 */

/** What one thread runs: a kernel bound to that thread's scratch. */
export interface Kernel {
  listBlock(lo: number, hi: number, t: number): void;
  decideAway(n: number, t: number): void;
  decideHome(n: number): void;
  drawBlock(k0: number, k1: number, k2: number, k3: number, t: number, block: number, slots: number): void;
  readonly counts: Int32Array;
  readonly returning: Int32Array;
  readonly leaving: Int32Array;
  readonly candidates: Int32Array;
}

/**
 * What a block reports, handed over in block order: its counts at counts[at...] (Count), and the persons it queued,
 * returning[rAt...], leaving[lAt...] and candidates[cAt...] (as many as the counts say).
 */
export type BlockSink = (counts: Int32Array, at: number, returning: Int32Array, rAt: number, leaving: Int32Array, lAt: number, candidates: Int32Array, cAt: number) => void;

/**
 * The blocks of a pass on several threads, reported in SharedArrayBuffers: each block's counts (COUNT_SLOTS a block)
 * and its queued persons (returning, leaving, candidates, one after another from the block's first slot). The yearly
 * ageing reports the persons reaching the exit age in the same room (storeExits): it never runs with the pass.
 */
export interface PassResults {
  readonly counts: Int32Array;
  readonly queued: Int32Array;
}

/** Results for a pass of `count` persons on `threads` threads: none on one (its blocks are reported as they are made). */
export function passResults(count: number, threads: number): PassResults {
  // None with one thread (a browser page may have no SharedArrayBuffer: it needs cross-origin isolation there).
  const ints = (n: number) => (threads > 1 ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(0));
  return { counts: ints(Math.ceil(count / pass.BLOCK) * pass.COUNT_SLOTS), queued: ints(count) };
}

/** Reports the blocks of `out` from..to-1 to `sink`, in order. */
export function reportStored(out: PassResults, from: number, to: number, sink: BlockSink): void {
  const q = out.queued;
  for (let b = from; b < to; b++) {
    const at = b * pass.COUNT_SLOTS;
    const r = out.counts[at + Count.RETURNING]!;
    const l = out.counts[at + Count.LEAVING]!;
    const base = b * pass.BLOCK;
    sink(out.counts, at, q, base, q, base + r, q, base + r + l);
  }
}

/** An ageing.ts ExitSink storing block b's persons reaching the exit age in `out`: how many at counts[b * COUNT_SLOTS], who from queued[b * BLOCK]. */
export function storeExits(out: PassResults): ExitSink {
  return (b, exits, n) => {
    out.counts[b * pass.COUNT_SLOTS] = n;
    out.queued.set(exits.subarray(0, n), b * pass.BLOCK);
  };
}

/** Hands the exits storeExits stored for blocks 0..blocks-1 to `sink`, in block order. */
export function reportExits(out: PassResults, blocks: number, sink: ExitSink): void {
  for (let b = 0; b < blocks; b++) sink(b, out.queued.subarray(b * pass.BLOCK, (b + 1) * pass.BLOCK), out.counts[b * pass.COUNT_SLOTS]!);
}

/**
 * Blocks from..to-1 of `count` persons in month t, the draws keyed by `key` (four 32-bit words): each block's report
 * goes to `sink` as it is made, or is stored in `out` (on several threads: reported later by reportStored).
 */
export function runRange(k: Kernel, key: Int32Array, t: number, from: number, to: number, count: number, out: PassResults | BlockSink): void {
  const k0 = key[0]!;
  const k1 = key[1]!;
  const k2 = key[2]!;
  const k3 = key[3]!;
  const c = k.counts;
  for (let b = from; b < to; b++) {
    const lo = b * pass.BLOCK;
    const hi = Math.min(count, lo + pass.BLOCK);
    k.listBlock(lo, hi, t);
    k.drawBlock(k0, k1, k2, k3, t, b, hi - lo);
    k.decideAway(c[Count.AWAY]!, t);
    k.decideHome(c[Count.HOME]!);
    if (typeof out === 'function') {
      out(c, 0, k.returning, 0, k.leaving, 0, k.candidates, 0);
      continue;
    }
    out.counts.set(c, b * pass.COUNT_SLOTS);
    const r = c[Count.RETURNING]!;
    const l = c[Count.LEAVING]!;
    const base = b * pass.BLOCK;
    out.queued.set(k.returning.subarray(0, r), base);
    out.queued.set(k.leaving.subarray(0, l), base + r);
    out.queued.set(k.candidates.subarray(0, c[Count.CANDIDATES]!), base + r + l);
  }
}

/**
 * Blocks a thread claims at a time: at 10 M agents a block takes about 0.2 ms, so the threads end a month within a
 * millisecond of each other, and 600 claims a month cost nothing.
 */
const CLAIM = 4;

/** Runs `run(from, to)` on ranges of blocks claimed from the control's NEXT counter, until all `blocks` are taken. */
export function runClaimed(control: Int32Array, blocks: number, run: (from: number, to: number) => void): void {
  for (let b = Atomics.add(control, Slot.NEXT, CLAIM); b < blocks; b = Atomics.add(control, Slot.NEXT, CLAIM)) run(b, Math.min(blocks, b + CLAIM));
}

/** The first block of thread `r` of `threads` over `blocks` blocks (thread r runs rangeStart(r) .. rangeStart(r + 1) - 1). */
export function rangeStart(r: number, threads: number, blocks: number): number {
  return Math.floor((r * blocks) / threads);
}

// ---- Binding a kernel ----

/** The JavaScript kernel's inputs (arrays over SharedArrayBuffers in a worker). */
export interface JsInputs {
  /** The pass's person columns, in load.ts PASS_COLUMNS order. */
  readonly columns: readonly ArrayLike<number>[];
  readonly connected: Uint8Array;
  /** terms, futureByEducation, incomeByStatus, localIncomeByExperience, log1p. */
  readonly tables: readonly Float64Array[];
  readonly net: Float64Array;
}

/** Scratch of one thread's JavaScript kernel. */
export function jsScratch() {
  return {
    draws: new Float64Array(2 * pass.BLOCK),
    awayIds: new Int32Array(pass.BLOCK),
    homeIds: new Int32Array(pass.BLOCK),
    returning: new Int32Array(pass.BLOCK),
    leaving: new Int32Array(pass.BLOCK),
    candidates: new Int32Array(pass.BLOCK),
    counts: new Int32Array(pass.COUNT_SLOTS),
    utilities: new Float64Array(pass.BLOCK),
  };
}
export type JsScratch = ReturnType<typeof jsScratch>;

/** Binds this thread's JavaScript kernel (its module variables) to `inputs` and `s`. */
export function bindJs(inputs: JsInputs, s: JsScratch): void {
  const [status, entry, village, wage, savings, flags, nostalgia, family, modernity, risk, skill, knowledge, education, calledUntil, urbanMonths, channel, peersHome, elitePeersHome, successfulPeers] =
    inputs.columns as [
      Uint8Array,
      Int16Array,
      Uint16Array,
      Float32Array,
      Float32Array,
      Uint8Array,
      Uint16Array,
      Uint16Array,
      Uint16Array,
      Uint16Array,
      Uint16Array,
      Uint16Array,
      Uint8Array,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint16Array,
      Uint16Array,
      Uint16Array,
    ];
  pass.bindPersons(status, entry, village, wage, savings, flags, nostalgia, family, modernity, risk, skill, knowledge, education, calledUntil, urbanMonths, channel, peersHome, elitePeersHome, successfulPeers, inputs.connected);
  const [terms, future, byStatus, local, log1p] = inputs.tables as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  pass.bindMonth(terms, future, byStatus, local, log1p, inputs.net, s.draws, s.awayIds, s.homeIds, s.returning, s.leaving, s.candidates, s.counts, s.utilities);
  draws.bindDraws(s.draws);
}

export function jsKernel(s: JsScratch): Kernel {
  return { listBlock: pass.listBlock, decideAway: pass.decideAway, decideHome: pass.decideHome, drawBlock: draws.drawBlock, counts: s.counts, returning: s.returning, leaving: s.leaving, candidates: s.candidates };
}

/** What the pass uses of the WebAssembly API (ES2022's lib, which the model compiles against, does not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
export const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface WasmExports {
  bind(table: number, objects: number): number;
  objectBytes(): number;
  listBlock(lo: number, hi: number, t: number): void;
  decideAway(n: number, t: number): void;
  decideHome(n: number): void;
  drawBlock(k0: number, k1: number, k2: number, k3: number, t: number, block: number, slots: number): void;
}

/** Where one thread's instance finds its layout table, its bound objects and its scratch (byte offsets, lengths in elements). */
export interface WasmThreadLayout {
  readonly table: number;
  readonly objects: number;
  readonly counts: number;
  readonly returning: number;
  readonly leaving: number;
  readonly candidates: number;
}

/** A WebAssembly instance of the pass over `memory`, bound to one thread's layout; returns the kernel and the runtime's heap end. */
export function wasmKernel(api: WasmApi, module: object, memory: WasmMemory, at: WasmThreadLayout): { kernel: Kernel; heapEnd: number } {
  const exports = new api.Instance(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('person pass: WebAssembly abort');
      },
    },
  }).exports as unknown as WasmExports;
  const heapEnd = exports.bind(at.table, at.objects);
  return { kernel: wasmKernelViews(memory, at, exports), heapEnd };
}

/**
 * The kernel `k` with its scratch viewed anew on the memory: a shared memory's buffer is never detached, a plain
 * one's is when it grows (the instance's own views hold addresses, which stay).
 */
export function wasmKernelViews(memory: WasmMemory, at: WasmThreadLayout, k: Omit<Kernel, 'counts' | 'returning' | 'leaving' | 'candidates'>): Kernel {
  const ints = (offset: number, n: number) => new Int32Array(memory.buffer, offset, n);
  return {
    listBlock: k.listBlock,
    decideAway: k.decideAway,
    decideHome: k.decideHome,
    drawBlock: k.drawBlock,
    counts: ints(at.counts, pass.COUNT_SLOTS),
    returning: ints(at.returning, pass.BLOCK),
    leaving: ints(at.leaving, pass.BLOCK),
    candidates: ints(at.candidates, pass.BLOCK),
  };
}

// ---- The team of threads ----

/** Slots of the control array. */
export const enum Slot {
  /** Bumped by the host to start a command. */
  GENERATION = 0,
  COMMAND = 1,
  /** The command's argument: the month (MONTH), the records to settle (TELL). */
  MONTH = 2,
  /** Workers still running the command. */
  PENDING = 3,
  /** Set by a worker that failed (its error is on its port). */
  FAILED = 4,
  /** Workers set up. */
  READY = 5,
  /** The next block to claim (runClaimed). */
  NEXT = 6,
  /** Set by the host to end a command running in the background (PassTeam.begin). */
  HALT = 7,
  /** Slots; then each worker's OS thread id (0 where it cannot be had), worker r's at SLOTS + r - 1. */
  SLOTS = 8,
}
export const enum Command {
  MONTH = 1,
  /** Take new inputs: the message on the worker's port (JavaScript inputs, after growth or the switch from WebAssembly). */
  REBIND = 2,
  STOP = 3,
  /** Take new acquaintance inputs: the message on the worker's port (TellInputs). */
  TELL_INPUTS = 4,
  /** Settle the first MONTH told records on the thread's own persons (ties.ts settleTold, its part of the lists), those it settled ahead excepted. */
  TELL = 5,
  /** Take new ageing inputs: the message on the worker's port (ageing.ts AgeingInputs). */
  AGEING_INPUTS = 6,
  /** Age the blocks the thread claims in January month MONTH (ageing.ts ageBlocks), storing the exits (storeExits). */
  AGE = 7,
  /** Draw, count or encode a part of the acquaintance ties: the message on the worker's port (ties.ts TieTask). */
  BUILD_TIES = 8,
  /** Draw a range of villages' persons: the message on the worker's port (persons.ts VillageJob). */
  POPULATION = 9,
  /**
   * In the background (PassTeam.begin), until halted: settle the told records as the host tells them, on the thread's
   * own persons, and worker 1 on the host's too (kernel/load.ts settler).
   */
  TELL_AHEAD = 10,
}

/**
 * What the threads settle the told records with (ModelState.settleAcquaintances): the ties, the three counters (in
 * ties.ts Told order) and the records, all over SharedArrayBuffers. Each thread adds to its own persons only (its
 * part of every list: ties.ts Ties.cuts), so no two threads write the same counter.
 */
export interface TellInputs {
  readonly ties: Ties;
  readonly counters: readonly Uint16Array[];
  readonly told: Int32Array;
  /** The ToldList's progress (ties.ts Progress): how many records are told, and how many worker 1 settled ahead on part 0. */
  readonly progress: Int32Array;
}

/** What a worker is set up with (pass-worker.ts). */
export interface WorkerSetup {
  readonly control: Int32Array;
  /** The worker's thread number (1..threads - 1: the host's thread is 0). */
  readonly thread: number;
  readonly port: WorkerThreads.MessagePort;
  readonly key: Int32Array;
  readonly count: number;
  readonly results: PassResults;
  readonly kernel: WorkerKernel;
}
/** A worker's kernel: a WebAssembly instance over the shared memory, or the JavaScript kernel over shared inputs. */
export type WorkerKernel = { readonly path: 'wasm'; readonly module: object; readonly memory: WasmMemory; readonly layout: WasmThreadLayout } | { readonly path: 'js'; readonly inputs: JsInputs };

export type WorkerReport = { readonly error: string };

const workerThreads = () => globalThis.process?.getBuiltinModule?.('node:worker_threads') as typeof WorkerThreads | undefined;

/** Whether this host can run the pass on several threads (Node's worker threads and SharedArrayBuffer). */
export function threadsAvailable(): boolean {
  return workerThreads() !== undefined && typeof SharedArrayBuffer === 'function';
}

/** This thread's OS thread id on Linux (/proc/thread-self is /proc/<pid>/task/<tid>), else 0. */
export function osThreadId(): number {
  try {
    const link = globalThis.process?.getBuiltinModule?.('node:fs')?.readlinkSync('/proc/thread-self');
    return link === undefined ? 0 : Number(link.slice(link.lastIndexOf('/') + 1)) || 0;
  } catch {
    return 0;
  }
}

/** Whether the OS thread `tid` of this process still runs (true where that cannot be known: tid 0, no /proc). */
function threadAlive(tid: number): boolean {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  return tid === 0 || fs === undefined || fs.existsSync(`/proc/self/task/${tid}`);
}

/** Seconds the host waits for a command no worker finishes (HOMEWARD_PASS_TIMEOUT, default 600) before failing the run. */
function passTimeoutSeconds(): number {
  const v = globalThis.process?.env?.HOMEWARD_PASS_TIMEOUT;
  const seconds = v === undefined || v === '' ? 600 : Number(v);
  if (!(seconds > 0)) throw new Error(`HOMEWARD_PASS_TIMEOUT must be a positive number of seconds, not ${v}`);
  return seconds;
}

/** The worker script: next to this module in dist/; from the sources (tests), the build's copy. */
function workerUrl(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../../dist/model/kernel/pass-worker.js', import.meta.url) : new URL('./pass-worker.js', import.meta.url);
}

/** The workers of one replication's pass (threads - 1 of them: the host's thread works beside them). */
export class PassTeam {
  private readonly control: Int32Array;
  private readonly workers: WorkerThreads.Worker[] = [];
  private readonly ports: WorkerThreads.MessagePort[] = [];
  private readonly wt: typeof WorkerThreads;
  private ready = false;
  private closed = false;
  /** Whether a command runs in the background (begin), to be halted before the next. */
  private background = false;
  /** Resolves when every worker has ended (after close() or a failure). */
  readonly ended: Promise<void>;

  constructor(
    readonly threads: number,
    key: Int32Array,
    count: number,
    results: PassResults,
    kernelOf: (thread: number) => WorkerKernel,
    private readonly timeoutSeconds = passTimeoutSeconds(),
  ) {
    const wt = workerThreads();
    if (wt === undefined) throw new Error('person pass: threads need Node worker threads');
    this.wt = wt;
    this.control = new Int32Array(new SharedArrayBuffer(4 * (Slot.SLOTS + threads - 1)));
    const exits: Promise<void>[] = [];
    for (let r = 1; r < threads; r++) {
      const { port1, port2 } = new wt.MessageChannel();
      const setup: WorkerSetup = { control: this.control, thread: r, port: port2, key, count, results, kernel: kernelOf(r) };
      const worker = new wt.Worker(workerUrl(), { workerData: setup, transferList: [port2], resourceLimits: MODEL_THREAD_LIMITS });
      worker.unref();
      exits.push(new Promise((resolve) => worker.once('exit', () => resolve())));
      // A worker's own errors are caught and flagged (pass-worker.ts); this is for one that could not start at all.
      worker.on('error', () => {});
      this.workers.push(worker);
      this.ports.push(port1);
    }
    this.ended = Promise.all(exits).then(() => {});
  }

  /** Runs `command` on every worker, and `own` (the host's share) meanwhile; throws a worker's error. */
  run(command: Command, month: number, own: () => void): void {
    this.start(command, month);
    let failure: unknown;
    try {
      own();
    } catch (err) {
      failure = err;
    }
    this.waitFor(Slot.PENDING, (p) => p === 0, `run command ${command}`, failure);
    if (failure !== undefined) {
      this.close();
      throw failure;
    }
    this.check();
  }

  /**
   * Starts `command` on every worker and returns: it runs in the background while this thread goes on, until the
   * workers see HALT, which the next command (or close) sets first and waits for.
   */
  begin(command: Command, month: number): void {
    this.start(command, month);
    this.background = true;
  }

  /** Posts `command` to the workers, once they are set up, and any background command has ended. */
  private start(command: Command, month: number): void {
    if (this.closed) throw new Error('person pass: its threads are closed');
    const c = this.control;
    const n = this.workers.length;
    if (!this.ready) {
      // The workers set themselves up (load their modules) once; a worker that fails there still counts itself ready.
      this.waitFor(Slot.READY, (r) => r === n, 'set up');
      this.ready = true;
      this.check();
    }
    if (this.background) {
      this.halt();
      this.waitFor(Slot.PENDING, (p) => p === 0, `end command ${c[Slot.COMMAND]}`);
      this.background = false;
      c[Slot.HALT] = 0;
      this.check();
    }
    c[Slot.COMMAND] = command;
    c[Slot.MONTH] = month;
    c[Slot.NEXT] = 0;
    Atomics.store(c, Slot.PENDING, n);
    Atomics.add(c, Slot.GENERATION, 1);
    Atomics.notify(c, Slot.GENERATION);
  }

  /** Tells a command running in the background to end (the workers look at HALT between their turns of work). */
  private halt(): void {
    Atomics.store(this.control, Slot.HALT, 1);
    Atomics.notify(this.control, Slot.HALT);
  }

  /**
   * Waits until the control slot's value is `done`, waking every second to see whether a worker's thread has ended
   * or the value has not moved for the timeout; then stops the workers and throws (the host's own `failure` first).
   */
  private waitFor(slot: Slot, done: (value: number) => boolean, what: string, failure?: unknown): void {
    const c = this.control;
    let since = Date.now();
    for (let v = Atomics.load(c, slot); !done(v); ) {
      Atomics.wait(c, slot, v, 1000);
      const now = Atomics.load(c, slot);
      if (now !== v) {
        v = now;
        since = Date.now();
        continue;
      }
      let problem: string | undefined;
      for (let r = 1; r < this.threads && problem === undefined; r++) {
        if (!threadAlive(c[Slot.SLOTS + r - 1]!)) problem = `worker ${r} of ${this.threads - 1} has ended (its thread is gone) before it could ${what}`;
      }
      if (problem === undefined && Date.now() - since > 1000 * this.timeoutSeconds) problem = `the workers did not ${what} in ${this.timeoutSeconds} s (HOMEWARD_PASS_TIMEOUT): one hangs, or never started`;
      if (problem === undefined) continue;
      this.abort();
      if (failure !== undefined) throw failure;
      throw new Error(`person pass: ${problem}`);
    }
  }

  /** Within run's `own`: this thread's share of `blocks` blocks, claimed as the workers claim theirs (runClaimed). */
  claim(blocks: number, run: (from: number, to: number) => void): void {
    runClaimed(this.control, blocks, run);
  }

  /** Sends a message to every worker's port (then run REBIND). */
  post(message: unknown): void {
    for (const port of this.ports) port.postMessage(message);
  }

  /** Sends messages[r - 1] to worker r's port (then run a command that reads it). */
  postEach(messages: readonly unknown[]): void {
    this.ports.forEach((port, k) => port.postMessage(messages[k]));
  }

  /** Stops the workers at once (after a failure: one may never read the STOP command). */
  private abort(): void {
    this.close();
    for (const w of this.workers) void w.terminate();
  }

  /** Stops the workers; they end once they have read the command. */
  close(): void {
    if (this.closed) return;
    if (this.background) this.halt();
    this.closed = true;
    const c = this.control;
    c[Slot.COMMAND] = Command.STOP;
    Atomics.add(c, Slot.GENERATION, 1);
    Atomics.notify(c, Slot.GENERATION);
    for (const port of this.ports) port.close();
  }

  /** Throws the first error a worker reported, after stopping them all. */
  private check(): void {
    if (Atomics.load(this.control, Slot.FAILED) === 0) return;
    let error = 'a person pass worker failed';
    for (const port of this.ports) {
      const report = this.wt.receiveMessageOnPort(port)?.message as WorkerReport | undefined;
      if (report !== undefined) {
        error = report.error;
        break;
      }
    }
    this.abort();
    throw new Error(`person pass worker: ${error}`);
  }
}
