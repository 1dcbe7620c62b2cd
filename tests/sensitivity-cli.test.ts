// `homeward sensitivity` through the built program: outputs, the ranking printed, determinism over threads, resuming
// after kill -9 and SIGTERM, and bad input. Signals, kills, exit codes and messages go through the CLI itself; the
// analyses whose outputs are read run in-process (support/in-process.ts).
import { existsSync } from 'node:fs';
import { appendFile, cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { parseCsv, readText, removeDir, requireBuild, stopAt, tempDir, writeScenario, writeText, type Ran } from './support/cli.js';
import { firstThroughCli, inProcess, inProcessOk } from './support/in-process.js';

const TIMEOUT = 180_000;
const SIZE = ['--agents', '2000', '--months', '24', '--quiet'];
const PARAMS = ['--param', 'platform.popularity=0.5:1.5', '--param', 'decision.intercept=-8:-7', '--param', 'policies.training.seats=0:6000'];
const FILES = ['design.json', 'runs.csv', 'scenario.json', 'sensitivity.csv'];
const TARGETS = `targets:
  - id: R1
    fact: Returns in the second year over the first
    source: test
    expr: {ratio: [{sum: returns, over: 2016}, {sum: returns, over: 2015}]}
    value: 1
    tolerance: 0.5
`;

let dir: string;
let scenario: string;
let targets: string;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  scenario = await writeScenario(dir, 'sa');
  targets = await writeText(dir, 'targets.yaml', TARGETS);
});
afterAll(() => removeDir(dir));

async function readAll(path: string, files = FILES): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readText(path, f)] as const)));
}

