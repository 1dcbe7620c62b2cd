import type { CreatorSnapshot } from '../model/definition.js';
import { acrossWorlds } from '../analysis/ensemble.js';
import { pairedCosts } from '../analysis/costs.js';
import { OUTCOMES, outcomesOf } from '../analysis/outcomes.js';
import { Running } from '../analysis/paired.js';
import type { EvaluateOptions, Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid } from '../engine/experiment.js';
import type { AtomicFile } from '../output/atomic.js';
import { formatNumber } from '../output/csv.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { packageVersion } from '../output/provenance.js';
import { scenarioJson } from '../output/run-files.js';
import { costsHeader, costsRows, costsTypes, ensembleSweepTypes, pointsHeader, pointsRow, pointsSchema, sweepHeader, sweepRows, sweepSchema } from './csv.js';
import type { SweepPoint } from './design.js';
import { designJson, type SweepPlan } from './plan.js';
import type { SweepStore } from './store.js';

/**
 * Running a sweep into its store (store.ts), so that it can be resumed: open() says which points are still to run,
 * runPoints() runs them point by point, assemble() writes the outputs once every point is finished. Started again
 * after an interruption with the same plan, a sweep runs only the points not yet finished, and its outputs are the
 * same bytes as an uninterrupted sweep's.
 */

/**
 * What identifies a sweep for resuming: the homeward version, the resolved base scenario (with the seed, reps,
 * agents, months and the sweep block) and the design with every point. Threads are not part of it: they do not
 * change the outputs.
 */
function manifest(plan: SweepPlan): string {
  return JSON.stringify({ homeward: packageVersion(), design: designJson(plan), scenario: plan.base }, null, 2) + '\n';
}

/**
 * Prepares the store for the plan and returns the points still to run, in point order. A store holding a sweep of
 * another plan is a UsageError unless `fresh`, which discards it.
 */
export async function openSweep(plan: SweepPlan, store: SweepStore, fresh: boolean): Promise<SweepPoint[]> {
  const done = await store.open(manifest(plan), plan.points.length, fresh);
  return plan.points.filter((p) => !done.has(p.point));
}

export interface SweepRunOptions extends EvaluateOptions {
  /** Called when a point is finished (its rows and points.csv row stored); the sweep waits for it. */
  readonly onPoint?: (point: SweepPoint) => void | Promise<void>;
}

/**
 * Runs every replication of the points on the evaluator (results taken in point order, a point's reps 0..reps-1
 * before the next point's), streams each point's rows to its file in the store and marks the point finished when its
 * last rep is written. Stopped early, the point being written is discarded; finished points stay.
 */
export async function runPoints(plan: SweepPlan, store: SweepStore, todo: readonly SweepPoint[], evaluator: Evaluator<CreatorSnapshot>, options: SweepRunOptions = {}): Promise<void> {
  const reps = plan.base.reps;
  const grid = new ExperimentGrid(
    todo.map((p) => plan.scenarios[p.point]!),
    plan.repSeeds,
  );
  let current: AtomicFile | undefined;
  let outcomes: Running[] = [];
  let perRep: number[][] = [];
  try {
    await evaluator.run(
      grid,
      async (result, i) => {
        const point = todo[grid.scenarioOf(i)]!;
        if (result.rep === 0) {
          current = await store.beginPoint(point.point);
          outcomes = OUTCOMES.map(() => new Running());
          perRep = [];
        }
        const member = plan.ensemble?.members[point.point];
        await current!.write(sweepRows(point.point, point.values, result, member));
        const own = outcomesOf(result.columns, result.months);
        own.forEach((x, k) => outcomes[k]!.add(x));
        perRep.push(own);
        if (result.rep < reps - 1) return;
        await store.finishPoint(point.point, current!, perRep, pointsRow(point.point, point.values, reps, outcomes.map((a) => a.interval()), plan.ensemble?.members[point.point]));
        current = undefined;
        await options.onPoint?.(point);
      },
      options,
    );
  } catch (err) {
    await current?.discard().catch(() => undefined);
    throw err;
  }
}

