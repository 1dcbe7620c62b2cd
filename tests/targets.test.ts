// Targets: expressions evaluated on a hand-built replication, the statistics over replications (pass, z, distance),
// the shipped targets file, and the snapshots the targets add to a scenario.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { t975 } from '../src/analysis/summary.js';
import { distance, MISSING_Z2, TargetAccumulator } from '../src/calibrate/evaluate.js';
import { evaluateExpr } from '../src/calibrate/expression.js';
import { parsePeriod } from '../src/calibrate/period.js';
import { checkTargetsFit, loadTargets, withTargetSnapshots } from '../src/calibrate/targets.js';
import type { CreatorsExpr, Expr, Target, TargetResult } from '../src/calibrate/types.js';
import { definition, METRIC_INDEX, type CreatorSnapshot, type MetricName, type RepResult } from '../src/model/definition.js';
import { simulate } from '../src/engine/simulate.js';
import { METRICS } from '../src/model/metrics.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { parseMonth } from '../src/scenario/month.js';

const START = parseMonth('2019-01');
const MONTHS = 24; // 2019-01 .. 2020-12

function snapshot(month: string, followers: number[], income: number[], returnee: number[], share: number[]): CreatorSnapshot {
  const n = followers.length;
  return {
    month: parseMonth(month),
    channel: Int32Array.from({ length: n }, (_, i) => i),
    returnee: Uint8Array.from(returnee),
    nostalgic: new Uint8Array(n),
    knowledge: Float32Array.from(followers, (f) => f / 100),
    followers: Float64Array.from(followers),
    income: Float64Array.from(income),
    householdShare: Float32Array.from(share),
  };
}

/**
 * A replication over 2019-2020: 1 return a month in 2019 and 2 in 2020, no remigrations, returnee_creator_share
 * undefined (NaN) in 2019 and 0.5 in 2020; five creators at 2020-06 (two stay-at-home, without a household share)
 * and none at 2020-12.
 */
function handBuilt(overrides: Partial<Record<MetricName, (t: number) => number>> = {}): RepResult {
  const columns = METRICS.map(() => new Float64Array(MONTHS));
  const set = (m: MetricName, f: (t: number) => number) => columns[METRIC_INDEX[m]]!.forEach((_, t, c) => (c[t] = f(t)));
  set('returns', (t) => (t < 12 ? 1 : 2));
  set('returnee_creator_share', (t) => (t < 12 ? NaN : 0.5));
  for (const [m, f] of Object.entries(overrides)) set(m as MetricName, f);
  return {
    rep: 0,
    seed: 1,
    start: START,
    months: MONTHS,
    columns,
    snapshots: [
      snapshot('2020-06', [10, 20, 30, 40, 50], [100, 200, 300, 400, 500], [1, 0, 1, 1, 0], [0.5, NaN, 0.75, 1, NaN]),
      snapshot('2020-12', [], [], [], []),
    ],
    agentSteps: 0,
  };
}

const rep = handBuilt();
const value = (e: Expr) => evaluateExpr(e, rep);
const creators = (c: Partial<CreatorsExpr>) => value({ creators: { month: '2020-06', field: 'followers', stat: 'mean', ...c } });

describe('periods', () => {
  it('are a year, a month, or an inclusive range of either', () => {
    const y = (year: number, month = 1) => year * 12 + month - 1;
    expect(parsePeriod('2019')).toEqual({ first: y(2019), last: y(2019, 12) });
    expect(parsePeriod('2019-03')).toEqual({ first: y(2019, 3), last: y(2019, 3) });
    expect(parsePeriod('2017..2019')).toEqual({ first: y(2017), last: y(2019, 12) });
    expect(parsePeriod('2019-11..2020-02')).toEqual({ first: y(2019, 11), last: y(2020, 2) });
    expect(parsePeriod('2019..2020-06')).toEqual({ first: y(2019), last: y(2020, 6) });
    expect(() => parsePeriod('2019-13')).toThrow();
  });
});

