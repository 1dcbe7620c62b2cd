// `homeward calibrate`: the optimiser on analytic functions, then the command through the built CLI: recovery of
// known parameters, best.yaml as a scenario, determinism over threads (in-process, support/in-process.ts), interruption
// and bad input (through the CLI).
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { designSize, optimise, type Objective, type OptimiseOptions } from '../src/calibrate/optimise.js';
import { homeward, interruptAfter, parseCsv, readText, removeDir, requireBuild, ROOT, tempDir } from './support/cli.js';
import { firstThroughCli, inProcess } from './support/in-process.js';

const TIMEOUT = 120_000;

/** A batch objective from a function of one point, counting the points it is given. */
function objective(f: (p: readonly number[]) => number): Objective & { points: number } {
  const evaluate = async (points: readonly (readonly number[])[]) => {
    evaluate.points += points.length;
    return points.map(f);
  };
  evaluate.points = 0;
  return evaluate;
}

const quadratic = (centre: readonly number[]) => (p: readonly number[]) => p.reduce((s, x, k) => s + (x - centre[k]!) ** 2, 0);
/** Rosenbrock's banana valley on [-2, 2]², minimum 0 at (1, 1), i.e. (0.75, 0.75) in the unit square. */
const rosenbrock = (p: readonly number[]) => {
  const [x, y] = [4 * p[0]! - 2, 4 * p[1]! - 2];
  return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
};
const maxError = (p: readonly number[], q: readonly number[]) => Math.max(...p.map((x, k) => Math.abs(x - q[k]!)));

describe('optimise', () => {
  it('finds the minimum of a shifted quadratic within 1e-2, in 2 and 3 dimensions', async () => {
    for (const seed of [1, 2, 3]) {
      for (const [centre, budget] of [
        [[0.3, 0.72], 40],
        [[0.3, 0.72, 0.55], 80],
      ] as const) {
        const { best } = await optimise(objective(quadratic(centre)), { dims: centre.length, budget, seed });
        expect(maxError(best.point, centre)).toBeLessThan(1e-2);
      }
    }
  });

  it('goes a long way down a Rosenbrock valley from its design', async () => {
    for (const seed of [1, 2, 3]) {
      const { best, trace } = await optimise(objective(rosenbrock), { dims: 2, budget: 60, seed });
      const design = Math.min(...trace.filter((e) => e.phase === 'design').map((e) => e.value));
      expect(best.value).toBeLessThan(design / 10);
      expect(best.value).toBeLessThan(0.5);
    }
  });

  it('spends exactly the budget, never more, and stops early only when converged', async () => {
    // A rugged objective (a hash of the point) never lets the simplex converge: the whole budget is spent.
    const rugged = (p: readonly number[]) => Math.abs(Math.sin(p.reduce((s, x, k) => s + x * 7919 * (k + 1), 0)));
    for (const dims of [1, 2, 3]) {
      for (const budget of [1, 2, designSize(dims, 40), 17, 40]) {
        const f = objective(rugged);
        const { trace, stopped } = await optimise(f, { dims, budget, seed: 5 });
        expect(trace).toHaveLength(budget);
        expect(f.points).toBe(budget);
        expect(stopped).toBe('budget');
        expect(trace.map((e) => e.eval)).toEqual([...Array(budget).keys()]);
      }
    }
    const f = objective(quadratic([0.4]));
    const { trace, stopped } = await optimise(f, { dims: 1, budget: 500, seed: 1 });
    expect(stopped).toBe('converged');
    expect(trace.length).toBeLessThan(500);
    expect(f.points).toBe(trace.length);
  });

  it('opens with a Latin hypercube of the design size, the initial point first', async () => {
    const { trace } = await optimise(objective(quadratic([0.5, 0.5])), { dims: 2, budget: 40, seed: 1, initial: [0.1, 0.9] });
    const design = trace.filter((e) => e.phase === 'design');
    expect(design).toHaveLength(designSize(2, 40));
    expect(designSize(2, 40)).toBe(16);
    expect(designSize(3, 10)).toBe(8); // at least 2d + 2
    expect(designSize(3, 5)).toBe(5); // never more than the budget
    expect(design[0]!.point).toEqual([0.1, 0.9]);
    // The rest: one point in each of the 15 strata of each axis.
    for (const k of [0, 1]) {
      const strata = design.slice(1).map((e) => Math.floor(e.point[k]! * 15));
      expect([...strata].sort((a, b) => a - b)).toEqual([...Array(15).keys()]);
    }
    expect(trace.slice(design.length).every((e) => e.phase === 'simplex')).toBe(true);
  });

  it('is deterministic given the seed', async () => {
    const run = (seed: number) => optimise(objective(rosenbrock), { dims: 2, budget: 30, seed });
    expect((await run(3)).trace).toEqual((await run(3)).trace);
    expect((await run(3)).trace).not.toEqual((await run(4)).trace);
  });

  it('keeps every point in the unit cube, reaching for a minimum outside it', async () => {
    for (const seed of [1, 2, 3]) {
      const { best, trace } = await optimise(objective(quadratic([1.3, -0.2])), { dims: 2, budget: 40, seed });
      for (const e of trace) for (const x of e.point) expect(x >= 0 && x <= 1).toBe(true);
      expect(maxError(best.point, [1, 0])).toBeLessThan(2e-2); // measured 0.017, 0, 0.012
    }
  });

  it('treats NaN as the worst value', async () => {
    const f = (p: readonly number[]) => (p[0]! > 0.5 ? NaN : quadratic([0.3])(p));
    const { best } = await optimise(objective(f), { dims: 1, budget: 20, seed: 1 });
    expect(maxError(best.point, [0.3])).toBeLessThan(1e-2);
  });

  it('rejects a bad budget or dimension', async () => {
    const f = objective(quadratic([0.5]));
    const opts: OptimiseOptions = { dims: 1, budget: 10, seed: 1 };
    await expect(optimise(f, { ...opts, budget: 0 })).rejects.toThrow(/budget/);
    await expect(optimise(f, { ...opts, dims: 0 })).rejects.toThrow(/dims/);
    await expect(optimise(f, { ...opts, initial: [0.5, 0.5] })).rejects.toThrow(/initial/);
  });
});

