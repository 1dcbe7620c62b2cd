/**
 * The county's policy instruments, one declaration each (issue 22): its parameters (schema.ts makes them the group
 * `policies.<group>`), its line in the budget, when it runs, which of its values are given for the real county
 * (scaled to the simulated agents), its month counters with the metric that records each, and the values that switch
 * it off. From this table the model derives the budget's programmes (model/budget.ts), the months each instrument runs
 * in (`tl.running`, model/timelines.ts), the month counters and their reset (model/counters.ts) and the counters'
 * metrics (model/metrics.ts); per-county.ts, docs/parameters.md and docs/ODD.md ("Scaling") read the scaled keys.
 * What an instrument does (its mechanism) is step code in src/model, reading `m.s.policies.<group>` (already sized
 * to the agents), `m.tl.running.<group>[t]`, `Programme.<programme>` and `m.month.<counter>`; docs/ODD.md section
 * 7.11 says where each acts. Adding one: its entry here (and in INSTRUMENT_GROUP_ORDER), its mechanism, its off-values
 * in scenarios/no-policies.yaml, its rows in docs/ODD.md (tests/instrument-declarations.test.ts and docs.test.ts
 * fail until they are there), `npm run docs`.
 * Zod-free at run time: the model and its worker threads read it.
 */

import type { ParamBuilders } from './param.js';

/** A month counter of an instrument: reset every month, recorded as one metric (a column of timeseries.csv). */
export interface CounterDeclaration {
  /** The metric that records it. */
  readonly metric: string;
  readonly unit: string;
  /** A count or amount of money that grows with the number of agents (recorded times the metric scale). */
  readonly scaled: boolean;
  readonly doc: string;
  /** Persons the instrument reached this month: they count towards the support people see (decision.support, ODD 7.3). */
  readonly reaches?: true;
}

export interface InstrumentDeclaration {
  /** Its parameter group: `policies.<group>` in the scenario. */
  readonly group: string;
  /** What the group is, for docs/parameters.md. */
  readonly doc: string;
  /**
   * Its parameters, written with the builders of param.ts (handed in, so that this file does not load zod: the model
   * reads it in its worker threads): schema.ts makes them the group `policies.<group>`.
   */
  readonly params: (p: ParamBuilders) => Readonly<Record<string, unknown>>;
  /**
   * Its line in the budget: what it spends and cannot pay are the metrics `spend_<programme>` and (when `rationed`)
   * `unmet_<programme>`.
   */
  readonly programme: string;
  /** Held back by the year's budget (its unmet demand recorded); the network is paid whatever the budget. */
  readonly rationed: boolean;
  /**
   * When it runs: every month from its `start` month (`monthly`), its `per_year` events spread over each year from
   * `start` (`yearly`), or every month of the run (`always`).
   */
  readonly runs: 'monthly' | 'yearly' | 'always';
  /** Its keys given for the real county: the model multiplies them by population.agents / population.emigrants. */
  readonly perCounty: readonly string[];
  /** Its month counters, by name (`m.month.<name>` in the model), each with its metric. */
  readonly counters: Readonly<Record<string, CounterDeclaration>>;
  /** The values of its keys that switch it off (scenarios/no-policies.yaml sets them); none for one that stays on, and why. */
  readonly off: Readonly<Record<string, number>> | { readonly stays: string };
}

const LOANS = 'loans';

