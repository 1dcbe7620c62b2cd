// `homeward calibrate --method history-matching` through the built program, on the model at small scale: the outputs,
// the space shrinking, every ensemble member passing `homeward check` with the same options, determinism over threads,
// and bad input (exit code and message through the CLI itself; the rest in-process, support/in-process.ts). The targets are set from the scenario's own outputs (measured with `homeward check` first), so the
// test holds whatever the model's numbers are: the scenario's own values lie in the box and meet the targets.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnsemble } from '../src/scenario/ensemble.js';
import { homeward, parseCsv, readText, removeDir, requireBuild, tempDir, writeScenario, writeText, type Ran } from './support/cli.js';
import { firstThroughCli, inProcess, inProcessOk } from './support/in-process.js';
import { DuckDB, expectChartedAsCsv } from './support/parquet.js';

const TIMEOUT = 240_000;
const SIZE = ['--agents', '2000', '--months', '36', '--reps', '3', '--quiet'];
const FREE = ['--free', 'decision.intercept=-9:-6', '--free', 'remigration.intercept=-6:-3'];
const FILES = ['checked.csv', 'emulators.csv', 'ensemble.yaml', 'runs.csv', 'scenario.json', 'waves.csv'];

/** Targets: the stock away after three years (a tight value) and returns per person away (bounds). */
const targetsText = (away: number, returns: number) => `targets:
  - id: AWAY
    fact: The stock away at the end of 2017 over its start
    source: the scenario's own run
    expr: {ratio: [{at: away, month: 2017-12}, {at: away, month: 2015-01}]}
    value: ${away}
    tolerance: ${Math.max(0.005, Math.abs(away) * 0.01)}
  - id: RET
    fact: Returns in 2017 per person away
    source: the scenario's own run
    expr: {ratio: [{sum: returns, over: 2017}, {mean: away, over: 2017}]}
    at_least: ${returns / 2}
    at_most: ${returns * 2}
    tolerance: ${returns / 4}
`;

let dir: string;
let scenario: string;
let targets: string;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  scenario = await writeScenario(dir, 'hm');
  // The scenario's own values of the two expressions, at this size.
  const probe = await writeText(dir, 'probe.yaml', targetsText(1, 0.1));
  const checked = await inProcess(['check', scenario, '--targets', probe, ...SIZE, '--no-plot', '--out', join(dir, 'probe')]);
  expect(checked.code === 0 || checked.code === 1, checked.stderr).toBe(true);
  const rows = parseCsv(await readText(dir, 'probe', 'hm-check', 'check.csv')).rows;
  const mean = (id: string) => Number(rows.find((r) => r[0] === id)![9]);
  targets = await writeText(dir, 'targets.yaml', targetsText(Number(mean('AWAY').toPrecision(4)), Number(mean('RET').toPrecision(3))));
}, TIMEOUT);
afterAll(() => removeDir(dir));

async function readAll(path: string): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(FILES.map(async (f) => [f, await readText(path, f)] as const)));
}

