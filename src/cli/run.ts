import { outcomesOf } from '../analysis/outcomes.js';
import { SummaryAccumulator } from '../analysis/summary.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { checkFits } from '../model/memory.js';
import { hold } from '../output/hold.js';
import type { OutputFormat } from '../output/parquet.js';
import { runInfo, RunWriter, type RunInfo } from '../output/run-files.js';
import { parseMonth } from '../scenario/month.js';
import { loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { countingOf } from '../scenario/scale.js';
import { runSimulation, type RunnerArgs } from './runner.js';
import { runTable } from './tables.js';

export interface RunArgs extends ScenarioOptions, RunnerArgs {
  readonly scenario: string;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
}

/**
 * `homeward run`: runs the replications (on worker threads, or SLURM job arrays with --executor slurm), streams
 * timeseries.csv as reps complete (in rep order), then writes summary.csv, scenario.json and run.json and swaps the
 * finished directory into `<out>/<name>/` (runner.ts). Prints a table of the headline outcomes and the output directory.
 */
export async function runCommand(args: RunArgs, print?: (text: string) => void): Promise<RunInfo> {
  const { scenario, executor } = await loadWithOptions(args.scenario, args);
  checkFits(scenario, args.scenario);
  const { reps, seed } = scenario;
  const months = scenarioMonths(scenario);
  const writer = new RunWriter(args.out, scenario, args.format);
  const acc = new SummaryAccumulator(parseMonth(scenario.start), months);
  const outcomes: number[][] = [];
  let agentSteps = 0;
  let info: RunInfo | undefined;
  await runSimulation(
    args,
    {
      name: scenario.name,
      output: { path: writer.path, temp: writer.tempPath, commit: () => writer.commit(), discardSync: () => writer.discardSync() },
      executor: { file: args.scenario, settings: executor },
      open: async () => {
        await writer.open();
        return { tasks: reps, months };
      },
      simulate: (evaluator, options) =>
        evaluator.run(
          new ExperimentGrid([scenario], repSeeds(seed, reps)),
          async (result) => {
            acc.add(result);
            agentSteps += result.agentSteps;
            outcomes.push(outcomesOf(result.columns, result.months));
            await writer.writeRep(result);
            if (result.rep === 0) await hold('simulating');
          },
          options,
        ),
      write: async (_, timing) => {
        info = runInfo(scenario, { threads: timing.threads, agentSteps, wall: timing.wall, started: timing.started, finished: new Date() });
        await writer.complete(scenario, acc.summary(), info);
      },
      print: () => runTable(outcomes, countingOf(scenario)) + '\n' + writer.path + '\n',
      summary: (_, { wall }) =>
        `${reps} reps × ${months} months, ${scenario.population.agents} agents, ${wall.toFixed(1)} s, ${(agentSteps / wall / 1e6).toFixed(1)} M agent-steps/s`,
    },
    print,
  );
  return info!;
}
