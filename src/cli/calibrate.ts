import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { checkCsv, checkTable } from '../calibrate/check-output.js';
import { distance, TargetAccumulator } from '../calibrate/evaluate.js';
import { freeOverrides, fromUnit, parseFreeFlags, toUnit, type FreeParam } from '../calibrate/free.js';
import { designSize, optimise, type Objective, type TraceEntry } from '../calibrate/optimise.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from '../calibrate/targets.js';
import type { TargetResult, TargetsFile } from '../calibrate/types.js';
import { readable } from '../output/readable.js';
import { threadCount } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import { RunDir, writeFileAtomic } from '../output/atomic.js';
import { formatNumber } from '../output/csv.js';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { interruptible, type Lifecycle } from './interrupt.js';
import { createProgress } from './progress.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { UsageError } from '../scenario/errors.js';
import { packageVersion } from '../output/provenance.js';

export interface CalibrateArgs extends ScenarioOptions {
  readonly scenario: string;
  readonly targets?: string;
  /** `--free path=lo:hi`, in order. */
  readonly free: readonly string[];
  /** Evaluations (default 40). */
  readonly budget?: number;
  readonly out: string;
  /** Output directory name (default `<scenario name>-calibrate`). */
  readonly name?: string;
  readonly threads?: number;
  readonly quiet: boolean;
}

export interface CalibrateResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly values: readonly number[];
  readonly distance: number;
  readonly evaluations: number;
}

export const DEFAULT_BUDGET = 40;

/** Everything a calibration needs, checked before anything runs. */
interface Plan {
  readonly name: string;
  readonly base: Scenario;
  readonly overrides: readonly string[];
  readonly targets: TargetsFile;
  readonly free: readonly FreeParam[];
  readonly budget: number;
  readonly seeds: readonly number[];
}

/** One evaluation: the parameter values that ran and the targets over their replications. */
interface Evaluation {
  readonly values: readonly number[];
  readonly results: readonly TargetResult[];
  readonly distance: number;
}

async function plan(args: CalibrateArgs): Promise<Plan> {
  if (args.targets === undefined) throw new UsageError('calibrate needs --targets <file>: the facts to fit (see README.md, "Targets files")');
  if (args.free.length === 0) throw new UsageError('nothing to calibrate: give at least one --free path=lo:hi, e.g. --free decision.intercept=-9:-6');
  checkOutputName(args.name);
  const budget = args.budget ?? DEFAULT_BUDGET;
  if (!Number.isInteger(budget) || budget < 1) throw new UsageError(`--budget must be a whole number >= 1, got ${budget}`);

  const { scenario: base, overrides } = await loadWithOptions(args.scenario, args);
  const free = parseFreeFlags(args.free, base);
  const targets = await loadTargets(args.targets);
  checkTargetsFit(targets, base);
  const p: Plan = { name: args.name ?? `${base.name}-calibrate`, base, overrides, targets, free, budget, seeds: repSeeds(base.seed, base.reps) };
  // Each bound is valid on its own (the schema's range); the corners check them together with the rest of the scenario.
  await pointScenario(args.scenario, p, free.map((f) => f.low));
  await pointScenario(args.scenario, p, free.map((f) => f.high));
  return p;
}

/** The scenario of one evaluation: the base with the free values set, and the snapshots the targets read. */
async function pointScenario(file: string, p: Plan, values: readonly number[]): Promise<Scenario> {
  const { scenario } = await loadScenario(file, [...p.overrides, ...freeOverrides(p.free, values)]);
  return withTargetSnapshots(scenario, p.targets);
}

/**
 * `homeward calibrate`: minimises the distance to the targets (Σ w·z² / Σ w) over the free parameters' box with a
 * Latin hypercube and Nelder–Mead (src/calibrate/optimise.ts). Every evaluation runs the same replication seeds
 * (common random numbers), so the distance is a deterministic function of the parameters; a batch of evaluations
 * runs all its replications on one pool of worker threads, results taken in order. Writes best.yaml, trace.csv,
 * best-check.csv and calibrate.json into `<out>/<name>/` at the end, all at once; prints the result and the path of
 * best.yaml.
 */
