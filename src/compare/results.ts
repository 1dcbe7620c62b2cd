import { countedUnit, scaleNote, type Counting } from '../scenario/scale.js';
import { COSTS, COSTS_METHOD, pairedCosts, type CostDef } from '../analysis/costs.js';
import { OUTCOMES } from '../analysis/outcomes.js';
import { fewRepsNote, meanInterval, pairedDifferences, type Interval, type Ratio } from '../analysis/paired.js';
import { formatNumber } from '../output/csv.js';
import { COMPARE_COLUMNS } from '../output/read-compare.js';
import type { ColumnTypes } from '../output/parquet.js';
import { readable } from '../output/readable.js';

/**
 * The statistics of a comparison, from each scenario's headline outcomes per replication (OUTCOMES order), the
 * reps of all scenarios run with the same seeds: each scenario's mean with a 95% t interval, its paired difference
 * to the reference (the first scenario) with a 95% t interval over the per-rep differences, and its costs per
 * person (analysis/costs.ts: net spending per additional returnee, person-year, return event) with Fieller's interval.
 */

export interface CompareInput {
  readonly name: string;
  /** outcomes[rep][k]: outcome k (OUTCOMES order) of replication rep. */
  readonly outcomes: readonly (readonly number[])[];
}

export interface OutcomeRow {
  readonly outcome: string;
  readonly unit: string;
  readonly scenario: string;
  readonly level: Interval;
  /** The paired difference to the reference; exactly 0 with a 0 interval for the reference itself. */
  readonly diff: Interval;
}

export interface CostRow {
  readonly cost: CostDef;
  readonly scenario: string;
  readonly ratio: Ratio;
}

export interface Comparison {
  readonly reference: string;
  readonly reps: number;
  /** Outcome-major: for each outcome (OUTCOMES order), one row per scenario (given order). */
  readonly rows: readonly OutcomeRow[];
  /** Cost-major: for each cost (COSTS order), one row per non-reference scenario. */
  readonly costs: readonly CostRow[];
}

const column = (input: CompareInput, k: number) => input.outcomes.map((row) => row[k]!);

export function compareOutcomes(scenarios: readonly CompareInput[]): Comparison {
  const reference = scenarios[0];
  if (!reference) throw new Error('compare: no scenarios');
  const reps = reference.outcomes.length;
  const rows: OutcomeRow[] = [];
  OUTCOMES.forEach((o, k) => {
    const ref = column(reference, k);
    for (const s of scenarios) {
      const values = column(s, k);
      const level = meanInterval(values);
      // The reference's difference to itself is 0 (with a 0 interval) wherever the outcome is defined at all.
      const diff = s !== reference ? meanInterval(pairedDifferences(ref, values)) : level.n > 0 ? { n: level.n, mean: 0, ci95_low: 0, ci95_high: 0 } : level;
      rows.push({ outcome: o.name, unit: o.unit, scenario: s.name, level, diff });
    }
  });
  const others = scenarios.slice(1).map((s) => ({ name: s.name, costs: pairedCosts(reference.outcomes, s.outcomes) }));
  const costs = COSTS.flatMap((cost, j) => others.map((s) => ({ cost, scenario: s.name, ratio: s.costs[j]! })));
  return { reference: reference.name, reps, rows, costs };
}

/** compare.csv's columns that are not doubles, for Parquet. */
export const COMPARE_TYPES: ColumnTypes = { outcome: 'text', unit: 'text', scenario: 'text', reference: 'text', reps: 'integer' };

/**
 * compare.csv: one row per outcome and scenario, then per cost (COSTS) one row per other scenario: its ratio and
 * Fieller interval in mean/ci95_*, reps the pairs used, diff fields empty (mean and interval empty when the ratio is
 * not estimable).
 */
export function compareCsv(c: Comparison): string {
  const f = formatNumber;
  const lines = [COMPARE_COLUMNS.join(',')];
  for (const r of c.rows) {
    lines.push([r.outcome, r.unit, r.scenario, c.reference, r.level.n, f(r.level.mean), f(r.level.ci95_low), f(r.level.ci95_high), f(r.diff.mean), f(r.diff.ci95_low), f(r.diff.ci95_high)].join(','));
  }
  for (const { cost, scenario, ratio } of c.costs) {
    lines.push([cost.name, cost.unit, scenario, c.reference, ratio.n, f(ratio.ratio), f(ratio.ci95_low), f(ratio.ci95_high), '', '', ''].join(','));
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// The table printed on the terminal

const withCi = (i: { mean: number; ci95_low: number; ci95_high: number }) =>
  Number.isNaN(i.ci95_low) ? readable(i.mean) : `${readable(i.mean)} [${readable(i.ci95_low)}, ${readable(i.ci95_high)}]`;

/** The comparison as a table: per outcome, each scenario's mean [95% CI] and difference to the reference [95% CI]. */
export function compareTable(c: Comparison, counting: Counting): string {
  const header = ['', 'mean [95% CI]', `difference to ${c.reference} [95% CI]`];
  // An outcome's title is a line of its own (undefined cells); its scenarios follow, indented.
  const body: (readonly string[] | string)[] = [];
  for (const o of OUTCOMES) {
    body.push(`${o.name} (${countedUnit(o.unit, o.scaled, counting)})`);
    for (const r of c.rows.filter((row) => row.outcome === o.name)) {
      const isRef = r.scenario === c.reference;
      body.push([`  ${r.scenario}${isRef ? ' (reference)' : ''}`, withCi(r.level), isRef ? '' : withCi(r.diff)]);
    }
  }
  let unbounded = false;
  for (const cost of COSTS) {
    const own = c.costs.filter((r) => r.cost === cost);
    if (own.length === 0) continue;
    body.push(`${cost.name} (${cost.unit})`);
    for (const { scenario, ratio } of own) {
      const estimable = !Number.isNaN(ratio.ratio);
      unbounded ||= !estimable;
      body.push([`  ${scenario}`, '', estimable ? withCi({ mean: ratio.ratio, ci95_low: ratio.ci95_low, ci95_high: ratio.ci95_high }) : 'n/a (see note)']);
    }
  }
  const rows = body.filter((b): b is readonly string[] => typeof b !== 'string');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i > 0 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('   ').trimEnd();
  const out = [line(header), ...body.map((b) => (typeof b === 'string' ? b : line(b)))];
  out.push(
    '',
    `${c.reps} replications per scenario with common random numbers (replication r of every scenario uses the same`,
    'seed), so differences are paired: mean and 95% t interval of the per-replication differences to the reference.',
  );
  out.push(...scaleNote(counting).flatMap((line) => wrap(line, 116)));
  if (c.costs.length > 0) out.push(...wrap(COSTS_METHOD, 116));
  if (unbounded) {
    out.push(
      'n/a: the difference in the count it divides by is not significantly different from 0 (its 95% interval includes',
      '0), so that cost is not estimable (its confidence set is unbounded).',
    );
  }
  const few = fewRepsNote(c.reps);
  if (few !== undefined) out.push(...wrap(few, 116));
  return out.join('\n') + '\n';
}

/** Text broken into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
