import { scenarioMonths } from '../engine/experiment.js';
import { formatNumber } from '../output/csv.js';
import type { OutputFormat } from '../output/parquet.js';
import type { SweepPoint } from '../sweep/design.js';
import { planSweep, type SweepPlan, type SweepSpec } from '../sweep/plan.js';
import { assembleSweep, openSweep, runPoints } from '../sweep/run.js';
import { SweepStore } from '../sweep/store.js';
import { settingsSummary, settingsWarning } from '../scenario/ensemble-settings.js';
import { countingOf } from '../scenario/scale.js';
import { runResumable, type ResumableArgs } from './resumable.js';
import { checkSort, sweepTable, type SweepRow } from './tables.js';

export interface SweepArgs extends SweepSpec, ResumableArgs {
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** A headline outcome: the table lists the points by its mean, highest first (--sort). */
  readonly sort?: string;
}

export interface SweepResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly points: number;
  /** Points run now (the others were finished by an interrupted earlier run). */
  readonly ran: number;
}

/** Every point of the sweep as its table shows it: its values (and world) and its replications' outcomes. */
async function sweepRows(plan: SweepPlan, store: SweepStore): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const p of plan.points) {
    const values = plan.params.map((param, i) => `${param.path}=${typeof p.values[i] === 'number' ? formatNumber(p.values[i]) : p.values[i]}`).join(', ');
    const world = plan.ensemble ? ` (world ${plan.ensemble.members[p.point]})` : '';
    rows.push({ label: `point ${p.point}${world}: ${values}`, outcomes: await store.pointOutcomes(p.point) });
  }
  return rows;
}

/**
 * `homeward sweep`: runs every point × replication of the design (src/sweep/run.ts) through the runner (runner.ts),
 * keeping finished points in `<out>/.<name>.partial/`, and at the end assembles sweep.csv, points.csv, scenario.json
 * and design.json (and the charts) into `<out>/<name>/`. Started again after an interruption with the same
 * arguments, it runs only the points not yet finished. Prints a table of points × headline outcomes (by --sort when
 * given) and the output directory (over an ensemble, first the settings its worlds ran at; a run at other settings
 * than they were matched at is one warning on stderr).
 */
export async function sweepCommand(args: SweepArgs, print?: (text: string) => void): Promise<SweepResult> {
  const sort = checkSort(args.sort);
  const plan = await planSweep(args);
  const warning = plan.ensemble ? settingsWarning(plan.ensemble.ensemble.file, plan.ensemble.settings) : undefined;
  if (warning) process.stderr.write(warning + '\n');
  const store = new SweepStore(args.out, plan.name);
  let todo: SweepPoint[] = [];
  const { ran } = await runResumable(
    args,
    {
      what: 'sweep',
      store,
      name: plan.name,
      executor: plan.executor,
      points: plan.points.length,
      reps: plan.base.reps,
      months: scenarioMonths(plan.base),
      open: async () => {
        todo = await openSweep(plan, store, args.fresh);
        return plan.points.length - todo.length;
      },
      run: (evaluator, options) => runPoints(plan, store, todo, evaluator, options),
      assemble: async () => {
        await assembleSweep(plan, store, args.format);
        return sweepRows(plan, store);
      },
      print: (rows) =>
        sweepTable(rows, plan.base.reps, countingOf(plan.base), sort) +
        (plan.ensemble ? '\n' + settingsSummary(plan.ensemble.ensemble.file, plan.ensemble.settings) + '\n' : '') +
        store.path +
        '\n',
    },
    print,
  );
  return { path: store.path, points: plan.points.length, ran };
}
