import { allocateColumns, newArray } from '../../core/columns.js';
import { PERSON_COLUMNS, type Persons, type PopulationThreads } from '../persons.js';
import { Progress, settleTold, type Ties, type TieTask, type TieThreads, type ToldList } from '../ties.js';
import { AGEING_COLUMNS, ageBlocks, type AgeingInputs, type ExitSink } from '../ageing.js';
import * as pass from './person-pass.js';
import { Command, PassTeam, reportExits, storeExits, type TellInputs, type Kernel, bindJs, jsKernel, jsScratch, passResults, rangeStart, reportStored, runRange, threadsAvailable, wasmApi, wasmKernel, wasmKernelViews, type BlockSink, type JsInputs, type PassResults, type WasmApi, type WasmThreadLayout } from './pass-threads.js';

/**
 * The person pass on one of two targets of the same source (person-pass.ts): WebAssembly (person-pass.wasm, built by
 * `npm run build`), or JavaScript when WebAssembly is not there (a browser page, a build without the .wasm), is not
 * wanted (HOMEWARD_PERSON_PASS=js), or the persons do not fit its memory. Both give the same bytes.
 *
 * In WebAssembly the columns the pass reads live in the module's memory, which a 32-bit WebAssembly memory caps at
 * 4 GiB (about 100 million persons at the 42 bytes a person it holds, 50 million agents): a replication with more persons runs the JavaScript pass on
 * the same source, and so does one whose channels outgrow the memory during the run (its columns are copied out).
 *
 * On several threads (usePassThreads; pass-threads.ts) the memory is shared and every thread runs an instance of
 * person-pass-shared.wasm over it, or, in JavaScript, the pass's columns and the month's tables live in
 * SharedArrayBuffers; the bytes are the same on any number of threads.
 */
export type PassPath = 'wasm' | 'js';

/** The columns the pass reads or writes, in the order of wasm/entry.ts bind() (then the month's tables and scratch). */
const PASS_COLUMNS = [
  'status',
  'entry',
  'village',
  'wage',
  'savings',
  'flags',
  'nostalgia',
  'family',
  'modernity',
  'risk',
  'skill',
  'knowledge',
  'education',
  'calledUntil',
  'urbanMonths',
  'channel',
  'peersHome',
  'elitePeersHome',
  'successfulPeers',
] as const satisfies readonly (keyof Persons)[];

/** The month's tables, as decision.ts computes them. */
export interface PassTables {
  readonly terms: Float64Array;
  readonly futureByEducation: Float64Array;
  readonly incomeByStatus: Float64Array;
  readonly localIncomeByExperience: Float64Array;
  readonly log1p: Float64Array;
}

/** Sizes the pass's tables have for the whole run. */
export interface PassSizes {
  readonly villages: number;
  readonly educationLevels: number;
  readonly experienceSteps: number;
}

/**
 * One replication's person pass: its persons (their columns where the pass reads them) and the pass over all blocks
 * of a month, on `threads` threads (pass-threads.ts), each block's report handed to the host in block order.
 */
export interface PersonPass {
  readonly path: PassPath;
  readonly persons: Persons;
  /** Bytes of WebAssembly memory the pass lays out (0 in JavaScript). */
  readonly bytes: number;
  /** Threads the month's blocks are split over (this one included). */
  readonly threads: number;
  /** Binds this month's tables, the villages' connections and the channels' net income; call before run(). */
  month(tables: PassTables, connected: Uint8Array, channelNet: Float64Array, channels: number): void;
  /** Runs month t's pass over every block, and hands each block's report to `sink`, in block order. */
  run(t: number, sink: BlockSink): void;
  /**
   * Settles the told records (ties.ts settleTold) on the persons' acquaintance counters, split over the pass's threads
   * by the acquaintances (each thread its own persons, where tieThreads cut the lists), so any split gives the same
   * counters. With threads, `ties` and the records are over SharedArrayBuffers (createTies on tieThreads, a shared ToldList).
   */
  settle(ties: Ties, told: ToldList): void;
  /**
   * Starts settling the records as they are told, on the pass's workers (nothing on one thread), while this thread
   * goes on with the month; the next settle() settles the rest. Until then nothing may read the counters, nor any
   * other work run on the threads (PassTeam.begin: it would halt them first).
   */
  settleAhead(ties: Ties, told: ToldList): void;
  /**
   * Ages the persons in January month t (ageing.ts ageBlocks), split over the pass's threads by blocks; with threads,
   * the inputs' columns are over SharedArrayBuffers (the pass's, and the others: restSpec). Then calls leave(i) for
   * each person who reached the exit age, in person order.
   */
  age(inputs: AgeingInputs, t: number, leave: (i: number) => void): void;
  /** The pass's threads for drawing the persons (persons.ts createPopulation); undefined on one thread. */
  readonly populationThreads: PopulationThreads | undefined;
  /** The pass's threads for building the acquaintance ties (ties.ts createTies); undefined on one thread. */
  readonly tieThreads: TieThreads | undefined;
  /** Ends the pass's worker threads (none with one thread); `ended` resolves when they have. */
  close(): void;
  readonly ended: Promise<void>;
}

