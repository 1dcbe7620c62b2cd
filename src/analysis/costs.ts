import { OUTCOMES } from './outcomes.js';
import { fiellerRatio, pairedDifferences, type Ratio } from './paired.js';

/**
 * What a policy package costs the county per person it brings home: the paired difference in net government spending
 * (paid out less loan instalments repaid, so repaid principal is not a cost) over the paired difference in an outcome
 * that counts persons, each a ratio of two mean differences with Fieller's interval (paired.ts). Every ratio is
 * "scenario minus reference": a package that saves money and loses returnees also gives a positive ratio, so read it
 * with the two differences it divides.
 */

export interface CostDef {
  readonly name: string;
  readonly unit: string;
  readonly doc: string;
  /** The headline outcome (OUTCOMES) in the denominator. */
  readonly per: string;
}

/** The spending in every numerator. */
export const COST_SPENDING = 'gov_spending_net_total';

export const COSTS: readonly CostDef[] = [
  {
    name: 'net_spending_per_additional_returnee_at_end',
    unit: 'RMB/person',
    per: 'returned_stock_end',
    doc: 'Additional net spending over the run per additional returnee at home at the end of the run (a person counts once, however often they returned).',
  },
  {
    name: 'net_spending_per_additional_person_year_home',
    unit: 'RMB/person-year',
    per: 'person_years_home',
    doc: 'Additional net spending over the run per additional person-year that returnees spent at home during it.',
  },
  {
    name: 'net_spending_per_additional_return_event',
    unit: 'RMB/return',
    per: 'cumulative_returns',
    doc: 'Additional net spending over the run per additional return event: a person who returns, leaves again and returns again counts twice.',
  },
];

const index = (name: string) => {
  const k = OUTCOMES.findIndex((o) => o.name === name);
  if (k < 0) throw new Error(`costs: no headline outcome ${name}`);
  return k;
};
const SPENDING = index(COST_SPENDING);
const PER = COSTS.map((c) => index(c.per));

/** Outcome k of every replication (outcomes[rep][k], OUTCOMES order). */
const column = (outcomes: readonly (readonly number[])[], k: number) => outcomes.map((row) => row[k]!);

/**
 * Every cost of `other` against `reference` (COSTS order), from their headline outcomes per replication run with
 * common random numbers (replication r of both with the same seed).
 */
export function pairedCosts(reference: readonly (readonly number[])[], other: readonly (readonly number[])[]): Ratio[] {
  const spending = pairedDifferences(column(reference, SPENDING), column(other, SPENDING));
  return PER.map((k) => fiellerRatio(spending, pairedDifferences(column(reference, k), column(other, k))));
}

/** How every cost is computed, in one sentence (for the notes of the tables and the report). */
export const COSTS_METHOD =
  `Costs per person are the mean paired difference in ${COST_SPENDING} (spending less the loan instalments repaid, so repaid principal is not a cost) ` +
  `over the mean paired difference in ${COSTS.map((c) => c.per).join(', ')}, with Fieller's 95% interval; money and persons are both counted at the run's scale, so a cost is the same for the simulated agents and for the county. ` +
  'A person who returns twice is two return events but one returnee.';

/** A cost's definition by name, undefined for any other name. */
export function costDef(name: string): CostDef | undefined {
  return COSTS.find((c) => c.name === name);
}
