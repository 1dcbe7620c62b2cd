import { allocateColumns } from '../../core/columns.js';
import { PERSON_COLUMNS, type Persons } from '../persons.js';
import * as pass from './person-pass.js';

/**
 * The person pass on one of two targets of the same source (person-pass.ts): WebAssembly (person-pass.wasm, built by
 * `npm run build`), or JavaScript when WebAssembly is not there (a browser page, a build without the .wasm), is not
 * wanted (HOMEWARD_PERSON_PASS=js), or the persons do not fit its memory. Both give the same bytes.
 *
 * In WebAssembly the columns the pass reads live in the module's memory, which a 32-bit WebAssembly memory caps at
 * 4 GiB (about 84 million persons at the 51 bytes a person it holds, 40 million agents): a replication with more persons runs the JavaScript pass on
 * the same source, and so does one whose channels outgrow the memory during the run (its columns are copied out).
 */
export type PassPath = 'wasm' | 'js';

/** The columns the pass reads or writes, in the order of wasm/entry.ts bind() (then the month's tables and scratch). */
const PASS_COLUMNS = [
  'status',
  'entry',
  'village',
  'wage',
  'savings',
  'loan',
  'nostalgia',
  'family',
  'modernity',
  'risk',
  'skill',
  'knowledge',
  'trained',
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

/** One replication's person pass: its persons (their columns where the pass reads them) and the pass, block by block. */
export interface PersonPass {
  readonly path: PassPath;
  readonly persons: Persons;
  /** Bytes of WebAssembly memory the pass lays out (0 in JavaScript). */
  readonly bytes: number;
  /** Binds this month's tables, the villages' connections and the channels' net income; call before the month's blocks. */
  month(tables: PassTables, connected: Uint8Array, channelNet: Float64Array, channels: number): void;
  /** The block's scratch and results, valid after month() (see person-pass.ts). */
  draws: Float64Array;
  counts: Int32Array;
  readonly returning: Int32Array;
  readonly leaving: Int32Array;
  readonly candidates: Int32Array;
  listBlock(lo: number, hi: number, t: number): void;
  decideAway(n: number, t: number): void;
  decideHome(n: number, firstDraw: number): void;
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

// ---- JavaScript ----

/** The JavaScript pass's scratch: one set a thread suffices, since a pass runs to its end before another starts. */
const jsScratch = {
  draws: new Float64Array(2 * pass.BLOCK),
  awayIds: new Int32Array(pass.BLOCK),
  homeIds: new Int32Array(pass.BLOCK),
  returning: new Int32Array(pass.BLOCK),
  leaving: new Int32Array(pass.BLOCK),
  candidates: new Int32Array(pass.BLOCK),
  counts: new Int32Array(pass.COUNT_SLOTS),
  utilities: new Float64Array(pass.BLOCK),
};

function jsPass(persons: Persons): PersonPass {
  const s = jsScratch;
  return {
    path: 'js',
    persons,
    bytes: 0,
    month(tables, connected, channelNet) {
      const p = persons;
      // Bound every month: other replications of this thread bind theirs in between.
      pass.bindPersons(p.status, p.entry, p.village, p.wage, p.savings, p.loan, p.nostalgia, p.family, p.modernity, p.risk, p.skill, p.knowledge, p.trained, p.education, p.calledUntil, p.urbanMonths, p.channel, p.peersHome, p.elitePeersHome, p.successfulPeers, connected);
      pass.bindMonth(tables.terms, tables.futureByEducation, tables.incomeByStatus, tables.localIncomeByExperience, tables.log1p, channelNet, s.draws, s.awayIds, s.homeIds, s.returning, s.leaving, s.candidates, s.counts, s.utilities);
    },
    ...s,
    listBlock: pass.listBlock,
    decideAway: pass.decideAway,
    decideHome: pass.decideHome,
  };
}

// ---- WebAssembly ----

interface PassExports {
  bind(table: number): number;
  listBlock(lo: number, hi: number, t: number): void;
  decideAway(n: number, t: number): void;
  decideHome(n: number, firstDraw: number): void;
}

/** Bytes the module's own runtime may use at the start of its memory (its tables: about 40 KiB); the host's regions follow. */
const RUNTIME_BYTES = 256 * 1024;
const PAGE = 65536;

/** What the pass uses of the WebAssembly API (ES2022's lib, which the model compiles against, does not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/**
 * Hands the pass's WebAssembly (person-pass.wasm's bytes) to a host without a file system: the explore page's
 * workers, whose bundle carries them. Compiled here once; where WebAssembly is missing the JavaScript pass runs.
 */
export function usePassModule(bytes: Uint8Array): void {
  if (wasmApi !== undefined) compiled = new wasmApi.Module(bytes);
}

/** The compiled module, once a thread; null where it cannot be had (no WebAssembly, no file system, no .wasm). */
function wasmModule(): object | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (wasmApi === undefined || fs === undefined) return compiled;
  // Next to this module in dist/; from the sources (tests), the build's copy in dist/.
  for (const where of ['./person-pass.wasm', '../../../dist/model/kernel/person-pass.wasm']) {
    const url = new URL(where, import.meta.url);
    if (url.protocol !== 'file:' || !fs.existsSync(url)) continue;
    compiled = new wasmApi.Module(fs.readFileSync(url));
    break;
  }
  return compiled;
}

type Region = { offset: number; bytes: number };

/** Typed array constructors by column, so views can be made over the memory. */
type ViewOf = { new (buffer: ArrayBuffer, offset: number, length: number): ArrayLike<number>; readonly BYTES_PER_ELEMENT: number };

function wasmPass(api: WasmApi, module: object, count: number, sizes: PassSizes, cap: number): PersonPass | null {
  // Regions, in bind()'s order: the columns, the tables, the scratch, and last the channels' net income (it grows).
  const specs: [ViewOf, number][] = [
    ...PASS_COLUMNS.map((k): [ViewOf, number] => [PERSON_COLUMNS[k].type, count]),
    [Uint8Array, sizes.villages],
    [Float64Array, pass.TERM_COUNT],
    [Float64Array, sizes.educationLevels],
    [Float64Array, 7],
    [Float64Array, sizes.experienceSteps],
    [Float64Array, 256],
    [Float64Array, 0], // channelNet: placed last, below
    [Float64Array, 2 * pass.BLOCK],
    [Int32Array, pass.BLOCK],
    [Int32Array, pass.BLOCK],
    [Int32Array, pass.BLOCK],
    [Int32Array, pass.BLOCK],
    [Int32Array, pass.BLOCK],
    [Int32Array, pass.COUNT_SLOTS],
    [Float64Array, pass.BLOCK], // utilities
  ];
  const NET = PASS_COLUMNS.length + 6;
  const TABLE = specs.length;
  let top = RUNTIME_BYTES;
  const regions: Region[] = specs.map(([type, length]) => {
    const offset = top;
    const bytes = length * type.BYTES_PER_ELEMENT;
    top += Math.ceil(bytes / 8) * 8;
    return { offset, bytes };
  });
  const tableOffset = top;
  top += 8 * TABLE;
  // Channels: about 0.05 a person by the end of a baseline run; room for a third of that at first, then more as
  // needed (so every run grows the memory a few times, and that path is always exercised).
  let netCapacity = Math.max(64, Math.ceil(count / 64));
  regions[NET] = { offset: top, bytes: 8 * netCapacity };
  const end = () => regions[NET]!.offset + regions[NET]!.bytes;
  if (end() > cap) return null;
  const memory = new api.Memory({ initial: Math.ceil(end() / PAGE) });
  const exports = new api.Instance(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('person pass: WebAssembly abort');
      },
    },
  }).exports as unknown as PassExports;

  const layout = new Uint32Array(memory.buffer, tableOffset, 2 * TABLE);
  regions.forEach((r, k) => layout.set([r.offset, r.bytes], 2 * k));
  if (exports.bind(tableOffset) > RUNTIME_BYTES) throw new Error('person pass: the WebAssembly runtime outgrew its room');

  const view = <T extends ArrayLike<number>>(k: number): T => {
    const [type] = specs[k]!;
    const r = regions[k]!;
    return new type(memory.buffer, r.offset, r.bytes / type.BYTES_PER_ELEMENT) as T;
  };
  // The columns the pass reads are views on the memory; the others stay JavaScript arrays.
  const rest = Object.fromEntries(Object.entries(PERSON_COLUMNS).filter(([key]) => !(PASS_COLUMNS as readonly string[]).includes(key)));
  const passColumns = PASS_COLUMNS.map((key, k) => {
    const column = view<Uint8Array>(k);
    const initial = (PERSON_COLUMNS[key] as { initial?: number }).initial ?? 0;
    if (initial !== 0) column.fill(initial);
    return [key, column];
  });
  const persons = { count, ...allocateColumns(rest, count), ...Object.fromEntries(passColumns) } as Persons;
  const columns = persons as unknown as Record<string, ArrayLike<number>>;
  const c = PASS_COLUMNS.length;
  // Views on the memory, made at the start and again after each growth, which detaches them (the module's own
  // views hold addresses, which stay): where the month's tables go, and the block's scratch the host reads.
  const inputViews = () => ({ connected: view<Uint8Array>(c), tables: [1, 2, 3, 4, 5].map((j) => view<Float64Array>(c + j)), net: view<Float64Array>(NET) });
  const scratchViews = () => ({
    draws: view<Float64Array>(c + 7),
    returning: view<Int32Array>(c + 10),
    leaving: view<Int32Array>(c + 11),
    candidates: view<Int32Array>(c + 12),
    counts: view<Int32Array>(c + 13),
  });
  let input = inputViews();
  const result: PersonPass = {
    path: 'wasm',
    persons,
    bytes: end(),
    ...scratchViews(),
    listBlock: exports.listBlock,
    decideAway: exports.decideAway,
    decideHome: exports.decideHome,
    month(tables, connected, channelNet, channels) {
      if (channels > netCapacity && !grow(channels)) {
        // The memory cannot hold them: the columns are copied out, and the JavaScript pass (same source, same bytes) runs from here on.
        for (const key of PASS_COLUMNS) columns[key] = (columns[key] as unknown as { slice(): ArrayLike<number> }).slice();
        Object.assign(result, jsPass(persons));
        result.month(tables, connected, channelNet, channels);
        return;
      }
      input.connected.set(connected);
      [tables.terms, tables.futureByEducation, tables.incomeByStatus, tables.localIncomeByExperience, tables.log1p].forEach((table, j) => input.tables[j]!.set(table));
      input.net.set(channelNet.subarray(0, channels));
    },
  };
  /** Room for `channels` channels' net income (the region is last, so nothing moves); false if the memory cannot hold them. */
  const grow = (channels: number): boolean => {
    const capacity = Math.max(channels, Math.ceil(netCapacity * 1.5));
    const need = regions[NET]!.offset + 8 * capacity;
    if (need > cap) return false;
    const pages = Math.ceil(need / PAGE) - memory.buffer.byteLength / PAGE;
    try {
      if (pages > 0) memory.grow(pages);
    } catch {
      return false;
    }
    netCapacity = capacity;
    regions[NET] = { offset: regions[NET]!.offset, bytes: 8 * capacity };
    PASS_COLUMNS.forEach((key, k) => (columns[key] = view(k)));
    input = inputViews();
    Object.assign(result, scratchViews(), { bytes: end() });
    return true;
  };
  return result;
}

/**
 * The person pass for `count` persons and their columns: WebAssembly when it is wanted, loads and fits its memory,
 * else JavaScript.
 */
export function createPersonPass(count: number, sizes: PassSizes): PersonPass {
  const want = requestedPath();
  if (want !== 'js') {
    const module = wasmModule();
    const wasm = module === null ? null : wasmPass(wasmApi!, module, count, sizes, memoryCapBytes());
    if (wasm !== null) return wasm;
    if (want === 'wasm')
      throw new Error(module === null ? 'HOMEWARD_PERSON_PASS=wasm, but person-pass.wasm cannot be loaded here (npm run build makes it)' : `HOMEWARD_PERSON_PASS=wasm, but ${count} persons do not fit a WebAssembly memory`);
  }
  return jsPass({ count, ...allocateColumns(PERSON_COLUMNS, count) });
}
