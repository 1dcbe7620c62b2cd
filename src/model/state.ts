import { sizedToAgents } from '../scenario/per-county.js';
import { metricScale } from '../scenario/scale.js';
import type { Scenario } from '../scenario/schema.js';
import { EDUCATION_LEVELS } from '../scenario/education.js';
import { Budget } from './budget.js';
import { nonfarmChance } from './creator-prospects.js';
import { channelRoom, Channels } from './channels.js';
import { CreatorMonth } from './creator-month.js';
import { decisionTerms, nonfarmChanceOf, type DecisionTerms } from './decision.js';
import { createPopulation, Flag, flagOf, isHome, Loan, loanOf, Persons, setLoan, Status, STATUS_COUNT } from './persons.js';
import { logistic } from './logistic.js';
import { Random } from '../core/random.js';
import { createTies, Told, ToldList, type Ties } from './ties.js';
import { compileTimelines, type Timelines } from './timelines.js';
import { MonthCounters } from './counters.js';
import { createPersonPass, type PersonPass } from './kernel/load.js';

/** Education from which a returnee counts in `educated_returns` (a bachelor's degree: F8's "better educated"). */
const EDUCATED = EDUCATION_LEVELS.indexOf('bachelor');

/** Urban experience classes, for the non-farm-work comparison of fact F9. */
const EXPERIENCE_CLASSES = 3;

/** Growable list of person ids (the month's returners, leavers, candidates). */
export class IdList {
  ids: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.ids = new Int32Array(capacity);
  }
  push(id: number): void {
    if (this.length === this.ids.length) {
      const next = new Int32Array(this.ids.length * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.length++] = id;
  }
  clear(): void {
    this.length = 0;
  }
}

/** Loans outstanding, in order of borrowing: each borrower and the principal they still owe. */
export class LoanBook {
  ids: Int32Array;
  owed: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.ids = new Int32Array(capacity);
    this.owed = new Float64Array(capacity);
  }
  push(id: number, amount: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      const owed = new Float64Array(this.ids.length * 2);
      ids.set(this.ids);
      owed.set(this.owed);
      this.ids = ids;
      this.owed = owed;
    }
    this.ids[this.length] = id;
    this.owed[this.length++] = amount;
  }
  /** Principal still owed on the loans in the book, RMB. */
  principal(): number {
    let s = 0;
    for (let j = 0; j < this.length; j++) s += this.owed[j]!;
    return s;
  }
}

/** What persons know this month, from what happened up to last month (step 3). */
export interface Signals {
  /** Visible policy support, 0..1: persons the programmes reached over the last 12 months, relative to decision.support_reference. */
  support: number;
  /** Confidence in the county's future from its creator economy, 0..1. */
  prospects: number;
  /** Expected monthly creator income, blending the creators' recent average income with the prior. */
  expectedCreatorIncome: number;
  /** Visibility of hometown videos, 0..1. */
  videoVisibility: number;
  /** Chance that a qualified applicant gets a loan: last month's approval rate (0 while the programme does not run). */
  loanChance: number;
  /** Chance that a start grant is paid: last month's share of grant requests paid. */
  grantChance: number;
}

/**
 * The whole state of one replication, and the transitions that keep its bookkeeping consistent
 * (status counts, acquaintance counters, channels, loans). The monthly steps live in step-*.ts.
 */
