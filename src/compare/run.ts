import type { CreatorSnapshot } from '../model/definition.js';
import { performance } from 'node:perf_hooks';
import { outcomesOf } from '../analysis/outcomes.js';
import { SummaryAccumulator } from '../analysis/summary.js';
import type { EvaluateOptions, Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import type { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { runInfo, RunWriter } from '../output/run-files.js';
import { parseMonth } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';
import { COMPARE_TYPES, compareCsv, compareOutcomes, type Comparison } from './results.js';

/** compare.json: what was compared, for the charts and for reading the directory back. */
export interface CompareInfo {
  reference: string;
  /** Each scenario: its name, the file it was loaded from, and its run directory (relative to compare.json). */
  scenarios: { name: string; file: string; dir: string }[];
  reps: number;
  seed: number;
  rep_seeds: number[];
}

export interface CompareOptions extends EvaluateOptions {
  /** The tables' format: CSV (default) or Parquet. */
  readonly format?: OutputFormat;
}

export interface Compared {
  readonly comparison: Comparison;
  readonly info: CompareInfo;
}

/**
 * Runs a comparison (resolveComparison's scenarios, loaded from `files`, the first the reference) into `dir`, a
 * created output directory: every scenario's replications in one batch (all cores busy across scenarios), each
 * scenario's run directory written inside it exactly as `homeward run` writes one, then compare.csv and
 * compare.json. The caller commits `dir`.
 */
export async function runComparison(files: readonly string[], scenarios: readonly Scenario[], dir: RunDir, evaluator: Evaluator<CreatorSnapshot>, options: CompareOptions = {}): Promise<Compared> {
  const format = options.format ?? 'csv';
  const reference = scenarios[0]!;
  const { reps, seed } = reference;
  const seeds = repSeeds(seed, reps);
  const start = parseMonth(reference.start);
  const months = scenarioMonths(reference);
  // Each scenario's run directory is built inside the comparison's temporary directory, so nothing is visible
  // under <out> until the whole comparison is complete.
  const writers = scenarios.map((s) => new RunWriter(dir.temp, s, format));
  for (const w of writers) await w.open();

  let started = new Date();
  let t0 = performance.now();
  const outcomes = scenarios.map(() => [] as number[][]);
  let acc = new SummaryAccumulator(start, months);
  let agentSteps = 0;
  const grid = new ExperimentGrid(scenarios, seeds);
  await evaluator.run(
    grid,
    async (result, i) => {
      const s = grid.scenarioOf(i);
      outcomes[s]!.push(outcomesOf(result.columns, result.months));
      acc.add(result);
      agentSteps += result.agentSteps;
      await writers[s]!.writeRep(result);
      if (result.rep < reps - 1) return;
      // The scenario's last rep: its run directory is complete. Results arrive in scenario order, so its wall time
      // is from the previous scenario's completion to now (the batch overlaps them a little).
      const wall = (performance.now() - t0) / 1000;
      const finished = new Date();
      await writers[s]!.finish(scenarios[s]!, acc.summary(), runInfo(scenarios[s]!, { threads: evaluator.threads, agentSteps, wall, started, finished }));
      acc = new SummaryAccumulator(start, months);
      agentSteps = 0;
      started = finished;
      t0 = performance.now();
    },
    options,
  );

  const comparison = compareOutcomes(scenarios.map((s, i) => ({ name: s.name, outcomes: outcomes[i]! })));
  const info: CompareInfo = {
    reference: reference.name,
    scenarios: scenarios.map((s, i) => ({ name: s.name, file: files[i]!, dir: s.name })),
    reps,
    seed,
    rep_seeds: seeds,
  };
  await writeOutputFile(dir.file('compare.csv'), compareCsv(comparison), format, COMPARE_TYPES);
  await writeOutputFile(dir.file('compare.json'), JSON.stringify(info, null, 2) + '\n', format);
  return { comparison, info };
}
