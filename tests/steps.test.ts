// One test per step of the schedule, on a tiny state (tests/support/tiny-state.ts): each step's invariant, checked
// after running the steps before it. Below the whole-run tests (findings, targets): these run in about a second.
import { describe, expect, it, vi } from 'vitest';
import { Programme } from '../src/model/budget.js';
import { EDUCATION_LEVELS } from '../src/scenario/education.js';
import { contentQuality, creatorCost, localIncome, riskDiscount } from '../src/model/creator-prospects.js';
import { SCHEDULE } from '../src/model/definition.js';
import { creatorOptionOf, leaveChance, localIncomeOf, nonfarmChanceOf, returnUtility } from '../src/model/decision.js';
import { Flag, flagOf, isAway, isHome, Loan, loanOf, setLoan, Status } from '../src/model/persons.js';
import { trait, traitCode } from '../src/model/kernel/person-pass.js';
import { acquaintances, bookkeepingErrors, personsWhere, runMonths, runStep, runUntil, tinyState } from './support/tiny-state.js';

describe('schedule', () => {
  it('declares each step once, with one signature and an ODD section', () => {
    expect(SCHEDULE.map((s) => s.name)).toEqual(['world', 'signals', 'outreach', 'persons', 'moves', 'creators', 'government', 'close']);
    for (const step of SCHEDULE) {
      expect(step.run.length, step.name).toBe(2);
      expect(step.odd, step.name).toMatch(/^7\.\d+(, 7\.\d+)*$/);
    }
  });
});

describe('world (7.1)', () => {
  it('starts the month at zero and connects the villages coverage asks for, paying for new ones', async () => {
    const m = await tinyState(['county.network_coverage={interpolation: step, points: {2021-01: 0.34, 2021-02: 1}}']);
    m.month.returns = 5;
    runStep(m, 0, 'world');
    expect(m.month.returns).toBe(0);
    expect(m.connectedCount).toBe(1);
    expect(Array.from(m.connected).reduce((a, b) => a + b, 0)).toBe(1);
    expect(m.budget.spentBy[Programme.network]).toBe(0); // villages connected before the run are not bought now
    runStep(m, 1, 'world');
    expect(Array.from(m.connected)).toEqual([1, 1, 1]);
    expect(m.budget.spentBy[Programme.network]).toBe(2 * m.s.policies.network.cost_per_village);
  });

  it('ages everyone in January; those reaching the exit age leave the model', async () => {
    const m = await tinyState();
    runMonths(m, 12);
    const p = m.persons;
    const active = personsWhere(m, (s) => s !== Status.NotYet && s !== Status.Left);
    const last = active[0]!;
    p.age[last] = m.s.population.exit_age - 1;
    const ages = active.map((i) => p.age[i]!);
    const modernity = active.map((i) => p.modernity[i]!);
    const family = active.map((i) => p.family[i]!);
    const married = active.map((i) => flagOf(p, i, Flag.Married));
    const left = m.left;
    // Every active person turning the exit age leaves: `last`, and any the seed put one year short of it.
    const leaving = active.filter((i) => p.age[i] === m.s.population.exit_age - 1);
    runStep(m, 12, 'world'); // 2022-01
    for (const i of leaving) expect(p.status[i]).toBe(Status.Left);
    expect(m.left).toBe(left + leaving.length);
    active.forEach((i, k) => expect(p.age[i]).toBe(ages[k]! + 1));
    // Traits stay on their 16-bit grid: modernity fades by a tenth of modernity_per_decade, family pull rises on
    // marrying, each rounded to the nearest code as traitCode rounds (the same function wherever a trait is written).
    const perYear = m.s.traits.modernity_per_decade / 10;
    const aged = active.filter((i) => !leaving.includes(i));
    expect(aged.length).toBeGreaterThan(0);
    for (const i of aged) {
      const k = active.indexOf(i);
      expect(p.modernity[i]).toBe(traitCode(Math.min(1, Math.max(0, trait(modernity[k]!) + perYear))));
      if (married[k] === 0 && flagOf(p, i, Flag.Married) === 1) expect(p.family[i]).toBeGreaterThan(family[k]!);
      else expect(p.family[i]).toBe(family[k]);
    }
    expect(bookkeepingErrors(m)).toEqual([]);
  });

  it('holds a festival only if the budget pays for it, else books the demand as unmet', async () => {
    const m = await tinyState(['policies.festivals.start=2021-01', 'policies.festivals.per_year=12', 'policies.budget=0']);
    runStep(m, 0, 'world');
    expect(m.festivalHeld).toBe(false);
    expect(m.budget.unmetBy[Programme.festivals]).toBe(m.s.policies.festivals.cost);
    expect(m.budget.left).toBeGreaterThanOrEqual(0);
  });
});