export class ModelState {
  /**
   * The scenario sized to the agents: every value given for the real county (capacities, the costs of county events,
   * the audience, the stayers...; scenario/per-county.ts) is already multiplied by agents / emigrants.
   */
  readonly s: Scenario;
  readonly tl: Timelines;
  readonly rng: Random;
  /** What scaled metrics are recorded times (scenario `scale`: 1 in agents, persons per agent for the county). */
  readonly metricScale: number;
  readonly persons: Persons;
  readonly villageStart: Int32Array;
  readonly ties: Ties;
  /**
   * Acquaintance counter changes told since the last person pass (tellAcquaintances), settled on the counters just
   * before the next pass reads them (settleAcquaintances).
   */
  readonly told: ToldList;
  /** The person pass (step-persons.ts) in WebAssembly or JavaScript, and where it keeps the columns it reads. */
  readonly personPass: PersonPass;
  readonly channels: Channels;
  /** Villages in the order they get connected, and whether each is connected now. */
  readonly connectionOrder: Int32Array;
  readonly connected: Uint8Array;
  connectedCount = 0;
  readonly budget = new Budget();
  /**
   * nonfarmChance by months of urban experience, up to county.experience_months (constant beyond), computed once
   * a run; the person pass reads it directly (a method call there costs about a tenth of the run).
   */
  readonly nonfarmByExperience: Float64Array;
  /** Borrowers with debt outstanding, in order of borrowing. */
  readonly loanBook = new LoanBook();
  readonly statusCount = new Float64Array(STATUS_COUNT);
  /** Persons at home by status and urban experience class: homeByExperience[status * 3 + class]. */
  readonly homeByExperience = new Float64Array(STATUS_COUNT * EXPERIENCE_CLASSES);
  readonly month = new MonthCounters();
  /** The month's returners, in pass order: i, or ~i (negative) when a creator start would pay (person-pass.ts wantsToCreate). */
  readonly returning = new IdList();
  readonly leaving = new IdList();
  /** Persons at home weighing a creator start this month, for whom one would pay. */
  readonly candidates = new IdList();
  /** This month's decision terms (decision.ts), set with the signals (step 3). */
  terms: DecisionTerms;
  /** This month's creator economy, for the metrics (step 6). */
  readonly creatorMonth = new CreatorMonth();
  signals: Signals = { support: 0, prospects: 0, expectedCreatorIncome: 0, videoVisibility: 0, loanChance: 0, grantChance: 1 };
  /** Exponentially weighted average of creators' mean monthly income (NaN before any creator earned). */
  creatorIncomeAverage = NaN;
  lastCreatorCount = 0;
  /** Persons reached by the programmes in each of the last 12 months (a ring), and their sum. */
  readonly reachedByMonth = new Float64Array(12);
  reachedYear = 0;
  /** Share of last month's loan applicants who got one, and of grant requests paid (see closeMonth in model.ts). */
  loanApproval = 0;
  grantApproval = 1;
  left = 0;
  entered = 0;
  /** Whether a festival is held this month (scheduled, and the budget allows it). */
  festivalHeld = false;
  /** Loans the county can still issue this month. */
  loanCapacity = 0;

  constructor(scenario: Scenario, seed: number) {
    // Agents per real emigrant: what the county's capacities and money are multiplied by.
    const scale = scenario.population.agents / scenario.population.emigrants;
    const s = sizedToAgents(scenario, scale);
    this.s = s;
    this.tl = compileTimelines(s, scale);
    this.channels = new Channels(channelRoom(s.population.agents));
    this.rng = new Random(seed);
    // The replication's key (kernel/draws.ts): the pass's draws are keyed by it, the month and the block, and the
    // population's and the ties' by it and the village (village-streams.ts), not taken from the stream.
    const key = Int32Array.from({ length: 4 }, () => this.rng.next() | 0);
    this.metricScale = metricScale(s);
    const sizes = { villages: s.population.villages, educationLevels: EDUCATION_LEVELS.length, experienceSteps: s.county.experience_months + 1 };
    let pass: PersonPass | undefined;
    // Its villages drawn on the pass's threads when it has several (the same bytes).
    const pop = createPopulation(s, this.tl.months, this.rng, key, (count) => {
      pass = createPersonPass(count, sizes, key);
      return { persons: pass.persons, threads: pass.populationThreads };
    });
    this.personPass = pass ?? createPersonPass(0, sizes, key);
    this.persons = pop.persons;
    this.villageStart = pop.villageStart;
    // Drawn and built on the pass's threads when it has several (the same lists, in shared memory), which then settle
    // the told records too (settleAcquaintances): they read the ties and the records.
    this.ties = createTies(pop.villageStart, s.population.local_ties, s.population.county_ties, key, this.personPass.tieThreads);
    this.told = new ToldList(this.personPass.threads > 1);
    const villages = s.population.villages;
    this.connectionOrder = Int32Array.from({ length: villages }, (_, v) => v);
    for (let k = villages - 1; k > 0; k--) {
      const j = this.rng.int(k + 1);
      const tmp = this.connectionOrder[k]!;
      this.connectionOrder[k] = this.connectionOrder[j]!;
      this.connectionOrder[j] = tmp;
    }
    this.connected = new Uint8Array(villages);
    this.nonfarmByExperience = Float64Array.from({ length: s.county.experience_months + 1 }, (_, k) => nonfarmChance(s, k));
    for (let i = 0; i < this.persons.count; i++) this.statusCount[this.persons.status[i]!]!++;
    this.terms = decisionTerms(this, 0);
  }

