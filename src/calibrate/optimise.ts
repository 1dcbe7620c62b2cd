import seedrandom from 'seedrandom';
import { latinHypercube } from '../analysis/latin-hypercube.js';

/**
 * A derivative-free minimiser over the unit cube [0,1]^d, for objectives that are expensive and deterministic (a
 * calibration distance computed with common random numbers). It knows nothing of the model.
 *
 * Phase 1 ('design'): a seeded Latin hypercube of n0 = min(budget, max(2d + 2, round(0.4 · budget))) points (one of
 * them the optional `initial` point), evaluated as one batch, so they run in parallel.
 * Phase 2 ('simplex'): Nelder–Mead with the standard coefficients (reflection 1, expansion 2, contraction 0.5,
 * shrink 0.5) from the best d + 1 design points. Each step evaluates one candidate at a time, as the textbook method
 * does (evaluating the expansion or contraction alongside the reflection would spend budget on points the method
 * then discards; the parallelism is inside an evaluation, its replications); a shrink evaluates its d new vertices
 * as one batch. Candidates are clamped to the cube. One safeguard: Nelder–Mead stalls when its simplex flattens
 * (loses a dimension), so a flat simplex is replaced by the best point and axis steps of half its diameter (of 0.1
 * for a flat starting simplex), d evaluations. It stops when the budget is spent (exactly: never more evaluations)
 * or the simplex has collapsed: diameter below `xTolerance` and spread of values below `fTolerance`, or diameter
 * below xTolerance / 100 whatever the spread (an objective that jumps, as a simulation's does, has nothing left
 * to find there).
 * NaN values count as +Infinity (worst). Deterministic given the seed and the objective.
 */

export type Phase = 'design' | 'simplex';

export interface TraceEntry {
  /** 0-based evaluation index. */
  readonly eval: number;
  readonly phase: Phase;
  /** The point in the unit cube. */
  readonly point: readonly number[];
  readonly value: number;
}

/** Evaluates a batch of points in the unit cube; returns one value per point, in order. */
export type Objective = (points: readonly (readonly number[])[]) => Promise<number[]>;

export interface OptimiseOptions {
  readonly dims: number;
  /** Evaluations at most. */
  readonly budget: number;
  readonly seed: number;
  /** A point of the unit cube to include in the design (e.g. the scenario's own values). */
  readonly initial?: readonly number[];
  readonly xTolerance?: number;
  readonly fTolerance?: number;
  /** Called after every evaluation, in order, with the best entry so far. */
  readonly onEvaluated?: (entry: TraceEntry, best: TraceEntry) => void;
}

export interface OptimiseResult {
  /** The best evaluation (the first of equal values). */
  readonly best: TraceEntry;
  readonly trace: readonly TraceEntry[];
  readonly stopped: 'budget' | 'converged';
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;
const AXIS_STEP = 0.1;
/** A simplex is flat when a vertex lies within this fraction of its diameter from the span of the others. */
const FLAT = 0.1;

/** Size of the initial design. */
export function designSize(dims: number, budget: number): number {
  return Math.min(budget, Math.max(2 * dims + 2, Math.round(0.4 * budget)));
}

export async function optimise(evaluate: Objective, opts: OptimiseOptions): Promise<OptimiseResult> {
  const { dims: d, budget } = opts;
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`dims must be a whole number >= 1, got ${d}`);
  if (!Number.isInteger(budget) || budget < 1) throw new RangeError(`budget must be a whole number >= 1, got ${budget}`);
  if (opts.initial && opts.initial.length !== d) throw new RangeError(`initial has ${opts.initial.length} coordinates, expected ${d}`);
  const xTol = opts.xTolerance ?? 1e-3;
  const fTol = opts.fTolerance ?? 1e-3;
  const trace: TraceEntry[] = [];
  let best: TraceEntry | undefined;

  /** Evaluates as many of `points` as the budget allows, records them, and returns their entries. */
  const run = async (points: readonly (readonly number[])[], phase: Phase): Promise<TraceEntry[]> => {
    const batch = points.slice(0, budget - trace.length).map(clamp);
    if (batch.length === 0) return [];
    const values = await evaluate(batch);
    if (values.length !== batch.length) throw new Error(`the objective returned ${values.length} values for ${batch.length} points`);
    return batch.map((point, i) => {
      const entry: TraceEntry = { eval: trace.length, phase, point, value: values[i]! };
      trace.push(entry);
      if (!best || score(entry) < score(best)) best = entry;
      opts.onEvaluated?.(entry, best);
      return entry;
    });
  };

