import { performance } from 'node:perf_hooks';
import { closing, type EvaluateOptions } from '../engine/evaluator.js';
import { hold } from '../output/hold.js';
import type { PartialDir } from '../output/partial-dir.js';
import { evaluatorFor, type CommandEvaluator, type ExecutorArgs } from './executor.js';
import { Lifecycle } from './interrupt.js';
import { plotOutput } from './plot.js';
import { createProgress } from './progress.js';

/** The options of a resumable command that its run reads. */
export interface ResumableArgs extends ExecutorArgs {
  /** The scenario file and its --set overrides (its `executor.slurm` block gives SLURM settings). */
  readonly scenario: string;
  readonly set: readonly string[];
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Discard an interrupted start of the same name instead of resuming it (the command's open() reads it too). */
  readonly fresh: boolean;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

/** How this process ran, for the files that record it. */
export interface RunTiming {
  readonly threads: number;
  /** Seconds spent running points. */
  readonly wall: number;
  /** Points run by this process (the others were finished by an interrupted earlier start). */
  readonly ran: number;
  readonly started: Date;
}

/** A command whose points are kept as they finish (sweep, sensitivity), as its run sees it. */
export interface Resumable<T> {
  /** The command in the note of an interruption: `sweep`, `sensitivity analysis`. */
  readonly what: string;
  /** Its work directory and output (the name of the output directory names the SLURM work directory too). */
  readonly store: PartialDir;
  readonly name: string;
  readonly points: number;
  readonly reps: number;
  readonly months: number;
  /** Prepares the store; returns how many points are already finished. */
  open(): Promise<number>;
  /** Runs the points not yet finished; `onPoint` once each is stored (the run waits for it). */
  run(evaluator: CommandEvaluator, options: EvaluateOptions & { readonly onPoint: () => Promise<void> }): Promise<void>;
  /** Writes the outputs into the store's temporary directory; returns that directory and what the command prints. */
  assemble(timing: RunTiming): Promise<{ readonly dir: string; readonly result: T }>;
  /** Prints the result once the outputs are in place. */
  print(result: T): void;
}

/**
 * Runs a resumable command under a Lifecycle: opens its store (resuming what an interrupted start finished), runs the
 * rest on the evaluator `--executor` asks for with a progress bar over the runs, assembles the outputs, draws the
 * charts in the temporary directory (so the output appears complete or not at all) and commits. Interrupted by
 * SIGINT or SIGTERM it keeps the finished points, says how many, and exits 130/143; a signal during the commit lets
 * it finish.
 */
export async function runResumable<T>(args: ResumableArgs, command: Resumable<T>): Promise<{ readonly result: T; readonly ran: number }> {
  const { store, points, reps, months } = command;
  const show = process.stderr.isTTY === true && !args.quiet;
  let progress = createProgress(false, 1, 1);
  let finished = 0;
  const life = new Lifecycle({
    stopProgress: () => progress.stop(),
    discardSync: () => store.discardSync(), // removes the point being written; finished points stay
    interruptedNote: () => `${command.what} interrupted: ${finished} of ${points} points finished, kept in ${store.partial}; run the same command again to resume`,
  });

  return life.run(async (signal) => {
    const resumed = await command.open();
    finished = resumed;
    const tasks = (points - resumed) * reps;
    progress = createProgress(show, tasks, months, 'runs');
    const started = new Date();
    const t0 = performance.now();
    const executor = await evaluatorFor(args, {
      out: args.out,
      name: command.name,
      tasks: Math.max(1, tasks),
      threads: args.threads,
      fresh: args.fresh,
      scenario: { file: args.scenario, set: args.set },
    });
    await closing(executor, async (evaluator) => {
      if (resumed === points) return;
      await command.run(evaluator, {
        signal,
        onProgress: (n) => progress.update(n),
        onPoint: async () => {
          finished++;
          if (finished === resumed + 1) await hold('simulating'); // the first point this process finished
        },
      });
    });
    const wall = (performance.now() - t0) / 1000;
    const ran = points - resumed;
    const { dir, result } = await command.assemble({ threads: executor.threads, wall, ran, started });
    await life.drawAndCommit(args.plot !== false ? () => plotOutput(dir, signal) : undefined, () => store.commit());
    await executor.finish();
    await hold('done');
    progress.stop();
    command.print(result);
    if (show) {
      const note = resumed > 0 ? ` (resumed: ${resumed} points were already finished)` : '';
      process.stderr.write(`${ran} points × ${reps} reps × ${months} months, ${wall.toFixed(1)} s${note}\n`);
    }
    return { result, ran };
  });
}