export async function calibrateCommand(args: CalibrateArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<CalibrateResult> {
  const p = await plan(args);
  const { base, free, targets, budget, seeds } = p;
  const reps = base.reps;
  const months = scenarioMonths(base);
  const show = process.stderr.isTTY === true && !args.quiet;
  const dir = new RunDir(args.out, p.name);

  // The bar counts evaluations (each reps × months) up to the budget; a search that converges stops short of it.
  const progress = createProgress(show, budget, reps * months, 'evaluations');
  // One pool for the whole search, sized for its largest batch (the design): evaluations come one or a few at a time.
  const threads = threadCount(designSize(free.length, budget) * reps, args.threads);
  const evaluator = new ThreadEvaluator(threads);
  try {
    return await interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, (signal, life) => runSearch(signal, life));
  } finally {
    await evaluator.close();
  }

  async function runSearch(signal: AbortSignal, life: Lifecycle): Promise<CalibrateResult> {
    await dir.create(); // the output location is checked (and stale commits recovered) before the search runs
    const t0 = performance.now();
    const evaluations: Evaluation[] = [];
    let bestText = '';
    /** Runs the reps of every point on the pool; results are taken in (point, rep) order. */
    const runPoints = async (points: readonly (readonly number[])[]): Promise<Evaluation[]> => {
      const scenarios: Scenario[] = [];
      for (const values of points) scenarios.push(await pointScenario(args.scenario, p, values));
      const accs = scenarios.map(() => new TargetAccumulator(targets.targets));
      const before = evaluations.length * reps * months;
      const grid = new ExperimentGrid(scenarios, seeds);
      await evaluator.run(grid, (result, i) => accs[grid.scenarioOf(i)]!.add(result), { signal, onProgress: (n) => progress.update(before + n, bestText) });
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
      budget,
      seed: base.seed,
      initial: initial.every((u) => u >= 0 && u <= 1) ? initial : undefined,
      onEvaluated: (_, best) => (bestText = `best ${readable(best.value)}`),
    });
    const best = evaluations[search.best.eval]!;
    const wall = (performance.now() - t0) / 1000;

    const files: Record<string, string> = {
      'best.yaml': bestYaml(args, p, best),
      'trace.csv': traceCsv(p, search.trace, evaluations),
      'best-check.csv': checkCsv(best.results),
      'calibrate.json': calibrateJson(args, p, best, search, threads, wall),
    };
    for (const [name, text] of Object.entries(files)) await writeFileAtomic(dir.file(name), text);
    await life.commit(() => dir.commit());
    progress.stop();

    print(summary(p, best, search.best.eval, search.trace.length, search.stopped) + '\n' + checkTable(best.results, best.distance) + path.join(dir.path, 'best.yaml') + '\n');
    if (show) process.stderr.write(`${search.trace.length} evaluations × ${reps} reps × ${months} months, ${wall.toFixed(1)} s\n`);
    return { path: dir.path, values: best.values, distance: best.distance, evaluations: search.trace.length };
  }
}

/** The fitted values as nested keys, e.g. { decision: { intercept: -7.2 } }. */
function nested(free: readonly FreeParam[], values: readonly number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  free.forEach((f, i) => {
    const keys = f.path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = values[i];
  });
  return out;
}

/** The command-line options that shaped the runs (other than the free parameters), for the provenance. */
function runOptions(args: CalibrateArgs): string {
  const parts = [
    ...args.set.map((s) => `--set ${s}`),
    ...(args.seed !== undefined ? [`--seed ${args.seed}`] : []),
    ...(args.reps !== undefined ? [`--reps ${args.reps}`] : []),
    ...(args.agents !== undefined ? [`--agents ${args.agents}`] : []),
    ...(args.months !== undefined ? [`--months ${args.months}`] : []),
  ];
  return parts.join(' ');
}

