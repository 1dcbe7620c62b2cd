import { basename, isAbsolute, join, resolve } from 'node:path';
import { InputError } from './errors.js';
import { list, number, object, optional, readJsonFile, text } from './json-spec.js';
import { columns, hasTable, readTable, type TableSpec } from './read-table.js';
import { loadRun, type RunData } from './read-run.js';

/** Reading a comparison directory (written by `homeward compare`): compare.json, compare.csv and a run directory per scenario. */

/**
 * One row of compare.csv: an outcome of one scenario, and its paired difference from the reference; or a cost per
 * person of one scenario (analysis/costs.ts; older directories: spending_per_additional_returnee), its ratio and
 * interval in mean, low and high, and no difference (NaN).
 */
export interface CompareRow {
  readonly outcome: string;
  readonly unit: string;
  readonly scenario: string;
  readonly reference: string;
  readonly reps: number;
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  readonly diff: number;
  readonly diffLow: number;
  readonly diffHigh: number;
}

export interface ComparisonData {
  readonly kind: 'comparison';
  readonly dir: string;
  readonly reference: string;
  /** The scenarios' run directories, reference first. */
  readonly runs: readonly RunData[];
  readonly rows: readonly CompareRow[];
  readonly reps: number;
  readonly seed: number;
}

/** The columns of compare.csv (written by compare/results.ts). */
export const COMPARE_COLUMNS = ['outcome', 'unit', 'scenario', 'reference', 'reps', 'mean', 'ci95_low', 'ci95_high', 'diff', 'diff_ci95_low', 'diff_ci95_high'] as const;

const COMPARE_TABLE: TableSpec = {
  name: 'compare',
  columns: [...columns('text', ['outcome', 'scenario', 'reference'], { blank: false }), ...columns('text', ['unit']), ...columns('number', COMPARE_COLUMNS.slice(4))],
  key: ['outcome', 'scenario'],
};

/** compare.json: the reference and the scenarios, each with its run directory (`dir`, older files lack it). */
const COMPARE_JSON = object({
  reference: text,
  scenarios: list(object({ name: text, dir: optional(text) }), true),
  reps: optional(number),
  seed: optional(number),
});

export async function loadComparison(dir: string): Promise<ComparisonData> {
  const file = join(dir, 'compare.json');
  const json = await readJsonFile(file, COMPARE_JSON);
  const reference = json.reference;
  const names = json.scenarios.map((s) => ({ name: s.name, dir: s.dir }));
  if (!names.some((s) => s.name === reference)) throw new InputError(`${file}: the reference '${reference}' is not among the scenarios`);
  names.sort((a, b) => Number(b.name === reference) - Number(a.name === reference));
  const runs: RunData[] = [];
  for (const s of names) runs.push(await loadRun(await scenarioDir(dir, s.name, s.dir)));

  const table = await readTable(dir, COMPARE_TABLE);
  const c = Object.fromEntries(COMPARE_COLUMNS.map((name) => [name, table.column(name)])) as Record<(typeof COMPARE_COLUMNS)[number], number>;
  const rows: CompareRow[] = table.rows.map((_, r) => ({
    outcome: table.text(r, c.outcome),
    unit: table.text(r, c.unit),
    scenario: table.text(r, c.scenario),
    reference: table.text(r, c.reference),
    reps: table.number(r, c.reps),
    mean: table.number(r, c.mean),
    low: table.number(r, c.ci95_low),
    high: table.number(r, c.ci95_high),
    diff: table.number(r, c.diff),
    diffLow: table.number(r, c.diff_ci95_low),
    diffHigh: table.number(r, c.diff_ci95_high),
  }));
  return {
    kind: 'comparison',
    dir,
    reference,
    runs,
    rows,
    reps: json.reps ?? runs[0]!.facts.reps,
    seed: json.seed ?? runs[0]!.facts.seed,
  };
}

/** A comparison's scenario lives in `<dir>/<name>`; compare.json's own `dir` is the fallback. */
async function scenarioDir(dir: string, name: string, given: string | undefined): Promise<string> {
  const candidates = [join(dir, name)];
  if (given !== undefined) candidates.push(isAbsolute(given) ? given : resolve(dir, given), join(dir, basename(given)));
  for (const c of candidates) if (await hasTable(c, 'summary')) return c;
  throw new InputError(`${join(dir, 'compare.json')}: no run directory for scenario '${name}' (looked for ${candidates.join(', ')})`);
}