/**
 * Writes the outputs from the finished points into the store's temporary output directory: sweep.csv and points.csv
 * in point order, scenario.json (the base with the sweep it ran, to rerun it) and design.json; with an ensemble,
 * ensemble-sweep.csv, summarised from the points' rows kept in the store (the same text whatever the format). The
 * tables are Parquet files with `parquet`. Returns that directory (charts may follow before store.commit()).
 */
export async function assembleSweep(plan: SweepPlan, store: SweepStore, format: OutputFormat = 'csv'): Promise<string> {
  const paths = plan.params.map((p) => p.path);
  const ensemble = plan.ensemble !== undefined;
  const dir = await store.assemble(
    plan.points.length,
    { sweep: sweepHeader(paths, ensemble), points: pointsHeader(paths, ensemble) },
    { 'scenario.json': scenarioJson(plan.base), 'design.json': JSON.stringify(designJson(plan), null, 2) + '\n' },
    format === 'parquet' ? { sweep: sweepSchema(plan.params, ensemble), points: pointsSchema(plan.params, ensemble) } : undefined,
  );
  if (plan.ensemble) {
    const summary = ensembleSweepCsv(plan, await store.pointsRows(plan.points.length));
    await writeOutputFile(store.file('ensemble-sweep.csv'), summary, format, ensembleSweepTypes(plan.params));
  }
  const costs = await sweepCosts(plan, store);
  if (costs !== undefined) await writeOutputFile(store.file('costs.csv'), costs, format, costsTypes(plan.params, ensemble));
  return dir;
}

/**
 * costs.csv: every design point's costs per person (analysis/costs.ts) against the first design point (in the same
 * world, with an ensemble), paired by replication: every point runs with the same replication seeds (common random
 * numbers). Undefined when the sweep has a single design point.
 */
async function sweepCosts(plan: SweepPlan, store: SweepStore): Promise<string | undefined> {
  const worlds = plan.ensemble?.ensemble.members.length ?? 1;
  if (plan.points.length <= worlds) return undefined;
  let text = costsHeader(plan.params.map((p) => p.path), plan.ensemble !== undefined);
  const references = new Map<number, number[][]>();
  for (let w = 0; w < worlds; w++) references.set(w, await store.pointOutcomes(w));
  for (const point of plan.points.slice(worlds)) {
    const reference = point.point % worlds;
    const costs = pairedCosts(references.get(reference)!, await store.pointOutcomes(point.point));
    text += costsRows(point.point, point.values, reference, costs, plan.ensemble?.members[point.point]);
  }
  return text;
}

/**
 * ensemble-sweep.csv: per design point and headline outcome, the outcome across the worlds (each world's mean over its
 * replications, as points.csv has it, from its rows in point order): the mean, the 5% and 95% of the worlds, and the
 * worlds with a value.
 */
export function ensembleSweepCsv(plan: SweepPlan, pointsRows: readonly string[]): string {
  const rows = pointsRows.map((l) => l.split(','));
  const paths = plan.params.map((p) => p.path);
  const first = 2 + paths.length + 1; // point, member, params, reps
  const worlds = plan.ensemble!.ensemble.members.length;
  const lines = [['design_point', ...paths, 'outcome', 'worlds', 'mean', 'p05', 'p95'].join(',')];
  for (let p = 0; p < plan.ensemble!.designPoints; p++) {
    const own = rows.slice(p * worlds, (p + 1) * worlds);
    OUTCOMES.forEach((o, k) => {
      const a = acrossWorlds(own.map((r) => (r[first + 3 * k] === '' ? NaN : Number(r[first + 3 * k]))));
      lines.push([p, ...own[0]!.slice(2, 2 + paths.length), o.name, a.worlds, formatNumber(a.mean), formatNumber(a.p05), formatNumber(a.p95)].join(','));
    });
  }
  return lines.join('\n') + '\n';
}
