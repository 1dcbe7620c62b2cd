import { Running } from '../analysis/paired.js';
import { quantile } from '../analysis/ensemble.js';
import { UsageError } from '../scenario/errors.js';
import type { Fitness } from './pareto.js';

/**
 * What a search optimises and what it must respect, named from the outcomes it measures (by default the headline
 * outcomes of analysis/outcomes.ts): `--maximise person_years_home`, `--minimise gov_spending_total`, and constraints
 * `--max gov_spending_total=2e9` (at most), `--min creator_income_mean_last_year=1500` (at least).
 *
 * A candidate's value of an outcome is the mean over its replications (the same seeds for every candidate: common
 * random numbers); over an ensemble, each world's mean, then a statistic across the worlds (`robust`): their mean, or
 * a percentile on the bad side (`p10`: the value 90% of the worlds do better than — the 10% quantile of an outcome to
 * maximise or to keep above a minimum, the 90% quantile of one to minimise or to keep below a maximum).
 */

export interface Objective {
  readonly name: string;
  readonly sense: 'max' | 'min';
  /** Its place among the measured outcomes. */
  readonly index: number;
}

export interface Constraint {
  readonly name: string;
  /** `max`: the outcome must be at most `bound`; `min`: at least. */
  readonly kind: 'max' | 'min';
  readonly bound: number;
  readonly index: number;
}

/** The statistic across the worlds of an ensemble: their mean, or the percentile `q` (0..100) on the bad side. */
export type Robust = { readonly kind: 'mean' } | { readonly kind: 'percentile'; readonly q: number };

export function parseRobust(text: string): Robust {
  if (text === 'mean') return { kind: 'mean' };
  const m = /^p(\d{1,2}(?:\.\d+)?)$/.exec(text);
  const q = m ? Number(m[1]) : NaN;
  if (!(q > 0 && q < 100)) throw new UsageError(`--robust must be mean or a percentile p1..p99 (e.g. p10), got ${JSON.stringify(text)}`);
  return { kind: 'percentile', q };
}

function outcomeIndex(name: string, names: readonly string[], flag: string): number {
  const index = names.indexOf(name);
  if (index < 0) throw new UsageError(`${flag} ${name}: not an outcome; one of ${names.join(', ')}`);
  return index;
}

/** --maximise and --minimise, in that order; an outcome may be one objective only. */
export function parseObjectives(maximise: readonly string[], minimise: readonly string[], names: readonly string[]): Objective[] {
  const objectives = [
    ...maximise.map((name) => ({ name, sense: 'max' as const, index: outcomeIndex(name, names, '--maximise') })),
    ...minimise.map((name) => ({ name, sense: 'min' as const, index: outcomeIndex(name, names, '--minimise') })),
  ];
  const twice = objectives.find((o, i) => objectives.findIndex((p) => p.name === o.name) !== i);
  if (twice) throw new UsageError(`${twice.name} is given twice as an objective`);
  if (objectives.length < 2) throw new UsageError(`a search needs at least two objectives (--maximise, --minimise), got ${objectives.length}; with one, use calibrate's optimiser or a sweep`);
  return objectives;
}

/** --max name=bound and --min name=bound. */
export function parseConstraints(max: readonly string[], min: readonly string[], names: readonly string[]): Constraint[] {
  const parse = (text: string, kind: 'max' | 'min'): Constraint => {
    const eq = text.indexOf('=');
    const name = text.slice(0, eq).trim();
    const bound = Number(text.slice(eq + 1));
    if (eq < 0 || text.slice(eq + 1).trim() === '' || !Number.isFinite(bound)) throw new UsageError(`--${kind} ${text}: expected outcome=number, e.g. --${kind} gov_spending_total=2e9`);
    return { name, kind, bound, index: outcomeIndex(name, names, `--${kind}`) };
  };
  return [...max.map((t) => parse(t, 'max')), ...min.map((t) => parse(t, 'min'))];
}

/** An outcome of one world: the mean of its replications (NaN ones left out). */
export function worldMean(reps: readonly (readonly number[])[], index: number): number {
  const r = new Running();
  for (const rep of reps) r.add(rep[index]!);
  return r.n > 0 ? r.mean : NaN;
}

/** The statistic across worlds of an outcome; `bad` is the side to look at: 'low' for one to maximise. */
export function acrossWorldsValue(values: readonly number[], robust: Robust, bad: 'low' | 'high'): number {
  const finite = values.filter((x) => !Number.isNaN(x));
  if (finite.length === 0) return NaN;
  if (robust.kind === 'mean') return finite.reduce((s, x) => s + x, 0) / finite.length;
  const sorted = Float64Array.from(finite).sort();
  return quantile(sorted, bad === 'low' ? robust.q / 100 : 1 - robust.q / 100);
}

/** A candidate's value of outcome `index`: runs[world][rep][outcome]. */
export function candidateValue(runs: readonly (readonly (readonly number[])[])[], index: number, robust: Robust, bad: 'low' | 'high'): number {
  return acrossWorldsValue(runs.map((reps) => worldMean(reps, index)), robust, bad);
}

/**
 * NSGA-II's view of a candidate: the objectives negated where they are maximised, and the constraint violation, each
 * broken constraint counted relative to its bound (|bound|, or 1 for a bound of 0) so that constraints in RMB and in
 * persons weigh alike.
 */
export function fitnessOf(runs: readonly (readonly (readonly number[])[])[], objectives: readonly Objective[], constraints: readonly Constraint[], robust: Robust): Fitness {
  const values = objectives.map((o) => {
    const x = candidateValue(runs, o.index, robust, o.sense === 'max' ? 'low' : 'high');
    return o.sense === 'max' ? -x : x;
  });
  let violation = 0;
  for (const c of constraints) {
    const x = candidateValue(runs, c.index, robust, c.kind === 'min' ? 'low' : 'high');
    const excess = Number.isNaN(x) ? Infinity : c.kind === 'max' ? x - c.bound : c.bound - x;
    if (excess > 0) violation += excess / (c.bound === 0 ? 1 : Math.abs(c.bound));
  }
  return { objectives: values, violation };
}
