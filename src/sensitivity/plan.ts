import { repSeeds } from '../engine/seeds.js';
import { ScenarioError, UsageError, type ScenarioProblem } from '../scenario/errors.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { valuesText, withValues } from '../scenario/values.js';
import { morrisDesign, sobolDesign, type SensitivityDesign } from './design.js';
import type { Measures, RunOutcome } from './outcomes.js';
import { defaultFactors, parseFactorFlags, type FactorInfo } from './params.js';
import { SALTELLI_MAX_FACTORS } from './saltelli.js';
import { definition } from '../model/definition.js';

export type Method = 'morris' | 'sobol';
export const METHODS: readonly Method[] = ['morris', 'sobol'];

/** Defaults of `homeward sensitivity` (README, "Sensitivity"). */
export const SENSITIVITY_DEFAULTS = {
  method: 'morris' as Method,
  /** Morris trajectories r: r (k + 1) points. */
  trajectories: 10,
  /** Morris grid levels p. */
  levels: 4,
  /** Sobol base samples N: N (k + 2) points; a power of 2 keeps the Sobol' points balanced. */
  samples: 256,
  /** Bootstrap resamples of the 95% intervals. */
  bootstrap: 1000,
  /**
   * Replications per point. Not the scenario's: a screening spends its runs on more points of the space rather than
   * more replications of each, and common random numbers already take out most of the noise of a difference
   * between two points; two replications still show the noise that is left (README, "Sensitivity").
   */
  reps: 2,
};

/** The largest design run (points, before replications), as for a sweep. */
export const MAX_SENSITIVITY_POINTS = 10_000;

/** What a sensitivity analysis is asked to do. */
export interface SensitivitySpec extends ScenarioOptions {
  readonly scenario: string;
  readonly method?: Method;
  /** `--param path=lo:hi`, in order; none: the default factors. */
  readonly params: readonly string[];
  readonly trajectories?: number;
  readonly levels?: number;
  readonly samples?: number;
  readonly bootstrap?: number;
  /** Output directory name (default `<scenario name>-<method>`). */
  readonly name?: string;
}

/** Everything a sensitivity analysis runs, checked before the first replication. */
export interface SensitivityPlan<Snapshot> {
  /** The scenario file, for the provenance. */
  readonly file: string;
  /** The scenario file's `executor` block: where the runs execute (--executor slurm). */
  readonly executor: ExecutorSettings;
  readonly name: string;
  /** The resolved base scenario (options applied, prepared for the outcomes). */
  readonly base: Scenario;
  readonly method: Method;
  readonly factors: readonly FactorInfo[];
  /** Whether the factors are the default set (every uncertainty and calibrated parameter with a range). */
  readonly defaultFactors: boolean;
  readonly design: SensitivityDesign;
  /** The values each point runs (the design's points, rounded as written), in point order. */
  readonly values: readonly (readonly number[])[];
  /** Each point's scenario, validated. */
  readonly scenarios: readonly Scenario[];
  /** The same replication seeds at every point (common random numbers). */
  readonly seeds: readonly number[];
  readonly outcomes: readonly RunOutcome<Snapshot>[];
  /** The options, for the provenance. */
  readonly options: ScenarioOptions;
}

/** Values as they run and are written: whole numbers for an integer factor, else 6 significant digits (as a sweep). */
export function runValue(f: FactorInfo, x: number): number {
  const v = f.integer ? Math.round(x) : Number(x.toPrecision(6));
  return Object.is(v, -0) ? 0 : Math.min(f.high, Math.max(f.low, v));
}

function wholeAtLeast(flag: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw new UsageError(`--${flag} must be a whole number >= ${min}, got ${value}`);
}

/** Checks the options that do not need the scenario; every problem is a UsageError. */
function checkOptions(spec: SensitivitySpec, method: Method): void {
  checkOutputName(spec.name);
  const morrisOnly = (['trajectories', 'levels'] as const).filter((k) => spec[k] !== undefined);
  if (method === 'sobol' && morrisOnly.length > 0) throw new UsageError(`--${morrisOnly[0]} applies to --method morris, not sobol`);
  if (method === 'morris' && spec.samples !== undefined) throw new UsageError('--samples applies to --method sobol (Morris takes --trajectories and --levels)');
  wholeAtLeast('trajectories', spec.trajectories, 2);
  wholeAtLeast('levels', spec.levels, 2);
  if (spec.levels !== undefined && spec.levels % 2 !== 0) throw new UsageError(`--levels must be even (a step of p/2 levels then reaches every level), got ${spec.levels}`);
  wholeAtLeast('samples', spec.samples, 2);
  if (spec.samples !== undefined && (spec.samples & (spec.samples - 1)) !== 0) {
    throw new UsageError(`--samples must be a power of 2 (64, 128, 256, 512...), the sizes at which Sobol' points are balanced, got ${spec.samples}`);
  }
  wholeAtLeast('bootstrap', spec.bootstrap, 0);
}

