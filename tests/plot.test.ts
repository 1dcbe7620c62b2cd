// `homeward plot` end to end: charts of a run, a comparison and sweeps, each spec checked with vega-lite and vega
// themselves (not with homeward's renderer), the still images checked, and bad input rejected with exit 2 (through the
// CLI; the charts are drawn in-process by the same program, support/in-process.ts).
import { runView } from './support/vega.js';
import { existsSync } from 'node:fs';
import { cp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeward, parseCsv, readText, removeDir, requireBuild, tempDir } from './support/cli.js';
import { inProcess, inProcessOk } from './support/in-process.js';
import { SNAPSHOTS, makeComparison, makeRun, makeSweep, notesBesideSpending } from './support/outputs.js';

const TIMEOUT = 120_000;
const HEADLINE = ['returns', 'returned_stock', 'creators', 'creator_income_mean', 'creator_income_total', 'remigrations', 'gov_spending', 'returnee_creator_share'];
const OUTCOMES = ['cumulative_returns', 'returned_stock_end', 'person_years_home', 'creators_end', 'creator_income_cumulative', 'creator_income_mean_last_year', 'creator_income_median_last_year', 'cumulative_remigrations', 'gov_spending_total', 'gov_spending_net_total'];
const COSTS = ['net_spending_per_additional_returnee_at_end', 'net_spending_per_additional_person_year_home', 'net_spending_per_additional_return_event'];
const LAST = SNAPSHOTS.at(-1)!;

let dir: string;
let run: string; // a run directory, plotted by the first describe

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  run = await makeRun(dir, join(dir, 'out'), 'base');
}, TIMEOUT);
afterAll(() => removeDir(dir));

// ---------------------------------------------------------------------------------------------------
// Checking charts with vega-lite and vega directly

interface Rendered {
  readonly svg: string;
  readonly warnings: string[];
}

/** Compiles with vega-lite and draws with vega (no renderer: SVG string), collecting every warning. */
async function render(spec: TopLevelSpec): Promise<Rendered> {
  const { view, warnings } = await runView(spec);
  const svg = await view.toSVG();
  view.finalize();
  return { svg, warnings };
}

function titleOf(spec: TopLevelSpec): string {
  const t = spec.title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && 'text' in t && typeof t.text === 'string') return t.text;
  throw new Error('chart without a title');
}

/** Text as vega writes it into SVG. */
const svgText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error('no SVG size');
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The charts (file stems) in a charts directory, each of which must have all three files. */
async function chartNames(charts: string): Promise<string[]> {
  const files = await readdir(charts);
  const all = files.filter((f) => f.endsWith('.vl.json')).map((f) => f.slice(0, -'.vl.json'.length));
  for (const n of all) for (const ext of ['.svg', '.png']) expect(files).toContain(n + ext);
  expect(files).toHaveLength(all.length * 3);
  return all.sort();
}

async function readSpec(charts: string, name: string): Promise<TopLevelSpec> {
  return JSON.parse(await readFile(join(charts, `${name}.vl.json`), 'utf8')) as TopLevelSpec;
}

/** Marks every chart of a kind must draw (vega's SVG class names). */
function expectedMarks(name: string): string[] {
  if (name.startsWith('metric-') || name === 'creator-income') return ['mark-area', 'mark-line', 'mark-symbol'];
  if (name === 'returns-elite') return ['mark-line', 'mark-symbol'];
  if (name.startsWith('income-histogram-')) return ['mark-rect'];
  if (name.startsWith('income-lorenz-')) return ['mark-line'];
  if (name === 'compare-differences') return ['mark-rule', 'mark-symbol'];
  if (name === 'programme-spending') return ['mark-rect'];
  if (name.startsWith('sweep-')) return [];
  throw new Error(`unexpected chart ${name}`);
}

/**
 * The checks every chart gets: data inlined, compiles without warnings, renders with its title and marks, and the
 * written SVG and PNG are the still image (the PNG twice the SVG's size).
 */
