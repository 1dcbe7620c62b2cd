import { JOE_KUO_LINES, JOE_KUO_MAX_DIMENSION } from './joe-kuo.js';

/**
 * The Sobol' low-discrepancy sequence in [0,1)^d (Sobol' 1967), with the direction numbers of Joe and Kuo (2008,
 * new-joe-kuo-6.21201), generated in Gray-code order (Antonov and Saleev 1979) exactly as Joe and Kuo's own
 * sobol.cc and scipy.stats.qmc.Sobol(scramble=False) do: point 0 is the origin, point 1 is (0.5, ..., 0.5).
 * 32 bits: up to 2^32 points. Deterministic; there is nothing to seed.
 */

const BITS = 32;

export { JOE_KUO_MAX_DIMENSION as SOBOL_MAX_DIMENSION };

let parsed: { s: number; a: number; m: number[] }[] | undefined;

function joeKuo(): { s: number; a: number; m: number[] }[] {
  parsed ??= JOE_KUO_LINES.split('\n').map((line) => {
    const [, s, a, ...m] = line.trim().split(/\s+/).map(Number);
    return { s: s!, a: a!, m };
  });
  return parsed;
}

/** The 32 direction numbers V_1..V_32 of one dimension (0-based: dimension 0 is van der Corput), left-aligned. */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const { s, a, m: init } = joeKuo()[dim - 1]!;
  const m = [...init];
  // The recurrence of the primitive polynomial x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 (Bratley and Fox 1988):
  // m_k = 2 a_1 m_(k-1) xor 2^2 a_2 m_(k-2) xor ... xor 2^(s-1) a_(s-1) m_(k-s+1) xor 2^s m_(k-s) xor m_(k-s).
  for (let k = s; k < BITS; k++) {
    let next = m[k - s]! ^ (m[k - s]! * 2 ** s);
    for (let i = 1; i < s; i++) if ((a >> (s - 1 - i)) & 1) next ^= m[k - i]! * 2 ** i;
    m.push(next >>> 0);
  }
  for (let k = 0; k < BITS; k++) v[k] = (m[k]! * 2 ** (BITS - 1 - k)) >>> 0;
  return v;
}

/** Index (0-based) of the lowest zero bit of i. */
function lowestZeroBit(i: number): number {
  let c = 0;
  while (Math.floor(i / 2 ** c) % 2 === 1) c++;
  return c;
}

export class SobolSequence {
  readonly dims: number;
  private readonly v: Uint32Array[];
  private readonly x: Uint32Array;
  /** Index of the next point. */
  private index = 0;

  constructor(dims: number, skip = 0) {
    if (!Number.isInteger(dims) || dims < 1 || dims > JOE_KUO_MAX_DIMENSION) {
      throw new RangeError(`the Sobol' sequence has 1..${JOE_KUO_MAX_DIMENSION} dimensions, got ${dims}`);
    }
    this.dims = dims;
    this.v = Array.from({ length: dims }, (_, j) => directionNumbers(j));
    this.x = new Uint32Array(dims);
    this.skipTo(skip);
  }

  /** Moves to point `index` directly: its coordinates are the xor of the direction numbers of the bits of its Gray code. */
  skipTo(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** BITS) throw new RangeError(`point index must be in 0..2^32-1, got ${index}`);
    const gray = BigInt(index) ^ (BigInt(index) >> 1n);
    for (let j = 0; j < this.dims; j++) {
      let x = 0;
      for (let k = 0; k < BITS; k++) if ((gray >> BigInt(k)) & 1n) x ^= this.v[j]![k]!;
      this.x[j] = x >>> 0;
    }
    this.index = index;
  }

  /** The next point. */
  next(): number[] {
    if (this.index >= 2 ** BITS) throw new RangeError('the Sobol\' sequence is exhausted (2^32 points)');
    const point = Array.from(this.x, (x) => x / 2 ** BITS);
    const c = lowestZeroBit(this.index);
    for (let j = 0; j < this.dims; j++) this.x[j] = (this.x[j]! ^ this.v[j]![c]!) >>> 0;
    this.index++;
    return point;
  }
}

/** Points skip .. skip+n-1 of the d-dimensional Sobol' sequence. */
export function sobolPoints(n: number, dims: number, skip = 0): number[][] {
  const sequence = new SobolSequence(dims, skip);
  return Array.from({ length: n }, () => sequence.next());
}
