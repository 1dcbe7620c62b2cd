import type { CreatorSnapshot } from '../model/definition.js';
import type { Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { distance, TargetAccumulator } from './evaluate.js';
import { fromUnit, toUnit } from './free.js';
import { optimise, type Objective, type OptimiseResult } from './optimise.js';
import { pointScenario, type CalibrationPlan } from './plan.js';
import type { TargetResult } from './types.js';

/** One evaluation: the parameter values that ran and the targets over their replications. */
export interface Evaluation {
  readonly values: readonly number[];
  readonly results: readonly TargetResult[];
  readonly distance: number;
}

export interface Calibration {
  /** Every evaluation of the search, in order (a point met again is listed again). */
  readonly evaluations: readonly Evaluation[];
  readonly best: Evaluation;
  readonly search: OptimiseResult;
}

export interface CalibrateOptions {
  readonly signal?: AbortSignal;
  /** Called after every simulated month: months simulated by the search so far, and the best distance yet. */
  readonly onProgress?: (monthsDone: number, best: number | undefined) => void;
}

/**
 * Minimises the distance to the targets (Σ w·z² / Σ w) over the free parameters' box with a Latin hypercube and
 * Nelder–Mead (optimise.ts). Every evaluation runs the same replication seeds (common random numbers), so the
 * distance is a deterministic function of the parameters; a batch of evaluations runs all its replications on the
 * evaluator as one batch, results taken in order.
 */
export async function calibrate(plan: CalibrationPlan, evaluator: Evaluator<CreatorSnapshot>, options: CalibrateOptions = {}): Promise<Calibration> {
  const { free, targets, base } = plan;
  const perEvaluation = base.reps * scenarioMonths(base); // months simulated
  const evaluations: Evaluation[] = [];
  let best: number | undefined;

  /** Runs the reps of every point in one batch. */
  const runPoints = async (points: readonly (readonly number[])[]): Promise<Evaluation[]> => {
    const grid = new ExperimentGrid(
      points.map((values) => pointScenario(plan, values)),
      plan.seeds,
    );
    const accs = points.map(() => new TargetAccumulator(targets.targets));
    const before = evaluations.length * perEvaluation;
    await evaluator.run(grid, (result, i) => accs[grid.scenarioOf(i)]!.add(result), {
      signal: options.signal,
      onProgress: (n) => options.onProgress?.(before + n, best),
    });
    return accs.map((acc, j) => {
      const results = acc.results();
      return { values: points[j]!, results, distance: distance(results) };
    });
  };

  // With common random numbers a point's distance never changes: a point met again (values are rounded, and
  // Nelder-Mead revisits) is taken from here instead of run again. It still counts against the budget.
  const known = new Map<string, Evaluation>();
  const evaluate: Objective = async (points) => {
    const values = points.map((u) => free.map((f, k) => fromUnit(f, u[k]!)));
    const fresh = [...new Map(values.filter((v) => !known.has(v.join())).map((v) => [v.join(), v])).values()];
    for (const e of await runPoints(fresh)) known.set(e.values.join(), e);
    const batch = values.map((v) => known.get(v.join())!);
    evaluations.push(...batch);
    return batch.map((e) => e.distance);
  };

  const initial = free.map((f) => toUnit(f, f.initial));
  const search = await optimise(evaluate, {
    dims: free.length,
    budget: plan.budget,
    seed: base.seed,
    initial: initial.every((u) => u >= 0 && u <= 1) ? initial : undefined,
    onEvaluated: (_, b) => (best = b.value),
  });
  return { evaluations, best: evaluations[search.best.eval]!, search };
}