// The command. Two parameters with clear, separate footprints (measured on scenarios/test-small.yaml at 3,000
// agents, 84 months): decision.intercept sets the return flow (returns 2015-2019 per agent: 0.26 at -7.6, 0.33 at
// -7.3, 0.41 at -7.0), remigration.intercept sets how many returnees leave again (remigrations per return: 0.08 at
// -6, 0.17 at -5.1, 0.32 at -4.2) and hardly moves the return flow; the returned stock depends on both.
const SIZE = ['--agents', '3000', '--months', '84', '--reps', '2'];
const TRUTH = { 'decision.intercept': -7.3, 'remigration.intercept': -4.6 };
// Evaluations: at this size the distance is jagged (each parameter step flips single decisions), and 40 left the
// search in a local minimum for some random streams (0.2.0, seeds 1 and 7: errors up to 0.16, 2 of 3 targets);
// 60 found the truth from each of seeds 1, 3, 7 and 11 (errors at most 0.09 and 0.05, every target passing).
const BUDGET = 60;
// Bounds whose centres (-7.7, -5) are not the truth; the scenario's own values (-7.6, -5) join the design.
const FREE = ['--free', 'decision.intercept=-8.6:-6.8', '--free', 'remigration.intercept=-6.5:-3.5'];
/** The scenario's own values of the free parameters, set so the test does not follow the calibrated defaults. */
const OWN = ['--set', 'decision.intercept=-7.6', '--set', 'remigration.intercept=-5'];
// Tolerances: one replication's standard deviation at the truth, measured over 16 replications (seeds 1 and 7,
// 8 each): returns 0.009, remigrations per return 0.008-0.014, stock 0.015. A miss of one tolerance is then one
// replication's noise, and z weighs the three targets alike.
const TARGETS = [
  { id: 'returns', fact: 'Returns 2015-2019 per agent', expr: '{ratio: [{sum: returns, over: 2015..2019}, {at: population, month: 2015-01}]}', tolerance: 0.01 },
  { id: 'remigration', fact: 'Remigrations 2016-2021 per return 2015-2021', expr: '{ratio: [{sum: remigrations, over: 2016..2021}, {sum: returns, over: 2015..2021}]}', tolerance: 0.012 },
  { id: 'stock', fact: 'Returned stock at the end per agent', expr: '{ratio: [{at: returned_stock, month: 2021-12}, {at: population, month: 2015-01}]}', tolerance: 0.015 },
];

function targetsYaml(values: Readonly<Record<string, number>>): string {
  const items = TARGETS.map((t) => `  - id: ${t.id}\n    fact: ${t.fact}\n    source: a run at known values\n    expr: ${t.expr}\n    value: ${values[t.id]}\n    tolerance: ${t.tolerance}\n`);
  return `targets:\n${items.join('')}`;
}

