import type { ModelDefinition, RunResult, Step } from '../core/definition.js';
import type { Channels } from './channels.js';
import { METRICS } from './metrics.js';
import { ModelState } from './state.js';
import { stepCreators } from './step-creators.js';
import { stepGovernment, stepOutreach } from './step-government.js';
import { closeMonth, updateSignals } from './step-information.js';
import { applyMoves } from './step-occupation.js';
import { stepPersons } from './step-persons.js';
import { stepWorld } from './step-world.js';

/**
 * The month of the return-migration model, step by step, in the order run (docs/ODD.md section 3 lists the same
 * steps, and a test holds it to this list). MODEL.md's steps 2-4 and the decision to leave again are fused into
 * one pass over all persons (`persons`); ODD section 3 says why.
 */
export const SCHEDULE: readonly Step<ModelState>[] = [
  { name: 'world', odd: '7.1', doc: 'timelines move: budget year, ageing, village connections, festival held or not, loan capacity', run: stepWorld },
  { name: 'signals', odd: '7.3', doc: "information: last month's creator economy and programmes become this month's signals and decision terms", run: updateSignals },
  { name: 'outreach', odd: '7.4', doc: 'officials call educated emigrants away', run: stepOutreach },
  { name: 'persons', odd: '7.5, 7.6', doc: 'one pass over all persons: city labour and the return decision away, the decision to leave again at home; moves queued', run: stepPersons },
  { name: 'moves', odd: '7.7, 7.8', doc: 'moves applied (leavers, then returners), occupation at home, creator starts with grants and loans', run: applyMoves },
  { name: 'creators', odd: '7.9', doc: 'creator economy: stayer entries, attention and followers, income, exits', run: stepCreators },
  { name: 'government', odd: '7.10', doc: 'loan repayments and defaults, training seats filled', run: stepGovernment },
  { name: 'close', odd: '7.3', doc: 'month closed: programme reach and approval rates kept for next month', run: closeMonth },
];

/** Every creator active at the end of a snapshot month (scenario `snapshots`), one entry per creator. */
export interface CreatorSnapshot {
  /** Month index (see scenario/month.ts). */
  readonly month: number;
  readonly channel: Int32Array;
  /** 1 when the creator is a returnee (an agent), 0 for a stay-at-home resident. */
  readonly returnee: Uint8Array;
  /** 1 for nostalgic/heritage content, 0 for entertainment. */
  readonly nostalgic: Uint8Array;
  readonly knowledge: Float32Array;
  readonly followers: Float64Array;
  /** Income of the month after platform fees, RMB. */
  readonly income: Float64Array;
  /** Share of the creator's income in the household's income (NaN for stay-at-home creators). */
  readonly householdShare: Float32Array;
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

/** homeward's model, as the engine runs it. */
export const definition: ModelDefinition<ModelState, CreatorSnapshot> = {
  module: import.meta.url,
  create: (scenario, seed) => new ModelState(scenario, seed),
  schedule: SCHEDULE,
  metrics: METRICS,
  activeAgents: (m) => m.month.activePersons,
  metricScale: (m) => m.metricScale,
  snapshot: (m, month) => snapshotCreators(m.channels, month),
};

/** What one replication of homeward produces (see core/definition.ts). */
export type RepResult = RunResult<CreatorSnapshot>;
