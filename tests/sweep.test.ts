// `homeward sweep`: designs (grid, Latin hypercube), parameter checks, outputs, threads and resuming, through the
// built CLI where processes are involved (exit codes, messages, signals, kill -9), in-process through the same
// program (support/in-process.ts) where what matters is what a sweep writes.
import { existsSync } from 'node:fs';
import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COSTS, pairedCosts } from '../src/analysis/costs.js';
import { OUTCOMES, outcomesOf } from '../src/analysis/outcomes.js';
import { METRICS } from '../src/model/metrics.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { gridPoints, lhsPoints, parseParamFlags, type SweepParam } from '../src/sweep/design.js';
import { parseCsv, readText, removeDir, requireBuild, start, tempDir, writeScenario } from './support/cli.js';
import { firstThroughCli, inProcess, inProcessOk } from './support/in-process.js';

const TIMEOUT = 120_000;
const SMALL = ['--agents', '2000', '--months', '36', '--reps', '3', '--quiet'];
const FILES = ['costs.csv', 'design.json', 'points.csv', 'scenario.json', 'sweep.csv'];
let dir: string;
let scenario: string;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  scenario = await writeScenario(dir, 'sw');
});
afterAll(() => removeDir(dir));

async function readAll(path: string): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(FILES.map(async (f) => [f, await readText(path, f)] as const)));
}

