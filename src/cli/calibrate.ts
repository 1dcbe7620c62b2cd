import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { calibrationFiles, calibrationSummary, TRACE_TYPES } from '../calibrate/calibrate-output.js';
import { CHECK_TYPES, checkTable } from '../calibrate/check-output.js';
import { designSize } from '../calibrate/optimise.js';
import { planCalibration, type CalibrationSpec } from '../calibrate/plan.js';
import { calibrate } from '../calibrate/search.js';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { readable } from '../output/readable.js';
import { interruptible } from './interrupt.js';
import { evaluatorFor, type ExecutorArgs } from './executor.js';
import { createProgress } from './progress.js';
import { plotOutput } from './plot.js';

export interface CalibrateArgs extends CalibrationSpec, ExecutorArgs {
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

export interface CalibrateResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly values: readonly number[];
  readonly distance: number;
  readonly evaluations: number;
}

/**
 * `homeward calibrate`: searches the free parameters for the best fit to the targets (src/calibrate/search.ts), all
 * evaluations on one pool of worker threads. Writes best.yaml, trace.csv, best-check.csv, calibrate.json, the charts
 * and report.html into `<out>/<name>/` at the end, all at once; prints the result and the path of best.yaml.
 */
export async function calibrateCommand(args: CalibrateArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<CalibrateResult> {
  const plan = await planCalibration(args);
  const reps = plan.base.reps;
  const months = scenarioMonths(plan.base);
  const show = process.stderr.isTTY === true && !args.quiet;
  const dir = new RunDir(args.out, plan.name);

  // The bar counts evaluations (each reps × months) up to the budget; a search that converges stops short of it.
  const progress = createProgress(show, plan.budget, reps * months, 'evaluations');
  // One pool for the whole search, sized for its largest batch (the design): evaluations come one or a few at a time.
  const executor = await evaluatorFor(args, {
    out: args.out,
    name: plan.name,
    tasks: designSize(plan.free.length, plan.budget) * reps,
    threads: args.threads,
    scenario: { file: args.scenario, set: args.set },
  });
  const threads = executor.threads;
  return closing(executor, (evaluator) =>
    interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
      await dir.create(); // the output location is checked (and stale commits recovered) before the search runs
      const t0 = performance.now();
      const calibration = await calibrate(plan, evaluator, {
        signal,
        onProgress: (done, best) => progress.update(done, best === undefined ? '' : `best ${readable(best)}`),
      });
      const wall = (performance.now() - t0) / 1000;
      for (const [name, text] of Object.entries(calibrationFiles(plan, calibration, { dir: dir.path, threads, wall }))) {
        await writeOutputFile(dir.file(name), text, args.format ?? 'csv', name === 'trace.csv' ? TRACE_TYPES : CHECK_TYPES);
      }
      // Drawn from the files just written, as `homeward plot` and `homeward report` draw them.
      await life.drawAndCommit(args.plot !== false ? () => plotOutput(dir.temp, signal) : undefined, () => dir.commit());
      await executor.finish();
      progress.stop();

      const { best, search } = calibration;
      print(calibrationSummary(plan, calibration) + '\n' + checkTable(best.results, best.distance) + path.join(dir.path, 'best.yaml') + '\n');
      if (show) process.stderr.write(`${search.trace.length} evaluations × ${reps} reps × ${months} months, ${wall.toFixed(1)} s\n`);
      return { path: dir.path, values: best.values, distance: best.distance, evaluations: search.trace.length };
    }),
  );
}
