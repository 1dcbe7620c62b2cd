import seedrandom from 'seedrandom';
import { permutation } from '../analysis/latin-hypercube.js';
import { resampler, withInterval, type BootstrapOptions, type Estimate } from './bootstrap.js';

/**
 * Morris's elementary effects (Morris 1991, "Factorial sampling plans for preliminary computational experiments",
 * Technometrics 33, 161-174), with the absolute mean mu* of Campolongo, Cariboni and Saltelli (2007, "An effective
 * screening design for sensitivity analysis of large models", Environ. Model. Softw. 22, 1509-1518).
 *
 * Design: r trajectories on a p-level grid {0, 1/(p-1), ..., 1} of the unit cube, each of k + 1 points: a random
 * base point, then one factor at a time, in a random order, moved by Delta = p / (2(p - 1)) up or down. Optionally
 * (Campolongo et al. 2007) the r trajectories are chosen among more candidates to spread them out: here greedily,
 * adding each time the candidate farthest (in their summed point-to-point distances) from those already chosen,
 * which approximates their exhaustive search at a cost that stays small.
 *
 * Effects are per unit of the unit cube (a move of Delta is a move of Delta of the factor's range), so mu* compares
 * parameters of different units. Points come trajectory by trajectory, k + 1 each.
 */

export interface MorrisOptions {
  /** Trajectories r (default 10). */
  readonly trajectories?: number;
  /** Grid levels p, even (default 4). */
  readonly levels?: number;
  /** Candidate trajectories to choose the r from (Campolongo et al. 2007); r or fewer for none (the default). */
  readonly candidates?: number;
  readonly seed?: number;
}

export interface MorrisPlan {
  readonly k: number;
  readonly levels: number;
  readonly delta: number;
  /** r (k + 1) unit-cube points, trajectory by trajectory. */
  readonly points: readonly (readonly number[])[];
  /** For each trajectory and each step s = 1..k, the factor moved between its points s - 1 and s. */
  readonly moved: readonly (readonly number[])[];
}

export function morrisUnitPlan(k: number, opts: MorrisOptions = {}): MorrisPlan {
  const r = opts.trajectories ?? 10;
  const p = opts.levels ?? 4;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`Morris needs at least one factor, got ${k}`);
  if (!Number.isInteger(r) || r < 2) throw new RangeError(`Morris needs at least 2 trajectories, got ${r}`);
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0) throw new RangeError(`Morris levels must be an even number >= 2, got ${p}`);
  const delta = p / (2 * (p - 1));
  const rng = seedrandom.alea(`homeward:morris:${opts.seed ?? 0}`);

  // On the integer grid 0..p-1 a step of delta is p/2 levels; base levels are those from which it stays inside.
  const jump = p / 2;
  const trajectory = (): { points: number[][]; moved: number[] } => {
    const base = Array.from({ length: k }, () => Math.floor(rng() * jump));
    const up = Array.from({ length: k }, () => rng() < 0.5);
    // Going down starts from base + jump, so every trajectory visits levels base_i and base_i + jump.
    const level = base.map((b, i) => (up[i] ? b : b + jump));
    const order = permutation(k, rng);
    const levels = [[...level]];
    for (const i of order) {
      level[i] += up[i] ? jump : -jump;
      levels.push([...level]);
    }
    return { points: levels.map((l) => l.map((v) => v / (p - 1))), moved: order };
  };

  const m = Math.max(r, opts.candidates ?? 0);
  const candidates = Array.from({ length: m }, trajectory);
  const chosen = m > r ? spreadOut(candidates.map((c) => c.points), r) : candidates.map((_, i) => i);
  return {
    k,
    levels: p,
    delta,
    points: chosen.flatMap((i) => candidates[i]!.points),
    moved: chosen.map((i) => candidates[i]!.moved),
  };
}

