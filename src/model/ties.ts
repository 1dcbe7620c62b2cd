import { GrowableBytes } from '../core/growable-bytes.js';
import { newArray } from '../core/columns.js';
import { Random } from '../core/random.js';
import { Purpose, startVillage, shareRanges } from './village-streams.js';
import { keepRead, READ_AHEAD } from './read-ahead.js';
import { releaseNow } from '../core/heap.js';

/**
 * Acquaintance ties, compact: person i's acquaintances in bytes[start[i]..start[i+1]-1], sorted by id, each stored as
 * its difference from the one before (the first from 0) in LEB128 (7 bits a byte, the high bit set on every byte but
 * a number's last; at most 4 bytes, as persons are fewer than 2^28), and three bytes of padding after the last list. Acquaintances mostly live in the same village, so most differences take one or two bytes: about
 * 2.1 bytes a tie end in the baseline against 4 for a plain list of ids. The lists are only ever walked to add to a
 * counter of each acquaintance (addToAcquaintances), so their order changes nothing the model computes.
 *
 * Ties are mutual: each person makes `local` ties in their own village and `county` ties anywhere, and every tie is
 * stored at both ends; a tie drawn twice is kept twice.
 */
export interface Ties {
  readonly start: Uint32Array;
  readonly bytes: Uint8Array;
  /**
   * Where the lists are cut for the pass's threads (empty on one thread): cutAt[r] is thread r + 1's first person,
   * ascending. Person i's acquaintances from cutAt[r] on begin at bytes[cuts[r][i]] (where the list ends if there are
   * none), the first of them stored as its difference from cutAt[r]; so each thread settles the told records on its
   * own persons by walking only its own part of each list (settleTold).
   */
  readonly cutAt: readonly number[];
  readonly cuts: readonly Uint32Array[];
}

/** Where part `part` of person i's list (its acquaintances from cutAt[part - 1] on, all of it on one thread) begins, ends, and the id it counts from. */
function partOf(ties: Ties, i: number, part: number): { from: number; to: number; base: number } {
  const { start, cuts, cutAt } = ties;
  return { from: part === 0 ? start[i]! : cuts[part - 1]![i]!, to: part === cuts.length ? start[i + 1]! : cuts[part]![i]!, base: part === 0 ? 0 : cutAt[part - 1]! };
}

/** Persons the ties can hold: ids below 2^28, so a difference between two takes at most 4 bytes. */
export const MAX_PERSONS = 2 ** 28;

/** Where readDifference stopped: the byte after the difference it read. */
let after = 0;

/** The difference stored from bytes[k] on (at most 4 bytes: differences are below 2^28); sets `after`. */
function readDifference(bytes: Uint8Array, k: number): number {
  let b = bytes[k++]!;
  let d = b & 0x7f;
  for (let shift = 7; b & 0x80; shift += 7) {
    b = bytes[k++]!;
    d |= (b & 0x7f) << shift;
  }
  after = k;
  return d;
}

/**
 * Adds `delta` to counter[j] for every acquaintance j of person i (once per tie) in part `part` of i's list (a thread's
 * own persons: see Ties.cuts; the whole list on one thread). The moves' inner loop, so it reads a difference without
 * branching on its length (a branch the CPU could not predict): four bytes at once (a difference is below 2^28, and
 * `bytes` ends with three bytes of padding), each kept while the bytes before it go on (high bit set). About a tenth
 * faster than a loop over the bytes; readDifference reads the same format (a test holds both to a plain list of ids).
 */
