import { countingOf, personsPerAgent } from '../scenario/scale.js';
import { performance } from 'node:perf_hooks';
import {
  compareAcrossWorlds,
  ENSEMBLE_COMPARE_TYPES,
  ENSEMBLE_WORLDS_TYPES,
  ensembleCompareCsv,
  ensembleTable,
  ensembleWorldsCsv,
  memoLines,
  planEnsembleComparison,
  runEnsembleComparison,
} from '../compare/ensemble.js';
import { resolveComparison } from '../compare/plan.js';
import { closing } from '../engine/evaluator.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir, writeFileAtomic } from '../output/atomic.js';
import { writeOutputFile } from '../output/parquet.js';
import { loadEnsemble } from '../scenario/ensemble.js';
import { ensembleSettings, settingsSummary, settingsWarning, withMatchedSettings } from '../scenario/ensemble-settings.js';
import { checkOutputName } from '../scenario/options.js';
import { evaluatorFor } from './executor.js';
import type { CompareArgs } from './compare.js';
import { interruptible } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress } from './progress.js';

export interface EnsembleCompareResult {
  readonly path: string;
  readonly members: number;
}

/**
 * `homeward compare <scenarios> --ensemble FILE`: every scenario at every parameter set of the ensemble
 * (src/compare/ensemble.ts), on one pool of worker threads. Writes ensemble-compare.csv, ensemble-worlds.csv,
 * ensemble-compare.json and the charts into `<out>/<name>/` (default `compare-<reference>-ensemble`) at once, and
 * prints the table, the memo lines, the settings the worlds ran at and the directory. The worlds run at the settings
 * the ensemble was matched at (ensemble-settings.ts) unless options say otherwise; a run that differs is one warning.
 */
export async function ensembleCompareCommand(args: CompareArgs & { readonly ensemble: string }, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<EnsembleCompareResult> {
  checkOutputName(args.name);
  const ensemble = await loadEnsemble(args.ensemble);
  // The worlds run at the settings they were matched at, unless --agents, --months, --reps or --seed say otherwise.
  const options = withMatchedSettings(args, ensemble);
  const scenarios = await resolveComparison(args.scenarios, options);
  const plan = planEnsembleComparison(args.scenarios, scenarios, ensemble);
  // Once everything is checked: bad input is one error, not a warning and then the error.
  const settings = ensembleSettings(ensemble, options, scenarios[0]!);
  const warning = settingsWarning(ensemble.file, settings);
  if (warning) process.stderr.write(warning + '\n');
  const reference = scenarios[0]!;
  const reps = plan.seeds.length;
  const months = scenarioMonths(reference);
  const tasks = ensemble.members.length * scenarios.length * reps;
  const show = process.stderr.isTTY === true && !args.quiet;
  const name = args.name ?? `compare-${reference.name}-ensemble`;
  const dir = new RunDir(args.out, name);
  const progress = createProgress(show, tasks, months, 'runs');
  return interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
    await dir.create();
    const t0 = performance.now();
    const executor = await evaluatorFor(args, { out: args.out, name, tasks, threads: args.threads, scenario: { file: args.scenarios[0]!, set: args.set } });
    const outcomes = await closing(executor, (evaluator) =>
      runEnsembleComparison(plan, evaluator, { signal, onProgress: (done) => progress.update(done) }),
    );
    const comparison = compareAcrossWorlds(plan, outcomes);
    const info = {
      reference: reference.name,
      scenarios: scenarios.map((s, i) => ({ name: s.name, file: args.scenarios[i]! })),
      ensemble: { file: ensemble.file, paths: ensemble.paths, members: ensemble.members.map((m) => ({ member: m.member, values: Object.fromEntries(m.values) })) },
      reps,
      seed: reference.seed,
      rep_seeds: plan.seeds,
      agents: reference.population.agents,
      persons_per_agent: personsPerAgent(reference.population),
      scale: reference.scale,
      start: reference.start,
      end: reference.end,
      settings,
    };
    const format = args.format ?? 'csv';
    await writeOutputFile(dir.file('ensemble-compare.csv'), ensembleCompareCsv(comparison), format, ENSEMBLE_COMPARE_TYPES);
    await writeOutputFile(dir.file('ensemble-worlds.csv'), ensembleWorldsCsv(comparison), format, ENSEMBLE_WORLDS_TYPES);
    await writeFileAtomic(dir.file('ensemble-compare.json'), JSON.stringify(info, null, 2) + '\n');
    await life.drawAndCommit(args.plot !== false ? () => plotOutput(dir.temp, signal) : undefined, () => dir.commit());
    await executor.finish();
    progress.stop();
    const memo = memoLines(comparison);
    print(ensembleTable(comparison, countingOf(reference)) + (memo.length > 0 ? `\n${memo.join('\n')}\n` : '') + `\n${settingsSummary(ensemble.file, settings)}\n` + dir.path + '\n');
    if (show) process.stderr.write(`${ensemble.members.length} worlds × ${scenarios.length} scenarios × ${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { path: dir.path, members: ensemble.members.length };
  });
}
