import type { Evaluator, EvaluateOptions } from '../engine/evaluator.js';
import { ExperimentGrid } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { definition, type CreatorSnapshot } from '../model/definition.js';
import { rangedParameters } from '../scenario/describe.js';
import { UsageError } from '../scenario/errors.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { valueAt } from '../scenario/overrides.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { valuesText, withValues } from '../scenario/values.js';
import { TargetAccumulator } from './evaluate.js';
import { freeValues, parseFreeFlags, type FreeParam } from './free.js';
import { historyMatch, type HistoryMatchResult, type RunSummary, type WaveRecord } from './history-matching/waves.js';
import type { Target as HmTarget } from './history-matching/implausibility.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from './targets.js';
import type { TargetResult, TargetsFile } from './types.js';

/**
 * `homeward calibrate --method history-matching` as a library: the plan (free parameters, targets, waves), the run
 * (each wave's points × replications on the evaluator with common random numbers, each target's expression per
 * replication summarised as its mean and variance) and the ensemble: the points of the final space that, run for
 * real, are non-implausible and pass every target as `homeward check` judges it (so each passes check).
 */

/**
 * Defaults; `finalCutoff`: the final points are drawn where every wave's emulators put the implausibility at most 1
 * (each target expected within about one standard deviation), the core of the space left where points may pass every
 * target as `homeward check` judges it; the space within the cutoff (3) is often much larger.
 */
export const HISTORY_MATCH_DEFAULTS = { waves: 5, cutoff: 3, order: 1, finalCutoff: 1 } as const;

export interface HistoryMatchSpec extends ScenarioOptions {
  readonly scenario: string;
  readonly targets?: string;
  /** `--free path=lo:hi`; none: every calibrated parameter with a plausible range. */
  readonly free: readonly string[];
  readonly waves?: number;
  /** Runs per wave (default 10 per free parameter). */
  readonly runsPerWave?: number;
  /** Points of the space left run for real at the end, the ensemble's candidates (default runsPerWave). */
  readonly finalRuns?: number;
  readonly cutoff?: number;
  readonly order?: number;
  readonly name?: string;
}

/** A target of the history match: one per target of the file, two for a target with both bounds. */
export interface MatchTarget {
  readonly target: HmTarget;
  /** Its target in the file (index). */
  readonly source: number;
}

export interface HistoryMatchPlan {
  readonly file: string;
  /** The scenario file's `executor` block: where the runs execute (--executor slurm). */
  readonly executor: ExecutorSettings;
  readonly options: ScenarioOptions;
  readonly name: string;
  /** The resolved base scenario with the targets' snapshot months. */
  readonly base: Scenario;
  readonly targets: TargetsFile;
  readonly matched: readonly MatchTarget[];
  readonly free: readonly FreeParam[];
  readonly defaultFree: boolean;
  readonly seeds: readonly number[];
  readonly waves: number;
  readonly runsPerWave: number;
  readonly finalRuns: number;
  readonly cutoff: number;
  readonly order: number;
}

/** Every calibrated parameter with a plausible range, over that range. */
function defaultFree(base: Scenario): FreeParam[] {
  return rangedParameters('calibrated').map((p) => ({ path: p.path, low: p.low, high: p.high, integer: p.integer, initial: valueAt(base, p.path) as number }));
}

/** The targets of a file as history matching takes them; a target with both bounds becomes two, one per side. */
export function matchTargets(targets: TargetsFile): MatchTarget[] {
  return targets.targets.flatMap((t, source): MatchTarget[] => {
    const { id: name, tolerance } = t;
    if (t.value !== undefined) return [{ target: { name, tolerance, value: t.value }, source }];
    const sides: MatchTarget[] = [];
    if (t.at_least !== undefined) sides.push({ target: { name: t.at_most !== undefined ? `${name}>=` : name, tolerance, atLeast: t.at_least }, source });
    if (t.at_most !== undefined) sides.push({ target: { name: t.at_least !== undefined ? `${name}<=` : name, tolerance, atMost: t.at_most }, source });
    return sides;
  });
}