describe('signals (7.3)', () => {
  it('turns persons reached in the last 12 months into the support people see, capped at 1', async () => {
    const m = await tinyState();
    m.reachedYear = m.s.decision.support_reference / 4;
    runUntil(m, 0, 'outreach');
    expect(m.signals.support).toBeCloseTo(0.25, 12);
    m.reachedYear = m.s.decision.support_reference * 3;
    runStep(m, 0, 'signals');
    expect(m.signals.support).toBe(1);
    // The month's decision terms follow the signals.
    expect(m.terms.future).toBeCloseTo(m.s.decision.support * 1 + m.s.decision.future * m.signals.prospects, 12);
  });
});

describe('outreach (7.4)', () => {
  it('calls only educated persons away, no more than the budget pays for, and not twice while a call works', async () => {
    const m = await tinyState(['policies.outreach.calls=1000', 'policies.outreach.start=2021-01', 'policies.outreach.education=high_school']);
    runUntil(m, 0, 'outreach');
    const o = m.s.policies.outreach;
    m.budget.startYear(5 * o.cost);
    runStep(m, 0, 'outreach');
    const called = personsWhere(m, (_, i) => m.persons.calledUntil[i]! >= 0);
    expect(called).toHaveLength(5);
    expect(m.month.calls).toBe(5);
    expect(m.budget.left).toBe(0);
    const minEducation = EDUCATION_LEVELS.indexOf(o.education);
    for (const i of called) {
      expect(isAway(m.persons.status[i]!)).toBe(true);
      expect(m.persons.education[i]).toBeGreaterThanOrEqual(minEducation);
      expect(m.persons.calledUntil[i]).toBe(o.effect_months - 1);
    }
    m.budget.startYear(1000 * o.cost);
    runStep(m, 1, 'outreach');
    const again = personsWhere(m, (_, i) => m.persons.calledUntil[i]! >= 1 + o.effect_months - 1);
    expect(again.filter((i) => called.includes(i))).toEqual([]);
  });

  it('draws one person an attempt and stops at the last call: the calls and the generator as drawing one at a time', async () => {
    // The step draws its persons in batches (read ahead, then taken) and puts the generator back past the last call.
    const set = ['policies.outreach.calls=1000', 'policies.outreach.start=2021-01', 'policies.outreach.education=college'];
    const [a, b] = [await tinyState(set), await tinyState(set)];
    for (const m of [a, b]) {
      runUntil(m, 0, 'outreach');
      m.budget.startYear(3 * m.s.policies.outreach.cost);
    }
    // b by the rule: the draw that rounds the calls, then rng.int(count) until three callable persons are found.
    b.rng.round(b.s.policies.outreach.calls);
    const p = b.persons;
    const college = EDUCATION_LEVELS.indexOf('college');
    const expected: number[] = [];
    while (expected.length < 3) {
      const i = b.rng.int(p.count);
      if (p.education[i]! >= college && isAway(p.status[i]!) && p.calledUntil[i]! < 0 && !expected.includes(i)) expected.push(i);
    }
    runStep(a, 0, 'outreach');
    expect(personsWhere(a, (_, i) => a.persons.calledUntil[i]! >= 0)).toEqual(expected.sort((x, y) => x - y));
    expect([a.rng.next(), a.rng.next()]).toEqual([b.rng.next(), b.rng.next()]);
  });
});

