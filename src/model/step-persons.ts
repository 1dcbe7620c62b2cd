import { homeIncomeForeseen, leaveUtility, returnUtility, type DecisionTerms } from './decision.js';
import { belowLogistic } from './logistic.js';
import { isAway, isHome, Status, STATUS_COUNT } from './persons.js';
import type { ModelState } from './state.js';

/** Persons taken at a time: their columns stay in cache while the block is sorted, drawn for and decided. */
const BLOCK = 4096;
/** 1 for the statuses of persons away, and of persons at home (indexed by status). */
const AWAY = Uint8Array.from({ length: STATUS_COUNT }, (_, s) => (isAway(s) ? 1 : 0));
const HOME = Uint8Array.from({ length: STATUS_COUNT }, (_, s) => (isHome(s) ? 1 : 0));

/**
 * Scratch of a pass, reused by every call (a pass runs to its end before another starts in the same thread): the
 * block's persons away and at home, and its draws.
 */
const awayIds = new Int32Array(BLOCK);
const homeIds = new Int32Array(BLOCK);
const draws = new Float64Array(2 * BLOCK);

/**
 * Steps 2 to 4 for persons away, and the decisions to leave again (step 7) for persons at home, in one
 * pass over all persons (the pass that dominates run time). Decisions read only the person's own state
 * and the month's decision terms (fixed before the pass, decision.ts), and their outcomes are queued and
 * applied after it, so the order of persons in the pass does not matter: everyone decides on the same information.
 *
 * Persons go by blocks: future emigrants whose month has come enter, the block's persons away and at home are
 * listed (without branching on a status, which the CPU could not predict), its draws are made at once (two for
 * each person away, then one for each person at home), then the persons away decide, then those at home.
 */
export function stepPersons(m: ModelState, t: number): void {
  const d = m.terms;
  const { status, entry, count } = m.persons;
  let active = 0;
  for (let lo = 0; lo < count; lo += BLOCK) {
    const hi = Math.min(count, lo + BLOCK);
    let away = 0;
    let home = 0;
    for (let i = lo; i < hi; i++) {
      if (entry[i] === t && status[i] === Status.NotYet) {
        m.setStatus(i, Status.AwayEmployed);
        m.entered++;
      }
      const st = status[i]!;
      awayIds[away] = i;
      away += AWAY[st]!;
      homeIds[home] = i;
      home += HOME[st]!;
    }
    active += away + home;
    m.rng.fill(draws, 2 * away + home);
    personsAway(m, d, t, away);
    personsHome(m, d, home, 2 * away);
  }
  m.month.activePersons = active;
}

/**
 * The block's persons away: city labour (job loss or re-hiring, savings, urban experience); then one draw decides
 * between settling in the city for good (leaving the model) and returning, with the return probability a logit of
 * home against city (returnUtility). A job lost this month already pushes this month.
 */
function personsAway(m: ModelState, d: DecisionTerms, t: number, n: number): void {
  const p = m.persons;
  for (let k = 0; k < n; k++) {
    const i = awayIds[k]!;
    const w = p.wage[i]! * d.wageIndex;
    let employed = p.status[i] === Status.AwayEmployed;
    if (employed) {
      if (draws[2 * k]! < d.jobLoss) {
        m.setStatus(i, Status.AwayUnemployed);
        employed = false;
      } else p.savings[i] = p.savings[i]! + w * d.savingRate;
    } else if (draws[2 * k]! < d.rehire) {
      m.setStatus(i, Status.AwayEmployed);
      employed = true;
    } else p.savings[i] = Math.max(0, p.savings[i]! - d.livingCost);
    if (p.urbanMonths[i]! < 65535) p.urbanMonths[i] = p.urbanMonths[i]! + 1;

    const home = homeIncomeForeseen(d, p, i, m.connected[p.village[i]!] === 1);
    const u = returnUtility(d, p, i, t, home, employed, w);
    const draw = draws[2 * k + 1]!;
    if (draw < d.settle) m.leaveModel(i);
    else if (belowLogistic(draw, d.settle, 1, u)) m.returning.push(i);
  }
}

/**
 * The block's persons at home: one draw decides between leaving again (with probability remigrationFactor *
 * logistic(leaveUtility), on last month's income at home) and, for non-creators in a connected village, weighing a
 * creator start (step 5, with probability creators.reconsider).
 */
function personsHome(m: ModelState, d: DecisionTerms, n: number, firstDraw: number): void {
  const p = m.persons;
  for (let k = 0; k < n; k++) {
    const i = homeIds[k]!;
    const st = p.status[i]!;
    const w = p.wage[i]! * d.wageIndex;
    const homeIncome = st === Status.HomeCreator ? m.channels.net[p.channel[i]!]! : d.incomeByStatus[st]!;
    const v = leaveUtility(d, p, i, homeIncome, w);
    const draw = draws[firstDraw + k]!;
    if (belowLogistic(draw, 0, d.remigrationFactor, v)) m.leaving.push(i);
    else if (st !== Status.HomeCreator && m.connected[p.village[i]!] && belowLogistic(draw, d.reconsider, d.remigrationFactor, v)) m.candidates.push(i);
  }
}
