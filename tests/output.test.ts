// Summary statistics, CSV formatting and atomic output, on hand-computed cases.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SummaryAccumulator, cellStats, summarize, t975 } from '../src/analysis/summary.js';
import { definition, type RepResult } from '../src/model/definition.js';
import { METRICS } from '../src/model/metrics.js';
import { parseMonth } from '../src/scenario/month.js';
import { formatNumber } from '../src/output/csv.js';
import { CREATORS_SCHEMA, creatorsHeader, creatorsRows, summaryCsv, timeseriesRows } from '../src/output/run-tables.js';
import { RunDir, writeFileAtomic } from '../src/output/atomic.js';
import { removeDir, tempDir } from './support/cli.js';

const START = parseMonth('2020-11');

/** A rep whose metric k in month t is values[t] for k = 0 and k + t otherwise. */
function rep(r: number, values: number[]): RepResult {
  const months = values.length;
  const columns = METRICS.map((_, k) => Float64Array.from({ length: months }, (_, t) => (k === 0 ? values[t]! : k + t)));
  return { rep: r, seed: r, start: START, months, columns, snapshots: [], agentSteps: 0 };
}

describe('summary statistics', () => {
  it('t(0.975, df) matches the table and the expansion beyond it', () => {
    expect(t975(1)).toBeCloseTo(12.706204736, 9);
    expect(t975(3)).toBeCloseTo(3.182446305, 9);
    expect(t975(30)).toBeCloseTo(2.042272456, 9);
    expect(t975(31)).toBeCloseTo(2.039513446, 7);
    expect(t975(40)).toBeCloseTo(2.02107539, 7);
    expect(t975(1000)).toBeCloseTo(1.962339081, 9);
  });

  it('mean, sample sd and CI by hand: 1, 2, 3, 4', () => {
    // mean 2.5; sd = sqrt(5/3) = 1.2909944; half width = 3.1824463 * 1.2909944 / 2 = 2.0542603
    const s = summarize([rep(0, [1]), rep(1, [2]), rep(2, [3]), rep(3, [4])]).cell(0, 0);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(1.2909944487358056, 12);
    expect(s.ci95_low).toBeCloseTo(0.4457397432394794, 9);
    expect(s.ci95_high).toBeCloseTo(4.554260256760521, 9);
  });

  it('one rep: sd 0 and the CI is the mean', () => {
    expect(summarize([rep(0, [7.5])]).cell(0, 0)).toEqual({ n: 1, mean: 7.5, sd: 0, ci95_low: 7.5, ci95_high: 7.5 });
  });

  it('leaves NaN values out of a cell; no values gives NaN', () => {
    const s = summarize([rep(0, [NaN, NaN]), rep(1, [2, NaN]), rep(2, [4, NaN])]);
    const c = s.cell(0, 0);
    expect([c.n, c.mean, c.sd]).toEqual([2, 3, Math.SQRT2]);
    expect(c.ci95_high).toBeCloseTo(15.706204736174694, 9);
    expect(s.cell(0, 1)).toEqual(cellStats(0, 0, 0));
    expect(Number.isNaN(s.cell(0, 1).mean)).toBe(true);
  });

  it('agrees with simple-statistics, whatever order the reps arrive in', () => {
    const values = [3.2, 1e6 + 0.1, -4, 17, 0.001, 250, 42, 42, -13.5];
    const reps = values.map((v, r) => rep(r, [v]));
    const s = summarize([...reps].reverse()).cell(0, 0);
    expect(s.mean).toBeCloseTo(mean(values), 8);
    expect(s.sd).toBeCloseTo(sampleStandardDeviation(values), 8);
    expect(s.ci95_high - s.mean).toBeCloseTo((t975(8) * sampleStandardDeviation(values)) / 3, 8);
  });

  it('the accumulator checks the shape of results', () => {
    const acc = new SummaryAccumulator(START, 2);
    expect(() => acc.add(rep(0, [1, 2, 3]))).toThrow(/does not match/);
  });
});

