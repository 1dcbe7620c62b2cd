import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { planHistoryMatch, runHistoryMatch, type HistoryMatchSpec } from '../calibrate/history-match.js';
import { HISTORY_MATCH_TYPES, historyMatchFiles, historyMatchSummary } from '../calibrate/history-match-output.js';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { evaluatorFor, type ExecutorArgs } from './executor.js';
import { interruptible } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress } from './progress.js';

export interface HistoryMatchArgs extends HistoryMatchSpec, ExecutorArgs {
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  readonly plot?: boolean;
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
export async function historyMatchCommand(args: HistoryMatchArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<HistoryMatchCommandResult> {
  const plan = await planHistoryMatch(args);
  const reps = plan.base.reps;
  const months = scenarioMonths(plan.base);
  const show = process.stderr.isTTY === true && !args.quiet;
  const dir = new RunDir(args.out, plan.name);
  // The bar counts runs up to every wave and the final check; a match that stops early stops short of it.
  const progress = createProgress(show, (plan.waves * plan.runsPerWave + plan.finalRuns) * reps, months, 'runs');
  const executor = await evaluatorFor(args, { out: args.out, name: plan.name, tasks: plan.runsPerWave * reps, threads: args.threads, scenario: { file: args.scenario, set: args.set } });
  const threads = executor.threads;
  return closing(executor, (evaluator) =>
    interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
      await dir.create(); // the output location is checked (and stale commits recovered) before anything runs
      const t0 = performance.now();
      let note = '';
      const matched = await runHistoryMatch(plan, evaluator, {
        signal,
        onProgress: (done) => progress.update(done, note),
        onWave: (w) => (note = `wave ${w.wave}: ${Number((100 * w.volumeAfter).toPrecision(3))}% of the space kept`),
      });
      const wall = (performance.now() - t0) / 1000;
      for (const [name, text] of Object.entries(historyMatchFiles(plan, matched, dir.path, { threads, wall }))) {
        await mkdir(dirname(dir.file(name)), { recursive: true });
        await writeOutputFile(dir.file(name), text, args.format ?? 'csv', HISTORY_MATCH_TYPES[name]);
      }
      await life.drawAndCommit(args.plot !== false ? () => plotOutput(dir.temp, signal) : undefined, () => dir.commit());
      await executor.finish();
      progress.stop();
      print(historyMatchSummary(plan, matched, join(dir.path, 'ensemble.yaml')));
      if (show) process.stderr.write(`${matched.runs.length} points × ${reps} reps × ${months} months, ${wall.toFixed(1)} s\n`);
      return { path: dir.path, members: matched.ensemble.length, waves: matched.result.waves.length };
    }),
  );
}
