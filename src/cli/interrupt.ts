/** Interruption of a long command (run, compare, sweep, check, calibrate) by Ctrl-C or a termination request. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** Exit codes of an interrupted command: 128 + the signal number, as shells report them. */
export const SIGNAL_EXIT: Readonly<Record<InterruptSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Installs `handler` for SIGINT and SIGTERM (once each); returns the function that removes it again. */
export function onInterrupt(handler: (signal: InterruptSignal) => void): () => void {
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
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
}

/**
 * Runs `work` so that it can stop early without leaving a half-written output behind. On SIGINT or SIGTERM the
 * progress bar stops, `signal` aborts (which terminates the workers), the output is discarded and the process exits
 * 130 or 143, all synchronously, so nothing else can run (and write) in between. On an error: the same clean-up,
 * and the error is rethrown.
 */
export async function interruptible<T>(unfinished: Unfinished, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const off = onInterrupt((signal) => {
    unfinished.stopProgress();
    controller.abort(new Error(`interrupted by ${signal}`));
    unfinished.discardSync();
    process.exit(SIGNAL_EXIT[signal]);
  });
  try {
    return await work(controller.signal);
  } catch (err) {
    unfinished.stopProgress();
    unfinished.discardSync();
    throw err;
  } finally {
    off();
  }
}