export function addToAcquaintances(ties: Ties, i: number, counter: Uint16Array, delta: number, part = 0): void {
  const { bytes } = ties;
  const { from, to, base } = partOf(ties, i, part);
  for (let k = from, j = base; k < to; ) {
    const b0 = bytes[k]!;
    const b1 = bytes[k + 1]!;
    const b2 = bytes[k + 2]!;
    const b3 = bytes[k + 3]!;
    // 1 while the difference goes on past byte 0, 1, 2; -c is then all ones, a mask keeping the next byte's bits.
    const c0 = b0 >> 7;
    const c1 = c0 & (b1 >> 7);
    const c2 = c1 & (b2 >> 7);
    j += (b0 & 0x7f) + (((b1 & 0x7f) << 7) & -c0) + (((b2 & 0x7f) << 14) & -c1) + (((b3 & 0x7f) << 21) & -c2);
    k += 1 + c0 + c1 + c2;
    counter[j]! += delta;
  }
}

/** The acquaintance counters, in the order a told record names them (ModelState.tellAcquaintances). */
export const enum Told {
  PEERS_HOME = 0,
  ELITE_PEERS_HOME = 1,
  SUCCESSFUL_PEERS = 2,
  /** Int32 slots a record takes: person, counter, delta. */
  SLOTS = 3,
}

/**
 * Applies the told records told[from..to-1] (person i, counter, delta: i's acquaintances' counter changes by delta) to
 * the acquaintances in parts `part`..`lastPart` of the lists (`counters` in Told order): thread `part`'s own persons
 * (Ties.cuts), everyone on one thread. The counters are whole numbers that only ever go up or down by a record's
 * delta (modulo 2^16, so even a sum that dips below zero on the way), so neither the records' order nor a split of the
 * records or of the acquaintances over threads changes a value.
 */
export function settleTold(ties: Ties, told: Int32Array, from: number, to: number, counters: readonly Uint16Array[], part: number, lastPart = part): void {
  const { bytes } = ties;
  const at = part === 0 ? ties.start : ties.cuts[part - 1]!;
  for (let r = from; r < to; r++) {
    // The lists of the next READ_AHEAD persons, read ahead (read-ahead.ts): each is somewhere else in memory.
    if ((r - from) % READ_AHEAD === 0) {
      let sum = 0;
      for (let q = r, end = Math.min(to, r + READ_AHEAD); q < end; q++) sum += bytes[at[told[Told.SLOTS * q]!]!]!;
      keepRead(sum);
    }
    const i = told[Told.SLOTS * r]!;
    const counter = counters[told[Told.SLOTS * r + 1]!]!;
    const delta = told[Told.SLOTS * r + 2]!;
    for (let p = part; p <= lastPart; p++) addToAcquaintances(ties, i, counter, delta, p);
  }
}

/** Person i's acquaintances, in increasing order, a tie drawn twice listed twice (for checks: the model uses addToAcquaintances). */
export function acquaintancesOf(ties: Ties, i: number): number[] {
  const out: number[] = [];
  for (let part = 0; part <= ties.cuts.length; part++) {
    const { from, to, base } = partOf(ties, i, part);
    for (let k = from, j = base; k < to; k = after) out.push((j += readDifference(ties.bytes, k)));
  }
  return out;
}

/** Uniforms drawn at a time while drawing the ties. */
const DRAW_BLOCK = 4096;

/**
 * Draws the ties persons lo..lo+size-1 of one village make, `local + county` uniforms a person in order (the
 * uniforms Random.fill gives, block by block: the same as one by one): local(i, j) for a tie within the village,
 * wide(i, j) for one drawn anywhere in the county (j may be i: a self-tie, which is skipped but still drawn). A
 * local tie needs another person in the village; in a village of one it is drawn county-wide.
 */
function drawVillage(
  lo: number,
  size: number,
  n: number,
  local: number,
  county: number,
  rng: Random,
  draws: Float64Array,
  onLocal: (i: number, j: number) => void,
  onWide: (i: number, j: number) => void,
): void {
  const made = local + county;
  const localSlots = made - countyWide(size, local, county);
  let left = size * made;
  let next = 0;
  let have = 0;
  for (let i = lo; i < lo + size; i++) {
    for (let k = 0; k < made; k++) {
      if (next === have) {
        have = Math.min(DRAW_BLOCK, left);
        left -= have;
        rng.fill(draws, have);
        next = 0;
      }
      const u = draws[next++]!;
      if (k < localSlots) onLocal(i, lo + ((i - lo + 1 + Math.floor(u * (size - 1))) % size));
      else onWide(i, Math.floor(u * n));
    }
  }
}

