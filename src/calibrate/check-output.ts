import { readable } from '../output/readable.js';
import { formatNumber } from '../output/csv.js';
import type { ColumnTypes } from '../output/parquet.js';
import type { TargetInfo, TargetResult } from './types.js';

/** What `homeward check` writes and prints: check.csv, check.json and the table on the terminal. */

/** The target as read: `1.17 ± 0.1`, `>= 1.25`, `<= 3`, or `0.8 .. 1.2`. */
export function targetText(t: TargetInfo): string {
  if (t.value !== undefined) return `${readable(t.value)} ± ${readable(t.tolerance)}`;
  if (t.at_least !== undefined && t.at_most !== undefined) return `${readable(t.at_least)} .. ${readable(t.at_most)}`;
  return t.at_least !== undefined ? `>= ${readable(t.at_least)}` : `<= ${readable(t.at_most ?? NaN)}`;
}

export const CHECK_COLUMNS = ['id', 'fact', 'source', 'value', 'at_least', 'at_most', 'tolerance', 'weight', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'z', 'pass'] as const;

/** A CSV field: quoted when it holds a comma, quote or line break (facts and sources are free text). */
function field(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const optional = (x: number | undefined) => (x === undefined ? '' : formatNumber(x));

/** check.csv: one row per target, in file order; pass is true or false. */
/** check.csv's (and best-check.csv's) columns that are not doubles, for Parquet. */
export const CHECK_TYPES: ColumnTypes = { id: 'text', fact: 'text', source: 'text', n: 'integer', pass: 'boolean' };

export function checkCsv(results: readonly TargetResult[]): string {
  const lines = [CHECK_COLUMNS.join(',')];
  for (const r of results) {
    const t = r.target;
    const f = formatNumber;
    lines.push(
      [field(t.id), field(t.fact), field(t.source), optional(t.value), optional(t.at_least), optional(t.at_most), f(t.tolerance), f(t.weight), r.n, f(r.mean), f(r.sd), f(r.ci95_low), f(r.ci95_high), f(r.z), r.pass].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** check.json: the run checked, the distance, and every target with its expression and result (NaN as null). */
export interface CheckInfo {
  readonly scenario: string;
  readonly targets_file: string;
  readonly seed: number;
  readonly reps: number;
  readonly rep_seeds: readonly number[];
  readonly distance: number;
  readonly passed: number;
  readonly total: number;
}

export function checkJson(info: CheckInfo, results: readonly TargetResult[]): string {
  const targets = results.map(({ target: t, ...r }) => ({
    id: t.id,
    fact: t.fact,
    source: t.source,
    expr: t.expr,
    value: t.value ?? null,
    at_least: t.at_least ?? null,
    at_most: t.at_most ?? null,
    tolerance: t.tolerance,
    weight: t.weight,
    ...r,
  }));
  // JSON has no NaN: JSON.stringify writes it as null.
  return JSON.stringify({ ...info, targets }, null, 2) + '\n';
}

/** Width of the fact column when the terminal's width is unknown (output to a file or a pipe). */
const FACT_WIDTH = 44;

/**
 * The table printed by `homeward check`: per target its id, the fact (cut to fit `columns`), the target, the mean
 * [95% CI] over the replications, z and PASS/FAIL; then the distance and how many pass.
 */
export function checkTable(results: readonly TargetResult[], distance: number, columns?: number): string {
  const header = ['id', 'fact', 'target', 'mean [95% CI]', 'z', 'result'];
  const rows = results.map((r) => [
    r.target.id,
    r.target.fact,
    targetText(r.target),
    r.n === 0 ? 'n/a (no value)' : r.n > 1 ? `${readable(r.mean)} [${readable(r.ci95_low)}, ${readable(r.ci95_high)}]` : readable(r.mean),
    Number.isFinite(r.z) ? r.z.toFixed(2) : 'n/a',
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const gap = '  ';
  const others = widths.reduce((s, w, i) => (i === 1 ? s : s + w), 0) + gap.length * (header.length - 1);
  widths[1] = Math.max(12, Math.min(widths[1]!, columns !== undefined ? columns - others : FACT_WIDTH));
  const cut = (s: string, w: number) => (s.length <= w ? s : `${s.slice(0, w - 1)}…`);
  const right = new Set([3, 4]);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? cut(c, widths[i]!).padStart(widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!)))
      .join(gap)
      .trimEnd();
  const passed = results.filter((r) => r.pass).length;
  return [
    line(header),
    ...rows.map(line),
    '',
    `distance ${Number.isFinite(distance) ? distance.toFixed(3) : 'n/a'} (weighted mean of z², z = miss / tolerance); ${passed} of ${results.length} targets pass`,
  ].join('\n') + '\n';
}