  experienceClass(i: number): number {
    const um = this.persons.urbanMonths[i]!;
    return um >= this.s.county.experience_months ? 2 : um < 12 ? 0 : 1;
  }

  /** Person i at home without a channel takes a local job with the non-farm chance, else farms. */
  takeLocalWork(i: number): void {
    this.setStatus(i, this.rng.uniform() < nonfarmChanceOf(this.nonfarmByExperience, this.persons, i) ? Status.HomeLocalJob : Status.HomeFarming);
  }

  /** Every status change goes through here, so the counts behind the metrics stay exact. */
  setStatus(i: number, next: number): void {
    const p = this.persons;
    const prev = p.status[i]!;
    if (prev === next) return;
    this.statusCount[prev]!--;
    this.statusCount[next]!++;
    if (isHome(prev) || isHome(next)) {
      const cls = this.experienceClass(i);
      if (isHome(prev)) this.homeByExperience[prev * EXPERIENCE_CLASSES + cls]!--;
      if (isHome(next)) this.homeByExperience[next * EXPERIENCE_CLASSES + cls]!++;
    }
    p.status[i] = next;
  }

  /**
   * The status changes the person pass made in place (it writes persons away's status itself, for speed), counted
   * as setStatus would count them: future emigrants who entered, jobs lost and found, and persons away who settled
   * in the city for good. None of them is at home, so homeByExperience does not change.
   */
  countPassChanges(entered: number, lost: number, found: number, settledEmployed: number, settledUnemployed: number): void {
    const sc = this.statusCount;
    sc[Status.NotYet]! -= entered;
    sc[Status.AwayEmployed]! += entered + found - lost - settledEmployed;
    sc[Status.AwayUnemployed]! += lost - found - settledUnemployed;
    sc[Status.Left]! += settledEmployed + settledUnemployed;
    this.entered += entered;
    this.left += settledEmployed + settledUnemployed;
  }

  /** Monthly probability that an unemployed person in the city finds a job in month t. */
  rehireChance(t: number): number {
    const s = this.s;
    return Math.min(1, s.labour.rehire * this.tl.demand[t]! * (this.tl.epidemic[t] ? s.epidemic.rehire_factor : 1));
  }


  /**
   * Adds `delta` to the acquaintance counter `counter` of everyone who knows i: recorded now, settled before the next
   * person pass, the only reader of the counters (decision.ts returnUtility). The records are settled over the pass's
   * threads, each adding to its own persons' counters: at 10 million agents the moves' cache misses on the counters
   * were a serial eighth of the run.
   */
  private tellAcquaintances(counter: Told, i: number, delta: number): void {
    this.told.push(i, counter, delta);
  }

  /** Settles the acquaintance counter changes told since the last call (step 4, before the person pass reads them). */
  settleAcquaintances(): void {
    this.personPass.settle(this.ties, this.told);
    this.told.clear();
  }

  /**
   * Has the pass's workers settle the changes as they are told, until settleAcquaintances (step 4, after the pass):
   * they would otherwise wait idle through the moves and the creators' step, which tell them.
   */
  settleAcquaintancesAhead(): void {
    this.personPass.settleAhead(this.ties, this.told);
  }

