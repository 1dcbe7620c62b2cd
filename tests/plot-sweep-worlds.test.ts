// A sweep over an ensemble, charted per world (in-process): points.csv with its member column read back and checked,
// each world's change from the first design point, the summary across the worlds, and the chart drawn by vega-lite
// and vega with one line per world holding exactly that world's changes.
import { runView } from './support/vega.js';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { loadSweep } from '../src/output/read-sweep.js';
import { scenarioJson } from '../src/output/run-files.js';
import { loadOutput } from '../src/kinds/registry.js';
import { worldDifferences } from '../src/plot/sweep-worlds.js';
import { loadScenario } from '../src/scenario/load.js';
import { pointsHeader, pointsRow } from '../src/sweep/csv.js';
import { removeDir, ROOT, tempDir } from './support/cli.js';

const SEATS = [0, 2000, 4000, 6000];
/** Three worlds whose levels differ a lot (offset) while returns rise with seats in each (slope): what pooled whiskers hide. */
const WORLDS = [
  { member: 1, offset: 1500, slope: 0.05 },
  { member: 2, offset: 2600, slope: 0.08 },
  { member: 3, offset: 900, slope: 0.02 },
];
const level = (w: (typeof WORLDS)[number], seats: number, k: number) => (k + 1) * (w.offset + w.slope * seats);

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  const { scenario } = await loadScenario(join(ROOT, 'scenarios', 'test-small.yaml'));
  await writeFile(join(dir, 'scenario.json'), scenarioJson(scenario));
  const design = { design: 'grid', params: ['policies.training.seats'], ensemble: { file: 'ensemble.yaml', paths: ['decision.intercept'], members: [] } };
  await writeFile(join(dir, 'design.json'), JSON.stringify(design));
  // As sweep writes them: each design point in every world in turn.
  let rows = pointsHeader(['policies.training.seats'], true);
  SEATS.forEach((seats, d) =>
    WORLDS.forEach((w, i) => {
      rows += pointsRow(d * WORLDS.length + i, [seats], 2, OUTCOMES.map((_, k) => ({ n: 2, mean: level(w, seats, k), ci95_low: level(w, seats, k) - 300, ci95_high: level(w, seats, k) + 300 })), w.member);
    }),
  );
  await writeFile(join(dir, 'points.csv'), rows);
});
afterAll(() => removeDir(dir));

describe('a sweep over an ensemble, charted per world', () => {
  it("each world's change from the first design point, and the mean and 5-95% across the worlds", async () => {
    const sweep = await loadSweep(dir);
    expect(sweep.ensemble).toMatchObject({ file: 'ensemble.yaml', worlds: 3, settings: undefined });
    const outcome = OUTCOMES[0]!.name;
    const { worlds, summary } = worldDifferences(sweep, outcome);
    for (const w of WORLDS) {
      // Rising with seats in every world, from 0 at the first point.
      expect(worlds.filter((x) => x.member === w.member).map((x) => x.diff)).toEqual(SEATS.map((s) => expect.closeTo(w.slope * s, 6)));
    }
    const last = summary.at(-1)!;
    expect(last.mean).toBeCloseTo((6000 * (0.05 + 0.08 + 0.02)) / 3, 6);
    expect(last).toMatchObject({ worlds: 3, signShare: 1 });
    expect(last.p05).toBeGreaterThan(6000 * 0.02 - 1e-9);
    expect(last.p95).toBeLessThan(6000 * 0.08 + 1e-9);
  });

  it('the chart: one line per world through its own changes, no warnings; the pooled chart is not drawn', async () => {
    const { charts } = (await loadOutput(dir)).charts({ metrics: [] });
    expect(charts.map((c) => c.name)).toEqual(OUTCOMES.map((o) => `sweep-worlds-${o.name}`));
    const chart = charts[0]!;
    expect(chart.caption).toMatch(/in each of the 3 worlds of ensemble\.yaml \(a grey line each\), the change from the first design point \(policies\.training\.seats = 0\)/);
    const { view, warnings } = await runView(chart.spec);
    expect(warnings).toEqual([]);
    // Every line item drawn, with the data behind it: one per world, through that world's points in design order.
    type Item = { items?: Mark[]; datum?: Record<string, number> };
    type Mark = { marktype: string; role?: string; items: Item[] };
    const lines: Record<string, number>[][] = [];
    const visit = (mark: Mark): void => {
      if (mark.marktype === 'line' && mark.role === 'mark') lines.push(mark.items.map((i) => i.datum!));
      for (const item of mark.items) for (const child of item.items ?? []) visit(child);
    };
    visit((view.scenegraph() as unknown as { root: Mark }).root);
    view.finalize();
    expect(lines).toHaveLength(WORLDS.length);
    for (const line of lines) {
      const w = WORLDS.find((x) => x.member === line[0]!['member'])!;
      expect(line.map((d) => d['member'])).toEqual(SEATS.map(() => w.member));
      expect(line.map((d) => d['x'])).toEqual(SEATS);
      expect(line.map((d) => d['diff'])).toEqual(SEATS.map((s) => expect.closeTo(w.slope * s, 6)));
    }
  });

  it('points out of the order sweep writes them are refused, naming the file and the point', async () => {
    const bad = join(dir, 'shuffled');
    await mkdir(bad);
    for (const f of ['scenario.json', 'design.json']) await copyFile(join(dir, f), join(bad, f));
    const text = (await readFile(join(dir, 'points.csv'), 'utf8')).split('\n');
    // Swap the worlds of point 4 and 5 (design point 1 runs in worlds 1, 3, 2).
    const swap = (line: string, member: number) => line.split(',').map((f, i) => (i === 1 ? String(member) : f)).join(',');
    [text[5], text[6]] = [swap(text[5]!, 3), swap(text[6]!, 2)];
    await writeFile(join(bad, 'points.csv'), text.join('\n'));
    await expect(loadSweep(bad)).rejects.toThrow(`${join(bad, 'points.csv')}: point 4 (world 3) is out of order`);
  });
});