/** Ties a person of a village of `size` draws county-wide: all of them in a village of one (no one to tie to locally). */
function countyWide(size: number, local: number, county: number): number {
  return size > 1 ? county : local + county;
}

/** Bytes of x (a whole number below 2^35) in LEB128, as the lists store the differences between ids. */
export function varintBytes(x: number): number {
  return x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : x < 0x10000000 ? 4 : 5;
}

/** Sorts list[from..to-1] in place (insertion sort: lists are short, a few to a few dozen ids). */
function sortList(list: Int32Array, from: number, to: number): void {
  for (let a = from + 1; a < to; a++) {
    const x = list[a]!;
    let b = a - 1;
    while (b >= from && list[b]! > x) {
      list[b + 1] = list[b]!;
      b--;
    }
    list[b + 1] = x;
  }
}

/**
 * Encodes the sorted lists list[0..ends[0]-1], list[ends[0]..ends[1]-1], ... of `count` persons (first, first + 1,
 * ...) into bytes from `at`, noting where each begins in start[first + p] and where it is cut in cuts[r][first + p]
 * (Ties.cuts). Returns where the bytes end.
 */
function encodeLists(list: Int32Array, ends: Int32Array, count: number, bytes: Uint8Array, at: number, start: Uint32Array, first: number, cutAt: readonly number[], cuts: readonly Uint32Array[]): number {
  for (let p = 0, k = 0; p < count; p++) {
    start[first + p] = at;
    const end = ends[p]!;
    let r = 0;
    for (let prev = 0; k < end; k++) {
      const id = list[k]!;
      // A cut before this id: the part from it on counts from the cut.
      for (; r < cutAt.length && id >= cutAt[r]!; r++) {
        cuts[r]![first + p] = at;
        prev = cutAt[r]!;
      }
      let d = id - prev;
      prev = id;
      while (d >= 0x80) {
        bytes[at++] = (d & 0x7f) | 0x80;
        d >>>= 7;
      }
      bytes[at++] = d;
    }
    for (; r < cutAt.length; r++) cuts[r]![first + p] = at;
  }
  return at;
}

const noTie = () => {};

/**
 * The drawing of the ties (createTies): ends per person (at most local + county of their own, at most 100, and about
 * as many made with them, so 16 bits), the county-wide ties' far ends person by person, and the chunks the persons
 * are placed in: chunk c is persons chunks[c]..chunks[c + 1]-1, at most `capacity` tie ends. Each village's ties are
 * drawn from its own stream, keyed by (key, Purpose.TIES, village), so they can be drawn again from it. Over
 * SharedArrayBuffers when several threads draw and place them.
 */
export interface TieDrawing {
  readonly villageStart: Int32Array;
  readonly local: number;
  readonly county: number;
  readonly key: Int32Array;
  readonly degree: Uint16Array;
  readonly wide: Int32Array;
  chunks: Int32Array;
  capacity: number;
  /** Where the lists are cut, and the cuts (Ties.cutAt, Ties.cuts). */
  readonly cutAt: readonly number[];
  readonly cuts: readonly Uint32Array[];
}

/** Counts a tie end at person i (a person's ends fit 16 bits). */
function countEnd(degree: Uint16Array, i: number): void {
  if (degree[i] === 0xffff) throw new RangeError('a person has more than 65,535 acquaintance ties: fewer ties per person');
  degree[i]!++;
}