describe('homeward sensitivity --method morris', { timeout: TIMEOUT }, () => {
  const ARGS = () => ['sensitivity', scenario, ...PARAMS, '--trajectories', '4', '--targets', targets, ...SIZE];
  let out: string;
  let ran: Ran;
  let files: Record<string, string>;

  beforeAll(async () => {
    out = join(dir, 'morris');
    ran = await inProcessOk([...ARGS(), '--out', out, '--threads', '2']);
    files = await readAll(join(out, 'sa-morris'));
  }, TIMEOUT);

  it('writes <out>/<scenario>-morris/ with its files, charts and report, and nothing else', async () => {
    expect(await readdir(out)).toEqual(['sa-morris']);
    expect((await readdir(join(out, 'sa-morris'))).sort()).toEqual([...FILES, 'charts', 'report.html', 'sensitivity.json'].sort());
    const charts = await readdir(join(out, 'sa-morris', 'charts'));
    expect(charts).toContain('sensitivity-cumulative-returns.png');
    expect(charts).toContain('sensitivity-r1.vl.json');
    expect(await readText(out, 'sa-morris', 'report.html')).toMatch(/Morris screening[\s\S]*Most influential parameters[\s\S]*decision\.intercept/);
  });

  it('prints a ranking per headline outcome, then the directory', () => {
    for (const o of OUTCOMES) expect(ran.stdout).toContain(`${o.name} (${o.unit}): 3 of 3 parameters, by mu*`);
    expect(ran.stdout).not.toMatch(/^R1 /m); // targets are in the files, not the printed rankings
    // Returns are driven by the return decision's intercept; training seats do not change them in two years.
    const returns = ran.stdout.slice(ran.stdout.indexOf('cumulative_returns'));
    expect(returns.split('\n')[2]).toMatch(/^\s+1\s+decision\.intercept\s/);
    expect(ran.stdout.endsWith(`${join(out, 'sa-morris')}\n`)).toBe(true);
  });

  it('writes runs.csv: one row per point and replication, the same seeds at every point', () => {
    const { header, rows } = parseCsv(files['runs.csv']!);
    expect(header).toEqual(['point', 'rep', 'seed', 'platform.popularity', 'decision.intercept', 'policies.training.seats', ...OUTCOMES.map((o) => o.name), 'R1']);
    expect(rows).toHaveLength(4 * 4 * 2); // 4 trajectories of 3 + 1 points, 2 replications
    const design = JSON.parse(files['design.json']!) as { rep_seeds: number[]; points: number[][] };
    rows.forEach((row, i) => {
      expect(row.slice(0, 3)).toEqual([String(Math.floor(i / 2)), String(i % 2), String(design.rep_seeds[i % 2])]);
      expect(row.slice(3, 6).map(Number)).toEqual(design.points[Math.floor(i / 2)]);
      expect(Number.isInteger(Number(row[5]))).toBe(true); // seats are whole numbers
    });
  });

  it('writes sensitivity.csv: mu*, mu and sigma with intervals for every outcome and parameter', () => {
    const { header, rows } = parseCsv(files['sensitivity.csv']!);
    expect(header).toEqual(['outcome', 'parameter', 'index', 'value', 'ci95_low', 'ci95_high', 'n']);
    expect(rows).toHaveLength((OUTCOMES.length + 1) * 3 * 3);
    expect(rows.slice(0, 3).map((r) => r.slice(0, 3))).toEqual([
      ['cumulative_returns', 'platform.popularity', 'mu_star'],
      ['cumulative_returns', 'platform.popularity', 'mu'],
      ['cumulative_returns', 'platform.popularity', 'sigma'],
    ]);
    for (const r of rows.filter((row) => row[2] === 'mu_star' && row[3] !== '')) {
      const [value, low, high] = r.slice(3, 6).map(Number);
      expect(low! <= value! && value! <= high!, r.join(',')).toBe(true);
      expect(r[6]).toBe('4');
    }
  });

  it('writes design.json with the factors, the seeds and the points as they ran, and sensitivity.json', async () => {
    const design = JSON.parse(files['design.json']!) as Record<string, unknown>;
    expect(design).toMatchObject({ method: 'morris', seed: 1, reps: 2, trajectories: 4, levels: 4, design_points: 16 });
    expect((design.factors as { path: string; role: string }[]).map((f) => [f.path, f.role])).toEqual([
      ['platform.popularity', 'uncertainty'],
      ['decision.intercept', 'calibrated'],
      ['policies.training.seats', 'lever'],
    ]);
    expect((design.moved as number[][]).map((m) => [...m].sort())).toEqual(Array(4).fill([0, 1, 2]));
    const info = JSON.parse(await readText(out, 'sa-morris', 'sensitivity.json')) as Record<string, unknown>;
    expect(info).toMatchObject({ method: 'morris', parameters: '--param', factors: 3, points: 16, reps: 2, runs: 32, agents: 2000, threads: 2, points_run_now: 16, points_resumed: 0 });
    expect(info.outcomes).toEqual([...OUTCOMES.map((o) => o.name), 'R1']);
  });

  it('gives the same bytes on one thread as on two', async () => {
    const one = join(dir, 'morris-1');
    const again = await inProcess([...ARGS(), '--out', one, '--threads', '1', '--no-plot']);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(one, 'sa-morris'))).toEqual(files);
    expect(again.stdout).toBe(ran.stdout.replace(join(out, 'sa-morris'), join(one, 'sa-morris')));
  });

  it('homeward report and plot read the directory', async () => {
    const report = await inProcess(['report', join(out, 'sa-morris'), '--out', join(dir, 'morris-report.html')]);
    expect(report.code, report.stderr).toBe(0);
    const plot = await inProcess(['plot', join(out, 'sa-morris'), '--out', join(dir, 'morris-charts')]);
    expect(plot.code, plot.stderr).toBe(0);
    // An outcome without a value anywhere (no creator yet in a short run) is left out with a note.
    const drawn = (await readdir(join(dir, 'morris-charts'))).filter((f) => f.endsWith('.svg')).length;
    const notes = plot.stderr.split('\n').filter((l) => l.startsWith('note: no chart of the sensitivity of ')).length;
    expect(drawn + notes).toBe(OUTCOMES.length + 1);
    expect(drawn).toBeGreaterThan(notes);
  });
});

