// `homeward plot` and `homeward report` on the directories of `check` and of `calibrate` (the search), end to end:
// both kinds are told from their files, every chart compiles and renders without warnings with the data of the
// files, the report names the targets, and a damaged file is one message naming it, exit 2.
import { runView } from './support/vega.js';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../src/output/read-files.js';
import { homeward, removeDir, requireBuild, tempDir, writeText } from './support/cli.js';
import { inProcess, inProcessOk } from './support/in-process.js';

const TIMEOUT = 120_000;
const SCENARIO = 'scenarios/test-small.yaml'; // relative to the repository, where the CLI runs
const TARGETS = 'scenarios/targets/qingyang.yaml';
const SMALL = ['--agents', '2000', '--reps', '2', '--threads', '1', '--quiet', '--no-plot'];

let dir: string;
let check: string;
let calibration: string;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  // A target that fails is a result (exit 1), not an error: the directory is written either way.
  const checked = await inProcess(['check', SCENARIO, '--targets', TARGETS, ...SMALL, '--out', dir]);
  expect(checked.stderr).toBe('');
  check = join(dir, 'test-small-check');
  await inProcessOk(['calibrate', SCENARIO, '--targets', TARGETS, ...SMALL, '--free', 'decision.intercept=-9:-6', '--free', 'platform.popularity=0.5:2', '--budget', '6', '--out', dir]);
  calibration = join(dir, 'test-small-calibrate');
}, TIMEOUT);

afterAll(() => removeDir(dir));

/** A chart's spec compiled by vega-lite and run by vega: its warnings and the number of marks drawn per mark type. */
async function draw(file: string): Promise<{ warnings: string[]; marks: Map<string, number> }> {
  const spec = JSON.parse(await readFile(file, 'utf8')) as TopLevelSpec;
  const { view, warnings } = await runView(spec);
  const marks = new Map<string, number>();
  const walk = (node: { marktype?: string; role?: string; items?: unknown[] }): void => {
    for (const item of node.items ?? []) {
      const child = item as { marktype?: string; role?: string; items?: unknown[] };
      // Data marks only, not the legend's symbols.
      if (node.marktype && node.marktype !== 'group' && node.role === 'mark') marks.set(node.marktype, (marks.get(node.marktype) ?? 0) + 1);
      walk(child);
    }
  };
  walk((view.scenegraph() as unknown as { root: { items?: unknown[] } }).root);
  view.finalize();
  return { warnings, marks };
}

/** The target ids of check.csv or best-check.csv (facts are quoted where they hold a comma). */
async function targetIds(file: string): Promise<string[]> {
  const table = await readCsv(file, ['id']);
  return table.rows.map((r) => r[table.column('id')]!);
}

