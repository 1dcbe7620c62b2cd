import type { Outcome } from '../core/definition.js';
import { definition } from '../model/definition.js';
import { countedUnit, type Counting } from '../scenario/scale.js';

/**
 * Headline outcomes: one number per replication, summarising its time series. `compare`, `sweep` and the charts
 * report these. The model definition declares them (each a sum, an end value or a mean over the last year of a
 * metric: core/outcomes.ts); here they are computed and described by name.
 */
export const OUTCOMES: readonly Outcome[] = definition.outcomes;

/** All headline outcomes of one replication, in OUTCOMES order. */
export function outcomesOf(columns: readonly Float64Array[], months: number): number[] {
  return OUTCOMES.map((o) => o.compute(columns, months));
}

/** The unit of a headline outcome, '' when it is not one of OUTCOMES. */
export function outcomeUnit(name: string): string {
  return OUTCOMES.find((o) => o.name === name)?.unit ?? '';
}

/** A headline outcome's unit with what it counts (`persons, simulated agents`); a cost or another name's unit as is. */
export function countedOutcomeUnit(name: string, counting: Counting): string {
  return countedUnit(outcomeUnit(name), outcomeScaled(name), counting);
}

/** Whether a headline outcome is a count or amount of money of the population (scaled); false for any other name. */
export function outcomeScaled(name: string): boolean {
  return OUTCOMES.find((o) => o.name === name)?.scaled ?? false;
}