async function checkCharts(charts: string, names: readonly string[], marks: (name: string) => string[] = expectedMarks): Promise<void> {
  for (const name of names) {
    const spec = await readSpec(charts, name);
    const text = JSON.stringify(spec);
    expect(text, name).not.toMatch(/"url"\s*:/);
    expect(text, name).toContain('"values"');
    const { svg, warnings } = await render(spec);
    expect(warnings, name).toEqual([]);
    const title = svgText(titleOf(spec));
    expect(svg, name).toContain(title);
    for (const mark of marks(name)) expect(svg, `${name}: ${mark}`).toContain(`class="${mark} role-mark`);

    const still = await readFile(join(charts, `${name}.svg`), 'utf8');
    expect(still, name).toContain(title);
    const size = svgSize(still);
    const png = pngSize(await readFile(join(charts, `${name}.png`)));
    expect(png, name).toEqual({ width: Math.round(size.width * 2), height: Math.round(size.height * 2) });
    expect(png.width * png.height).toBeGreaterThan(400 * 300);
  }
}

/** Every `title` in a spec (axes, legends, panels), as text. */
function titles(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => titles(n, found));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data') continue;
      if (k === 'title' && (typeof v === 'string' || Array.isArray(v))) found.push([v].flat().join(' '));
      else titles(v, found);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------

describe('homeward plot: a run', { timeout: TIMEOUT }, () => {
  let charts: string;
  let names: string[];

  beforeAll(async () => {
    const ran = await inProcess(['plot', run]);
    expect(notesBesideSpending(ran.stderr)).toBe('');
    expect(ran.code).toBe(0);
    charts = join(run, 'charts');
    expect(ran.stdout).toBe(charts + '\n');
    names = await chartNames(charts);
  }, TIMEOUT);

  it('writes the headline metrics, the elite split, creator income and its distribution at the last snapshot', () => {
    expect(names).toEqual(
      [...HEADLINE.map((m) => `metric-${m}`), 'returns-elite', 'creator-income', 'programme-spending', `income-histogram-${LAST}`, `income-lorenz-${LAST}`].sort(),
    );
  });

  it('draws spending and unmet demand per programme from the model\'s spend_/unmet_ metrics (tests/plot-spending.test.ts checks the chart)', async () => {
    const summary = await readText(run, 'summary.csv');
    expect(summary).toMatch(/,spend_training,/);
    expect(existsSync(join(charts, 'programme-spending.vl.json'))).toBe(true);
  });

  it('every spec compiles with vega-lite and renders with its title and marks; SVG and PNG are the still image', async () => {
    await checkCharts(charts, names);
  });

  it('axes carry units, months are a UTC date axis, series have a legend and points have tooltips', async () => {
    const returns = await readSpec(charts, 'metric-returns');
    const all = titles(returns);
    // Counts say what they count: simulated agents here (the run has fewer agents than emigrants).
    expect(all).toContain('returns (persons, simulated agents)');
    expect(all).toContain('month');
    expect(JSON.stringify(returns)).toMatch(/Counts and money for the simulated agents; one agent stands for [\d,.]+ persons/);
    const text = JSON.stringify(returns);
    expect(text).toContain('"timeUnit":"utcyearmonth"');
    expect(text).toContain('"type":"temporal"');
    expect(text).toContain('"tooltip"');
    expect(titles(await readSpec(charts, 'metric-creator_income_mean'))).toContain('creator_income_mean (RMB per month)');
    expect(titles(await readSpec(charts, 'creator-income'))).toContain('creator income (RMB per month)');
    const svg = await readText(charts, 'metric-returns.svg');
    expect(svg).toMatch(/role-legend/);
    // Yearly ticks from 2016 on, no month shifted into 2014 by a time zone.
    expect(svg).toContain('>2016<');
    expect(svg).toContain('>2022<');
    expect(svg).not.toContain('>2014<');
  });

  it('the numbers drawn agree with the run: elite split, histogram counts, Gini', async () => {
    // Elites plus others is all returns (summary.csv's mean), month by month.
    const elite = await readSpec(charts, 'returns-elite');
    if (!('vconcat' in elite)) throw new Error('returns-elite: expected two panels');
    const counts = (elite.vconcat[0] as { data: { values: { group: string; month: string; mean: number }[] } }).data.values;
    const summary = parseCsv(await readText(run, 'summary.csv')).rows.filter((r) => r[1] === 'returns');
    for (const [month, , mean] of summary) {
      const sum = counts.filter((v) => v.month === month).reduce((a, v) => a + v.mean, 0);
      expect(sum).toBeCloseTo(Number(mean), 2);
    }
    // The histogram holds every creator of the snapshot: creators per replication × replications.
    const creators = parseCsv(await readText(run, 'creators.csv')).rows.filter((r) => r[1] === LAST);
    const hist = (await readSpec(charts, `income-histogram-${LAST}`)) as { data: { values: { creators: number }[] } };
    expect(hist.data.values.reduce((a, v) => a + v.creators, 0) * 3).toBeCloseTo(creators.length, 6);
    // The Gini in the Lorenz title is the model's own creator_income_gini of that month, averaged over replications.
    const ts = parseCsv(await readText(run, 'timeseries.csv'));
    const g = ts.header.indexOf('creator_income_gini');
    const ginis = ts.rows.filter((r) => r[1] === LAST).map((r) => Number(r[g]));
    const title = titleOf(await readSpec(charts, `income-lorenz-${LAST}`));
    const shown = Number(/Gini (\d\.\d\d)/.exec(title)?.[1]);
    expect(Math.abs(shown - ginis.reduce((a, b) => a + b, 0) / ginis.length)).toBeLessThan(0.01);
  });

  it('--metric chooses the metrics, --month the snapshot and --out the directory', async () => {
    const out = join(dir, 'chosen');
    const ran = await inProcess(['plot', run, '--metric', 'away', '--metric', 'trained', '--month', SNAPSHOTS[0], '--out', out]);
    expect(notesBesideSpending(ran.stderr)).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe(out + '\n');
    const chosen = await chartNames(out);
    expect(chosen.filter((n) => n.startsWith('metric-'))).toEqual(['metric-away', 'metric-trained']);
    expect(chosen).toContain(`income-histogram-${SNAPSHOTS[0]}`);
    expect(titles(await readSpec(out, 'metric-trained'))).toContain('trained (persons, simulated agents)');
  });
});

