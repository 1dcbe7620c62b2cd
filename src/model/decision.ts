import { EDUCATION_LEVELS } from '../scenario/education.js';
import type { Scenario } from '../scenario/schema.js';
import { creatorCost, incomePerQuality, localIncome } from './creator-prospects.js';
import * as kernel from './kernel/person-pass.js';
import { Term } from './kernel/person-pass.js';
import { Flag, flagOf, loanOf, Status, STATUS_COUNT, type Persons } from './persons.js';
import { logistic } from './logistic.js';
import type { Timelines } from './timelines.js';

/** ln(1 + k) for small counts, so the person pass does not call Math.log for peers at home. */
export const LOG1P = Float64Array.from({ length: 256 }, (_, k) => Math.log1p(k));

/**
 * The month's terms of the persons' decisions (step 4), computed once a month from the scenario, this month's
 * timelines and the signals (what people know), so every decision of the month reads the same numbers and each
 * formula below reads them from one place.
 */
export interface DecisionTerms {
  readonly creators: Scenario['creators'];
  readonly heritage: number;
  /** decision.risk: how much a person who takes no risks discounts the creator option. */
  readonly riskAversion: number;
  // City labour.
  readonly jobLoss: number;
  readonly rehire: number;
  /** Chance of holding a job on going back to the city: the steady state of losing and finding jobs. */
  readonly cityEmployment: number;
  readonly wageIndex: number;
  readonly savingRate: number;
  readonly livingCost: number;
  /** Monthly chance that a person away settles in the city for good. */
  readonly settle: number;
  // Options at home.
  readonly localWage: number;
  readonly farm: number;
  /** This month's income of a person at home by status: the local wage in a local job, farm income farming (a creator's is their channel's). */
  readonly incomeByStatus: Float64Array;
  /** Expected income at home without a channel (localIncome) by months of urban experience, up to full experience. */
  readonly localIncomeByExperience: Float64Array;
  /** Network cost per month, paid at home. */
  readonly networkMonthly: number;
  // The creator option (see creator-prospects.ts).
  readonly incomePerQuality: number;
  /** Capital a start needs from the person, net of the grant they expect. */
  readonly ownCapital: number;
  /** Running cost plus ownCapital spread over the payback months. */
  readonly creatorCost: number;
  /** The start grant on offer this month (0 when subsidies do not run), and a start's monthly cost with it paid and without it (step 5). */
  readonly grantOffered: number;
  readonly costWithGrant: number;
  readonly costWithoutGrant: number;
  readonly loansOpen: boolean;
  readonly loanAmount: number;
  /** Chance that a qualified applicant gets a loan (last month's approval rate). */
  readonly loanChance: number;
  // Return utility: home against city (attitude, norms, perceived control).
  readonly base: number;
  readonly income: number;
  readonly nostalgia: number;
  readonly family: number;
  readonly modernity: number;
  readonly peers: number;
  readonly elitePeers: number;
  readonly successfulPeers: number;
  readonly roleModelCap: number;
  readonly control: number;
  readonly training: number;
  readonly unemployed: number;
  readonly outreach: number;
  /** Future development seen (policy support, creator economy), and as weighed by the educated. */
  readonly future: number;
  /** The future as weighed by each education level (future, or educatedFuture from decision.responsibility_education on). */
  readonly futureByEducation: Float64Array;
  // Leaving home again.
  readonly leaveIntercept: number;
  readonly leaveIncome: number;
  readonly leaveAttachment: number;
  readonly leaveModernity: number;
  /** Weight of family in attachment: raised while the epidemic lasts. */
  readonly familyWeight: number;
  readonly remigrationFactor: number;
  /** Monthly chance that a person at home without a channel weighs a creator start. */
  readonly reconsider: number;
  /** The terms above as the person pass reads them (packTerms). */
  readonly packed: Float64Array;
}

/**
 * What the terms read of the month's state. ModelState has all of it; it is named here so that this module and
 * state.ts, which computes the first month's terms, do not import each other.
 */
export interface DecisionInputs {
  readonly s: Scenario;
  readonly tl: Timelines;
  readonly festivalHeld: boolean;
  readonly nonfarmByExperience: Float64Array;
  /** What people know (the state's signals). */
  readonly signals: Readonly<Record<'support' | 'prospects' | 'expectedCreatorIncome' | 'videoVisibility' | 'loanChance' | 'grantChance', number>>;
  rehireChance(t: number): number;
}

