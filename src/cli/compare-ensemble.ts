import { countingOf, personsPerAgent } from '../scenario/scale.js';
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
import { planComparison } from '../compare/plan.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir, writeFileAtomic } from '../output/atomic.js';
import { writeOutputFile } from '../output/parquet.js';
import { loadEnsemble } from '../scenario/ensemble.js';
import { ensembleSettings, settingsSummary, settingsWarning, withMatchedSettings } from '../scenario/ensemble-settings.js';
import { checkOutputName } from '../scenario/options.js';
import type { CompareArgs } from './compare.js';
import { runSimulation } from './runner.js';
import { byScenarioMean, checkSort } from './tables.js';

export interface EnsembleCompareResult {
  readonly path: string;
  readonly members: number;
}

/**
 * `homeward compare <scenarios> --ensemble FILE`: every scenario at every parameter set of the ensemble
 * (src/compare/ensemble.ts), on one pool of worker threads. Writes ensemble-compare.csv, ensemble-worlds.csv,
 * ensemble-compare.json and the charts into `<out>/<name>/` (default `compare-<reference>-ensemble`) at once, and
 * prints the table (the scenarios in the order given, or by --sort), the memo lines, the settings the worlds ran at and
 * the directory. The worlds run at the settings
 * the ensemble was matched at (ensemble-settings.ts) unless options say otherwise; a run that differs is one warning.
 */
export async function ensembleCompareCommand(args: CompareArgs & { readonly ensemble: string }, print?: (text: string) => void): Promise<EnsembleCompareResult> {
  checkOutputName(args.name);
  const sort = checkSort(args.sort);
  const ensemble = await loadEnsemble(args.ensemble);
  // The worlds run at the settings they were matched at, unless --agents, --months, --reps or --seed say otherwise.
  const options = withMatchedSettings(args, ensemble);
  const { scenarios, executor } = await planComparison(args.scenarios, options);
  const plan = planEnsembleComparison(args.scenarios, scenarios, ensemble);
  // Once everything is checked: bad input is one error, not a warning and then the error.
  const settings = ensembleSettings(ensemble, options, scenarios[0]!);
  const warning = settingsWarning(ensemble.file, settings);
  if (warning) process.stderr.write(warning + '\n');
  const reference = scenarios[0]!;
  const reps = plan.seeds.length;
  const months = scenarioMonths(reference);
  const dir = new RunDir(args.out, args.name ?? `compare-${reference.name}-ensemble`);
  await runSimulation(
    args,
    {
      name: dir.name,
      output: dir,
      executor: { file: args.scenarios[0]!, settings: executor },
      open: async () => {
        await dir.create();
        return { tasks: ensemble.members.length * scenarios.length * reps, months, unit: 'runs' };
      },
      simulate: async (evaluator, options) => compareAcrossWorlds(plan, await runEnsembleComparison(plan, evaluator, options)),
      write: async (comparison) => {
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
      },
      print: (comparison) => {
        const shown = sort === undefined ? comparison : { ...comparison, rows: byScenarioMean(comparison.rows, sort, (r) => r.level.mean)(comparison.rows) };
        const memo = memoLines(comparison);
        return ensembleTable(shown, countingOf(reference)) + (memo.length > 0 ? `\n${memo.join('\n')}\n` : '') + `\n${settingsSummary(ensemble.file, settings)}\n` + dir.path + '\n';
      },
      summary: (_, { wall }) => `${ensemble.members.length} worlds × ${scenarios.length} scenarios × ${reps} reps × ${months} months, ${wall.toFixed(1)} s`,
    },
    print,
  );
  return { path: dir.path, members: ensemble.members.length };
}