/** Where village v's county-wide far ends begin in `wide`: its persons' slots after those of the villages before it (v = villages: all of them). */
function wideStart(villageStart: Int32Array, local: number, county: number, v: number): number {
  let w = 0;
  for (let u = 0; u < v; u++) w += (villageStart[u + 1]! - villageStart[u]!) * countyWide(villageStart[u + 1]! - villageStart[u]!, local, county);
  return w;
}

/**
 * Draws the ties of villages v0..v1-1 (each from its keyed stream): counts both ends of each local tie and the near
 * end of each county-wide one, and stores the far ends in the villages' part of d.wide; the far ends are counted too
 * when `far` (one thread), else by countFar (each thread its own persons: a far end may be anyone's).
 */
export function drawRange(d: TieDrawing, v0: number, v1: number, far: boolean): void {
  const { villageStart, local, county, key, degree, wide } = d;
  const n = villageStart[villageStart.length - 1]!;
  const draws = new Float64Array(DRAW_BLOCK);
  const rng = new Random(0);
  let w = wideStart(villageStart, local, county, v0);
  const onLocal = (i: number, j: number) => {
    countEnd(degree, i);
    countEnd(degree, j);
  };
  const onWide = (i: number, j: number) => {
    wide[w++] = j;
    if (j === i) return;
    countEnd(degree, i);
    if (far) countEnd(degree, j);
  };
  for (let v = v0; v < v1; v++) {
    startVillage(rng, key, Purpose.TIES, v);
    drawVillage(villageStart[v]!, villageStart[v + 1]! - villageStart[v]!, n, local, county, rng, draws, onLocal, onWide);
  }
}

/** Counts the far ends of every county-wide tie that fall in persons lo..hi-1 (after drawRange without `far`). */
export function countFar(d: TieDrawing, lo: number, hi: number): void {
  const { villageStart, local, county, degree, wide } = d;
  const villages = villageStart.length - 1;
  let w = 0;
  for (let v = 0; v < villages; v++) {
    const slots = countyWide(villageStart[v + 1]! - villageStart[v]!, local, county);
    for (let i = villageStart[v]!, end = villageStart[v + 1]!; i < end; i++) {
      for (let k = 0; k < slots; k++) {
        const j = wide[w++]!;
        if (j !== i && j >= lo && j < hi) countEnd(degree, j);
      }
    }
  }
}

/**
 * The drawing (see TieDrawing) of the ties of persons villageStart[0]..villageStart[last]-1 in the replication keyed
 * by `key`: with `threads`, each draws a range of villages (about as many persons) and then counts the far ends in
 * its own persons.
 */
function drawTies(villageStart: Int32Array, local: number, county: number, key: Int32Array, threads: TieThreads | undefined): TieDrawing {
  const shared = threads !== undefined;
  const villages = villageStart.length - 1;
  const n = villageStart[villages]!;
  const wideCount = wideStart(villageStart, local, county, villages);
  const starts = shared ? newArray(Int32Array, villageStart.length, true) : villageStart;
  if (shared) starts.set(villageStart);
  const cutAt = threads?.cutAt ?? [];
  const d: TieDrawing = {
    villageStart: starts,
    local,
    county,
    key,
    degree: newArray(Uint16Array, n, shared),
    wide: newArray(Int32Array, wideCount, shared),
    chunks: new Int32Array(0),
    capacity: 0,
    cutAt,
    cuts: cutAt.map(() => newArray(Uint32Array, n, shared)),
  };
  if (!shared) drawRange(d, 0, villages, true);
  else {
    const first = shareRanges(villageStart, threads.threads);
    const jobs = <K extends 'draw' | 'count'>(kind: K) => first.slice(1, -1).map((v0, k): VillageTask<K> => ({ kind, drawing: d, v0, v1: first[k + 2]! }));
    threads.run(jobs('draw'), () => drawRange(d, 0, first[1]!, false));
    threads.run(jobs('count'), () => countFar(d, 0, villageStart[first[1]!]!));
  }
  let total = 0;
  for (let i = 0; i < n; i++) total += d.degree[i]!;

  // Chunks of persons a..b-1, in order: at most `capacity` tie ends (a person has at most 65,535 of the at least
  // 2^20) and a quarter of the persons (at least 2^16; the ends bound a chunk first unless ties are few).
  const capacity = Math.max(2 ** 20, Math.ceil(total / 8));
  const personsCap = Math.max(2 ** 16, Math.ceil(n / 4));
  const bounds = [0];
  for (let a = 0; a < n; ) {
    let b = a;
    let ends = 0;
    while (b < n && b - a < personsCap && ends + d.degree[b]! <= capacity) ends += d.degree[b++]!;
    bounds.push(b);
    a = b;
  }
  d.chunks = newArray(Int32Array, bounds.length, shared);
  d.chunks.set(bounds);
  d.capacity = capacity;
  return d;
}