describe('homeward run writes charts and a report unless --no-plot', { timeout: TIMEOUT }, () => {
  it('by default: charts/ and report.html in the output directory, the path the last line of stdout', async () => {
    const out = join(dir, 'plotted');
    const ran = await inProcessOk(['run', join(dir, 'base.yaml'), '--agents', '2000', '--months', '12', '--reps', '2', '--quiet', '--out', out]);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe(join(out, 'base'));
    const files = await readdir(join(out, 'base'));
    expect(files).toEqual(expect.arrayContaining(['charts', 'report.html']));
    expect(files.some((f) => f.startsWith('.'))).toBe(false);
    // No creator yet in 12 months: no income charts (nothing to draw), the rest as usual.
    const names = await chartNames(join(out, 'base', 'charts'));
    expect(names).toEqual(expect.arrayContaining(['metric-returns', 'metric-returned_stock', 'metric-gov_spending', 'returns-elite']));
    expect(names.filter((n) => n.startsWith('income-'))).toEqual([]);
    expect(await readText(out, 'base', 'report.html')).toContain('<figure id="metric-returns"');
  });

  it('--no-plot: the data files only', async () => {
    expect((await readdir(run)).filter((f) => f !== 'charts').sort()).toEqual(['creators.csv', 'run.json', 'scenario.json', 'summary.csv', 'timeseries.csv']);
  });
});

