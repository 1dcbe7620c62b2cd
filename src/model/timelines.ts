import { INSTRUMENTS, type ScheduledGroup } from '../scenario/instruments.js';
import { monthOfYear, monthSpan, parseMonth } from '../scenario/month.js';
import { isPerCounty } from '../scenario/per-county.js';
import type { Scenario } from '../scenario/schema.js';
import type { Timeline } from '../scenario/timeline.js';
import { sampleTimeline } from '../scenario/timeline-sample.js';

/**
 * Step 1 of the process, precomputed: every exogenous input of the model as one value per simulated
 * month. Timelines are sampled once per run, so the monthly step only indexes arrays. A timeline given for the real
 * county (scenario/per-county.ts) is scaled to the agents month by month.
 */
export interface Timelines extends Readonly<Record<keyof typeof SAMPLED, Float64Array>> {
  readonly start: number;
  readonly months: number;
  /** Platform adoption among internet users (0..ceiling), Bass curve from the launch month. */
  readonly adoption: Float64Array;
  /** 1 while the epidemic lasts. */
  readonly epidemic: Uint8Array;
  /** 1 in the months each instrument runs in (its `runs` in scenario/instruments.ts): `running.loans[t]`. */
  readonly running: Readonly<Record<ScheduledGroup, Uint8Array>>;
}

/** The scenario's timelines, each by the key it is read from. */
const SAMPLED = {
  coverage: 'county.network_coverage',
  networkCost: 'county.network_cost',
  smartphone: 'county.smartphone_use',
  localWage: 'county.local_wage',
  farmIncome: 'county.farm_income',
  amenities: 'county.amenities',
  wageIndex: 'labour.wage_index',
  demand: 'labour.demand',
  housing: 'labour.housing_cost',
  monetisation: 'platform.monetisation',
  /** Yearly budget, RMB/year, in force in each month (given for the real county, so scaled). */
  budget: 'policies.budget',
} as const;

/** `s` is the scenario sized to the agents (per-county.ts): its per-county timelines are still the county's. */
export function compileTimelines(s: Scenario, scale: number): Timelines {
  const start = parseMonth(s.start);
  const months = monthSpan(s.start, s.end);
  const sampled = Object.fromEntries(
    Object.entries(SAMPLED).map(([name, path]) => {
      const values = sampleTimeline(timelineAt(s, path), start, months);
      if (isPerCounty(path)) for (let i = 0; i < months; i++) values[i] = values[i]! * scale;
      return [name, values];
    }),
  ) as Record<keyof typeof SAMPLED, Float64Array>;
  const epidemicStart = parseMonth(s.epidemic.start);
  return {
    start,
    months,
    ...sampled,
    adoption: bassAdoption(parseMonth(s.platform.launch), s.platform.bass_p, s.platform.bass_q, s.platform.ceiling, start, months),
    epidemic: Uint8Array.from({ length: months }, (_, i) => {
      const t = start + i;
      return t >= epidemicStart && t < epidemicStart + s.epidemic.months ? 1 : 0;
    }),
    running: Object.fromEntries(
      INSTRUMENTS.filter((i) => i.runs !== 'always').map((i) => [i.group, switchedOff(i, s) ? new Uint8Array(months) : runningMonths(s.policies[i.group as ScheduledGroup], i.runs === 'yearly', start, months)]),
    ) as Record<ScheduledGroup, Uint8Array>,
  };
}

function timelineAt(s: Scenario, path: string): Timeline {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], s) as Timeline;
}

/**
 * Whether the scenario sets an instrument to its declared off-values (scenario/instruments.ts `off`, e.g. loans at 0 a
 * month): then it never runs, so no one applies to it or counts on it (a programme with no capacity is no programme).
 */
function switchedOff(i: (typeof INSTRUMENTS)[number], s: Scenario): boolean {
  if ('stays' in i.off) return false;
  const group = s.policies[i.group as ScheduledGroup] as unknown as Record<string, unknown>;
  return Object.entries(i.off).every(([key, value]) => group[key] === value);
}

/** 1 in the months an instrument runs: every month from `start`, or its `per_year` events from `start`. */
function runningMonths(group: { readonly start: string; readonly per_year?: number }, yearly: boolean, start: number, months: number): Uint8Array {
  const first = parseMonth(group.start);
  if (yearly) return yearlyEvents(group.per_year ?? 0, first, start, months);
  return Uint8Array.from({ length: months }, (_, i) => (start + i >= first ? 1 : 0));
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
