// --format parquet: the same tables as the CSVs, typed, read by DuckDB as any user would read them; plot and report
// read a Parquet output directory as they read a CSV one. The commands run in-process (support/in-process.ts) but for
// the kill before a resume.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { removeDir, requireBuild, ROOT, stopAt, tempDir, type Ran } from './support/cli.js';
import { inProcess } from './support/in-process.js';
import { DuckDB, expectChartedAsCsv } from './support/parquet.js';

const SCENARIO = join(ROOT, 'scenarios', 'test-small.yaml');
const SMALL = ['--agents', '400', '--months', '24', '--reps', '3', '--quiet'];
// Each test spawns the CLI (plot and report twice over): more than vitest's default 5 s on a busy machine.
const TIMEOUT = 120_000;
const SWEEP = ['sweep', SCENARIO, '--param', 'platform.popularity=0.5:2:4', '--param', 'policies.training.seats=0,100', ...SMALL];

let dir: string;
let db: DuckDB;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  db = await DuckDB.open();
  for (const format of ['csv', 'parquet']) {
    const ran = await inProcess([...SWEEP, '--out', join(dir, format), '--format', format]);
    expect(ran.code, ran.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  db.close();
  await removeDir(dir);
});

describe('homeward sweep --format parquet', { timeout: TIMEOUT }, () => {
  const csv = (name: string) => join(dir, 'csv', 'test-small-sweep', `${name}.csv`);
  const parquet = (name: string) => join(dir, 'parquet', 'test-small-sweep', `${name}.parquet`);

  it('writes sweep.parquet, points.parquet and costs.parquet in place of the CSVs, nothing left over', async () => {
    const files = await readdir(join(dir, 'parquet', 'test-small-sweep'));
    expect(files.sort()).toEqual(['charts', 'costs.parquet', 'design.json', 'points.parquet', 'report.html', 'scenario.json', 'sweep.parquet']);
    expect((await readdir(join(dir, 'parquet'))).sort()).toEqual(['test-small-sweep']); // the work directory is gone
  });

  it('has typed columns: whole numbers as integers, the month as a DATE, metrics and real parameters as doubles', async () => {
    const sweep = await db.types(parquet('sweep'));
    expect(sweep).toMatchObject({ point: 'INTEGER', rep: 'INTEGER', seed: 'BIGINT', 'platform.popularity': 'DOUBLE', 'policies.training.seats': 'BIGINT', month: 'DATE', returns: 'DOUBLE' });
    expect(await db.types(parquet('points'))).toMatchObject({ point: 'INTEGER', reps: 'INTEGER', cumulative_returns_mean: 'DOUBLE' });
    expect(await db.types(parquet('costs'))).toMatchObject({ point: 'INTEGER', reference_point: 'INTEGER', cost: 'VARCHAR', unit: 'VARCHAR', pairs: 'INTEGER', ratio: 'DOUBLE' });
  });

  it('holds the same rows and values as the CSV, in the same order', async () => {
    for (const name of ['sweep', 'points', 'costs']) await db.expectSameTable(csv(name), parquet(name));
  });

  it('plot and report read it: the same charts and report as from the CSVs', async () => {
    await expectChartedAsCsv(join(dir, 'parquet', 'test-small-sweep'), join(dir, 'csv', 'test-small-sweep'), join(dir, 'sweep-read'));
  });

  it('is the same bytes when written again', async () => {
    const again = await inProcess([...SWEEP, '--out', join(dir, 'again'), '--format', 'parquet', '--no-plot', '--threads', '1']);
    expect(again.code, again.stderr).toBe(0);
    for (const name of ['sweep', 'points', 'costs']) {
      expect((await readFile(join(dir, 'again', 'test-small-sweep', `${name}.parquet`))).equals(await readFile(parquet(name)))).toBe(true);
    }
  });
});

