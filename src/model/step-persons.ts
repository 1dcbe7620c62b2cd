import { homeIncomeForeseen, leaveChance, returnUtility, type DecisionTerms } from './decision.js';
import { Status } from './persons.js';
import type { ModelState } from './state.js';

/**
 * Steps 2 to 4 for persons away, and the decisions to leave again (step 7) for persons at home, in one
 * pass over all persons (the pass that dominates run time). Decisions read only the person's own state
 * and the month's decision terms (fixed before the pass, decision.ts), and their outcomes are queued and
 * applied after it, so the order of persons in the pass does not matter: everyone decides on the same information.
 */
export function stepPersons(m: ModelState, t: number): void {
  const d = m.terms;
  const { status, entry, count } = m.persons;
  let active = 0;
  for (let i = 0; i < count; i++) {
    const st = status[i]!;
    if (st === Status.NotYet) {
      if (entry[i] !== t) continue;
      m.setStatus(i, Status.AwayEmployed);
      m.entered++;
    } else if (st === Status.Left) continue;
    active++;
    if (status[i]! <= Status.AwayUnemployed) personAway(m, d, i, t);
    else personHome(m, d, i);
  }
  m.month.activePersons = active;
}

/**
 * Person i away: city labour (job loss or re-hiring, savings, urban experience); then one draw decides between
 * settling in the city for good (leaving the model) and returning, with the return probability a logit of home
 * against city (returnUtility). A job lost this month already pushes this month.
 */
function personAway(m: ModelState, d: DecisionTerms, i: number, t: number): void {
  const p = m.persons;
  const rand = m.rng.uniform;
  const w = p.wage[i]! * d.wageIndex;
  let employed = p.status[i] === Status.AwayEmployed;
  if (employed) {
    if (rand() < d.jobLoss) {
      m.setStatus(i, Status.AwayUnemployed);
      employed = false;
    } else p.savings[i] = p.savings[i]! + w * d.savingRate;
  } else if (rand() < d.rehire) {
    m.setStatus(i, Status.AwayEmployed);
    employed = true;
  } else p.savings[i] = Math.max(0, p.savings[i]! - d.livingCost);
  if (p.urbanMonths[i]! < 65535) p.urbanMonths[i] = p.urbanMonths[i]! + 1;

  const home = homeIncomeForeseen(d, p, i, m.connected[p.village[i]!] === 1);
  const pReturn = 1 / (1 + Math.exp(-returnUtility(d, p, i, t, home, employed, w)));
  const draw = rand();
  if (draw < d.settle) m.leaveModel(i);
  else if (draw < d.settle + pReturn) m.returning.push(i);
}

/**
 * Person i at home: one draw decides between leaving again (leaveChance, on last month's income at home) and, for
 * non-creators in a connected village, weighing a creator start (step 5).
 */
function personHome(m: ModelState, d: DecisionTerms, i: number): void {
  const p = m.persons;
  const st = p.status[i]!;
  const w = p.wage[i]! * d.wageIndex;
  const homeIncome = st === Status.HomeCreator ? m.channels.net[p.channel[i]!]! : st === Status.HomeLocalJob ? d.localWage : d.farm;
  const pLeave = leaveChance(d, p, i, homeIncome, w);
  const draw = m.rng.uniform();
  if (draw < pLeave) m.leaving.push(i);
  else if (st !== Status.HomeCreator && draw < pLeave + d.reconsider && m.connected[p.village[i]!]) m.candidates.push(i);
}
