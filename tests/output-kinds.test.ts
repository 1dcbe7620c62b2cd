// Every kind of output directory in the registry (src/kinds/registry.ts), walked: a small real output of each,
// written by its command in-process, is plotted and reported in-process (charts and report.html written, none empty);
// saved again by a spreadsheet (CRLF line ends, a byte-order mark) it gives the same charts; and a damaged copy (a file
// it needs missing, a NaN in a table, `{}` for a JSON file) is refused with one InputError naming the file, the
// column or key, and the line where there is one. A kind added to the registry without an entry here fails the test.
import { cp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Calibrate from '../src/cli/calibrate.js';
import type * as Check from '../src/cli/check.js';
import type * as Compare from '../src/cli/compare.js';
import type * as EnsembleCompare from '../src/cli/compare-ensemble.js';
import type * as HistoryMatch from '../src/cli/history-match.js';
import type * as Plot from '../src/cli/plot.js';
import type * as Report from '../src/cli/report.js';
import type * as Run from '../src/cli/run.js';
import type * as Search from '../src/cli/search.js';
import type * as Sensitivity from '../src/cli/sensitivity.js';
import type * as Sweep from '../src/cli/sweep.js';
import type * as Registry from '../src/kinds/registry.js';
import type * as Errors from '../src/output/errors.js';
import { homeward, importDist, removeDir, requireBuild, ROOT, tempDir, writeText } from './support/cli.js';
import { printed } from './support/in-process.js';
import { runView } from './support/vega.js';

// About 14 s of CPU in all (9 tiny outputs, their charts drawn as SVG and PNG); 36 s measured on the shared 2-core machine with 8.
const TIMEOUT = 120_000;
const BASE = join(ROOT, 'scenarios', 'qingyang.yaml');
/** Tiny runs: what is tested is the files, not the model's numbers. */
const SIZE = { set: [], agents: '300', months: 12, reps: '2', threads: 1, quiet: true, plot: false } as const;

const TARGETS = `targets:
  - id: AWAY
    fact: The stock away at the end of 2015 over its start
    source: this test
    expr: {ratio: [{at: away, month: 2015-12}, {at: away, month: 2015-01}]}
    value: 1
    tolerance: 0.05
`;
/** A scenario that differs from the base within a tiny run (a policy would not, before it starts), so every chart has data. */
const OTHER = `extends: ${BASE}\nname: returning\nremigration:\n  intercept: -2\n`;
const ENSEMBLE = `scenario: ${BASE}\nmembers:\n  - {decision.intercept: -7.6}\n  - {decision.intercept: -7.2}\n`;

/**
 * Per kind: how to write one into `out` (returning its directory), and how to damage it: a file it needs that is not
 * one of the two that tell the kind apart, a table and column where a NaN is refused, and a JSON file that `{}` is not.
 */
interface Case {
  readonly make: (out: string, files: { targets: string; ensemble: string; other: string }) => Promise<string>;
  readonly missing: string;
  readonly nan: readonly [file: string, column: string];
  readonly empty: string;
}

const CASES: Readonly<Record<string, Case>> = {
  run: {
    make: async (out) => (await importDist<typeof Run>('cli/run.js')).runCommand({ scenario: BASE, ...SIZE, out }).then(() => join(out, 'qingyang')),
    missing: 'creators.csv',
    nan: ['summary.csv', 'mean'],
    empty: 'scenario.json',
  },
  comparison: {
    make: async (out, { other }) => (await importDist<typeof Compare>('cli/compare.js')).compareCommand({ scenarios: [BASE, other], ...SIZE, out }, () => undefined).then((r) => r.path),
    missing: 'qingyang/timeseries.csv',
    nan: ['compare.csv', 'mean'],
    empty: 'compare.json',
  },
  'ensemble-comparison': {
    make: async (out, { ensemble, other }) =>
      (await importDist<typeof EnsembleCompare>('cli/compare-ensemble.js')).ensembleCompareCommand({ scenarios: [BASE, other], ensemble, ...SIZE, out }, () => undefined).then((r) => r.path),
    missing: 'ensemble-worlds.csv',
    nan: ['ensemble-compare.csv', 'diff'],
    empty: 'ensemble-compare.json',
  },
  sweep: {
    make: async (out) => (await importDist<typeof Sweep>('cli/sweep.js')).sweepCommand({ scenario: BASE, params: ['policies.training.seats=0,100'], fresh: false, ...SIZE, out }).then((r) => r.path),
    missing: 'scenario.json',
    nan: ['points.csv', 'policies.training.seats'],
    empty: 'scenario.json',
  },
  search: {
    // The brief's tiny search: 2 levers, population 4, 2 generations (at most 18 candidates), 200 agents.
    make: async (out) =>
      (await importDist<typeof Search>('cli/search.js'))
        .searchCommand({
          scenario: BASE,
          levers: ['policies.training.seats', 'policies.loans.per_month'],
          maximise: ['returned_stock_end', 'creator_income_cumulative'],
          minimise: ['gov_spending_total'],
          max: [],
          min: [],
          population: 4,
          generations: 2,
          fresh: false,
          ...SIZE,
          agents: '200',
          out,
        })
        .then((r) => r.path),
    missing: 'history.csv',
    nan: ['front.csv', 'policies.training.seats'],
    empty: 'search.json',
  },
  sensitivity: {
    make: async (out) =>
      (await importDist<typeof Sensitivity>('cli/sensitivity.js'))
        .sensitivityCommand({ scenario: BASE, params: ['decision.intercept=-8:-7', 'platform.popularity=0.5:1.5'], trajectories: 2, fresh: false, ...SIZE, out }, () => undefined)
        .then((r) => r.path),
    missing: 'scenario.json',
    nan: ['sensitivity.csv', 'value'],
    empty: 'design.json',
  },
  'history-match': {
    make: async (out, { targets }) =>
      (await importDist<typeof HistoryMatch>('cli/history-match.js'))
        .historyMatchCommand({ scenario: BASE, targets, free: ['decision.intercept=-9:-6'], waves: 1, runsPerWave: 8, finalRuns: 4, ...SIZE, out }, () => undefined)
        .then((r) => r.path),
    missing: 'checked.csv',
    nan: ['waves.csv', 'volume_after'],
    empty: 'history-match.json',
  },
  calibration: {
    make: async (out, { targets }) =>
      (await importDist<typeof Calibrate>('cli/calibrate.js')).calibrateCommand({ scenario: BASE, targets, free: ['decision.intercept=-9:-6'], budget: 3, ...SIZE, out }, () => undefined).then((r) => r.path),
    missing: 'best-check.csv',
    nan: ['trace.csv', 'distance'],
    empty: 'calibrate.json',
  },
  check: {
    make: async (out, { targets }) => (await importDist<typeof Check>('cli/check.js')).checkCommand({ scenario: BASE, targets, ...SIZE, out }, () => undefined).then((r) => r.path),
    missing: 'scenario.json',
    nan: ['check.csv', 'mean'],
    empty: 'check.json',
  },
};

let dir: string;
let registry: typeof Registry;
let InputError: typeof Errors.InputError;
const made = new Map<string, string>();

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  registry = await importDist<typeof Registry>('kinds/registry.js');
  ({ InputError } = await importDist<typeof Errors>('output/errors.js'));
  const files = { targets: await writeText(dir, 'targets.yaml', TARGETS), ensemble: await writeText(dir, 'ensemble.yaml', ENSEMBLE), other: await writeText(dir, 'returning.yaml', OTHER) };
  for (const kind of registry.KINDS) {
    const c = CASES[kind.name];
    if (c) made.set(kind.name, (await printed(() => c.make(join(dir, 'out', kind.name), files))).value);
  }
}, TIMEOUT);
afterAll(() => removeDir(dir));

