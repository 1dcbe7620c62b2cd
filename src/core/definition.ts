import type { Scenario } from '../scenario/schema.js';
import type { FileColumnSpecs } from './columns.js';

/**
 * What a model is to the engine (as in Agents.jl, where `step!` runs whatever the model declares): how to create
 * the state of one replication, the declared schedule of a month, the metrics recorded after it and the extras a
 * run returns. The engine runs any definition; it never names the model's steps, columns or metrics.
 */
export interface ModelDefinition<State, Snapshot = never> {
  /**
   * URL of the module that exports this definition as `definition`: worker threads import it from there (a
   * definition holds functions, which cannot be posted to a thread).
   */
  readonly module: string;
  /** The state of one replication at the start of the run. */
  create(scenario: Scenario, seed: number): State;
  /**
   * Threads each replication created from now on in this thread may use (the engine gives it the threads of
   * --threads beyond the replications in flight); the outputs must not depend on it. One when absent.
   */
  threadsWithin?(threads: number): void;
  /** Releases what a replication holds beyond its memory (its threads), once it has run or failed. */
  dispose?(state: State): void;
  /** The month's steps, run in this order every month. */
  readonly schedule: readonly Step<State>[];
  /** Recorded after the schedule every month: one column each, in this order. */
  readonly metrics: readonly Metric<State>[];
  /** Agents simulated this month (for speed reports). */
  activeAgents(state: State): number;
  /**
   * What every `scaled` metric is multiplied by when recorded: 1 to count in simulated agents, or the persons one agent
   * stands for to count the whole county. Fixed for a run; 1 when absent.
   */
  metricScale?(state: State): number;
  /** What the run keeps of the state at each of the scenario's `snapshots` months (e.g. every creator). */
  snapshot?(state: State, month: number): Snapshot;
  /** The columns of a snapshot (see SnapshotOf), in the order the outputs write them; with `snapshot`. */
  readonly snapshotColumns?: FileColumnSpecs;
  /**
   * The headline outcomes: one number per replication each, from its metric columns. Comparisons, sweeps,
   * sensitivity analyses and their charts and reports summarise a run by these. None when absent.
   */
  readonly outcomes?: readonly Outcome[];
  /**
   * Refuses, before anything runs, a scenario whose replication would not fit in this machine's memory: a
   * ScenarioError naming `file`, with the memory it would need.
   */
  checkFits?(scenario: Scenario, file: string): void;
  /**
   * Compiled code the model runs faster with (WebAssembly), for hosts that cannot read it from dist/ themselves (a
   * browser): its file relative to dist/, and how to hand its bytes over before the first replication.
   */
  readonly compiled?: { readonly file: string; use(bytes: Uint8Array): void };
  /** Memory one replication needs at its peak, in bytes (an estimate): what checkFits weighs against the machine. */
  replicationBytes?(scenario: Scenario): number;
}

/** A snapshot of a table of entities at one month: its columns (one typed array each, one entry per entity). */
export type SnapshotOf<S extends FileColumnSpecs> = { readonly month: number } & { readonly [K in keyof S]: InstanceType<S[K]['type']> };

/** A headline outcome: one number per replication that summarises its run (core/outcomes.ts builds them). */
export interface Outcome {
  /** A snake_case name, a column of compare's and sweep's tables. */
  readonly name: string;
  readonly unit: string;
  readonly doc: string;
  /** A count or an amount of money of the whole population (see Metric.scaled): in the run's scale, agents or county. */
  readonly scaled: boolean;
  /** The outcome of one replication, from its metric columns (the definition's order) over `months` months. */
  readonly compute: (columns: readonly Float64Array[], months: number) => number;
}

/** One step of the schedule: a named function of the state and the month index t (0 = the run's first month). */
export interface Step<State> {
  readonly name: string;
  /** Section of docs/ODD.md that describes it. */
  readonly odd: string;
  readonly doc: string;
  readonly run: (state: State, t: number) => void;
}

/** One recorded metric: its name (a snake_case column), unit, meaning and how it is computed from the month's state. */
export interface Metric<State> {
  readonly name: string;
  readonly unit: string;
  /**
   * A count or an amount of money of the whole simulated population, which grows with the number of agents (returns,
   * spending), as against a share, a mean per person or a price: recorded times the model's metricScale.
   */
  readonly scaled: boolean;
  readonly doc: string;
  readonly value: (state: State, t: number) => number;
}

/** What one replication produces: one column per metric (the definition's order), one value per month. */
export interface RunResult<Snapshot> {
  readonly rep: number;
  readonly seed: number;
  /** First simulated month, as a month index (see scenario/month.ts). */
  readonly start: number;
  readonly months: number;
  /** columns[k][t]: metric k in month t. */
  readonly columns: Float64Array[];
  /** The definition's snapshots at the scenario's snapshot months within the run, in month order. */
  readonly snapshots: Snapshot[];
  /** Agent-months simulated (active agents summed over months), for speed reports. */
  readonly agentSteps: number;
}