describe('homeward calibrate --method history-matching', { timeout: TIMEOUT }, () => {
  const ARGS = () => ['calibrate', scenario, '--method', 'history-matching', '--targets', targets, ...FREE, '--runs-per-wave', '30', '--waves', '3', '--final-runs', '12', ...SIZE];
  let out: string;
  let ran: Ran;
  let files: Record<string, string>;

  beforeAll(async () => {
    out = join(dir, 'hm');
    ran = await inProcessOk([...ARGS(), '--out', out, '--threads', '2']);
    files = await readAll(join(out, 'hm-history-match'));
  }, TIMEOUT);

  it('writes <out>/<scenario>-history-match/ with its files, the members, charts and report', async () => {
    expect(await readdir(out)).toEqual(['hm-history-match']);
    const names = await readdir(join(out, 'hm-history-match'));
    expect(names.sort()).toEqual([...FILES, 'charts', 'history-match.json', 'members', 'report.html'].sort());
    expect((await readdir(join(out, 'hm-history-match', 'charts'))).sort()).toEqual(
      ['history-match-pairs', 'history-match-volume'].flatMap((c) => [`${c}.png`, `${c}.svg`, `${c}.vl.json`]).sort(),
    );
    expect(await readText(out, 'hm-history-match', 'report.html')).toMatch(/history matching[\s\S]*Waves[\s\S]*ensemble range/);
    expect(ran.stdout).toMatch(/^wave\s+runs\s+space kept/);
    expect(ran.stdout.endsWith(`${join(out, 'hm-history-match', 'ensemble.yaml')}\n`)).toBe(true);
  });

  it('runs --final-runs points of the space left for real at the end, not a wave of them', () => {
    const checked = parseCsv(files['checked.csv']!).rows;
    expect(checked).toHaveLength(12);
    expect(ran.stdout).toMatch(/^12 points of the space left were run for real/m);
  });

  it('shrinks the space, with emulators validated on held-out runs', () => {
    const waves = parseCsv(files['waves.csv']!);
    expect(waves.header).toEqual(['wave', 'runs', 'volume_before', 'volume_after', 'kept_candidates', 'variance_ratio', 'emulators_used', 'targets']);
    expect(waves.rows.length).toBeGreaterThanOrEqual(1);
    expect(Number(waves.rows[0]![3])).toBeLessThan(1);
    for (const w of waves.rows) expect(Number(w[3])).toBeLessThanOrEqual(Number(w[2]));
    const emulators = parseCsv(files['emulators.csv']!);
    expect(emulators.header.slice(0, 4)).toEqual(['wave', 'target', 'used', 'held_out']);
    // One emulator per wave and target; the target with two bounds is matched on each side.
    expect(emulators.rows).toHaveLength(waves.rows.length * 3);
    expect(emulators.rows.slice(0, 3).map((r) => r[1])).toEqual(['AWAY', 'RET>=', 'RET<=']);
    for (const e of emulators.rows.filter((r) => r[2] === 'true')) expect(Number(e[4])).toBeGreaterThanOrEqual(0.9);
  });

  it('writes every run and the checked points; the ensemble is those non-implausible and passing every target', async () => {
    const runs = parseCsv(files['runs.csv']!);
    expect(runs.header).toEqual(['stage', 'run', 'decision.intercept', 'remigration.intercept', 'AWAY_mean', 'AWAY_sd', 'RET_mean', 'RET_sd']);
    const checked = parseCsv(files['checked.csv']!);
    expect(runs.rows.filter((r) => r[0] === 'check')).toHaveLength(checked.rows.length);
    const members = checked.rows.filter((r) => r[7] !== '');
    for (const m of members) expect([m[4], m[5], m[6]]).toEqual(['true', '2', '2']);
    for (const c of checked.rows.filter((r) => r[7] === '')) expect(c[4] === 'false' || c[5] !== '2').toBe(true);
    const ensemble = await loadEnsemble(join(out, 'hm-history-match', 'ensemble.yaml'));
    expect(ensemble.paths).toEqual(['decision.intercept', 'remigration.intercept']);
    expect(ensemble.members.map((m) => [...m.values.values()].map(String))).toEqual(members.map((m) => [m[1], m[2]]));
    expect(ensemble.members.length, 'the scenario itself meets the targets, so points near it should too').toBeGreaterThan(0);
  });

  it('every member passes homeward check with the same options', async () => {
    const matched = join(out, 'hm-history-match');
    const members = (await readdir(join(matched, 'members'))).sort();
    expect(members).toHaveLength((await loadEnsemble(join(matched, 'ensemble.yaml'))).members.length);
    for (const m of members) {
      // On one thread: no worker threads started per member; the thread count changes no result (the parquet test below).
      const check = await inProcess(['check', join('members', m), '--targets', targets, ...SIZE, '--threads', '1', '--no-plot', '--out', join(dir, 'member-checks')], matched);
      expect(check.code, `${m}: ${check.stdout}${check.stderr}`).toBe(0);
      expect(check.stdout).toMatch(/2 of 2 targets pass/);
    }
  });

  // One thread here, two above: the same rows and values in every table and the same ensemble.yaml and scenario.json
  // bytes are also the determinism over threads.
  it('with --format parquet on one thread writes the tables typed, with the rows of the CSVs written on two, and plot and report read them', async () => {
    const csvDir = join(out, 'hm-history-match');
    const matched = join(dir, 'hm-parquet', 'hm-history-match');
    const again = await inProcess([...ARGS(), '--out', join(dir, 'hm-parquet'), '--threads', '1', '--format', 'parquet']);
    expect(again.code, again.stderr).toBe(0);
    expect((await readdir(matched)).filter((f) => /\.(csv|parquet)$/.test(f)).sort()).toEqual(['checked.parquet', 'emulators.parquet', 'runs.parquet', 'waves.parquet']);
    expect(await readText(matched, 'ensemble.yaml')).toBe(files['ensemble.yaml']);
    expect(await readText(matched, 'scenario.json')).toBe(files['scenario.json']);
    const db = await DuckDB.open();
    try {
      const parquet = (name: string) => join(matched, `${name}.parquet`);
      expect(await db.types(parquet('waves'))).toMatchObject({ wave: 'INTEGER', runs: 'INTEGER', volume_after: 'DOUBLE', kept_candidates: 'INTEGER', emulators_used: 'INTEGER', targets: 'INTEGER' });
      expect(await db.types(parquet('emulators'))).toMatchObject({ wave: 'INTEGER', target: 'VARCHAR', used: 'BOOLEAN', held_out: 'INTEGER', misclassified: 'INTEGER', nugget: 'DOUBLE' });
      expect(await db.types(parquet('runs'))).toMatchObject({ stage: 'VARCHAR', run: 'INTEGER', 'decision.intercept': 'DOUBLE', AWAY_mean: 'DOUBLE' });
      expect(await db.types(parquet('checked'))).toMatchObject({ point: 'INTEGER', decisive: 'DOUBLE', non_implausible: 'BOOLEAN', passed: 'INTEGER', member: 'INTEGER', I_AWAY: 'DOUBLE' });
      for (const name of ['waves', 'emulators', 'runs', 'checked']) await db.expectSameTable(join(csvDir, `${name}.csv`), parquet(name));
    } finally {
      db.close();
    }
    await expectChartedAsCsv(matched, csvDir, join(dir, 'hm-parquet-read'), { draw: true }); // 2 charts: plot draws them
  });
});

