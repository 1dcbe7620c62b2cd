import { formatNumber } from '../output/csv.js';
import type { ColumnSpec, ColumnTypes } from '../output/parquet.js';
import { nodeVersion, packageVersion } from '../output/provenance.js';
import { readable } from '../output/readable.js';
import { ALL_PARAMETERS, type IndexRow } from './factors.js';
import type { SensitivityPlan } from './plan.js';

/** The files of a sensitivity analysis (runs.csv, sensitivity.csv, design.json, sensitivity.json) and its table. */

export const SENSITIVITY_COLUMNS = ['outcome', 'parameter', 'index', 'value', 'ci95_low', 'ci95_high', 'n'] as const;

/** One finished point: its outcomes per replication (rep order, outcome order); NaN where undefined. */
export interface PointRuns {
  readonly point: number;
  readonly reps: readonly (readonly number[])[];
}

/** A journal line: JSON with NaN written as null (JSON has no NaN), every other number exactly. */
export function journalLine(p: PointRuns): string {
  return JSON.stringify({ point: p.point, outcomes: p.reps.map((r) => r.map((x) => (Number.isNaN(x) ? null : x))) });
}

/** Reads a journal line back; undefined when it is not one (a line of another format). */
export function parseJournalLine(line: string): PointRuns | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || !('point' in json) || !('outcomes' in json)) return undefined;
  const { point, outcomes } = json as { point: unknown; outcomes: unknown };
  if (typeof point !== 'number' || !Array.isArray(outcomes)) return undefined;
  const reps = outcomes.map((r: unknown) => (Array.isArray(r) ? r.map((x: unknown) => (typeof x === 'number' ? x : NaN)) : []));
  return { point, reps };
}

export function runsHeader(plan: SensitivityPlan<unknown>): string {
  return ['point', 'rep', 'seed', ...plan.factors.map((f) => f.name), ...plan.outcomes.map((o) => o.name)].join(',') + '\n';
}

/** runs.csv rows of one point: one per replication. */
export function runsRows(plan: SensitivityPlan<unknown>, p: PointRuns): string {
  const values = plan.values[p.point]!.map(formatNumber).join(',');
  return p.reps.map((rep, r) => `${p.point},${r},${plan.seeds[r]},${values},${rep.map(formatNumber).join(',')}\n`).join('');
}

/** runs.csv's columns as Parquet types (output/parquet.ts): a whole-number parameter as BIGINT, as a sweep writes it. */
export function runsSchema(plan: SensitivityPlan<unknown>): ColumnSpec[] {
  return [
    { name: 'point', type: 'integer' },
    { name: 'rep', type: 'integer' },
    { name: 'seed', type: 'bigint' },
    ...plan.factors.map((f): ColumnSpec => ({ name: f.name, type: f.integer ? 'bigint' : 'double' })),
    ...plan.outcomes.map((o): ColumnSpec => ({ name: o.name, type: 'double' })),
  ];
}

/** sensitivity.csv's Parquet types; the indices and their intervals are doubles. */
export const SENSITIVITY_TYPES: ColumnTypes = { outcome: 'text', parameter: 'text', index: 'text', n: 'integer' };

export function sensitivityCsv(rows: readonly IndexRow[]): string {
  const f = formatNumber;
  const lines = [SENSITIVITY_COLUMNS.join(',')];
  for (const r of rows) lines.push([r.outcome, r.parameter, r.index, f(r.value), f(r.ci95_low), f(r.ci95_high), r.n].join(','));
  return lines.join('\n') + '\n';
}

/** Rows of numbers, one array per line, inside a pretty-printed JSON object. */
function rowsJson(rows: readonly (readonly number[])[]): string {
  return rows.length === 0 ? '[]' : `[\n${rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`;
}

/** What the analysis is, as settings: the manifest of a resumable run and the head of design.json. */
export function designSettings(plan: SensitivityPlan<unknown>) {
  const d = plan.design;
  return {
    method: plan.method,
    seed: d.seed,
    bootstrap: d.bootstrap,
    reps: plan.base.reps,
    rep_seeds: [...plan.seeds],
    ...(d.method === 'morris' ? { trajectories: d.plan.moved.length, levels: d.plan.levels, delta: d.plan.delta } : { samples: d.n, skip: d.skip }),
    design_points: d.points.length,
    factors: plan.factors.map((f) => ({ path: f.name, low: f.low, high: f.high, integer: f.integer === true, role: f.role, unit: f.unit, source: f.source })),
    outcomes: plan.outcomes.map((o) => ({ name: o.name, unit: o.unit })),
  };
}

/**
 * design.json: the settings, then `points` (the values each point ran, factors in order), `unit` (the same points in
 * the unit cube, from which the estimators work) and for Morris `moved` (per trajectory, the factor moved at each step).
 */
export function designJson(plan: SensitivityPlan<unknown>): string {
  const head = JSON.stringify(designSettings(plan), null, 2);
  const d = plan.design;
  const tail = [`  "points": ${rowsJson(plan.values)}`, `  "unit": ${rowsJson(d.unit)}`, ...(d.method === 'morris' ? [`  "moved": ${rowsJson(d.plan.moved)}`] : [])];
  return `${head.slice(0, -2)},\n${tail.join(',\n')}\n}\n`;
}