function check(flag: string, value: number | undefined, ok: (x: number) => boolean, what: string): void {
  if (value !== undefined && !ok(value)) throw new UsageError(`--${flag} must be ${what}, got ${value}`);
}

export async function planHistoryMatch(spec: HistoryMatchSpec): Promise<HistoryMatchPlan> {
  if (spec.targets === undefined) throw new UsageError('calibrate needs --targets <file>: the facts to match (see README.md, "Targets files")');
  checkOutputName(spec.name);
  check('waves', spec.waves, (x) => Number.isInteger(x) && x >= 1 && x <= 20, 'a whole number from 1 to 20');
  check('runs-per-wave', spec.runsPerWave, (x) => Number.isInteger(x) && x >= 1 && x <= 10_000, 'a whole number from 1 to 10,000');
  check('final-runs', spec.finalRuns, (x) => Number.isInteger(x) && x >= 1 && x <= 10_000, 'a whole number from 1 to 10,000');
  check('cutoff', spec.cutoff, (x) => Number.isFinite(x) && x > 0, 'a number above 0');
  check('order', spec.order, (x) => x === 1 || x === 2 || x === 3, '1 (the largest implausibility decides), 2 or 3 (the second or third largest)');

  const { scenario: loaded, executor } = await loadWithOptions(spec.scenario, spec);
  definition.checkFits(loaded, spec.scenario);
  if (loaded.reps < 2) throw new UsageError(`history matching needs at least 2 replications per run (--reps), to know the stochastic variance of each target; got ${loaded.reps}`);
  const targets = await loadTargets(spec.targets);
  checkTargetsFit(targets, loaded);
  const base = withTargetSnapshots(loaded, targets);
  const free = spec.free.length > 0 ? parseFreeFlags(spec.free, base) : defaultFree(base);
  if (free.length === 0) throw new UsageError('nothing to match: no calibrated parameter has a plausible range; give --free path=lo:hi');
  const runsPerWave = spec.runsPerWave ?? 10 * free.length;
  // Each emulator is fitted to the wave's runs less a held-out fifth: it needs a few more runs than parameters.
  if (runsPerWave < free.length + 4) throw new UsageError(`--runs-per-wave must be at least the free parameters + 4 (${free.length + 4}) to fit an emulator, got ${runsPerWave}`);
  const { set, seed, reps, agents, months } = spec;
  const plan: HistoryMatchPlan = {
    file: spec.scenario,
    executor,
    options: { set, seed, reps, agents, months },
    name: spec.name ?? `${loaded.name}-history-match`,
    base,
    targets,
    matched: matchTargets(targets),
    free,
    defaultFree: spec.free.length === 0,
    seeds: repSeeds(base.seed, base.reps),
    waves: spec.waves ?? HISTORY_MATCH_DEFAULTS.waves,
    runsPerWave,
    finalRuns: spec.finalRuns ?? runsPerWave,
    cutoff: spec.cutoff ?? HISTORY_MATCH_DEFAULTS.cutoff,
    order: spec.order ?? HISTORY_MATCH_DEFAULTS.order,
  };
  // The corners of the box check the bounds together with the rest of the scenario.
  pointScenario(plan, free.map((f) => f.low), 'the lower corner of the free parameters');
  pointScenario(plan, free.map((f) => f.high), 'the upper corner of the free parameters');
  return plan;
}

/** A value as it runs and is written: a whole number, or 6 significant digits, within the bounds. */
export function matchValue(p: FreeParam, x: number): number {
  const v = p.integer ? Math.round(x) : Number(x.toPrecision(6));
  return Object.is(v, -0) ? 0 : Math.min(p.high, Math.max(p.low, v));
}

export function pointScenario(plan: HistoryMatchPlan, values: readonly number[], what = 'a run of the history match'): Scenario {
  const set = freeValues(plan.free, values);
  return withValues(plan.base, set, `${what} (${valuesText(set)})`);
}