describe('persons (7.5, 7.6)', () => {
  it('only queues moves: entrants arrive on their month, the left are skipped, queues hold the right people', async () => {
    const m = await tinyState(['decision.intercept=2', 'remigration.intercept=2', 'creators.reconsider=1']);
    runMonths(m, 3);
    runUntil(m, 3, 'persons');
    const p = m.persons;
    const entrants = personsWhere(m, (s, i) => s === Status.NotYet && p.entry[i] === 3);
    const later = personsWhere(m, (s, i) => s === Status.NotYet && p.entry[i]! > 3);
    const home = personsWhere(m, (s) => isHome(s));
    const before = Array.from(p.status);
    const activeBefore = personsWhere(m, (st) => st !== Status.NotYet && st !== Status.Left).length;
    runStep(m, 3, 'persons');
    for (const i of entrants) expect(isAway(p.status[i]!) || p.status[i] === Status.Left, `entrant ${i}`).toBe(true);
    for (const i of later) expect(p.status[i]).toBe(Status.NotYet);
    // Persons at home keep their status: their moves are queued for the next step.
    for (const i of home) expect(p.status[i]).toBe(before[i]);
    const queued = (list: typeof m.returning) => Array.from(list.ids.subarray(0, list.length));
    const returning = queued(m.returning);
    const leaving = queued(m.leaving);
    const candidates = queued(m.candidates);
    expect(returning.length + leaving.length).toBeGreaterThan(0);
    for (const id of returning) expect(isAway(p.status[id < 0 ? ~id : id]!)).toBe(true);
    for (const i of leaving) expect(isHome(p.status[i]!)).toBe(true);
    for (const i of candidates) {
      expect([Status.HomeFarming, Status.HomeLocalJob]).toContain(p.status[i]);
      expect(m.connected[p.village[i]!]).toBe(1);
      expect(leaving).not.toContain(i);
    }
    // Persons simulated: everyone away or at home before the pass, and the entrants (settlers included).
    expect(m.month.activePersons).toBe(activeBefore + entrants.length);
  });

  it('tests whether a creator start pays where it has the columns: returners for whom it does queued as ~i, candidates only then', async () => {
    // No running or start cost, every village connected: a start pays for some persons, not for others.
    const m = await tinyState(['county.network_coverage=1', 'creators.reconsider=1', 'creators.start_cost=0', 'creators.monthly_cost=0', 'creators.data_use=0']);
    const p = m.persons;
    // tryCreator's test before the budget and the finance, as step-occupation.ts made it before the pass did.
    const pays = (i: number) => m.connected[p.village[i]!] === 1 && creatorOptionOf(m.terms, p, i) - m.terms.costWithGrant > localIncomeOf(m.terms, p, i);
    const seen = { minded: 0, plain: 0, candidates: 0 };
    for (let t = 0; t < 24; t++) {
      runUntil(m, t, 'persons');
      runStep(m, t, 'persons');
      for (const id of Array.from(m.returning.ids.subarray(0, m.returning.length))) {
        const i = id < 0 ? ~id : id;
        expect(pays(i), `returner ${i}, month ${t}`).toBe(id < 0);
        seen[id < 0 ? 'minded' : 'plain']++;
      }
      for (const i of Array.from(m.candidates.ids.subarray(0, m.candidates.length))) expect(pays(i), `candidate ${i}, month ${t}`).toBe(true);
      seen.candidates += m.candidates.length;
      for (const step of SCHEDULE.slice(SCHEDULE.findIndex((s) => s.name === 'moves'))) step.run(m, t);
    }
    expect(seen.minded).toBeGreaterThan(0);
    expect(seen.plain).toBeGreaterThan(0);
    expect(seen.candidates).toBeGreaterThan(0);
  });
});

describe('moves (7.7, 7.8)', () => {
  it('handles leavers before arrivals and keeps every acquaintance counter exact', async () => {
    const m = await tinyState(['decision.intercept=1', 'remigration.intercept=1']);
    runMonths(m, 4);
    runUntil(m, 4, 'moves');
    expect(m.leaving.length).toBeGreaterThan(0);
    expect(m.returning.length).toBeGreaterThan(0);
    const order: string[] = [];
    const depart = vi.spyOn(m, 'depart').mockImplementation(function (this: typeof m, i, next) {
      order.push('leave');
      return Object.getPrototypeOf(m).depart.call(m, i, next);
    });
    const arrive = vi.spyOn(m, 'arrive').mockImplementation(function (this: typeof m, i) {
      order.push('arrive');
      return Object.getPrototypeOf(m).arrive.call(m, i);
    });
    const leavers = m.leaving.length;
    const returners = m.returning.length;
    runStep(m, 4, 'moves');
    depart.mockRestore();
    arrive.mockRestore();
    expect(order).toEqual([...Array<string>(leavers).fill('leave'), ...Array<string>(returners).fill('arrive')]);
    expect(m.month.remigrations).toBe(leavers);
    expect(m.month.returns).toBe(returners);
    expect(m.leaving.length + m.returning.length + m.candidates.length).toBe(0);
    expect(bookkeepingErrors(m)).toEqual([]);
  });

  it('gives a start grant and a loan only when they close the gap, within the budget', async () => {
    const m = await tinyState(['policies.subsidies.start_grant=1000']);
    runMonths(m, 6);
    expect(m.month.grants).toBeLessThanOrEqual(m.month.newCreators);
    expect(m.month.loansIssued).toBeLessThanOrEqual(m.month.loanApplications);
    expect(m.budget.left).toBeGreaterThanOrEqual(0);
  });
});