const env = (name: string): string | undefined => globalThis.process?.env?.[name];

/** HOMEWARD_PERSON_PASS: wasm or js forces a path (wasm fails if it cannot run); unset, WebAssembly when it loads. */
function requestedPath(): PassPath | 'auto' {
  const v = env('HOMEWARD_PERSON_PASS');
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  if (v === 'wasm' || v === 'js') return v;
  throw new Error(`HOMEWARD_PERSON_PASS must be wasm, js or auto, not ${v}`);
}

/** Largest WebAssembly memory the pass takes: 4 GiB (wasm32), or HOMEWARD_WASM_MAX_MIB (to test the fallback). */
function memoryCapBytes(): number {
  const v = env('HOMEWARD_WASM_MAX_MIB');
  const mib = v === undefined || v === '' ? 4096 : Number(v);
  if (!Number.isFinite(mib) || mib <= 0) throw new Error(`HOMEWARD_WASM_MAX_MIB must be a positive number of MiB, not ${v}`);
  return Math.min(4096, mib) * 2 ** 20;
}

let threadsPerPass = 1;

/**
 * Threads each replication created from now on in this thread splits its person pass over (the engine sets it from
 * --threads: the threads beyond the replications in flight). Fewer where the persons make fewer blocks, and one
 * where the host has no worker threads.
 */