/**
 * best.yaml: a scenario that extends the input (by a path relative to the output directory, so it loads from there)
 * and sets the fitted values. The header says how it was found, without a date, so the file depends only on the
 * arguments.
 */
function bestYaml(args: CalibrateArgs, p: Plan, best: Evaluation): string {
  const base = path.relative(path.resolve(args.out, p.name), path.resolve(args.scenario)).split(path.sep).join('/');
  const passed = best.results.filter((r) => r.pass).length;
  const options = runOptions(args);
  const header = [
    `Calibrated by homeward calibrate ${args.scenario} --targets ${args.targets} (homeward ${packageVersion()}).`,
    `Distance ${formatNumber(best.distance)} (weighted mean of z², z = miss / tolerance); ${passed} of ${best.results.length} targets pass.`,
    `Search: budget ${p.budget} evaluations, ${p.base.reps} reps each, seed ${p.base.seed}; free: ${p.free.map((f) => `${f.path}=${f.low}:${f.high}`).join(' ')}.`,
    options === ''
      ? 'The runs used the scenario as it is, with the values below.'
      : `The runs also used ${options}; these options are not part of this file: give them again to reproduce best-check.csv.`,
  ];
  const body = stringify({ extends: base, name: `${p.base.name}-calibrated`, ...nested(p.free, best.values) });
  return header.map((l) => `# ${l}\n`).join('') + body;
}

/** trace.csv: one row per evaluation, with the values that ran, the distance and each target's mean. */
function traceCsv(p: Plan, trace: readonly TraceEntry[], evaluations: readonly Evaluation[]): string {
  const lines = [['eval', 'phase', ...p.free.map((f) => f.path), 'distance', ...p.targets.targets.map((t) => t.id)].join(',')];
  for (const entry of trace) {
    const e = evaluations[entry.eval]!;
    lines.push([entry.eval, entry.phase, ...e.values.map(formatNumber), formatNumber(e.distance), ...e.results.map((r) => formatNumber(r.mean))].join(','));
  }
  return lines.join('\n') + '\n';
}

function calibrateJson(args: CalibrateArgs, p: Plan, best: Evaluation, search: { best: TraceEntry; trace: readonly TraceEntry[]; stopped: string }, threads: number, wall: number): string {
  const { base } = p;
  const json = {
    homeward: packageVersion(),
    scenario: args.scenario,
    name: base.name,
    targets_file: args.targets,
    set: args.set,
    seed: base.seed,
    reps: base.reps,
    rep_seeds: p.seeds,
    agents: base.population.agents,
    start: base.start,
    end: base.end,
    budget: p.budget,
    evaluations: search.trace.length,
    stopped: search.stopped,
    distance: 'sum of weight * z^2 over the targets / sum of weights; z = (mean - target) / tolerance',
    free: p.free.map((f, i) => ({ path: f.path, low: f.low, high: f.high, initial: f.initial, best: best.values[i] })),
    best: {
      eval: search.best.eval,
      values: Object.fromEntries(p.free.map((f, i) => [f.path, best.values[i]])),
      distance: best.distance,
      passed: best.results.filter((r) => r.pass).length,
      targets: best.results.length,
    },
    threads,
    wall_seconds: Math.round(wall * 1000) / 1000,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** The fitted parameters as a table, and the search in one line. */
function summary(p: Plan, best: Evaluation, bestEval: number, evaluations: number, stopped: string): string {
  const header = ['parameter', 'best', 'low', 'high', 'scenario'];
  const rows = p.free.map((f, i) => [f.path, readable(best.values[i]!), readable(f.low), readable(f.high), readable(f.initial)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const how = stopped === 'converged' ? 'the search converged' : 'the budget is spent';
  return [line(header), ...rows.map(line), '', `best at evaluation ${bestEval} of ${evaluations} (${how}); its targets:`].join('\n') + '\n';
}
