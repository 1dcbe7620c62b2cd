// End-to-end tests of `homeward run` / `validate` through the built CLI.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../src/model/metrics.js';
import { formatMonth, parseMonth } from '../src/scenario/month.js';
import { SMALL, homeward, homewardOk, parseCsv, readText, removeDir, requireBuild, start, tempDir, writeScenario } from './support/cli.js';
import { inProcess } from './support/in-process.js';

const TIMEOUT = 60_000;
let dir: string;
let scenario: string;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  scenario = await writeScenario(dir, 'tiny');
});
afterAll(() => removeDir(dir));

describe('homeward run', { timeout: TIMEOUT }, () => {
  let out: string;
  let stdout: string;

  beforeAll(async () => {
    out = join(dir, 'out');
    const ran = await homewardOk(['run', scenario, ...SMALL, '--out', out]);
    stdout = ran.stdout;
  }, TIMEOUT);

  it('prints the table of outcomes, then the output directory, and leaves only it behind', async () => {
    expect(stdout).toMatch(/^cumulative_returns \(persons, simulated agents\) .*\]$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(join(out, 'tiny'));
    expect(await readdir(out)).toEqual(['tiny']);
    // The data files, and the charts and report `run` draws from them (tests/plot.test.ts checks those).
    expect((await readdir(join(out, 'tiny'))).sort()).toEqual(['charts', 'creators.csv', 'report.html', 'run.json', 'scenario.json', 'summary.csv', 'timeseries.csv']);
  });

  it('writes timeseries.csv: rep, month, the metrics; reps × months rows of consecutive months', async () => {
    const { header, rows } = parseCsv(await readText(out, 'tiny', 'timeseries.csv'));
    expect(header).toEqual(['rep', 'month', ...METRICS.map((m) => m.name)]);
    expect(rows).toHaveLength(3 * 24);
    const first = parseMonth('2015-01');
    rows.forEach((row, i) => {
      expect(row).toHaveLength(header.length);
      expect(row[0]).toBe(String(Math.floor(i / 24))); // rep-major
      expect(row[1]).toBe(formatMonth(first + (i % 24)));
      for (const field of row.slice(2)) expect(field === '' || Number.isFinite(Number(field))).toBe(true);
    });
  });

  it('writes summary.csv in long format with ci95_low <= mean <= ci95_high', async () => {
    const { header, rows } = parseCsv(await readText(out, 'tiny', 'summary.csv'));
    expect(header).toEqual(['month', 'metric', 'mean', 'sd', 'ci95_low', 'ci95_high']);
    expect(rows).toHaveLength(24 * METRICS.length);
    expect(rows.slice(0, METRICS.length).map((r) => r[1])).toEqual(METRICS.map((m) => m.name));
    for (const [month, , mean, sd, low, high] of rows) {
      expect(month).toMatch(/^\d{4}-\d{2}$/);
      if (mean === '') continue; // metric undefined in every rep that month
      expect(Number(sd)).toBeGreaterThanOrEqual(0);
      expect(Number(low)).toBeLessThanOrEqual(Number(mean));
      expect(Number(mean)).toBeLessThanOrEqual(Number(high));
    }
  });

  it('writes the resolved scenario and run facts', async () => {
    const s = JSON.parse(await readText(out, 'tiny', 'scenario.json')) as Record<string, unknown>;
    expect(s).toMatchObject({ name: 'tiny', seed: 1, reps: 3, start: '2015-01', end: '2016-12', population: { agents: 2000 } });
    const run = JSON.parse(await readText(out, 'tiny', 'run.json')) as Record<string, unknown>;
    expect(run).toMatchObject({ scenario: 'tiny', seed: 1, reps: 3, agents: 2000, months: 24, node: process.version });
    expect(run.rep_seeds).toHaveLength(3);
    expect(run.persons_per_agent).toBe(500_000 / 2000);
    for (const key of ['homeward', 'threads', 'wall_seconds', 'agent_steps_per_second', 'started', 'finished']) expect(run).toHaveProperty(key);
  });
});

