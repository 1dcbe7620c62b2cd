import { Running } from '../analysis/paired.js';
import { quantile } from '../analysis/ensemble.js';
import { ScenarioError, UsageError, type ScenarioProblem } from '../scenario/errors.js';
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

/**
 * The statistic across the worlds of an ensemble: their mean, the percentile `q` (0..100) on the bad side, or the
 * largest regret (Savage 1951; EMA Workbench's robust_optimize): in each world, how far the candidate falls short of
 * the best candidate there, the largest over the worlds, to be minimised whatever the objective's sense.
 */
export type Robust = { readonly kind: 'mean' } | { readonly kind: 'percentile'; readonly q: number } | { readonly kind: 'regret' };

export function parseRobust(text: string): Robust {
  if (text === 'mean') return { kind: 'mean' };
  if (text === 'regret') return { kind: 'regret' };
  const m = /^p(\d{1,2}(?:\.\d+)?)$/.exec(text);
  const q = m ? Number(m[1]) : NaN;
  if (!(q > 0 && q < 100)) throw new UsageError(`--robust must be mean, a percentile p1..p99 (e.g. p10) or regret, got ${JSON.stringify(text)}`);
  return { kind: 'percentile', q };
}

/** Where an objective or constraint was given, for messages: its flag (`--max`), or the key of the search block. */
export type Place = (key: 'maximise' | 'minimise' | 'max' | 'min', name: string) => Omit<ScenarioProblem, 'message'>;

/** The places of flags: `--maximise nope: not an outcome`. */
export const FLAG_PLACE: Place = (key, name) => ({ file: `--${key} ${name}`, path: '' });

function indexOf(name: string, names: readonly string[], where: Omit<ScenarioProblem, 'message'>, problems: ScenarioProblem[]): number {
  const index = names.indexOf(name);
  if (index < 0) problems.push({ ...where, message: `${name} is not an outcome; one of ${names.join(', ')}` });
  return index;
}

