import type { EvaluateOptions } from '../engine/evaluator.js';
import { hold } from '../output/hold.js';
import type { PartialDir } from '../output/partial-dir.js';
import type { ExecutorSettings } from '../scenario/schema.js';
import type { CommandEvaluator } from './executor.js';
import { runSimulation, type RunnerArgs, type Timing } from './runner.js';

/** The options of a resumable command that its run reads. */
export interface ResumableArgs extends RunnerArgs {
  /** The scenario file (its `executor.slurm` block gives SLURM settings) and its --set overrides. */
  readonly scenario: string;
  readonly set: readonly string[];
  /** Discard an interrupted start of the same name instead of resuming it (the command's open() reads it too). */
  readonly fresh: boolean;
}

/** How this process ran, for the files that record it. */
export interface RunTiming extends Timing {
  /** Points run by this process (the others were finished by an interrupted earlier start). */
  readonly ran: number;
}

/** A command whose points are kept as they finish (sweep, sensitivity), as the runner runs it. */
export interface Resumable<T> {
  /** The command in the note of an interruption: `sweep`, `sensitivity analysis`. */
  readonly what: string;
  /** Its work directory and output (the name of the output directory names the SLURM work directory too). */
  readonly store: PartialDir;
  readonly name: string;
  /** The scenario's `executor` block, as the plan loaded it. */
  readonly executor: ExecutorSettings;
  readonly points: number;
  readonly reps: number;
  readonly months: number;
  /** Prepares the store; returns how many points are already finished. */
  open(): Promise<number>;
  /** Runs the points not yet finished; `onPoint` once each is stored (the run waits for it). */
  run(evaluator: CommandEvaluator, options: EvaluateOptions & { readonly onPoint: () => Promise<void> }): Promise<void>;
  /** Writes the outputs into the store's temporary directory; returns what the command prints. */
  assemble(timing: RunTiming): Promise<T>;
  /** The result as stdout gets it (runner.ts), once the outputs are in place. */
  print(result: T): string;
}

/**
 * Runs a resumable command through the runner (runner.ts): its open() resumes what an interrupted start finished, the
 * progress counts the runs left. Interrupted by SIGINT or SIGTERM it keeps the finished points, says how many, and
 * exits 130/143; a signal during the commit lets it finish.
 */
export async function runResumable<T>(args: ResumableArgs, command: Resumable<T>, print?: (text: string) => void): Promise<{ readonly result: T; readonly ran: number }> {
  const { store, points, reps, months } = command;
  let resumed = 0;
  let finished = 0;
  let assembled: T | undefined;
  await runSimulation(
    args,
    {
      name: command.name,
      output: store,
      executor: { file: args.scenario, settings: command.executor },
      fresh: args.fresh,
      open: async () => {
        resumed = await command.open();
        finished = resumed;
        return { tasks: (points - resumed) * reps, months, unit: 'runs' };
      },
      simulate: async (evaluator, { signal, onProgress }) => {
        if (resumed === points) return;
        await command.run(evaluator, {
          signal,
          onProgress,
          onPoint: async () => {
            finished++;
            if (finished === resumed + 1) await hold('simulating'); // the first point this process finished
          },
        });
      },
      write: async (_, timing) => {
        assembled = await command.assemble({ ...timing, ran: points - resumed });
      },
      print: () => command.print(assembled!),
      summary: (_, { wall }) => {
        const note = resumed > 0 ? ` (resumed: ${resumed} points were already finished)` : '';
        return `${points - resumed} points × ${reps} reps × ${months} months, ${wall.toFixed(1)} s${note}`;
      },
      // Removes the point being written (output.discardSync); finished points stay, and this says so.
      interruptedNote: () => `${command.what} interrupted: ${finished} of ${points} points finished, kept in ${store.partial}; run the same command again to resume`,
    },
    print,
  );
  return { result: assembled!, ran: points - resumed };
}