/** In the order of the budget's programmes (the columns spend_* and unmet_*). */
export const INSTRUMENTS = [
  {
    group: 'loans',
    doc: 'Interest-free start-up loans for returnees who create.',
    params: (p: ParamBuilders) => ({
      start: p.month('2017-01', { doc: 'First month of interest-free loans.', unit: 'YYYY-MM', source: 'seed 000 §4.5', ...p.LEVER }),
      amount: p.num(50_000, 0, 1e8, { doc: 'Size of one interest-free loan.', unit: 'RMB', source: 'assumption (small business loans, seed 000 §4.5)', ...p.lever(0, 100_000, 'assumption: from none to twice the baseline\'s 50,000 RMB') }),
      per_month: p.int(400, 0, 1e7, { doc: 'Loans the real county can issue per month.', unit: 'loans/month', source: p.ASSUMPTION, ...p.lever(0, 800, 'assumption: from none (loans stopped) to twice the baseline\'s 400 a month') }),
      term: p.int(36, 1, 600, { doc: 'Repayment term.', unit: 'months', source: p.ASSUMPTION, ...p.lever(12, 72, 'assumption: from one year to twice the baseline\'s 36 months') }),
      default_on_exit: p.share(0.3, { doc: 'Probability that a borrower who stops creating or leaves defaults on the rest.', unit: 'probability', source: p.ASSUMPTION, ...p.uncertain(0.1, 0.5, 'assumption') }),
    }),
    programme: 'loans',
    rationed: true,
    runs: 'monthly',
    perCounty: ['per_month'],
    counters: {
      loanApplications: { metric: 'loan_applications', unit: LOANS, scaled: true, doc: 'Qualified applications for a loan this month (persons starting a channel whose savings fall short).' },
      loansIssued: { metric: 'loans_issued', unit: LOANS, scaled: true, doc: 'Interest-free loans issued this month.', reaches: true },
      loansRefused: { metric: 'loans_refused', unit: LOANS, scaled: true, doc: "Qualified loan applications refused this month because the month's capacity or the year's budget was used up." },
      loanDefaults: { metric: 'loan_defaults', unit: LOANS, scaled: true, doc: 'Loans defaulted this month.' },
      loanDefaultPrincipal: { metric: 'loan_default_principal', unit: 'RMB/month', scaled: true, doc: 'Loan principal lost to defaults this month (what the borrowers who defaulted still owed).' },
    },
    off: { per_month: 0 },
  },
  {
    group: 'subsidies',
    doc: 'Start-up grants and platform fee cuts.',
    params: (p: ParamBuilders) => ({
      start: p.month('2019-01', { doc: 'First month of start-up subsidies and fee cuts.', unit: 'YYYY-MM', source: 'seed 000 §4.4, seed 001', ...p.LEVER }),
      start_grant: p.num(3000, 0, 1e7, { doc: 'One-off grant to each new creator, paid at the start from the budget: it lowers the capital the start needs and the start cost weighed in the decision.', unit: 'RMB', source: 'seed 000 §4.4 (special allocations)', ...p.lever(0, 6000, 'assumption: from none to twice the baseline\'s 3,000 RMB') }),
      fee_cut: p.share(0.3, { doc: 'Relative cut of the platform fee (platform and county agreements).', unit: 'share', source: 'seed 001 (fee reductions)', ...p.lever(0, 1, 'a share: from no cut to the whole fee') }),
    }),
    programme: 'grants',
    rationed: true,
    runs: 'monthly',
    perCounty: [],
    counters: {
      grants: { metric: 'start_grants', unit: 'grants', scaled: true, doc: 'Start grants paid this month.', reaches: true },
      grantsRefused: { metric: 'grants_refused', unit: 'grants', scaled: true, doc: "Start grants requested by persons who would start with one, refused because the year's budget was used up." },
    },
    off: { start_grant: 0, fee_cut: 0 },
  },
  {
    group: 'training',
    doc: 'Free training in media skills and local culture.',
    params: (p: ParamBuilders) => ({
      start: p.month('2017-01', { doc: 'First month of free training.', unit: 'YYYY-MM', source: 'seed 000 §4.1 (the Targeted Poverty Alleviation Project began in 2017), §4.5', ...p.LEVER }),
      seats: p.int(1500, 0, 1e7, { doc: 'Training seats per month in the real county.', unit: 'seats/month', source: p.ASSUMPTION, ...p.lever(0, 3000, 'assumption: from none (training stopped) to twice the baseline\'s 1,500 a month') }),
      cost: p.num(2000, 0, 1e7, { doc: 'Cost of one seat.', unit: 'RMB/seat', source: p.ASSUMPTION, ...p.uncertainAround(0.5, 'assumption: the price of a seat, ±50%') }),
      skill_gain: p.share(0.2, { doc: 'Media skill gained by training.', unit: 'score', source: 'seed 000 §4.5', ...p.uncertain(0.1, 0.3, 'seed 000 §4.5 ("after learning, I had the confidence"); the size is assumed') }),
      knowledge_gain: p.share(0.15, { doc: 'Local knowledge gained by training.', unit: 'score', source: 'seed 000 §4.7 (Zhang K asks for culture training)', ...p.uncertain(0.05, 0.25, 'seed 000 §4.7; the size is assumed') }),
      commerce_gain: p.num(0.5, 0, 10, { doc: 'Relative rise in live-commerce income per follower of a trained creator.', unit: 'factor', source: 'seed 001 (platform trainings to increase income through live broadcast)', ...p.uncertain(0.2, 1, 'seed 001 (platform trainings to raise live-commerce income); the size is assumed') }),
      away_share: p.share(0.3, { doc: 'Share of seats taken by emigrants still away (online courses, visits home).', unit: 'share', source: p.ASSUMPTION, ...p.lever(0, 1, 'a share: from no seat to every seat for emigrants away') }),
    }),
    programme: 'training',
    rationed: true,
    runs: 'monthly',
    perCounty: ['seats'],
    counters: {
      trained: { metric: 'trained', unit: 'persons', scaled: true, doc: 'Training seats filled this month.', reaches: true },
    },
    off: { seats: 0 },
  },
  {
    group: 'festivals',
    doc: 'Agricultural-culture festivals with famous creators.',
    params: (p: ParamBuilders) => ({
      start: p.month('2018-01', { doc: 'Month from which festivals are held (per_year festivals spread over each year).', unit: 'YYYY-MM', source: 'seed 000 §4.7', ...p.LEVER }),
      per_year: p.int(2, 0, 12, { doc: 'Festivals per year, spread over the year.', unit: 'festivals/year', source: 'seed 000 §4.7 ("several festivals")', ...p.lever(0, 4, 'assumption: from none to twice the baseline\'s 2 a year') }),
      cost: p.num(3e6, 0, 1e10, { doc: 'Cost of one festival.', unit: 'RMB', source: p.ASSUMPTION, ...p.uncertainAround(0.5, 'assumption: the price of a festival, ±50%') }),
      follower_boost: p.share(0.05, { doc: 'Relative follower gain of every creator at a festival (famous creators share audiences).', unit: 'share', source: 'seed 000 §4.7', ...p.uncertain(0.02, 0.1, 'seed 000 §4.7; the size is assumed') }),
      knowledge_gain: p.share(0.05, { doc: 'Local knowledge and skill gained by every creator at a festival.', unit: 'score', source: 'seed 000 §4.7', ...p.uncertain(0.02, 0.1, 'seed 000 §4.7; the size is assumed') }),
      nostalgia_boost: p.num(0.2, 0, 10, { doc: 'Relative rise in the weight of nostalgia in the return decision of persons away in a festival month (media coverage).', unit: 'factor', source: p.ASSUMPTION, ...p.uncertain(0, 0.4, 'assumption: coverage of a festival may not reach those away at all') }),
    }),
    programme: 'festivals',
    rationed: true,
    runs: 'yearly',
    perCounty: ['cost'],
    counters: {
      // A festival is one event of the county whatever the number of agents: not scaled.
      festivals: { metric: 'festivals', unit: 'festivals', scaled: false, doc: 'Festivals held this month.' },
    },
    off: { per_year: 0 },
  },
  {
    group: 'outreach',
    doc: 'Officials phoning educated emigrants to recruit them.',
    params: (p: ParamBuilders) => ({
      start: p.month('2019-01', { doc: 'First month of recruitment calls.', unit: 'YYYY-MM', source: 'seed 000 §4.5', ...p.LEVER }),
      calls: p.int(3000, 0, 1e8, { doc: 'Calls per month in the real county.', unit: 'calls/month', source: 'seed 000 §4.5 ("hundreds of calls a day")', ...p.lever(0, 6000, 'assumption: from none to twice the baseline\'s 3,000 a month') }),
      education: p.level('college', { doc: 'Lowest education of persons called.', unit: 'education level', source: 'seed 000 §4.5 ("college degrees or higher")', ...p.LEVER }),
      effect_months: p.int(6, 1, 120, { doc: 'Months a call keeps working on the decision.', unit: 'months', source: p.ASSUMPTION, ...p.uncertain(3, 12, 'assumption') }),
      cost: p.num(20, 0, 1e6, { doc: 'Cost of one call.', unit: 'RMB/call', source: p.ASSUMPTION, ...p.uncertainAround(0.5, 'assumption: the price of a call, ±50%') }),
    }),
    programme: 'outreach',
    rationed: true,
    runs: 'monthly',
    perCounty: ['calls'],
    counters: {
      calls: { metric: 'outreach_calls', unit: 'calls', scaled: true, doc: 'Recruitment calls made this month.', reaches: true },
    },
    off: { calls: 0 },
  },
  {
    group: 'chief_live_sales',
    doc: 'County chiefs co-hosting live sales of local products.',
    params: (p: ParamBuilders) => ({
      start: p.month('2020-04', { doc: 'Month from which county-chief live sales are held (per_year campaigns spread over each year).', unit: 'YYYY-MM', source: 'seed 001 (April-May 2020 campaign)', ...p.LEVER }),
      per_year: p.int(4, 0, 12, { doc: 'Live-sale campaigns per year.', unit: 'campaigns/year', source: p.ASSUMPTION, ...p.lever(0, 8, 'assumption: from none to twice the baseline\'s 4 a year') }),
      multiplier: p.num(2, 1, 100, { doc: 'Multiplier on creators\' commerce income in a campaign month.', unit: 'factor', source: 'seed 001 (529,000 packs of tea, 40.41 million RMB)', ...p.uncertain(1.5, 3, 'seed 001: one campaign sold 40.41 million RMB of tea; the lift for each creator is assumed') }),
      cost: p.num(1e6, 0, 1e10, { doc: 'Cost of one campaign.', unit: 'RMB', source: p.ASSUMPTION, ...p.uncertainAround(0.5, 'assumption: the price of a campaign, ±50%') }),
    }),
    programme: 'live_sales',
    rationed: true,
    runs: 'yearly',
    perCounty: ['cost'],
    counters: {},
    off: { per_year: 0 },
  },
  {
    group: 'network',
    doc: 'The network programme: coverage and cost are county timelines; this prices the connections.',
    params: (p: ParamBuilders) => ({
      cost_per_village: p.num(400_000, 0, 1e10, { doc: 'Cost to the county budget of connecting one village (most is central money).', unit: 'RMB/village', source: 'seed 000 §4.1; assumption', ...p.uncertainAround(0.5, 'assumption: the county share of a connection, ±50%') }),
    }),
    programme: 'network',
    rationed: false,
    runs: 'always',
    perCounty: ['cost_per_village'],
    counters: {},
    off: { stays: 'coverage and cost are county timelines (an input, see no-infrastructure.yaml)' },
  },
] as const satisfies readonly InstrumentDeclaration[];