  /** A person away comes home (step 4 outcome); their occupation is chosen in step 5. */
  arrive(i: number): void {
    const p = this.persons;
    this.setStatus(i, Status.HomeFarming);
    this.month.returns++;
    if (flagOf(p, i, Flag.Elite)) this.month.eliteReturns++;
    if (p.education[i]! >= EDUCATED) this.month.educatedReturns++;
    this.tellAcquaintances(Told.PEERS_HOME, i, 1);
    if (flagOf(p, i, Flag.Elite)) this.tellAcquaintances(Told.ELITE_PEERS_HOME, i, 1);
  }

  /** A person at home leaves: back to the city (`next` away) or out of the model. */
  depart(i: number, next: number): void {
    const p = this.persons;
    if (p.channel[i]! >= 0) this.closeChannel(p.channel[i]!, false);
    this.tellAcquaintances(Told.PEERS_HOME, i, -1);
    if (flagOf(p, i, Flag.Elite)) this.tellAcquaintances(Told.ELITE_PEERS_HOME, i, -1);
    if (loanOf(p, i) === Loan.Owing) this.settleDebtOnExit(i);
    this.setStatus(i, next);
  }

  /** A person away or at home leaves the model for good. */
  leaveModel(i: number): void {
    if (isHome(this.persons.status[i]!)) this.depart(i, Status.Left);
    else this.setStatus(i, Status.Left);
    this.left++;
  }

  /** Opens a channel for person i (owner) or for a stay-at-home resident (owner -1). */
  openChannel(owner: number, skill: number, knowledge: number, married: boolean): number {
    const cr = this.s.creators;
    const nostalgic = this.rng.uniform() < logistic(cr.style_knowledge * (knowledge - 0.5) + cr.style_bias);
    const partners = married && this.rng.uniform() < cr.couple_share;
    const c = this.channels.create(owner, skill, knowledge, nostalgic, partners);
    if (owner >= 0) {
      this.persons.channel[owner] = c;
      this.setStatus(owner, Status.HomeCreator);
    }
    this.month.newCreators++;
    return c;
  }

  /** Closes a channel. When `stayHome`, the owner goes back to a local job or farming. */
  closeChannel(c: number, stayHome: boolean): void {
    const ch = this.channels;
    ch.open[c] = 0;
    this.month.creatorExits++;
    const owner = ch.owner[c]!;
    if (owner < 0) return;
    if (ch.successful[c]) this.tellAcquaintances(Told.SUCCESSFUL_PEERS, owner, -1);
    this.persons.channel[owner] = -1;
    if (stayHome) {
      this.takeLocalWork(owner);
      if (loanOf(this.persons, owner) === Loan.Owing) this.settleDebtOnExit(owner);
    }
  }

  /** Marks a channel's success as seen by the owner's acquaintances (role models). */
  setSuccessful(c: number, successful: boolean): void {
    const ch = this.channels;
    if ((ch.successful[c] === 1) === successful) return;
    ch.successful[c] = successful ? 1 : 0;
    const owner = ch.owner[c]!;
    if (owner >= 0) this.tellAcquaintances(Told.SUCCESSFUL_PEERS, owner, successful ? 1 : -1);
  }

  successfulReturneeCreators(): number {
    const ch = this.channels;
    let k = 0;
    for (let j = 0; j < ch.activeCount; j++) {
      const c = ch.active[j]!;
      if (ch.successful[c] && ch.owner[c]! >= 0) k++;
    }
    return k;
  }

  /** A borrower who stops creating or leaves defaults on the rest with some probability. */
  private settleDebtOnExit(i: number): void {
    if (this.rng.uniform() < this.s.policies.loans.default_on_exit) this.defaultOnLoan(i);
  }

  /** Person i stops repaying: the rest of the loan is lost and they never qualify for another. */
  defaultOnLoan(i: number): void {
    setLoan(this.persons, i, Loan.Defaulted);
    this.month.loanDefaults++;
  }
}
