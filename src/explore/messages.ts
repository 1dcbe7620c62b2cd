import type { RepResult } from '../model/definition.js';
import type { Scenario } from '../scenario/schema.js';

/** Messages between the explore page and its Web Workers (browser/worker.ts, browser/pool.ts). */

/** Run replication `rep` of `scenario` seeded `seed`; `task` names it in the answers. */
export interface TaskMessage {
  readonly task: number;
  readonly scenario: Scenario;
  readonly rep: number;
  readonly seed: number;
}

export type WorkerReply =
  /** Month t is simulated: every metric's value in it (the definition's order). */
  | { readonly type: 'month'; readonly task: number; readonly t: number; readonly values: Float64Array }
  | { readonly type: 'result'; readonly task: number; readonly result: RepResult }
  | { readonly type: 'error'; readonly task: number; readonly message: string };