describe('designs', () => {
  it('a grid is the full factorial, the last parameter varying fastest', () => {
    const params = parseParamFlags(['policies.training.seats=0:6000:4', 'elite.education=master,doctorate', 'platform.popularity=0.5,1.5']);
    const points = gridPoints(params);
    expect(points).toHaveLength(4 * 2 * 2);
    expect(points.map((p) => p.point)).toEqual([...Array(16).keys()]);
    expect(new Set(points.map((p) => JSON.stringify(p.values))).size).toBe(16);
    expect(points.slice(0, 4).map((p) => p.values)).toEqual([
      [0, 'master', 0.5],
      [0, 'master', 1.5],
      [0, 'doctorate', 0.5],
      [0, 'doctorate', 1.5],
    ]);
    expect([...new Set(points.map((p) => p.values[0]))]).toEqual([0, 2000, 4000, 6000]);
  });

  it('a range lo:hi:n has n evenly spaced values from lo to hi', () => {
    expect(gridPoints(parseParamFlags(['platform.popularity=0:1:5'])).map((p) => p.values[0])).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(gridPoints(parseParamFlags(['platform.popularity=0:1:3'])).map((p) => p.values[0])).toEqual([0, 0.5, 1]);
    expect(gridPoints(parseParamFlags(['platform.popularity=2:2:1'])).map((p) => p.values[0])).toEqual([2]);
    // Written with 6 significant digits, so the values run are the values written.
    expect(gridPoints(parseParamFlags(['platform.popularity=0:1:4'])).map((p) => p.values[0])).toEqual([0, 0.333333, 0.666667, 1]);
  });

  describe('a Latin hypercube', () => {
    const N = 20;
    let params: SweepParam[];
    beforeAll(() => {
      params = parseParamFlags(['platform.popularity=0.5:2', 'policies.training.seats=0:6000', 'elite.education=college,bachelor,master,doctorate']);
    });

    it('has N points within the bounds, integers for an integer parameter', () => {
      const points = lhsPoints(params, N, 1);
      expect(points).toHaveLength(N);
      for (const { values } of points) {
        const [pop, seats] = values as [number, number, string];
        expect(pop).toBeGreaterThanOrEqual(0.5);
        expect(pop).toBeLessThanOrEqual(2);
        expect(Number.isInteger(seats)).toBe(true);
        expect(seats).toBeGreaterThanOrEqual(0);
        expect(seats).toBeLessThanOrEqual(6000);
      }
    });

    it('puts exactly one point in each of the N strata of every range', () => {
      const points = lhsPoints(params, N, 1);
      for (const [k, lo, hi] of [
        [0, 0.5, 2],
        [1, 0, 6000],
      ] as const) {
        // Stratum of each value (values are rounded, so allow a hair at the edges).
        const strata = points.map((p) => Math.min(N - 1, Math.floor((((p.values[k] as number) - lo) / (hi - lo)) * N + 1e-9)));
        expect([...strata].sort((x, y) => x - y)).toEqual([...Array(N).keys()]);
      }
    });

    it('gives each listed value of a list parameter the same number of points', () => {
      const counts = new Map<string, number>();
      for (const p of lhsPoints(params, N, 1)) counts.set(p.values[2] as string, (counts.get(p.values[2] as string) ?? 0) + 1);
      expect(Object.fromEntries(counts)).toEqual({ college: 5, bachelor: 5, master: 5, doctorate: 5 });
    });

    it('is the same for the same seed and differs for another', () => {
      expect(lhsPoints(params, N, 1)).toEqual(lhsPoints(params, N, 1));
      expect(lhsPoints(params, N, 2)).not.toEqual(lhsPoints(params, N, 1));
    });
  });

  it('rejects bad parameters with one clear message each', () => {
    const message = (texts: string[]) => {
      try {
        parseParamFlags(texts);
      } catch (err) {
        if (err instanceof ScenarioError) return err.message;
        throw err;
      }
      return 'no error';
    };
    expect(message(['policies.trainin.seats=1,2'])).toMatch(/^--param policies\.trainin\.seats=1,2: unknown key "trainin" in policies \(did you mean "training"\?/);
    expect(message(['policies.training.seats=abc'])).toMatch(/^--param policies\.training\.seats=abc: expected whole numbers, got "abc"$/);
    expect(message(['platform.popularity=1,x'])).toMatch(/expected numbers, got "x"/);
    expect(message(['policies.training.seats='])).toMatch(/no values given/);
    expect(message(['platform.popularity=2:1:3'])).toMatch(/empty range: lo 2 is above hi 1/);
    expect(message(['platform.popularity=0:1:0'])).toMatch(/number of points n in lo:hi:n must be a whole number >= 1, got "0"/);
    expect(message(['platform.popularity=0:1e9:3'])).toMatch(/must be at most/);
    expect(message(['elite.education=0:1:3'])).toMatch(/give a list of values, not a range/);
    expect(message(['elite.education=phd'])).toMatch(/expected one of high_school, college, bachelor, master, doctorate, got "phd"/);
    expect(message(['policies.training=1'])).toMatch(/is a group of parameters/);
    expect(message(['seed=1,2'])).toMatch(/seed cannot be swept/);
    expect(message(['platform.popularity'])).toMatch(/expected path=values/);
    expect(message(['platform.popularity=1', 'platform.popularity=2'])).toMatch(/given twice/);
    expect(message(['policies.training.seats=0:2:5'])).toMatch(/give 1 twice/);
    // Every problem is reported, one line each.
    expect(message(['a.b=1', 'platform.popularity=x']).split('\n')).toHaveLength(2);
  });
});

describe('homeward sweep', { timeout: TIMEOUT }, () => {
  const PARAMS = ['--param', 'platform.popularity=0.5:2:3', '--param', 'elite.education=master,doctorate'];
  let out: string;
  let files: Record<string, string>;

  beforeAll(async () => {
    out = join(dir, 'grid');
    const ran = await inProcessOk(['sweep', scenario, ...PARAMS, ...SMALL, '--out', out, '--threads', '2']);
    // The table of points × outcomes (tests/cli-progress.test.ts), then the directory.
    expect(ran.stdout).toMatch(/^ {2}point 5: platform\.popularity=2, elite\.education=doctorate +\S/m);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe(join(out, 'sw-sweep'));
    files = await readAll(join(out, 'sw-sweep'));
  }, TIMEOUT);

  it('leaves only <out>/<name>-sweep/ with its five files, charts/ and report.html', async () => {
    expect(await readdir(out)).toEqual(['sw-sweep']);
    expect((await readdir(join(out, 'sw-sweep'))).sort()).toEqual([...FILES, 'charts', 'report.html'].sort());
  });

  it('writes sweep.csv: one row per point, rep and month, with the values and the seed', () => {
    const { header, rows } = parseCsv(files['sweep.csv']!);
    expect(header).toEqual(['point', 'rep', 'seed', 'platform.popularity', 'elite.education', 'month', ...METRICS.map((m) => m.name)]);
    expect(rows).toHaveLength(6 * 3 * 36);
    const design = JSON.parse(files['design.json']!) as { rep_seeds: number[] };
    rows.forEach((row, i) => {
      const point = Math.floor(i / (3 * 36));
      const rep = Math.floor(i / 36) % 3;
      expect(row.slice(0, 3)).toEqual([String(point), String(rep), String(design.rep_seeds[rep])]);
      expect(row[3]).toBe(['0.5', '1.25', '2'][Math.floor(point / 2)]);
      expect(row[4]).toBe(['master', 'doctorate'][point % 2]);
    });
  });

  it('writes points.csv: one row per point with each outcome’s mean and 95% CI', () => {
    const { header, rows } = parseCsv(files['points.csv']!);
    expect(header).toEqual(['point', 'platform.popularity', 'elite.education', 'reps', ...OUTCOMES.flatMap((o) => [`${o.name}_mean`, `${o.name}_ci95_low`, `${o.name}_ci95_high`])]);
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['0', '0.5', 'master', '3'],
      ['1', '0.5', 'doctorate', '3'],
      ['2', '1.25', 'master', '3'],
      ['3', '1.25', 'doctorate', '3'],
      ['4', '2', 'master', '3'],
      ['5', '2', 'doctorate', '3'],
    ]);
    for (const row of rows) {
      for (let k = 0; k < OUTCOMES.length; k++) {
        const [mean, low, high] = row.slice(4 + 3 * k, 7 + 3 * k).map(Number);
        expect(low).toBeLessThanOrEqual(mean!);
        expect(mean).toBeLessThanOrEqual(high!);
      }
    }
  });

  it('writes costs.csv: each point’s costs per person against point 0, paired by replication, from its runs', () => {
    const { header, rows } = parseCsv(files['costs.csv']!);
    expect(header).toEqual(['point', 'platform.popularity', 'elite.education', 'reference_point', 'cost', 'unit', 'pairs', 'ratio', 'ci95_low', 'ci95_high']);
    expect(rows.map((r) => [r[0], r[3], r[4], r[5], r[6]])).toEqual([1, 2, 3, 4, 5].flatMap((p) => COSTS.map((c) => [String(p), '0', c.name, c.unit, '3'])));
    // The same ratios as the headline outcomes of sweep.csv's rows give (sweep.csv keeps 6 digits, hence the tolerance).
    const sweep = parseCsv(files['sweep.csv']!);
    const outcomesOfPoint = (point: number) =>
      [0, 1, 2].map((rep) => {
        const own = sweep.rows.filter((r) => r[0] === String(point) && r[1] === String(rep));
        const columns = METRICS.map((_, k) => Float64Array.from(own.map((r) => (r[6 + k] === '' ? NaN : Number(r[6 + k])))));
        return outcomesOf(columns, own.length);
      });
    const reference = outcomesOfPoint(0);
    for (const point of [1, 2, 3, 4, 5]) {
      const costs = pairedCosts(reference, outcomesOfPoint(point));
      COSTS.forEach((c, j) => {
        const row = rows.find((r) => r[0] === String(point) && r[4] === c.name)!;
        const [ratio, low, high] = row.slice(7).map((x) => (x === '' ? NaN : Number(x)));
        for (const [got, want] of [[ratio!, costs[j]!.ratio], [low!, costs[j]!.ci95_low], [high!, costs[j]!.ci95_high]] as const) {
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-3 * Math.abs(want));
        }
      });
    }
  });

  it('writes design.json and the resolved base scenario with the sweep it ran', () => {
    const design = JSON.parse(files['design.json']!) as Record<string, unknown>;
    expect(design).toMatchObject({
      design: 'grid',
      samples: null,
      seed: 1,
      reps: 3,
      params: ['platform.popularity', 'elite.education'],
      values: { 'platform.popularity': { spec: '0.5:2:3', type: 'number', values: [0.5, 1.25, 2] } },
    });
    expect(design.points).toHaveLength(6);
    expect((design.points as unknown[])[5]).toEqual({ point: 5, values: { 'platform.popularity': 2, 'elite.education': 'doctorate' } });
    const base = JSON.parse(files['scenario.json']!) as Record<string, unknown>;
    expect(base).toMatchObject({ name: 'sw', reps: 3, end: '2017-12', population: { agents: 2000 } });
    expect(base.sweep).toEqual({ design: 'grid', samples: 10, params: { 'platform.popularity': '0.5:2:3', 'elite.education': 'master,doctorate' } });
  });

  it('gives the same bytes with 1 thread as with 2', async () => {
    const one = join(dir, 'grid-1');
    const ran = await inProcess(['sweep', scenario, ...PARAMS, ...SMALL, '--no-plot', '--out', one, '--threads', '1']);
    expect(ran.code).toBe(0);
    expect(await readAll(join(one, 'sw-sweep'))).toEqual(files);
  });

  it('reruns from its scenario.json (the sweep block) to the same bytes', async () => {
    const again = join(dir, 'grid-again');
    const ran = await inProcess(['sweep', join(out, 'sw-sweep', 'scenario.json'), '--quiet', '--no-plot', '--out', again]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(await readAll(join(again, 'sw-sweep'))).toEqual(files);
  });
});

