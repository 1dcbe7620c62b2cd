import { performance } from 'node:perf_hooks';
import { evaluateExpr } from '../calibrate/expression.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from '../calibrate/targets.js';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import type { CreatorSnapshot } from '../model/definition.js';
import { hold } from '../output/hold.js';
import { UsageError } from '../scenario/errors.js';
import { headlineOutcomes, type Measures, type RunOutcome } from '../sensitivity/outcomes.js';
import { planSensitivity, type SensitivitySpec } from '../sensitivity/plan.js';
import { rankingTable, sensitivityJson } from '../sensitivity/results.js';
import { assembleSensitivity, openSensitivity, runSensitivity } from '../sensitivity/run.js';
import { SensitivityStore } from '../sensitivity/store.js';
import { evaluatorFor, type ExecutorArgs } from './executor.js';
import { Lifecycle } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress } from './progress.js';

export interface SensitivityArgs extends SensitivitySpec, ExecutorArgs {
  /** A targets file whose expressions are measured too. */
  readonly targets?: string;
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  readonly fresh: boolean;
  readonly plot?: boolean;
  /** Only csv: the files of a sensitivity analysis are small. */
  readonly format?: 'csv' | 'parquet';
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
export async function sensitivityCommand(args: SensitivityArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<SensitivityResult> {
  if (args.format === 'parquet') throw new UsageError('sensitivity writes CSV only (its tables are small): leave out --format parquet');
  const plan = await planSensitivity(args, await measures(args.targets));
  const reps = plan.seeds.length;
  const months = scenarioMonths(plan.base);
  const total = plan.values.length;
  const store = new SensitivityStore(args.out, plan.name);
  const show = process.stderr.isTTY === true && !args.quiet;

  let progress = createProgress(false, 1, 1);
  let finished = 0;
  const life = new Lifecycle({
    stopProgress: () => progress.stop(),
    discardSync: () => store.discardSync(),
    interruptedNote: () => `sensitivity analysis interrupted: ${finished} of ${total} points finished, kept in ${store.partial}; run the same command again to resume`,
  });

  return life.run(async (signal) => {
    const done = await openSensitivity(plan, store, args.fresh);
    finished = done;
    const tasks = (total - done) * reps;
    progress = createProgress(show, tasks, months, 'runs');
    const started = new Date();
    const t0 = performance.now();
    const executor = evaluatorFor(args, { out: args.out, name: plan.name, tasks: Math.max(1, tasks), threads: args.threads, fresh: args.fresh });
    const threads = executor.threads;
    if (done < total) {
      await closing(executor, (evaluator) =>
        runSensitivity(plan, store, done, evaluator, {
          signal,
          onProgress: (n) => progress.update(n),
          onPoint: async () => {
            finished++;
            if (finished === done + 1) await hold('simulating');
          },
        }),
      );
    }
    const wall = (performance.now() - t0) / 1000;
    const json = sensitivityJson(plan, { threads, wall, ran: total - done, started, finished: new Date() });
    const { dir, rows } = await assembleSensitivity(plan, store, { 'sensitivity.json': json });
    if (args.plot !== false) {
      life.drawing();
      await plotOutput(dir, signal);
    }
    await life.commit(() => store.commit());
    await executor.finish();
    await hold('done');
    progress.stop();
    const headline = plan.outcomes.slice(0, headlineOutcomes().length);
    print(rankingTable(rows, headline, plan.method) + `all ${plan.outcomes.length} outcomes and ${plan.factors.length} parameters: sensitivity.csv\n` + store.path + '\n');
    if (show) {
      const note = done > 0 ? ` (resumed: ${done} points were already finished)` : '';
      process.stderr.write(`${total - done} points × ${reps} reps × ${months} months, ${wall.toFixed(1)} s${note}\n`);
    }
    return { path: store.path, points: total, ran: total - done };
  });
}
