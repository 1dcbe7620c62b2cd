import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import type { Table } from './read-files.js';
import type { Estimate } from './read-sweep.js';
import { list, nullable, number, object, oneOf, optional, readJsonFile, record, refine, text } from './json-spec.js';
import { column, columns, flagOf, readTable, type TableSpec } from './read-table.js';
import { loadWrittenScenario } from './read-scenario.js';

/**
 * Reading a search directory (written by `homeward search`, src/search/output.ts): search.json (the plan), front.csv
 * (the base package and the final front, in the search and on fresh seeds), history.csv (convergence per generation),
 * candidates.csv (every candidate) and scenario.json (the base).
 */

export interface SearchObjective {
  /** The outcome's name. */
  readonly name: string;
  readonly sense: 'max' | 'min';
  /** Its column in front.csv and candidates.csv: the name, or `<name>_max_regret` under regret. */
  readonly column: string;
}

export interface SearchLever {
  /** Dot path in the scenario. */
  readonly path: string;
  /** Its range as search.json gives it: `lo:hi`, `YYYY-MM:YYYY-MM` or `a,b,c`. */
  readonly spec: string;
}

/** A row of front.csv: the base package (candidate undefined) or a front member. */
export interface FrontMember {
  readonly candidate: number | undefined;
  /** Lever values in SearchData.levers order. */
  readonly levers: readonly (number | string)[];
  /** Per objective (SearchData.objectives order): in the search, on the fresh seeds, and the paired difference from the base there. */
  readonly search: readonly Estimate[];
  readonly fresh: readonly Estimate[];
  readonly vsBase: readonly Estimate[];
  readonly feasible: boolean;
  readonly dominated: boolean;
  /** A front member with the base package's lever values (the base package as a candidate of the first generation). */
  readonly asBase: boolean;
}

export interface Generation {
  readonly generation: number;
  readonly evaluations: number;
  readonly frontSize: number;
  readonly hypervolume: number;
  readonly epsilonProgress: number;
}

export interface Candidate {
  readonly candidate: number;
  readonly levers: readonly (number | string)[];
  /** Each objective's value as the search used it (a mean, a statistic across worlds, or a regret). */
  readonly objectives: readonly number[];
  /** 0: every constraint holds. */
  readonly violation: number;
}

export interface SearchData {
  readonly kind: 'search';
  readonly dir: string;
  readonly scenario: Scenario;
  readonly levers: readonly SearchLever[];
  readonly objectives: readonly SearchObjective[];
  readonly constraints: readonly { readonly outcome: string; readonly kind: 'max' | 'min'; readonly bound: number }[];
  /** The statistic across worlds: `mean`, `pNN` or `regret` (`mean` without an ensemble). */
  readonly robust: string;
  readonly ensemble: { readonly file: string; readonly worlds: number } | undefined;
  readonly population: number;
  readonly generations: number;
  readonly evaluations: number;
  /** Replications per candidate in each world (the fresh re-run has as many). */
  readonly reps: number;
  /** The base package first, then the front members. */
  readonly front: readonly FrontMember[];
  readonly history: readonly Generation[];
  readonly candidates: readonly Candidate[];
}

const whole = refine(number, (x) => (Number.isInteger(x) && x >= 0 ? undefined : 'not a whole number from 0'));

/** search.json, as src/search/output.ts searchJson writes it. */
const SEARCH_JSON = object({
  levers: refine(record(text), (r) => (Object.keys(r).length > 0 ? undefined : 'no levers')),
  objectives: list(object({ outcome: text, sense: oneOf('max', 'min') }), true),
  constraints: optional(list(refine(object({ outcome: text, at_most: optional(number), at_least: optional(number) }), (c) => ((c.at_most === undefined) === (c.at_least === undefined) ? 'expected one of at_most and at_least' : undefined))), []),
  robust: optional(text, 'mean'),
  ensemble: optional(nullable(object({ file: text, worlds: whole })), null),
  population: whole,
  generations: whole,
  evaluations: whole,
  rep_seeds: list(number, true),
});

/** front.csv: a row per package (base first), its levers, per objective three estimates, and the two flags. */
function frontSpec(levers: readonly SearchLever[], objectives: readonly SearchObjective[]): TableSpec {
  return {
    name: 'front',
    columns: [
      column('candidate', 'text', { blank: false, why: "the base package is 'base', a front member its number" }),
      ...levers.map((l) => column(l.path, 'value', { why: 'every package has a value of each lever' })),
      ...objectives.flatMap((o) =>
        columns('number', [o.column, `${o.column}_ci95_low`, `${o.column}_ci95_high`, `${o.column}_fresh`, `${o.column}_fresh_ci95_low`, `${o.column}_fresh_ci95_high`, `${o.name}_vs_base_fresh`, `${o.name}_vs_base_fresh_ci95_low`, `${o.name}_vs_base_fresh_ci95_high`]),
      ),
      column('feasible_fresh', 'flag'),
      column('dominated_fresh', 'flag'),
    ],
    key: ['candidate'],
    rows: 'packages (the base package and the front)',
  };
}