describe('expressions on one replication', () => {
  it('at: a metric in one month; NaN outside the run', () => {
    expect(value({ at: 'returns', month: '2019-05' })).toBe(1);
    expect(value({ at: 'returns', month: '2020-12' })).toBe(2);
    expect(value({ at: 'returns', month: '2021-01' })).toBeNaN();
    expect(value({ at: 'returns', month: '2018-12' })).toBeNaN();
  });

  it('sum over a year, a month, a range of months or years; NaN when the period reaches outside the run', () => {
    expect(value({ sum: 'returns', over: '2019' })).toBe(12);
    expect(value({ sum: 'returns', over: '2020' })).toBe(24);
    expect(value({ sum: 'returns', over: '2019-12' })).toBe(1);
    expect(value({ sum: 'returns', over: '2019-11..2020-02' })).toBe(1 + 1 + 2 + 2);
    expect(value({ sum: 'returns', over: '2019..2020' })).toBe(36);
    expect(value({ sum: 'returns', over: '2018..2019' })).toBeNaN();
    expect(value({ sum: 'returns', over: '2020..2021' })).toBeNaN();
    // A sum keeps undefined months: it is undefined too.
    expect(value({ sum: 'returnee_creator_share', over: '2019..2020' })).toBeNaN();
  });

  it('mean over a period leaves out NaN months; NaN when every month is', () => {
    expect(value({ mean: 'returns', over: '2019..2020' })).toBe(1.5);
    expect(value({ mean: 'returnee_creator_share', over: '2019..2020' })).toBe(0.5);
    expect(value({ mean: 'returnee_creator_share', over: '2019' })).toBeNaN();
  });

  it('ratio and difference; a zero denominator is NaN, and NaN propagates', () => {
    const y2019: Expr = { sum: 'returns', over: '2019' };
    const y2020: Expr = { sum: 'returns', over: '2020' };
    expect(value({ ratio: [y2020, y2019] })).toBe(2);
    expect(value({ difference: [y2020, y2019] })).toBe(12);
    expect(value({ ratio: [y2020, { sum: 'remigrations', over: '2019' }] })).toBeNaN();
    expect(value({ ratio: [{ sum: 'remigrations', over: '2019' }, { sum: 'remigrations', over: '2020' }] })).toBeNaN();
    expect(value({ difference: [y2020, { at: 'returns', month: '2030-01' }] })).toBeNaN();
    // Nested: the share of 2020 in both years, over the ratio of the years.
    expect(value({ ratio: [{ ratio: [y2020, { sum: 'returns', over: '2019..2020' }] }, { ratio: [y2020, y2019] }] })).toBeCloseTo(1 / 3, 12);
  });

  it('creators: mean, median, min, max and quantiles (the model’s quantile definition)', () => {
    expect(creators({})).toBe(30);
    expect(creators({ field: 'income' })).toBe(300);
    expect(creators({ stat: 'median' })).toBe(30);
    expect(creators({ stat: 'min' })).toBe(10);
    expect(creators({ stat: 'max' })).toBe(50);
    expect(creators({ stat: 'quantile', q: 0.25 })).toBe(20);
    expect(creators({ stat: 'quantile', q: 0.1 })).toBeCloseTo(14, 12); // linear between order statistics
    expect(creators({ stat: 'quantile', q: 1 })).toBe(50);
  });

  it('creators: follower range [min, max), returnee filter, count and share', () => {
    expect(creators({ min_followers: 20 })).toBe(35);
    expect(creators({ max_followers: 40 })).toBe(20);
    expect(creators({ stat: 'count', min_followers: 20, max_followers: 40 })).toBe(2);
    expect(creators({ stat: 'count', returnee: true })).toBe(3);
    expect(creators({ stat: 'count', returnee: false })).toBe(2);
    expect(creators({ stat: 'share', returnee: true })).toBe(0.6);
    expect(creators({ stat: 'share', min_followers: 45 })).toBe(0.2);
    expect(creators({ returnee: true, field: 'income' })).toBeCloseTo((100 + 300 + 400) / 3, 10);
  });

  it("creators: any measurement of the definition's snapshot is a field; another column is refused by name", async () => {
    expect(creators({ field: 'knowledge' })).toBeCloseTo(0.3, 6);
    const dir = mkdtempSync(join(tmpdir(), 'homeward-targets-'));
    try {
      const file = join(dir, 'targets.yaml');
      const target = (field: string) => `targets:\n  - id: A\n    fact: f\n    source: s\n    expr: {creators: {month: 2020-06, field: ${field}, stat: mean}}\n    value: 1\n    tolerance: 1\n`;
      writeFileSync(file, target('knowledge'));
      expect((await loadTargets(file)).targets[0]!.expr).toEqual({ creators: { month: '2020-06', field: 'knowledge', stat: 'mean' } });
      writeFileSync(file, target('channel'));
      await expect(loadTargets(file)).rejects.toThrow(/targets\.yaml:5: targets\.0\.expr\.creators\.field: expected one of knowledge, followers, income, household_share, got "channel"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creators: NaN field values are skipped; no creators in range, or no snapshot, is NaN', () => {
    expect(creators({ field: 'household_share' })).toBeCloseTo(0.75, 6);
    expect(creators({ field: 'household_share', returnee: false })).toBeNaN();
    expect(creators({ field: 'household_share', returnee: false, stat: 'count' })).toBe(2);
    expect(creators({ min_followers: 100 })).toBeNaN();
    expect(creators({ min_followers: 100, stat: 'max' })).toBeNaN();
    expect(creators({ min_followers: 100, stat: 'count' })).toBe(0);
    expect(creators({ min_followers: 100, stat: 'share' })).toBe(0);
    expect(creators({ month: '2020-07' })).toBeNaN(); // not a snapshot month
    expect(creators({ month: '2020-07', stat: 'count' })).toBeNaN();
    expect(creators({ month: '2020-12', stat: 'count' })).toBe(0); // a snapshot without creators
    expect(creators({ month: '2020-12', stat: 'share' })).toBeNaN();
  });
});

function target(t: Partial<Target>): Target {
  return { id: 'T', fact: 'a fact', source: 'a source', expr: { at: 'returns', month: '2019-01' }, tolerance: 2, weight: 1, ...t };
}

/** Replications whose returns in 2019-01 are the given values (NaN: a rep where remigrations are 0 throughout). */
function reps(values: readonly number[]): RepResult[] {
  return values.map((v, r) => ({ ...handBuilt({ returns: () => v, remigrations: () => (Number.isNaN(v) ? 0 : 1) }), rep: r }));
}

function evaluate(targets: Target[], values: readonly number[]): TargetResult[] {
  const acc = new TargetAccumulator(targets);
  for (const r of reps(values)) acc.add(r);
  return acc.results();
}

describe('targets over replications', () => {
  it('mean, sample sd and 95% t interval of the reps', () => {
    const [r] = evaluate([target({ value: 10 })], [9, 11, 13]);
    expect(r!.n).toBe(3);
    expect(r!.mean).toBe(11);
    expect(r!.sd).toBe(2);
    const half = (t975(2) * 2) / Math.sqrt(3);
    expect(r!.ci95_low).toBeCloseTo(11 - half, 12);
    expect(r!.ci95_high).toBeCloseTo(11 + half, 12);
  });

  it('value targets pass within the tolerance; z = (mean − value) / tolerance', () => {
    const [inside, edge, outside] = evaluate([target({ value: 10 }), target({ value: 13 }), target({ value: 14 })], [9, 11, 13]);
    expect(inside).toMatchObject({ pass: true, z: 0.5 });
    expect(edge).toMatchObject({ pass: true, z: -1 });
    expect(outside).toMatchObject({ pass: false, z: -1.5 });
  });

  it('bound targets pass within their bounds (z 0) and give the miss beyond the bound in tolerances', () => {
    const results = evaluate(
      [target({ at_least: 12 }), target({ at_most: 12 }), target({ at_most: 10 }), target({ at_least: 12, at_most: 14 }), target({ at_least: 10, at_most: 11 })],
      [9, 11, 13],
    );
    expect(results.map((r) => [r.pass, r.z])).toEqual([
      [false, -0.5],
      [true, 0],
      [false, 0.5],
      [false, -0.5],
      [true, 0],
    ]);
  });

  it('reps where the expression is undefined are left out of n; no value at all fails with z NaN', () => {
    const ratio: Expr = { ratio: [{ at: 'returns', month: '2019-01' }, { sum: 'remigrations', over: '2019' }] };
    const [some] = evaluate([target({ expr: ratio, value: 1 })], [12, NaN, 24]);
    expect(some).toMatchObject({ n: 2, mean: 1.5, pass: true, z: 0.25 });
    const [none] = evaluate([target({ expr: ratio, value: 1 })], [NaN, NaN]);
    expect(none!.n).toBe(0);
    expect(none!.mean).toBeNaN();
    expect(none!.z).toBeNaN();
    expect(none!.pass).toBe(false);
    const [one] = evaluate([target({ value: 10 })], [11]);
    expect(one).toMatchObject({ n: 1, mean: 11, sd: 0, ci95_low: 11, ci95_high: 11 });
  });

  it('the same reps in the same order give the same results', () => {
    const targets = [target({ value: 10 }), target({ at_least: 3 })];
    expect(evaluate(targets, [1.1, 2.3, 7.9, 4])).toEqual(evaluate(targets, [1.1, 2.3, 7.9, 4]));
  });

  it('distance: Σ weight·z² / Σ weight, a target without value counting z² = 100', () => {
    const r = (z: number, weight: number) => ({ target: target({ value: 0, weight }), z }) as TargetResult;
    expect(distance([r(0.5, 1), r(-0.5, 3)])).toBe(0.25);
    expect(distance([r(0.5, 1), r(-1, 3), r(NaN, 1)])).toBe((0.25 + 3 + MISSING_Z2) / 5);
    expect(distance([r(2, 0), r(1, 1)])).toBe(1);
    expect(distance([r(0, 1), r(0, 2)])).toBe(0);
    expect(MISSING_Z2).toBe(100);
  });
});

describe('the shipped targets file', () => {
  const file = 'scenarios/targets/qingyang.yaml';

  it('loads, with the facts F1-F12 (F4 and F5 are inputs)', async () => {
    const { targets } = await loadTargets(file);
    expect(targets.map((t) => t.id)).toEqual(['F1', 'F2', 'F3', 'F6a', 'F6b', 'F7a', 'F7b', 'F8', 'F9', 'F10a', 'F10b', 'F10c', 'F11', 'F12']);
    const byId = Object.fromEntries(targets.map((t) => [t.id, t]));
    expect(byId.F1!.expr).toEqual({ ratio: [{ sum: 'returns', over: '2020' }, { sum: 'returns', over: '2019' }] });
    expect(byId.F6a).toMatchObject({ value: 8600, tolerance: 2600, weight: 1 });
    expect(byId.F6a!.expr).toEqual({ creators: { month: '2021-10', field: 'income', stat: 'mean', min_followers: 60000, max_followers: 110000 } });
    expect(byId.F6b).toMatchObject({ at_least: 0.8, tolerance: 0.05 });
    expect(byId.F8).toMatchObject({ at_least: 1.25, tolerance: 0.25 });
    expect(JSON.stringify(byId.F8!.expr)).toContain('educated_returns');
    expect(byId.F7b!.expr).toMatchObject({ creators: { stat: 'quantile', q: 0.94, min_followers: 20000 } });
    // Every fact names its source: the source paper, or the survey or study it comes from.
    for (const t of targets) expect(t.source).toMatch(/seed 000|NBS|Ministry|Bai/);
    expect(byId.F11).toMatchObject({ at_most: 0.065 });
    expect(byId.F12).toMatchObject({ value: 0.025, tolerance: 0.01 });
  });

  it('fits the baseline; a shorter run is an error located in the targets file', async () => {
    const targets = await loadTargets(file);
    const { scenario } = await loadScenario('scenarios/qingyang.yaml');
    expect(() => checkTargetsFit(targets, scenario)).not.toThrow();
    const short = { ...scenario, end: '2021-12' };
    expect(() => checkTargetsFit(targets, short)).toThrow(ScenarioError);
    expect(() => checkTargetsFit(targets, short)).toThrow(/qingyang\.yaml:\d+: targets\.7\.expr\.ratio\.1\.ratio\.0\.over: 2022\.\.2025 lies outside the simulated months 2015-01\.\.2021-12/);
  });

  it('adds the creators months it needs to the snapshots, sorted and without duplicates', async () => {
    const targets = await loadTargets(file);
    const { scenario } = await loadScenario('scenarios/qingyang.yaml');
    expect(withTargetSnapshots(scenario, targets).snapshots).toEqual([...new Set([...scenario.snapshots, '2021-10'])].sort());
    expect(withTargetSnapshots({ ...scenario, snapshots: ['2021-10', '2015-06'] }, targets).snapshots).toEqual(['2015-06', '2021-10']);
  });

  it('snapshots only add output: the timeseries are the same with and without them', async () => {
    const targets = await loadTargets(file);
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=2000', 'end=2022-06', 'snapshots=[]']);
    const more = withTargetSnapshots({ ...scenario, snapshots: ['2016-03', '2020-01'] }, targets);
    const a = simulate(definition, scenario, { rep: 0, seed: 7 });
    const b = simulate(definition, more, { rep: 0, seed: 7 });
    expect(a.snapshots).toHaveLength(0);
    expect(b.snapshots.map((s) => s.month)).toEqual(['2016-03', '2020-01', '2021-10'].map(parseMonth));
    expect(b.snapshots[2]!.channel.length).toBeGreaterThan(0);
    expect(b.columns).toEqual(a.columns);
  });
});
