import type { Scenario } from '../scenario/schema.js';
import { METRICS } from '../model/metrics.js';
import { Model } from '../model/model.js';
import type { Channels } from '../model/channels.js';
import { parseMonth } from '../scenario/month.js';
import type { CreatorSnapshot, RepResult } from './result.js';

export interface SimulateOptions {
  readonly rep: number;
  readonly seed: number;
  /** Called after each simulated month with the number of months done. */
  readonly onMonth?: (done: number) => void;
}

/** Runs one replication from start to end and returns its metric columns. */
export function simulate(scenario: Scenario, opts: SimulateOptions): RepResult {
  const model = new Model(scenario, opts.seed);
  const months = model.months;
  const columns = METRICS.map(() => new Float64Array(months));
  const start = model.state.tl.start;
  const snapshotMonths = new Set(scenario.snapshots.map(parseMonth));
  const creators: CreatorSnapshot[] = [];
  let agentSteps = 0;
  for (let t = 0; t < months; t++) {
    agentSteps += model.step(t, columns);
    if (snapshotMonths.has(start + t)) creators.push(snapshotCreators(model.state.channels, start + t));
    opts.onMonth?.(t + 1);
  }
  return { rep: opts.rep, seed: opts.seed, start, months, columns, creators, agentSteps };
}

/** The creators active at the end of the month, with this month's income. */
function snapshotCreators(ch: Channels, month: number): CreatorSnapshot {
  const n = ch.activeCount;
  const snap = {
    month,
    channel: new Int32Array(n),
    returnee: new Uint8Array(n),
    nostalgic: new Uint8Array(n),
    knowledge: new Float32Array(n),
    followers: new Float64Array(n),
    income: new Float64Array(n),
    householdShare: new Float32Array(n),
  };
  for (let j = 0; j < n; j++) {
    const c = ch.active[j]!;
    snap.channel[j] = c;
    snap.returnee[j] = ch.owner[c]! >= 0 ? 1 : 0;
    snap.nostalgic[j] = ch.nostalgic[c]!;
    snap.knowledge[j] = ch.knowledge[c]!;
    snap.followers[j] = ch.followers[c]!;
    snap.income[j] = ch.income[c]!;
    snap.householdShare[j] = ch.householdShare[c]!;
  }
  return snap;
}
