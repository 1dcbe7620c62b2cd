import { resampler, withInterval, type BootstrapOptions, type Estimate } from './bootstrap.js';
import { saltelliBlock } from './saltelli.js';

/**
 * First-order and total Sobol' indices from the outputs of a Saltelli design (src/sensitivity/saltelli.ts), each
 * point run R times with the same replication seeds at every point (common random numbers):
 * - first order, Saltelli et al. (2010, Table 2 (b)) on centred outputs: V_i = mean_j (f(B)_j - m)(f(AB_i)_j - f(A)_j);
 * - total, Jansen (1999, "Analysis of variance designs for model output", Comput. Phys. Commun. 117, 35-43):
 *   V_Ti = mean_j (f(A)_j - f(AB_i)_j)^2 / 2;
 * both over V, the variance of f(A) and f(B) together, with m their mean (SALib centres Y before the estimators too).
 * Without the centring an outcome far from zero (the model's sit 3-22 SDs above it) multiplies the noise of
 * mean_j f(B)_j (f(AB_i)_j - f(A)_j) by its mean and S1 is useless. The centring is inside each bootstrap resample,
 * so that every resample runs the same shift-invariant estimator as the point estimate.
 *
 * Replication noise. f is the expected outcome at a point, but a point's value is the mean of R noisy runs, and every
 * quantity above is a mean of products xbar * ybar of two such means (of points of one base row, or, for m^2 and
 * m * mean(f(AB_i) - f(A)), of averages over the rows of one replication). E[xbar ybar] = E[x] E[y] + cov(x, y) / R,
 * so each product has a bias of the noise's covariance over R. `unbiased` replaces every product by
 * xbar ybar - s_xy / R, s_xy the covariance over the R replications of the same pair: the mean of x_r y_r' over the
 * pairs of distinct replications r != r', whose noises are independent whatever the correlation between points that
 * common random numbers give. It needs R >= 2. The share of V that is noise, 1 - V(unbiased) / V(plain), is
 * `noiseShare`: under common random numbers the noise shared by every point moves them alike and adds nothing to V;
 * the rest does, and inflates ST (each (f(A) - f(AB_i))^2 carries the noise of the difference).
 *
 * Intervals: percentile bootstrap over the base rows j (the same resample for every index), seeded. A base row with
 * a value that is not finite in any replication (a run whose outcome is undefined) is left out whole.
 */

export interface SobolIndices {
  /** One per factor, in order: with the replication noise taken out when R >= 2, else as `plain`. */
  readonly S1: readonly Estimate[];
  readonly ST: readonly Estimate[];
  /** The same estimators on the points' means over their replications, noise included. */
  readonly plain: { readonly S1: readonly Estimate[]; readonly ST: readonly Estimate[] };
  /** The share of the variance of the point means that is replication noise; NaN when R = 1 (no estimate). */
  readonly noiseShare: Estimate;
  /** Base rows used. */
  readonly n: number;
  /** Replications per point. */
  readonly reps: number;
}

export type SobolIndicesOptions = BootstrapOptions;

/** A mean of products of two replication means, plain (xbar ybar) and with the noise taken out (- s_xy / R). */
interface Product {
  plain: number;
  unbiased: number;
}

/** xbar * ybar and xbar * ybar - s_xy / R over the R replications of x and y (unbiased: NaN when R = 1). */
export function product(x: ArrayLike<number>, y: ArrayLike<number>): Product {
  const r = x.length;
  let sx = 0;
  let sy = 0;
  for (let t = 0; t < r; t++) {
    sx += x[t]!;
    sy += y[t]!;
  }
  const mx = sx / r;
  const my = sy / r;
  let sxy = 0;
  for (let t = 0; t < r; t++) sxy += (x[t]! - mx) * (y[t]! - my);
  const plain = mx * my;
  return { plain, unbiased: r > 1 ? plain - sxy / (r - 1) / r : NaN };
}

/** The means over base rows the estimators need, one kind (plain or unbiased) at a time. */
interface Moments {
  /** mean_j (f(A)_j^2 + f(B)_j^2) / 2 */
  readonly squares: number;
  /** m^2 */
  readonly meanSquared: number;
  /** Per factor: mean_j f(B)_j (f(AB_i)_j - f(A)_j) and m * mean_j (f(AB_i)_j - f(A)_j). */
  readonly cross: readonly number[];
  readonly shift: readonly number[];
  /** Per factor: mean_j (f(A)_j - f(AB_i)_j)^2. */
  readonly jump: readonly number[];
}

/** The variance of Y over the A and B points. */
const variance = (m: Moments) => m.squares - m.meanSquared;

/** First order, Saltelli et al. (2010, Table 2 (b)) on outputs centred by m: mean_j (f(B)_j - m)(f(AB_i)_j - f(A)_j) / V. */
function firstOrder(m: Moments, i: number): number {
  return (m.cross[i]! - m.shift[i]!) / variance(m);
}

/** Total, Jansen (1999): mean_j (f(A)_j - f(AB_i)_j)^2 / 2 / V. */
function totalOrder(m: Moments, i: number): number {
  return m.jump[i]! / 2 / variance(m);
}

/**
 * S1, ST and the noise share for k factors from the outputs of the N(k + 2) points in the order of
 * saltelliUnitPoints: per point, its value in each replication (the same R at every point), or one number.
 */