describe('creators (7.9)', () => {
  it('never gives the county creators more followers than the audience has attention for', async () => {
    const m = await tinyState(['creators.stayer_entry=0.2', 'county.network_coverage=1']);
    for (let t = 0; t < 12; t++) {
      runUntil(m, t, 'creators');
      runStep(m, t, 'creators');
      let followers = 0;
      for (let j = 0; j < m.channels.activeCount; j++) followers += m.channels.followers[m.channels.active[j]!]!;
      expect(followers, `month ${t}`).toBeLessThanOrEqual(m.creatorMonth.capacity * (1 + 1e-12));
      // A returnee creator's skill and knowledge, learned on the channel, are the person's too, rounded to the traits' grid.
      for (let j = 0; j < m.channels.activeCount; j++) {
        const c = m.channels.active[j]!;
        const owner = m.channels.owner[c]!;
        if (owner < 0) continue;
        expect(m.persons.skill[owner]).toBe(traitCode(m.channels.skill[c]!));
        expect(m.persons.knowledge[owner]).toBe(traitCode(m.channels.knowledge[c]!));
      }
      runStep(m, t, 'government');
      runStep(m, t, 'close');
    }
    expect(m.channels.activeCount).toBeGreaterThan(0);
  });

  it('a closed channel no longer counts as a successful peer for its owner\'s acquaintances', async () => {
    const m = await tinyState(['county.network_coverage=1']);
    runMonths(m, 1);
    const owner = personsWhere(m, (s) => isAway(s)).find((i) => acquaintances(m, i).length > 0)!;
    m.arrive(owner);
    const c = m.openChannel(owner, 0.5, 0.5, false);
    m.setSuccessful(c, true);
    // The counters as the next person pass reads them (changes are told, then settled before it).
    m.settleAcquaintances();
    const peers = acquaintances(m, owner);
    const before = peers.map((j) => m.persons.successfulPeers[j]!);
    expect(bookkeepingErrors(m)).toEqual([]);
    m.closeChannel(c, true);
    m.settleAcquaintances();
    peers.forEach((j, k) => expect(m.persons.successfulPeers[j]).toBe(before[k]! - peers.filter((x) => x === j).length));
    expect(m.persons.channel[owner]).toBe(-1);
    expect([Status.HomeFarming, Status.HomeLocalJob]).toContain(m.persons.status[owner]);
    expect(bookkeepingErrors(m)).toEqual([]);
  });
});

describe('government (7.10)', () => {
  it('collects instalments into the budget and never spends more than is left on training', async () => {
    const m = await tinyState(['policies.training.seats=1000', 'policies.training.start=2021-01']);
    runMonths(m, 2);
    const borrower = personsWhere(m, (s) => isHome(s))[0] ?? personsWhere(m, (s) => isAway(s))[0]!;
    const loans = m.s.policies.loans;
    setLoan(m.persons, borrower, Loan.Owing);
    m.loanBook.push(borrower, loans.amount);
    runUntil(m, 2, 'government');
    const cost = m.s.policies.training.cost;
    m.budget.left = 3 * cost;
    // Months 0 and 1 trained nearly everyone; untrain them so the seats find takers whatever the draws.
    for (let i = 0; i < m.persons.count; i++) m.persons.flags[i] = m.persons.flags[i]! & ~Flag.Trained;
    // Instalments due this month: the test's borrower's and any others'.
    const book = m.loanBook;
    let due = 0;
    for (let j = 0; j < book.length; j++) {
      const i = book.ids[j]!;
      if (loanOf(m.persons, i) === Loan.Owing && m.persons.status[i] !== Status.Left) due += Math.min(book.owed[j]!, loans.amount / loans.term);
    }
    runStep(m, 2, 'government');
    expect(m.loanBook.owed[Array.from(m.loanBook.ids.subarray(0, m.loanBook.length)).indexOf(borrower)]).toBeCloseTo(loans.amount - loans.amount / loans.term, 9);
    // At most the seats that what was left, plus the instalments credited before training, pays for; seats no
    // eligible person took are refunded, so training spends exactly its filled seats.
    expect(m.month.trained).toBeGreaterThan(0);
    expect(m.month.trained).toBeLessThanOrEqual(Math.floor((3 * cost + due) / cost));
    expect(m.budget.spentBy[Programme.training]).toBe(m.month.trained * cost);
    expect(m.budget.left).toBeGreaterThanOrEqual(0);
  });
});

