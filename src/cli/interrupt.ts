/** Interruption of a simulating command (the runner, runner.ts) by Ctrl-C or a termination request. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Exit codes of an interrupted command: 128 + the signal number, as shells report them. */
export const SIGNAL_EXIT: Readonly<Record<InterruptSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs `handler` for SIGINT and SIGTERM; returns the function that removes it again. */
export function onInterrupt(handler: (signal: InterruptSignal) => void): () => void {
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/** What a command that writes an output directory must undo when it stops early. */
export interface Unfinished {
  /** Stops the progress bar (so the terminal is left clean). */
  stopProgress(): void;
  /** Removes the unfinished output, synchronously (it runs right before the process exits). */
  discardSync(): void;
  /** A line for stderr when interrupted (e.g. what a sweep kept for resuming); none when undefined. */
  interruptedNote?(): string | undefined;
}

/**
 * The phases of a command that writes outputs: `simulating` (replications, rows streamed to temporary files),
 * `drawing` (charts and report into the temporary directory), `committing` (the journaled swap into place) and
 * `done`. The one signal handler of the command acts by phase:
 *
 * - simulating, drawing: stop the work (the abort signal terminates the workers and stops the charts between two
 *   files), wait for the file operation under way to end, remove the temporary output and exit 130 (SIGINT) or
 *   143 (SIGTERM);
 * - committing: the commit is let finish (it is a few renames); if it succeeds the outputs are complete and the
 *   command ends as if no signal had come;
 * - done: the outputs are complete; the command ends normally, exit 0.
 */
export type Phase = 'simulating' | 'drawing' | 'committing' | 'done';

/** How long a stopping command waits for its file operation under way before it removes its output anyway. */
const STOP_WAIT_MS = 5000;

export class Lifecycle {
  private phase: Phase = 'simulating';
  private readonly controller = new AbortController();
  private work: Promise<unknown> | undefined;
  private stopping = false;

  constructor(private readonly unfinished: Unfinished) {}

  /** Aborted when a signal stops the command. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get current(): Phase {
    return this.phase;
  }

  /**
   * The end of every command that writes a directory: its charts drawn into the temporary directory (in the drawing
   * phase, when `draw` is given: --no-plot gives none), then the commit (in the committing phase, during which signals
   * wait), so the output appears complete with its charts or not at all. Returns what `draw` returned.
   */
  async drawAndCommit<D>(draw: (() => Promise<D>) | undefined, commit: () => Promise<void>): Promise<D | undefined> {
    let drawn: D | undefined;
    if (draw) {
      this.signal.throwIfAborted();
      this.phase = 'drawing';
      drawn = await draw();
    }
    this.signal.throwIfAborted();
    this.phase = 'committing';
    try {
      await commit();
    } catch (err) {
      this.phase = 'simulating'; // not committed: a signal or the error handler discards the output
      throw err;
    }
    this.phase = 'done';
    return drawn;
  }

  /**
   * Runs `work` so that it can stop early without leaving a half-written output behind. On an error: the same
   * clean-up as for a signal, and the error is rethrown.
   */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const off = onInterrupt((signal) => this.interrupt(signal));
    try {
      const running = work(this.signal);
      this.work = running;
      return await running;
    } catch (err) {
      if (this.stopping) await new Promise<never>(() => undefined); // the signal handler exits the process
      this.unfinished.stopProgress();
      try {
        if (this.phase !== 'done') this.unfinished.discardSync();
      } catch {
        // the error that stopped the command is the one to report (the output may never have been made)
      }
      throw err;
    } finally {
      if (!this.stopping) off();
    }
  }

  private interrupt(signal: InterruptSignal): void {
    if (this.phase === 'committing' || this.phase === 'done' || this.stopping) return;
    this.stopping = true;
    this.unfinished.stopProgress();
    this.controller.abort(new Error(`interrupted by ${signal}`));
    const exit = () => {
      try {
        this.unfinished.discardSync();
        const note = this.unfinished.interruptedNote?.();
        if (note) process.stderr.write(note + '\n');
      } catch (err) {
        process.stderr.write(`error: while cleaning up after ${signal}: ${err instanceof Error ? err.message : String(err)}\n`);
      }
      process.exit(SIGNAL_EXIT[signal]);
    };
    const timer = setTimeout(exit, STOP_WAIT_MS);
    // The work settles once its file operation under way has ended (an evaluator settles only after the onResult
    // under way), so nothing is created after the clean-up.
    void Promise.allSettled([this.work]).then(() => {
      clearTimeout(timer);
      exit();
    });
  }
}

