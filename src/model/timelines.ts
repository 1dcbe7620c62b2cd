import type { Scenario } from '../scenario/schema.js';
import { monthOfYear, monthSpan, parseMonth } from '../scenario/month.js';
import { sampleTimeline } from '../scenario/timeline-sample.js';

/**
 * Step 1 of the process, precomputed: every exogenous input of the model as one value per simulated
 * month. Timelines are sampled once per run, so the monthly step only indexes arrays.
 */
export interface Timelines {
  readonly start: number;
  readonly months: number;
  readonly coverage: Float64Array;
  readonly networkCost: Float64Array;
  readonly smartphone: Float64Array;
  readonly localWage: Float64Array;
  readonly farmIncome: Float64Array;
  readonly amenities: Float64Array;
  readonly wageIndex: Float64Array;
  readonly demand: Float64Array;
  readonly housing: Float64Array;
  readonly monetisation: Float64Array;
  /** Yearly budget of the real county, RMB/year, in force in each month. */
  readonly budget: Float64Array;
  /** Platform adoption among internet users (0..ceiling), Bass curve from the launch month. */
  readonly adoption: Float64Array;
  /** 1 while the epidemic lasts. */
  readonly epidemic: Uint8Array;
  readonly festivals: Uint8Array;
  readonly chiefSale: Uint8Array;
  readonly loans: Uint8Array;
  readonly training: Uint8Array;
  readonly outreach: Uint8Array;
  readonly subsidies: Uint8Array;
}

export function compileTimelines(s: Scenario): Timelines {
  const start = parseMonth(s.start);
  const months = monthSpan(s.start, s.end);
  const sample = (t: Parameters<typeof sampleTimeline>[0]) => sampleTimeline(t, start, months);
  const from = (first: string) => {
    const m = parseMonth(first);
    return Uint8Array.from({ length: months }, (_, i) => (start + i >= m ? 1 : 0));
  };
  const epidemicStart = parseMonth(s.epidemic.start);
  return {
    start,
    months,
    coverage: sample(s.county.network_coverage),
    networkCost: sample(s.county.network_cost),
    smartphone: sample(s.county.smartphone_use),
    localWage: sample(s.county.local_wage),
    farmIncome: sample(s.county.farm_income),
    amenities: sample(s.county.amenities),
    wageIndex: sample(s.labour.wage_index),
    demand: sample(s.labour.demand),
    housing: sample(s.labour.housing_cost),
    monetisation: sample(s.platform.monetisation),
    budget: sample(s.policies.budget),
    adoption: bassAdoption(parseMonth(s.platform.launch), s.platform.bass_p, s.platform.bass_q, s.platform.ceiling, start, months),
    epidemic: Uint8Array.from({ length: months }, (_, i) => {
      const t = start + i;
      return t >= epidemicStart && t < epidemicStart + s.epidemic.months ? 1 : 0;
    }),
    festivals: yearlyEvents(s.policies.festivals.per_year, parseMonth(s.policies.festivals.start), start, months),
    chiefSale: yearlyEvents(s.policies.chief_live_sales.per_year, parseMonth(s.policies.chief_live_sales.start), start, months),
    loans: from(s.policies.loans.start),
    training: from(s.policies.training.start),
    outreach: from(s.policies.outreach.start),
    subsidies: from(s.policies.subsidies.start),
  };
}

/** Discrete Bass diffusion, month by month from the launch: A' = A + (p + q A)(1 - A), scaled by the ceiling. */
function bassAdoption(launch: number, p: number, q: number, ceiling: number, start: number, months: number): Float64Array {
  const out = new Float64Array(months);
  let a = 0;
  for (let t = launch; t < start + months; t++) {
    if (t >= start) out[t - start] = a * ceiling;
    a += (p + q * a) * (1 - a);
  }
  return out;
}

/** `perYear` events spread evenly over each calendar year from `first` on (1 in an event month). */
function yearlyEvents(perYear: number, first: number, start: number, months: number): Uint8Array {
  const out = new Uint8Array(months);
  if (perYear <= 0) return out;
  const eventMonths = new Set<number>();
  for (let j = 0; j < perYear; j++) eventMonths.add(Math.floor(((j + 0.5) * 12) / perYear) + 1);
  for (let i = 0; i < months; i++) {
    const t = start + i;
    if (t >= first && eventMonths.has(monthOfYear(t))) out[i] = 1;
  }
  return out;
}