export function decisionTerms(m: DecisionInputs, t: number): DecisionTerms {
  const s = m.s;
  const tl = m.tl;
  const d = s.decision;
  const r = s.remigration;
  const epidemic = tl.epidemic[t] === 1;
  const jobLoss = epidemic ? s.epidemic.job_loss : s.labour.job_loss;
  const rehire = m.rehireChance(t);
  const familyWeight = 1 + (epidemic ? s.epidemic.family_boost : 0);
  // Hometown videos, and festival coverage in a festival month, make nostalgia weigh more.
  const festivalBoost = m.festivalHeld ? s.policies.festivals.nostalgia_boost : 0;
  // Future development: policy support and the creator economy seen, weighing more for the educated.
  const future = d.support * m.signals.support + d.future * m.signals.prospects;
  const expectedGrant = tl.running.subsidies[t] ? s.policies.subsidies.start_grant * m.signals.grantChance : 0;
  const cost = creatorCost(s, tl.networkCost[t]!, expectedGrant);
  const grantOffered = tl.running.subsidies[t] ? s.policies.subsidies.start_grant : 0;
  const terms = {
    creators: s.creators,
    heritage: s.county.heritage,
    riskAversion: d.risk,
    jobLoss,
    rehire,
    cityEmployment: rehire + jobLoss > 0 ? rehire / (rehire + jobLoss) : 1,
    wageIndex: tl.wageIndex[t]!,
    savingRate: s.labour.saving_rate,
    livingCost: s.labour.living_cost,
    settle: s.population.settle_hazard,
    localWage: tl.localWage[t]!,
    farm: tl.farmIncome[t]!,
    incomeByStatus: Float64Array.from({ length: STATUS_COUNT }, (_, s) => (s === Status.HomeLocalJob ? tl.localWage[t]! : s === Status.HomeFarming ? tl.farmIncome[t]! : 0)),
    localIncomeByExperience: m.nonfarmByExperience.map((chance) => localIncome(tl.farmIncome[t]!, tl.localWage[t]!, chance)),
    networkMonthly: tl.networkCost[t]! / 12,
    incomePerQuality: incomePerQuality(s, m.signals.expectedCreatorIncome),
    ownCapital: cost.ownCapital,
    creatorCost: cost.monthly,
    grantOffered,
    costWithGrant: creatorCost(s, tl.networkCost[t]!, grantOffered).monthly,
    costWithoutGrant: creatorCost(s, tl.networkCost[t]!, 0).monthly,
    loansOpen: tl.running.loans[t] === 1,
    loanAmount: s.policies.loans.amount,
    loanChance: m.signals.loanChance,
    base: d.intercept + d.amenities * tl.amenities[t]! + d.housing * (tl.housing[t]! - 1),
    income: d.income,
    nostalgia: d.nostalgia * (1 + d.videos * m.signals.videoVisibility) * (1 + festivalBoost),
    family: d.family * familyWeight,
    modernity: d.modernity,
    peers: d.peers,
    elitePeers: d.elite_peers,
    successfulPeers: d.successful_peers,
    roleModelCap: d.role_model_cap,
    control: d.control,
    training: d.training,
    unemployed: d.unemployed,
    outreach: d.outreach,
    future,
    futureByEducation: Float64Array.from(EDUCATION_LEVELS, (_, e) => (e >= EDUCATION_LEVELS.indexOf(d.responsibility_education) ? future * (1 + d.responsibility) : future)),
    leaveIntercept: r.intercept,
    leaveIncome: r.income,
    leaveAttachment: r.attachment,
    leaveModernity: r.modernity,
    familyWeight,
    remigrationFactor: epidemic ? s.epidemic.remigration_factor : 1,
    reconsider: s.creators.reconsider,
  };
  return { ...terms, packed: packTerms(terms) };
}

/**
 * The non-farm job chance of person i from the run's table of nonfarmChance by months of urban experience
 * (constant beyond county.experience_months).
 */
export function nonfarmChanceOf(table: Float64Array, p: Persons, i: number): number {
  return table[kernel.experienceRow(p.urbanMonths[i]!, table.length - 1)]!;
}

/** Expected monthly income at home without a channel for person i: a local job with their non-farm chance, else farming. */
export function localIncomeOf(d: DecisionTerms, p: Persons, i: number): number {
  const table = d.localIncomeByExperience;
  return table[kernel.experienceRow(p.urbanMonths[i]!, table.length - 1)]!;
}

// The formulas of the decisions themselves live in the person pass's source (kernel/person-pass.ts), which the pass
// runs in WebAssembly or JavaScript; the functions below apply them to person i, for the other steps and the tests.

