// `homeward check` end to end: bad targets files exit 2 with a located message before anything runs; a run that meets
// its targets exits 0, one that misses one exits 1 and marks exactly that row; same bytes on 1 and 2 threads. Exit
// codes, messages and signals through the built CLI; the checks whose outputs are read in-process (support/in-process.ts).
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_COLUMNS } from '../src/calibrate/check-output.js';
import { homeward, interruptAfter, readText, removeDir, requireBuild, tempDir, writeText } from './support/cli.js';
import { inProcess, inProcessOk } from './support/in-process.js';

const TIMEOUT = 60_000;
const SCENARIO = 'scenarios/test-small.yaml'; // relative to the repository, where the CLI runs
const SMALL = ['--agents', '5000', '--months', '84', '--reps', '2', '--quiet'];
let dir: string;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

const put = (name: string, text: string) => writeText(dir, name, text);

/** A target as YAML lines (a list item of `targets:`). */
function item(id: string, expr: string, rest = 'value: 1\n    tolerance: 1'): string {
  return `  - id: ${id}\n    fact: fact ${id}\n    source: test\n    expr: ${expr}\n    ${rest}\n`;
}

const OK = item('A', '{sum: returns, over: 2019}');

describe.concurrent('bad targets files through the CLI: exit 2, file:line: key path: message, nothing run', { timeout: TIMEOUT }, () => {
  /** `through`: the CLI itself for the first case, the same program in-process for the others (support/in-process.ts). */
  async function rejects(name: string, text: string | undefined, message: RegExp, through = inProcess): Promise<void> {
    const file = text === undefined ? join(dir, name) : await put(name, text);
    const out = join(dir, `out-${name}`);
    const ran = await through(['check', SCENARIO, '--targets', file, ...SMALL, '--out', out]);
    expect(ran.code, ran.stderr).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toMatch(/^\s+at /m);
    expect(ran.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  }

  it('unknown metric, with a suggestion', () =>
    rejects('metric.yaml', `targets:\n${OK}${item('B', '\n      ratio:\n        - {sum: retrns, over: 2020}\n        - {sum: returns, over: 2019}')}`,
      /metric\.yaml:13: targets\.1\.expr\.ratio\.0\.sum: unknown metric "retrns" \(did you mean "returns"\?\)/, homeward));

  it('malformed YAML', () => rejects('broken.yaml', `targets:\n${OK}  - id: [B\n`, /broken\.yaml:\d+: YAML syntax/));

  it('missing tolerance', () => rejects('tolerance.yaml', `targets:\n${OK}${item('B', '{at: returns, month: 2019-05}', 'value: 3')}`, /tolerance\.yaml:8: targets\.1\.tolerance: missing: expected a number/));

  it('both value and at_least', () =>
    rejects('both.yaml', `targets:\n${item('A', '{at: returns, month: 2019-05}', 'value: 3\n    at_least: 2\n    tolerance: 1')}`, /both\.yaml:7: targets\.0\.at_least: give either value or at_least\/at_most, not both/));

  it('bad period', () => rejects('period.yaml', `targets:\n${item('A', '{mean: returns, over: 2020..2019}')}`, /period\.yaml:5: targets\.0\.expr\.over: the period ends before it starts/));

  it('malformed period', () => rejects('period2.yaml', `targets:\n${item('A', '{mean: returns, over: 2019-2020}')}`, /period2\.yaml:5: targets\.0\.expr\.over: expected a period: YYYY, YYYY-MM or A\.\.B/));

  it('month outside the run', () =>
    rejects('outside.yaml', `targets:\n${OK}${item('B', '\n      creators: {month: 2025-12, field: income, stat: mean}')}`,
      /outside\.yaml:12: targets\.1\.expr\.creators\.month: 2025-12 lies outside the simulated months 2015-01\.\.2021-12 of test-small/));

  it('duplicate id', () => rejects('dup.yaml', `targets:\n${OK}${OK}`, /dup\.yaml:8: targets\.1\.id: duplicate id "A" \(also targets\.0\.id\)/));

  it('unknown key, with a suggestion', () =>
    rejects('key.yaml', `targets:\n${item('A', '{at: returns, month: 2019-05}', 'value: 3\n    tolerance: 1\n    wieght: 2')}`, /key\.yaml:8: targets\.0\.wieght: unknown key "wieght" \(did you mean "weight"\?/));

  it('quantile without q, and an empty follower range', () =>
    rejects('q.yaml', `targets:\n${item('A', '{creators: {month: 2019-05, field: income, stat: quantile, min_followers: 5, max_followers: 5}}')}`,
      /q\.yaml:5: targets\.0\.expr\.creators\.q: missing: stat quantile needs q.*\n.*q\.yaml:5: targets\.0\.expr\.creators\.max_followers: must be more than min_followers/));

  it('an empty list, and a missing file', async () => {
    await rejects('empty.yaml', 'targets: []\n', /empty\.yaml:1: targets: no targets/);
    await rejects('none.yaml', undefined, /none\.yaml: cannot read the targets file: no such file/);
  });
});

/** Loose targets of every kind of expression that any sane run of the baseline meets. */
const PASSING = [
  item('population', '{at: population, month: 2021-12}', 'at_least: 1000\n    tolerance: 100'),
  item('jump', '\n      ratio:\n        - {sum: returns, over: 2020}\n        - {sum: returns, over: 2019}', 'value: 1\n    tolerance: 100'),
  item('adoption', '{mean: platform_adoption, over: 2020-07..2021}', 'value: 0.5\n    tolerance: 0.5\n    weight: 2'),
  item('stock', '\n      difference:\n        - {at: returned_stock, month: 2021-12}\n        - {at: returned_stock, month: 2015-01}', 'at_least: -1000000\n    tolerance: 1'),
  item('returnee_share', '{creators: {month: 2021-12, stat: share, returnee: true}}', 'at_least: 0\n    at_most: 1\n    tolerance: 0.1'),
  item('followers_p90', '{creators: {month: 2021-06, field: followers, stat: quantile, q: 0.9}}', 'at_least: 0\n    tolerance: 1'),
];
const WRONG = item('wrong', '{at: population, month: 2021-12}', 'at_most: 1\n    tolerance: 1');

/** A CSV with quoted fields (facts and sources are free text); no field spans lines. */
function parseCsvQuoted(text: string): { header: string[]; rows: string[][] } {
  const fields = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
  const lines = text.trimEnd().split('\n');
  return { header: fields(lines[0]!), rows: lines.slice(1).map(fields) };
}

/** check.csv as records keyed by column. */
async function checkRows(path: string): Promise<Record<string, string>[]> {
  const { header, rows } = parseCsvQuoted(await readText(path, 'check.csv'));
  expect(header).toEqual([...CHECK_COLUMNS]);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
}

describe('homeward check end to end', { timeout: TIMEOUT }, () => {
  let passing: string;
  let failing: string;
  beforeAll(async () => {
    passing = await put('passing.yaml', `# all pass\ntargets:\n${PASSING.join('')}`);
    failing = await put('failing.yaml', `targets:\n${PASSING.slice(0, 3).join('')}${WRONG}${PASSING.slice(3).join('')}`);
  });

  it('a run that meets every target exits 0 and writes check.csv, check.json, scenario.json, the chart and the report', async () => {
    const out = join(dir, 'pass');
    const ran = await inProcessOk(['check', SCENARIO, '--targets', passing, ...SMALL, '--out', out, '--threads', '2']);
    const path = join(out, 'test-small-check');
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe(path);
    expect(ran.stdout).toMatch(/6 of 6 targets pass/);
    expect(ran.stdout).toMatch(/^stock .* >= -1,000,000 .* PASS$/m);
    expect((await readdir(path)).sort()).toEqual(['charts', 'check.csv', 'check.json', 'report.html', 'scenario.json']);
    expect((await readdir(join(path, 'charts'))).sort()).toEqual(['check.png', 'check.svg', 'check.vl.json']);

    const rows = await checkRows(path);
    expect(rows.map((r) => r.id)).toEqual(['population', 'jump', 'adoption', 'stock', 'returnee_share', 'followers_p90']);
    for (const r of rows) {
      expect(r.pass).toBe('true');
      expect(r.n).toBe('2');
      expect(Number(r.mean)).toBeGreaterThanOrEqual(Number(r.ci95_low));
    }
    expect(rows[2]).toMatchObject({ fact: 'fact adoption', source: 'test', value: '0.5', at_least: '', tolerance: '0.5', weight: '2' });
    expect(rows[4]).toMatchObject({ at_least: '0', at_most: '1', z: '0' });

    const json = JSON.parse(await readText(path, 'check.json')) as { scenario: string; reps: number; passed: number; total: number; distance: number; targets: { id: string; expr: unknown }[] };
    expect(json).toMatchObject({ scenario: 'test-small', reps: 2, passed: 6, total: 6 });
    expect(json.targets[3]!.expr).toEqual({ difference: [{ at: 'returned_stock', month: '2021-12' }, { at: 'returned_stock', month: '2015-01' }] });
    const scenario = JSON.parse(await readText(path, 'scenario.json')) as { end: string; snapshots: string[] };
    expect(scenario.end).toBe('2021-12');
    expect(scenario.snapshots).toContain('2021-12'); // added for the targets
  });

  it('a run that misses one target exits 1 and marks exactly that row FAIL', async () => {
    const out = join(dir, 'fail');
    const ran = await homeward(['check', SCENARIO, '--targets', failing, ...SMALL, '--out', out, '--no-plot', '--name', 'failing']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/6 of 7 targets pass/);
    expect(ran.stdout.split('\n').filter((l) => / FAIL$/.test(l))).toEqual([expect.stringMatching(/^wrong .* <= 1 /)]);
    const path = join(out, 'failing');
    expect(await readdir(path)).not.toContain('charts');
    expect(await readdir(path)).not.toContain('report.html');
    const rows = await checkRows(path);
    expect(rows.filter((r) => r.pass === 'false').map((r) => r.id)).toEqual(['wrong']);
    expect(Number(rows[3]!.z)).toBeGreaterThan(0);
  });

  it('the same seed gives byte-identical check.csv on 1 and 2 threads', async () => {
    const csv = async (threads: string) => {
      const out = join(dir, `threads-${threads}`);
      const ran = await inProcess(['check', SCENARIO, '--targets', failing, ...SMALL, '--seed', '11', '--out', out, '--no-plot', '--threads', threads]);
      expect(ran.code).toBe(1);
      return readText(out, 'test-small-check', 'check.csv');
    };
    const [one, two] = await Promise.all([csv('1'), csv('2')]);
    expect(two).toBe(one);
  });

  it('SIGINT: exit 130, nothing written, an earlier check of the same name stays as it was', async () => {
    const out = join(dir, 'fail'); // holds the complete `failing` check of the test above
    const before = await readText(out, 'failing', 'check.csv');
    const ran = await interruptAfter(['check', SCENARIO, '--targets', failing, '--agents', '20000', '--reps', '4', '--quiet', '--out', out, '--name', 'failing'], 1500);
    expect(ran.code).toBe(130);
    expect(await readdir(out)).toEqual(['failing']);
    expect(await readText(out, 'failing', 'check.csv')).toBe(before);
  });
});
