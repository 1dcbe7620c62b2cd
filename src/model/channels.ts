import { allocateColumns, growColumns, resetRow, type Columns, type ColumnSpecs } from '../core/columns.js';

/** The attributes of a creator channel (the creator state of MODEL.md), one typed array each (see core/columns.ts). */
export const CHANNEL_COLUMNS = {
  owner: { type: Int32Array, initial: -1, doc: 'The returnee who runs the channel; -1 for a stay-at-home resident (not an agent).' },
  followers: { type: Float64Array, doc: 'Followers.' },
  skill: { type: Float32Array, doc: 'Media skill, 0..1 (grows with practice).' },
  knowledge: { type: Float32Array, doc: 'Local knowledge, 0..1.' },
  nostalgic: { type: Uint8Array, doc: '1 for nostalgic/heritage content, 0 for entertainment.' },
  partners: { type: Uint8Array, doc: '1 when the creator works as a couple or small studio (a partner).' },
  // Months fit 16 bits: a run lasts at most MAX_MONTHS (1,200).
  monthsActive: { type: Uint16Array, doc: 'Months since the channel opened.' },
  lowMonths: { type: Uint16Array, doc: 'Consecutive months of net income below the reservation income.' },
  income: { type: Float64Array, doc: 'Income of the last month after platform fees (RMB/month).' },
  net: { type: Float64Array, doc: 'Income after running and network costs (RMB/month).' },
  householdShare: { type: Float32Array, initial: NaN, doc: "Share of the creator's income in the household's income last month (NaN for stay-at-home creators)." },
  successful: { type: Uint8Array, doc: '1 while income is at least creators.success_income (a role model).' },
  open: { type: Uint8Array, doc: '1 while the channel is open.' },
} as const satisfies ColumnSpecs;

/**
 * Channels opened over a run per agent, as an allowance: the baseline opens about 0.19 at 200,000 agents and 0.1 at
 * 1,000,000 (returnees' and stayers' channels, 192 months); closed channels keep their slot.
 */
export const CHANNELS_PER_AGENT = 0.2;

/**
 * Rows a replication's channel table starts with: the allowance for its agents. A run within it never grows the
 * table; growing copies the columns, and the old ones stay in memory until V8's next full collection, which a run's
 * steady heap seldom calls (at the 1 M-agent bench, growth from 1,024 rows left some 11 MiB resident). Room not
 * written takes no memory: a large array's pages are the system's zero pages until a row is written (those of the
 * columns with an initial value are written at once).
 */
export function channelRoom(agents: number): number {
  return Math.max(1024, Math.ceil(CHANNELS_PER_AGENT * agents));
}

/**
 * Creator channels as a growable structure of arrays: `channels.followers[c]` are channel c's followers. A channel
 * is owned by a returnee (owner >= 0) or by a stay-at-home resident (owner = -1). Closed channels keep their slot;
 * `active` lists the open ones.
 */
export interface Channels extends Columns<typeof CHANNEL_COLUMNS> {}
export class Channels {
  capacity: number;
  size = 0;
  /** Open channel ids, in order of opening. */
  active: Int32Array;
  activeCount = 0;

  constructor(capacity = 1024) {
    this.capacity = capacity;
    Object.assign(this, allocateColumns(CHANNEL_COLUMNS, capacity));
    this.active = new Int32Array(capacity);
  }

  create(owner: number, skill: number, knowledge: number, nostalgic: boolean, partners: boolean): number {
    if (this.size === this.capacity) this.grow();
    const c = this.size++;
    resetRow(CHANNEL_COLUMNS, this, c);
    this.owner[c] = owner;
    this.skill[c] = skill;
    this.knowledge[c] = knowledge;
    this.nostalgic[c] = nostalgic ? 1 : 0;
    this.partners[c] = partners ? 1 : 0;
    this.open[c] = 1;
    this.active[this.activeCount++] = c;
    return c;
  }

  /** Removes closed channels from the active list, keeping the order (so the run stays deterministic). */
  compact(): void {
    let k = 0;
    for (let j = 0; j < this.activeCount; j++) {
      const c = this.active[j]!;
      if (this.open[c]) this.active[k++] = c;
    }
    this.activeCount = k;
  }

  private grow(): void {
    // By half again, not double: less room left unused, and less held twice while the columns are copied.
    this.capacity = Math.ceil(this.capacity * 1.5);
    Object.assign(this, growColumns(CHANNEL_COLUMNS, this, this.capacity));
    const active = new Int32Array(this.capacity);
    active.set(this.active);
    this.active = active;
  }
}
