// AssemblyScript only: draws.ts's drawBlock in WebAssembly's 128-bit lanes, the same draws bit for bit. A full
// block's 8,192 draws are xoshiro128**'s outputs 0..8191 from the block's seed; lane L makes outputs 2048 L ..
// 2048 L + 2047, from the seed jumped ahead 2048 L steps, so the four lanes run the one stream in four pieces. A
// block of fewer slots (the last) is drawn by draws.ts itself.
import { BLOCK } from '../person-pass';
import { boundDraws, drawBlock as drawBlockScalar, rot, seedBlock, seedWord } from '../draws';

/** Outputs a lane makes: a full block's two a slot, over four lanes. */
const LANE: i32 = (2 * BLOCK) / 4;

/**
 * xoshiro128's state 2048 steps ahead is the sum (xor) of the states after k steps for the bits k set in these
 * four words: the coefficients of x^2048 modulo the characteristic polynomial of its linear engine (found by
 * Berlekamp-Massey on a state bit; the method of the reference code's jump(), https://prng.di.unimi.it), as
 * bench/experiments/xoshiro-jump.mjs computes and checks them. A wrong word would change lanes 1-3: the bytes of
 * tests/pass-threads.test.ts's WebAssembly runs would differ from JavaScript's.
 */
const JUMP0: i32 = 169805494;
const JUMP1: i32 = -320357234;
const JUMP2: i32 = -1699361010;
const JUMP3: i32 = 2014255853;

let j0: i32 = 0;
let j1: i32 = 0;
let j2: i32 = 0;
let j3: i32 = 0;

/** Adds to (j0..j3) the state (a, b, c, d) stepped k times for each bit k of `word` set; leaves in (s0..s3) the state 32 steps on. */
function jumpWord(word: i32, a: i32, b: i32, c: i32, d: i32): void {
  for (let k = 0; k < 32; k++) {
    if ((word >>> k) & 1) {
      j0 ^= a;
      j1 ^= b;
      j2 ^= c;
      j3 ^= d;
    }
    const sh = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= sh;
    d = rot(d, 11);
  }
  s0 = a;
  s1 = b;
  s2 = c;
  s3 = d;
}

/** The running state of jumpWord between its words. */
let s0: i32 = 0;
let s1: i32 = 0;
let s2: i32 = 0;
let s3: i32 = 0;

/** Sets (j0..j3) to the state (a, b, c, d) 2048 steps ahead. */
function jump(a: i32, b: i32, c: i32, d: i32): void {
  j0 = 0;
  j1 = 0;
  j2 = 0;
  j3 = 0;
  jumpWord(JUMP0, a, b, c, d);
  jumpWord(JUMP1, s0, s1, s2, s3);
  jumpWord(JUMP2, s0, s1, s2, s3);
  jumpWord(JUMP3, s0, s1, s2, s3);
}

/** draws.ts's drawBlock: the same arguments, the same draws. */
export function drawBlock(k0: i32, k1: i32, k2: i32, k3: i32, t: i32, block: i32, slots: i32): void {
  if (slots != BLOCK) {
    drawBlockScalar(k0, k1, k2, k3, t, block, slots);
    return;
  }
  seedBlock(k0, k1, k2, k3, t, block);
  // Lane L's state: the seed jumped L times (replace_lane takes its lane as a constant).
  let a = i32x4.splat(seedWord(0));
  let b = i32x4.splat(seedWord(1));
  let c = i32x4.splat(seedWord(2));
  let d = i32x4.splat(seedWord(3));
  jump(seedWord(0), seedWord(1), seedWord(2), seedWord(3));
  a = i32x4.replace_lane(a, 1, j0);
  b = i32x4.replace_lane(b, 1, j1);
  c = i32x4.replace_lane(c, 1, j2);
  d = i32x4.replace_lane(d, 1, j3);
  jump(j0, j1, j2, j3);
  a = i32x4.replace_lane(a, 2, j0);
  b = i32x4.replace_lane(b, 2, j1);
  c = i32x4.replace_lane(c, 2, j2);
  d = i32x4.replace_lane(d, 2, j3);
  jump(j0, j1, j2, j3);
  a = i32x4.replace_lane(a, 3, j0);
  b = i32x4.replace_lane(b, 3, j1);
  c = i32x4.replace_lane(c, 3, j2);
  d = i32x4.replace_lane(d, 3, j3);
  const sign = i32x4.splat(-2147483648);
  const scale = f64x2.splat(2.3283064365386963e-10);
  const half = f64x2.splat(0.5);
  const o = boundDraws().dataStart;
  for (let k: i32 = 0; k < LANE; k++) {
    // The output (b * 5, rotated by 7, times 9), converted as draws.ts converts it: (r ^ 2^31) * 2^-32 + 0.5.
    const m = i32x4.add(b, i32x4.shl(b, 2));
    const r0 = v128.or(i32x4.shl(m, 7), i32x4.shr_u(m, 25));
    const r = v128.xor(i32x4.add(r0, i32x4.shl(r0, 3)), sign);
    const low = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(r), scale), half);
    const high = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shuffle(r, r, 2, 3, 0, 1)), scale), half);
    const at = o + (<usize>k << 3);
    v128.store64_lane(at, low, 0);
    v128.store64_lane(at + (<usize>LANE << 3), low, 1);
    v128.store64_lane(at + (<usize>(2 * LANE) << 3), high, 0);
    v128.store64_lane(at + (<usize>(3 * LANE) << 3), high, 1);
    // The step.
    const sh = i32x4.shl(b, 9);
    c = v128.xor(c, a);
    d = v128.xor(d, b);
    b = v128.xor(b, c);
    a = v128.xor(a, d);
    c = v128.xor(c, sh);
    d = v128.or(i32x4.shl(d, 11), i32x4.shr_u(d, 21));
  }
}