// Exit codes and messages through the CLI for an unknown option and --help (yargs prints help through console.log,
// which an in-process command cannot collect); the other cases in-process, through the same program
// (support/in-process.ts), where code and message are made.
describe('bad input', { timeout: TIMEOUT }, () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/^\s+at /m);

  it('rejects an unknown option with exit 2', async () => {
    const ran = await homeward(['run', scenario, '--frobnicate', '--out', join(dir, 'bad')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/frobnicate/);
    noStack(ran.stderr);
  });

  it('rejects a missing scenario argument with exit 2', async () => {
    expect((await inProcess(['run'])).code).toBe(2);
  });

  it('names a missing scenario file, exit 2', async () => {
    const ran = await inProcess(['run', join(dir, 'nope.yaml'), '--out', join(dir, 'bad')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^error: .*nope\.yaml/);
    noStack(ran.stderr);
  });

  it('rejects --reps 0 naming reps, exit 2', async () => {
    const ran = await inProcess(['run', scenario, '--reps', '0', '--out', join(dir, 'bad')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/reps/);
    noStack(ran.stderr);
  });

  it('rejects --threads 0, exit 2', async () => {
    const ran = await inProcess(['run', scenario, '--threads', '0', '--out', join(dir, 'bad')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/threads/);
  });

  it('rejects a bad --set value, exit 2, writing nothing', async () => {
    const ran = await inProcess(['run', scenario, '--set', 'population.agents=many', '--out', join(dir, 'bad')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/population\.agents/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it('validate reports a valid file (exit 0) and a bad override (exit 2)', async () => {
    expect((await inProcess(['validate', scenario])).code).toBe(0);
    expect((await inProcess(['validate', scenario, '--set', 'reps=0'])).code).toBe(2);
  });

  it('shows examples in --help', async () => {
    for (const args of [['--help'], ['run', '--help'], ['validate', '--help']]) {
      const ran = await homeward(args);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toMatch(/Examples:/);
    }
  });
});

describe('interrupted run', { timeout: TIMEOUT }, () => {
  /** Bytes the files in `temp` hold so far (0 while it does not exist). */
  async function written(temp: string): Promise<number> {
    const names = await readdir(temp).catch(() => []);
    const sizes = await Promise.all(names.map((n) => stat(join(temp, n)).then((s) => s.size, () => 0)));
    return sizes.reduce((a, b) => a + b, 0);
  }

  /**
   * Starts a long run and signals it while its workers are busy: once the first replications' rows are in its
   * temporary directory (a header is under 4 kB, one replication's 192 months far more), long before its 1,000 end.
   */
  async function interrupt(out: string, signal: NodeJS.Signals) {
    const run = start(['run', scenario, '--agents', '2000', '--reps', '1000', '--threads', '2', '--quiet', '--out', out]);
    try {
      const temp = join(out, `.tiny.tmp-${run.child.pid}`);
      // Up to a minute: on a busy machine Node.js alone can take seconds to start.
      for (let i = 0; i < 1200 && run.child.exitCode === null && (await written(temp)) < 16_384; i++) await sleep(50);
      expect(await written(temp)).toBeGreaterThanOrEqual(16_384);
      run.child.kill(signal);
      return await run.done;
    } finally {
      run.child.kill('SIGKILL'); // no-op once it has exited
    }
  }

  it('SIGTERM: exit 143, no output directory and no temporary directory', async () => {
    const out = join(dir, 'term');
    const ran = await interrupt(out, 'SIGTERM');
    expect(ran.code).toBe(143);
    expect(await readdir(out)).toEqual([]);
  });

  it('SIGINT: exit 130, an earlier complete run stays as it was', async () => {
    const out = join(dir, 'int');
    expect((await inProcess(['run', scenario, ...SMALL, '--no-plot', '--out', out])).code).toBe(0);
    const before = await readText(out, 'tiny', 'timeseries.csv');
    const mtime = (await stat(join(out, 'tiny', 'run.json'))).mtimeMs;
    const ran = await interrupt(out, 'SIGINT');
    expect(ran.code).toBe(130);
    expect(await readdir(out)).toEqual(['tiny']);
    expect(await readText(out, 'tiny', 'timeseries.csv')).toBe(before);
    expect((await stat(join(out, 'tiny', 'run.json'))).mtimeMs).toBe(mtime);
  });
});
