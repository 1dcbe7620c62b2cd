// Small output directories of every kind for the plot and report tests: real runs made by the built program
// (in-process), and a comparison and sweeps laid out as `compare` and `sweep` write them (compare.csv/json, points.csv,
// design.json), their numbers computed here from the runs so the charts have realistic data.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COSTS } from '../../src/analysis/costs.js';
import { OUTCOMES, outcomesOf } from '../../src/analysis/outcomes.js';
import { cellStats } from '../../src/analysis/summary.js';
import { METRICS } from '../../src/model/metrics.js';
import { parseCsv, writeScenario } from './cli.js';
import { inProcess } from './in-process.js';

/** A small run with creator snapshots inside it: 5,000 agents, 2015-01..2022-12, 3 replications. */
export const RUN_FLAGS = ['--agents', '5000', '--months', '96', '--reps', '3', '--quiet', '--set', 'snapshots=[2021-06, 2022-12]'] as const;
export const SNAPSHOTS = ['2021-06', '2022-12'] as const;

/** Runs a scenario of default parameters (plus `extra` YAML) named `name` into `<out>/<name>` and returns that path. */
export async function makeRun(dir: string, out: string, name: string, extra = '', flags: readonly string[] = ['--no-plot']): Promise<string> {
  const file = await writeScenario(dir, name, extra);
  const ran = await inProcess(['run', file, ...RUN_FLAGS, ...flags, '--out', out]);
  if (ran.code !== 0) throw new Error(`homeward run ${name} failed (${ran.code}): ${ran.stderr}`);
  return join(out, name);
}

/** Per replication, the headline outcomes (OUTCOMES order) of a run directory, from its timeseries.csv. */
export async function runOutcomes(runDir: string): Promise<number[][]> {
  const { header, rows } = parseCsv(await readFile(join(runDir, 'timeseries.csv'), 'utf8'));
  const byRep = new Map<string, string[][]>();
  for (const row of rows) byRep.set(row[0]!, [...(byRep.get(row[0]!) ?? []), row]);
  return [...byRep.values()].map((repRows) => {
    const columns = METRICS.map((m) => Float64Array.from(repRows, (r) => (r[header.indexOf(m.name)] === '' ? NaN : Number(r[header.indexOf(m.name)]))));
    return outcomesOf(columns, repRows.length);
  });
}

function interval(values: readonly number[]) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const m2 = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return cellStats(n, mean, m2);
}

/**
 * A comparison directory: each scenario's run in `<cmp>/<name>` (made by `homeward run`, in-process), compare.json and a
 * compare.csv with each outcome's mean and paired difference from the reference (the first), plus the costs per
 * person rows with empty difference fields.
 */
export async function makeComparison(dir: string, cmp: string, scenarios: readonly { name: string; extra?: string }[]): Promise<void> {
  await mkdir(cmp, { recursive: true });
  const outcomes: number[][][] = [];
  for (const s of scenarios) outcomes.push(await runOutcomes(await makeRun(dir, cmp, s.name, s.extra ?? '')));
  const reference = scenarios[0]!.name;
  const lines = ['outcome,unit,scenario,reference,reps,mean,ci95_low,ci95_high,diff,diff_ci95_low,diff_ci95_high'];
  OUTCOMES.forEach((o, k) => {
    scenarios.forEach((s, i) => {
      const level = interval(outcomes[i]!.map((rep) => rep[k]!));
      const diff = i === 0 ? { mean: 0, ci95_low: 0, ci95_high: 0 } : interval(outcomes[i]!.map((rep, r) => rep[k]! - outcomes[0]![r]![k]!));
      lines.push([o.name, o.unit, s.name, reference, level.n, level.mean, level.ci95_low, level.ci95_high, diff.mean, diff.ci95_low, diff.ci95_high].join(','));
    });
  });
  // Made-up costs (a Fieller ratio in mean and ci95_*, no difference), one row per cost and other scenario.
  COSTS.forEach((c, j) => {
    for (const s of scenarios.slice(1)) lines.push([c.name, c.unit, s.name, reference, 3, 1234.5 * (j + 1), 800 * (j + 1), 2100 * (j + 1), '', '', ''].join(','));
  });
  await writeFile(join(cmp, 'compare.csv'), lines.join('\n') + '\n');
  const info = { reference, scenarios: scenarios.map((s) => ({ name: s.name, file: `${s.name}.yaml`, dir: s.name })), reps: 3, seed: 1, rep_seeds: [1, 2, 3] };
  await writeFile(join(cmp, 'compare.json'), JSON.stringify(info, null, 2) + '\n');
}

/**
 * A sweep directory over `params` (dot paths with their values, a full grid): points.csv with every outcome's mean
 * and interval (smooth made-up functions of the values, so each chart has a shape), design.json, and the base
 * run's scenario.json.
 */
export async function makeSweep(sweep: string, baseRun: string, params: readonly { path: string; values: readonly number[] }[]): Promise<number> {
  await mkdir(sweep, { recursive: true });
  await copyFile(join(baseRun, 'scenario.json'), join(sweep, 'scenario.json'));
  let points: number[][] = [[]];
  for (const p of params) points = points.flatMap((pt) => p.values.map((v) => [...pt, v]));
  const header = ['point', ...params.map((p) => p.path), 'reps', ...OUTCOMES.flatMap((o) => [`${o.name}_mean`, `${o.name}_ci95_low`, `${o.name}_ci95_high`])];
  const rows = points.map((values, point) => {
    const x = values.reduce((a, v, i) => a + (v / Math.max(...params[i]!.values)) * (i + 1), 0);
    const cells = OUTCOMES.flatMap((_, k) => {
      const mean = 1000 * (k + 1) * (1 + x) + 10 * k * x * x;
      return [mean, mean * 0.95, mean * 1.05];
    });
    return [point, ...values, 3, ...cells].join(',');
  });
  await writeFile(join(sweep, 'points.csv'), [header.join(','), ...rows].join('\n') + '\n');
  const design = {
    design: 'grid',
    samples: null,
    seed: 1,
    reps: 3,
    rep_seeds: [1, 2, 3],
    params: params.map((p) => p.path),
    values: Object.fromEntries(params.map((p) => [p.path, { spec: p.values.join(','), type: 'number', values: p.values }])),
    points: points.map((values, point) => ({ point, values: Object.fromEntries(params.map((p, i) => [p.path, values[i]])) })),
  };
  await writeFile(join(sweep, 'design.json'), JSON.stringify(design, null, 2) + '\n');
  return points.length;
}

/**
 * stderr without the note that the spending chart is left out: today's model writes no spend_<programme> metrics
 * (tests/plot-spending.test.ts covers that chart).
 */
export function notesBesideSpending(stderr: string): string {
  return stderr.replace(/^note: no chart of spending and unmet demand per programme: .*\n/m, '');
}
