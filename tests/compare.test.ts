// `homeward compare` end to end (the built program: in-process, support/in-process.ts; exit 2 cases through the CLI),
// and the paired statistics behind it.
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COSTS } from '../src/analysis/costs.js';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { fiellerRatio, meanInterval, pairedDifferences } from '../src/analysis/paired.js';
import { t975 } from '../src/analysis/summary.js';
import { COMPARE_COLUMNS } from '../src/output/read-compare.js';
import { homeward, parseCsv, readText, removeDir, requireBuild, tempDir, writeScenario } from './support/cli.js';
import { inProcess, inProcessOk } from './support/in-process.js';

const TIMEOUT = 120_000;
const SMALL = ['--agents', '2000', '--months', '36', '--reps', '3', '--quiet'];
const RUN_FILES = ['creators.csv', 'run.json', 'scenario.json', 'summary.csv', 'timeseries.csv'];
let dir: string;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

/** compare.csv rows as records keyed by column name. */
async function compareRows(path: string): Promise<Record<string, string>[]> {
  const { header, rows } = parseCsv(await readText(path, 'compare.csv'));
  expect(header).toEqual([...COMPARE_COLUMNS]);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
}

describe('homeward compare', { timeout: TIMEOUT }, () => {
  let a: string;
  let b: string;
  let out: string;
  let stdout: string;

  beforeAll(async () => {
    // The same scenario under two names: with common random numbers every difference must be exactly 0.
    a = await writeScenario(dir, 'same-a');
    b = await writeScenario(dir, 'same-b');
    out = join(dir, 'self');
    const ran = await inProcessOk(['compare', a, b, ...SMALL, '--out', out, '--threads', '2']);
    stdout = ran.stdout;
  }, TIMEOUT);

  it('writes <out>/compare-<reference>/ with compare.csv, compare.json and one run directory per scenario', async () => {
    expect(await readdir(out)).toEqual(['compare-same-a']);
    const path = join(out, 'compare-same-a');
    expect((await readdir(path)).sort()).toEqual(['charts', 'compare.csv', 'compare.json', 'report.html', 'same-a', 'same-b']);
    for (const s of ['same-a', 'same-b']) expect((await readdir(join(path, s))).sort()).toEqual(RUN_FILES);
    const info = JSON.parse(await readText(path, 'compare.json')) as Record<string, unknown>;
    expect(info).toMatchObject({
      reference: 'same-a',
      scenarios: [
        { name: 'same-a', file: a, dir: 'same-a' },
        { name: 'same-b', file: b, dir: 'same-b' },
      ],
      reps: 3,
      seed: 1,
    });
    expect(info.rep_seeds).toHaveLength(3);
  });

  it('comparing a scenario with itself gives differences of exactly 0', async () => {
    const rows = await compareRows(join(out, 'compare-same-a'));
    const outcomeRows = rows.filter((r) => !COSTS.some((c) => c.name === r.outcome));
    expect(outcomeRows.map((r) => `${r.outcome}/${r.scenario}`)).toEqual(OUTCOMES.flatMap((o) => [`${o.name}/same-a`, `${o.name}/same-b`]));
    for (const r of outcomeRows) {
      expect(r.reference).toBe('same-a');
      // An outcome undefined in every rep (mean income of creators when there are none yet) has no difference.
      expect([r.diff, r.diff_ci95_low, r.diff_ci95_high]).toEqual(r.mean === '' ? ['', '', ''] : ['0', '0', '0']);
      expect(r.unit).toBe(OUTCOMES.find((o) => o.name === r.outcome)!.unit);
    }
    // Only the two incomes per creator (mean and median) may be undefined: a tiny run can have no creator yet.
    expect(outcomeRows.filter((r) => r.mean !== '').length).toBeGreaterThanOrEqual(2 * (OUTCOMES.length - 2));
    // Both scenarios have the same means; every cost has a zero denominator, so it is not estimable (empty).
    for (const o of OUTCOMES) {
      const [ra, rb] = outcomeRows.filter((r) => r.outcome === o.name);
      expect(rb!.mean).toBe(ra!.mean);
    }
    const costs = rows.slice(outcomeRows.length);
    expect(costs).toEqual(
      COSTS.map((c) => ({ outcome: c.name, unit: c.unit, scenario: 'same-b', reference: 'same-a', reps: '3', mean: '', ci95_low: '', ci95_high: '', diff: '', diff_ci95_low: '', diff_ci95_high: '' })),
    );
    expect(stdout).toMatch(/n\/a \(see note\)/);
    expect(stdout).toMatch(/^n\/a: the difference in the count it divides by/m);
    // 3 replications: the table says how little an interval that includes 0 means.
    expect(stdout.replace(/\n/g, ' ')).toContain('With 3 replications the 95% interval is 4.3 standard errors wide on each side');
  });

  it('prints the table and then the output directory', () => {
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(join(out, 'compare-same-a'));
    expect(lines[0]).toMatch(/mean \[95% CI\]\s+difference to same-a \[95% CI\]/);
    // Counts and money say what they count (the run has fewer agents than emigrants); other units as they are.
    for (const o of OUTCOMES) expect(stdout).toContain(`${o.name} (${o.unit}${o.scaled ? ', simulated agents' : ''})`);
    expect(stdout).toContain('same-a (reference)');
  });

  it('writes each scenario exactly as `homeward run` does', async () => {
    const runOut = join(dir, 'run-b');
    const ran = await inProcess(['run', b, ...SMALL, '--no-plot', '--out', runOut]);
    expect(ran.code).toBe(0);
    for (const f of ['timeseries.csv', 'creators.csv', 'summary.csv', 'scenario.json']) {
      expect(await readText(out, 'compare-same-a', 'same-b', f), f).toBe(await readText(runOut, 'same-b', f));
    }
  });

  it('gives the same bytes with 1 thread as with 2', async () => {
    const one = join(dir, 'self-1');
    const ran = await inProcess(['compare', a, b, ...SMALL, '--no-plot', '--out', one, '--threads', '1', '--name', 'compare-same-a']);
    expect(ran.code).toBe(0);
    for (const f of ['compare.csv', 'compare.json', ...['same-a', 'same-b'].flatMap((s) => ['timeseries.csv', 'creators.csv', 'summary.csv', 'scenario.json'].map((x) => join(s, x)))]) {
      expect(await readText(one, 'compare-same-a', f), f).toBe(await readText(out, 'compare-same-a', f));
    }
  });

  it('--name names the directory; --seed sets every scenario’s seed', async () => {
    const named = join(dir, 'named');
    const ran = await inProcess(['compare', a, b, ...SMALL, '--no-plot', '--out', named, '--name', 'mine', '--seed', '7']);
    expect(ran.code).toBe(0);
    expect(await readdir(named)).toEqual(['mine']);
    const info = JSON.parse(await readText(named, 'mine', 'compare.json')) as { seed: number };
    expect(info.seed).toBe(7);
    for (const s of ['same-a', 'same-b']) expect(JSON.parse(await readText(named, 'mine', s, 'scenario.json'))).toMatchObject({ seed: 7, reps: 3 });
  });

  it('more training seats give more creators: a positive paired difference with a CI above 0', async () => {
    const base = await writeScenario(dir, 'base');
    const more = await writeScenario(dir, 'more-training', 'policies:\n  training:\n    seats: 6000\n');
    const path = join(dir, 'training');
    // Measured over seeds 1-6 (20,000 agents, 4 reps, 96 months): the difference in creators_end is +58..+100 with
    // lower 95% bounds +22..+34, above 0 from every seed.
    const ran = await inProcess(['compare', base, more, '--agents', '20000', '--months', '96', '--reps', '4', '--quiet', '--no-plot', '--out', path]);
    expect(ran.code, ran.stderr).toBe(0);
    const row = (await compareRows(join(path, 'compare-base'))).find((r) => r.outcome === 'creators_end' && r.scenario === 'more-training')!;
    expect(Number(row.diff)).toBeGreaterThan(0);
    expect(Number(row.diff_ci95_low)).toBeGreaterThan(0);
    expect(Number(row.diff_ci95_low)).toBeLessThanOrEqual(Number(row.diff));
    expect(Number(row.diff)).toBeLessThanOrEqual(Number(row.diff_ci95_high));
  });
});

