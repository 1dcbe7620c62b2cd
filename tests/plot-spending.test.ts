// The chart of spending and unmet demand per programme per year, from a hand-made run directory whose summary.csv
// has spend_<programme> and unmet_<programme> metrics (no simulation: the files are written here).
import { runView } from './support/vega.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRun } from '../src/output/read-run.js';
import { spendingChart } from '../src/plot/spending.js';
import { removeDir, requireBuild, tempDir } from './support/cli.js';
import { inProcess, inProcessOk } from './support/in-process.js';
import { handMadeRun } from './support/hand-made.js';

/** One metric over time instead of the eight headline ones: this chart is drawn whatever --metric says, and is what is checked. */
const ONE_METRIC = ['--metric', 'returns'];

interface Datum {
  year: string;
  programme: string;
  measure: string;
  rmb: number;
  months: number;
}

describe('spending and unmet demand per programme per year', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    requireBuild();
    dir = await tempDir();
  });
  afterAll(() => removeDir(dir));

  it('sums the monthly means per year, one colour per programme found by prefix, unmet beside spending', async () => {
    const run = await handMadeRun(dir, 'money', {
      spend_loans: [100, 200, 300, 400],
      unmet_loans: [10, 20, 30, 40],
      spend_live_sales: [5, 5, 5, 5],
      spend_training: [0, 0, 7, 7], // no unmet_training: spending only
      unmet_festivals: [1, 1, 1, 1], // unmet without spending
    });
    await inProcessOk(['plot', run, ...ONE_METRIC]);
    const spec = JSON.parse(await readFile(join(run, 'charts', 'programme-spending.vl.json'), 'utf8')) as { title: { text: string }; data: { values: Datum[] }; encoding: { color: { scale: { domain: string[] } } } };
    expect(spec.title.text).toBe('Spending and unmet demand per programme per year — money');
    expect(spec.encoding.color.scale.domain).toEqual(['loans', 'live_sales', 'training', 'festivals']);
    const get = (year: string, programme: string, measure: string) => spec.data.values.find((v) => v.year === year && v.programme === programme && v.measure === measure);
    expect(get('2019', 'loans', 'spent')).toMatchObject({ rmb: 300, months: 2 });
    expect(get('2020', 'loans', 'spent')).toMatchObject({ rmb: 700, months: 2 });
    expect(get('2020', 'loans', 'unmet demand')).toMatchObject({ rmb: 70 });
    expect(get('2020', 'training', 'spent')).toMatchObject({ rmb: 14 });
    expect(get('2020', 'training', 'unmet demand')).toBeUndefined();
    expect(get('2019', 'festivals', 'unmet demand')).toMatchObject({ rmb: 2 });
    await expect(readFile(join(run, 'charts', 'programme-spending.svg'), 'utf8')).resolves.toContain('Spending and unmet demand per programme per year');
  });

  it('the report carries the chart', async () => {
    const run = await handMadeRun(dir, 'reported', { spend_grants: [1, 2, 3, 4], unmet_grants: [4, 3, 2, 1] });
    const ran = await inProcess(['report', run]);
    expect(ran.code).toBe(0);
    expect(await readFile(join(run, 'report.html'), 'utf8')).toContain('Spending and unmet demand per programme per year');
  });

  it('without spend_/unmet_ metrics (outputs of earlier versions) or with only zeros, the chart is left out with a note', async () => {
    const none = await handMadeRun(dir, 'none', {});
    const ran = await inProcess(['plot', none, ...ONE_METRIC]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe('note: no chart of spending and unmet demand per programme: no spend_<programme> or unmet_<programme> metrics in summary.csv\n');
    const zeros = await handMadeRun(dir, 'zeros', { spend_loans: [0, 0, 0, 0] });
    const zeroRan = await inProcess(['plot', zeros, ...ONE_METRIC]);
    expect(zeroRan.code).toBe(0);
    expect(zeroRan.stderr).toBe('note: no chart of spending and unmet demand per programme: 0 in every year\n');
  });

  it('a comparison: one panel per scenario, programmes of either, and the spec draws with vega without warnings', async () => {
    const a = await loadRun(await handMadeRun(dir, 'first', { spend_loans: [1, 2, 3, 4], unmet_loans: [1, 1, 1, 1] }));
    const b = await loadRun(await handMadeRun(dir, 'second', { spend_loans: [2, 2, 2, 2], spend_network: [5, 5, 5, 5] }));
    const chart = spendingChart([a, b]);
    if (typeof chart === 'string') throw new Error(chart);
    expect(chart.name).toBe('programme-spending');
    const { view, warnings } = await runView(chart.spec);
    const svg = await view.toSVG();
    view.finalize();
    expect(warnings).toEqual([]);
    expect(svg).toContain('first');
    expect(svg).toContain('second');
    expect(svg).toContain('network');
  });
});
