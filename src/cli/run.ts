import { performance } from 'node:perf_hooks';
import { SummaryAccumulator } from '../analysis/summary.js';
import { closing, threadCount } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import { definition } from '../model/definition.js';
import { hold } from '../output/hold.js';
import type { OutputFormat } from '../output/parquet.js';
import { runInfo, RunWriter, type RunInfo } from '../output/run-files.js';
import { parseMonth } from '../scenario/month.js';
import { loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { interruptible } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress } from './progress.js';
import { checkFits } from '../model/memory.js';

export interface RunArgs extends ScenarioOptions {
  readonly scenario: string;
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

/**
 * `homeward run`: runs the replications on worker threads, streams timeseries.csv as reps complete (in rep order),
 * then writes summary.csv, scenario.json and run.json and swaps the finished directory into `<out>/<name>/`.
 * On SIGINT/SIGTERM the workers are terminated, the temporary directory removed, and the process exits 130/143.
 * Prints the output directory on stdout.
 */
export async function runCommand(args: RunArgs): Promise<RunInfo> {
  const { scenario } = await loadWithOptions(args.scenario, args);
  checkFits(scenario, args.scenario);
  const { reps, seed } = scenario;
  const months = scenarioMonths(scenario);
  const threads = threadCount(reps, args.threads);
  const show = process.stderr.isTTY === true && !args.quiet;

  const writer = new RunWriter(args.out, scenario, args.format);
  const progress = createProgress(show, reps, months);
  return interruptible({ stopProgress: () => progress.stop(), discardSync: () => writer.discardSync() }, async (signal, life) => {
    await writer.open();
    const started = new Date();
    const t0 = performance.now();
    const acc = new SummaryAccumulator(parseMonth(scenario.start), months);
    let agentSteps = 0;
    await closing(new ThreadEvaluator(definition, threads), (evaluator) =>
      evaluator.run(
        new ExperimentGrid([scenario], repSeeds(seed, reps)),
        async (result) => {
          acc.add(result);
          agentSteps += result.agentSteps;
          await writer.writeRep(result);
          if (result.rep === 0) await hold('simulating');
        },
        { signal, onProgress: (done) => progress.update(done) },
      ),
    );
    const wall = (performance.now() - t0) / 1000;
    const info = runInfo(scenario, { threads, agentSteps, wall, started, finished: new Date() });
    await writer.complete(scenario, acc.summary(), info);
    const plotted = await life.drawAndCommit(args.plot !== false ? () => plotOutput(writer.tempPath, signal) : undefined, () => writer.commit());
    await hold('done');
    progress.stop();
    process.stdout.write(writer.path + '\n');
    if (show) {
      const rate = (agentSteps / wall / 1e6).toFixed(1);
      process.stderr.write(`${reps} reps × ${months} months, ${scenario.population.agents} agents, ${wall.toFixed(1)} s, ${rate} M agent-steps/s\n`);
      if (plotted) process.stderr.write(`${plotted.charts.length} charts and ${plotted.report} in ${plotted.seconds.toFixed(1)} s\n`);
    }
    return info;
  });
}
