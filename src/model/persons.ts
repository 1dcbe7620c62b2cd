import type { Scenario } from '../scenario/schema.js';
import { EDUCATION_LEVELS } from '../scenario/education.js';
import { logistic, type Random } from './random.js';

/** Where a person is and what they do. */
export const Status = {
  /** A future emigrant who has not left the county yet. */
  NotYet: 0,
  AwayEmployed: 1,
  AwayUnemployed: 2,
  HomeFarming: 3,
  HomeLocalJob: 4,
  HomeCreator: 5,
  /** Left the model: retired from migrant work, or settled in the city for good. */
  Left: 6,
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export const STATUS_COUNT = 7;

export function isAway(s: number): boolean {
  return s === Status.AwayEmployed || s === Status.AwayUnemployed;
}
export function isHome(s: number): boolean {
  return s >= Status.HomeFarming && s <= Status.HomeCreator;
}

/**
 * All persons as a structure of arrays: one typed array per attribute, indexed by person.
 * Persons are stored village by village, so acquaintances (mostly in the same village) sit close in memory.
 */
export class Persons {
  readonly count: number;
  readonly status: Uint8Array;
  /** Month index (from the run's start) at which a future emigrant leaves the county; 0 for the initial ones. */
  readonly entry: Int16Array;
  readonly village: Int32Array;
  readonly age: Uint8Array;
  readonly female: Uint8Array;
  /** Education level, index into EDUCATION_LEVELS. */
  readonly education: Uint8Array;
  readonly married: Uint8Array;
  readonly children: Uint8Array;
  readonly parentsHome: Uint8Array;
  /** Urban wage at wage index 1 (2015 RMB/month). */
  readonly wage: Float32Array;
  readonly savings: Float32Array;
  readonly debt: Float32Array;
  /** 1 once the person has defaulted on a loan (they never qualify for another). */
  readonly defaulted: Uint8Array;
  readonly nostalgia: Float32Array;
  /** Personal family weight (trait); the family pull adds marriage, children and parents to it. */
  readonly familyTrait: Float32Array;
  readonly family: Float32Array;
  readonly modernity: Float32Array;
  readonly risk: Float32Array;
  readonly skill: Float32Array;
  readonly knowledge: Float32Array;
  readonly trained: Uint8Array;
  readonly elite: Uint8Array;
  /** Last month (run index) in which a recruitment call still works. */
  readonly calledUntil: Int16Array;
  readonly urbanMonths: Uint16Array;
  readonly returnMonth: Int16Array;
  readonly channel: Int32Array;
  /** Acquaintances currently at home, returned elites at home, and successful creators: kept up to date by events. */
  readonly peersHome: Uint16Array;
  readonly elitePeersHome: Uint16Array;
  readonly successfulPeers: Uint16Array;

  constructor(count: number) {
    this.count = count;
    this.status = new Uint8Array(count);
    this.entry = new Int16Array(count);
    this.village = new Int32Array(count);
    this.age = new Uint8Array(count);
    this.female = new Uint8Array(count);
    this.education = new Uint8Array(count);
    this.married = new Uint8Array(count);
    this.children = new Uint8Array(count);
    this.parentsHome = new Uint8Array(count);
    this.wage = new Float32Array(count);
    this.savings = new Float32Array(count);
    this.debt = new Float32Array(count);
    this.defaulted = new Uint8Array(count);
    this.nostalgia = new Float32Array(count);
    this.familyTrait = new Float32Array(count);
    this.family = new Float32Array(count);
    this.modernity = new Float32Array(count);
    this.risk = new Float32Array(count);
    this.skill = new Float32Array(count);
    this.knowledge = new Float32Array(count);
    this.trained = new Uint8Array(count);
    this.elite = new Uint8Array(count);
    this.calledUntil = new Int16Array(count).fill(-1);
    this.urbanMonths = new Uint16Array(count);
    this.returnMonth = new Int16Array(count).fill(-1);
    this.channel = new Int32Array(count).fill(-1);
    this.peersHome = new Uint16Array(count);
    this.elitePeersHome = new Uint16Array(count);
    this.successfulPeers = new Uint16Array(count);
  }
}

/** Index of the first village of each person block: villageStart[v]..villageStart[v+1]-1 live in village v. */
export interface Population {
  readonly persons: Persons;
  readonly villageStart: Int32Array;
  readonly initial: number;
  readonly entrants: number;
}

const clip01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Probability of being married at `age` (logistic curve of the scenario). */
export function marriedShare(s: Scenario, age: number): number {
  return logistic((age - s.population.marriage_age) / s.population.marriage_spread);
}

export function familyPull(s: Scenario, p: Persons, i: number): number {
  const t = s.traits;
  return clip01(p.familyTrait[i]! + t.family_married * p.married[i]! + t.family_children * p.children[i]! + t.family_parents * p.parentsHome[i]!);
}

/**
 * Creates the emigrants: `agents` away at the start plus the future emigrants who leave during the run
 * (annual_inflow), each in a village; villages differ in size (log-normal weights).
 */
export function createPopulation(s: Scenario, months: number, rng: Random): Population {
  const pop = s.population;
  const initial = pop.agents;
  const entrants = Math.round(initial * pop.annual_inflow * (months / 12));
  const total = initial + entrants;
  const villages = pop.villages;

  // Village sizes: multinomial over log-normal weights (some villages are much larger).
  const weight = new Float64Array(villages);
  let sum = 0;
  for (let v = 0; v < villages; v++) sum += weight[v] = Math.exp(0.5 * rng.normal());
  const villageStart = new Int32Array(villages + 1);
  let assigned = 0;
  let rest = sum;
  for (let v = 0; v < villages; v++) {
    // Sequential binomial split, so sizes add up to total exactly.
    const left = total - assigned;
    const share = v === villages - 1 ? 1 : weight[v]! / rest;
    const n = v === villages - 1 ? left : Math.min(left, Math.max(0, Math.round(left * share + Math.sqrt(left * share * (1 - share)) * rng.normal())));
    villageStart[v] = assigned;
    assigned += n;
    rest -= weight[v]!;
  }
  villageStart[villages] = total;

  const p = new Persons(total);
  const eduShares = EDUCATION_LEVELS.map((e) => pop.education[e]);
  const eduSum = eduShares.reduce((a, b) => a + b, 0);
  const cumEdu = eduShares.map(((acc) => (x: number) => (acc += x / eduSum))(0));
  const wageByEdu = EDUCATION_LEVELS.map((e) => s.labour.wage[e]);
  const tr = s.traits;
  const eliteEducation = EDUCATION_LEVELS.indexOf(s.elite.education);
  const capitalEducation = EDUCATION_LEVELS.indexOf(s.elite.capital_education);
  const sigma = s.labour.wage_dispersion;
  let initialLeft = initial;

  for (let v = 0; v < villages; v++) {
    for (let i = villageStart[v]!; i < villageStart[v + 1]!; i++) {
      p.village[i] = v;
      // Selection sampling: exactly `initial` persons start away, the rest enter later.
      const isInitial = rng.uniform() * (total - i) < initialLeft;
      if (isInitial) initialLeft--;
      const age = isInitial ? Math.floor(rng.clippedNormal(pop.age_mean, pop.age_sd, pop.entry_age, pop.exit_age - 1)) : pop.entry_age;
      p.age[i] = age;
      p.entry[i] = isInitial ? 0 : 1 + rng.int(months - 1);
      p.status[i] = isInitial ? Status.AwayEmployed : Status.NotYet;
      p.female[i] = rng.uniform() < pop.female_share ? 1 : 0;
      const u = rng.uniform();
      let edu = 0;
      while (edu < cumEdu.length - 1 && u > cumEdu[edu]!) edu++;
      p.education[i] = edu;
      // Elite: a higher degree, or a degree and a family with capital (a business, land, standing at home).
      p.elite[i] = edu >= eliteEducation || (edu >= capitalEducation && rng.uniform() < s.elite.family_capital) ? 1 : 0;
      p.married[i] = rng.uniform() < marriedShare(s, age) ? 1 : 0;
      p.children[i] = p.married[i] && rng.uniform() < pop.children_if_married ? 1 : 0;
      p.parentsHome[i] = rng.uniform() < pop.parents_home ? 1 : 0;
      p.wage[i] = wageByEdu[edu]! * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
      p.savings[i] = isInitial ? rng.exponential(s.labour.initial_savings_months) * p.wage[i]! : 0;
      p.nostalgia[i] = rng.clippedNormal(tr.nostalgia.mean, tr.nostalgia.sd, 0, 1);
      p.familyTrait[i] = rng.clippedNormal(tr.family.mean, tr.family.sd, 0, 1);
      p.family[i] = familyPull(s, p, i);
      p.modernity[i] = clip01(rng.clippedNormal(tr.modernity.mean, tr.modernity.sd, 0, 1) + (tr.modernity_per_decade * (age - 25)) / 10);
      p.risk[i] = rng.clippedNormal(tr.risk.mean, tr.risk.sd, 0, 1);
      p.skill[i] = clip01(rng.clippedNormal(tr.media_skill.mean, tr.media_skill.sd, 0, 1) + tr.media_skill_per_education * edu);
      p.knowledge[i] = rng.clippedNormal(tr.local_knowledge.mean, tr.local_knowledge.sd, 0, 1);
      p.urbanMonths[i] = isInitial ? Math.min(600, Math.floor(rng.uniform() * 12 * (age - pop.entry_age + 1))) : 0;
    }
  }
  return { persons: p, villageStart, initial, entrants };
}