/** The month's terms as the person pass reads them: packed at the indices kernel/person-pass.ts names. */
export function packTerms(d: Omit<DecisionTerms, 'packed'>): Float64Array {
  const t = new Float64Array(kernel.TERM_COUNT);
  const cr = d.creators;
  t[Term.WAGE_INDEX] = d.wageIndex;
  t[Term.JOB_LOSS] = d.jobLoss;
  t[Term.REHIRE] = d.rehire;
  t[Term.SAVING_RATE] = d.savingRate;
  t[Term.LIVING_COST] = d.livingCost;
  t[Term.SETTLE] = d.settle;
  t[Term.PER_QUALITY] = d.incomePerQuality;
  t[Term.QUALITY_BASE] = cr.quality_base;
  t[Term.QUALITY_SKILL] = cr.quality_skill;
  t[Term.QUALITY_KNOWLEDGE] = cr.quality_knowledge;
  t[Term.HERITAGE] = d.heritage;
  t[Term.COUPLE_BOOST] = cr.couple_boost;
  t[Term.RISK_AVERSION] = d.riskAversion;
  t[Term.COST_WITH_GRANT] = d.costWithGrant;
  t[Term.CREATOR_COST] = d.creatorCost;
  t[Term.OWN_CAPITAL] = d.ownCapital;
  t[Term.LOANS_OPEN] = d.loansOpen ? 1 : 0;
  t[Term.LOAN_AMOUNT] = d.loanAmount;
  t[Term.LOAN_CHANCE] = d.loanChance;
  t[Term.ROLE_MODEL_CAP] = d.roleModelCap;
  t[Term.INCOME] = d.income;
  t[Term.NETWORK_MONTHLY] = d.networkMonthly;
  t[Term.NOSTALGIA] = d.nostalgia;
  t[Term.FAMILY] = d.family;
  t[Term.MODERNITY] = d.modernity;
  t[Term.PEERS] = d.peers;
  t[Term.ELITE_PEERS] = d.elitePeers;
  t[Term.SUCCESSFUL_PEERS] = d.successfulPeers;
  t[Term.CONTROL] = d.control;
  t[Term.TRAINING] = d.training;
  t[Term.BASE] = d.base;
  t[Term.UNEMPLOYED] = d.unemployed;
  t[Term.OUTREACH] = d.outreach;
  t[Term.LEAVE_INTERCEPT] = d.leaveIntercept;
  t[Term.LEAVE_INCOME] = d.leaveIncome;
  t[Term.CITY_EMPLOYMENT] = d.cityEmployment;
  t[Term.LEAVE_ATTACHMENT] = d.leaveAttachment;
  t[Term.FAMILY_WEIGHT] = d.familyWeight;
  t[Term.LEAVE_MODERNITY] = d.leaveModernity;
  t[Term.REMIGRATION_FACTOR] = d.remigrationFactor;
  t[Term.RECONSIDER] = d.reconsider;
  return t;
}

/** The monthly creator income person i expects before costs (kernel/person-pass.ts creatorOption). */
export function creatorOptionOf(d: DecisionTerms, p: Persons, i: number): number {
  const cr = d.creators;
  return kernel.creatorOption(d.incomePerQuality, cr.quality_base, cr.quality_skill, cr.quality_knowledge, cr.couple_boost, d.heritage, d.riskAversion, kernel.trait(p.skill[i]!), kernel.trait(p.knowledge[i]!), kernel.trait(p.risk[i]!));
}

/** Chance that person i can finance a creator start (kernel/person-pass.ts financeChance). */
export function financeChance(d: DecisionTerms, p: Persons, i: number): number {
  return kernel.financeChance(d.ownCapital, d.loansOpen, d.loanAmount, d.loanChance, p.savings[i]!, loanOf(p, i));
}

/** Expected monthly income at home as person i (away) foresees it (kernel/person-pass.ts homeIncomeForeseen). */
export function homeIncomeForeseen(d: DecisionTerms, p: Persons, i: number, connected: boolean): number {
  return kernel.homeIncomeForeseen(localIncomeOf(d, p, i), connected, creatorOptionOf(d, p, i) - d.creatorCost, financeChance(d, p, i));
}

/** The utility (logit scale) of returning home for person i away in month t (kernel/person-pass.ts returnUtility). */
export function returnUtility(d: DecisionTerms, p: Persons, i: number, t: number, home: number, employed: boolean, w: number): number {
  return kernel.returnUtility(
    d.income,
    d.networkMonthly,
    d.nostalgia,
    d.family,
    d.modernity,
    d.peers,
    d.elitePeers,
    d.successfulPeers,
    d.roleModelCap,
    d.control,
    d.training,
    d.base,
    d.unemployed,
    d.outreach,
    t,
    home,
    employed,
    w,
    kernel.trait(p.nostalgia[i]!),
    kernel.trait(p.family[i]!),
    kernel.trait(p.modernity[i]!),
    LOG1P[Math.min(255, p.peersHome[i]!)]!,
    p.elitePeersHome[i]!,
    p.successfulPeers[i]!,
    kernel.trait(p.skill[i]!),
    flagOf(p, i, Flag.Trained),
    d.futureByEducation[p.education[i]!]!,
    p.calledUntil[i]!,
  );
}

/** The utility (logit scale) of leaving again for person i at home (kernel/person-pass.ts leaveUtility). */
export function leaveUtility(d: DecisionTerms, p: Persons, i: number, homeIncome: number, w: number): number {
  return kernel.leaveUtility(d.leaveIntercept, d.leaveIncome, d.cityEmployment, d.leaveAttachment, d.familyWeight, d.leaveModernity, homeIncome, w, kernel.trait(p.nostalgia[i]!), kernel.trait(p.family[i]!), kernel.trait(p.modernity[i]!));
}

/** Probability that person i at home leaves again this month: remigrationFactor * logistic(leaveUtility). */
export function leaveChance(d: DecisionTerms, p: Persons, i: number, homeIncome: number, w: number): number {
  return d.remigrationFactor * logistic(leaveUtility(d, p, i, homeIncome, w));
}
