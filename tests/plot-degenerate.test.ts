// Charts of degenerate data (no positive value, one value, empty or all-zero series) are left out or drawn finitely,
// never looping or blowing up.
import { describe, expect, it } from 'vitest';
import { seriesGap } from '../src/plot/charts.js';
import { decades, distributionGap, histogramChart, lorenzChart, type Snapshot } from '../src/plot/distribution.js';
import { logBinEdges } from '../src/plot/stats.js';

const snapshot = (incomes: number[][]): Snapshot[] => [{ scenario: 's', reps: incomes.length, incomes: new Map(incomes.map((x, r) => [r, x])) }];

describe('degenerate chart data', () => {
  it('log ticks of edges that start at 0 or are not finite: none (the loop that started at log10(0) is gone)', () => {
    expect(decades([0, 1])).toEqual([]);
    expect(decades([NaN, 10])).toEqual([]);
    expect(decades([1, Infinity])).toEqual([]);
    expect(decades([3, 300])).toEqual([10, 100]);
  });

  it('no positive income: histogram and Lorenz curve are left out with a reason', () => {
    for (const incomes of [[[0, 0], [0]], [[-5, 0]], [[]], []]) {
      const s = snapshot(incomes);
      expect(distributionGap(s)).toMatch(/^no creator/);
      expect(histogramChart(s, '2020-01')).toBeUndefined();
      expect(lorenzChart(s, '2020-01')).toBeUndefined();
    }
  });

  it('one positive value: one finite bin, the chart is drawn', () => {
    expect(logBinEdges([500])).toEqual([316, 562]);
    const chart = histogramChart(snapshot([[500]]), '2020-01');
    expect(chart?.name).toBe('income-histogram-2020-01');
    expect(JSON.stringify(chart?.spec)).not.toMatch(/null|NaN|Infinity/);
  });

  it('a series with no value or only zeros is left out with a reason; one value is drawn', () => {
    const band = (mean: number) => ({ month: '2020-01', mean, low: mean, high: mean });
    expect(seriesGap([])).toBe('no value in any month');
    expect(seriesGap([band(NaN)])).toBe('no value in any month');
    expect(seriesGap([band(0), band(0)])).toBe('0 in every month');
    expect(seriesGap([band(0), { month: '2020-02', mean: 0, low: -1, high: 1 }])).toBeUndefined();
    expect(seriesGap([band(3)])).toBeUndefined();
  });
});