describe('homeward sweep: the sweep block and --param', { timeout: TIMEOUT }, () => {
  it('runs the block of a scenario file; --param replaces its parameters', async () => {
    const file = await writeScenario(dir, 'blocky', 'sweep:\n  design: lhs\n  samples: 4\n  params:\n    platform.popularity: "0.5:2"\n    elite.education: [master, doctorate]\n');
    const out = join(dir, 'block');
    const ran = await inProcess(['sweep', file, '--agents', '2000', '--months', '12', '--reps', '2', '--quiet', '--no-plot', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    const design = JSON.parse(await readText(out, 'blocky-sweep', 'design.json')) as Record<string, unknown>;
    expect(design).toMatchObject({ design: 'lhs', samples: 4, params: ['platform.popularity', 'elite.education'], values: { 'platform.popularity': { low: 0.5, high: 2 } } });
    const flagged = await inProcess(['sweep', file, '--param', 'policies.training.seats=0,6000', '--design', 'grid', '--agents', '2000', '--months', '12', '--reps', '2', '--quiet', '--no-plot', '--out', join(dir, 'block-flag')]);
    expect(flagged.code, flagged.stderr).toBe(0);
    const points = parseCsv(await readText(dir, 'block-flag', 'blocky-sweep', 'points.csv'));
    expect(points.header.slice(0, 3)).toEqual(['point', 'policies.training.seats', 'reps']);
    expect(points.rows).toHaveLength(2);
  });

  it('bad --param: exit 2, one clear message, nothing written', async () => {
    const out = join(dir, 'bad');
    for (const [i, [param, message]] of ([
      ['policies.trainin.seats=1,2', /--param policies\.trainin\.seats=1,2: unknown key "trainin"/],
      ['policies.training.seats=abc', /--param policies\.training\.seats=abc: expected whole numbers, got "abc"/],
      ['platform.popularity=', /--param platform\.popularity=: no values given/],
      ['platform.popularity=3:1:2', /empty range: lo 3 is above hi 1/],
      ['platform.popularity=0:1:0', /must be a whole number >= 1/],
    ] as const).entries()) {
      const ran = await firstThroughCli(i)(['sweep', scenario, '--param', param, ...SMALL, '--out', out]);
      expect(ran.code, param).toBe(2);
      expect(ran.stderr).toMatch(message);
      expect(ran.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(ran.stderr).not.toMatch(/^\s+at /m);
    }
    const none = await inProcess(['sweep', scenario, ...SMALL, '--out', out]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to sweep/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad block parameter names the file and key', async () => {
    const file = await writeScenario(dir, 'badblock', 'sweep:\n  params:\n    policies.foo: 1,2\n');
    const ran = await inProcess(['sweep', file, ...SMALL, '--out', join(dir, 'badblock-out')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/badblock\.yaml:\d+: sweep\.params\.policies\.foo: unknown key "foo" in policies/);
  });
});

describe('homeward sweep: resuming', { timeout: TIMEOUT }, () => {
  // 10 points × 2 reps on one thread: long enough to be stopped after a few points.
  const ARGS = ['--param', 'platform.popularity=0.5:2', '--param', 'policies.training.seats=0:6000', '--design', 'lhs', '--samples', '10', '--agents', '2000', '--months', '36', '--reps', '2', '--quiet', '--no-plot', '--threads', '1'];
  let reference: Record<string, string>;
  let killed: Awaited<ReturnType<typeof interrupt>>;

  beforeAll(async () => {
    const out = join(dir, 'uninterrupted');
    const ran = await inProcess(['sweep', scenario, ...ARGS, '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    reference = await readAll(join(out, 'sw-sweep'));
    // Killed part way, once: each test below that resumes after a kill starts from a copy of what it left (afterKill).
    killed = await interrupt(join(dir, 'killed-left'), 'SIGKILL');
  }, TIMEOUT);

  /** What kill -9 part way left, copied into `out`. */
  const afterKill = (out: string) => cp(join(dir, 'killed-left'), out, { recursive: true });

  /** Starts the sweep and stops it with `signal` once at least `points` points are finished. */
  async function interrupt(out: string, signal: NodeJS.Signals, points = 2) {
    const partial = join(out, '.sw-sweep.partial');
    const { child, done } = start(['sweep', scenario, ...ARGS, '--out', out]);
    for (;;) {
      const names = existsSync(partial) ? await readdir(partial) : [];
      if (names.filter((n) => n.endsWith('.row')).length >= points) break;
      if (child.exitCode !== null) throw new Error('the sweep finished before it could be interrupted');
      await sleep(10);
    }
    child.kill(signal);
    const ran = await done;
    const left = await readdir(partial);
    const finished = left.filter((n) => n.endsWith('.row')).length;
    expect(finished).toBeGreaterThanOrEqual(points);
    expect(finished, 'interrupted before the end').toBeLessThan(10);
    expect(existsSync(join(out, 'sw-sweep'))).toBe(false);
    return { ran, left };
  }

  it('killed (SIGKILL) part way and restarted, it finishes to the same bytes', async () => {
    const out = join(dir, 'killed');
    expect(killed.ran.signal).toBe('SIGKILL');
    await afterKill(out);
    const again = await inProcess(['sweep', scenario, ...ARGS, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'sw-sweep'))).toEqual(reference);
    expect(await readdir(out)).toEqual(['sw-sweep']); // the work directory is gone
  });

  it('stopped by SIGTERM, it exits 143, keeps only finished points, and resumes to the same bytes', async () => {
    const out = join(dir, 'terminated');
    const { ran, left } = await interrupt(out, 'SIGTERM');
    expect(ran.code).toBe(143);
    expect(ran.stderr).toMatch(/sweep interrupted: \d+ of 10 points finished, kept in .*\.sw-sweep\.partial; run the same command again to resume/);
    expect(left.filter((n) => n.startsWith('.'))).toEqual([]); // no temporary files
    for (const n of left.filter((x) => x.endsWith('.row'))) for (const ext of ['.csv', '.outcomes']) expect(left).toContain(n.replace(/\.row$/, ext));
    const again = await inProcess(['sweep', scenario, ...ARGS, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'sw-sweep'))).toEqual(reference);
  });

  it('refuses to resume with other arguments, unless --fresh', async () => {
    const out = join(dir, 'changed');
    await afterKill(out);
    const other = ARGS.map((a) => (a === '2' ? '3' : a)); // --reps 3
    const refused = await inProcess(['sweep', scenario, ...other, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds an interrupted sweep with other arguments \(it differs in: reps\).*--fresh/);
    const fresh = await inProcess(['sweep', scenario, ...ARGS, '--out', out, '--fresh']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(await readAll(join(out, 'sw-sweep'))).toEqual(reference);
  });

  it('does not take a half-written point for finished', async () => {
    // A point's rows without its .row marker (killed between the two renames) are run again.
    const out = join(dir, 'half');
    await afterKill(out);
    const partial = join(out, '.sw-sweep.partial');
    const names = await readdir(partial);
    const row = names.find((n) => n.endsWith('.row'))!;
    await writeFile(join(partial, row.replace(/\.row$/, '.csv')), 'garbage\n');
    await removeDir(join(partial, row));
    await writeFile(join(partial, '.point-000009.csv.tmp-99999'), 'partial rows');
    const again = await inProcess(['sweep', scenario, ...ARGS, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'sw-sweep'))).toEqual(reference);
  });
});
