import path from 'node:path';
import { calibrationFiles, calibrationSummary, TRACE_TYPES } from '../calibrate/calibrate-output.js';
import { CHECK_TYPES, checkTable } from '../calibrate/check-output.js';
import { designSize } from '../calibrate/optimise.js';
import { planCalibration, type CalibrationSpec } from '../calibrate/plan.js';
import { calibrate, type Calibration } from '../calibrate/search.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { readable } from '../output/readable.js';
import { runSimulation, type RunnerArgs } from './runner.js';

export interface CalibrateArgs extends CalibrationSpec, RunnerArgs {
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
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
export async function calibrateCommand(args: CalibrateArgs, print?: (text: string) => void): Promise<CalibrateResult> {
  const plan = await planCalibration(args);
  const reps = plan.base.reps;
  const months = scenarioMonths(plan.base);
  const dir = new RunDir(args.out, plan.name);
  const { result: calibration } = await runSimulation<Calibration>(
    args,
    {
      name: plan.name,
      output: dir,
      executor: { file: args.scenario, settings: plan.executor },
      open: async () => {
        await dir.create(); // the output location is checked (and stale commits recovered) before the search runs
        // The progress counts evaluations (each reps × months) up to the budget; a search that converges stops short of
        // it. One pool for the whole search, sized for its largest batch (the design): evaluations come one or a few at a time.
        return { tasks: plan.budget, months: reps * months, unit: 'evaluations', batch: designSize(plan.free.length, plan.budget) * reps };
      },
      simulate: (evaluator, { signal, onProgress, note }) =>
        calibrate(plan, evaluator, {
          signal,
          onProgress: (done, best) => {
            note(best === undefined ? '' : `best ${readable(best)}`);
            onProgress(done);
          },
        }),
      write: async (calibration, { threads, wall }) => {
        for (const [name, text] of Object.entries(calibrationFiles(plan, calibration, { dir: dir.path, threads, wall }))) {
          await writeOutputFile(dir.file(name), text, args.format ?? 'csv', name === 'trace.csv' ? TRACE_TYPES : CHECK_TYPES);
        }
      },
      print: (calibration) => calibrationSummary(plan, calibration) + '\n' + checkTable(calibration.best.results, calibration.best.distance) + path.join(dir.path, 'best.yaml') + '\n',
      summary: (calibration, { wall }) => `${calibration.search.trace.length} evaluations × ${reps} reps × ${months} months, ${wall.toFixed(1)} s`,
    },
    print,
  );
  const { best, search } = calibration;
  return { path: dir.path, values: best.values, distance: best.distance, evaluations: search.trace.length };
}
