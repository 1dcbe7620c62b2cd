import { performance } from 'node:perf_hooks';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import { hold } from '../output/hold.js';
import type { OutputFormat } from '../output/parquet.js';
import { planSweep, type SweepSpec } from '../sweep/plan.js';
import { assembleSweep, openSweep, runPoints } from '../sweep/run.js';
import { SweepStore } from '../sweep/store.js';
import { evaluatorFor, type ExecutorArgs } from './executor.js';
import { Lifecycle } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress } from './progress.js';
import { UsageError } from '../scenario/errors.js';

export interface SweepArgs extends SweepSpec, ExecutorArgs {
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** Discard an interrupted sweep of the same name instead of resuming it. */
  readonly fresh: boolean;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

export interface SweepResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly points: number;
  /** Points run now (the others were finished by an interrupted earlier run). */
  readonly ran: number;
}

/**
 * `homeward sweep`: runs every point × replication of the design on one pool of worker threads (src/sweep/run.ts),
 * keeping finished points in `<out>/.<name>.partial/`, and at the end assembles sweep.csv, points.csv, scenario.json
 * and design.json (and the charts) into `<out>/<name>/`. Started again after an interruption with the same
 * arguments, it runs only the points not yet finished. Prints the output directory.
 */
export async function sweepCommand(args: SweepArgs): Promise<SweepResult> {
  // ensemble-sweep.csv is summarised from points.csv, which a Parquet sweep does not write.
  if (args.ensemble !== undefined && args.format === 'parquet') throw new UsageError('sweep --ensemble writes CSV only: leave out --format parquet');
  const plan = await planSweep(args);
  const { base, points } = plan;
  const reps = base.reps;
  const months = scenarioMonths(base);
  const store = new SweepStore(args.out, plan.name);
  const show = process.stderr.isTTY === true && !args.quiet;

  let progress = createProgress(false, 1, 1);
  let finished = 0;
  const life = new Lifecycle({
    stopProgress: () => progress.stop(),
    discardSync: () => store.discardSync(), // removes the point being written; finished points stay
    interruptedNote: () => `sweep interrupted: ${finished} of ${points.length} points finished, kept in ${store.partial}; run the same command again to resume`,
  });

  return life.run(async (signal) => {
    const todo = await openSweep(plan, store, args.fresh);
    const resumed = points.length - todo.length;
    finished = resumed;
    const tasks = todo.length * reps;
    progress = createProgress(show, tasks, months, 'runs');
    const t0 = performance.now();
    const executor = evaluatorFor(args, { out: args.out, name: plan.name, tasks, threads: args.threads, fresh: args.fresh });
    await closing(executor, (evaluator) =>
      runPoints(plan, store, todo, evaluator, {
        signal,
        onProgress: (n) => progress.update(n),
        onPoint: async () => {
          finished++;
          if (finished === 1) await hold('simulating');
        },
      }),
    );

    const dir = await assembleSweep(plan, store, args.format);
    if (args.plot !== false) {
      // Charts are drawn inside the temporary directory, so the sweep appears complete or not at all.
      life.drawing();
      await plotOutput(dir, signal);
    }
    await life.commit(() => store.commit());
    await executor.finish();
    await hold('done');
    progress.stop();
    process.stdout.write(store.path + '\n');
    if (show) {
      const note = resumed > 0 ? ` (resumed: ${resumed} points were already finished)` : '';
      process.stderr.write(`${todo.length} points × ${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s${note}\n`);
    }
    return { path: store.path, points: points.length, ran: todo.length };
  });
}