describe('homeward sensitivity --method sobol', { timeout: TIMEOUT }, () => {
  it('runs N (k + 2) points and writes S1, ST, their plain estimates and the noise share with intervals', async () => {
    const out = join(dir, 'sobol');
    const ran = await inProcess(['sensitivity', scenario, '--method', 'sobol', '--samples', '8', '--param', 'platform.popularity=0.5:1.5', '--param', 'decision.intercept=-8:-7', ...SIZE, '--reps', '2', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('cumulative_returns (persons): 2 of 2 parameters, by ST');
    expect(ran.stdout).toMatch(/\nnoise share [-\d.e]+ \[[-\d.e]+, [-\d.e]+\]: replication noise is -?\d+% of the variance of the point means; S1 and ST have it taken out/);
    const runs = parseCsv(await readText(out, 'sa-sobol', 'runs.csv'));
    expect(runs.rows).toHaveLength(8 * 4 * 2);
    const indices = parseCsv(await readText(out, 'sa-sobol', 'sensitivity.csv'));
    // Per outcome: four indices of each of the 2 parameters, and the noise share of the outcome as a whole.
    expect(indices.rows).toHaveLength(OUTCOMES.length * (2 * 4 + 1));
    expect([...new Set(indices.rows.map((r) => r[2]))]).toEqual(['S1', 'ST', 'S1_with_noise', 'ST_with_noise', 'noise_share']);
    expect(indices.rows.filter((r) => r[2] === 'noise_share').map((r) => r[1])).toEqual(OUTCOMES.map(() => '*'));
    expect(JSON.parse(await readText(out, 'sa-sobol', 'design.json'))).toMatchObject({ method: 'sobol', samples: 8, design_points: 32 });
    expect(existsSync(join(out, 'sa-sobol', 'charts', 'sensitivity-cumulative-returns.svg'))).toBe(true);
  });
});

describe('homeward sensitivity: resuming', { timeout: TIMEOUT }, () => {
  let ARGS: string[];
  let reference: Record<string, string>;
  let killed: Ran;

  beforeAll(async () => {
    ARGS = ['sensitivity', scenario, ...PARAMS, '--trajectories', '5', ...SIZE, '--threads', '1', '--no-plot'];
    const out = join(dir, 'resume-reference');
    const ran = await inProcess([...ARGS, '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    reference = await readAll(join(out, 'sa-morris'));
    // Killed once its first point is in the journal: held at a known point, what it leaves is the same every time,
    // so each test below that resumes after a kill starts from a copy of it (afterKill).
    killed = await stopAfterFirstPoint(join(dir, 'killed-left'), 'SIGKILL');
  }, TIMEOUT);

  /** Starts the analysis held once its first point is in the journal, then sends `signal`. */
  const stopAfterFirstPoint = (out: string, signal: NodeJS.Signals): Promise<Ran> => stopAt([...ARGS, '--out', out], 'simulating', signal);

  /** What kill -9 after the first point left, copied into `out`. */
  const afterKill = (out: string) => cp(join(dir, 'killed-left'), out, { recursive: true });

  const journal = (out: string) => join(out, '.sa-morris.partial', 'journal.jsonl');

  it('killed (SIGKILL) and started again, it finishes to the same bytes and leaves only its directory', async () => {
    const out = join(dir, 'killed');
    expect(killed.signal).toBe('SIGKILL');
    await afterKill(out);
    expect(existsSync(join(out, 'sa-morris'))).toBe(false);
    expect((await readFile(journal(out), 'utf8')).split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const again = await inProcess([...ARGS, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'sa-morris'))).toEqual(reference);
    expect(await readdir(out)).toEqual(['sa-morris']);
    const info = JSON.parse(await readText(out, 'sa-morris', 'sensitivity.json')) as { points_resumed: number; points_run_now: number };
    expect(info.points_resumed).toBeGreaterThanOrEqual(1);
    expect(info.points_resumed + info.points_run_now).toBe(20);
  });

  it('a line cut short by the kill is dropped and its point run again', async () => {
    const out = join(dir, 'torn');
    await afterKill(out);
    await appendFile(journal(out), '{"point":1,"outcomes":[[1,2');
    const again = await inProcess([...ARGS, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'sa-morris'))).toEqual(reference);
  });

  it('stopped by SIGTERM: exit 143, says how far it got, and resumes to the same bytes', async () => {
    const out = join(dir, 'terminated');
    const stopped = await stopAfterFirstPoint(out, 'SIGTERM');
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/sensitivity analysis interrupted: \d+ of 20 points finished, kept in .*\.sa-morris\.partial; run the same command again to resume/);
    expect((await readdir(join(out, '.sa-morris.partial'))).sort()).toEqual(['journal.jsonl', 'manifest.json']);
    const again = await inProcess([...ARGS, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'sa-morris'))).toEqual(reference);
  });

  it('refuses to resume with other arguments, unless --fresh', async () => {
    const out = join(dir, 'changed');
    await afterKill(out);
    const refused = await inProcess([...ARGS, '--out', out, '--reps', '3']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds an interrupted sensitivity analysis with other arguments \(it differs in: reps\).*--fresh/);
    const fresh = await inProcess([...ARGS, '--out', out, '--fresh']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(await readAll(join(out, 'sa-morris'))).toEqual(reference);
  });
});

describe('homeward sensitivity: bad input', { timeout: TIMEOUT }, () => {
  const cases: readonly (readonly [string[], RegExp])[] = [
    [['--param', 'policies.trainin.seats=1:2'], /^error: --param policies\.trainin\.seats=1:2: unknown key "trainin" in policies \(did you mean "training"\?/],
    [['--param', 'platform.popularity=0:1e9'], /^error: --param platform\.popularity=0:1e9: must be at most \d+, got 1000000000 \(the range of platform\.popularity\)$/m],
    [['--param', 'platform.popularity=2:1'], /^error: --param platform\.popularity=2:1: lo must be below hi, got 2:1$/m],
    [['--param', 'platform.popularity=1:1'], /lo must be below hi, got 1:1$/m],
    [['--param', 'elite.education=0:1'], /^error: --param elite\.education=0:1: elite\.education is not a number \(one of high_school, .*\): only numeric parameters can be varied$/m],
    [['--param', 'platform.popularity=abc'], /--param platform\.popularity=abc: expected the range lo:hi, got "abc"/],
    [['--param', 'policies.training.seats=0.5:10'], /expected whole numbers, got 0.5/],
    [['--param', 'seed=1:2'], /seed cannot be varied/],
    [['--param', 'platform.popularity=0.5:1', '--param', 'platform.popularity=1:2'], /given twice/],
    [['--method', 'sobol'], /the design has [\d,]+ points \(256 samples × \(\d+ parameters \+ 2\)\); a sensitivity analysis runs at most 10,000: choose fewer parameters with --param/],
    [['--method', 'sobol', '--samples', '100', '--param', 'platform.popularity=0.5:1'], /--samples must be a power of 2/],
    [['--samples', '64', '--param', 'platform.popularity=0.5:1'], /--samples applies to --method sobol/],
    [['--levels', '3', '--param', 'platform.popularity=0.5:1'], /--levels must be even/],
    [['--trajectories', '1', '--param', 'platform.popularity=0.5:1'], /--trajectories must be a whole number >= 2/],
    [['--targets', 'no-such-targets.yaml', '--param', 'platform.popularity=0.5:1'], /no-such-targets\.yaml: cannot read the targets file/],
    [['--partition', 'short', '--param', 'platform.popularity=0.5:1'], /--partition: for --executor slurm only/],
  ];
  for (const [i, [extra, message]] of cases.entries()) {
    it(`${extra.join(' ')}: exit 2, one located message, nothing written`, async () => {
      const out = join(dir, 'bad');
      const ran = await firstThroughCli(i)(['sensitivity', scenario, ...extra, ...SIZE, '--out', out]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toMatch(message);
      expect(ran.stderr).not.toMatch(/^\s+at /m);
      expect(ran.stderr.replace(/\nRun 'homeward --help' for usage\.\n$/, '\n').trimEnd().split('\n'), ran.stderr).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a range that makes a point invalid is named with the point', async () => {
    const file = await writeScenario(dir, 'schooled', 'population:\n  education: {college: 0, bachelor: 0, master: 0, doctorate: 0}\n');
    const ran = await inProcess(['sensitivity', file, '--param', 'population.education.high_school=0:1', ...SIZE, '--out', join(dir, 'bad-shares')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^error: sensitivity point \d+ \(population\.education\.high_school=0\): population\.education: the shares are all 0/);
    expect(existsSync(join(dir, 'bad-shares'))).toBe(false);
  });
});
