import { monthOfYear } from '../scenario/month.js';
import { Programme } from './budget.js';
import { byAge, familyPullMarried, Flag, flagOf, isHome, marriageChance, setFlag, Status } from './persons.js';
import type { ModelState } from './state.js';
import { trait, traitCode } from './kernel/person-pass.js';

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
  if (t > 0 && january) ageOneYear(m);
  connectVillages(m, t);
  const fest = m.s.policies.festivals;
  m.festivalHeld = m.tl.running.festivals[t] === 1 && m.budget.spend(Programme.festivals, fest.cost);
  if (m.festivalHeld) m.month.festivals++;
  const loans = m.s.policies.loans;
  m.loanCapacity = m.tl.running.loans[t] ? m.rng.round(loans.per_month) : 0;
}

function ageOneYear(m: ModelState): void {
  const s = m.s;
  const p = m.persons;
  const exitAge = s.population.exit_age;
  const marry = byAge(s, marriageChance);
  const modernityPerYear = s.traits.modernity_per_decade / 10;
  for (let i = 0; i < p.count; i++) {
    const st = p.status[i]!;
    if (st === Status.NotYet || st === Status.Left) continue;
    const age = p.age[i]! + 1;
    p.age[i] = age;
    if (age >= exitAge) {
      m.leaveModel(i);
      continue;
    }
    if (!flagOf(p, i, Flag.Married)) {
      // Marry with the probability that keeps the married share on the scenario's age curve.
      if (m.rng.uniform() < marry[age]!) {
        setFlag(p, i, Flag.Married, true);
        setFlag(p, i, Flag.Children, m.rng.uniform() < s.population.children_if_married);
        p.family[i] = traitCode(familyPullMarried(s, trait(p.family[i]!), flagOf(p, i, Flag.Children)));
      }
    }
    // The wish for modernity fades with age.
    if (isHome(st) || st === Status.AwayEmployed || st === Status.AwayUnemployed) {
      p.modernity[i] = traitCode(Math.min(1, Math.max(0, trait(p.modernity[i]!) + modernityPerYear)));
    }
  }
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