describe('homeward calibrate --method history-matching: bad input', { timeout: TIMEOUT }, () => {
  const cases: readonly (readonly [string[], RegExp])[] = [
    [['--free', 'decision.intercept=-9:-6'], /calibrate needs --targets <file>/],
    [['--targets', 'TARGETS', '--reps', '1'], /history matching needs at least 2 replications per run \(--reps\)/],
    [['--targets', 'TARGETS', '--budget', '5'], /--budget applies to --method search/],
    [['--targets', 'TARGETS', '--order', '4'], /--order must be 1 \(the largest implausibility decides\), 2 or 3/],
    [['--targets', 'TARGETS', '--cutoff', '0'], /--cutoff must be a number above 0/],
    [['--targets', 'TARGETS', '--waves', '0'], /--waves must be a whole number from 1 to 20/],
    [['--targets', 'TARGETS', '--free', 'decision.intercep=-9:-6'], /--free decision\.intercep=-9:-6: unknown key "intercep" in decision/],
    [['--targets', 'TARGETS', '--free', 'decision.intercept=-6:-9'], /lo must be below hi/],
    [['--targets', 'TARGETS', ...FREE, '--runs-per-wave', '4'], /--runs-per-wave must be at least the free parameters \+ 4 \(6\)/],
  ];
  for (const [i, [extra, message]] of cases.entries()) {
    it(`${extra.join(' ')}: exit 2, one message, nothing written`, async () => {
      const out = join(dir, 'bad');
      const size = extra.includes('--reps') ? SIZE.filter((a, i) => a !== '--reps' && SIZE[i - 1] !== '--reps') : SIZE;
      const ran = await firstThroughCli(i)(['calibrate', scenario, '--method', 'history-matching', ...extra.map((a) => (a === 'TARGETS' ? targets : a)), ...size, '--out', out]);
      expect(ran.code, ran.stderr).toBe(2);
      expect(ran.stderr).toMatch(message);
      expect(ran.stderr.replace(/\nRun 'homeward --help' for usage\.\n$/, '\n').trimEnd().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('--waves with the default method is refused', async () => {
    const ran = await homeward(['calibrate', scenario, '--targets', targets, ...FREE, '--waves', '2', ...SIZE, '--out', join(dir, 'bad-search')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/--waves applies to --method history-matching/);
  });

  it('an ensemble file with problems is refused with their lines', async () => {
    const file = await writeText(dir, 'bad-ensemble.yaml', 'members:\n  - {decision.intercept: -7}\n  - {decision.intercep: -7}\n  - {decision.intercept: high}\n');
    await expect(loadEnsemble(file)).rejects.toThrow(/bad-ensemble\.yaml:3: members\.1\.decision\.intercep: unknown key "intercep"[\s\S]*bad-ensemble\.yaml:4: members\.2\.decision\.intercept: expected a number, got "high"/);
    const empty = await writeText(dir, 'empty-ensemble.yaml', 'members: []\n');
    await expect(loadEnsemble(empty)).rejects.toThrow(/empty-ensemble\.yaml:1: members: the ensemble has no members/);
  });
});