export function usePassThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number >= 1, got ${threads}`);
  threadsPerPass = threads;
}

/** Threads a pass over `count` persons takes (on one, Node's worker threads are not even loaded). */
function passThreads(count: number): number {
  if (threadsPerPass === 1) return 1;
  const blocks = Math.ceil(count / pass.BLOCK);
  return Math.max(1, Math.min(threadsPerPass, blocks, threadsAvailable() ? Infinity : 1));
}

type Column = ArrayLike<number> & { set(a: ArrayLike<number>): void };
type ArrayType = { new (buffer: ArrayBuffer | SharedArrayBuffer, offset?: number, length?: number): Column; new (length: number): Column; readonly BYTES_PER_ELEMENT: number };

/**
 * The spec of the persons' columns the pass does not read: JavaScript arrays on every path, over SharedArrayBuffers
 * when other threads age them too (ageing.ts).
 */
const restSpec = () => Object.fromEntries(Object.entries(PERSON_COLUMNS).filter(([key]) => !(PASS_COLUMNS as readonly string[]).includes(key)));

// ---- JavaScript ----

/** The inputs of the JavaScript kernel for `persons`: shared copies of the month's tables when other threads read them. */
function jsInputs(persons: Persons, sizes: PassSizes, shared: boolean, netCapacity: number): JsInputs {
  const columns = PASS_COLUMNS.map((key) => persons[key]);
  const f64 = (n: number) => newArray(Float64Array, n, shared);
  return {
    columns,
    connected: newArray(Uint8Array, sizes.villages, shared),
    tables: [pass.TERM_COUNT, sizes.educationLevels, 7, sizes.experienceSteps, 256].map(f64),
    net: f64(netCapacity),
  };
}

/** The JavaScript pass over `persons` (their pass columns over SharedArrayBuffers when `team` runs it too). */
function jsPass(persons: Persons, sizes: PassSizes, key: Int32Array, threads: number, results: PassResults, team: PassTeam | undefined): PersonPass {
  const shared = team !== undefined;
  let inputs = jsInputs(persons, sizes, shared, 64);
  const scratch = jsScratch();
  const kernel = jsKernel(scratch);
  const count = persons.count;
  let rebind = shared;
  return {
    path: 'js',
    persons,
    bytes: 0,
    threads,
    month(tables, connected, channelNet, channels) {
      if (channels > inputs.net.length) {
        inputs = { ...inputs, net: newArray(Float64Array, Math.max(channels, shared ? Math.ceil(inputs.net.length * 1.5) : 2 * inputs.net.length), shared) };
        rebind = shared;
      }
      inputs.connected.set(connected);
      [tables.terms, tables.futureByEducation, tables.incomeByStatus, tables.localIncomeByExperience, tables.log1p].forEach((table, j) => inputs.tables[j]!.set(table));
      inputs.net.set(channelNet.subarray(0, channels));
      // Bound every month: other replications of this thread bind theirs in between.
      bindJs(inputs, scratch);
      if (rebind && team !== undefined) {
        team.post(inputs);
        team.run(Command.REBIND, 0, () => {});
        rebind = false;
      }
    },
    run(t, sink) {
      runPass(team, kernel, key, t, count, results, sink);
    },
    ...onThreads(team, persons, key, results),
  };
}

/** What a pass does with its team of threads (none on one thread), on either path: all but the month's pass itself. */
function onThreads(team: PassTeam | undefined, persons: Persons, key: Int32Array, results: PassResults): Pick<PersonPass, 'settle' | 'settleAhead' | 'age' | 'populationThreads' | 'tieThreads' | 'close' | 'ended'> {
  return {
    ...settler(team, persons),
    age: ager(team, key, persons.count, results),
    populationThreads: jobThreads(team, Command.POPULATION),
    tieThreads: tieThreads(team, persons.count),
    close: () => team?.close(),
    ended: team?.ended ?? Promise.resolve(),
  };
}

/**
 * A setup's work on the pass's threads (createPopulation's villages, createTies's chunks): each worker's part posted
 * to it and run on `command`, this thread's run meanwhile.
 */
function jobThreads<J>(team: PassTeam | undefined, command: Command): { threads: number; run(jobs: readonly J[], own: () => void): void } | undefined {
  if (team === undefined) return undefined;
  return {
    threads: team.threads,
    run(jobs, own) {
      team.postEach(jobs);
      team.run(command, 0, own);
    },
  };
}

/**
 * PersonPass.settle and settleAhead for `persons` (its counters read at each call: the WebAssembly pass may move them
 * out of its memory): on this thread alone, or this thread's part of every list while the workers take theirs
 * (Ties.cuts; given new inputs whenever the ties, counters or records are other arrays than they last had). Settling
 * ahead, the workers take the records as they are told while this thread goes on with the month (worker 1 settling
 * this thread's part too); settle() then halts them and the threads settle the rest, each its part.
 */
function settler(team: PassTeam | undefined, persons: Persons): Pick<PersonPass, 'settle' | 'settleAhead'> {
  let bound: TellInputs | undefined;
  // In ties.ts Told order.
  const countersNow = () => [persons.peersHome, persons.elitePeersHome, persons.successfulPeers];
  const bind = (ties: Ties, told: ToldList): TellInputs => {
    if (team === undefined) throw new Error('person pass: no threads to settle on');
    const counters = countersNow();
    if (ties.cuts.length !== team.threads - 1) throw new Error(`person pass: ties cut for ${ties.cuts.length + 1} threads settled on ${team.threads}`);
    if (bound === undefined || bound.ties !== ties || bound.told !== told.records || bound.counters.some((c, k) => c !== counters[k])) {
      bound = { ties, counters, told: told.records, progress: told.progress };
      team.post(bound);
      team.run(Command.TELL_INPUTS, 0, () => {});
    }
    return bound;
  };
  return {
    settle(ties, told) {
      if (team === undefined) return settleTold(ties, told.records, 0, told.length, countersNow(), 0);
      if (told.length === 0) return;
      const inputs = bind(ties, told);
      // Halts the workers settling ahead (PassTeam.start) before this thread reads how far worker 1 got on its part.
      team.run(Command.TELL, told.length, () => settleTold(inputs.ties, inputs.told, Atomics.load(told.progress, Progress.AHEAD), told.length, inputs.counters, 0));
    },
    settleAhead(ties, told) {
      if (team !== undefined) {
        bind(ties, told);
        team.begin(Command.TELL_AHEAD, 0);
      }
    },
  };
}

/**
 * PersonPass.age: on this thread alone, or on the blocks each thread claims (the workers given new inputs
 * whenever a column is another array than they last had: the WebAssembly memory grew, or the columns moved out).
 */
function ager(team: PassTeam | undefined, key: Int32Array, count: number, results: PassResults): PersonPass['age'] {
  let bound: AgeingInputs | undefined;
  const blocks = Math.ceil(count / pass.BLOCK);
  const stored = storeExits(results);
  return (inputs, t, leave) => {
    const each: ExitSink = (_, exits, n) => {
      for (let k = 0; k < n; k++) leave(exits[k]!);
    };
    if (team === undefined) return ageBlocks(inputs, key, t, 0, blocks, count, each);
    if (bound === undefined || AGEING_COLUMNS.some((k) => bound![k] !== inputs[k])) {
      team.post(inputs);
      team.run(Command.AGEING_INPUTS, 0, () => {});
      bound = inputs;
    }
    team.run(Command.AGE, t, () => team.claim(blocks, (from, to) => ageBlocks(inputs, key, t, from, to, count, stored)));
    reportExits(results, blocks, each);
  };
}

/** The first persons of threads 1, 2, ... in their fixed ranges (told records): this thread's range ends at the first. */
function threadStarts(team: PassTeam, count: number): number[] {
  return Array.from({ length: team.threads - 1 }, (_, r) => rangeStart(r + 1, team.threads, Math.ceil(count / pass.BLOCK)) * pass.BLOCK);
}

/** The pass's threads for createTies: its jobs run as jobThreads runs them, the lists cut where the threads' persons begin. */
function tieThreads(team: PassTeam | undefined, count: number): TieThreads | undefined {
  const jobs = jobThreads<TieTask>(team, Command.BUILD_TIES);
  return team === undefined || jobs === undefined ? undefined : { ...jobs, cutAt: threadStarts(team, count) };
}

/**
 * Month t's pass: on one thread, each block reported as it is made; on several, the blocks each thread claims stored in
 * the results, then (once the workers are done) reported from there: block order, whoever ran a block.
 */
function runPass(team: PassTeam | undefined, kernel: Kernel, key: Int32Array, t: number, count: number, results: PassResults, sink: BlockSink): void {
  const blocks = Math.ceil(count / pass.BLOCK);
  if (team === undefined) return runRange(kernel, key, t, 0, blocks, count, sink);
  team.run(Command.MONTH, t, () => team.claim(blocks, (from, to) => runRange(kernel, key, t, from, to, count, results)));
  reportStored(results, 0, blocks, sink);
}

// ---- WebAssembly ----

/** Bytes the module's own runtime may use at the start of its memory (its tables: about 40 KiB); the host's regions follow. */
const RUNTIME_BYTES = 256 * 1024;
const PAGE = 65536;
/** Bytes of a thread's bound typed-array objects (wasm/entry.ts objectBytes(), rounded up). */
const OBJECT_BYTES = 2048;

/**
 * The two builds of the same source (package.json build:wasm): person-pass.wasm imports a plain memory (one
 * thread, and a browser page, where a shared memory needs cross-origin isolation), person-pass-shared.wasm a shared
 * one that several threads' instances run over.
 */
const compiled: { plain?: object | null; shared?: object | null } = {};

/**
 * Hands the pass's WebAssembly (person-pass.wasm's bytes) to a host without a file system: the explore page's
 * workers, whose bundle carries them. Compiled here once; where WebAssembly is missing the JavaScript pass runs.
 */
export function usePassModule(bytes: Uint8Array): void {
  if (wasmApi === undefined) return;
  try {
    compiled.plain = new wasmApi.Module(bytes);
  } catch {
    // A WebAssembly without a feature the module uses (SIMD, for the draws): the JavaScript pass, same bytes.
    compiled.plain = null;
  }
}

/** The compiled module, once a thread; null where it cannot be had (no WebAssembly, no file system, no .wasm). */
function wasmModule(kind: 'plain' | 'shared'): object | null {
  const known = compiled[kind];
  if (known !== undefined) return known;
  compiled[kind] = null;
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (wasmApi === undefined || fs === undefined) return null;
  const file = kind === 'plain' ? 'person-pass.wasm' : 'person-pass-shared.wasm';
  // Next to this module in dist/; from the sources (tests), the build's copy in dist/.
  for (const where of [`./${file}`, `../../../dist/model/kernel/${file}`]) {
    const url = new URL(where, import.meta.url);
    if (url.protocol !== 'file:' || !fs.existsSync(url)) continue;
    compiled[kind] = new wasmApi.Module(fs.readFileSync(url));
    break;
  }
  return compiled[kind];
}

type Region = { offset: number; bytes: number };

/** Typed array constructors by column, so views can be made over the memory. */
type ViewOf = { new (buffer: ArrayBuffer | SharedArrayBuffer, offset: number, length: number): ArrayLike<number>; readonly BYTES_PER_ELEMENT: number };

/** Regions of a thread's scratch, in bind()'s order after the net income: draws, awayIds, homeIds, returning, leaving, candidates, counts. */
const SCRATCH: [ViewOf, number][] = [
  [Float64Array, 2 * pass.BLOCK],
  [Int32Array, pass.BLOCK],
  [Int32Array, pass.BLOCK],
  [Int32Array, pass.BLOCK],
  [Int32Array, pass.BLOCK],
  [Int32Array, pass.BLOCK],
  [Int32Array, pass.COUNT_SLOTS],
  [Float64Array, pass.BLOCK], // utilities
];

function wasmPass(api: WasmApi, module: object, count: number, sizes: PassSizes, key: Int32Array, threads: number, cap: number): PersonPass | null {
  // Shared regions, in bind()'s order: the columns, the villages' connections, the tables (then the net income, last
  // in memory since it grows); then each thread's scratch, bound objects and layout table.
  const specs: [ViewOf, number][] = [
    ...PASS_COLUMNS.map((k): [ViewOf, number] => [PERSON_COLUMNS[k].type, count]),
    [Uint8Array, sizes.villages],
    [Float64Array, pass.TERM_COUNT],
    [Float64Array, sizes.educationLevels],
    [Float64Array, 7],
    [Float64Array, sizes.experienceSteps],
    [Float64Array, 256],
  ];
  const NET = specs.length;
  const TABLE = NET + 1 + SCRATCH.length;
  let top = RUNTIME_BYTES;
  const place = (bytes: number): number => {
    const offset = top;
    top += Math.ceil(bytes / 8) * 8;
    return offset;
  };
  const regions: Region[] = specs.map(([type, length]) => ({ bytes: length * type.BYTES_PER_ELEMENT, offset: place(length * type.BYTES_PER_ELEMENT) }));
  const perThread = Array.from({ length: threads }, () => ({
    scratch: SCRATCH.map(([type, length]): Region => ({ bytes: length * type.BYTES_PER_ELEMENT, offset: place(length * type.BYTES_PER_ELEMENT) })),
    objects: place(OBJECT_BYTES),
    table: place(8 * TABLE),
  }));
  // Channels: about 0.05 a person by the end of a baseline run; room for a third of that at first, then more as
  // needed (so every run grows the memory a few times, and that path is always exercised).
  let netCapacity = Math.max(64, Math.ceil(count / 64));
  let net: Region = { offset: top, bytes: 8 * netCapacity };
  const end = () => net.offset + net.bytes;
  if (end() > cap) return null;
  const initial = Math.ceil(end() / PAGE);
  // Shared when threads run instances over it (person-pass-shared.wasm), hence with a maximum: the cap, in whole pages.
  const memory = threads > 1 ? new api.Memory({ initial, maximum: Math.max(initial, Math.ceil(cap / PAGE)), shared: true }) : new api.Memory({ initial });
  const writeTables = () =>
    perThread.forEach((th) => {
      const layout = new Uint32Array(memory.buffer, th.table, 2 * TABLE);
      [...regions, net, ...th.scratch].forEach((r, k) => layout.set([r.offset, r.bytes], 2 * k));
    });
  writeTables();
  const layouts: WasmThreadLayout[] = perThread.map((th) => ({ table: th.table, objects: th.objects, counts: th.scratch[6]!.offset, returning: th.scratch[3]!.offset, leaving: th.scratch[4]!.offset, candidates: th.scratch[5]!.offset }));
  const instance = wasmKernel(api, module, memory, layouts[0]!);
  if (instance.heapEnd > RUNTIME_BYTES) throw new Error('person pass: the WebAssembly runtime outgrew its room');

  const view = <T extends ArrayLike<number>>(type: ViewOf, r: Region): T => new type(memory.buffer, r.offset, r.bytes / type.BYTES_PER_ELEMENT) as T;
  // The columns the pass reads are views on the memory; the others stay JavaScript arrays.
  const passColumns = PASS_COLUMNS.map((key, k) => {
    const column = view<Uint8Array>(specs[k]![0], regions[k]!);
    const initial = (PERSON_COLUMNS[key] as { initial?: number }).initial ?? 0;
    if (initial !== 0) column.fill(initial);
    return [key, column];
  });
  const persons = { count, ...allocateColumns(restSpec(), count, threads > 1), ...Object.fromEntries(passColumns) } as Persons;
  const columns = persons as unknown as Record<string, Column>;
  const c = PASS_COLUMNS.length;
  // Views on the memory, made at the start and again after growth, which detaches a plain memory's buffer (the
  // module's own views hold addresses, which stay).
  const inputViews = () => ({ connected: view<Uint8Array>(Uint8Array, regions[c]!), tables: [1, 2, 3, 4, 5].map((j) => view<Float64Array>(Float64Array, regions[c + j]!)) });
  let input = inputViews();
  let { kernel } = instance;
  const results = passResults(count, threads);
  const team = threads > 1 ? new PassTeam(threads, key, count, results, (r) => ({ path: 'wasm', module, memory, layout: layouts[r]! })) : undefined;
  const result: PersonPass = {
    path: 'wasm',
    persons,
    bytes: end(),
    threads,
    month(tables, connected, channelNet, channels) {
      if (channels > netCapacity && !grow(channels)) {
        // The memory cannot hold them: the columns are copied out (to shared arrays for the other threads), and the
        // JavaScript pass (same source, same bytes) runs from here on, on every thread.
        for (const key of PASS_COLUMNS) {
          const from = columns[key]!;
          const to = newArray(from.constructor as ArrayType, from.length, team !== undefined);
          to.set(from);
          columns[key] = to;
        }
        Object.assign(result, jsPass(persons, sizes, key, threads, results, team));
        result.month(tables, connected, channelNet, channels);
        return;
      }
      input.connected.set(connected);
      [tables.terms, tables.futureByEducation, tables.incomeByStatus, tables.localIncomeByExperience, tables.log1p].forEach((table, j) => input.tables[j]!.set(table));
      new Float64Array(memory.buffer, net.offset, channels).set(channelNet.subarray(0, channels));
    },
    run(t, sink) {
      runPass(team, kernel, key, t, count, results, sink);
    },
    ...onThreads(team, persons, key, results),
  };
  /** Room for `channels` channels' net income (the region is last, so nothing moves); false if the memory cannot hold them. */
  const grow = (channels: number): boolean => {
    const capacity = Math.max(channels, Math.ceil(netCapacity * 1.5));
    const need = net.offset + 8 * capacity;
    if (need > cap) return false;
    const pages = Math.ceil(need / PAGE) - memory.buffer.byteLength / PAGE;
    try {
      if (pages > 0) memory.grow(pages);
    } catch {
      return false;
    }
    netCapacity = capacity;
    net = { offset: net.offset, bytes: 8 * capacity };
    writeTables();
    PASS_COLUMNS.forEach((key, k) => (columns[key] = view(specs[k]![0], regions[k]!)));
    input = inputViews();
    kernel = wasmKernelViews(memory, layouts[0]!, kernel);
    Object.assign(result, { bytes: end() });
    return true;
  };
  return result;
}

/**
 * The person pass for `count` persons and their columns, its draws keyed by `key` (four words from the replication's
 * stream): WebAssembly when it is wanted, loads and fits its memory, else JavaScript; on the threads usePassThreads
 * set, as far as the persons' blocks go.
 */
export function createPersonPass(count: number, sizes: PassSizes, key: Int32Array): PersonPass {
  const want = requestedPath();
  const threads = passThreads(count);
  if (want !== 'js') {
    const module = wasmModule(threads > 1 ? 'shared' : 'plain');
    const wasm = module === null ? null : wasmPass(wasmApi!, module, count, sizes, key, threads, memoryCapBytes());
    if (wasm !== null) return wasm;
    if (want === 'wasm')
      throw new Error(module === null ? 'HOMEWARD_PERSON_PASS=wasm, but person-pass.wasm cannot be loaded here (npm run build makes it)' : `HOMEWARD_PERSON_PASS=wasm, but ${count} persons do not fit a WebAssembly memory`);
  }
  const results = passResults(count, threads);
  if (threads === 1) return jsPass({ count, ...allocateColumns(PERSON_COLUMNS, count) }, sizes, key, 1, results, undefined);
  // Over several threads, every column lives in a SharedArrayBuffer (the pass's, and the others for the ageing).
  const persons = { count, ...allocateColumns(PERSON_COLUMNS, count, true) } as Persons;
  const inputs = jsInputs(persons, sizes, true, 64);
  const team = new PassTeam(threads, key, count, results, () => ({ path: 'js', inputs }));
  return jsPass(persons, sizes, key, threads, results, team);
}
