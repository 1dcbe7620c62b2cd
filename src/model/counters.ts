import { INSTRUMENT_COUNTERS, INSTRUMENTS, type CounterDeclaration, type InstrumentCounter } from '../scenario/instruments.js';

/** What happened this month outside the instruments: flows of persons and creators (the instruments' are in scenario/instruments.ts). */
const FLOWS = [
  'returns',
  'eliteReturns',
  'educatedReturns',
  'remigrations',
  'creatorRemigrations',
  'successfulRemigrations',
  'newCreators',
  'creatorExits',
  /** Creator starts by returnees whose own savings fell short of the start cost (made possible by a grant or a loan). */
  'startsShortOfSavings',
  'activePersons',
] as const;

export type CounterName = (typeof FLOWS)[number] | InstrumentCounter;

/** Every month counter: the flows, then each instrument's. */
export const COUNTER_NAMES: readonly CounterName[] = [...FLOWS, ...INSTRUMENT_COUNTERS];

/** The counters of persons the programmes reached (a seat, a loan, a grant, a call): their `reaches` in the declaration. */
const REACHING: readonly InstrumentCounter[] = INSTRUMENTS.flatMap((i) =>
  Object.entries(i.counters as Readonly<Record<string, CounterDeclaration>>)
    .filter(([, c]) => c.reaches)
    .map(([name]) => name as InstrumentCounter),
);

/** What happened this month: one number per counter of COUNTER_NAMES, all reset at the start of every month (step 1). */
export interface MonthCounters extends Record<CounterName, number> {}
export class MonthCounters {
  constructor() {
    this.reset();
  }

  reset(): void {
    for (const name of COUNTER_NAMES) this[name] = 0;
  }

  /** Persons the programmes reached this month: what people see of support. */
  get reached(): number {
    let n = 0;
    for (const name of REACHING) n += this[name];
    return n;
  }
}