describe('homeward calibrate', { timeout: TIMEOUT }, () => {
  const SCENARIO = join(ROOT, 'scenarios', 'test-small.yaml');
  let dir: string;
  let out: string;
  let targets: string;
  let recovered: { path: string; stdout: string };

  beforeAll(async () => {
    requireBuild();
    dir = await tempDir();
    out = join(dir, 'out');
    // The targets are the truth run's own means: the same seeds and replications as every evaluation of the
    // search (common random numbers), so the distance is exactly 0 at the truth, and the test measures the search.
    const draft = join(dir, 'draft.yaml');
    await writeFile(draft, targetsYaml({ returns: 0, remigration: 0, stock: 0 }));
    const truth = ['--set', `decision.intercept=${TRUTH['decision.intercept']}`, '--set', `remigration.intercept=${TRUTH['remigration.intercept']}`];
    const checked = await inProcess(['check', SCENARIO, '--targets', draft, ...SIZE, ...truth, '--out', dir, '--name', 'truth', '--no-plot', '--quiet']);
    expect(checked.code, checked.stderr).toBe(1); // the draft's zeros fail
    const { header, rows } = parseCsv(await readText(dir, 'truth', 'check.csv'));
    const means = Object.fromEntries(rows.map((r) => [r[0]!, Number(r[header.indexOf('mean')]!)]));
    targets = join(dir, 'targets.yaml');
    await writeFile(targets, targetsYaml(means));

    const ran = await inProcess(['calibrate', SCENARIO, '--targets', targets, ...FREE, ...OWN, ...SIZE, '--budget', String(BUDGET), '--threads', '2', '--quiet', '--no-plot', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    recovered = { path: join(out, 'test-small-calibrate'), stdout: ran.stdout };
  }, TIMEOUT);
  afterAll(() => removeDir(dir));

  it('recovers known parameters', async () => {
    const info = JSON.parse(await readText(recovered.path, 'calibrate.json')) as { best: { values: Record<string, number>; distance: number; passed: number }; evaluations: number };
    // Measured (0.2.0): decision.intercept -7.297 (error 0.003), remigration.intercept -4.688 (error 0.088), distance
    // 0.047 (with 0.1.0's stream and 40 evaluations: errors 0.001 and 0.003). Asserted: within 0.05 and 0.1, the
    // parameter shifts that move their target by about one tolerance (slopes 0.25 and 0.13 per logit unit). From targets of independent replications (seed 7,
    // 8 reps) the errors were 0.02 and 0.02.
    expect(Math.abs(info.best.values['decision.intercept']! - TRUTH['decision.intercept'])).toBeLessThan(0.05);
    expect(Math.abs(info.best.values['remigration.intercept']! - TRUTH['remigration.intercept'])).toBeLessThan(0.1);
    expect(info.best.distance).toBeLessThan(1);
    expect(info.best.passed).toBe(3);
    expect(info.evaluations).toBe(BUDGET);
    // The summary: the fitted values, the targets at the best point, and best.yaml's path last.
    expect(recovered.stdout).toMatch(/decision\.intercept\s+-7\.\d+\s+-8\.6\s+-6\.8\s+-7\.6/);
    expect(recovered.stdout).toMatch(/3 of 3 targets pass/);
    expect(recovered.stdout.trimEnd().split('\n').at(-1)).toBe(join(recovered.path, 'best.yaml'));
  });

  it('writes the trace: one row per evaluation, the scenario’s own values first', async () => {
    const { header, rows } = parseCsv(await readText(recovered.path, 'trace.csv'));
    expect(header).toEqual(['eval', 'phase', 'decision.intercept', 'remigration.intercept', 'distance', 'returns', 'remigration', 'stock']);
    expect(rows).toHaveLength(BUDGET);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => String(i)));
    expect(rows[0]!.slice(1, 4)).toEqual(['design', '-7.6', '-5']);
    expect(rows.filter((r) => r[1] === 'design')).toHaveLength(designSize(2, BUDGET));
    for (const r of rows) {
      expect(Number(r[2])).toBeGreaterThanOrEqual(-8.6);
      expect(Number(r[2])).toBeLessThanOrEqual(-6.8);
    }
    const best = Math.min(...rows.map((r) => Number(r[4])));
    const info = JSON.parse(await readText(recovered.path, 'calibrate.json')) as { best: { distance: number } };
    expect(best).toBeCloseTo(info.best.distance, 5);
  });

  it('writes best.yaml, a scenario that validate and check accept and that reproduces best-check.csv', async () => {
    const yaml = await readText(recovered.path, 'best.yaml');
    expect(yaml).toMatch(/^# Calibrated by homeward calibrate/);
    expect(yaml).toMatch(/\nextends: \S*scenarios\/test-small\.yaml\nname: test-small-calibrated\ndecision:\n {2}intercept: -7\.\d+\nremigration:\n {2}intercept: -4\.\d+\n$/);
    // Loaded from its own directory, as its relative `extends` expects.
    const valid = await inProcess(['validate', 'best.yaml'], recovered.path);
    expect(valid.code, valid.stderr).toBe(0);
    const checked = await inProcess(['check', 'best.yaml', '--targets', targets, ...SIZE, '--out', dir, '--name', 'best-check', '--no-plot', '--quiet'], recovered.path);
    expect(checked.code, checked.stderr).toBe(0); // every target passes
    expect(await readText(dir, 'best-check', 'check.csv')).toBe(await readText(recovered.path, 'best-check.csv'));
  });

  it('gives the same bytes on 1 thread as on 2', async () => {
    // A shorter search than above (its design and a few simplex steps): what is compared is the threads, not the fit.
    const short = (threads: string, name: string) =>
      inProcess(['calibrate', SCENARIO, '--targets', targets, ...FREE, ...OWN, ...SIZE, '--budget', '12', '--threads', threads, '--quiet', '--no-plot', '--out', out, '--name', name]);
    for (const [threads, name] of [['2', 'two'], ['1', 'one']]) {
      const ran = await short(threads!, name!);
      expect(ran.code, ran.stderr).toBe(0);
    }
    expect(parseCsv(await readText(out, 'one', 'trace.csv')).rows.map((r) => r[1])).toContain('simplex');
    for (const file of ['trace.csv', 'best.yaml', 'best-check.csv']) {
      expect(await readText(out, 'one', file), file).toBe(await readText(out, 'two', file));
    }
    expect(await readdir(out)).toEqual(['one', 'test-small-calibrate', 'two']);
  });

  it('SIGINT: exit 130, an earlier calibration of the same name stays as it was', async () => {
    const before = await readText(recovered.path, 'trace.csv');
    const ran = await interruptAfter(['calibrate', SCENARIO, '--targets', targets, ...FREE, ...OWN, ...SIZE, '--budget', String(BUDGET), '--threads', '2', '--quiet', '--out', out], 1500);
    expect(ran.code).toBe(130);
    expect(await readdir(out)).toEqual(['one', 'test-small-calibrate', 'two']);
    expect(await readText(recovered.path, 'trace.csv')).toBe(before);
  });

  it('refuses bad input with exit 2 and one message naming the option, before running anything', async () => {
    const badTargets = join(dir, 'bad-targets.yaml');
    await writeFile(badTargets, 'targets:\n  - id: x\n    fact: f\n    source: s\n    expr: {at: returns, month: 2029-01}\n    value: 1\n    tolerance: 0\n');
    const base = ['calibrate', SCENARIO, ...SIZE, '--quiet', '--out', join(dir, 'bad')];
    // Every bad --free is reported, one line each, in one run.
    const free: [string, RegExp][] = [
      ['decision.intercep=-9:-6', /intercept/],
      ['decision.intercept=-6:-9', /lo must be below hi/],
      ['decision.intercept=-7:-7', /lo must be below hi/],
      ['decision.intercept=a:-6', /expected numbers/],
      ['decision.intercept=-9', /expected the range lo:hi/],
      ['decision.intercept=-99:-6', /must be at least -30/],
      ['elite.education=1:2', /not a number/],
      ['county.network_cost=100:300', /timeline with dated points/],
      ['seed=1:9', /seed cannot be calibrated/],
      ['remigration.intercept=-6:-4', /given twice/], // (the first of the two is fine)
    ];
    const cases: [string[], RegExp[]][] = [
      [['--targets', targets, '--free', 'remigration.intercept=-6:-4', ...free.flatMap(([f]) => ['--free', f])], free.map(([f, m]) => new RegExp(`--free ${f.replaceAll('.', '\\.')}: .*${m.source}`))],
      [['--targets', targets], [/at least one --free/]],
      [['--free', 'decision.intercept=-9:-6'], [/needs --targets/]],
      [['--targets', join(dir, 'missing.yaml'), '--free', 'decision.intercept=-9:-6'], [/missing\.yaml: cannot read/]],
      [['--targets', badTargets, '--free', 'decision.intercept=-9:-6'], [/bad-targets\.yaml/]],
      [['--targets', targets, '--free', 'decision.intercept=-9:-6', '--budget', '0'], [/--budget must be a whole number >= 1/]],
    ];
    const ran = await Promise.all(cases.map(([args], i) => firstThroughCli(i)([...base, ...args])));
    ran.forEach((r, i) => {
      const [args, messages] = cases[i]!;
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      for (const m of messages) expect(r.stderr, args.join(' ')).toMatch(m);
      expect(r.stdout).toBe('');
    });
    expect(ran[0]!.stderr.split('\n').filter((l) => l.includes('--free'))).toHaveLength(free.length);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it('shows the command and its examples in --help', async () => {
    const ran = await homeward(['calibrate', '--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/--free/);
    expect(ran.stdout).toMatch(/Examples:/);
    expect(await readFile(join(ROOT, 'README.md'), 'utf8')).toMatch(/^## .*`homeward calibrate`$/m);
  });
});
