// `homeward compare ... --ensemble FILE` and `homeward sweep ... --ensemble FILE` through the built program (in-process,
// support/in-process.ts; exit 2 cases through the CLI): every scenario at every parameter set of an ensemble,
// each difference across the worlds; each world's difference is the one a plain comparison with the member's values
// set gives; threads 1 vs 2; bad ensembles.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COSTS } from '../src/analysis/costs.js';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { parseCsv, readText, removeDir, requireBuild, ROOT, tempDir, writeText, type Ran } from './support/cli.js';
import { firstThroughCli, inProcess, inProcessOk } from './support/in-process.js';
import { DuckDB, expectChartedAsCsv } from './support/parquet.js';

const TIMEOUT = 180_000;
const SIZE = ['--agents', '2000', '--months', '36', '--reps', '2', '--quiet'];
const BASE = join(ROOT, 'scenarios', 'qingyang.yaml');
const NO_TRAINING = join(ROOT, 'scenarios', 'no-training.yaml');
const NO_LOANS = join(ROOT, 'scenarios', 'no-loans.yaml');
const MEMBERS = [
  { 'decision.intercept': -7.6, 'remigration.intercept': -4.6 },
  { 'decision.intercept': -7.4, 'remigration.intercept': -4.2 },
  { 'decision.intercept': -7.1, 'remigration.intercept': -4.4 },
];
const FILES = ['ensemble-compare.csv', 'ensemble-compare.json', 'ensemble-worlds.csv'];
/** The settings the worlds were "matched" at: those of SIZE, so the runs with SIZE are at them. */
const MATCHED = 'options: {set: [], seed: 1, reps: 2, agents: 2000, start: 2015-01, end: 2017-12}\n';

let dir: string;
let ensemble: string;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  ensemble = await writeText(dir, 'ensemble.yaml', `# three worlds\nscenario: qingyang.yaml\n${MATCHED}members:\n${MEMBERS.map((m) => `  - {${Object.entries(m).map(([k, v]) => `${k}: ${v}`).join(', ')}}\n`).join('')}`);
});
afterAll(() => removeDir(dir));

async function readAll(path: string): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(FILES.map(async (f) => [f, await readText(path, f)] as const)));
}