describe('plot and report on check and calibrate directories', { timeout: TIMEOUT }, () => {
  it('plots a check directory: the targets chart, one row per target of check.csv', async () => {
    const ran = await inProcessOk(['plot', check]);
    expect(ran.stdout).toBe(join(check, 'charts') + '\n');
    expect((await readdir(join(check, 'charts'))).sort()).toEqual(['check.png', 'check.svg', 'check.vl.json']);
    const spec = JSON.parse(await readFile(join(check, 'charts', 'check.vl.json'), 'utf8')) as { data: { values: { id: string }[] } };
    expect(spec.data.values.map((v) => v.id)).toEqual(await targetIds(join(check, 'check.csv')));
    const drawn = await draw(join(check, 'charts', 'check.vl.json'));
    expect(drawn.warnings).toEqual([]);
    expect(drawn.marks.get('symbol')).toBe(spec.data.values.length);
  });

  it('plots a calibrate directory: the distance by evaluation, the free parameters and the best fit targets', async () => {
    await inProcessOk(['plot', calibration]);
    const names = (await readdir(join(calibration, 'charts'))).filter((f) => f.endsWith('.vl.json')).sort();
    expect(names).toEqual(['best-check.vl.json', 'calibrate-distance.vl.json', 'calibrate-free.vl.json']);
    const trace = (await readFile(join(calibration, 'trace.csv'), 'utf8')).trimEnd().split('\n').slice(1);
    const distance = JSON.parse(await readFile(join(calibration, 'charts', 'calibrate-distance.vl.json'), 'utf8')) as { data: { values: { eval: number; distance: number; best: number }[] } };
    expect(distance.data.values.map((v) => v.eval)).toEqual(trace.map((l) => Number(l.split(',')[0])));
    // The best so far never rises and ends at the smallest distance, calibrate.json's best (trace.csv writes 6 digits).
    const best = distance.data.values.map((v) => v.best);
    for (let i = 1; i < best.length; i++) expect(best[i]).toBeLessThanOrEqual(best[i - 1]!);
    expect(best.at(-1)).toBe(Math.min(...distance.data.values.map((v) => v.distance)));
    const info = JSON.parse(await readFile(join(calibration, 'calibrate.json'), 'utf8')) as { best: { distance: number } };
    expect(Math.abs(best.at(-1)! / info.best.distance - 1)).toBeLessThan(1e-5);
    for (const name of names) {
      const drawn = await draw(join(calibration, 'charts', name));
      expect(drawn.warnings, name).toEqual([]);
    }
    const free = await draw(join(calibration, 'charts', 'calibrate-free.vl.json'));
    expect(free.marks.get('symbol')).toBe(2 * trace.length); // every evaluation in both panels
  });

  it('reports both: the targets table with every target, the charts inline', async () => {
    for (const [out, kind, charts] of [
      [check, 'check', ['check']],
      [calibration, 'calibration', ['calibrate-distance', 'calibrate-free', 'best-check']],
    ] as const) {
      const ran = await inProcessOk(['report', out]);
      expect(ran.stdout).toBe(join(out, 'report.html') + '\n');
      const html = await readFile(join(out, 'report.html'), 'utf8');
      expect(html).toContain(`homeward`);
      expect(html).toContain(` ${kind} report`);
      expect(html).toContain('<h2>Targets</h2>');
      for (const id of await targetIds(join(out, kind === 'check' ? 'check.csv' : 'best-check.csv'))) expect(html).toContain(`<th scope="row">${id}</th>`);
      for (const c of charts) expect(html).toContain(`<figure id="${c}"`);
    }
  });

  it('a damaged check.csv or a missing best-check.csv is one message naming the file, exit 2', async () => {
    const bad = join(dir, 'bad-check');
    // Facts without commas, so check.csv's fields split on commas.
    const targets = await writeText(dir, 'targets.yaml', `targets:\n${['A', 'B'].map((id) => `  - id: ${id}\n    fact: fact ${id}\n    source: test\n    expr: {sum: returns, over: 2019}\n    value: 1\n    tolerance: 1\n`).join('')}`);
    await inProcess(['check', SCENARIO, '--targets', targets, ...SMALL, '--out', dir, '--name', 'bad-check']);
    await inProcessOk(['plot', bad]); // readable before it is damaged
    const csv = (await readFile(join(bad, 'check.csv'), 'utf8')).split('\n');
    const tolerance = csv[0]!.split(',').indexOf('tolerance');
    csv[2] = csv[2]!.split(',').map((f, i) => (i === tolerance ? '0' : f)).join(',');
    await writeFile(join(bad, 'check.csv'), csv.join('\n'));
    const ran = await homeward(['plot', bad]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`${join(bad, 'check.csv')}:3: tolerance must be a number above 0, got '0'`);

    await rm(join(calibration, 'best-check.csv'));
    const report = await inProcess(['report', calibration]); // the exit through the CLI once, above
    expect(report.code).toBe(2);
    expect(report.stderr).toContain(`${join(calibration, 'best-check.csv')}: no such file`);
  });
});

describe('readCsv reads the quoted fields homeward writes for free text', () => {
  it('commas, doubled quotes and line breaks inside quotes; an unclosed quote is an error naming the line', async () => {
    const file = await writeText(dir, 'quoted.csv', 'id,fact,n\nA,"one, two",1\nB,"say ""yes""",2\nC,"two\nlines",3\nD,plain,4\n');
    const table = await readCsv(file);
    expect(table.rows).toEqual([
      ['A', 'one, two', '1'],
      ['B', 'say "yes"', '2'],
      ['C', 'two\nlines', '3'],
      ['D', 'plain', '4'],
    ]);
    const open = await writeText(dir, 'open.csv', 'id,fact\nA,"never closed\n');
    await expect(readCsv(open)).rejects.toThrow(`${open}:2: a quoted field is not closed`);
  });
});