const HISTORY: TableSpec = {
  name: 'history',
  columns: [...columns('count', ['generation', 'evaluations', 'front_size', 'epsilon_progress']), column('hypervolume', 'number')],
  key: ['generation'],
  rows: 'generations',
};

function candidatesSpec(levers: readonly SearchLever[], objectives: readonly SearchObjective[]): TableSpec {
  return {
    name: 'candidates',
    columns: [column('candidate', 'count'), ...levers.map((l) => column(l.path, 'value', { why: 'every candidate has a value of each lever' })), ...columns('number', objectives.map((o) => o.column)), column('violation', 'number')],
    key: ['candidate'],
    rows: 'candidates',
  };
}

export async function loadSearch(dir: string): Promise<SearchData> {
  const file = join(dir, 'search.json');
  const json = await readJsonFile(file, SEARCH_JSON);
  const scenario = await loadWrittenScenario(dir);
  const levers = Object.entries(json.levers).map(([path, spec]) => ({ path, spec }));
  const objectives = json.objectives.map((o) => ({ name: o.outcome, sense: o.sense, column: json.robust === 'regret' ? `${o.outcome}_max_regret` : o.outcome }));
  const constraints = json.constraints.map((c) => (c.at_most !== undefined ? { outcome: c.outcome, kind: 'max' as const, bound: c.at_most } : { outcome: c.outcome, kind: 'min' as const, bound: c.at_least! }));

  const front = await readTable(dir, frontSpec(levers, objectives));
  const estimate = (r: number, mean: string, low: string, high: string): Estimate => ({ mean: front.number(r, front.column(mean)), low: front.number(r, front.column(low)), high: front.number(r, front.column(high)) });
  const members: FrontMember[] = front.rows.map((_, r) => ({
    candidate: candidateOf(front, r),
    levers: leverValues(front, r, levers),
    search: objectives.map((o) => estimate(r, o.column, `${o.column}_ci95_low`, `${o.column}_ci95_high`)),
    fresh: objectives.map((o) => estimate(r, `${o.column}_fresh`, `${o.column}_fresh_ci95_low`, `${o.column}_fresh_ci95_high`)),
    vsBase: objectives.map((o) => estimate(r, `${o.name}_vs_base_fresh`, `${o.name}_vs_base_fresh_ci95_low`, `${o.name}_vs_base_fresh_ci95_high`)),
    feasible: flagOf(front, r, front.column('feasible_fresh')),
    dominated: flagOf(front, r, front.column('dominated_fresh')),
    asBase: r > 0 && levers.every((l) => front.text(r, front.column(l.path)) === front.text(0, front.column(l.path))),
  }));
  if (members[0]!.candidate !== undefined) throw new InputError(`${front.at(0)}: candidate: expected 'base' (the base package is the first row), got '${members[0]!.candidate}'`);

  const history = await readTable(dir, HISTORY);
  const generations: Generation[] = history.rows.map((_, r) => ({
    generation: history.number(r, history.column('generation')),
    evaluations: history.number(r, history.column('evaluations')),
    frontSize: history.number(r, history.column('front_size')),
    hypervolume: history.number(r, history.column('hypervolume')),
    epsilonProgress: history.number(r, history.column('epsilon_progress')),
  }));

  const cands = await readTable(dir, candidatesSpec(levers, objectives));
  const candidates: Candidate[] = cands.rows.map((_, r) => ({
    candidate: cands.number(r, cands.column('candidate')),
    levers: leverValues(cands, r, levers),
    objectives: objectives.map((o) => cands.number(r, cands.column(o.column))),
    violation: cands.number(r, cands.column('violation')),
  }));

  return {
    kind: 'search',
    dir,
    scenario,
    levers,
    objectives,
    constraints,
    robust: json.robust,
    ensemble: json.ensemble ?? undefined,
    population: json.population,
    generations: json.generations,
    evaluations: json.evaluations,
    reps: json.rep_seeds.length,
    front: members,
    history: generations,
    candidates,
  };
}

/** A row's `candidate`: 'base' (undefined) or a front member's number. */
function candidateOf(table: Table, r: number): number | undefined {
  const t = table.text(r, table.column('candidate'));
  if (t === 'base') return undefined;
  if (!/^\d+$/.test(t)) throw new InputError(`${table.at(r)}: candidate: expected 'base' or a candidate's number, got '${t}'`);
  return Number(t);
}

/** Lever values: a number, or a word (a month YYYY-MM, an option). */
function leverValues(table: Table, r: number, levers: readonly SearchLever[]): (number | string)[] {
  return levers.map((l) => {
    const t = table.text(r, table.column(l.path));
    return Number.isNaN(Number(t)) ? t : table.number(r, table.column(l.path));
  });
}