export function sobolIndices(k: number, y: readonly (number | readonly number[])[], opts: SobolIndicesOptions = {}): SobolIndices {
  const block = saltelliBlock(k);
  if (y.length % block !== 0) throw new RangeError(`expected a multiple of ${block} outputs (k + 2 per base row), got ${y.length}`);
  const runs = y.map((v) => (typeof v === 'number' ? [v] : v));
  const reps = runs[0]?.length ?? 1;
  if (reps < 1 || runs.some((v) => v.length !== reps)) throw new RangeError(`expected the same number (>= 1) of replications at every point`);
  const rows: number[] = [];
  for (let j = 0; j < y.length / block; j++) {
    if (runs.slice(j * block, (j + 1) * block).every((v) => v.every(Number.isFinite))) rows.push(j);
  }

  // Per base row, the products that involve one row only, and the per-replication values whose means over the rows
  // of a resample make m and mean_j (f(AB_i) - f(A)).
  const nRows = rows.length;
  const squares = { plain: new Float64Array(nRows), unbiased: new Float64Array(nRows) };
  const cross = Array.from({ length: k }, () => ({ plain: new Float64Array(nRows), unbiased: new Float64Array(nRows) }));
  const jump = Array.from({ length: k }, () => ({ plain: new Float64Array(nRows), unbiased: new Float64Array(nRows) }));
  const level = rows.map(() => new Float64Array(reps));
  const step = Array.from({ length: k }, () => rows.map(() => new Float64Array(reps)));
  rows.forEach((j, t) => {
    const a = runs[j * block]!;
    const b = runs[j * block + k + 1]!;
    const pa = product(a, a);
    const pb = product(b, b);
    squares.plain[t] = (pa.plain + pb.plain) / 2;
    squares.unbiased[t] = (pa.unbiased + pb.unbiased) / 2;
    for (let r = 0; r < reps; r++) level[t]![r] = (a[r]! + b[r]!) / 2;
    for (let i = 0; i < k; i++) {
      const ab = runs[j * block + 1 + i]!;
      const d = step[i]![t]!;
      for (let r = 0; r < reps; r++) d[r] = ab[r]! - a[r]!;
      const pc = product(b, d);
      const pj = product(d, d);
      cross[i]!.plain[t] = pc.plain;
      cross[i]!.unbiased[t] = pc.unbiased;
      jump[i]!.plain[t] = pj.plain;
      jump[i]!.unbiased[t] = pj.unbiased;
    }
  });

  type Kind = 'plain' | 'unbiased';
  const meanOver = (values: Float64Array, sample: ArrayLike<number>) => {
    let s = 0;
    for (let t = 0; t < sample.length; t++) s += values[sample[t]!]!;
    return s / sample.length;
  };
  const replicationMeans = (values: readonly Float64Array[], sample: ArrayLike<number>) => {
    const out = new Float64Array(reps);
    for (let t = 0; t < sample.length; t++) {
      const v = values[sample[t]!]!;
      for (let r = 0; r < reps; r++) out[r] += v[r]!;
    }
    return out.map((s) => s / sample.length);
  };

  const estimate = (sample: ArrayLike<number>) => {
    const z = replicationMeans(level, sample);
    const w = step.map((s) => replicationMeans(s, sample));
    const zz = product(z, z);
    const zw = w.map((wi) => product(z, wi));
    const moments = (kind: Kind): Moments => ({
      squares: meanOver(squares[kind], sample),
      meanSquared: zz[kind],
      cross: cross.map((c) => meanOver(c[kind], sample)),
      shift: zw.map((p) => p[kind]),
      jump: jump.map((c) => meanOver(c[kind], sample)),
    });
    const plain = moments('plain');
    const unbiased = reps > 1 ? moments('unbiased') : plain;
    const indices = (m: Moments) => ({ s1: cross.map((_, i) => firstOrder(m, i)), st: cross.map((_, i) => totalOrder(m, i)) });
    return { plain: indices(plain), net: indices(unbiased), noise: reps > 1 ? 1 - variance(unbiased) / variance(plain) : NaN };
  };

  const nan = () => new Array<number>(k).fill(NaN);
  const empty = { plain: { s1: nan(), st: nan() }, net: { s1: nan(), st: nan() }, noise: NaN };
  const point = nRows > 0 ? estimate(Int32Array.from(rows.keys())) : empty;
  const resamples = nRows > 1 ? (opts.bootstrap ?? 1000) : 0;
  const draw = resampler(opts.seed ?? 0, `sobol:${opts.label ?? ''}`);
  const lists = () => Array.from({ length: k }, (): number[] => []);
  const boot = { plainS1: lists(), plainST: lists(), S1: lists(), ST: lists(), noise: [] as number[] };
  for (let r = 0; r < resamples; r++) {
    const e = estimate(draw(nRows));
    for (let i = 0; i < k; i++) {
      boot.plainS1[i]!.push(e.plain.s1[i]!);
      boot.plainST[i]!.push(e.plain.st[i]!);
      boot.S1[i]!.push(e.net.s1[i]!);
      boot.ST[i]!.push(e.net.st[i]!);
    }
    boot.noise.push(e.noise);
  }
  const withIntervals = (values: readonly number[], replicates: readonly number[][]) => values.map((v, i) => withInterval(v, replicates[i]!));
  return {
    S1: withIntervals(point.net.s1, boot.S1),
    ST: withIntervals(point.net.st, boot.ST),
    plain: { S1: withIntervals(point.plain.s1, boot.plainS1), ST: withIntervals(point.plain.st, boot.plainST) },
    noiseShare: withInterval(point.noise, boot.noise),
    n: nRows,
    reps,
  };
}
