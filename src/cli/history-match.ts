import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { planHistoryMatch, runHistoryMatch, type HistoryMatchSpec } from '../calibrate/history-match.js';
import { HISTORY_MATCH_TYPES, historyMatchFiles, historyMatchSummary } from '../calibrate/history-match-output.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { runSimulation, type RunnerArgs } from './runner.js';

export interface HistoryMatchArgs extends HistoryMatchSpec, RunnerArgs {
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
}

export interface HistoryMatchCommandResult {
  readonly path: string;
  readonly members: number;
  readonly waves: number;
}

/**
 * `homeward calibrate --method history-matching`: waves of runs, emulators and implausibility (src/calibrate/
 * history-match.ts) on one pool of worker threads; at the end ensemble.yaml, members/, waves.csv, emulators.csv,
 * runs.csv, checked.csv, scenario.json, history-match.json and the charts go into `<out>/<name>/`, all at once. Prints
 * the waves, the ensemble's ranges and the path of ensemble.yaml.
 */
export async function historyMatchCommand(args: HistoryMatchArgs, print?: (text: string) => void): Promise<HistoryMatchCommandResult> {
  const plan = await planHistoryMatch(args);
  const reps = plan.base.reps;
  const months = scenarioMonths(plan.base);
  const dir = new RunDir(args.out, plan.name);
  const { result: matched } = await runSimulation(
    args,
    {
      name: plan.name,
      output: dir,
      executor: { file: args.scenario, settings: plan.executor },
      open: async () => {
        await dir.create(); // the output location is checked (and stale commits recovered) before anything runs
        // The progress counts runs up to every wave and the final check; a match that stops early stops short of it.
        return { tasks: (plan.waves * plan.runsPerWave + plan.finalRuns) * reps, months, unit: 'runs', batch: plan.runsPerWave * reps };
      },
      simulate: (evaluator, { signal, onProgress, note }) =>
        runHistoryMatch(plan, evaluator, {
          signal,
          onProgress,
          onWave: (w) => note(`wave ${w.wave}: ${Number((100 * w.volumeAfter).toPrecision(3))}% of the space kept`),
        }),
      write: async (matched, { threads, wall }) => {
        for (const [name, text] of Object.entries(historyMatchFiles(plan, matched, dir.path, { threads, wall }))) {
          await mkdir(dirname(dir.file(name)), { recursive: true });
          await writeOutputFile(dir.file(name), text, args.format ?? 'csv', HISTORY_MATCH_TYPES[name]);
        }
      },
      print: (matched) => historyMatchSummary(plan, matched, join(dir.path, 'ensemble.yaml')),
      summary: (matched, { wall }) => `${matched.runs.length} points × ${reps} reps × ${months} months, ${wall.toFixed(1)} s`,
    },
    print,
  );
  return { path: dir.path, members: matched.ensemble.length, waves: matched.result.waves.length };
}