/** Tie ends of persons a..b-1. */
function endsOf(degree: Uint16Array, a: number, b: number): number {
  let ends = 0;
  for (let i = a; i < b; i++) ends += degree[i]!;
  return ends;
}

/**
 * Places, sorts and encodes the ties of chunks c0..c1-1 of `d`, in order, from bytes[at] on, where room(at, most)
 * gives an array with room for `most` bytes from `at`; start[i] is where person i's list begins. Returns where the
 * bytes end. The villages' local ties are drawn again from their keyed streams.
 */
export function encodeChunks(d: TieDrawing, c0: number, c1: number, start: Uint32Array, at: number, room: (at: number, most: number) => Uint8Array): number {
  const { villageStart, local, county, key, degree, wide, chunks } = d;
  const rng = new Random(0);
  const villages = villageStart.length - 1;
  const n = villageStart[villages]!;
  const draws = new Float64Array(DRAW_BLOCK);
  const size = (v: number) => villageStart[v + 1]! - villageStart[v]!;
  const wideSlots = (v: number) => countyWide(size(v), local, county);
  let longest = 0;
  for (let c = c0; c < c1; c++) longest = Math.max(longest, chunks[c + 1]! - chunks[c]!);
  const list = new Int32Array(Math.min(d.capacity, endsOf(degree, chunks[c0]!, chunks[c1]!)));
  // Where each of the chunk's persons' list starts in `list`, then (while placing) where their next tie goes.
  const fill = new Int32Array(longest + 1);

  /** Places the ties of persons a..b-1 in `list`, sorted person by person; fill[i - a] then ends i's list. */
  const place = (a: number, b: number) => {
    let at = 0;
    for (let i = a; i < b; i++) {
      fill[i - a] = at;
      at += degree[i]!;
    }
    // Local ties: both ends in the village, so only the chunk's villages are drawn again.
    const put = (i: number, j: number) => {
      if (i >= a && i < b) list[fill[i - a]!++] = j;
      if (j >= a && j < b) list[fill[j - a]!++] = i;
    };
    for (let v = 0; v < villages; v++) {
      if (villageStart[v]! >= b || villageStart[v + 1]! <= a) continue;
      startVillage(rng, key, Purpose.TIES, v);
      drawVillage(villageStart[v]!, size(v), n, local, county, rng, draws, put, noTie);
    }
    // County-wide ties: read back.
    let w = 0;
    for (let v = 0; v < villages; v++) {
      const slots = wideSlots(v);
      for (let i = villageStart[v]!; i < villageStart[v + 1]!; i++) {
        for (let k = 0; k < slots; k++) {
          const j = wide[w++]!;
          if (j === i) continue;
          if (i >= a && i < b) list[fill[i - a]!++] = j;
          if (j >= a && j < b) list[fill[j - a]!++] = i;
        }
      }
    }
    // fill[i - a] now ends i's list, which starts where i - 1's ends.
    for (let i = a, s = 0; i < b; i++) {
      sortList(list, s, fill[i - a]!);
      s = fill[i - a]!;
    }
  };

  // Room for the most a chunk can take (4 bytes an end) is asked for; the pages not written never take memory.
  for (let c = c0; c < c1; c++) {
    const a = chunks[c]!;
    const b = chunks[c + 1]!;
    place(a, b);
    at = encodeLists(list, fill, b - a, room(at, 4 * fill[b - a - 1]!), at, start, a, d.cutAt, d.cuts);
  }
  releaseNow(list, fill);
  return at;
}

