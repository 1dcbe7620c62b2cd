import { monthOfYear } from '../scenario/month.js';
import { Programme } from './budget.js';
import { byAge, marriageChance } from './persons.js';
import type { ModelState } from './state.js';

/**
 * Step 1: the timelines move. The month's counters, spending and unmet demand start at zero. The yearly budget is set in January; every January persons age a year
 * (some marry; those reaching the exit age leave the model); villages connect as coverage grows; a
 * scheduled festival is held if the budget can pay for it (its effects act in steps 4 and 6).
 */
export function stepWorld(m: ModelState, t: number): void {
  m.month.reset();
  m.budget.startMonth();
  const january = monthOfYear(m.tl.start + t) === 1;
  if (t === 0 || january) m.budget.startYear(m.tl.budget[t]!);
  if (t > 0 && january) ageOneYear(m, t);
  connectVillages(m, t);
  const fest = m.s.policies.festivals;
  m.festivalHeld = m.tl.running.festivals[t] === 1 && m.budget.spend(Programme.festivals, fest.cost);
  if (m.festivalHeld) m.month.festivals++;
  const loans = m.s.policies.loans;
  m.loanCapacity = m.tl.running.loans[t] ? m.rng.round(loans.per_month) : 0;
}

/**
 * Persons away or at home age a year, on the person pass's threads (ageing.ts), which list those reaching the exit
 * age; they then leave the model in person order (a person at home departs first: state.ts leaveModel).
 */
function ageOneYear(m: ModelState, t: number): void {
  const s = m.s;
  const p = m.persons;
  const exitAge = s.population.exit_age;
  m.personPass.age(
    {
      status: p.status,
      age: p.age,
      flags: p.flags,
      family: p.family,
      modernity: p.modernity,
      marry: byAge(s, marriageChance),
      exitAge,
      childrenIfMarried: s.population.children_if_married,
      modernityPerYear: s.traits.modernity_per_decade / 10,
      traits: s.traits,
    },
    t,
    (i) => m.leaveModel(i),
  );
}

/** Villages connect in a fixed random order until the connected share matches coverage. */
function connectVillages(m: ModelState, t: number): void {
  const villages = m.connected.length;
  const target = Math.round(m.tl.coverage[t]! * villages);
  const fresh = target - m.connectedCount;
  if (fresh === 0) return;
  for (let k = Math.min(target, m.connectedCount); k < Math.max(target, m.connectedCount); k++) {
    m.connected[m.connectionOrder[k]!] = fresh > 0 ? 1 : 0;
  }
  // Connections are paid mostly from higher government: counted, but not held back by the county budget.
  if (fresh > 0 && t > 0) m.budget.spendAnyway(Programme.network, fresh * m.s.policies.network.cost_per_village);
  m.connectedCount = target;
}