describe('homeward compare --ensemble', { timeout: TIMEOUT }, () => {
  let out: string;
  let ran: Ran;
  let files: Record<string, string>;

  beforeAll(async () => {
    out = join(dir, 'cmp');
    ran = await inProcessOk(['compare', BASE, NO_TRAINING, NO_LOANS, '--ensemble', ensemble, ...SIZE, '--out', out, '--threads', '2']);
    files = await readAll(join(out, 'compare-qingyang-ensemble'));
  }, TIMEOUT);

  it('writes <out>/compare-<reference>-ensemble/ with its files, chart and report', async () => {
    expect(await readdir(out)).toEqual(['compare-qingyang-ensemble']);
    expect((await readdir(join(out, 'compare-qingyang-ensemble'))).sort()).toEqual([...FILES, 'charts', 'report.html'].sort());
    expect(await readdir(join(out, 'compare-qingyang-ensemble', 'charts'))).toEqual(['ensemble-differences.png', 'ensemble-differences.svg', 'ensemble-differences.vl.json']);
    expect(await readText(out, 'compare-qingyang-ensemble', 'report.html')).toMatch(/across an ensemble[\s\S]*Differences across the worlds/);
  });

  it('with --format parquet writes both tables typed, with the rows of the CSVs, and plot and report read them', async () => {
    const csvDir = join(out, 'compare-qingyang-ensemble');
    const written = join(dir, 'cmp-parquet', 'compare-qingyang-ensemble');
    const again = await inProcess(['compare', BASE, NO_TRAINING, NO_LOANS, '--ensemble', ensemble, ...SIZE, '--out', join(dir, 'cmp-parquet'), '--format', 'parquet']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(ran.stdout.replace(csvDir, written));
    expect((await readdir(written)).sort()).toEqual(['charts', 'ensemble-compare.json', 'ensemble-compare.parquet', 'ensemble-worlds.parquet', 'report.html']);
    const db = await DuckDB.open();
    try {
      expect(await db.types(join(written, 'ensemble-compare.parquet'))).toMatchObject({ outcome: 'VARCHAR', scenario: 'VARCHAR', worlds: 'INTEGER', reps: 'INTEGER', diff: 'DOUBLE', sign_share: 'DOUBLE' });
      expect(await db.types(join(written, 'ensemble-worlds.parquet'))).toMatchObject({ member: 'INTEGER', outcome: 'VARCHAR', reps: 'INTEGER', rel_diff: 'DOUBLE' });
      for (const name of ['ensemble-compare', 'ensemble-worlds']) await db.expectSameTable(join(csvDir, `${name}.csv`), join(written, `${name}.parquet`));
    } finally {
      db.close();
    }
    await expectChartedAsCsv(written, csvDir, join(dir, 'cmp-parquet-read'));
  });

  it('prints, per outcome and scenario, the mean, the 5-95% range and the share of worlds with the sign of the mean; then memo lines', () => {
    // Counts and money say what they count (the run has fewer agents than emigrants); other units as they are.
    for (const o of OUTCOMES) expect(ran.stdout).toContain(`${o.name} (${o.unit}${o.scaled ? ', simulated agents' : ''})`);
    expect(ran.stdout).toMatch(/^\s+no-training\s+.*\[.*\]\s+.*\[.*\]\s+.*%\s+\[.*%\]\s+\d+% \(\d of 3\)$/m);
    expect(ran.stdout).toMatch(/^no-training against qingyang: cumulative_returns (falls|rises) in \d+% of the 3 worlds consistent with the facts/m);
    // 2 replications per world: no share beyond the interval reads as "no effect".
    expect(ran.stdout).toMatch(/beyond its 95% interval in \d+%; with 2 replications that interval is 12\.7 standard errors wide on each side, so a difference within it is weak evidence of no effect\)/);
    expect(ran.stdout).toContain('With 2 replications the 95% interval is 12.7 standard errors wide on each side');
    expect(ran.stdout.endsWith(`${join(out, 'compare-qingyang-ensemble')}\n`)).toBe(true);
  });

  it('summarises each difference across the worlds from the per-world rows', () => {
    const summary = parseCsv(files['ensemble-compare.csv']!);
    expect(summary.header).toEqual(['outcome', 'unit', 'scenario', 'reference', 'worlds', 'reps', 'mean', 'mean_p05', 'mean_p95', 'diff', 'diff_p05', 'diff_p95', 'rel_diff', 'rel_diff_p05', 'rel_diff_p95', 'sign_share', 'significant_share']);
    // Per outcome every scenario, per cost every other scenario; in ensemble-worlds.csv, each in each of 3 worlds.
    expect(summary.rows).toHaveLength(OUTCOMES.length * 3 + COSTS.length * 2);
    const worlds = parseCsv(files['ensemble-worlds.csv']!);
    expect(worlds.rows).toHaveLength(3 * (OUTCOMES.length * 3 + COSTS.length * 2));
    const row = summary.rows.find((r) => r[0] === 'cumulative_returns' && r[2] === 'no-training')!;
    const diffs = worlds.rows.filter((r) => r[1] === 'cumulative_returns' && r[3] === 'no-training').map((r) => Number(r[9]));
    expect(diffs).toHaveLength(3);
    const mean = diffs.reduce((s, x) => s + x, 0) / 3;
    expect(Number(row[9])).toBeCloseTo(mean, 2);
    expect(Number(row[10])).toBeGreaterThanOrEqual(Math.min(...diffs) - 1e-9);
    expect(Number(row[11])).toBeLessThanOrEqual(Math.max(...diffs) + 1e-9);
    const share = diffs.filter((d) => Math.sign(d) === Math.sign(mean)).length / 3;
    expect(Number(row[15])).toBeCloseTo(share, 5);
    const ref = summary.rows.find((r) => r[0] === 'cumulative_returns' && r[2] === 'qingyang')!;
    expect(ref.slice(9, 12)).toEqual(['0', '0', '0']);
  });

  it("each world's difference is what a plain comparison with the member's values set gives", async () => {
    const set = Object.entries(MEMBERS[1]!).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const plain = await inProcess(['compare', BASE, NO_TRAINING, ...set, ...SIZE, '--no-plot', '--out', join(dir, 'plain')]);
    expect(plain.code, plain.stderr).toBe(0);
    const compare = parseCsv(await readText(dir, 'plain', 'compare-qingyang', 'compare.csv'));
    const worlds = parseCsv(files['ensemble-worlds.csv']!);
    for (const o of [...OUTCOMES, ...COSTS]) {
      const expected = compare.rows.find((r) => r[0] === o.name && r[2] === 'no-training')!;
      const world = worlds.rows.find((r) => r[0] === '2' && r[1] === o.name && r[3] === 'no-training')!;
      // mean, ci95_low, ci95_high, diff, diff_ci95_low, diff_ci95_high (a cost: its ratio and Fieller interval)
      expect(world.slice(6, 12), o.name).toEqual(expected.slice(5, 11));
    }
  });

  it('gives the same bytes on one thread as on two, and plot and report read the directory', async () => {
    const one = join(dir, 'cmp-1');
    const again = await inProcess(['compare', BASE, NO_TRAINING, NO_LOANS, '--ensemble', ensemble, ...SIZE, '--out', one, '--threads', '1', '--no-plot']);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(one, 'compare-qingyang-ensemble'))).toEqual(files);
    expect(again.stdout).toBe(ran.stdout.replace(join(out, 'compare-qingyang-ensemble'), join(one, 'compare-qingyang-ensemble')));
    const report = await inProcess(['report', join(one, 'compare-qingyang-ensemble')]);
    expect(report.code, report.stderr).toBe(0);
  });
});