/**
 * Several threads for createTies: `run` has thread r (1 .. threads - 1) run jobs[r - 1] (pass-worker.ts, tieWork)
 * while this thread runs `own`.
 */
export interface TieThreads {
  readonly threads: number;
  /** Where the lists are cut for the pass's threads (Ties.cutAt): thread r's first person at cutAt[r - 1]. */
  readonly cutAt: readonly number[];
  run(jobs: readonly TieTask[], own: () => void): void;
}

/** One thread's part of the chunks, and where it puts its bytes (a SharedArrayBuffer with room for 4 bytes an end) and their length. */
export interface TieJob {
  readonly kind: 'encode';
  readonly drawing: TieDrawing;
  readonly c0: number;
  readonly c1: number;
  readonly start: Uint32Array;
  readonly bytes: Uint8Array;
  readonly length: Int32Array;
}

/** A thread's part of createTies: draw villages v0..v1-1 (drawRange), count the far ends in their persons (countFar), or encode chunks. */
export type TieTask = VillageTask<'draw'> | VillageTask<'count'> | TieJob;
type VillageTask<K> = { readonly kind: K; readonly drawing: TieDrawing; readonly v0: number; readonly v1: number };

/** A worker thread's part; an encoding puts its chunks' bytes from 0 in job.bytes (start[i] and the cuts from 0 too), their length in job.length[0]. */
export function tieWork(job: TieTask): void {
  const d = job.drawing;
  if (job.kind === 'draw') drawRange(d, job.v0, job.v1, false);
  else if (job.kind === 'count') countFar(d, d.villageStart[job.v0]!, d.villageStart[job.v1]!);
  else job.length[0] = encodeChunks(d, job.c0, job.c1, job.start, 0, () => job.bytes);
}

/**
 * The ties of persons villageStart[0]..villageStart[last]-1, each village's drawn from its own stream, keyed by
 * (key, Purpose.TIES, village) (village-streams.ts; not the replication's stream, which it leaves alone), built
 * without ever holding every tie as a plain id. One drawing counts each person's acquaintances and keeps the far end
 * of every county-wide tie (an id each: about a quarter of the ties). Then the persons are taken in chunks of at most
 * an eighth of the tie ends: a chunk's ties are placed in a scratch list (its villages' local ties drawn again from
 * their streams, the county-wide ones read back), sorted and encoded. With `threads`, the villages are drawn in
 * contiguous ranges of about as many persons, one a thread, each thread then counting the far ends that fall in its
 * persons; the chunks are split into contiguous ranges of about as many ends, one a thread, each encoded on its own
 * and appended in order. Each list is then cut where the pass's threads' persons begin (Ties.cuts): the same lists as
 * on one thread, in other bytes only where a list is cut.
 */
