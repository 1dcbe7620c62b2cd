import { LOG1P } from './decision.js';
import * as kernel from './kernel/person-pass.js';
import { Count } from './kernel/person-pass.js';
import { Status } from './persons.js';
import type { ModelState } from './state.js';

/**
 * Steps 2 to 4 for persons away, and the decisions to leave again (step 7) for persons at home, in one pass over all
 * persons (the pass that dominates run time), run by the person pass of kernel/person-pass.ts, in WebAssembly or
 * JavaScript (kernel/load.ts). Decisions read only the person's own state and the month's decision terms (fixed
 * before the pass, decision.ts), and their outcomes are queued and applied after it, so the order of persons in the
 * pass does not matter: everyone decides on the same information.
 *
 * Persons go by blocks: the pass lists the block's persons away and at home (future emigrants whose month has come
 * enter), its draws are made at once here (two for each person away, then one for each person at home: the random
 * stream stays in core/random.ts), then the pass decides for the persons away, then for those at home. What it
 * reports is applied to the state's counts and queues block by block.
 */
export function stepPersons(m: ModelState, t: number): void {
  const pass = m.personPass;
  const d = m.terms;
  pass.month({ terms: d.packed, futureByEducation: d.futureByEducation, incomeByStatus: d.incomeByStatus, localIncomeByExperience: d.localIncomeByExperience, log1p: LOG1P }, m.connected, m.channels.net, m.channels.size);
  const count = m.persons.count;
  const sc = m.statusCount;
  let active = 0;
  for (let lo = 0; lo < count; lo += kernel.BLOCK) {
    pass.listBlock(lo, Math.min(count, lo + kernel.BLOCK), t);
    const c = pass.counts;
    const away = c[Count.AWAY]!;
    const home = c[Count.HOME]!;
    active += away + home;
    m.rng.fill(pass.draws, 2 * away + home);
    pass.decideAway(away, t);
    pass.decideHome(home, 2 * away);
    // Status changes of persons away (none at home: those are queued), as setStatus would count them.
    const entered = c[Count.ENTERED]!;
    const lost = c[Count.LOST_JOB]!;
    const found = c[Count.FOUND_JOB]!;
    const settledEmployed = c[Count.SETTLED_EMPLOYED]!;
    const settledUnemployed = c[Count.SETTLED_UNEMPLOYED]!;
    sc[Status.NotYet]! -= entered;
    sc[Status.AwayEmployed]! += entered + found - lost - settledEmployed;
    sc[Status.AwayUnemployed]! += lost - found - settledUnemployed;
    sc[Status.Left]! += settledEmployed + settledUnemployed;
    m.entered += entered;
    m.left += settledEmployed + settledUnemployed;
    for (let k = 0, n = c[Count.RETURNING]!; k < n; k++) m.returning.push(pass.returning[k]!);
    for (let k = 0, n = c[Count.LEAVING]!; k < n; k++) m.leaving.push(pass.leaving[k]!);
    for (let k = 0, n = c[Count.CANDIDATES]!; k < n; k++) m.candidates.push(pass.candidates[k]!);
  }
  m.month.activePersons = active;
}