/** --maximise and --minimise (or the block's lists), in that order; an outcome may be one objective only. */
export function parseObjectives(maximise: readonly string[], minimise: readonly string[], names: readonly string[], place: Place = FLAG_PLACE): Objective[] {
  const problems: ScenarioProblem[] = [];
  const objectives = [
    ...maximise.map((name) => ({ name, sense: 'max' as const, index: indexOf(name, names, place('maximise', name), problems) })),
    ...minimise.map((name) => ({ name, sense: 'min' as const, index: indexOf(name, names, place('minimise', name), problems) })),
  ];
  objectives.forEach((o, i) => {
    if (objectives.findIndex((p) => p.name === o.name) !== i) problems.push({ ...place(o.sense === 'max' ? 'maximise' : 'minimise', o.name), message: `${o.name} is given twice as an objective` });
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  if (objectives.length < 2) throw new UsageError(`a search needs at least two objectives (--maximise, --minimise, or search.maximise and search.minimise in the scenario), got ${objectives.length}`);
  return objectives;
}

/** --max name=bound and --min name=bound (or the block's mappings). */
export function parseConstraints(max: Readonly<Record<string, number>>, min: Readonly<Record<string, number>>, names: readonly string[], place: Place = FLAG_PLACE): Constraint[] {
  const problems: ScenarioProblem[] = [];
  const constraints = [
    ...Object.entries(max).map(([name, bound]) => ({ name, kind: 'max' as const, bound, index: indexOf(name, names, place('max', name), problems) })),
    ...Object.entries(min).map(([name, bound]) => ({ name, kind: 'min' as const, bound, index: indexOf(name, names, place('min', name), problems) })),
  ];
  if (problems.length > 0) throw new ScenarioError(problems);
  return constraints;
}

/** `outcome=bound` of --max and --min, as a mapping. */
export function parseBounds(texts: readonly string[], flag: '--max' | '--min'): Record<string, number> {
  const bounds: Record<string, number> = {};
  for (const text of texts) {
    const eq = text.indexOf('=');
    const bound = Number(text.slice(eq + 1));
    if (eq < 0 || text.slice(eq + 1).trim() === '' || !Number.isFinite(bound)) throw new UsageError(`${flag} ${text}: expected outcome=number, e.g. ${flag} gov_spending_total=2e9`);
    const name = text.slice(0, eq).trim();
    if (name in bounds) throw new UsageError(`${flag} ${name} is given twice`);
    bounds[name] = bound;
  }
  return bounds;
}

/** An outcome of one world: the mean of its replications (NaN ones left out). */
export function worldMean(reps: readonly (readonly number[])[], index: number): number {
  const r = new Running();
  for (const rep of reps) r.add(rep[index]!);
  return r.n > 0 ? r.mean : NaN;
}

/** The statistic across worlds of an outcome (the mean for regret, which needs the other candidates: maxRegret); `bad` is the side to look at: 'low' for one to maximise. */
export function acrossWorldsValue(values: readonly number[], robust: Robust, bad: 'low' | 'high'): number {
  const finite = values.filter((x) => !Number.isNaN(x));
  if (finite.length === 0) return NaN;
  if (robust.kind !== 'percentile') return finite.reduce((s, x) => s + x, 0) / finite.length;
  const sorted = Float64Array.from(finite).sort();
  return quantile(sorted, bad === 'low' ? robust.q / 100 : 1 - robust.q / 100);
}

/** A candidate's value of outcome `index`: runs[world][rep][outcome]. */
export function candidateValue(runs: CandidateRuns, index: number, robust: Robust, bad: 'low' | 'high'): number {
  return acrossWorldsValue(runs.map((reps) => worldMean(reps, index)), robust, bad);
}

/** Per objective, per world: the best world mean among `candidates` (the largest for an objective to maximise). */
export function worldBests(candidates: readonly CandidateRuns[], objectives: readonly Objective[]): number[][] {
  return objectives.map((o) => {
    const worlds = candidates[0]?.length ?? 0;
    return Array.from({ length: worlds }, (_, w) => {
      const means = candidates.map((c) => worldMean(c[w]!, o.index)).filter((x) => !Number.isNaN(x));
      return means.length === 0 ? NaN : o.sense === 'max' ? Math.max(...means) : Math.min(...means);
    });
  });
}

/** The largest regret across worlds: how far short of `best` (one per world) the candidate falls in its worst world. */
export function maxRegret(runs: CandidateRuns, o: Objective, best: readonly number[]): number {
  let worst = -Infinity;
  runs.forEach((reps, w) => {
    const x = worldMean(reps, o.index);
    worst = Math.max(worst, Number.isNaN(x) ? NaN : o.sense === 'max' ? best[w]! - x : x - best[w]!);
  });
  return worst;
}

/** An objective's value as the search compares it: the statistic across worlds, or the largest regret (bests needed). */
export function objectiveValue(runs: CandidateRuns, o: Objective, robust: Robust, best?: readonly number[]): number {
  if (robust.kind === 'regret') return maxRegret(runs, o, best!);
  return candidateValue(runs, o.index, robust, o.sense === 'max' ? 'low' : 'high');
}

/**
 * NSGA-II's view of a candidate: the objectives negated where they are maximised (a regret is minimised as it is),
 * and the constraint violation, each broken constraint counted relative to its bound (|bound|, or 1 for a bound of 0)
 * so that constraints in RMB and in persons weigh alike. Under regret the constraints hold on the mean across worlds.
 * `bests` (worldBests) is needed for regret only.
 */
export function fitnessOf(runs: CandidateRuns, objectives: readonly Objective[], constraints: readonly Constraint[], robust: Robust, bests?: readonly (readonly number[])[]): Fitness {
  const values = objectives.map((o, k) => {
    const x = objectiveValue(runs, o, robust, bests?.[k]);
    return o.sense === 'max' && robust.kind !== 'regret' ? -x : x;
  });
  let violation = 0;
  for (const c of constraints) {
    const x = candidateValue(runs, c.index, robust, c.kind === 'min' ? 'low' : 'high');
    const excess = Number.isNaN(x) ? Infinity : c.kind === 'max' ? x - c.bound : c.bound - x;
    if (excess > 0) violation += excess / (c.bound === 0 ? 1 : Math.abs(c.bound));
  }
  return { objectives: values, violation };
}

/** Outcomes of one candidate: runs[world][rep][outcome]. */
export type CandidateRuns = readonly (readonly (readonly number[])[])[];