/** One evaluated point: the values that ran and every target of the file over their replications. */
export interface MatchRun {
  /** 1..waves for a wave's runs, 0 for the final check. */
  readonly stage: number;
  readonly values: readonly number[];
  readonly results: readonly TargetResult[];
}

/** A point of the final space checked by real runs. */
export interface Checked extends MatchRun {
  readonly implausibility: readonly number[];
  readonly decisive: number;
  readonly nonImplausible: boolean;
  /** Targets that pass as `homeward check` judges them. */
  readonly passed: number;
  /** Non-implausible and passing every target: a member of the ensemble. */
  readonly member: boolean;
}

export interface HistoryMatched {
  readonly result: HistoryMatchResult;
  /** Every run in order: the waves', then the check's. */
  readonly runs: readonly MatchRun[];
  readonly checked: readonly Checked[];
  /** The values of each member, in the order checked. */
  readonly ensemble: readonly (readonly number[])[];
}

export interface HistoryMatchRunOptions extends EvaluateOptions {
  /** After each wave, with its record. */
  readonly onWave?: (record: WaveRecord) => void;
}

/**
 * Runs the history match (calibrate/history-matching/waves.ts) on the evaluator: every batch of points runs all its
 * replications as one batch (points × the plan's seeds), results in order. Progress counts months over all batches.
 */
export async function runHistoryMatch(plan: HistoryMatchPlan, evaluator: Evaluator<CreatorSnapshot>, options: HistoryMatchRunOptions = {}): Promise<HistoryMatched> {
  const runs: MatchRun[] = [];
  let batches = 0;
  let monthsBefore = 0;
  const evaluate = async (points: readonly (readonly number[])[]): Promise<RunSummary[][]> => {
    batches++;
    const values = points.map((p) => p.map((x, j) => matchValue(plan.free[j]!, x)));
    const grid = new ExperimentGrid(
      values.map((v) => pointScenario(plan, v)),
      plan.seeds,
    );
    const accs = values.map(() => new TargetAccumulator(plan.targets.targets));
    let done = 0;
    await evaluator.run(grid, (result, i) => accs[grid.scenarioOf(i)]!.add(result), {
      signal: options.signal,
      onProgress: (n, total) => {
        done = n;
        options.onProgress?.(monthsBefore + n, total);
      },
    });
    monthsBefore += done;
    return accs.map((acc, k) => {
      const results = acc.results();
      runs.push({ stage: batches, values: values[k]!, results });
      return plan.matched.map(({ source }) => ({ mean: results[source]!.mean, variance: results[source]!.sd ** 2 }));
    });
  };

  const result = await historyMatch({
    parameters: plan.free.map((f) => ({ name: f.path, low: f.low, high: f.high })),
    targets: plan.matched.map((m) => m.target),
    evaluate,
    seed: plan.base.seed,
    runsPerWave: plan.runsPerWave,
    finalRuns: plan.finalRuns,
    maxWaves: plan.waves,
    cutoff: plan.cutoff,
    order: plan.order,
    replications: plan.seeds.length,
    finalCutoff: HISTORY_MATCH_DEFAULTS.finalCutoff,
    onWave: options.onWave,
  });
  // The batches after the last wave's are the final check's.
  const waves = result.waves.length;
  const labelled = runs.map((r) => (r.stage > waves ? { ...r, stage: 0 } : r));
  const checkRuns = labelled.filter((r) => r.stage === 0);
  const checked: Checked[] = result.checked.map((c, i) => {
    const run = checkRuns[i]!;
    const passed = run.results.filter((r) => r.pass).length;
    return { ...run, implausibility: c.implausibility, decisive: c.decisive, nonImplausible: c.nonImplausible, passed, member: c.nonImplausible && passed === run.results.length };
  });
  return { result, runs: labelled, checked, ensemble: checked.filter((c) => c.member).map((c) => c.values) };
}
