import type { Scenario } from '../scenario/schema.js';
import { EDUCATION_LEVELS } from '../scenario/education.js';
import { allocateColumns, type Columns, type ColumnSpecs } from '../core/columns.js';
import { logistic } from './logistic.js';
import { Code, loanOfFlags, traitCode } from './kernel/person-pass.js';
import { Random } from '../core/random.js';
import { Purpose, startVillage, shareRanges } from './village-streams.js';

/** Where a person is and what they do (the codes are the person pass's, kernel/person-pass.ts). */
export const Status = {
  /** A future emigrant who has not left the county yet. */
  NotYet: Code.NOT_YET,
  AwayEmployed: Code.AWAY_EMPLOYED,
  AwayUnemployed: Code.AWAY_UNEMPLOYED,
  HomeFarming: Code.HOME_FARMING,
  HomeLocalJob: Code.HOME_LOCAL_JOB,
  HomeCreator: Code.HOME_CREATOR,
  /** Left the model: retired from migrant work, or settled in the city for good. */
  Left: Code.LEFT,
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export const STATUS_COUNT = 7;

/** A person's start-up loan; the principal still owed is kept in the loan book (state.ts), not per person. */
export const Loan = { None: Code.LOAN_NONE, Owing: 1, Defaulted: 2 } as const;

/**
 * A person's yes/no attributes, one bit each of the `flags` column (one byte instead of five; the person pass reads
 * Trained), and the start-up loan's state in the two bits above them (loanOf, setLoan).
 */
export const Flag = { Married: 1, Children: 2, ParentsHome: 4, Elite: 8, Trained: Code.FLAG_TRAINED } as const;
export type Flag = (typeof Flag)[keyof typeof Flag];

/** 1 when person i has `flag`, else 0. */
export function flagOf(p: Persons, i: number, flag: Flag): number {
  return (p.flags[i]! & flag) === 0 ? 0 : 1;
}

/** Gives person i `flag` (when `on`; flags are only ever set). */
export function setFlag(p: Persons, i: number, flag: Flag, on: boolean): void {
  if (on) p.flags[i] = p.flags[i]! | flag;
}

/** Person i's start-up loan (Loan). */
export function loanOf(p: Persons, i: number): number {
  return loanOfFlags(p.flags[i]!);
}

/** Sets person i's start-up loan to `loan` (Loan). */
export function setLoan(p: Persons, i: number, loan: number): void {
  p.flags[i] = (p.flags[i]! & ~(3 << Code.LOAN_SHIFT)) | (loan << Code.LOAN_SHIFT);
}

export function isAway(s: number): boolean {
  return s === Status.AwayEmployed || s === Status.AwayUnemployed;
}
export function isHome(s: number): boolean {
  return s >= Status.HomeFarming && s <= Status.HomeCreator;
}

/**
 * The attributes of a person, one typed array each, indexed by person (see core/columns.ts). Persons are stored
 * village by village, so acquaintances (mostly in the same village) sit close in memory.
 */
export const PERSON_COLUMNS = {
  status: { type: Uint8Array, doc: 'Where the person is and what they do (Status).' },
  entry: { type: Int16Array, doc: 'Month index (from the run\'s start) at which a future emigrant leaves the county; 0 for the initial ones.' },
  village: { type: Uint16Array, doc: 'Home village (16 bits: population.villages is at most 65,535).' },
  age: { type: Uint8Array, doc: 'Age in years.' },
  education: { type: Uint8Array, doc: 'Education level, index into EDUCATION_LEVELS.' },
  flags: { type: Uint8Array, doc: 'Yes/no attributes, a bit each (Flag): married, with children, parents in the home village, elite (a higher degree, or a degree and family capital), trained; and the start-up loan (Loan, two bits: loanOf, setLoan): none (or repaid), owing (the principal owed is in the loan book), defaulted (never qualifies for another).' },
  wage: { type: Float32Array, doc: 'Urban wage at wage index 1 (2015 RMB/month).' },
  savings: { type: Float32Array, doc: 'Savings, RMB.' },
  // The six traits (0..1) as 16-bit codes: read with trait(), written with traitCode() (kernel/person-pass.ts).
  nostalgia: { type: Uint16Array, doc: 'Attachment to the hometown, 0..1 (trait; a 16-bit code, see traitCode).' },
  family: { type: Uint16Array, doc: 'Family pull, 0..1: the personal weight of family ties (a trait) plus marriage, children and parents (familyPull; a 16-bit code).' },
  modernity: { type: Uint16Array, doc: 'Wish for urban modern life, 0..1 (a 16-bit code).' },
  risk: { type: Uint16Array, doc: 'Willingness to take risks, 0..1 (a 16-bit code).' },
  skill: { type: Uint16Array, doc: 'Media skill, 0..1 (a 16-bit code).' },
  knowledge: { type: Uint16Array, doc: 'Local knowledge, 0..1 (a 16-bit code).' },
  calledUntil: { type: Int16Array, initial: -1, doc: 'Last month (run index) in which a recruitment call still works.' },
  urbanMonths: { type: Uint16Array, doc: 'Months of urban work experience.' },
  channel: { type: Int32Array, initial: -1, doc: 'Open creator channel; -1 none.' },
  peersHome: { type: Uint16Array, doc: 'Acquaintances at home (kept up to date by arrivals and departures).' },
  elitePeersHome: { type: Uint16Array, doc: 'Returned elites at home among the acquaintances.' },
  successfulPeers: { type: Uint16Array, doc: 'Successful creators among the acquaintances.' },
} as const satisfies ColumnSpecs;

/** All persons as a structure of arrays: `persons.status[i]` is person i's status. */
export type Persons = Columns<typeof PERSON_COLUMNS> & { readonly count: number };

/**
 * `count` persons with every column at its initial value. A plain object, not a class instance: V8 keeps a plain
 * object with this many properties in fast mode, a class instance given them after construction in dictionary mode.
 */
export function createPersons(count: number): Persons {
  return { count, ...allocateColumns(PERSON_COLUMNS, count) };
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

/** Chance that a person unmarried at age - 1 marries on turning `age`: what keeps the married share on its curve. */
export function marriageChance(s: Scenario, age: number): number {
  const before = marriedShare(s, age - 1);
  return (marriedShare(s, age) - before) / (1 - before);
}

/** A table of f(age) for ages 0 to population.exit_age, for passes over all persons. */
export function byAge(s: Scenario, f: (s: Scenario, age: number) => number): Float64Array {
  return Float64Array.from({ length: s.population.exit_age + 1 }, (_, age) => f(s, age));
}

/** Family pull: the personal weight of family ties (`trait`) plus marriage, children and parents at home, capped at 1. */
export function familyPull(s: Scenario, trait: number, married: number, children: number, parentsHome: number): number {
  const t = s.traits;
  return clip01(trait + t.family_married * married + t.family_children * children + t.family_parents * parentsHome);
}

/**
 * Family pull after a marriage (`children` 1 with children), from the pull before: marriage and children add to
 * the trait and parents, which the pull before holds unless capped (then both are 1). So the trait need not be kept.
 */
export function familyPullMarried(traits: Pick<Scenario['traits'], 'family_married' | 'family_children'>, before: number, children: number): number {
  return Math.min(1, before + traits.family_married + traits.family_children * children);
}

/**
 * Several threads for createPopulation: `run` has thread r (1 .. threads - 1) draw the villages of jobs[r - 1]
 * (pass-worker.ts, drawVillages) while this thread runs `own`.
 */
export interface PopulationThreads {
  readonly threads: number;
  run(jobs: readonly VillageJob[], own: () => void): void;
}

/**
 * What drawing villages v0..v1-1 needs: on a worker thread the persons' columns are over shared memory (the pass's,
 * kernel/load.ts), the rest copies.
 */
export interface VillageJob {
  readonly s: Scenario;
  readonly months: number;
  /** The replication's key (kernel/draws.ts): village v's generator is seeded by (key, Purpose.POPULATION, v). */
  readonly key: Int32Array;
  readonly villageStart: Int32Array;
  /** How many of each village's persons start away (the others are future emigrants). */
  readonly initialIn: Int32Array;
  readonly persons: Persons;
  readonly v0: number;
  readonly v1: number;
}

/** Where createPopulation puts the persons: their columns, and the threads that may draw them (none: this one). */
export interface PopulationTarget {
  readonly persons: Persons;
  readonly threads?: PopulationThreads | undefined;
}

/**
 * Creates the emigrants: `agents` away at the start plus the future emigrants who leave during the run
 * (annual_inflow), each in a village; villages differ in size (log-normal weights). The villages' sizes, and how
 * many of each village's persons start away, are drawn from `rng`, the replication's stream; each village's persons
 * then from a generator of its own, keyed by (key, Purpose.POPULATION, village) (village-streams.ts), so the villages can be
 * drawn on several threads (`allocate`'s, in contiguous ranges of about as many persons) with the same bytes.
 * `allocate` makes the persons' columns (where the person pass wants them: kernel/load.ts).
 */
export function createPopulation(s: Scenario, months: number, rng: Random, key: Int32Array, allocate: (count: number) => PopulationTarget = (count) => ({ persons: createPersons(count) })): Population {
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

  // Exactly `initial` persons start away, any `initial` of the `total` alike: selection sampling over all persons
  // (Knuth's algorithm S), of which only each village's count is kept (a sequential hypergeometric split); which of
  // a village's persons they are is drawn with the village (drawVillages). One uniform a person: about 5 ms a million.
  // The uniforms are drawn a block at a time (Random.fill: the same as one by one, at half the cost).
  const initialIn = new Int32Array(villages);
  const draws = new Float64Array(4096);
  let initialLeft = initial;
  for (let v = 0, i = 0, next = draws.length; v < villages; v++) {
    const before = initialLeft;
    for (const end = villageStart[v + 1]!; i < end; i++) {
      if (next === draws.length) {
        rng.fill(draws, Math.min(draws.length, total - i));
        next = 0;
      }
      if (draws[next++]! * (total - i) < initialLeft) initialLeft--;
    }
    initialIn[v] = before - initialLeft;
  }

  const { persons, threads } = allocate(total);
  const job = (v0: number, v1: number): VillageJob => ({ s, months, key, villageStart, initialIn, persons, v0, v1 });
  const t = threads === undefined || total === 0 ? 1 : threads.threads;
  if (t === 1) drawVillages(job(0, villages));
  else {
    const first = shareRanges(villageStart, t);
    threads!.run(
      first.slice(1, -1).map((v0, k) => job(v0, first[k + 2]!)),
      () => drawVillages(job(0, first[1]!)),
    );
  }
  return { persons, villageStart, initial, entrants };
}

/** Draws the persons of villages job.v0..job.v1-1, each village from its own keyed generator (createPopulation). */
export function drawVillages(job: VillageJob): void {
  const { s, months, key, villageStart, initialIn, persons: p } = job;
  const pop = s.population;
  const rng = new Random(0);
  const eduShares = EDUCATION_LEVELS.map((e) => pop.education[e]);
  const eduSum = eduShares.reduce((a, b) => a + b, 0);
  const cumEdu = eduShares.map(((acc) => (x: number) => (acc += x / eduSum))(0));
  const wageByEdu = EDUCATION_LEVELS.map((e) => s.labour.wage[e]);
  const tr = s.traits;
  const eliteEducation = EDUCATION_LEVELS.indexOf(s.elite.education);
  const capitalEducation = EDUCATION_LEVELS.indexOf(s.elite.capital_education);
  const sigma = s.labour.wage_dispersion;
  const marriedByAge = byAge(s, marriedShare);
  // The columns and the scenario's values in locals: the loop calls the generator between writes, so a property
  // read there would be made again for every person (about a third of the loop's time).
  const { village, age: ages, entry, status, education, flags, wage, savings, nostalgia, family, modernity, risk, skill, knowledge, urbanMonths } = p;
  const { age_mean: ageMean, age_sd: ageSd, entry_age: entryAge, exit_age: exitAge, children_if_married: childrenShare, parents_home: parentsShare } = pop;
  const capitalShare = s.elite.family_capital;
  const savingsMonths = s.labour.initial_savings_months;
  const { nostalgia: nostalgiaT, family: familyT, modernity: modernityT, risk: riskT, media_skill: skillT, local_knowledge: knowledgeT } = tr;

  for (let v = job.v0; v < job.v1; v++) {
    startVillage(rng, key, Purpose.POPULATION, v);
    const end = villageStart[v + 1]!;
    let initialLeft = initialIn[v]!;
    for (let i = villageStart[v]!; i < end; i++) {
      village[i] = v;
      // Selection sampling: exactly the village's count of persons start away, the rest enter later.
      const isInitial = rng.uniform() * (end - i) < initialLeft;
      if (isInitial) initialLeft--;
      const age = isInitial ? Math.floor(rng.clippedNormal(ageMean, ageSd, entryAge, exitAge - 1)) : entryAge;
      ages[i] = age;
      entry[i] = isInitial ? 0 : 1 + rng.int(months - 1);
      status[i] = isInitial ? Status.AwayEmployed : Status.NotYet;
      const u = rng.uniform();
      let edu = 0;
      while (edu < cumEdu.length - 1 && u > cumEdu[edu]!) edu++;
      education[i] = edu;
      // Elite: a higher degree, or a degree and a family with capital (a business, land, standing at home).
      const elite = edu >= eliteEducation || (edu >= capitalEducation && rng.uniform() < capitalShare);
      const married = rng.uniform() < marriedByAge[age]!;
      const children = married && rng.uniform() < childrenShare;
      const parentsHome = rng.uniform() < parentsShare;
      flags[i] = (elite ? Flag.Elite : 0) | (married ? Flag.Married : 0) | (children ? Flag.Children : 0) | (parentsHome ? Flag.ParentsHome : 0);
      wage[i] = wageByEdu[edu]! * Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
      // The wage as stored (32 bits).
      savings[i] = isInitial ? rng.exponential(savingsMonths) * wage[i]! : 0;
      nostalgia[i] = traitCode(rng.clippedNormal(nostalgiaT.mean, nostalgiaT.sd, 0, 1));
      family[i] = traitCode(familyPull(s, rng.clippedNormal(familyT.mean, familyT.sd, 0, 1), married ? 1 : 0, children ? 1 : 0, parentsHome ? 1 : 0));
      modernity[i] = traitCode(clip01(rng.clippedNormal(modernityT.mean, modernityT.sd, 0, 1) + (tr.modernity_per_decade * (age - 25)) / 10));
      risk[i] = traitCode(rng.clippedNormal(riskT.mean, riskT.sd, 0, 1));
      skill[i] = traitCode(clip01(rng.clippedNormal(skillT.mean, skillT.sd, 0, 1) + tr.media_skill_per_education * edu));
      knowledge[i] = traitCode(rng.clippedNormal(knowledgeT.mean, knowledgeT.sd, 0, 1));
      urbanMonths[i] = isInitial ? Math.min(600, Math.floor(rng.uniform() * 12 * (age - entryAge + 1))) : 0;
    }
  }
}
