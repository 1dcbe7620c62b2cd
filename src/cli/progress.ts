import cliProgress from 'cli-progress';

/** Progress over reps × months: a bar on a terminal, lines in a log, nothing with --quiet. */
export interface Progress {
  /** `note`, when given, is shown after the ETA until the next note (e.g. a calibration's best distance). */
  update(monthsDone: number, note?: string): void;
  stop(): void;
}

/** How progress is shown: a bar on a terminal, a line now and then in a log (SLURM, CI), or not at all (--quiet). */
export type ProgressMode = 'bar' | 'lines' | 'off';

/** The mode for stderr as it is: a TTY gets the bar, anything else (a file, a pipe) the lines; --quiet neither. */
export function progressMode(quiet: boolean, tty: boolean = process.stderr.isTTY === true): ProgressMode {
  return quiet ? 'off' : tty ? 'bar' : 'lines';
}

const SILENT: Progress = { update() {}, stop() {} };

/** A progress line in a log comes at least this often while the work advances. */
export const LINE_EVERY_MS = 60_000;

/**
 * When a log gets its next progress line: on reaching each further tenth of the work, or once a minute has passed
 * since the last line, whichever comes first. `now` is the clock in milliseconds (injected by tests).
 */
export class ProgressLines {
  private tenth = 0;
  private last: number;

  constructor(
    private readonly total: number,
    private readonly now: () => number = Date.now,
  ) {
    this.last = now();
  }

  /** Whether `done` (of the total) is due a line; if so, counts it as printed. */
  due(done: number): boolean {
    const tenth = this.total > 0 ? Math.floor((10 * Math.min(done, this.total)) / this.total) : 10;
    const t = this.now();
    if (tenth <= this.tenth && t - this.last < LINE_EVERY_MS) return false;
    this.tenth = Math.max(this.tenth, tenth);
    this.last = t;
    return true;
  }
}

/**
 * Progress on stderr, so stdout stays free for the result. It counts simulated months over all reps; "reps" is whole
 * reps' worth of months done (`unit` names them: a sweep counts runs over all its points). `bar`: a bar with ETA;
 * `lines`: `progress: 40% | 8/20 reps | 0:12 | ETA 18s` every tenth of the work or every minute (ProgressLines), the
 * minute's line also when nothing has advanced.
 */
export function createProgress(mode: ProgressMode, reps: number, months: number, unit = 'reps'): Progress {
  if (mode === 'off') return SILENT;
  const total = reps * months;
  const started = Date.now();
  // Our own ETA (elapsed time per month done, over all months so far): cli-progress prints NULL or INF until its
  // moving average has data, and the bursts of per-month updates make that average jumpy.
  const eta = (done: number) => {
    const elapsed = (Date.now() - started) / 1000;
    return done > 0 && elapsed > 0.5 ? formatSeconds((elapsed * (total - done)) / done) : '...';
  };
  if (mode === 'lines') return progressLines(total, months, unit, started, eta);
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `{bar} {percentage}% | {reps}/{repsTotal} ${unit} | {duration_formatted} | ETA {etaText}{note}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { reps: 0, repsTotal: reps, etaText: '...', note: '' });
  let stopped = false;
  return {
    update(monthsDone, note) {
      if (stopped) return;
      bar.update(monthsDone, { reps: Math.floor(monthsDone / months), etaText: eta(monthsDone), ...(note === undefined ? {} : { note: ` | ${note}` }) });
    },
    stop() {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}

function progressLines(total: number, months: number, unit: string, started: number, eta: (done: number) => string): Progress {
  const rule = new ProgressLines(total);
  let note = '';
  let done = 0;
  let stopped = false;
  const print = () => {
    if (stopped || !rule.due(done)) return;
    const percent = total > 0 ? Math.floor((100 * Math.min(done, total)) / total) : 100;
    const elapsed = formatSeconds((Date.now() - started) / 1000);
    process.stderr.write(`progress: ${percent}% | ${Math.floor(done / months)}/${total / months} ${unit} | ${elapsed} | ETA ${done >= total ? '0s' : eta(done)}${note}\n`);
  };
  // A heartbeat: while nothing finishes (a SLURM array waiting in the queue, one long replication) the log still
  // gets its line every minute, so a silent log means a dead job. Unref'd: it never keeps the process alive.
  const heartbeat = setInterval(print, LINE_EVERY_MS);
  heartbeat.unref();
  return {
    update(monthsDone, given) {
      if (given !== undefined) note = given === '' ? '' : ` | ${given}`;
      done = monthsDone;
      print();
    },
    stop() {
      stopped = true;
      clearInterval(heartbeat);
    },
  };
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