export function createTies(villageStart: Int32Array, local: number, county: number, key: Int32Array, threads?: TieThreads): Ties {
  const villages = villageStart.length - 1;
  const n = villageStart[villages]!;
  if (n > MAX_PERSONS) throw new RangeError(`${n} persons: acquaintance ties hold at most ${MAX_PERSONS} (memory.ts checkFits refuses such a scenario first)`);
  const split = threads !== undefined && threads.threads > 1 && n > 0;
  const d = drawTies(villageStart, local, county, key, split ? threads : undefined);
  const chunkCount = d.chunks.length - 1;
  const start = newArray(Uint32Array, n + 1, split);
  // Over shared memory when split: the pass's threads read the ties later (they settle the told records).
  const out = new GrowableBytes(split);
  // Each chunk's lists, sorted and encoded, appended to `out`, which grows without copying.
  const room = (at: number, most: number) => {
    if (at + most > 0xffffffff) throw new RangeError('more than 4 GiB of acquaintance ties do not fit a Uint32Array offset: fewer agents or ties');
    out.length = at;
    return out.room(most);
  };
  if (!split) out.length = encodeChunks(d, 0, chunkCount, start, 0, room);
  else {
    // Thread r takes a contiguous range of chunks, about its share of the ends (shareRanges).
    const endsBefore = [0];
    for (let c = 0; c < chunkCount; c++) endsBefore.push(endsBefore[c]! + endsOf(d.degree, d.chunks[c]!, d.chunks[c + 1]!));
    const first = shareRanges(endsBefore, threads.threads);
    const jobs = first.slice(1, -1).map((c0, k): TieJob => {
      const c1 = first[k + 2]!;
      const ends = endsOf(d.degree, d.chunks[c0]!, d.chunks[c1]!);
      return { kind: 'encode', drawing: d, c0, c1, start, bytes: newArray(Uint8Array, 4 * ends, true), length: newArray(Int32Array, 1, true) };
    });
    threads.run(jobs, () => (out.length = encodeChunks(d, 0, first[1]!, start, 0, room)));
    // The workers' bytes after this thread's, in order, their persons' starts moved by where they now begin.
    for (const job of jobs) {
      const base = out.length;
      const length = job.length[0]!;
      room(base, length).set(job.bytes.subarray(0, length), base);
      out.length = base + length;
      for (const at of [start, ...d.cuts]) for (let i = d.chunks[job.c0]!; i < d.chunks[job.c1]!; i++) at[i]! += base;
    }
  }
  releaseNow(d.degree, d.wide);
  start[n] = out.length;
  // The padding addToAcquaintances reads past the last list.
  out.room(3).fill(0, out.length, out.length + 3);
  out.length += 3;
  return { start, bytes: out.bytes(), cutAt: d.cutAt, cuts: d.cuts };
}

/** Told records published at a time (ToldList.push). */
const PUBLISH = 64;

/** The cells of ToldList.progress. */
export const enum Progress {
  /** Records told so far this month (ToldList.length, published for the threads that settle them ahead). */
  TOLD = 0,
  /** Records whose part 0 a worker has settled ahead (kernel/load.ts settler): the host's own persons. */
  AHEAD = 1,
}

/**
 * The month's told records (settleTold), appended as the moves and the creators' step make them and settled before
 * the next person pass reads the counters (ModelState.settleAcquaintances). In a SharedArrayBuffer when the pass's
 * threads settle them too; they may then start on the records while more are told (PersonPass.settleAhead), reading
 * how many there are in `progress`.
 */
export class ToldList {
  records: Int32Array;
  /** Records held. */
  length = 0;
  readonly progress: Int32Array;
  constructor(private readonly shared: boolean) {
    this.records = newArray(Int32Array, Told.SLOTS * 1024, shared);
    this.progress = newArray(Int32Array, 2, shared);
  }
  push(i: number, counter: Told, delta: number): void {
    let at = Told.SLOTS * this.length;
    if (at === this.records.length) {
      // A thread settling ahead keeps the records it was given: it stops at their end (settled later on the new ones).
      const next = newArray(Int32Array, 2 * this.records.length, this.shared);
      next.set(this.records);
      this.records = next;
    }
    this.records[at++] = i;
    this.records[at++] = counter;
    this.records[at] = delta;
    // Published after the records, so a thread that reads the count finds them whole; every PUBLISH records, as the
    // write takes the cache line from a thread reading it (the last few are settled with the rest: PersonPass.settle).
    if (++this.length % PUBLISH === 0) Atomics.store(this.progress, Progress.TOLD, this.length);
  }
  clear(): void {
    this.length = 0;
    this.progress.fill(0);
  }
}
