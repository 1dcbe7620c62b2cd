// A tiny model state for unit tests of single steps: a few villages, a hundred persons, one agent per real
// emigrant (scale 1, so a county capacity of 3 seats is 3 seats), built from the shipped scenario.
import { SCHEDULE } from '../../src/model/definition.js';
import { Flag, flagOf, isHome, Status, STATUS_COUNT } from '../../src/model/persons.js';
import type { ModelState } from '../../src/model/state.js';
import { ModelState as State } from '../../src/model/state.js';
import { loadScenario } from '../../src/scenario/load.js';
import { acquaintancesOf } from '../../src/model/ties.js';

export const TINY = ['population.agents=100', 'population.emigrants=100', 'population.villages=3', 'start=2021-01', 'end=2022-12', 'population.annual_inflow=0.1'];

export async function tinyState(set: readonly string[] = [], seed = 1): Promise<ModelState> {
  const { scenario } = await loadScenario('scenarios/qingyang.yaml', [...TINY, ...set]);
  return new State(scenario, seed);
}

/** Runs month t's steps from the first up to, not including, `step`. */
export function runUntil(m: ModelState, t: number, step: string): void {
  const k = SCHEDULE.findIndex((s) => s.name === step);
  if (k < 0) throw new Error(`no step ${step}`);
  for (const s of SCHEDULE.slice(0, k)) s.run(m, t);
}

export function runStep(m: ModelState, t: number, step: string): void {
  SCHEDULE.find((s) => s.name === step)!.run(m, t);
}

/** Runs whole months 0..months-1 (metrics not recorded). */
export function runMonths(m: ModelState, months: number): void {
  for (let t = 0; t < months; t++) for (const s of SCHEDULE) s.run(m, t);
}

/** Persons by a test on their status. */
export function personsWhere(m: ModelState, test: (status: number, i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.persons.count; i++) if (test(m.persons.status[i]!, i)) out.push(i);
  return out;
}

/** Acquaintances of person i. */
export function acquaintances(m: ModelState, i: number): number[] {
  return acquaintancesOf(m.ties, i);
}

/**
 * The event-kept bookkeeping recounted from the persons' states: acquaintances at home, returned elites at home,
 * successful creators among acquaintances, and the status counts. Returns the descriptions of the mismatches.
 */
export function bookkeepingErrors(m: ModelState): string[] {
  // The counters as the next person pass reads them: with what was told since the last one.
  m.settleAcquaintances();
  const p = m.persons;
  const errors: string[] = [];
  const counts = new Float64Array(STATUS_COUNT);
  for (let i = 0; i < p.count; i++) {
    counts[p.status[i]!]!++;
    let home = 0;
    let elite = 0;
    let successful = 0;
    for (const j of acquaintances(m, i)) {
      if (!isHome(p.status[j]!)) continue;
      home++;
      if (flagOf(p, j, Flag.Elite)) elite++;
      if (p.channel[j]! >= 0 && m.channels.successful[p.channel[j]!]) successful++;
    }
    if (home !== p.peersHome[i]) errors.push(`person ${i}: ${p.peersHome[i]} peers home, recount ${home}`);
    if (elite !== p.elitePeersHome[i]) errors.push(`person ${i}: ${p.elitePeersHome[i]} elite peers home, recount ${elite}`);
    if (successful !== p.successfulPeers[i]) errors.push(`person ${i}: ${p.successfulPeers[i]} successful peers, recount ${successful}`);
    if ((p.status[i] === Status.HomeCreator) !== p.channel[i]! >= 0) errors.push(`person ${i}: status ${p.status[i]} with channel ${p.channel[i]}`);
  }
  if (Array.from(counts).join() !== Array.from(m.statusCount).join()) errors.push(`status counts ${Array.from(m.statusCount)}, recount ${Array.from(counts)}`);
  return errors;
}
