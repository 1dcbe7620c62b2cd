import { performance } from 'node:perf_hooks';
import { Lifecycle } from './interrupt.js';
import { plotOutput } from './plot.js';
import { OUTCOMES, outcomesOf } from '../analysis/outcomes.js';
import { Running } from '../analysis/paired.js';
import { forEachRun, scenarioMonths, threadCount } from '../engine/replicate.js';
import type { RepResult } from '../model/definition.js';
import type { AtomicFile } from '../output/atomic.js';
import { scenarioJson } from '../output/run-files.js';
import { pointsHeader, pointsRow, sweepHeader, sweepRows } from '../sweep/csv.js';
import { designJson, planSweep, type SweepArgs, type SweepPlan } from '../sweep/plan.js';
import { SweepStore } from '../sweep/store.js';
import { createProgress } from './progress.js';
import { packageVersion } from './version.js';
import { hold } from '../output/hold.js';

export type { SweepArgs } from '../sweep/plan.js';

export interface SweepResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly points: number;
  /** Points run now (the others were finished by an interrupted earlier run). */
  readonly ran: number;
}


/**
 * What identifies a sweep for resuming: the homeward version, the resolved base scenario (with the seed, reps,
 * agents, months and the sweep block) and the design with every point. Threads are not part of it: they do not
 * change the outputs.
 */
function manifest(plan: SweepPlan): string {
  return JSON.stringify({ homeward: packageVersion(), design: designJson(plan), scenario: plan.base }, null, 2) + '\n';
}

/**
 * `homeward sweep`: runs every point × replication of the design on one pool of worker threads (tasks in point
 * order, results taken in that order whatever thread finishes first), streams each point's rows to its file in the
 * work directory, marks the point finished when its last rep is written, and at the end assembles sweep.csv,
 * points.csv, scenario.json and design.json into `<out>/<name>/`. Started again after an interruption with the same
 * arguments, it runs only the points not yet finished; the outputs are the same bytes as an uninterrupted sweep.
 * Prints the output directory.
 */
export async function sweepCommand(args: SweepArgs): Promise<SweepResult> {
  const plan = await planSweep(args);
  const { base, params, points, scenarios } = plan;
  const reps = base.reps;
  const months = scenarioMonths(base);
  const store = new SweepStore(args.out, plan.name);
  const show = process.stderr.isTTY === true && !args.quiet;

  let progress = createProgress(false, 1, 1);
  let current: AtomicFile | undefined;
  let finished = 0;
  const life = new Lifecycle({
    stopProgress: () => progress.stop(),
    discardSync: () => store.discardSync(), // removes the point being written; finished points stay
    interruptedNote: () => `sweep interrupted: ${finished} of ${points.length} points finished, kept in ${store.partial}; run the same command again to resume`,
  });

  return life.run(async (signal) => {
    const done = await life.track(store.open(manifest(plan), points.length, args.fresh));
    finished = done.size;
    const todo = points.filter((p) => !done.has(p.point));
    const tasks = todo.length * reps;
    const threads = tasks > 0 ? threadCount({ reps: tasks, threads: args.threads }) : 1;
    progress = createProgress(show, tasks, months, 'runs');
    const t0 = performance.now();
    let acc: Running[] = [];

    // Results come in task order: a point's reps 0..reps-1, then the next point's.
    const takeResult = async (result: RepResult, i: number): Promise<void> => {
      const point = todo[Math.floor(i / reps)]!;
      if (result.rep === 0) {
        current = await store.beginPoint(point.point);
        acc = OUTCOMES.map(() => new Running());
      }
      await current!.write(sweepRows(point.point, point.values, result));
      outcomesOf(result.columns, result.months).forEach((x, k) => acc[k]!.add(x));
      if (result.rep < reps - 1) return;
      await store.finishPoint(point.point, current!, pointsRow(point.point, point.values, reps, acc.map((a) => a.interval())));
      current = undefined;
      finished++;
      if (finished === 1) await hold('simulating');
    };

    try {
      await forEachRun(
        tasks,
        (i) => ({ scenario: scenarios[todo[Math.floor(i / reps)]!.point]!, rep: i % reps, seed: plan.repSeeds[i % reps]! }),
        { threads, signal, onProgress: (n) => progress.update(n) },
        (result, i) => {
          signal.throwIfAborted(); // results that arrived before an interruption are not written
          return life.track(takeResult(result, i));
        },
      );
    } catch (err) {
      await current?.discard().catch(() => undefined);
      throw err;
    }

    const paths = params.map((p) => p.path);
    const dir = await life.track(
      store.assemble(
        points.length,
        { sweep: sweepHeader(paths), points: pointsHeader(paths) },
        { 'scenario.json': scenarioJson(base), 'design.json': JSON.stringify(designJson(plan), null, 2) + '\n' },
      ),
    );
    if (args.plot !== false) {
      // Charts are drawn inside the temporary directory, so the sweep appears complete or not at all.
      life.drawing();
      await plotOutput(dir, signal);
    }
    await life.commit(() => store.commit());
    await hold('done');
    progress.stop();
    process.stdout.write(store.path + '\n');
    if (show) {
      const resumed = done.size > 0 ? ` (resumed: ${done.size} points were already finished)` : '';
      process.stderr.write(`${todo.length} points × ${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s${resumed}\n`);
    }
    return { path: store.path, points: points.length, ran: todo.length };
  });
}
