import { LOG1P } from './decision.js';
import { Count } from './kernel/person-pass.js';
import type { ModelState } from './state.js';

/**
 * Steps 2 to 4 for persons away, and the decisions to leave again (step 7) for persons at home, in one pass over all
 * persons (the pass that dominates run time), run by the person pass of kernel/person-pass.ts, in WebAssembly or
 * JavaScript, on one thread or several (kernel/load.ts). Decisions read only the person's own state and the month's
 * decision terms (fixed before the pass, decision.ts), and their outcomes are queued and applied after it, so the
 * order of persons in the pass does not matter: everyone decides on the same information.
 *
 * Persons go by blocks: the pass lists the block's persons away and at home (future emigrants whose month has come
 * enter), draws two uniforms a person slot keyed by (replication, month, block) (kernel/draws.ts), decides for the
 * persons away, then for those at home. What each block reports is applied here to the state's counts and queues,
 * block by block in person order, whichever thread ran the block (the pass hands the reports over in that order).
 */
export function stepPersons(m: ModelState, t: number): void {
  // The acquaintance counters the pass reads, with what the last month's moves and creators told them.
  m.settleAcquaintances();
  const pass = m.personPass;
  const d = m.terms;
  pass.month({ terms: d.packed, futureByEducation: d.futureByEducation, incomeByStatus: d.incomeByStatus, localIncomeByExperience: d.localIncomeByExperience, log1p: LOG1P }, m.connected, m.channels.net, m.channels.size);
  let active = 0;
  pass.run(t, (c, at, returning, rAt, leaving, lAt, candidates, cAt) => {
    active += c[at + Count.AWAY]! + c[at + Count.HOME]!;
    m.countPassChanges(c[at + Count.ENTERED]!, c[at + Count.LOST_JOB]!, c[at + Count.FOUND_JOB]!, c[at + Count.SETTLED_EMPLOYED]!, c[at + Count.SETTLED_UNEMPLOYED]!);
    for (let k = rAt, end = rAt + c[at + Count.RETURNING]!; k < end; k++) m.returning.push(returning[k]!);
    for (let k = lAt, end = lAt + c[at + Count.LEAVING]!; k < end; k++) m.leaving.push(leaving[k]!);
    for (let k = cAt, end = cAt + c[at + Count.CANDIDATES]!; k < end; k++) m.candidates.push(candidates[k]!);
  });
  m.month.activePersons = active;
  // The moves and the creators tell the acquaintances of those who move: the workers settle as they are told.
  m.settleAcquaintancesAhead();
}