/** The manifest of a resumable analysis: the version, the resolved scenario and the settings (the points follow from them). */
export function manifest(plan: SensitivityPlan<unknown>): string {
  return JSON.stringify({ homeward: packageVersion(), settings: designSettings(plan), scenario: plan.base }, null, 2) + '\n';
}

/** How the analysis ran, for sensitivity.json: the only file that differs between two runs of the same arguments. */
export interface SensitivityTiming {
  readonly threads: number;
  /** Seconds of this process. */
  readonly wall: number;
  /** Points run by this process (the others were in the journal of an interrupted run). */
  readonly ran: number;
  readonly started: Date;
  readonly finished: Date;
}

export function sensitivityJson(plan: SensitivityPlan<unknown>, timing: SensitivityTiming): string {
  const b = plan.base;
  const o = plan.options;
  return (
    JSON.stringify(
      {
        homeward: packageVersion(),
        node: nodeVersion(),
        scenario: plan.file,
        name: b.name,
        method: plan.method,
        parameters: plan.defaultFactors ? 'every uncertainty and calibrated parameter with a plausible range' : '--param',
        factors: plan.factors.length,
        outcomes: plan.outcomes.map((x) => x.name),
        points: plan.values.length,
        reps: b.reps,
        runs: plan.values.length * b.reps,
        seed: b.seed,
        rep_seeds: plan.seeds,
        agents: b.population.agents,
        start: b.start,
        end: b.end,
        set: o.set,
        threads: timing.threads,
        points_run_now: timing.ran,
        points_resumed: plan.values.length - timing.ran,
        wall_seconds: Math.round(timing.wall * 1000) / 1000,
        started: timing.started.toISOString(),
        finished: timing.finished.toISOString(),
      },
      null,
      2,
    ) + '\n'
  );
}

// ---------------------------------------------------------------------------------------------------
// The ranking printed on the terminal

const withCi = (r: IndexRow) => (Number.isNaN(r.ci95_low) ? readable(r.value) : `${readable(r.value)} [${readable(r.ci95_low)}, ${readable(r.ci95_high)}]`);

/** The parameters of one outcome in order of importance: mu* (Morris) or ST (Sobol), largest first; undefined last. */
export function ranking(rows: readonly IndexRow[], outcome: string): { parameter: string; rows: ReadonlyMap<string, IndexRow> }[] {
  const own = rows.filter((r) => r.outcome === outcome && r.parameter !== ALL_PARAMETERS);
  const key = own.some((r) => r.index === 'mu_star') ? 'mu_star' : 'ST';
  const byParameter = new Map<string, Map<string, IndexRow>>();
  for (const r of own) {
    let m = byParameter.get(r.parameter);
    if (!m) byParameter.set(r.parameter, (m = new Map()));
    m.set(r.index, r);
  }
  const score = (m: ReadonlyMap<string, IndexRow>) => {
    const v = m.get(key)?.value ?? NaN;
    return Number.isNaN(v) ? -Infinity : v;
  };
  // Stable: equal scores keep the factors' order.
  return [...byParameter].map(([parameter, m]) => ({ parameter, rows: m })).sort((a, b) => score(b.rows) - score(a.rows));
}

/** What the noise share of an outcome says, under its Sobol table. */
export function noiseLine(noise: IndexRow): string {
  if (Number.isNaN(noise.value)) return 'noise share: not estimated with 1 replication per point (needs --reps 2 or more); S1 and ST include the replication noise';
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const advice = noise.value > 0.2 ? '; so large a share widens the intervals: more --reps or --agents shrink it' : '';
  return `noise share ${withCi(noise)}: replication noise is ${pct(noise.value)} of the variance of the point means; S1 and ST have it taken out${advice}`;
}

/** One ranking table per outcome: the `top` most influential parameters with their indices. */
export function rankingTable(rows: readonly IndexRow[], outcomes: readonly { name: string; unit: string }[], method: 'morris' | 'sobol', top = 10): string {
  const out: string[] = [];
  for (const o of outcomes) {
    const ranked = ranking(rows, o.name);
    if (ranked.length === 0) continue;
    const shown = ranked.slice(0, top);
    const header = method === 'morris' ? ['rank', 'parameter', 'mu* [95% CI]', 'mu', 'sigma'] : ['rank', 'parameter', 'ST [95% CI]', 'S1 [95% CI]'];
    const body = shown.map(({ parameter, rows: m }, i) => {
      const cell = (index: string, ci: boolean) => {
        const r = m.get(index);
        return r === undefined ? '' : ci ? withCi(r) : readable(r.value);
      };
      return method === 'morris'
        ? [String(i + 1), parameter, cell('mu_star', true), cell('mu', false), cell('sigma', false)]
        : [String(i + 1), parameter, cell('ST', true), cell('S1', true)];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
    const n = [...shown[0]!.rows.values()][0]!.n;
    const what =
      method === 'morris'
        ? `by mu*, the mean absolute change of the outcome per move across a parameter's whole range; ${n} trajectories`
        : `by ST, the share of the outcome's variance due to the parameter and its interactions; ${n} base samples`;
    const noise = rows.find((r) => r.outcome === o.name && r.index === 'noise_share');
    out.push(`${o.name} (${o.unit || 'value'}): ${shown.length} of ${ranked.length} parameters, ${what}`, line(header), ...body.map(line));
    if (noise) out.push(noiseLine(noise));
    out.push('');
  }
  return out.join('\n');
}