describe('homeward plot: a comparison', { timeout: TIMEOUT }, () => {
  let charts: string;
  let names: string[];

  beforeAll(async () => {
    const cmp = join(dir, 'compare');
    await makeComparison(dir, cmp, [{ name: 'reference' }, { name: 'no-training', extra: 'policies:\n  training:\n    seats: 0\n' }]);
    const ran = await inProcess(['plot', cmp]);
    expect(notesBesideSpending(ran.stderr)).toBe('');
    expect(ran.code).toBe(0);
    charts = join(cmp, 'charts');
    names = await chartNames(charts);
  }, TIMEOUT);

  it('draws the run charts with both scenarios, and the paired differences', async () => {
    expect(names).toContain('compare-differences');
    expect(names).toContain('metric-returns');
    await checkCharts(charts, names);
    const returns = (await readSpec(charts, 'metric-returns')) as { data: { values: { scenario: string }[] } };
    expect([...new Set(returns.data.values.map((v) => v.scenario))]).toEqual(['reference', 'no-training']);
    expect(await readText(charts, 'metric-returns.svg')).toContain('>no-training<');
  });

  it('the differences chart has a panel per outcome, whiskers from compare.csv and a zero line', async () => {
    const spec = await readSpec(charts, 'compare-differences');
    if (!('vconcat' in spec)) throw new Error('compare-differences: expected panels');
    expect(spec.vconcat).toHaveLength(OUTCOMES.length + COSTS.length); // and the costs per person
    const rows = parseCsv(await readText(dir, 'compare', 'compare.csv')).rows.filter((r) => r[0] === 'cumulative_returns' && r[2] === 'no-training');
    const panel = spec.vconcat[0] as { data: { values: { value: number; low: number; high: number }[] } };
    expect(panel.data.values).toHaveLength(1);
    expect(panel.data.values[0]!.value).toBeCloseTo(Number(rows[0]![8]), 6);
    expect(panel.data.values[0]!.low).toBeCloseTo(Number(rows[0]![9]), 6);
    expect(titles(spec)).toContain('difference from reference (persons, simulated agents)');
    expect(titles(spec)).toContain('net spending per additional returnee at home at the end (RMB per person)');
    expect(titles(spec)).toContain('net spending per additional person-year at home (RMB per person-year)');
    expect(titles(spec)).toContain('net spending per additional return event (RMB per return)');
  });

  it('a comparison written before the costs per person (a gross spending_per_additional_returnee row) still plots', async () => {
    const old = join(dir, 'compare-old');
    await cp(join(dir, 'compare'), old, { recursive: true });
    await rm(join(old, 'charts'), { recursive: true, force: true });
    const lines = (await readText(old, 'compare.csv')).trimEnd().split('\n').filter((l) => !COSTS.some((c) => l.startsWith(`${c},`)));
    lines.push('spending_per_additional_returnee,RMB/person,no-training,reference,3,1234.5,800,2100,,,');
    await writeFile(join(old, 'compare.csv'), lines.join('\n') + '\n');
    await inProcessOk(['plot', old, '--metric', 'returns']); // one metric: the differences chart is what is checked
    const spec = await readSpec(join(old, 'charts'), 'compare-differences');
    expect(titles(spec)).toContain('gross spending per additional return event (RMB per person)');
  });
});

