/**
 * The county's policy instruments, one declaration each (issue 22): its parameter group `policies.<group>` (the keys
 * themselves are in schema.ts), its line in the budget, when it runs, which of its values are given for the real
 * county (scaled to the simulated agents), its month counters with the metric that records each, and the values that
 * switch it off. The model derives from this table the programmes of the budget (src/model/budget.ts), the months each
 * instrument runs in (timelines.ts), the month counters and their reset (counters.ts) and the metrics of the counters
 * (metrics.ts); the parameter docs and docs/ODD.md ("Scaling") read the scaled keys from it through per-county.ts.
 * How an instrument acts (its mechanism) is step code: docs/ODD.md section 7.11 says where.
 * Zod-free: the model and its worker threads read it.
 */

import type { Scenario } from './schema.js';

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
  readonly group: keyof Scenario['policies'];
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
    programme: 'live_sales',
    rationed: true,
    runs: 'yearly',
    perCounty: ['cost'],
    counters: {},
    off: { per_year: 0 },
  },
  {
    group: 'network',
    programme: 'network',
    rationed: false,
    runs: 'always',
    perCounty: ['cost_per_village'],
    counters: {},
    off: { stays: 'coverage and cost are county timelines (an input, see no-infrastructure.yaml)' },
  },
] as const satisfies readonly InstrumentDeclaration[];

export type Instrument = (typeof INSTRUMENTS)[number];
export type InstrumentGroup = Instrument['group'];
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
