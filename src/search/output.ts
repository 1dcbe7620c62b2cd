import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { countedOutcomeUnit } from '../analysis/outcomes.js';
import { fewRepsNote, meanInterval, pairedDifferences, type Interval } from '../analysis/paired.js';
import { countingOf, scaleNote } from '../scenario/scale.js';
import { writeFileAtomic } from '../output/atomic.js';
import { formatNumber } from '../output/csv.js';
import { writeOutputFile, type OutputFormat } from '../output/parquet.js';
import { scenarioJson } from '../output/run-files.js';
import { parseOverrides, setAt } from '../scenario/overrides.js';
import { fitnessOf, objectiveValue, worldBests, worldMean, type Objective, type Robust } from './objectives.js';
import { constrainedDominates, type Fitness } from './pareto.js';
import { leverValues, type SearchPlan } from './plan.js';
import type { CandidateRuns, SearchOutcome } from './run.js';

/**
 * The outputs of a search (README, "Search"): front.csv (the final front and the base package, in the search and on
 * fresh seeds), history.csv (convergence per generation), candidates.csv (every candidate run), search.json (the
 * plan and the hypervolume's reference point), scenario.json (the base), and scenarios/<name>-<id>.yaml per front
 * member: `extends` the base file with the command's overrides and the member's levers, so `homeward run` of it
 * reproduces the member's in-search figures (without an ensemble).
 */

/** A row of the front table: a front member, or the base package (id -1). */
export interface FrontRow {
  readonly id: number;
  readonly levers: ReadonlyMap<string, number | string>;
  /** Per objective, in the search (its seeds) and on the fresh seeds, and the paired difference from the base there. */
  readonly search: readonly Interval[];
  readonly fresh: readonly Interval[];
  readonly vsBase: readonly Interval[];
  /** Constraints held on the fresh seeds. */
  readonly feasible: boolean;
  /** Dominated, on the fresh seeds, by another row (the base package included), or infeasible there. */
  readonly dominated: boolean;
}

/**
 * An objective's value as the search saw it, with a 95% interval: over the replications in one world; across an
 * ensemble, the robust statistic, with the t interval across the worlds' means when that statistic is their mean
 * (no interval for a percentile or a regret; a regret is against `best`, the best of each world among the rows).
 */
function objectiveInterval(plan: SearchPlan<unknown>, runs: CandidateRuns, o: Objective, best: readonly number[]): Interval {
  if (plan.worlds.length === 1 && plan.robust.kind !== 'regret') return meanInterval(runs[0]!.map((rep) => rep[o.index]!));
  const value = objectiveValue(runs, o, plan.robust, best);
  if (plan.robust.kind === 'mean') return { ...meanInterval(runs.map((reps) => worldMean(reps, o.index))), mean: value };
  return { n: runs.length, mean: value, ci95_low: NaN, ci95_high: NaN };
}

/** Paired differences from the base over every world and replication (common random numbers pair them). */
function versusBase(base: CandidateRuns, runs: CandidateRuns, index: number): Interval {
  const flat = (r: CandidateRuns) => r.flatMap((reps) => reps.map((rep) => rep[index]!));
  return meanInterval(pairedDifferences(flat(base), flat(runs)));
}

/** What the search compared across worlds, in words and as --robust takes it. */
export function robustText(robust: Robust): string {
  return robust.kind === 'percentile' ? `p${robust.q}` : robust.kind;
}

/** An objective's column: the outcome's name, or `<name>_max_regret` under regret. */
function column(plan: SearchPlan<unknown>, o: Objective): string {
  return plan.robust.kind === 'regret' ? `${o.name}_max_regret` : o.name;
}

export function frontRows(plan: SearchPlan<unknown>, outcome: SearchOutcome): FrontRow[] {
  const rows = [{ id: -1, genes: undefined, search: outcome.base.search, fresh: outcome.base.rerun }, ...outcome.front.map((m) => ({ id: m.id, genes: m.genes, search: outcome.runs.get(m.id)!, fresh: outcome.rerun.get(m.id)! }))];
  // Regrets: in the search against the best of every candidate, on the fresh seeds against the best of the rows.
  const searchBests = worldBests([outcome.base.search, ...outcome.runs.values()], plan.objectives);
  const freshBests = worldBests(rows.map((r) => r.fresh), plan.objectives);
  const fitness: Fitness[] = rows.map((r) => fitnessOf(r.fresh, plan.objectives, plan.constraints, plan.robust, freshBests));
  return rows.map((r, i) => ({
    id: r.id,
    levers: r.genes === undefined ? new Map(plan.levers.map((l) => [l.path, valueOfBase(plan, l.path)])) : leverValues(plan, r.genes),
    search: plan.objectives.map((o, k) => objectiveInterval(plan, r.search, o, searchBests[k]!)),
    fresh: plan.objectives.map((o, k) => objectiveInterval(plan, r.fresh, o, freshBests[k]!)),
    vsBase: plan.objectives.map((o) => versusBase(outcome.base.rerun, r.fresh, o.index)),
    feasible: fitness[i]!.violation === 0,
    dominated: fitness[i]!.violation > 0 || fitness.some((f, j) => j !== i && constrainedDominates(f, fitness[i]!)),
  }));
}

