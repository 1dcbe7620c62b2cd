// End to end: run the real model through `homeward run`'s code (in-process, tests/support/in-process.ts) over the
// whole horizon, read timeseries.csv back, and check the accounting a user relies on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, readText, removeDir, tempDir } from './support/cli.js';
import { runInProcess } from './support/in-process.js';

const AGENTS = 5000;
let dir: string;
let rows: Record<string, number>[];

beforeAll(async () => {
  dir = await tempDir();
  const ran = await runInProcess({ scenario: 'scenarios/qingyang.yaml', set: [], agents: String(AGENTS), reps: '2', quiet: true, plot: false, out: dir });
  expect(ran.stderr).toBe('');
  const { header, rows: raw } = parseCsv(await readText(dir, 'qingyang', 'timeseries.csv'));
  rows = raw.map((r) => Object.fromEntries(header.map((h, k) => [h, h === 'month' ? NaN : r[k] === '' ? NaN : Number(r[k])])));
}, 120_000);
afterAll(() => removeDir(dir));

const SHARES = ['returnee_creator_share', 'nostalgic_creator_share', 'returnee_nonfarm_share', 'nonfarm_share_experienced', 'nonfarm_share_inexperienced', 'creator_household_share', 'creator_income_gini', 'network_coverage', 'platform_adoption', 'epidemic'];
const NON_NEGATIVE = ['away', 'away_unemployed', 'returns', 'elite_returns', 'returned_stock', 'remigrations', 'creators', 'returnee_creators', 'new_creators', 'creator_exits', 'creator_income_total', 'creator_income_mean', 'creator_income_median', 'creator_income_p90', 'creator_income_mean_nostalgic', 'creator_income_mean_entertainment', 'income_ads', 'income_commerce', 'income_brand', 'followers_total', 'followers_max', 'loans_issued', 'loans_outstanding', 'loan_defaults', 'trained', 'outreach_calls', 'gov_spending'];

describe('timeseries invariants of a full run', () => {
  it('has 2 reps x 192 months', () => {
    expect(rows).toHaveLength(2 * 192);
  });

  it('stocks add up: away + returned = population = agents + entered - left the model', () => {
    for (const r of rows) {
      expect(r.away! + r.returned_stock!).toBe(r.population);
      expect(r.population).toBe(AGENTS + r.entered! - r.left_model!);
      expect(r.home_farming! + r.home_local_job! + r.returnee_creators!).toBe(r.returned_stock);
    }
  });

  it('no negative counts or incomes; shares within 0..1; parts within wholes', () => {
    for (const r of rows) {
      for (const k of NON_NEGATIVE) if (!Number.isNaN(r[k]!)) expect(r[k], k).toBeGreaterThanOrEqual(0);
      for (const k of SHARES) {
        if (Number.isNaN(r[k]!)) continue;
        expect(r[k], k).toBeGreaterThanOrEqual(0);
        expect(r[k], k).toBeLessThanOrEqual(1);
      }
      expect(r.returnee_creators).toBeLessThanOrEqual(r.creators!);
      expect(r.elite_returns).toBeLessThanOrEqual(r.returns!);
      expect(r.away_unemployed).toBeLessThanOrEqual(r.away!);
      if (r.creators! > 0) expect(r.creator_income_median).toBeLessThanOrEqual(r.creator_income_p90! + 1e-6);
      // Income by source adds up to the total (CSV values carry 6 significant digits).
      expect(Math.abs(r.income_ads! + r.income_commerce! + r.income_brand! - r.creator_income_total!)).toBeLessThanOrEqual(1e-5 * Math.max(1, r.creator_income_total!));
    }
  });

  it('the creator economy happens: creators and returns appear, and the epidemic is marked in 2020', () => {
    const last = rows.filter((r) => r.rep === 0).at(-1)!;
    expect(last.creators).toBeGreaterThan(0);
    expect(rows.reduce((s, r) => s + r.returns!, 0)).toBeGreaterThan(0);
    const rep0 = rows.filter((r) => r.rep === 0);
    expect(rep0[12 * 5]!.epidemic).toBe(1); // 2020-01
    expect(rep0[12 * 4]!.epidemic).toBe(0); // 2019-01
  });
});


describe('creators.csv', () => {
  it('lists every creator active at each snapshot month, matching the timeseries counts', async () => {
    const { header, rows: raw } = parseCsv(await readText(dir, 'qingyang', 'creators.csv'));
    expect(header).toEqual(['rep', 'month', 'channel', 'returnee', 'nostalgic', 'knowledge', 'followers', 'income', 'household_share']);
    const ts = parseCsv(await readText(dir, 'qingyang', 'timeseries.csv'));
    const col = (name: string) => ts.header.indexOf(name);
    for (const rep of ['0', '1']) {
      for (const month of ['2021-06', '2025-12', '2030-12']) {
        const creators = raw.filter((r) => r[0] === rep && r[1] === month);
        const row = ts.rows.find((r) => r[0] === rep && r[1] === month)!;
        expect(creators.length).toBe(Number(row[col('creators')]));
        expect(creators.filter((r) => r[3] === '1').length).toBe(Number(row[col('returnee_creators')]));
        for (const r of creators) {
          expect(Number(r[6])).toBeGreaterThanOrEqual(0);
          expect(Number(r[7])).toBeGreaterThanOrEqual(0);
          // The household share exists for returnees only, and is a share.
          if (r[3] === '1') expect(Number(r[8])).toSatisfy((x: number) => x >= 0 && x <= 1);
          else expect(r[8]).toBe('');
        }
      }
    }
    expect(new Set(raw.map((r) => r[1]))).toEqual(new Set(['2021-06', '2025-12', '2030-12']));
  });
});