/**
 * The order of the instruments' groups under `policies` in a scenario (and so in scenario.json and
 * docs/parameters.md), which is not the order of the budget lines above. A new instrument goes at the end of both.
 */
export const INSTRUMENT_GROUP_ORDER = ['loans', 'training', 'festivals', 'outreach', 'chief_live_sales', 'subsidies', 'network'] as const;

export type Instrument = (typeof INSTRUMENTS)[number];
export type ProgrammeName = Instrument['programme'];
type CountersOf<I> = I extends { readonly counters: infer C } ? keyof C & string : never;
/** The name of an instrument's month counter (`loansIssued`). */
export type InstrumentCounter = CountersOf<Instrument>;
/** The instruments that run on a schedule of their own (a timeline of the months they run in). */
export type ScheduledGroup = Extract<Instrument, { runs: 'monthly' | 'yearly' }>['group'];

type DeclarationOf<C extends InstrumentCounter> = Instrument extends infer I ? (I extends { readonly counters: infer Cs } ? (C extends keyof Cs ? Cs[C] : never) : never) : never;

/** The declaration of an instrument's counter, found by its name (`loansIssued`). */
export function counterDeclaration<C extends InstrumentCounter>(counter: C): DeclarationOf<C> {
  for (const i of INSTRUMENTS) if (counter in i.counters) return (i.counters as Record<string, CounterDeclaration>)[counter] as DeclarationOf<C>;
  throw new Error(`no instrument counts ${counter}`);
}

/** Every instrument's counters, by name. */
export const INSTRUMENT_COUNTERS: readonly InstrumentCounter[] = INSTRUMENTS.flatMap((i) => Object.keys(i.counters) as InstrumentCounter[]);
