import type { ModelDefinition } from '../core/definition.js';

/** CPU seconds of the process so far (all its threads): on a shared machine, steadier than the wall time. */
function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
const wallClock = (): number => performance.now() / 1000;

/**
 * CPU time spent in each step of a model's month, and in the rest (setup: creating the population and its ties;
 * metrics: recording the month), gathered by running a copy of the definition whose steps are timed. Reading the
 * CPU time costs about a microsecond, against milliseconds a step at the bench's sizes, so timing moves no figure.
 */
export class StepTimes {
  /** Seconds by part, in the order of the month (setup first, metrics last). */
  readonly seconds = new Map<string, number>();
  private readonly cpu: () => number;
  /** `wall` times steps by the clock: a step that runs on several threads (the person pass, --split) counts once. */
  constructor(readonly clock: 'cpu' | 'wall' = 'cpu') {
    this.cpu = clock === 'cpu' ? cpuClock : wallClock;
  }
  private add(name: string, s: number): void {
    this.seconds.set(name, (this.seconds.get(name) ?? 0) + s);
  }

  /** A copy of `model` that adds each step's time here; the time from the month's last step to activeAgents (called after the metrics) is the metrics'. */
  timed<State, Snapshot>(model: ModelDefinition<State, Snapshot>): ModelDefinition<State, Snapshot> {
    this.seconds.set('setup', 0);
    for (const step of model.schedule) this.seconds.set(step.name, 0);
    this.seconds.set('metrics', 0);
    let monthEnd = NaN;
    const schedule = model.schedule.map((step, k) => ({
      ...step,
      run: (state: State, t: number) => {
        const t0 = this.cpu();
        step.run(state, t);
        const t1 = this.cpu();
        this.add(step.name, t1 - t0);
        if (k === model.schedule.length - 1) monthEnd = t1;
      },
    }));
    return {
      ...model,
      schedule,
      create: (scenario, seed) => {
        const t0 = this.cpu();
        const state = model.create(scenario, seed);
        this.add('setup', this.cpu() - t0);
        return state;
      },
      activeAgents: (state) => {
        // Called right after the metrics of a month: the last month's metrics end here.
        if (!Number.isNaN(monthEnd)) this.add('metrics', this.cpu() - monthEnd);
        monthEnd = NaN;
        return model.activeAgents(state);
      },
    };
  }

  /** Each part's seconds and share of the total, as a table. */
  table(): string {
    const total = [...this.seconds.values()].reduce((a, b) => a + b, 0);
    const rows = [...this.seconds].map(([name, s]) => [name, s.toFixed(2), ((100 * s) / total).toFixed(1)]);
    const head = ['step', this.clock === 'cpu' ? 'CPU s' : 'wall s', 'share %'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    return [head, ...rows].map((cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n');
  }

  /** Shares of the total by part, for --json. */
  shares(): Record<string, { seconds: number; share: number }> {
    const total = [...this.seconds.values()].reduce((a, b) => a + b, 0);
    return Object.fromEntries([...this.seconds].map(([name, s]) => [name, { seconds: s, share: s / total }]));
  }
}
