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

/** What one replication produces: one column per metric (METRICS order), one value per month. */
export interface RepResult {
  readonly rep: number;
  readonly seed: number;
  /** First simulated month, as a month index (see scenario/month.ts). */
  readonly start: number;
  readonly months: number;
  /** columns[k][t]: metric k (METRICS order) in month t. */
  readonly columns: Float64Array[];
  /** Creators at each snapshot month within the run, in month order. */
  readonly creators: CreatorSnapshot[];
  /** Person-months simulated (active persons summed over months), for speed reports. */
  readonly agentSteps: number;
}