describe('homeward compare --ensemble: bad input', { timeout: TIMEOUT }, () => {
  const cases: readonly (readonly [string, string | undefined, RegExp])[] = [
    ['missing', undefined, /^error: .*missing\.yaml: cannot read the ensemble file \(--ensemble\): no such file/],
    ['unknown-path', 'members:\n  - {decision.intercep: -7}\n', /^error: .*unknown-path\.yaml:2: members\.0\.decision\.intercep: unknown key "intercep" in decision/],
    ['not-numeric', 'members:\n  - {elite.education: master}\n', /^error: .*not-numeric\.yaml:2: members\.0\.elite\.education: elite\.education is not a numeric parameter/],
    ['out-of-range', 'members:\n  - {decision.intercept: -7}\n  - {decision.intercept: -70}\n', /^error: .*out-of-range\.yaml: member 2 \(line 3\) on qingyang: decision\.intercept: .*-30/],
    ['uneven', 'members:\n  - {decision.intercept: -7}\n  - {decision.intercept: -7, remigration.intercept: -4}\n', /every member sets the same parameters/],
    ['empty', 'members: []\n', /the ensemble has no members/],
  ];
  for (const [i, [name, text, message]] of cases.entries()) {
    it(`${name}: exit 2, located, nothing written`, async () => {
      const file = text === undefined ? join(dir, `${name}.yaml`) : await writeText(dir, `${name}.yaml`, text);
      const out = join(dir, `bad-${name}`);
      const ran = await firstThroughCli(i)(['compare', BASE, NO_TRAINING, '--ensemble', file, ...SIZE, '--out', out]);
      expect(ran.code, ran.stderr).toBe(2);
      expect(ran.stderr).toMatch(message);
      expect(ran.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('homeward sweep --ensemble', { timeout: TIMEOUT }, () => {
  const SEATS = ['--param', 'policies.training.seats=0:6000:2'];

  it('runs every design point in every world: a member column, each world as a plain sweep with its values set, and a summary across worlds', async () => {
    const out = join(dir, 'sweep');
    const ran = await inProcess(['sweep', BASE, ...SEATS, '--ensemble', ensemble, ...SIZE, '--out', out, '--no-plot']);
    expect(ran.code, ran.stderr).toBe(0);
    const points = parseCsv(await readText(out, 'qingyang-sweep', 'points.csv'));
    expect(points.header.slice(0, 4)).toEqual(['point', 'member', 'policies.training.seats', 'reps']);
    expect(points.rows.map((r) => r.slice(0, 3))).toEqual([
      ['0', '1', '0'],
      ['1', '2', '0'],
      ['2', '3', '0'],
      ['3', '1', '6000'],
      ['4', '2', '6000'],
      ['5', '3', '6000'],
    ]);
    const design = JSON.parse(await readText(out, 'qingyang-sweep', 'design.json')) as { ensemble: { members: unknown[] }; points: { member: number }[] };
    expect(design.ensemble.members).toHaveLength(3);
    expect(design.points.map((p) => p.member)).toEqual([1, 2, 3, 1, 2, 3]);

    const set = Object.entries(MEMBERS[1]!).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const plain = await inProcess(['sweep', BASE, ...SEATS, ...set, ...SIZE, '--out', join(dir, 'sweep-plain'), '--no-plot']);
    expect(plain.code, plain.stderr).toBe(0);
    const world2 = parseCsv(await readText(dir, 'sweep-plain', 'qingyang-sweep', 'points.csv')).rows;
    expect(world2.map((r) => r.slice(2))).toEqual(points.rows.filter((r) => r[1] === '2').map((r) => r.slice(3)));

    // Costs per person: each design point against the first design point in the same world, as in a plain sweep.
    const costs = parseCsv(await readText(out, 'qingyang-sweep', 'costs.csv'));
    expect(costs.header).toEqual(['point', 'member', 'policies.training.seats', 'reference_point', 'cost', 'unit', 'pairs', 'ratio', 'ci95_low', 'ci95_high']);
    expect(costs.rows.map((r) => r.slice(0, 5))).toEqual([3, 4, 5].flatMap((p) => COSTS.map((c) => [String(p), String(p - 2), '6000', String(p - 3), c.name])));
    const plainCosts = parseCsv(await readText(dir, 'sweep-plain', 'qingyang-sweep', 'costs.csv')).rows;
    expect(plainCosts.map((r) => r.slice(4))).toEqual(costs.rows.filter((r) => r[1] === '2').map((r) => r.slice(5)));

    const summary = parseCsv(await readText(out, 'qingyang-sweep', 'ensemble-sweep.csv'));
    expect(summary.header).toEqual(['design_point', 'policies.training.seats', 'outcome', 'worlds', 'mean', 'p05', 'p95']);
    expect(summary.rows).toHaveLength(2 * OUTCOMES.length);
    const returns = summary.rows.find((r) => r[0] === '1' && r[2] === 'cumulative_returns')!;
    const worlds = points.rows.filter((r) => r[2] === '6000').map((r) => Number(r[4]));
    expect(Number(returns[4])).toBeCloseTo(worlds.reduce((s, x) => s + x, 0) / 3, 2);
  });

  it('with --format parquet: points, sweep and the summary across worlds as typed Parquet files, the rows of the CSVs', async () => {
    const out = join(dir, 'sweep-parquet');
    const ran = await inProcess(['sweep', BASE, ...SEATS, '--ensemble', ensemble, ...SIZE, '--out', out, '--no-plot', '--format', 'parquet']);
    expect(ran.code, ran.stderr).toBe(0);
    const written = join(out, 'qingyang-sweep');
    expect((await readdir(written)).sort()).toEqual(['costs.parquet', 'design.json', 'ensemble-sweep.parquet', 'points.parquet', 'scenario.json', 'sweep.parquet']);
    const db = await DuckDB.open();
    try {
      expect(await db.types(join(written, 'ensemble-sweep.parquet'))).toEqual({
        design_point: 'INTEGER',
        'policies.training.seats': 'BIGINT',
        outcome: 'VARCHAR',
        worlds: 'INTEGER',
        mean: 'DOUBLE',
        p05: 'DOUBLE',
        p95: 'DOUBLE',
      });
      expect(await db.types(join(written, 'points.parquet'))).toMatchObject({ point: 'INTEGER', member: 'INTEGER' });
      expect(await db.types(join(written, 'costs.parquet'))).toMatchObject({ point: 'INTEGER', member: 'INTEGER', 'policies.training.seats': 'BIGINT', reference_point: 'INTEGER', cost: 'VARCHAR', pairs: 'INTEGER', ratio: 'DOUBLE' });
      for (const name of ['ensemble-sweep', 'points', 'sweep', 'costs']) await db.expectSameTable(join(dir, 'sweep', 'qingyang-sweep', `${name}.csv`), join(written, `${name}.parquet`));
    } finally {
      db.close();
    }
  });


  it('refuses to sweep a parameter the ensemble sets', async () => {
    const ran = await inProcess(['sweep', BASE, '--param', 'decision.intercept=-8,-7', '--ensemble', ensemble, ...SIZE, '--out', join(dir, 'sweep-bad')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/the ensemble sets decision\.intercept, which the sweep varies/);
  });
});

describe('ensembles run at the settings they were matched at', { timeout: TIMEOUT }, () => {
  interface SettingsJson {
    recorded: boolean;
    matched: { agents: number; months: number } | null;
    run: { agents: number; months: number; reps: number; seed: number };
    differs: string[];
  }

  it('compare --ensemble without --agents/--months/--reps/--seed runs at the recorded ones: the same bytes as giving them, no warning', async () => {
    const given = join(dir, 'settings-given');
    const byDefault = join(dir, 'settings-default');
    await inProcessOk(['compare', BASE, NO_TRAINING, '--ensemble', ensemble, ...SIZE, '--out', given, '--no-plot', '--threads', '1']);
    const ran = await inProcessOk(['compare', BASE, NO_TRAINING, '--ensemble', ensemble, '--quiet', '--out', byDefault, '--no-plot', '--threads', '1']);
    const name = 'compare-qingyang-ensemble';
    expect(await readAll(join(byDefault, name))).toEqual(await readAll(join(given, name)));
    const info = JSON.parse(await readText(byDefault, name, 'ensemble-compare.json')) as { agents: number; end: string; settings: SettingsJson };
    expect(info).toMatchObject({ agents: 2000, end: '2017-12' });
    expect(info.settings).toMatchObject({ recorded: true, matched: { agents: 2000, months: 36 }, run: { agents: 2000, months: 36, reps: 2, seed: 1 }, differs: [] });
    expect(ran.stdout).toContain(`The worlds of ${ensemble} ran at the settings they were matched at: 2,000 agents, 36 months from 2015-01, 2 replications, seed 1.`);
  });

  it('a run at other settings says so in one warning line naming each (given and matched), and records both', async () => {
    const out = join(dir, 'settings-other');
    const ran = await inProcess(['compare', BASE, NO_TRAINING, '--ensemble', ensemble, '--agents', '1000', '--months', '24', '--quiet', '--out', out, '--no-plot', '--threads', '1']);
    expect(ran.code).toBe(0);
    const lines = ran.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: the worlds of .*ensemble\.yaml were matched at other settings than this run's: agents 1,000 \(matched: 2,000\), months 24 \(matched: 36\); /);
    const info = JSON.parse(await readText(out, 'compare-qingyang-ensemble', 'ensemble-compare.json')) as { settings: SettingsJson };
    expect(info.settings).toMatchObject({ matched: { agents: 2000, months: 36 }, run: { agents: 1000, months: 24, reps: 2, seed: 1 }, differs: ['agents', 'months'] });
    expect(ran.stdout).toMatch(/not at the settings they were matched at \(2,000 agents, 36 months from 2015-01, 2 replications, seed 1\): agents, months differ\./);
    // The report's lead says it too. (Few outcomes have a value in 24 months at 1,000 agents: notes on stderr.)
    const report = await inProcess(['report', join(out, 'compare-qingyang-ensemble')]);
    expect(report.code).toBe(0);
    expect(await readText(report.stdout.trim())).toMatch(/run at 1,000 agents, 24 months from 2015-01, 2 replications, seed 1, not at the settings the worlds were matched at/);
  });

  it('sweep --ensemble runs at the recorded settings too, and design.json records them', async () => {
    const out = join(dir, 'settings-sweep');
    const ran = await inProcessOk(['sweep', BASE, '--param', 'policies.training.seats=0,3000', '--ensemble', ensemble, '--quiet', '--out', out, '--no-plot', '--threads', '1']);
    expect(ran.stdout).toContain('ran at the settings they were matched at: 2,000 agents, 36 months from 2015-01, 2 replications, seed 1.');
    const design = JSON.parse(await readText(out, 'qingyang-sweep', 'design.json')) as { reps: number; ensemble: { settings: SettingsJson } };
    expect(design.reps).toBe(2);
    expect(design.ensemble.settings).toMatchObject({ run: { agents: 2000, months: 36 }, differs: [] });
  });
});