describe('homeward plot: sweeps', { timeout: TIMEOUT }, () => {
  const SEATS = { path: 'policies.training.seats', values: [0, 1500, 3000, 4500] };
  const AMOUNT = { path: 'policies.loans.amount', values: [0, 50000, 100000] };
  const FESTIVALS = { path: 'policies.festivals.per_year', values: [1, 2] };

  async function plotSweep(name: string, params: (typeof SEATS)[]): Promise<{ charts: string; names: string[] }> {
    const sweep = join(dir, name);
    await makeSweep(sweep, run, params);
    await inProcessOk(['plot', sweep]);
    const charts = join(sweep, 'charts');
    const names = await chartNames(charts);
    expect(names).toEqual(OUTCOMES.map((o) => `sweep-${o}`).sort());
    return { charts, names };
  }

  it('one parameter: the outcome against it with 95% whiskers, units on both axes', async () => {
    const { charts, names } = await plotSweep('sweep1', [SEATS]);
    await checkCharts(charts, names, () => ['mark-line', 'mark-rule', 'mark-symbol']);
    const all = titles(await readSpec(charts, 'sweep-cumulative_returns'));
    expect(all).toContain('policies.training.seats (seats per month)');
    expect(all).toContain('cumulative_returns (persons, simulated agents)');
  });

  it('two parameters: a heat map with the values written in its cells', async () => {
    const { charts, names } = await plotSweep('sweep2', [SEATS, AMOUNT]);
    await checkCharts(charts, names, () => ['mark-rect', 'mark-text']);
    const svg = await readText(charts, 'sweep-creators_end.svg');
    expect(svg.match(/role-mark[^"]*"[^>]*>/g)?.length).toBeGreaterThan(0);
    expect(svg).toMatch(/role-legend/);
  });

  it('three parameters: small multiples, one panel per parameter', async () => {
    const { charts, names } = await plotSweep('sweep3', [SEATS, AMOUNT, FESTIVALS]);
    await checkCharts(charts, names, () => ['mark-rule', 'mark-symbol']);
    const spec = await readSpec(charts, 'sweep-gov_spending_total');
    if (!('concat' in spec)) throw new Error('expected small multiples');
    expect(spec.concat).toHaveLength(3);
    expect(titles(spec)).toEqual(expect.arrayContaining(['policies.festivals.per_year (festivals per year)', 'policies.loans.amount (RMB)']));
  });
});

// The exit code and message through the CLI once; the other cases in-process, through the same program, where both are
// made (support/in-process.ts).
describe('homeward plot: bad input', { timeout: TIMEOUT }, () => {
  const once = (stderr: string) => {
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).not.toMatch(/^\s+at /m);
  };

  it('a directory that is not an output: exit 2, one message', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await writeFile(join(empty, 'notes.txt'), 'nothing to plot\n');
    const ran = await homeward(['plot', empty]);
    expect(ran.code).toBe(2);
    once(ran.stderr);
    expect(ran.stderr).toContain(`${empty}: not a homeward output directory`);
    expect(await readdir(empty)).toEqual(['notes.txt']);
  });

  it('a path that does not exist, or a file: exit 2', async () => {
    for (const path of [join(dir, 'missing'), join(run, 'summary.csv')]) {
      const ran = await inProcess(['plot', path]);
      expect(ran.code).toBe(2);
      once(ran.stderr);
      expect(ran.stderr).toContain(path);
    }
  });

  it('an unknown --metric: exit 2 naming it', async () => {
    const ran = await inProcess(['plot', run, '--metric', 'returns', '--metric', 'happiness']);
    expect(ran.code).toBe(2);
    once(ran.stderr);
    expect(ran.stderr).toContain("unknown metric 'happiness'");
  });

  it('a --month that is not a month or not a snapshot: exit 2 naming the snapshots', async () => {
    let ran = await inProcess(['plot', run, '--month', 'June']);
    expect(ran.code).toBe(2);
    once(ran.stderr);
    ran = await inProcess(['plot', run, '--month', '2020-01']);
    expect(ran.code).toBe(2);
    once(ran.stderr);
    expect(ran.stderr).toContain(SNAPSHOTS.join(', '));
  });

  it('a broken summary.csv: exit 2 naming the file and line', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken);
    for (const f of ['scenario.json', 'creators.csv', 'timeseries.csv']) await writeFile(join(broken, f), await readFile(join(run, f)));
    await writeFile(join(broken, 'summary.csv'), 'month,metric,mean,sd,ci95_low,ci95_high\n2015-01,returns,lots,1,2,3\n');
    const ran = await inProcess(['plot', broken]);
    expect(ran.code).toBe(2);
    once(ran.stderr);
    expect(ran.stderr).toContain(`${join(broken, 'summary.csv')}:2: mean: not a number`);
  });
});
