/** What one replication produces: one column per metric (METRICS order), one value per month. */
export interface RepResult {
  readonly rep: number;
  readonly seed: number;
  /** First simulated month, as a month index (see scenario/month.ts). */
  readonly start: number;
  readonly months: number;
  /** columns[k][t]: metric k (METRICS order) in month t. */
  readonly columns: Float64Array[];
  /** Person-months simulated (active persons summed over months), for speed reports. */
  readonly agentSteps: number;
}
