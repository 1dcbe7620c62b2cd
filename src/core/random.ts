import seedrandom from 'seedrandom';

/**
 * The model's random source: one xoshiro128** stream per replication (Blackman and Vigna 2018, "Scrambled linear
 * pseudorandom number generators"; passes BigCrush and PractRand, https://prng.di.unimi.it), about 2 ns a draw
 * here against 6 for seedrandom's Alea, which seeds it. All draws go through it, in a fixed order, so a seed fixes
 * the run. (Homeward 0.1 drew from Alea itself: 0.2.0 changed the random stream.)
 */
export class Random {
  /** The generator's 128-bit state, as four 32-bit words (Int32Array keeps V8 on integer arithmetic). */
  private readonly s = new Int32Array(4);
  private spare = NaN;

  constructor(seed: number | string) {
    const alea = seedrandom.alea(String(seed));
    for (let k = 0; k < 4; k++) this.s[k] = alea.int32();
    // The all-zero state is xoshiro's one fixed point.
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  /** The next 32-bit output, as an unsigned integer (the reference code's next()). */
  next(): number {
    const s = this.s;
    const s0 = s[0]!;
    const s1 = s[1]!;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[1] = s1 ^ s2;
    s[0] = s0 ^ s3;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  }

  /** Uniform in [0, 1), in steps of 2^-32. */
  uniform(): number {
    return this.next() * 2.3283064365386963e-10;
  }

  /** Fills out[0..n-1] with uniforms, in the order uniform() would draw them (a pass draws a block's worth at once). */
  fill(out: Float64Array, n: number): void {
    // next()'s step with the state in locals: a draw then costs about a nanosecond (no store and reload of the state).
    const s = this.s;
    let s0 = s[0]!;
    let s1 = s[1]!;
    let s2 = s[2]!;
    let s3 = s[3]!;
    for (let k = 0; k < n; k++) {
      const m = Math.imul(s1, 5);
      out[k] = (Math.imul((m << 7) | (m >>> 25), 9) >>> 0) * 2.3283064365386963e-10;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }

  /** A copy of the generator's state, to replay a stretch of draws (see restore). */
  save(): Int32Array {
    return this.s.slice();
  }

  restore(state: Int32Array): void {
    this.s.set(state);
  }

  /**
   * Starts a new stream at the state (s0, s1, s2, s3) (not all zero: kernel/draws.ts seedBlock's words), the
   * normal's cached second value dropped: a keyed generator, e.g. a village's in the population (persons.ts).
   */
  start(s0: number, s1: number, s2: number, s3: number): void {
    const s = this.s;
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    this.spare = NaN;
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    const u = 1 - this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.uniform()) * mean;
  }

  /** Poisson count: inversion for small means, rounded normal approximation for large ones. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** Rounds x up or down at random so that the expected value is x (for scaled capacities). */
  round(x: number): number {
    const f = Math.floor(x);
    return f + (this.uniform() < x - f ? 1 : 0);
  }

  /** Normal with mean and sd, clipped to [lo, hi]. */
  clippedNormal(mean: number, sd: number, lo: number, hi: number): number {
    const x = mean + sd * this.normal();
    return x < lo ? lo : x > hi ? hi : x;
  }
}