// The exit code and message through the CLI once; the other cases in-process, through the same program, where both are
// made (support/in-process.ts).
describe('homeward compare: bad input', { timeout: TIMEOUT }, () => {
  it('rejects scenarios with the same name, writing nothing', async () => {
    const file = await writeScenario(dir, 'dup');
    const out = join(dir, 'dup-out');
    const ran = await homeward(['compare', file, file, ...SMALL, '--out', out]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/compare needs distinct scenario names .*"dup"/);
    expect(ran.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects scenarios over different months', async () => {
    const x = await writeScenario(dir, 'long');
    const y = await writeScenario(dir, 'short', 'end: 2020-12\n');
    const ran = await inProcess(['compare', x, y, '--quiet', '--out', join(dir, 'months-out')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/short\.yaml: end: simulates 2015-01\.\.2020-12 but the reference long simulates 2015-01\.\.2030-12/);
  });

  it('needs two scenarios', async () => {
    const x = await writeScenario(dir, 'alone');
    const ran = await inProcess(['compare', x, '--quiet', '--out', join(dir, 'alone-out')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/at least two scenario files/);
  });

  it('reports a bad scenario like run does', async () => {
    const x = await writeScenario(dir, 'fine');
    const y = join(dir, 'broken.yaml');
    await writeFile(y, 'name: broken\npolicies:\n  loans:\n    amount: lots\n');
    const ran = await inProcess(['compare', x, y, '--quiet', '--out', join(dir, 'broken-out')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/broken\.yaml:4: policies\.loans\.amount: .*number/);
  });
});

describe('paired statistics', () => {
  it('meanInterval is the t interval, with no interval below 2 values and NaN left out', () => {
    const i = meanInterval([1, 2, 3, NaN, 6]);
    const sd = Math.sqrt(((1 - 3) ** 2 + (2 - 3) ** 2 + 0 + (6 - 3) ** 2) / 3);
    expect(i.n).toBe(4);
    expect(i.mean).toBeCloseTo(3, 12);
    expect(i.ci95_high - i.mean).toBeCloseTo((t975(3) * sd) / 2, 10);
    expect(meanInterval([5])).toMatchObject({ n: 1, mean: 5 });
    expect(meanInterval([5]).ci95_low).toBeNaN();
  });

  it('pairedDifferences subtracts the reference rep by rep', () => {
    expect(pairedDifferences([1, 2, 3], [2, 2, 5])).toEqual([1, 0, 2]);
    expect(() => pairedDifferences([1], [1, 2])).toThrow();
  });

  it("Fieller's interval: the bounds are where the t statistic of mean(a) − ρ·mean(b) is exactly t(0.975)", () => {
    const a = [1000, 1300, 900, 1250, 1100, 1180];
    const b = [10, 12, 9, 13, 10, 11];
    const r = fiellerRatio(a, b);
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(r.ratio).toBeCloseTo(mean(a) / mean(b), 10);
    expect(r.ci95_low).toBeLessThan(r.ratio);
    expect(r.ratio).toBeLessThan(r.ci95_high);
    for (const rho of [r.ci95_low, r.ci95_high]) {
      const d = a.map((x, i) => x - rho * b[i]!);
      const m = mean(d);
      const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / (d.length - 1));
      expect(Math.abs(m) / (sd / Math.sqrt(d.length))).toBeCloseTo(t975(d.length - 1), 8);
    }
  });

  it('is not estimable when the denominator’s interval includes 0', () => {
    const r = fiellerRatio([100, 120, 90], [1, -1, 0.5]);
    expect(r.n).toBe(3);
    expect(r.ratio).toBeNaN();
    expect(r.ci95_low).toBeNaN();
    expect(fiellerRatio([1, 2, 3], [0, 0, 0]).ratio).toBeNaN();
  });
});
