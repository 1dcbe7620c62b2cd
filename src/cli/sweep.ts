import { scenarioMonths } from '../engine/experiment.js';
import type { OutputFormat } from '../output/parquet.js';
import type { SweepPoint } from '../sweep/design.js';
import { planSweep, type SweepSpec } from '../sweep/plan.js';
import { assembleSweep, openSweep, runPoints } from '../sweep/run.js';
import { SweepStore } from '../sweep/store.js';
import { settingsSummary, settingsWarning } from '../scenario/ensemble-settings.js';
import { runResumable, type ResumableArgs } from './resumable.js';

export interface SweepArgs extends SweepSpec, ResumableArgs {
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
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
 * arguments, it runs only the points not yet finished. Prints the output directory (over an ensemble, first the
 * settings its worlds ran at; a run at other settings than they were matched at is one warning on stderr).
 */
export async function sweepCommand(args: SweepArgs): Promise<SweepResult> {
  const plan = await planSweep(args);
  const warning = plan.ensemble ? settingsWarning(plan.ensemble.ensemble.file, plan.ensemble.settings) : undefined;
  if (warning) process.stderr.write(warning + '\n');
  const store = new SweepStore(args.out, plan.name);
  let todo: SweepPoint[] = [];
  const { ran } = await runResumable(args, {
    what: 'sweep',
    store,
    name: plan.name,
    points: plan.points.length,
    reps: plan.base.reps,
    months: scenarioMonths(plan.base),
    open: async () => {
      todo = await openSweep(plan, store, args.fresh);
      return plan.points.length - todo.length;
    },
    run: (evaluator, options) => runPoints(plan, store, todo, evaluator, options),
    assemble: async () => ({ dir: await assembleSweep(plan, store, args.format), result: undefined }),
    print: () => process.stdout.write((plan.ensemble ? settingsSummary(plan.ensemble.ensemble.file, plan.ensemble.settings) + '\n' : '') + store.path + '\n'),
  });
  return { path: store.path, points: plan.points.length, ran };
}
