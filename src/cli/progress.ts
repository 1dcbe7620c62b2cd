import cliProgress from 'cli-progress';

/** Progress over reps × months; a no-op unless shown on a terminal. */
export interface Progress {
  update(monthsDone: number): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A bar with ETA on stderr when `show` (stderr is a TTY and not --quiet), so stdout stays free for the result
 * path. It counts simulated months over all reps; the "reps" field is whole reps' worth of months done.
 */
export function createProgress(show: boolean, reps: number, months: number): Progress {
  if (!show) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {reps}/{repsTotal} reps | {duration_formatted} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: Math.max(1000, 8 * months), // updates come per month of any rep, in bursts: average over many
      etaAsynchronousUpdate: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(reps * months, 0, { reps: 0, repsTotal: reps });
  let stopped = false;
  return {
    update(monthsDone) {
      if (!stopped) bar.update(monthsDone, { reps: Math.floor(monthsDone / months) });
    },
    stop() {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}