describe('homeward run --format parquet', { timeout: TIMEOUT }, () => {
  it('writes typed timeseries, creators and summary tables that plot and report read', async () => {
    const out = join(dir, 'run');
    const ran = await inProcess(['run', SCENARIO, '--agents', '2000', '--months', '84', '--reps', '2', '--quiet', '--format', 'parquet', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    const run = join(out, 'test-small');
    expect((await readdir(run)).filter((f) => /\.(csv|parquet)$/.test(f)).sort()).toEqual(['creators.parquet', 'summary.parquet', 'timeseries.parquet']);
    expect(await db.types(join(run, 'timeseries.parquet'))).toMatchObject({ rep: 'INTEGER', month: 'DATE', returns: 'DOUBLE' });
    expect(await db.types(join(run, 'creators.parquet'))).toMatchObject({ rep: 'INTEGER', month: 'DATE', channel: 'INTEGER', returnee: 'BOOLEAN', income: 'DOUBLE' });
    expect(await db.types(join(run, 'summary.parquet'))).toMatchObject({ month: 'DATE', metric: 'VARCHAR', mean: 'DOUBLE' });
    expect(await db.rows(`SELECT min(month)::VARCHAR, count(*) FROM '${join(run, 'timeseries.parquet')}'`)).toEqual([['2015-01-01', 168n]]);
    const charts = (await readdir(join(run, 'charts'))).filter((f) => f.endsWith('.vl.json'));
    expect(charts).toContain('metric-returns.vl.json');
    expect(charts.some((f) => f.startsWith('income-lorenz-'))).toBe(true); // read from creators.parquet
  }, 60_000);
});

describe('homeward sensitivity --format parquet', { timeout: TIMEOUT }, () => {
  const ARGS = ['sensitivity', SCENARIO, '--param', 'platform.popularity=0.5:1.5', '--param', 'policies.training.seats=0:6000', '--trajectories', '3', ...SMALL];
  const table = (format: string, name: string) => join(dir, `sa-${format}`, 'test-small-morris', `${name}.${format}`);
  let printed: Ran;

  beforeAll(async () => {
    await inProcess([...ARGS, '--out', join(dir, 'sa-csv')]).then((ran) => expect(ran.code, ran.stderr).toBe(0));
    printed = await inProcess([...ARGS, '--out', join(dir, 'sa-parquet'), '--format', 'parquet']);
    expect(printed.code, printed.stderr).toBe(0);
  }, 120_000);

  it('writes runs.parquet and sensitivity.parquet in place of the CSVs, and says so', async () => {
    const files = await readdir(join(dir, 'sa-parquet', 'test-small-morris'));
    expect(files.sort()).toEqual(['charts', 'design.json', 'report.html', 'runs.parquet', 'scenario.json', 'sensitivity.json', 'sensitivity.parquet']);
    expect(await readdir(join(dir, 'sa-parquet'))).toEqual(['test-small-morris']); // the work directory is gone
    expect(printed.stdout).toContain(`all ${OUTCOMES.length} outcomes and 2 parameters: sensitivity.parquet\n`);
  });

  it('has typed columns and the rows and values of the CSVs', async () => {
    expect(await db.types(table('parquet', 'runs'))).toMatchObject({ point: 'INTEGER', rep: 'INTEGER', seed: 'BIGINT', 'platform.popularity': 'DOUBLE', 'policies.training.seats': 'BIGINT', cumulative_returns: 'DOUBLE' });
    expect(await db.types(table('parquet', 'sensitivity'))).toEqual({ outcome: 'VARCHAR', parameter: 'VARCHAR', index: 'VARCHAR', value: 'DOUBLE', ci95_low: 'DOUBLE', ci95_high: 'DOUBLE', n: 'INTEGER' });
    for (const name of ['runs', 'sensitivity']) await db.expectSameTable(table('csv', name), table('parquet', name));
    expect(await db.rows(`SELECT count(*) FROM '${table('parquet', 'runs')}'`)).toEqual([[27n]]); // 3 trajectories × 3 points × 3 reps
  });

  it('plot and report read it: the same charts and report as from the CSVs', async () => {
    await expectChartedAsCsv(join(dir, 'sa-parquet', 'test-small-morris'), join(dir, 'sa-csv', 'test-small-morris'), join(dir, 'sa-read'));
  });

  it('resumes an analysis begun as CSV in Parquet (the journal has no format), to the same bytes', async () => {
    const out = join(dir, 'sa-resumed');
    await stopAt([...ARGS, '--out', out, '--no-plot'], 'simulating', 'SIGKILL');
    const again = await inProcess([...ARGS, '--out', out, '--no-plot', '--format', 'parquet']);
    expect(again.code, again.stderr).toBe(0);
    for (const name of ['runs', 'sensitivity']) {
      const resumed = await readFile(join(out, 'test-small-morris', `${name}.parquet`));
      expect(resumed.equals(await readFile(table('parquet', name))), `${name}.parquet differs`).toBe(true);
    }
    const info = JSON.parse(await readFile(join(out, 'test-small-morris', 'sensitivity.json'), 'utf8')) as { points_resumed: number };
    expect(info.points_resumed).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
