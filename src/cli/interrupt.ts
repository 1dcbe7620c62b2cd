/** Interruption of a long command (run, compare, sweep) by Ctrl-C or a termination request. */
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
