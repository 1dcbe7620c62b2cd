import { repSeeds } from '../engine/seeds.js';
import { ScenarioError, UsageError, type ScenarioProblem } from '../scenario/errors.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { valuesText, withValues } from '../scenario/values.js';
import { loadEnsemble, type Ensemble } from '../scenario/ensemble.js';
import { ensembleSettings, withMatchedSettings, type EnsembleSettings } from '../scenario/ensemble-settings.js';
import { checkDesign, designPoints, MAX_SWEEP_POINTS, paramValues, parseParamBlock, parseParamFlags, type Design, type SweepParam, type SweepPoint, type Value } from './design.js';
import { definition } from '../model/definition.js';

/** What a sweep is asked to run: a scenario file, its options, and the design (else the file's sweep block). */
export interface SweepSpec extends ScenarioOptions {
  readonly scenario: string;
  /** `--param path=values`, in order; when given, they replace the scenario's `sweep.params`. */
  readonly params: readonly string[];
  readonly design?: Design;
  readonly samples?: number;
  /** Output directory name (default `<scenario name>-sweep`). */
  readonly name?: string;
  /** An ensemble file: every design point runs at each of its parameter sets (worlds). */
  readonly ensemble?: string;
}

/** Everything a sweep runs, resolved and validated before the first replication starts. */
export interface SweepPlan {
  /** Output directory name under `out`. */
  readonly name: string;
  /** The scenario file's `executor` block: where the runs execute (--executor slurm). */
  readonly executor: ExecutorSettings;
  /** The resolved base scenario, its `sweep` block set to the design actually run (so it can be rerun). */
  readonly base: Scenario;
  readonly params: readonly SweepParam[];
  readonly design: Design;
  readonly samples: number;
  /**
   * The points run, numbered in order. Without an ensemble, the design's points; with one, each design point at each
   * world in turn (point p · worlds + w is design point p in world w + 1).
   */
  readonly points: readonly SweepPoint[];
  /** The scenario of each point (base + the point's values, and its world's), validated. */
  readonly scenarios: readonly Scenario[];
  /** With an ensemble: the ensemble, and the world (its member number) of each point. */
  readonly ensemble?: { readonly ensemble: Ensemble; readonly members: readonly number[]; readonly designPoints: number; readonly settings: EnsembleSettings };
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
  points: { point: number; values: Record<string, Value>; member?: number }[];
  /**
   * With an ensemble: its file, the parameters it sets, each world's values (every point gives its world), and the
   * settings the worlds ran at beside those they were matched at.
   */
  ensemble?: { file: string; paths: string[]; members: { member: number; values: Record<string, number> }[]; settings: EnsembleSettings };
}

/** Point problems reported at most (a bad design can break every point the same way). */
const MAX_PROBLEMS = 10;

/**
 * Resolves a sweep: the base scenario with the command-line options, the parameters (--param, else the scenario's
 * sweep block), the design's points, and each point's scenario: the base with the point's values set and validated.
 * Any problem is a ScenarioError (or UsageError) before anything runs.
 */
export async function planSweep(spec: SweepSpec): Promise<SweepPlan> {
  checkOutputName(spec.name);
  const ensemble = spec.ensemble === undefined ? undefined : await loadEnsemble(spec.ensemble);
  // Over an ensemble, the worlds run at the settings they were matched at unless options say otherwise.
  const options = ensemble ? withMatchedSettings(spec, ensemble) : spec;
  const { scenario: base, executor, locate } = await loadWithOptions(spec.scenario, options);
  definition.checkFits(base, spec.scenario);

  const params = spec.params.length > 0 ? parseParamFlags(spec.params) : parseParamBlock(base.sweep.params, spec.scenario, locate);
  if (params.length === 0) {
    throw new UsageError(`nothing to sweep: give --param path=values (e.g. --param policies.training.seats=0:6000:4) or a sweep: params: block in ${spec.scenario}`);
  }
  const design = spec.design ?? base.sweep.design;
  const samples = spec.samples ?? base.sweep.samples;
  checkDesign(design, params, samples);
  const points = designPoints(design, params, samples, base.seed);

  const both = ensemble?.paths.filter((path) => params.some((p) => p.path === path)) ?? [];
  if (both.length > 0) throw new UsageError(`${spec.ensemble}: the ensemble sets ${both.join(', ')}, which the sweep varies; sweep other parameters, or use another ensemble`);
  const worlds = ensemble ? ensemble.members : [undefined];
  if (points.length * worlds.length > MAX_SWEEP_POINTS) {
    throw new UsageError(`${points.length} points × ${worlds.length} worlds of ${spec.ensemble} is ${(points.length * worlds.length).toLocaleString('en-US')} runs of the design; a sweep takes at most ${MAX_SWEEP_POINTS.toLocaleString('en-US')} points`);
  }
  const problems: ScenarioProblem[] = [];
  const scenarios: Scenario[] = [];
  const run: SweepPoint[] = [];
  const members: number[] = [];
  for (const point of points) {
    const values = new Map(params.map((p, i) => [p.path, point.values[i]]));
    for (const world of worlds) {
      const where = world ? `sweep point ${point.point} (${valuesText(values)}) in world ${world.member} of ${ensemble!.file}` : `sweep point ${point.point} (${valuesText(values)})`;
      try {
        scenarios.push(withValues(base, world ? new Map<string, unknown>([...world.values, ...values]) : values, where));
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
        problems.push(...err.problems);
      }
      run.push({ point: run.length, values: point.values });
      if (world) members.push(world.member);
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push({ file: 'sweep', path: '', message: `and ${problems.length - MAX_PROBLEMS} more problems` });
    throw new ScenarioError(shown);
  }

  const sweep = { design, samples, params: Object.fromEntries(params.map((p) => [p.path, p.spec])) };
  return {
    name: spec.name ?? `${base.name}-sweep`,
    executor,
    base: { ...base, sweep },
    params,
    design,
    samples,
    points: run,
    scenarios,
    repSeeds: repSeeds(base.seed, base.reps),
    ...(ensemble ? { ensemble: { ensemble, members, designPoints: points.length, settings: ensembleSettings(ensemble, options, base) } } : {}),
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
    points: plan.points.map((pt) => ({ point: pt.point, values: Object.fromEntries(params.map((p, i) => [p.path, pt.values[i]!])), ...(plan.ensemble ? { member: plan.ensemble.members[pt.point]! } : {}) })),
    ...(plan.ensemble
      ? {
          ensemble: {
            file: plan.ensemble.ensemble.file,
            paths: [...plan.ensemble.ensemble.paths],
            members: plan.ensemble.ensemble.members.map((m) => ({ member: m.member, values: Object.fromEntries(m.values) })),
            settings: plan.ensemble.settings,
          },
        }
      : {}),
  };
}