describe('CSV', () => {
  it('formats numbers compactly and deterministically', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(123456789)).toBe('123456789');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1234.56789)).toBe('1234.57');
    expect(formatNumber(2 / 3)).toBe('0.666667');
    expect(formatNumber(-0.000123456789)).toBe('-0.000123457');
    expect(formatNumber(2500000.5)).toBe('2500000');
    expect(formatNumber(NaN)).toBe('');
    expect(Number(formatNumber(1 / 3e7))).toBe(3.33333e-8);
  });

  it('writes rep rows with months and an empty field for NaN', () => {
    const r = rep(2, [1.5, NaN]);
    const lines = timeseriesRows(r).split('\n');
    expect(lines).toHaveLength(3); // two rows and the final newline
    expect(lines[0]!.startsWith('2,2020-11,1.5,1,2,')).toBe(true);
    expect(lines[1]!.startsWith('2,2020-12,,2,3,')).toBe(true);
    expect(lines[0]!.split(',')).toHaveLength(METRICS.length + 2);
  });

  it('writes summary rows month by month, metrics in order', () => {
    const lines = summaryCsv(summarize([rep(0, [1, 2]), rep(1, [3, 2])])).trimEnd().split('\n');
    expect(lines[0]).toBe('month,metric,mean,sd,ci95_low,ci95_high');
    expect(lines).toHaveLength(1 + 2 * METRICS.length);
    expect(lines[1]).toBe(`2020-11,${METRICS[0].name},2,1.41421,-10.7062,14.7062`);
    expect(lines[1 + METRICS.length]).toBe(`2020-12,${METRICS[0].name},2,0,2,2`);
  });

  it("writes creators.csv from the definition's snapshot columns: names, order, Parquet types and values", () => {
    expect(creatorsHeader()).toBe('rep,month,channel,returnee,nostalgic,knowledge,followers,income,household_share\n');
    expect(CREATORS_SCHEMA.map((c) => c.type)).toEqual(['integer', 'month', 'integer', 'boolean', 'boolean', 'double', 'double', 'double', 'double']);
    const snapshot = {
      month: START + 1,
      channel: Int32Array.from([7, 12]),
      returnee: Uint8Array.from([1, 0]),
      nostalgic: Uint8Array.from([0, 1]),
      knowledge: Float32Array.from([0.25, 0.5]),
      followers: Float64Array.from([20000, 3.5]),
      income: Float64Array.from([1234.5678912, 0]),
      householdShare: Float32Array.from([0.75, NaN]),
    };
    const empty = { ...snapshot, month: START + 2, ...Object.fromEntries(Object.keys(definition.snapshotColumns).map((k) => [k, new Float64Array(0)])) };
    expect(creatorsRows({ ...rep(3, [1]), snapshots: [snapshot, empty] })).toBe('3,2020-12,7,1,0,0.25,20000,1234.57,0.75\n3,2020-12,12,0,1,0.5,3.5,0,\n');
    expect(creatorsRows(rep(3, [1]))).toBe('');
  });
});

describe('atomic output', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => removeDir(dir));

  it('writeFileAtomic replaces a file and leaves no temporary file', async () => {
    const file = join(dir, 'a.txt');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('a run directory appears only on commit and replaces the previous one', async () => {
    const out = join(dir, 'out');
    await mkdir(join(out, 'x'), { recursive: true });
    await writeFile(join(out, 'x', 'old.txt'), 'old run');

    const run = new RunDir(out, 'x');
    await run.create();
    await writeFileAtomic(run.file('new.txt'), 'new run');
    expect(await readdir(join(out, 'x'))).toEqual(['old.txt']); // not visible yet
    await run.commit();
    expect(await readdir(out)).toEqual(['x']);
    expect(await readdir(join(out, 'x'))).toEqual(['new.txt']);
  });

  it('discarding removes the temporary directory and keeps the previous run', async () => {
    const out = join(dir, 'out2');
    await mkdir(join(out, 'y'), { recursive: true });
    await writeFile(join(out, 'y', 'old.txt'), 'old run');

    const run = new RunDir(out, 'y');
    await run.create();
    await writeFileAtomic(run.file('partial.txt'), 'half');
    expect(existsSync(run.temp)).toBe(true);
    run.discardSync();
    expect(await readdir(out)).toEqual(['y']);
    expect(await readdir(join(out, 'y'))).toEqual(['old.txt']);
  });
});