describe('close (7.3)', () => {
  it('keeps the persons reached over exactly the last 12 months', async () => {
    const m = await tinyState();
    for (let t = 0; t < 14; t++) {
      m.month.reset();
      m.month.calls = t + 1;
      runStep(m, t, 'close');
    }
    // Months 2..13 reached 3..14 persons.
    expect(m.reachedYear).toBe((3 + 14) * 6);
  });
});

describe('formulas (one home each)', () => {
  it('content quality, risk discount, local income and the cost of a channel', async () => {
    const m = await tinyState();
    const cr = m.s.creators;
    expect(contentQuality(cr, 1, 0, 1, 0)).toBeCloseTo(cr.quality_base + cr.quality_skill, 12);
    expect(contentQuality(cr, 0, 1, 1, 1)).toBeCloseTo(cr.quality_base + cr.quality_knowledge + cr.couple_boost, 12);
    expect(riskDiscount(0.4, 1)).toBe(1);
    expect(riskDiscount(0.4, 0)).toBeCloseTo(0.6, 12);
    expect(localIncome(1000, 3000, 0.25)).toBe(1500);
    const { ownCapital, monthly } = creatorCost(m.s, 120, cr.start_cost + 1);
    expect(ownCapital).toBe(0);
    expect(monthly).toBeCloseTo(cr.monthly_cost + (cr.data_use * 120) / 12, 9);
  });

  it('the return utility rises with nostalgia and role models; the chance to leave again stays below its factor', async () => {
    const m = await tinyState(['remigration.intercept=10']);
    runUntil(m, 0, 'persons');
    const p = m.persons;
    const i = personsWhere(m, (s) => isAway(s))[0]!;
    const u = () => returnUtility(m.terms, p, i, 0, 1000, true, 4000);
    p.nostalgia[i] = traitCode(0.2);
    const u0 = u();
    p.nostalgia[i] = traitCode(0.7);
    expect(u() - u0).toBeCloseTo(m.terms.nostalgia * (trait(traitCode(0.7)) - trait(traitCode(0.2))), 12);
    expect(u()).toBeGreaterThan(u0);
    const u1 = u();
    p.successfulPeers[i] = p.successfulPeers[i]! + 1;
    expect(u()).toBeCloseTo(u1 + m.s.decision.successful_peers, 9);
    const leave = leaveChance(m.terms, p, i, 0, 4000);
    expect(leave).toBeLessThanOrEqual(m.terms.remigrationFactor);
    expect(leave).toBeGreaterThan(0.99 * m.terms.remigrationFactor);
  });

  it('urban experience counts up to county.experience_months: the local income and the non-farm chance stay put beyond', async () => {
    const m = await tinyState();
    runUntil(m, 0, 'persons');
    const p = m.persons;
    const n = m.s.county.experience_months;
    const at = (months: number) => {
      p.urbanMonths[0] = months;
      return [localIncomeOf(m.terms, p, 0), nonfarmChanceOf(m.nonfarmByExperience, p, 0)];
    };
    expect(at(n - 1)[1]).toBeLessThan(at(n)[1]!);
    expect(at(0)[0]).toBeLessThan(at(n)[0]!);
    for (const beyond of [n + 1, 2 * n, 65_535]) expect(at(beyond)).toEqual(at(n));
  });
});
