import type { EvaluateOptions, Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid } from '../engine/experiment.js';
import { AtomicFile } from '../output/atomic.js';
import { replaceCsv, writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { scenarioJson } from '../output/run-files.js';
import { analyse } from './design.js';
import type { IndexRow } from './factors.js';
import type { SensitivityPlan } from './plan.js';
import { designJson, journalLine, manifest, parseJournalLine, runsHeader, runsRows, runsSchema, SENSITIVITY_TYPES, sensitivityCsv, type PointRuns } from './results.js';
import type { SensitivityStore } from './store.js';

/**
 * Running a sensitivity analysis into its store (store.ts), so that it can be resumed: openSensitivity() says how many
 * points are finished, runSensitivity() runs the rest, assembleSensitivity() writes the outputs once every point is
 * finished. Points finish in order (an evaluator delivers results in experiment order), so the finished points are
 * always the first ones.
 */

/**
 * Prepares the store for the plan and returns the number of points already finished (the first ones). A store of
 * another analysis is a UsageError unless `fresh`, which discards it.
 */
export async function openSensitivity(plan: SensitivityPlan<unknown>, store: SensitivityStore, fresh: boolean): Promise<number> {
  const lines = await store.open(manifest(plan), fresh);
  let done = 0;
  for (const line of lines) {
    const p = parseJournalLine(line);
    // The manifest matched, so the journal is this analysis's; a line that does not follow is not trusted.
    if (!p || p.point !== done || p.reps.length !== plan.seeds.length || p.reps.some((r) => r.length !== plan.outcomes.length)) {
      throw new Error(`${store.partial}/journal.jsonl: line ${done + 1} is not point ${done} of this analysis; add --fresh to start over`);
    }
    done++;
  }
  return Math.min(done, plan.values.length);
}

export interface SensitivityRunOptions extends EvaluateOptions {
  /** Called when a point is finished (its line in the journal, on disk); the run waits for it. */
  readonly onPoint?: (point: number) => void | Promise<void>;
}

/**
 * Runs every replication of the points from `from` on (each point's reps with the plan's seeds: common random
 * numbers), and appends each point to the journal when its last replication is in.
 */
export async function runSensitivity<Snapshot>(plan: SensitivityPlan<Snapshot>, store: SensitivityStore, from: number, evaluator: Evaluator<Snapshot>, options: SensitivityRunOptions = {}): Promise<void> {
  const reps = plan.seeds.length;
  const grid = new ExperimentGrid(plan.scenarios.slice(from), plan.seeds);
  let current: number[][] = [];
  await evaluator.run(
    grid,
    async (result, i) => {
      current.push(plan.outcomes.map((o) => o.value(result)));
      if (result.rep < reps - 1) return;
      const point = from + grid.scenarioOf(i);
      await store.append(journalLine({ point, reps: current }));
      current = [];
      await options.onPoint?.(point);
    },
    options,
  );
}

export interface Assembled {
  /** The temporary output directory (charts may follow before store.commit()). */
  readonly dir: string;
  readonly rows: readonly IndexRow[];
}

/**
 * Writes the outputs from the journal into the store's temporary output directory: runs.csv (point by point),
 * sensitivity.csv (the indices, from each point's replications), design.json and scenario.json, and the
 * given extra files. Everything but the extra files depends only on the plan and the journal, not on the format of
 * the tables (`parquet`: runs.parquet and sensitivity.parquet in place of the CSVs), so an analysis may be resumed
 * in either format.
 */
export async function assembleSensitivity(plan: SensitivityPlan<unknown>, store: SensitivityStore, extra: Readonly<Record<string, string>> = {}, format: OutputFormat = 'csv'): Promise<Assembled> {
  const points: PointRuns[] = [];
  for (const line of await store.lines()) {
    const p = parseJournalLine(line);
    if (p && p.point === points.length) points.push(p);
  }
  if (points.length < plan.values.length) throw new Error(`the journal holds ${points.length} of ${plan.values.length} points; the analysis is not finished`);
  points.length = plan.values.length;

  const runs = await AtomicFile.open(store.file('runs.csv'));
  try {
    await runs.write(runsHeader(plan));
    for (const p of points) await runs.write(runsRows(plan, p));
    await runs.commit();
  } catch (err) {
    await runs.discard();
    throw err;
  }
  if (format === 'parquet') await replaceCsv(runs.path, runsSchema(plan));

  // Every replication's value: Morris works on the points' means, Sobol also estimates the replication noise.
  const outputs = Object.fromEntries(plan.outcomes.map((o, k) => [o.name, points.map((p) => p.reps.map((rep) => rep[k]!))]));
  const rows = analyse(plan.design, outputs);
  await writeOutputFile(store.file('sensitivity.csv'), sensitivityCsv(rows), format, SENSITIVITY_TYPES);
  await store.write({
    'design.json': designJson(plan),
    'scenario.json': scenarioJson(plan.base),
    ...extra,
  });
  return { dir: store.temp, rows };
}
