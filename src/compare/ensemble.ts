import { countedUnit, scaleNote, type Counting } from '../scenario/scale.js';
import { acrossWorlds, type AcrossWorlds } from '../analysis/ensemble.js';
import { COSTS, COSTS_METHOD, pairedCosts } from '../analysis/costs.js';
import { OUTCOMES, outcomesOf } from '../analysis/outcomes.js';
import { fewRepsNote, meanInterval, pairedDifferences, type Interval } from '../analysis/paired.js';
import { t975 } from '../analysis/summary.js';
import type { EvaluateOptions, Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import type { CreatorSnapshot } from '../model/definition.js';
import { formatNumber } from '../output/csv.js';
import type { ColumnTypes } from '../output/parquet.js';
import { readable } from '../output/readable.js';
import type { Ensemble } from '../scenario/ensemble.js';
import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import type { Scenario } from '../scenario/schema.js';
import { withValues } from '../scenario/values.js';

/**
 * `homeward compare ... --ensemble FILE`: every scenario run at every parameter set (world) of an ensemble, the
 * replications of a world's scenarios with common random numbers, and each policy difference summarised across the
 * worlds: its mean, its 5-95% range and the share of worlds where it has the sign of the mean. Answers "does the
 * ranking survive across the parameter sets consistent with the facts?". The costs per person (analysis/costs.ts)
 * are computed in each world (a ratio with Fieller's interval over its replications) and summarised across the worlds
 * where they are estimable.
 */

export interface EnsembleComparisonPlan {
  readonly files: readonly string[];
  /** The scenarios as loaded (options applied), the reference first. */
  readonly scenarios: readonly Scenario[];
  readonly ensemble: Ensemble;
  /** worlds[m][s]: scenario s with member m's values. */
  readonly worlds: readonly (readonly Scenario[])[];
  readonly seeds: readonly number[];
}

/** Sets every member's values on every scenario and validates the result; every problem is reported at once. */
export function planEnsembleComparison(files: readonly string[], scenarios: readonly Scenario[], ensemble: Ensemble): EnsembleComparisonPlan {
  const problems: ScenarioProblem[] = [];
  const worlds = ensemble.members.map((m) =>
    scenarios.map((s) => {
      try {
        return withValues(s, m.values, `${ensemble.file}: member ${m.member}${m.line !== undefined ? ` (line ${m.line})` : ''} on ${s.name}`);
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
        problems.push(...err.problems);
        return s;
      }
    }),
  );
  if (problems.length > 0) throw new ScenarioError(problems);
  const reference = scenarios[0]!;
  return { files, scenarios, ensemble, worlds, seeds: repSeeds(reference.seed, reference.reps) };
}

/** outcomes[m][s][rep][k]: headline outcome k of replication rep of scenario s in world m. */
export type WorldOutcomes = number[][][][];

/** Runs every world's scenarios' replications in one batch (all cores busy), results in order. */
export async function runEnsembleComparison(plan: EnsembleComparisonPlan, evaluator: Evaluator<CreatorSnapshot>, options: EvaluateOptions = {}): Promise<WorldOutcomes> {
  const perWorld = plan.scenarios.length;
  const grid = new ExperimentGrid(plan.worlds.flat(), plan.seeds);
  const outcomes: WorldOutcomes = plan.worlds.map((w) => w.map(() => []));
  await evaluator.run(
    grid,
    (result, i) => {
      const k = grid.scenarioOf(i);
      outcomes[Math.floor(k / perWorld)]![k % perWorld]!.push(outcomesOf(result.columns, result.months));
    },
    options,
  );
  return outcomes;
}

/**
 * One outcome of one scenario in one world: its mean, and its paired difference from the reference there. For a
 * cost (COSTS), `level` is the ratio with Fieller's interval (n: the pairs used) and `diff` and `rel` are NaN.
 */
export interface WorldRow {
  readonly member: number;
  readonly outcome: string;
  readonly unit: string;
  readonly scenario: string;
  readonly level: Interval;
  readonly diff: Interval;
  /** diff / the reference's mean in that world. */
  readonly rel: number;
}

/**
 * One outcome of one scenario across the worlds. For a cost (COSTS; `cost` true), `level` is its value across the
 * worlds where it is estimable, `diff` and `rel` are empty (no worlds) and there is no significant share.
 */
export interface EnsembleRow {
  readonly outcome: string;
  readonly cost: boolean;
  readonly unit: string;
  readonly scenario: string;
  readonly level: AcrossWorlds;
  readonly diff: AcrossWorlds;
  readonly rel: AcrossWorlds;
  /** Share of the worlds whose paired 95% interval of the difference excludes 0 on the side of the mean. */
  readonly significantShare: number;
}

export interface EnsembleComparison {
  readonly reference: string;
  readonly reps: number;
  readonly members: number;
  readonly worlds: readonly WorldRow[];
  /** Outcome-major: for each outcome (OUTCOMES order), one row per scenario (the reference first); then for each cost (COSTS order), one per other scenario. */
  readonly rows: readonly EnsembleRow[];
}

export function compareAcrossWorlds(plan: EnsembleComparisonPlan, outcomes: WorldOutcomes): EnsembleComparison {
  const names = plan.scenarios.map((s) => s.name);
  const worlds: WorldRow[] = [];
  const rows: EnsembleRow[] = [];
  OUTCOMES.forEach((o, k) => {
    names.forEach((scenario, s) => {
      const own = plan.ensemble.members.map((m, w) => {
        const ref = outcomes[w]![0]!.map((rep) => rep[k]!);
        const values = outcomes[w]![s]!.map((rep) => rep[k]!);
        const level = meanInterval(values);
        const diff = s === 0 ? { n: level.n, mean: level.n > 0 ? 0 : NaN, ci95_low: 0, ci95_high: 0 } : meanInterval(pairedDifferences(ref, values));
        const refMean = meanInterval(ref).mean;
        const row: WorldRow = { member: m.member, outcome: o.name, unit: o.unit, scenario, level, diff, rel: refMean !== 0 ? diff.mean / refMean : NaN };
        worlds.push(row);
        return row;
      });
      const diff = acrossWorlds(own.map((r) => r.diff.mean));
      const sign = Math.sign(diff.mean);
      const defined = own.filter((r) => !Number.isNaN(r.diff.mean));
      const significant = defined.filter((r) => (sign > 0 ? r.diff.ci95_low > 0 : sign < 0 ? r.diff.ci95_high < 0 : false)).length;
      rows.push({
        outcome: o.name,
        cost: false,
        unit: o.unit,
        scenario,
        level: acrossWorlds(own.map((r) => r.level.mean)),
        diff,
        rel: acrossWorlds(own.map((r) => r.rel)),
        significantShare: s === 0 || defined.length === 0 || sign === 0 ? NaN : significant / defined.length,
      });
    });
  });
  const none: Interval = { n: 0, mean: NaN, ci95_low: NaN, ci95_high: NaN };
  const costs = plan.ensemble.members.map((_, w) => names.map((_, s) => (s === 0 ? [] : pairedCosts(outcomes[w]![0]!, outcomes[w]![s]!))));
  COSTS.forEach((cost, j) => {
    names.forEach((scenario, s) => {
      if (s === 0) return;
      const own = plan.ensemble.members.map((m, w) => {
        const ratio = costs[w]![s]![j]!;
        const level = { n: ratio.n, mean: ratio.ratio, ci95_low: ratio.ci95_low, ci95_high: ratio.ci95_high };
        const row: WorldRow = { member: m.member, outcome: cost.name, unit: cost.unit, scenario, level, diff: none, rel: NaN };
        worlds.push(row);
        return row;
      });
      const empty = acrossWorlds([]);
      rows.push({ outcome: cost.name, cost: true, unit: cost.unit, scenario, level: acrossWorlds(own.map((r) => r.level.mean)), diff: empty, rel: empty, significantShare: NaN });
    });
  });
  // Worlds in member order, then outcome and scenario, as the CSV lists them (stable sort).
  worlds.sort((a, b) => a.member - b.member);
  return { reference: names[0]!, reps: plan.seeds.length, members: plan.ensemble.members.length, worlds, rows };
}

export const ENSEMBLE_COMPARE_COLUMNS = [
  'outcome',
  'unit',
  'scenario',
  'reference',
  'worlds',
  'reps',
  'mean',
  'mean_p05',
  'mean_p95',
  'diff',
  'diff_p05',
  'diff_p95',
  'rel_diff',
  'rel_diff_p05',
  'rel_diff_p95',
  'sign_share',
  'significant_share',
] as const;

/**
 * ensemble-compare.csv: one row per outcome and scenario, across the worlds; then one per cost and other scenario,
 * its value across the worlds in mean, mean_p05, mean_p95 and sign_share, `worlds` the worlds where it is estimable,
 * the other statistics empty.
 */
/** ensemble-compare.csv's Parquet types; the statistics are doubles. */
export const ENSEMBLE_COMPARE_TYPES: ColumnTypes = { outcome: 'text', unit: 'text', scenario: 'text', reference: 'text', worlds: 'integer', reps: 'integer' };

export function ensembleCompareCsv(c: EnsembleComparison): string {
  const f = formatNumber;
  const lines = [ENSEMBLE_COMPARE_COLUMNS.join(',')];
  for (const r of c.rows) {
    lines.push(
      [
        r.outcome,
        r.unit,
        r.scenario,
        c.reference,
        r.cost ? r.level.worlds : r.diff.worlds,
        c.reps,
        f(r.level.mean),
        f(r.level.p05),
        f(r.level.p95),
        f(r.diff.mean),
        f(r.diff.p05),
        f(r.diff.p95),
        f(r.rel.mean),
        f(r.rel.p05),
        f(r.rel.p95),
        f(r.cost ? r.level.signShare : r.scenario === c.reference ? NaN : r.diff.signShare),
        f(r.significantShare),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export const ENSEMBLE_WORLDS_COLUMNS = ['member', 'outcome', 'unit', 'scenario', 'reference', 'reps', 'mean', 'ci95_low', 'ci95_high', 'diff', 'diff_ci95_low', 'diff_ci95_high', 'rel_diff'] as const;

/** ensemble-worlds.csv's Parquet types. */
export const ENSEMBLE_WORLDS_TYPES: ColumnTypes = { member: 'integer', outcome: 'text', unit: 'text', scenario: 'text', reference: 'text', reps: 'integer' };

/**
 * ensemble-worlds.csv: every outcome of every scenario in every world, with its paired difference there; and every
 * cost of every other scenario in every world, its ratio and Fieller interval in mean and ci95_*, reps the pairs used.
 */
export function ensembleWorldsCsv(c: EnsembleComparison): string {
  const f = formatNumber;
  const lines = [ENSEMBLE_WORLDS_COLUMNS.join(',')];
  for (const w of c.worlds) {
    lines.push([w.member, w.outcome, w.unit, w.scenario, c.reference, w.level.n, f(w.level.mean), f(w.level.ci95_low), f(w.level.ci95_high), f(w.diff.mean), f(w.diff.ci95_low), f(w.diff.ci95_high), f(w.rel)].join(','));
  }
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------
// The table and the memo lines printed on the terminal

const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x > 0 ? '+' : ''}${Number((100 * x).toPrecision(2))}%`);
const range = (a: AcrossWorlds, format: (x: number) => string) => (a.worlds === 0 ? 'n/a' : `${format(a.mean)} [${format(a.p05)}, ${format(a.p95)}]`);
const signed = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x > 0 ? '+' : ''}${readable(x)}`);

export function ensembleTable(c: EnsembleComparison, counting: Counting): string {
  const header = ['', 'mean [5%, 95%]', `difference to ${c.reference} [5%, 95%]`, 'relative [5%, 95%]', 'same sign'];
  const body: (readonly string[] | string)[] = [];
  for (const o of OUTCOMES) {
    body.push(`${o.name} (${countedUnit(o.unit, o.scaled, counting)})`);
    for (const r of c.rows.filter((row) => row.outcome === o.name)) {
      const isRef = r.scenario === c.reference;
      const share = Number.isNaN(r.diff.signShare) ? 'n/a' : `${Math.round(100 * r.diff.signShare)}% (${Math.round(r.diff.signShare * r.diff.worlds)} of ${r.diff.worlds})`;
      body.push([`  ${r.scenario}${isRef ? ' (reference)' : ''}`, range(r.level, readable), isRef ? '' : range(r.diff, signed), isRef ? '' : range(r.rel, pct), isRef ? '' : share]);
    }
  }
  for (const cost of COSTS) {
    const own = c.rows.filter((row) => row.outcome === cost.name);
    if (own.length === 0) continue;
    body.push(`${cost.name} (${cost.unit})`);
    for (const r of own) body.push([`  ${r.scenario}`, range(r.level, readable), '', '', `estimable in ${r.level.worlds} of ${c.members}`]);
  }
  const rows = body.filter((b): b is readonly string[] => typeof b !== 'string');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i > 0 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('   ').trimEnd();
  const few = fewRepsNote(c.reps);
  return [
    line(header),
    ...body.map((b) => (typeof b === 'string' ? b : line(b))),
    '',
    `Each scenario at each of the ${c.members} parameter sets of the ensemble (worlds), ${c.reps} replications per world with common random numbers.`,
    'mean: the outcome across the worlds; difference: the paired difference from the reference in each world, its mean across the worlds;',
    '[5%, 95%]: the range of the middle 90% of the worlds; same sign: the worlds where the difference has the sign of its mean.',
    `${COSTS_METHOD} Each cost is computed in each world; across the worlds where it is estimable (the difference it divides by beyond its 95% interval) in mean [5%, 95%].`,
    ...scaleNote(counting),
    ...(few !== undefined ? [few] : []),
  ].join('\n') + '\n';
}

/**
 * One sentence per scenario and outcome for a memo: "without training, returns fall in 97% of the worlds consistent
 * with the facts; the fall is 2-6%".
 */
export function memoLines(c: EnsembleComparison): string[] {
  const lines: string[] = [];
  // With few replications per world an interval that includes 0 is no evidence of no effect: say how wide it is.
  const few = fewRepsNote(c.reps) !== undefined;
  const wide = c.reps > 1 ? `; with ${c.reps} replications that interval is ${Number(t975(c.reps - 1).toPrecision(3))} standard errors wide on each side, so a difference within it is weak evidence of no effect` : '';
  for (const r of c.rows) {
    if (r.cost) {
      if (r.level.worlds > 0) lines.push(`${r.scenario} against ${c.reference}: ${r.outcome} is ${range(r.level, readable)} ${r.unit} (mean [5%, 95%] of the ${r.level.worlds} of ${c.members} worlds where it is estimable).`);
      continue;
    }
    if (r.scenario === c.reference || r.diff.worlds === 0 || Number.isNaN(r.diff.signShare)) continue;
    const up = r.diff.mean > 0;
    const verb = up ? 'rises' : 'falls';
    const share = `${Math.round(100 * r.diff.signShare)}% of the ${r.diff.worlds} worlds consistent with the facts`;
    const sig = Number.isNaN(r.significantShare) || c.reps < 2 ? '' : ` (beyond its 95% interval in ${Math.round(100 * r.significantShare)}%${few && r.significantShare < 1 ? wide : ''})`;
    const abs = (x: number) => String(Number((100 * Math.abs(x)).toPrecision(2)));
    const sameSide = up ? r.rel.p05 > 0 : r.rel.p95 < 0;
    const [small, large] = [r.rel.p05, r.rel.p95].map(abs).sort((a, b) => Number(a) - Number(b));
    const size =
      r.rel.worlds === 0
        ? ''
        : sameSide
          ? `; the ${up ? 'rise' : 'fall'} is ${small === large ? small : `${small}-${large}`}% (5-95% of the worlds)`
          : `; the change ranges from ${pct(r.rel.p05)} to ${pct(r.rel.p95)} (5-95% of the worlds)`;
    lines.push(`${r.scenario} against ${c.reference}: ${r.outcome} ${verb} in ${share}${sig}${size}.`);
  }
  return lines;
}
