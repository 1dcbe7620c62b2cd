import { performance } from 'node:perf_hooks';
import { closing } from '../engine/evaluator.js';
import { hold } from '../output/hold.js';
import type { ExecutorSettings } from '../scenario/schema.js';
import { evaluatorFor, type CommandEvaluator, type ExecutorArgs } from './executor.js';
import { Lifecycle } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress, progressMode, type Progress } from './progress.js';

/**
 * The one runner of every simulating command (run, check, compare, sweep, calibrate, sensitivity, ...). A command is
 * its planner (which builds a SimulatingCommand), its result writer and its yargs block; the runner does the rest in
 * one order: open the output (taking its lock) -> choose the evaluator (threads or SLURM, once) -> simulate, with
 * progress -> write -> draw the charts (unless --no-plot) -> commit -> print the result on stdout. SIGINT/SIGTERM
 * stop it at any point before the commit, leaving no half-written output (interrupt.ts).
 */

/** The options of every simulating command that the runner reads. */
export interface RunnerArgs extends ExecutorArgs {
  readonly out: string;
  /** --threads (local executor). */
  readonly threads?: number;
  /** No progress at all. */
  readonly quiet: boolean;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

/**
 * The directory a command writes (RunDir, PartialDir, RunWriter): made and locked by the command's open(), written in
 * `temp`, swapped into `path` by commit() once the charts are drawn, removed by discardSync() when the command stops.
 */
export interface CommandOutput {
  readonly path: string;
  readonly temp: string;
  commit(): Promise<void>;
  discardSync(): void;
}

/** What a command has to run, once its output is open: the progress counts `tasks` runs of `months` months. */
export interface Work {
  readonly tasks: number;
  readonly months: number;
  /** What the progress counts [default: reps]. */
  readonly unit?: string;
  /** Runs of the largest batch, which sizes the thread pool [default: tasks]. */
  readonly batch?: number;
}

/** How the command's runs went, for the files that record it. */
export interface Timing {
  /** Threads of the evaluator (of each array task, under SLURM). */
  readonly threads: number;
  /** Seconds from the evaluator's start to the last result. */
  readonly wall: number;
  readonly started: Date;
}

/** What simulate() gets: the abort signal of an interruption, and where to report progress. */
export interface SimulateOptions {
  readonly signal: AbortSignal;
  /** Months simulated so far over all the work (an evaluator's onProgress fits here as it is). */
  readonly onProgress: (done: number) => void;
  /** A note shown after the progress from now on (a calibration's best distance, a history match's wave). */
  note(text: string): void;
}

/** What a simulating command gives the runner. */
export interface SimulatingCommand<R> {
  /** The output directory's name under --out; it names the SLURM work directory `.<name>.slurm` and job too. */
  readonly name: string;
  readonly output: CommandOutput;
  /** The scenario file whose `executor` block gives the SLURM settings, and that block as the planner loaded it. */
  readonly executor: { readonly file: string; readonly settings: ExecutorSettings };
  /** --fresh: an interrupted SLURM submission of the same name is discarded too. */
  readonly fresh?: boolean;
  /** Makes the output directory (its lock taken: a second writer is refused) and prepares the work. */
  open(): Promise<Work>;
  /** Runs the work on the evaluator the runner chose. */
  simulate(evaluator: CommandEvaluator, options: SimulateOptions): Promise<R>;
  /** Writes the command's files into output.temp; the charts are drawn from them. */
  write(result: R, timing: Timing): Promise<void>;
  /** The result as stdout gets it: its table(s), then the line of the output path (or its main file). */
  print(result: R): string;
  /** One line for stderr when the progress was a bar: what ran, how long. */
  summary(result: R, timing: Timing): string;
  /** A line for stderr after an interruption (what a resumable command kept). */
  interruptedNote?(): string | undefined;
}

/**
 * Runs a simulating command under a Lifecycle (interrupt.ts). Progress goes to stderr as progress.ts shows it (a bar
 * on a terminal, a line every tenth or minute in a log, none with --quiet); the result goes to `print` (stdout).
 * Returns the result and its timing.
 */
export async function runSimulation<R>(
  args: RunnerArgs,
  command: SimulatingCommand<R>,
  print: (text: string) => void = (t) => process.stdout.write(t),
): Promise<{ readonly result: R; readonly timing: Timing }> {
  const mode = progressMode(args.quiet);
  let progress: Progress = createProgress('off', 1, 1);
  const life = new Lifecycle({
    stopProgress: () => progress.stop(),
    discardSync: () => command.output.discardSync(),
    interruptedNote: () => command.interruptedNote?.(),
  });
  return life.run(async (signal) => {
    const work = await command.open();
    progress = createProgress(mode, work.tasks, work.months, work.unit);
    const started = new Date();
    const t0 = performance.now();
    const executor = await evaluatorFor(args, {
      out: args.out,
      name: command.name,
      tasks: Math.max(1, work.batch ?? work.tasks),
      threads: args.threads,
      fresh: command.fresh,
      executor: command.executor,
    });
    let note: string | undefined;
    const result = await closing(executor, (evaluator) =>
      command.simulate(evaluator, { signal, onProgress: (done) => progress.update(done, note), note: (text) => (note = text) }),
    );
    const timing: Timing = { threads: executor.threads, wall: (performance.now() - t0) / 1000, started };
    await command.write(result, timing);
    const plotted = await life.drawAndCommit(args.plot !== false ? () => plotOutput(command.output.temp, signal) : undefined, () => command.output.commit());
    await executor.finish();
    await hold('done');
    progress.stop();
    print(command.print(result));
    if (mode === 'bar') {
      process.stderr.write(command.summary(result, timing) + '\n');
      if (plotted) process.stderr.write(`${plotted.charts.length} charts and ${plotted.report} in ${plotted.seconds.toFixed(1)} s\n`);
    }
    return { result, timing };
  });
}