function valueOfBase(plan: SearchPlan<unknown>, path: string): number | string {
  let v: unknown = plan.base;
  for (const key of path.split('.')) v = (v as Record<string, unknown>)[key];
  return typeof v === 'number' ? v : String(v);
}

const cell = (v: number | string) => (typeof v === 'number' ? formatNumber(v) : v);
const label = (id: number) => (id < 0 ? 'base' : String(id));

export function frontCsv(plan: SearchPlan<unknown>, rows: readonly FrontRow[]): string {
  const paths = plan.levers.map((l) => l.path);
  const per = (o: Objective) => {
    const c = column(plan, o);
    return [c, `${c}_ci95_low`, `${c}_ci95_high`, `${c}_fresh`, `${c}_fresh_ci95_low`, `${c}_fresh_ci95_high`, `${o.name}_vs_base_fresh`, `${o.name}_vs_base_fresh_ci95_low`, `${o.name}_vs_base_fresh_ci95_high`];
  };
  const header = ['candidate', ...paths, ...plan.objectives.flatMap(per), 'feasible_fresh', 'dominated_fresh'];
  const lines = rows.map((r) =>
    [
      label(r.id),
      ...paths.map((p) => cell(r.levers.get(p)!)),
      ...plan.objectives.flatMap((_, k) => [r.search[k]!, r.fresh[k]!, r.vsBase[k]!].flatMap((x) => [x.mean, x.ci95_low, x.ci95_high].map(formatNumber))),
      String(r.feasible),
      String(r.dominated),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

export function historyCsv(outcome: SearchOutcome): string {
  const lines = outcome.result.history.map((h) => [h.generation, h.evaluations, h.frontSize, formatNumber(h.hypervolume), h.epsilonProgress].join(','));
  return ['generation,evaluations,front_size,hypervolume,epsilon_progress', ...lines].join('\n') + '\n';
}

/** Every candidate: its levers, each objective's value as the search used it (in the outcome's own sign) and its violation. */
export function candidatesCsv(plan: SearchPlan<unknown>, outcome: SearchOutcome): string {
  const paths = plan.levers.map((l) => l.path);
  // A regret is against the best of every candidate of the search (as the final selection saw it).
  const bests = worldBests([...outcome.runs.values()], plan.objectives);
  const lines = outcome.result.evaluated.map((m) => {
    const values = leverValues(plan, m.genes);
    const runs = outcome.runs.get(m.id)!;
    return [m.id, ...paths.map((p) => cell(values.get(p)!)), ...plan.objectives.map((o, k) => formatNumber(objectiveValue(runs, o, plan.robust, bests[k]))), formatNumber(m.violation)].join(',');
  });
  return [['candidate', ...paths, ...plan.objectives.map((o) => column(plan, o)), 'violation'].join(','), ...lines].join('\n') + '\n';
}

/** Column types of the levers: a real is a double (the default), an integer an integer, a month or an option text. */
function leverTypes(plan: SearchPlan<unknown>): Record<string, 'integer' | 'text'> {
  return Object.fromEntries(plan.levers.filter((l) => l.variable.kind !== 'real').map((l) => [l.path, typeof l.value(0) === 'string' ? 'text' : 'integer'] as const));
}

/** search.json: the plan as run, and the convergence measures' settings. */
export function searchJson(plan: SearchPlan<unknown>, outcome: SearchOutcome): string {
  const last = outcome.result.history.at(-1)!;
  return (
    JSON.stringify(
      {
        levers: Object.fromEntries(plan.levers.map((l) => [l.path, l.spec])),
        objectives: plan.objectives.map((o) => ({ outcome: o.name, sense: o.sense })),
        constraints: plan.constraints.map((c) => ({ outcome: c.name, [c.kind === 'max' ? 'at_most' : 'at_least']: c.bound })),
        robust: robustText(plan.robust),
        ensemble: plan.ensemble ? { file: plan.ensemble.file, worlds: plan.ensemble.members.length } : null,
        population: plan.population,
        generations: plan.generations,
        evaluations: outcome.result.evaluated.length,
        seed: plan.base.seed,
        rep_seeds: plan.seeds,
        fresh_rep_seeds: plan.freshSeeds,
        // In the objectives' own units, every objective as minimised (maximised ones negated).
        hypervolume_reference: last.reference,
        epsilons: last.epsilons,
      },
      null,
      2,
    ) + '\n'
  );
}

/** A front member's scenario: extends the base file, with the command's overrides and the member's levers. */
export function memberYaml(plan: SearchPlan<unknown>, id: number, levers: ReadonlyMap<string, number | string>, dir: string): string {
  const body: Record<string, unknown> = {};
  for (const o of parseOverrides(plan.overrides)) setAt(body, o.path, o.value);
  for (const [path, value] of levers) setAt(body, path.split('.'), value);
  const base = relative(dir, resolve(plan.file)).split('\\').join('/');
  return `# front member ${id} of ${plan.name}: homeward run reproduces its in-search figures\n` + stringify({ extends: base, name: `${plan.base.name}-${id}`, ...body });
}

/** Writes every output into `dir` (the store's temporary output directory). */
export async function writeSearchOutputs(dir: string, plan: SearchPlan<unknown>, outcome: SearchOutcome, format: OutputFormat, finalDir: string): Promise<FrontRow[]> {
  const rows = frontRows(plan, outcome);
  await writeOutputFile(join(dir, 'front.csv'), frontCsv(plan, rows), format, { candidate: 'text', feasible_fresh: 'boolean', dominated_fresh: 'boolean', ...leverTypes(plan) });
  await writeOutputFile(join(dir, 'history.csv'), historyCsv(outcome), format, { generation: 'integer', evaluations: 'integer', front_size: 'integer', epsilon_progress: 'integer' });
  await writeOutputFile(join(dir, 'candidates.csv'), candidatesCsv(plan, outcome), format, { candidate: 'integer', ...leverTypes(plan) });
  await writeFileAtomic(join(dir, 'search.json'), searchJson(plan, outcome));
  await writeFileAtomic(join(dir, 'scenario.json'), scenarioJson(plan.base));
  const scenarios = join(dir, 'scenarios');
  await mkdir(scenarios, { recursive: true });
  // The files are read from the final directory: `extends` is relative to it.
  for (const r of rows.filter((r) => r.id >= 0)) {
    await writeFileAtomic(join(scenarios, `${plan.base.name}-${r.id}.yaml`), memberYaml(plan, r.id, r.levers, join(finalDir, 'scenarios')));
  }
  return rows;
}

/**
 * The front as a table for the terminal: the base package first, then the members; each objective's mean in the
 * search and on the fresh seeds with its 95% interval, with its unit and what it counts, and notes on the intervals.
 */
export function frontTable(plan: SearchPlan<unknown>, rows: readonly FrontRow[]): string {
  const counting = countingOf(plan.base);
  const unit = (o: Objective) => countedOutcomeUnit(o.name, counting) || plan.outcomes[o.index]!.unit;
  const head = ['', ...plan.objectives.flatMap((o) => [`${plan.robust.kind === 'regret' ? `regret of ${o.sense}` : o.sense} ${o.name}${unit(o) ? ` (${unit(o)})` : ''}`, 'fresh seeds [95% CI]']), 'dominated'];
  const fmt = (x: Interval) => (Number.isNaN(x.ci95_low) ? formatNumber(x.mean) : `${formatNumber(x.mean)} [${formatNumber(x.ci95_low)}, ${formatNumber(x.ci95_high)}]`);
  // Candidate 0 is the base package itself when it was in the first generation (plan.baseGenes).
  const body = rows.map((r) => [r.id < 0 ? 'base' : r.id === 0 && plan.baseGenes ? '#0 (base)' : `#${r.id}`, ...plan.objectives.flatMap((_, k) => [formatNumber(r.search[k]!.mean), fmt(r.fresh[k]!)]), r.dominated ? 'yes' : 'no']);
  const widths = head.map((_, c) => Math.max(...[head, ...body].map((row) => row[c]!.length)));
  const table = [head, ...body].map((row) => row.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  '));
  const reps = plan.seeds.length;
  const over =
    plan.worlds.length === 1
      ? `means over ${reps} replications (in the search: the same seeds for every row; fresh: ${reps} others), 95% t intervals`
      : plan.robust.kind === 'regret'
        ? `the largest regret across ${plan.worlds.length} worlds (how far each world's mean over ${reps} replications falls short of the best row's there: the best candidate of the search, or of the rows on the fresh seeds), no intervals`
        : `${plan.robust.kind === 'mean' ? 'means' : `${plan.robust.q}% quantiles on the bad side`} across ${plan.worlds.length} worlds of each world's mean over ${reps} replications${plan.robust.kind === 'mean' ? ', 95% t intervals across the worlds' : ''}`;
  const notes = [`Each objective: ${over}; dominated: on the fresh seeds, by another row or by breaking a constraint.`, ...scaleNote(counting), ...(plan.worlds.length === 1 ? [fewRepsNote(reps)].filter((n): n is string => n !== undefined) : [])];
  return [...table, ...notes].join('\n') + '\n';
}