  const rng = seedrandom.alea(`homeward:calibrate:${opts.seed}`);
  const n0 = designSize(d, budget);
  const design = opts.initial ? [opts.initial, ...latinHypercube(n0 - 1, d, rng)] : latinHypercube(n0, d, rng);
  await run(design, 'design');

  // The starting simplex: the best d + 1 design points, unless they are too flat to span the space.
  let simplex = [...trace].sort(byScore).slice(0, d + 1);
  let restart = simplex.length < d + 1 || flat(simplex) ? AXIS_STEP : 0;

  while (trace.length < budget) {
    if (restart > 0) {
      // A fresh simplex: the best point and a step along each axis (inwards at the upper bound).
      const origin = best!.point;
      const steps = origin.map((_, k) => origin.map((x, j) => (j !== k ? x : x + restart <= 1 ? x + restart : x - restart)));
      const added = await run(steps, 'simplex');
      if (added.length < d) break;
      simplex = [best!, ...added];
      restart = 0;
    }
    simplex.sort(byScore);
    const diameter = diameterOf(simplex);
    if (diameter <= xTol / 100 || (diameter <= xTol && spreadOf(simplex) <= fTol)) return { best: best!, trace, stopped: 'converged' };
    if (flat(simplex)) {
      restart = Math.min(diameter / 2, 0.5);
      continue;
    }
    const worst = simplex[d]!;
    const centre = centroid(simplex.slice(0, d).map((v) => v.point));
    const along = (from: readonly number[], t: number) => centre.map((c, k) => c + t * (from[k]! - c));

    const [r] = await run([along(worst.point, -REFLECT)], 'simplex');
    if (!r) break;
    if (score(r) < score(simplex[0]!)) {
      const [e] = await run([along(r.point, EXPAND)], 'simplex');
      simplex[d] = e && score(e) < score(r) ? e : r;
    } else if (score(r) < score(simplex[d - 1]!)) {
      simplex[d] = r;
    } else {
      // Contract outside (towards the reflection) when it beat the worst, else inside (towards the worst).
      const outside = score(r) < score(worst);
      const [c] = await run([along(outside ? r.point : worst.point, CONTRACT)], 'simplex');
      if (!c) break;
      if (outside ? score(c) <= score(r) : score(c) < score(worst)) {
        simplex[d] = c;
      } else {
        const origin = simplex[0]!.point;
        const moved = simplex.slice(1).map((v) => v.point.map((x, k) => origin[k]! + SHRINK * (x - origin[k]!)));
        const shrunk = await run(moved, 'simplex');
        if (shrunk.length < d) break;
        simplex = [simplex[0]!, ...shrunk];
      }
    }
  }
  return { best: best!, trace, stopped: 'budget' };
}

function score(e: TraceEntry): number {
  return Number.isNaN(e.value) ? Infinity : e.value;
}

/** By value, ties by evaluation order, so the order never depends on the sort's stability. */
function byScore(a: TraceEntry, b: TraceEntry): number {
  return score(a) - score(b) || a.eval - b.eval;
}

function clamp(point: readonly number[]): number[] {
  return point.map((x) => Math.min(1, Math.max(0, x)));
}

function centroid(points: readonly (readonly number[])[]): number[] {
  return points[0]!.map((_, k) => points.reduce((s, p) => s + p[k]!, 0) / points.length);
}

function distanceBetween(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(...a.map((x, k) => x - b[k]!));
}

function diameterOf(simplex: readonly TraceEntry[]): number {
  let diameter = 0;
  for (let i = 0; i < simplex.length; i++) {
    for (let j = i + 1; j < simplex.length; j++) diameter = Math.max(diameter, distanceBetween(simplex[i]!.point, simplex[j]!.point));
  }
  return diameter;
}

/** The spread of the values of a sorted simplex. */
function spreadOf(simplex: readonly TraceEntry[]): number {
  return score(simplex[simplex.length - 1]!) - score(simplex[0]!);
}

/**
 * True when some vertex lies closer than FLAT × the diameter to the affine span of the vertices before it (Gram–Schmidt
 * on the edges from the first): a simplex that has lost a dimension, where Nelder–Mead stalls.
 */
function flat(simplex: readonly TraceEntry[]): boolean {
  const points = simplex.map((v) => v.point);
  const threshold = FLAT * diameterOf(simplex);
  const basis: number[][] = [];
  for (const p of points.slice(1)) {
    const v = p.map((x, k) => x - points[0]![k]!);
    for (const b of basis) {
      const dot = v.reduce((s, x, k) => s + x * b[k]!, 0);
      for (let k = 0; k < v.length; k++) v[k] -= dot * b[k]!;
    }
    const norm = Math.hypot(...v);
    if (norm <= threshold) return true;
    basis.push(v.map((x) => x / norm));
  }
  return false;
}
