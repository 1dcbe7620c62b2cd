import cliProgress from 'cli-progress';

/** Progress over reps × months; a no-op unless shown on a terminal. */
export interface Progress {
  /** `note`, when given, is shown after the ETA until the next note (e.g. a calibration's best distance). */
  update(monthsDone: number, note?: string): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/**
 * A bar with ETA on stderr when `show` (stderr is a TTY and not --quiet), so stdout stays free for the result
 * path. It counts simulated months over all reps; the "reps" field is whole reps' worth of months done (`unit`
 * names them: a sweep counts runs over all its points).
 */
export function createProgress(show: boolean, reps: number, months: number, unit = 'reps'): Progress {
  if (!show) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      // Our own ETA (elapsed time per month done, over all months so far): cli-progress prints NULL or
      // INF until its moving average has data, and the bursts of per-month updates make that average jumpy.
      format: `{bar} {percentage}% | {reps}/{repsTotal} ${unit} | {duration_formatted} | ETA {etaText}{note}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const total = reps * months;
  const started = Date.now();
  bar.start(total, 0, { reps: 0, repsTotal: reps, etaText: '...', note: '' });
  let stopped = false;
  return {
    update(monthsDone, note) {
      if (stopped) return;
      const elapsed = (Date.now() - started) / 1000;
      const etaText = monthsDone > 0 && elapsed > 0.5 ? formatSeconds((elapsed * (total - monthsDone)) / monthsDone) : '...';
      bar.update(monthsDone, { reps: Math.floor(monthsDone / months), etaText, ...(note === undefined ? {} : { note: ` | ${note}` }) });
    },
    stop() {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