/**
 * Resolves a sensitivity analysis: the base scenario with the options (replications default to
 * SENSITIVITY_DEFAULTS.reps), the factors, the design, and every point's scenario: the base with the point's values
 * set and validated. Any problem is a ScenarioError or UsageError before anything runs.
 */
export async function planSensitivity<Snapshot>(spec: SensitivitySpec, measures: Measures<Snapshot>): Promise<SensitivityPlan<Snapshot>> {
  const method = spec.method ?? SENSITIVITY_DEFAULTS.method;
  checkOptions(spec, method);
  const options: ScenarioOptions = { set: spec.set, seed: spec.seed, reps: spec.reps ?? String(SENSITIVITY_DEFAULTS.reps), agents: spec.agents, months: spec.months, scale: spec.scale };
  const { scenario: loaded, executor } = await loadWithOptions(spec.scenario, options);
  definition.checkFits(loaded, spec.scenario);
  measures.check?.(loaded);
  const base = measures.prepare ? measures.prepare(loaded) : loaded;

  const factors = spec.params.length > 0 ? parseFactorFlags(spec.params, base) : defaultFactors();
  if (factors.length === 0) throw new UsageError('no parameters to vary: the scenario schema gives no uncertainty or calibrated parameter a range; name some with --param path=lo:hi');
  const bootstrap = spec.bootstrap ?? SENSITIVITY_DEFAULTS.bootstrap;
  let design: SensitivityDesign;
  if (method === 'morris') {
    const trajectories = spec.trajectories ?? SENSITIVITY_DEFAULTS.trajectories;
    checkSize(trajectories * (factors.length + 1), `${trajectories} trajectories × (${factors.length} parameters + 1)`, '--trajectories');
    design = morrisDesign(factors, { trajectories, levels: spec.levels ?? SENSITIVITY_DEFAULTS.levels, seed: base.seed, bootstrap });
  } else {
    const n = spec.samples ?? SENSITIVITY_DEFAULTS.samples;
    if (factors.length > SALTELLI_MAX_FACTORS) throw new UsageError(`--method sobol takes at most ${SALTELLI_MAX_FACTORS} parameters, got ${factors.length}`);
    checkSize(n * (factors.length + 2), `${n} samples × (${factors.length} parameters + 2)`, '--samples');
    design = sobolDesign(factors, { n, seed: base.seed, bootstrap });
  }

  const values = design.points.map((p) => p.map((x, j) => runValue(factors[j]!, x)));
  const problems: ScenarioProblem[] = [];
  const scenarios: Scenario[] = [];
  values.forEach((point, k) => {
    const set = new Map(factors.map((f, j) => [f.name, point[j]!]));
    try {
      scenarios.push(withValues(base, set, `sensitivity point ${k} (${valuesText(set)})`));
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      if (problems.length < 10) problems.push(...err.problems);
    }
  });
  if (problems.length > 0) throw new ScenarioError(problems.slice(0, 10));

  return {
    file: spec.scenario,
    executor,
    name: spec.name ?? `${base.name}-${method}`,
    base,
    method,
    factors,
    defaultFactors: spec.params.length === 0,
    design,
    values,
    scenarios,
    seeds: repSeeds(base.seed, base.reps),
    outcomes: measures.outcomes,
    options,
  };
}

function checkSize(points: number, how: string, flag: string): void {
  if (points <= MAX_SENSITIVITY_POINTS) return;
  const limit = MAX_SENSITIVITY_POINTS.toLocaleString('en-US');
  throw new UsageError(
    `the design has ${points.toLocaleString('en-US')} points (${how}); a sensitivity analysis runs at most ${limit}: ` +
      `choose fewer parameters with --param path=lo:hi (screen them with --method morris first) or a smaller ${flag}`,
  );
}
