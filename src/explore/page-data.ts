import type { Scenario } from '../scenario/schema.js';

/** What `homeward explore` writes into the page for its script (browser/page.ts), as JSON. */
export interface PageData {
  /** The baseline, resolved (every default filled in): the page's settings are changes to it. */
  readonly baseline: Scenario;
  /** The baseline file as given on the command line, for the page's text. */
  readonly file: string;
  /** What a downloaded scenario `extends`: the baseline file's absolute path. */
  readonly extends: string;
  readonly homeward: string;
  /** Agents and replications the page starts with: a run that answers in seconds. */
  readonly agents: number;
  readonly reps: number;
}

/** Ids of the page's data elements. */
export const DATA_ID = 'homeward-explore';
export const WORKER_ID = 'homeward-worker';