/** The message of the error reading `output` and making its charts and report gives; fails if there is none or it is not an InputError. */
async function refusal(output: string): Promise<string> {
  const err = await registry.loadOutput(output).then(
    (o) => (o.charts({ metrics: [] }), o.report(), undefined),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return (err as Error).message;
}

/** A copy of the kind's directory, to damage. */
async function copyOf(kind: string, what: string): Promise<string> {
  const copy = join(dir, 'damaged', `${kind}-${what}`);
  await cp(made.get(kind)!, copy, { recursive: true });
  return copy;
}

/** Every table of a directory (and its run directories) with CRLF line ends and a byte-order mark. */
async function asSpreadsheet(path: string): Promise<void> {
  for (const e of await readdir(path, { withFileTypes: true })) {
    const file = join(path, e.name);
    if (e.isDirectory()) await asSpreadsheet(file);
    else if (e.name.endsWith('.csv')) await writeFile(file, '\uFEFF' + (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
  }
}

describe('the registry of output kinds', { timeout: TIMEOUT }, () => {
  it('has a case here for every kind (a kind added to the registry is tested here too)', () => {
    expect(registry.KINDS.map((k) => k.name).filter((k) => !CASES[k])).toEqual([]);
  });

  it('tells each kind from its files', async () => {
    for (const kind of registry.KINDS) expect((await registry.detectKind(made.get(kind.name)!)).name).toBe(kind.name);
  });

  it('plots and reports every kind: charts (.vl.json, .svg, .png) and report.html, none empty', async () => {
    const { plotCommand } = await importDist<typeof Plot>('cli/plot.js');
    const { reportCommand } = await importDist<typeof Report>('cli/report.js');
    for (const kind of registry.KINDS) {
      const output = made.get(kind.name)!;
      const charts = join(dir, 'charts', kind.name);
      const written = (await printed(() => plotCommand({ dir: output, metrics: [], out: charts }))).value;
      expect(written.length, kind.name).toBeGreaterThan(0);
      const files = await readdir(charts);
      expect(files.length, kind.name).toBe(3 * written.length);
      for (const f of files) expect((await stat(join(charts, f))).size, `${kind.name}: ${f}`).toBeGreaterThan(0);
      const report = join(dir, 'reports', `${kind.name}.html`);
      await printed(() => reportCommand({ dir: output, metrics: [], out: report }));
      const html = await readFile(report, 'utf8');
      expect(html, kind.name).toContain(`${kind.name} report`);
      // Every chart's figure is on the page.
      for (const w of written) expect(html, `${kind.name}: ${w.chart.name}`).toContain(`<figure id="${w.chart.name}"`);
    }
  });

  it('reads every kind saved again by a spreadsheet (CRLF, byte-order mark) as it was written', async () => {
    for (const kind of registry.KINDS) {
      const copy = await copyOf(kind.name, 'crlf');
      await asSpreadsheet(copy);
      const specs = async (path: string) => JSON.stringify((await registry.loadOutput(path)).charts({ metrics: [] }).charts.map((c) => c.spec));
      expect(await specs(copy), kind.name).toBe(await specs(made.get(kind.name)!));
    }
  });

  it('refuses a directory without a file its kind needs, naming the file', async () => {
    for (const kind of registry.KINDS) {
      const { missing } = CASES[kind.name]!;
      const copy = await copyOf(kind.name, 'missing');
      await rm(join(copy, missing));
      expect(await refusal(copy), kind.name).toContain(`${join(copy, missing)}: no such file`);
    }
  });

  it('refuses a NaN in a table, naming the file, line and column', async () => {
    for (const kind of registry.KINDS) {
      const [name, column] = CASES[kind.name]!.nan;
      const copy = await copyOf(kind.name, 'nan');
      const file = join(copy, name);
      const [header, first, ...rest] = (await readFile(file, 'utf8')).split('\n');
      const cells = first!.split(',');
      cells[header!.split(',').indexOf(column)] = 'NaN';
      await writeFile(file, [header, cells.join(','), ...rest].join('\n'));
      expect(await refusal(copy), kind.name).toMatch(new RegExp(`^${escape(file)}:2: ${escape(column)}: not a (number|value a point can run at .*): 'NaN'$`));
    }
  });

  it('refuses {} for a JSON file, naming the file and what it lacks', async () => {
    for (const kind of registry.KINDS) {
      const { empty } = CASES[kind.name]!;
      const copy = await copyOf(kind.name, 'empty');
      await writeFile(join(copy, empty), '{}\n');
      expect(await refusal(copy), kind.name).toMatch(new RegExp(`^${escape(join(copy, empty))}(:1)?: .*(missing)`));
    }
  });

  it("draws a search's front, levers and convergence: specs vega runs without a warning, the base package marked", async () => {
    const output = await registry.loadOutput(made.get('search')!);
    const { charts, skipped } = output.charts({ metrics: [] });
    expect(skipped).toEqual([]);
    expect(charts.map((c) => c.name)).toEqual(['search-front', 'search-levers', 'search-convergence']);
    for (const c of charts) {
      const { view, warnings } = await runView(c.spec);
      view.finalize();
      expect(warnings, c.name).toEqual([]);
    }
    const [front, levers, convergence] = charts.map((c) => c.spec as unknown as { data: { values: Record<string, unknown>[] }; concat?: unknown[]; vconcat?: unknown[] });
    const rows = front!.data.values;
    // The base package first, then one row per front member (front.csv), each with its status.
    expect(rows[0]).toMatchObject({ label: 'base', status: 'base package' });
    expect(rows.slice(1).every((r) => r.status === 'front member' || r.status === 'dominated on the fresh seeds')).toBe(true);
    expect(levers!.concat).toHaveLength(2);
    expect(convergence!.vconcat).toHaveLength(2);
    // Every axis says what it counts: the outcomes are counts and money of the simulated agents here.
    expect(JSON.stringify(front)).toContain('simulated agents');
    const report = output.report();
    expect(report.outcomes.rows[0]!.cells[0]).toBe('base');
    expect(report.outcomes.rows).toHaveLength(rows.length);
  });

  it('draws a search over an ensemble by regret (no intervals) with a month lever: no empty bar layers, the month a date axis', async () => {
    const { searchCommand } = await importDist<typeof Search>('cli/search.js');
    const made = await printed(() =>
      searchCommand({
        scenario: BASE,
        levers: ['policies.training.seats', 'policies.training.start=2015-01:2015-12'],
        maximise: ['returned_stock_end'],
        minimise: ['gov_spending_total'],
        max: [],
        min: [],
        population: 4,
        generations: 1,
        ensemble: join(dir, 'ensemble.yaml'),
        robust: 'regret',
        fresh: false,
        ...SIZE,
        agents: '200',
        out: join(dir, 'out', 'search-regret'),
      }),
    );
    const { charts } = (await registry.loadOutput(made.value.path)).charts({ metrics: [] });
    for (const c of charts) {
      const { view, warnings } = await runView(c.spec);
      view.finalize();
      expect(warnings, c.name).toEqual([]);
    }
    const [front, levers] = charts.map((c) => JSON.stringify(c.spec));
    expect(front).not.toContain('"mark":{"type":"rule"');
    expect(front).toContain('Largest regret of returned_stock_end');
    expect(levers).toContain('"type":"temporal"');
  });

  it('the CLI exits 2 with the message alone (a sweep with a NaN parameter value, one with scenario.json {})', async () => {
    const nan = join(dir, 'damaged', 'sweep-nan');
    const ran = await homeward(['report', nan]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(new RegExp(`^error: ${escape(join(nan, 'points.csv'))}:2: policies\\.training\\.seats: .*'NaN'\\n$`));
    const empty = join(dir, 'damaged', 'sweep-empty');
    const again = await homeward(['plot', empty]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`error: ${join(empty, 'scenario.json')}: not a scenario homeward wrote: missing name, start, end\n`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
