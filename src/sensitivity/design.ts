import { ALL_PARAMETERS, checkFactors, pointValue, scalePoint, type Factor, type IndexRow, type Outputs } from './factors.js';
import { morrisIndices, morrisUnitPlan, type MorrisPlan } from './morris.js';
import { saltelliUnitPoints } from './saltelli.js';
import { sobolIndices } from './sobol-indices.js';

/**
 * A global sensitivity analysis in two steps, with no I/O: `sobolDesign` or `morrisDesign` gives the parameter
 * points to evaluate (plain data, to store beside the runs and resume from); whoever runs the model evaluates each
 * point (with replications and common random numbers) and hands each point's values (one, or one per replication)
 * per outcome to `analyse`, which returns rows `{ outcome, parameter, index, value, ci95_low, ci95_high, n }`:
 * indices mu_star, mu and sigma for Morris (on the points' means), S1, ST, S1_with_noise, ST_with_noise and
 * noise_share for Sobol (sobol-indices.ts). The same design and outputs always give the same rows, to the byte.
 */

interface DesignCommon {
  readonly factors: readonly Factor[];
  /** The points in the unit cube, in evaluation order. */
  readonly unit: readonly (readonly number[])[];
  /** The same points scaled to the factors' ranges: what to run, one value per factor, in the factors' order. */
  readonly points: readonly (readonly number[])[];
  /** Seed of the design's random choices and of the bootstrap. */
  readonly seed: number;
  /** Bootstrap resamples for the intervals. */
  readonly bootstrap: number;
}

export interface SobolDesign extends DesignCommon {
  readonly method: 'sobol';
  /** Base samples N: N(k + 2) points. */
  readonly n: number;
  /** Points of the Sobol' sequence left out first. */
  readonly skip: number;
}

export interface MorrisDesign extends DesignCommon {
  readonly method: 'morris';
  readonly plan: MorrisPlan;
}

export type SensitivityDesign = SobolDesign | MorrisDesign;

export interface SobolDesignOptions {
  /** Base samples N (default 512; a power of 2 keeps the Sobol' points balanced). */
  readonly n?: number;
  readonly skip?: number;
  readonly seed?: number;
  readonly bootstrap?: number;
}

/** Saltelli's design for first-order and total indices: N(k + 2) points, in blocks of k + 2 (see saltelli.ts). */
export function sobolDesign(factors: readonly Factor[], opts: SobolDesignOptions = {}): SobolDesign {
  checkFactors(factors);
  const n = opts.n ?? 512;
  const skip = opts.skip ?? 0;
  const unit = saltelliUnitPoints(factors.length, n, skip);
  return { method: 'sobol', factors, unit, points: unit.map((u) => scalePoint(u, factors)), seed: opts.seed ?? 0, bootstrap: opts.bootstrap ?? 1000, n, skip };
}

export interface MorrisDesignOptions {
  /** Trajectories r (default 10): r (k + 1) points. */
  readonly trajectories?: number;
  /** Grid levels p (even; default 4). */
  readonly levels?: number;
  /** Candidate trajectories to choose r well spread ones from (Campolongo et al. 2007); default none. */
  readonly candidates?: number;
  readonly seed?: number;
  readonly bootstrap?: number;
}

/** Morris's elementary-effects design: r trajectories of k + 1 points (see morris.ts). */
export function morrisDesign(factors: readonly Factor[], opts: MorrisDesignOptions = {}): MorrisDesign {
  checkFactors(factors);
  const seed = opts.seed ?? 0;
  const plan = morrisUnitPlan(factors.length, {
    trajectories: opts.trajectories ?? 10,
    levels: opts.levels ?? 4,
    candidates: opts.candidates ?? 0,
    seed,
  });
  return { method: 'morris', factors, unit: plan.points, points: plan.points.map((u) => scalePoint(u, factors)), seed, bootstrap: opts.bootstrap ?? 1000, plan };
}

/** The indices of every factor for every outcome (outcomes in the order given, factors in the design's order). */
export function analyse(design: SensitivityDesign, outputs: Outputs): IndexRow[] {
  const rows: IndexRow[] = [];
  for (const [outcome, y] of Object.entries(outputs)) {
    if (y.length !== design.points.length) throw new RangeError(`outcome ${outcome}: expected ${design.points.length} values (one per design point), got ${y.length}`);
    const opts = { bootstrap: design.bootstrap, seed: design.seed, label: outcome };
    if (design.method === 'sobol') {
      const s = sobolIndices(design.factors.length, y, opts);
      design.factors.forEach((f, i) => {
        rows.push({ outcome, parameter: f.name, index: 'S1', ...s.S1[i]!, n: s.n });
        rows.push({ outcome, parameter: f.name, index: 'ST', ...s.ST[i]!, n: s.n });
        rows.push({ outcome, parameter: f.name, index: 'S1_with_noise', ...s.plain.S1[i]!, n: s.n });
        rows.push({ outcome, parameter: f.name, index: 'ST_with_noise', ...s.plain.ST[i]!, n: s.n });
      });
      rows.push({ outcome, parameter: ALL_PARAMETERS, index: 'noise_share', ...s.noiseShare, n: s.n });
    } else {
      const m = morrisIndices(design.plan, y.map(pointValue), opts);
      design.factors.forEach((f, i) => {
        rows.push({ outcome, parameter: f.name, index: 'mu_star', ...m.mu_star[i]!, n: m.n });
        rows.push({ outcome, parameter: f.name, index: 'mu', ...m.mu[i]!, n: m.n });
        rows.push({ outcome, parameter: f.name, index: 'sigma', ...m.sigma[i]!, n: m.n });
      });
    }
  }
  return rows;
}

export type { Factor, IndexRow, Outputs, SensitivityIndex } from './factors.js';
