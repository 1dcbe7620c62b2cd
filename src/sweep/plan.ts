import { repSeeds } from '../engine/seeds.js';
import { ScenarioError, UsageError, type ScenarioProblem } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { checkDesign, designPoints, paramValues, parseParamBlock, parseParamFlags, pointOverrides, type Design, type SweepParam, type SweepPoint, type Value } from './design.js';

export interface SweepArgs extends ScenarioOptions {
  readonly scenario: string;
  /** `--param path=values`, in order; when given, they replace the scenario's `sweep.params`. */
  readonly params: readonly string[];
  readonly design?: Design;
  readonly samples?: number;
  readonly out: string;
  /** Output directory name (default `<scenario name>-sweep`). */
  readonly name?: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Discard an interrupted sweep of the same name instead of resuming it. */
  readonly fresh: boolean;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

/** Everything a sweep runs, resolved and validated before the first replication starts. */
export interface SweepPlan {
  /** Output directory name under `out`. */
  readonly name: string;
  /** The resolved base scenario, its `sweep` block set to the design actually run (so it can be rerun). */
  readonly base: Scenario;
  readonly params: readonly SweepParam[];
  readonly design: Design;
  readonly samples: number;
  readonly points: readonly SweepPoint[];
  /** The scenario of each point (base + the point's values), validated. */
  readonly scenarios: readonly Scenario[];
  /** Replication seeds, the same at every point (common random numbers). */
  readonly repSeeds: readonly number[];
}

/** design.json: the design, its parameters and every point's values. */
export interface DesignJson {
  design: Design;
  /** Latin hypercube points; null for a grid. */
  samples: number | null;
  seed: number;
  reps: number;
  rep_seeds: number[];
  /** Parameter paths, in the order of the CSV columns. */
  params: string[];
  /** Per parameter: the values as given, its type, and its values (a list or grid) or its range (lhs). */
  values: Record<string, { spec: string; type: string; values?: Value[]; low?: number; high?: number }>;
  points: { point: number; values: Record<string, Value> }[];
}

/** Point problems reported at most (a bad design can break every point the same way). */
const MAX_PROBLEMS = 10;

/**
 * Resolves a sweep: the base scenario with the command-line overrides, the parameters (--param, else the scenario's
 * sweep block), the design's points, and each point's scenario, loaded and validated through loadScenario with the
 * point's values as overrides. Any problem is a ScenarioError (or UsageError) before anything runs.
 */
export async function planSweep(args: SweepArgs): Promise<SweepPlan> {
  checkOutputName(args.name);
  const { scenario: base, overrides } = await loadWithOptions(args.scenario, args);

  const params = args.params.length > 0 ? parseParamFlags(args.params) : parseParamBlock(base.sweep.params, args.scenario);
  if (params.length === 0) {
    throw new UsageError(`nothing to sweep: give --param path=values (e.g. --param policies.training.seats=0:6000:4) or a sweep: params: block in ${args.scenario}`);
  }
  const design = args.design ?? base.sweep.design;
  const samples = args.samples ?? base.sweep.samples;
  checkDesign(design, params, samples);
  const points = designPoints(design, params, samples, base.seed);

  const problems: ScenarioProblem[] = [];
  const scenarios: Scenario[] = [];
  for (const point of points) {
    const set = pointOverrides(params, point);
    try {
      scenarios.push((await loadScenario(args.scenario, [...overrides, ...set])).scenario);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      const at = `sweep point ${point.point} (${set.join(' ')})`;
      for (const p of err.problems) problems.push({ file: at, path: p.path, message: p.message });
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push({ file: 'sweep', path: '', message: `and ${problems.length - MAX_PROBLEMS} more problems` });
    throw new ScenarioError(shown);
  }

  const sweep = { design, samples, params: Object.fromEntries(params.map((p) => [p.path, p.spec])) };
  return {
    name: args.name ?? `${base.name}-sweep`,
    base: { ...base, sweep },
    params,
    design,
    samples,
    points,
    scenarios,
    repSeeds: repSeeds(base.seed, base.reps),
  };
}

export function designJson(plan: SweepPlan): DesignJson {
  const { base, params, design } = plan;
  return {
    design,
    samples: design === 'lhs' ? plan.samples : null,
    seed: base.seed,
    reps: base.reps,
    rep_seeds: [...plan.repSeeds],
    params: params.map((p) => p.path),
    values: Object.fromEntries(
      params.map((p) => [
        p.path,
        design === 'lhs' && p.range ? { spec: p.spec, type: p.type, low: p.range.low, high: p.range.high } : { spec: p.spec, type: p.type, values: paramValues(p) },
      ]),
    ),
    points: plan.points.map((pt) => ({ point: pt.point, values: Object.fromEntries(params.map((p, i) => [p.path, pt.values[i]!])) })),
  };
}
