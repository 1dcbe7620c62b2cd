import path from 'node:path';
import { stringify } from 'yaml';
import { formatNumber } from '../output/csv.js';
import type { ColumnTypes } from '../output/parquet.js';
import { packageVersion } from '../output/provenance.js';
import { readable } from '../output/readable.js';
import { checkCsv } from './check-output.js';
import type { FreeParam } from './free.js';
import type { CalibrationPlan } from './plan.js';
import type { Calibration } from './search.js';

/** What `homeward calibrate` writes and prints: best.yaml, trace.csv, best-check.csv, calibrate.json and the summary. */

/** How a calibration ran, for calibrate.json. */
export interface CalibrationRun {
  /** The output directory `<out>/<name>`, which best.yaml's `extends` is relative to. */
  readonly dir: string;
  readonly threads: number;
  /** Seconds. */
  readonly wall: number;
}

/** The files of a calibration's output directory, by name. */
/** trace.csv's columns that are not doubles, for Parquet. */
export const TRACE_TYPES: ColumnTypes = { eval: 'integer', phase: 'text' };

export function calibrationFiles(plan: CalibrationPlan, calibration: Calibration, run: CalibrationRun): Record<string, string> {
  return {
    'best.yaml': bestYaml(plan, calibration, run.dir),
    'trace.csv': traceCsv(plan, calibration),
    'best-check.csv': checkCsv(calibration.best.results),
    'calibrate.json': calibrateJson(plan, calibration, run),
  };
}

/** The fitted values as nested keys, e.g. { decision: { intercept: -7.2 } }. */
export function nested(free: readonly FreeParam[], values: readonly number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  free.forEach((f, i) => {
    const keys = f.path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[keys[keys.length - 1]!] = values[i];
  });
  return out;
}

/** The command-line options that shaped the runs (other than the free parameters), for the provenance. */
function runOptions(plan: CalibrationPlan): string {
  const o = plan.options;
  const parts = [
    ...o.set.map((s) => `--set ${s}`),
    ...(o.seed !== undefined ? [`--seed ${o.seed}`] : []),
    ...(o.reps !== undefined ? [`--reps ${o.reps}`] : []),
    ...(o.agents !== undefined ? [`--agents ${o.agents}`] : []),
    ...(o.months !== undefined ? [`--months ${o.months}`] : []),
  ];
  return parts.join(' ');
}

/**
 * best.yaml: a scenario that extends the input (by a path relative to the output directory, so it loads from there)
 * and sets the fitted values. The header says how it was found, without a date, so the file depends only on the
 * arguments.
 */
function bestYaml(plan: CalibrationPlan, { best }: Calibration, dir: string): string {
  const base = path.relative(path.resolve(dir), path.resolve(plan.file)).split(path.sep).join('/');
  const passed = best.results.filter((r) => r.pass).length;
  const options = runOptions(plan);
  const header = [
    `Calibrated by homeward calibrate ${plan.file} --targets ${plan.targets.file} (homeward ${packageVersion()}).`,
    `Distance ${formatNumber(best.distance)} (weighted mean of z², z = miss / tolerance); ${passed} of ${best.results.length} targets pass.`,
    `Search: budget ${plan.budget} evaluations, ${plan.base.reps} reps each, seed ${plan.base.seed}; free: ${plan.free.map((f) => `${f.path}=${f.low}:${f.high}`).join(' ')}.`,
    options === ''
      ? 'The runs used the scenario as it is, with the values below.'
      : `The runs also used ${options}; these options are not part of this file: give them again to reproduce best-check.csv.`,
  ];
  const body = stringify({ extends: base, name: `${plan.base.name}-calibrated`, ...nested(plan.free, best.values) });
  return header.map((l) => `# ${l}\n`).join('') + body;
}

/** trace.csv: one row per evaluation, with the values that ran, the distance and each target's mean. */
function traceCsv(plan: CalibrationPlan, { search, evaluations }: Calibration): string {
  const lines = [['eval', 'phase', ...plan.free.map((f) => f.path), 'distance', ...plan.targets.targets.map((t) => t.id)].join(',')];
  for (const entry of search.trace) {
    const e = evaluations[entry.eval]!;
    lines.push([entry.eval, entry.phase, ...e.values.map(formatNumber), formatNumber(e.distance), ...e.results.map((r) => formatNumber(r.mean))].join(','));
  }
  return lines.join('\n') + '\n';
}

function calibrateJson(plan: CalibrationPlan, { best, search }: Calibration, run: CalibrationRun): string {
  const { base } = plan;
  const json = {
    homeward: packageVersion(),
    scenario: plan.file,
    name: base.name,
    targets_file: plan.targets.file,
    set: plan.options.set,
    seed: base.seed,
    reps: base.reps,
    rep_seeds: plan.seeds,
    agents: base.population.agents,
    start: base.start,
    end: base.end,
    budget: plan.budget,
    evaluations: search.trace.length,
    stopped: search.stopped,
    distance: 'sum of weight * z^2 over the targets / sum of weights; z = (mean - target) / tolerance',
    free: plan.free.map((f, i) => ({ path: f.path, low: f.low, high: f.high, initial: f.initial, best: best.values[i] })),
    best: {
      eval: search.best.eval,
      values: Object.fromEntries(plan.free.map((f, i) => [f.path, best.values[i]])),
      distance: best.distance,
      passed: best.results.filter((r) => r.pass).length,
      targets: best.results.length,
    },
    threads: run.threads,
    wall_seconds: Math.round(run.wall * 1000) / 1000,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** The fitted parameters as a table, and the search in one line (the best evaluation's targets follow it). */
export function calibrationSummary(plan: CalibrationPlan, { best, search }: Calibration): string {
  const header = ['parameter', 'best', 'low', 'high', 'scenario'];
  const rows = plan.free.map((f, i) => [f.path, readable(best.values[i]!), readable(f.low), readable(f.high), readable(f.initial)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const how = search.stopped === 'converged' ? 'the search converged' : 'the budget is spent';
  return [line(header), ...rows.map(line), '', `best at evaluation ${search.best.eval} of ${search.trace.length} (${how}); its targets:`].join('\n') + '\n';
}
