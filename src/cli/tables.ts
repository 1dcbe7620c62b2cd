import { OUTCOMES } from '../analysis/outcomes.js';
import { fewRepsNote, meanInterval, type Interval } from '../analysis/paired.js';
import { readable } from '../output/readable.js';
import { UsageError } from '../scenario/errors.js';
import { countedUnit, scaleNote, type Counting } from '../scenario/scale.js';

/**
 * The result tables that `run` and `sweep` print on stdout (compare, check, calibrate and sensitivity print their
 * own, from their modules), and `--sort OUTCOME`, the order of the rows of compare's and sweep's tables.
 */

/** The headline outcomes' names, for --sort and its message. */
const OUTCOME_NAMES = OUTCOMES.map((o) => o.name);

/** --sort's outcome, checked before anything runs: a name of OUTCOMES, or a UsageError listing them. */
export function checkSort(sort: string | undefined): number | undefined {
  if (sort === undefined) return undefined;
  const k = OUTCOME_NAMES.indexOf(sort);
  if (k < 0) throw new UsageError(`--sort: unknown outcome "${sort}"; the outcomes are ${OUTCOME_NAMES.join(', ')}`);
  return k;
}

/**
 * The order of rows by one outcome's mean, descending (rows without a mean last, in their own order); `means[i]` is
 * row i's mean. Stable: equal means keep their order.
 */
export function descending(means: readonly number[]): number[] {
  const key = (i: number) => (Number.isNaN(means[i]!) ? -Infinity : means[i]!);
  return means.map((_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
}

const withCi = (i: Interval) => (Number.isNaN(i.ci95_low) ? readable(i.mean) : `${readable(i.mean)} [${readable(i.ci95_low)}, ${readable(i.ci95_high)}]`);

/** Rows of cells as aligned text: the first column left, the others right. */
function aligned(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ').trimEnd());
}

/** Notes under a table of replications' means: what the interval is, what the counts stand for, too few reps. */
function notes(reps: number, counting: Counting, what: string): string[] {
  const few = fewRepsNote(reps);
  return [`${what}: mean and 95% t interval over ${reps} replications.`, ...scaleNote(counting), ...(few === undefined ? [] : [few])];
}

/** A run's table: each headline outcome's mean [95% CI] over the replications; `outcomes[rep][k]` in OUTCOMES order. */
export function runTable(outcomes: readonly (readonly number[])[], counting: Counting): string {
  const rows = OUTCOMES.map((o, k) => [`${o.name} (${countedUnit(o.unit, o.scaled, counting)})`, withCi(meanInterval(outcomes.map((r) => r[k]!)))]);
  return [...aligned([['', 'mean [95% CI]'], ...rows]), '', ...notes(outcomes.length, counting, 'Each outcome')].join('\n') + '\n';
}

/** A point of a sweep as its table shows it. */
export interface SweepRow {
  /** `point 3: policies.training.seats=2000` (with the world of an ensemble). */
  readonly label: string;
  /** outcomes[rep][k], OUTCOMES order. */
  readonly outcomes: readonly (readonly number[])[];
}

/**
 * A sweep's table, points × outcomes: per headline outcome, each point's mean [95% CI] over its replications; the
 * points in design order, or by `sort` (an index of OUTCOMES) descending in every outcome.
 */
export function sweepTable(points: readonly SweepRow[], reps: number, counting: Counting, sort?: number): string {
  const levels = points.map((p) => OUTCOMES.map((_, k) => meanInterval(p.outcomes.map((r) => r[k]!))));
  const order = sort === undefined ? points.map((_, i) => i) : descending(levels.map((l) => l[sort]!.mean));
  const rows: string[][] = [['', 'mean [95% CI]']];
  const titles = new Map<number, string>();
  OUTCOMES.forEach((o, k) => {
    titles.set(rows.length, `${o.name} (${countedUnit(o.unit, o.scaled, counting)})`);
    rows.push(['', '']); // the title's place
    for (const i of order) rows.push([`  ${points[i]!.label}`, withCi(levels[i]![k]!)]);
  });
  const lines = aligned(rows).map((line, i) => titles.get(i) ?? line);
  const sorted = sort === undefined ? [] : [`Points by ${OUTCOMES[sort]!.name}, highest mean first.`];
  return [...lines, '', ...sorted, ...notes(reps, counting, 'Each point')].join('\n') + '\n';
}

/**
 * A comparison's scenarios (compare, compare --ensemble) in the order of their mean of outcome `sort` (an index of
 * OUTCOMES), descending: `rows` are the table's rows, `mean` a row's mean. Returns the sort of any rows by scenario,
 * which the table then lists in that order in every outcome and cost.
 */
export function byScenarioMean<R extends { readonly outcome: string; readonly scenario: string }>(rows: readonly R[], sort: number, mean: (row: R) => number) {
  const own = rows.filter((r) => r.outcome === OUTCOMES[sort]!.name);
  const rank = new Map(descending(own.map(mean)).map((i, position) => [own[i]!.scenario, position]));
  return <T extends { readonly scenario: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (rank.get(a.scenario) ?? 0) - (rank.get(b.scenario) ?? 0));
}
