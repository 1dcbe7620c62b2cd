import { evaluateExpr } from '../calibrate/expression.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from '../calibrate/targets.js';
import { scenarioMonths } from '../engine/experiment.js';
import type { CreatorSnapshot } from '../model/definition.js';
import type { OutputFormat } from '../output/parquet.js';
import { UsageError } from '../scenario/errors.js';
import type { IndexRow } from '../sensitivity/factors.js';
import { headlineOutcomes, type Measures, type RunOutcome } from '../sensitivity/outcomes.js';
import { planSensitivity, type SensitivitySpec } from '../sensitivity/plan.js';
import { rankingTable, sensitivityJson } from '../sensitivity/results.js';
import { assembleSensitivity, openSensitivity, runSensitivity } from '../sensitivity/run.js';
import { SensitivityStore } from '../sensitivity/store.js';
import { runResumable, type ResumableArgs } from './resumable.js';

export interface SensitivityArgs extends SensitivitySpec, ResumableArgs {
  /** A targets file whose expressions are measured too. */
  readonly targets?: string;
  /** Tables as CSV (default) or Parquet (--format); the journal of a resumable analysis is the same either way. */
  readonly format?: OutputFormat;
}

export interface SensitivityResult {
  readonly path: string;
  readonly points: number;
  /** Points run now (the others were finished by an interrupted earlier run). */
  readonly ran: number;
}

/** The headline outcomes, and with a targets file each target's expression (named by its id). */
async function measures(targetsFile: string | undefined): Promise<Measures<CreatorSnapshot>> {
  const headline = headlineOutcomes<CreatorSnapshot>();
  if (targetsFile === undefined) return { outcomes: headline };
  const targets = await loadTargets(targetsFile);
  const clash = targets.targets.find((t) => headline.some((o) => o.name === t.id));
  if (clash) throw new UsageError(`${targetsFile}: target id ${clash.id} is also the name of a headline outcome; rename the target`);
  const fromTargets: RunOutcome<CreatorSnapshot>[] = targets.targets.map((t) => ({ name: t.id, unit: '', value: (r) => evaluateExpr(t.expr, r) }));
  return {
    outcomes: [...headline, ...fromTargets],
    check: (base) => checkTargetsFit(targets, base),
    prepare: (s) => withTargetSnapshots(s, targets),
  };
}

/**
 * `homeward sensitivity`: a Morris or Sobol analysis of the headline outcomes (and a targets file's expressions) over
 * uncertain parameters (src/sensitivity/). Every point × replication runs on one pool of worker threads; finished
 * points are kept in `<out>/.<name>.partial/` so an interrupted analysis resumes; at the end runs.csv,
 * sensitivity.csv, design.json, scenario.json, sensitivity.json and the charts go into `<out>/<name>/`. Prints a
 * ranking per headline outcome and the output directory.
 */
export async function sensitivityCommand(args: SensitivityArgs, print?: (text: string) => void): Promise<SensitivityResult> {
  const plan = await planSensitivity(args, await measures(args.targets));
  const store = new SensitivityStore(args.out, plan.name);
  let from = 0;
  const { ran } = await runResumable<readonly IndexRow[]>(args, {
    what: 'sensitivity analysis',
    store,
    name: plan.name,
    executor: plan.executor,
    points: plan.values.length,
    reps: plan.seeds.length,
    months: scenarioMonths(plan.base),
    open: async () => (from = await openSensitivity(plan, store, args.fresh)),
    run: (evaluator, options) => runSensitivity(plan, store, from, evaluator, options),
    assemble: async (timing) => {
      const json = sensitivityJson(plan, { ...timing, finished: new Date() });
      return (await assembleSensitivity(plan, store, { 'sensitivity.json': json }, args.format)).rows;
    },
    print: (rows) => {
      const headline = plan.outcomes.slice(0, headlineOutcomes().length);
      return rankingTable(rows, headline, plan.method) + `all ${plan.outcomes.length} outcomes and ${plan.factors.length} parameters: sensitivity.${args.format ?? 'csv'}\n` + store.path + '\n';
    },
  }, print);
  return { path: store.path, points: plan.values.length, ran };
}