/** Greedy choice of r trajectories that are far apart (sum of Euclidean distances between all their points). */
function spreadOut(trajectories: readonly (readonly (readonly number[])[])[], r: number): number[] {
  const m = trajectories.length;
  const d = Array.from({ length: m }, () => new Float64Array(m));
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      let sum = 0;
      for (const x of trajectories[a]!) for (const y of trajectories[b]!) sum += Math.hypot(...x.map((v, z) => v - y[z]!));
      d[a]![b] = d[b]![a] = sum;
    }
  }
  let best: [number, number] = [0, 1];
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) if (d[a]![b]! > d[best[0]]![best[1]]!) best = [a, b];
  const chosen = [...best];
  const toChosen = Float64Array.from({ length: m }, (_, c) => d[c]![best[0]]! + d[c]![best[1]]!);
  while (chosen.length < r) {
    let next = -1;
    for (let c = 0; c < m; c++) if (!chosen.includes(c) && (next < 0 || toChosen[c]! > toChosen[next]!)) next = c;
    chosen.push(next);
    for (let c = 0; c < m; c++) toChosen[c] += d[c]![next]!;
  }
  // In the order they were generated, so the plan reads like an unoptimised one.
  return chosen.sort((a, b) => a - b);
}

export type MorrisStatistic = Estimate;

export interface MorrisIndices {
  /** One per factor. */
  readonly mu: readonly MorrisStatistic[];
  readonly mu_star: readonly MorrisStatistic[];
  readonly sigma: readonly MorrisStatistic[];
  /** Trajectories used. */
  readonly n: number;
}

export type MorrisIndicesOptions = BootstrapOptions;

/**
 * mu, mu* and sigma (sample standard deviation) of the elementary effects, with percentile bootstrap intervals over
 * trajectories. A trajectory with a value that is not finite is left out whole.
 */
export function morrisIndices(plan: MorrisPlan, y: readonly number[], opts: MorrisIndicesOptions = {}): MorrisIndices {
  const { k } = plan;
  const block = k + 1;
  if (y.length !== plan.points.length) throw new RangeError(`expected ${plan.points.length} outputs (one per design point), got ${y.length}`);
  // effects[i] holds the effect of factor i in each kept trajectory.
  const effects: number[][] = Array.from({ length: k }, () => []);
  plan.moved.forEach((order, t) => {
    const values = y.slice(t * block, (t + 1) * block);
    if (!values.every(Number.isFinite)) return;
    order.forEach((i, s) => {
      const step = plan.points[t * block + s + 1]![i]! - plan.points[t * block + s]![i]!;
      effects[i]!.push((values[s + 1]! - values[s]!) / step);
    });
  });
  const n = effects[0]!.length;
  const stats = (e: ArrayLike<number>, sample: ArrayLike<number>) => {
    let sum = 0;
    let abs = 0;
    for (let t = 0; t < sample.length; t++) {
      const v = e[sample[t]!]!;
      sum += v;
      abs += Math.abs(v);
    }
    const mu = sum / sample.length;
    let ss = 0;
    for (let t = 0; t < sample.length; t++) ss += (e[sample[t]!]! - mu) ** 2;
    return { mu, muStar: abs / sample.length, sigma: Math.sqrt(ss / (sample.length - 1)) };
  };
  const all = Int32Array.from({ length: n }, (_, t) => t);
  const resamples = n > 1 ? (opts.bootstrap ?? 1000) : 0;
  const draw = resampler(opts.seed ?? 0, `morris:${opts.label ?? ''}`);
  const boot = Array.from({ length: k }, () => ({ mu: [] as number[], muStar: [] as number[], sigma: [] as number[] }));
  for (let b = 0; b < resamples; b++) {
    const sample = draw(n);
    for (let i = 0; i < k; i++) {
      const s = stats(effects[i]!, sample);
      boot[i]!.mu.push(s.mu);
      boot[i]!.muStar.push(s.muStar);
      boot[i]!.sigma.push(s.sigma);
    }
  }
  const point = effects.map((e) => (n > 0 ? stats(e, all) : { mu: NaN, muStar: NaN, sigma: NaN }));
  return {
    mu: point.map((s, i) => withInterval(s.mu, boot[i]!.mu)),
    mu_star: point.map((s, i) => withInterval(s.muStar, boot[i]!.muStar)),
    sigma: point.map((s, i) => withInterval(s.sigma, boot[i]!.sigma)),
    n,
  };
}
