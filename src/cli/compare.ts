import { planComparison } from '../compare/plan.js';
import { compareTable } from '../compare/results.js';
import { runComparison, type CompareInfo, type Compared } from '../compare/run.js';
import { scenarioMonths } from '../engine/experiment.js';
import { RunDir } from '../output/atomic.js';
import type { OutputFormat } from '../output/parquet.js';
import { checkOutputName, type ScenarioOptions } from '../scenario/options.js';
import { countingOf } from '../scenario/scale.js';
import { runSimulation, type RunnerArgs } from './runner.js';
import { byScenarioMean, checkSort } from './tables.js';

export interface CompareArgs extends ScenarioOptions, RunnerArgs {
  /** Scenario files; the first is the reference. */
  readonly scenarios: readonly string[];
  /** Name of the output directory (default `compare-<reference name>`). */
  readonly name?: string;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** A headline outcome: the table lists the scenarios by its mean, highest first (--sort). */
  readonly sort?: string;
}

export interface CompareResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly info: CompareInfo;
}

/**
 * `homeward compare`: runs the scenarios with common random numbers (src/compare/run.ts), writes each scenario's run
 * directory, compare.csv and compare.json (and the charts), and swaps the whole `<out>/<name>/` into place at once.
 * Prints the comparison table (the scenarios in the order given, or by --sort) and then the output directory.
 */
export async function compareCommand(args: CompareArgs, print?: (text: string) => void): Promise<CompareResult> {
  checkOutputName(args.name);
  const sort = checkSort(args.sort);
  const { scenarios, executor } = await planComparison(args.scenarios, args);
  const reference = scenarios[0]!;
  const { reps } = reference;
  const months = scenarioMonths(reference);
  const dir = new RunDir(args.out, args.name ?? `compare-${reference.name}`);
  const { result } = await runSimulation<Compared>(
    args,
    {
      name: dir.name,
      output: dir,
      executor: { file: args.scenarios[0]!, settings: executor },
      open: async () => {
        await dir.create();
        return { tasks: scenarios.length * reps, months };
      },
      // The comparison writes its files (each scenario's run directory streamed) as it runs.
      simulate: (evaluator, options) => runComparison(args.scenarios, scenarios, dir, evaluator, { ...options, format: args.format }),
      write: async () => {},
      print: ({ comparison }) => {
        const order = sort === undefined ? undefined : byScenarioMean(comparison.rows, sort, (r) => r.level.mean);
        const shown = order ? { ...comparison, rows: order(comparison.rows), costs: order(comparison.costs) } : comparison;
        return compareTable(shown, countingOf(reference)) + '\n' + dir.path + '\n';
      },
      summary: (_, { wall }) => `${scenarios.length} scenarios × ${reps} reps × ${months} months, ${wall.toFixed(1)} s`,
    },
    print,
  );
  return { path: dir.path, info: result.info };
}
