// The person pass's draws, keyed by (replication, month, block) and made inside the kernel, in portable
// AssemblyScript (see person-pass.ts: tsc compiles it to JavaScript, asc to WebAssembly, the same bits in both).
// Person slot i of the block starting at lo gets uniforms draws[2 * (i - lo)] and draws[2 * (i - lo) + 1] in month
// t, whatever the person's status and whatever the other persons did: a person's draws depend on the replication,
// the month and their place only, so variants of a scenario pair person by person (common random numbers), and the
// blocks can be split across threads without changing a byte. The WebAssembly build draws a full block in four SIMD
// lanes instead (wasm/draws-lanes.ts: the same stream in four pieces, the same draws).
//
// The generator is xoshiro128** (Blackman and Vigna 2018, "Scrambled linear pseudorandom number generators",
// reference code https://prng.di.unimi.it/xoshiro128starstar.c), as in core/random.ts; its multiplications by 5 and
// 9 are written as shift and add (x * 5 = x + (x << 2)), which both targets wrap alike when the sum is truncated
// with `| 0` (JavaScript's a * b on 32-bit integers does not wrap, and AssemblyScript's Math.imul is slow). Its
// 128-bit state for a block is Bob Jenkins's lookup3 hashword2 (http://burtleburtle.net/bob/c/lookup3.c, 2006,
// public domain: only add, subtract, xor and rotate) of the six words (replication key k0..k3, month, block), taken
// twice with the initial values (0, 0) and (1, 0). Nothing here may import another module (asc compiles the
// kernel's files on their own paths).

/**
 * The month word of the yearly ageing's draws (ageing.ts): AGEING + t in January month t. The pass's month words are
 * the months themselves (t < 2^15: months are 16-bit columns), so the two purposes never key the same stream.
 */
export const AGEING: i32 = 1 << 16;

/** Where the draws go: the pass's scratch (two a person slot of the block), bound by the host. */
let out: Float64Array = new Float64Array(0);

export function bindDraws(draws_: Float64Array): void {
  out = draws_;
}

/** The array bindDraws bound (wasm/draws-lanes.ts writes it). */
export function boundDraws(): Float64Array {
  return out;
}

/** The four state words of a block's generator (hashword2's c and b, twice), set by seedBlock. */
let s0: i32 = 0;
let s1: i32 = 0;
let s2: i32 = 0;
let s3: i32 = 0;

/** x rotated left by k bits (0 < k < 32). */
export function rot(x: i32, k: i32): i32 {
  return (x << k) | (x >>> (32 - k));
}

/** lookup3's hashword2 of (k0, k1, k2, k3, t, block), with initial values pc and pb: sets s0, s1 (its c, b) when `first`, else s2, s3. */
function hashword2(k0: i32, k1: i32, k2: i32, k3: i32, t: i32, block: i32, pc: i32, pb: i32, first: bool): void {
  // 0xdeadbeef + (length << 2) + *pc, length 6 words (0xdeadbeef is -559038737 as a signed 32-bit word); then c += *pb.
  let a: i32 = (-559038737 + 24 + pc) | 0;
  let b: i32 = a;
  let c: i32 = (a + pb) | 0;
  a = (a + k0) | 0;
  b = (b + k1) | 0;
  c = (c + k2) | 0;
  // mix(a, b, c)
  a = (a - c) | 0;
  a ^= rot(c, 4);
  c = (c + b) | 0;
  b = (b - a) | 0;
  b ^= rot(a, 6);
  a = (a + c) | 0;
  c = (c - b) | 0;
  c ^= rot(b, 8);
  b = (b + a) | 0;
  a = (a - c) | 0;
  a ^= rot(c, 16);
  c = (c + b) | 0;
  b = (b - a) | 0;
  b ^= rot(a, 19);
  a = (a + c) | 0;
  c = (c - b) | 0;
  c ^= rot(b, 4);
  b = (b + a) | 0;
  // the last three words, then final(a, b, c)
  c = (c + block) | 0;
  b = (b + t) | 0;
  a = (a + k3) | 0;
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  if (first) {
    s0 = c;
    s1 = b;
  } else {
    s2 = c;
    s3 = b;
  }
}

/** Seeds the generator of block `block` in month t of the replication keyed (k0, k1, k2, k3). */
export function seedBlock(k0: i32, k1: i32, k2: i32, k3: i32, t: i32, block: i32): void {
  hashword2(k0, k1, k2, k3, t, block, 0, 0, true);
  hashword2(k0, k1, k2, k3, t, block, 1, 0, false);
  // The all-zero state is xoshiro's one fixed point.
  if ((s0 | s1 | s2 | s3) == 0) s0 = 1;
}

/**
 * Fills draws[0 .. 2 * slots - 1] with the uniforms of the block `block` (its first `slots` person slots) in month t:
 * xoshiro128** outputs r as unsigned 32-bit integers times 2^-32, in [0, 1) as core/random.ts uniform() makes them.
 * The loop makes a slot's two draws a turn (fewer loop tests), and converts r as signed: (r ^ 2^31) read as a signed
 * integer is r - 2^31, so (r ^ 2^31) * 2^-32 + 0.5 is r * 2^-32 exactly (32 significant bits in a double's 53) and
 * the same bits; a signed conversion is one instruction in both targets, where the unsigned one costs JavaScript a
 * number that is not a small integer and WebAssembly a widening. bench/experiments/draws.mjs, ns a draw, alternating
 * with the previous version: JavaScript 3.15 to 2.55, WebAssembly (this loop) 1.88 to 1.73 (xoshiro128+, whose output is one
 * add, measured 1.57: not worth a new stream).
 */
export function drawBlock(k0: i32, k1: i32, k2: i32, k3: i32, t: i32, block: i32, slots: i32): void {
  seedBlock(k0, k1, k2, k3, t, block);
  const o = out;
  let a = s0;
  let b = s1;
  let c = s2;
  let d = s3;
  const n = 2 * slots;
  for (let j: i32 = 0; j < n; j += 2) {
    // The slot's first draw: the output (b * 5, rotated by 7, times 9; products as shift and add), then the step.
    let m: i32 = (b + (b << 2)) | 0;
    let r0: i32 = rot(m, 7);
    let r: i32 = (r0 + (r0 << 3)) | 0;
    o[j] = <f64>(r ^ -2147483648) * 2.3283064365386963e-10 + 0.5;
    let sh: i32 = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= sh;
    d = rot(d, 11);
    // Its second draw.
    m = (b + (b << 2)) | 0;
    r0 = rot(m, 7);
    r = (r0 + (r0 << 3)) | 0;
    o[j + 1] = <f64>(r ^ -2147483648) * 2.3283064365386963e-10 + 0.5;
    sh = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= sh;
    d = rot(d, 11);
  }
}

/** The block's generator state after seedBlock (tests compare it with the reference code). */
export function seedWord(k: i32): i32 {
  return k == 0 ? s0 : k == 1 ? s1 : k == 2 ? s2 : s3;
}
