import { describe, expect, it } from 'vitest';
import { analyse, sobolDesign, type Factor, type IndexRow } from '../src/sensitivity/design.js';
import { ishigami, ishigamiIndices, sobolG, sobolGIndices } from './support/sensitivity-functions.js';

/**
 * Sobol' indices through the same code path the model's sensitivity command uses (design → points → analyse):
 * against the analytic indices of the Ishigami and G functions, and the invariants any estimate must keep.
 */

const PI_FACTORS: Factor[] = ['x1', 'x2', 'x3'].map((name) => ({ name, low: -Math.PI, high: Math.PI }));

const pick = (rows: readonly IndexRow[], index: string) => rows.filter((r) => r.index === index);

describe('Sobol indices (Saltelli 2010 first order, Jansen 1999 total)', () => {
  it('recover the analytic indices of the Ishigami function within their bootstrap intervals', () => {
    const design = sobolDesign(PI_FACTORS, { n: 4096, seed: 1, bootstrap: 500 });
    expect(design.points).toHaveLength(4096 * 5);
    const rows = analyse(design, { y: design.points.map((x) => ishigami(x)) });
    const exact = ishigamiIndices();
    for (const [index, values] of [['S1', exact.S1], ['ST', exact.ST]] as const) {
      pick(rows, index).forEach((r, i) => {
        expect(r.ci95_low, `${index} ${r.parameter}: ${r.ci95_low}..${r.ci95_high} should hold ${values[i]}`).toBeLessThanOrEqual(values[i]!);
        expect(r.ci95_high, `${index} ${r.parameter}`).toBeGreaterThanOrEqual(values[i]!);
        expect(Math.abs(r.value - values[i]!), `${index} ${r.parameter}`).toBeLessThan(0.03);
        expect(r.ci95_high - r.ci95_low, `${index} ${r.parameter}: a useful interval`).toBeLessThan(0.15);
      });
    }
  });

  it('give the published Ishigami indices to outputs 1,000 above zero, as to the centred ones (the estimators centre Y)', () => {
    // Published values for a = 7, b = 0.1 (Saltelli et al. 2008, ch. 4; SALib's test suite). Measured errors at
    // N = 4096 are under 0.001; 0.02 is the tolerance the issue asks for, and an uncentred first-order estimator
    // misses it by far (its S1 interval at +1,000 is about +-8.6).
    const published = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };
    const design = sobolDesign(PI_FACTORS, { n: 4096, seed: 1, bootstrap: 300 });
    const shifted = analyse(design, { y: design.points.map((x) => ishigami(x) + 1000) });
    const centred = analyse(design, { y: design.points.map((x) => ishigami(x)) });
    for (const index of ['S1', 'ST'] as const) {
      pick(shifted, index).forEach((r, i) => {
        expect(Math.abs(r.value - published[index][i]!), `${index} ${r.parameter}: ${r.value}`).toBeLessThan(0.02);
        expect(r.ci95_high - r.ci95_low, `${index} ${r.parameter}: ${r.ci95_low}..${r.ci95_high}`).toBeLessThan(0.1);
      });
    }
    // The same estimates and intervals, up to rounding: the estimator is invariant to a shift, in every resample.
    // (noise_share is NaN: one value per point, no replication noise to estimate.)
    shifted.forEach((r, i) => {
      if (r.index === 'noise_share') return expect(r.value).toBeNaN();
      for (const key of ['value', 'ci95_low', 'ci95_high'] as const) expect(r[key], `${r.index} ${r.parameter} ${key}`).toBeCloseTo(centred[i]![key], 6);
    });
  });

  it('recover the indices of the G function', () => {
    // a = [0, 1, 4.5, 9, 99 x 4]: S1 = 0.717, 0.179, 0.024, 0.007, 0.000... (V_i = 1 / (3 (1 + a_i)^2)). At N = 2048 the
    // bootstrap 95% half-widths are at most 0.03 (measured); each analytic value must lie in its interval and
    // within 0.03 of the estimate. The four inert factors (a = 99, S1 = ST = 0.0001) must stay under 0.01.
    const a = [0, 1, 4.5, 9, 99, 99, 99, 99];
    const factors = a.map((_, i) => ({ name: `x${i + 1}`, low: 0, high: 1 }));
    const design = sobolDesign(factors, { n: 2048, seed: 2, bootstrap: 300 });
    const rows = analyse(design, { g: design.points.map((x) => sobolG(x, a)) });
    const exact = sobolGIndices(a);
    for (const [index, values] of [['S1', exact.S1], ['ST', exact.ST]] as const) {
      pick(rows, index).forEach((r, i) => {
        expect(Math.abs(r.value - values[i]!), `${index} ${r.parameter}: ${r.value} vs ${values[i]}`).toBeLessThan(0.03);
        expect(r.ci95_low, `${index} ${r.parameter}: ${r.ci95_low}..${r.ci95_high} should hold ${values[i]}`).toBeLessThanOrEqual(values[i]!);
        expect(r.ci95_high, `${index} ${r.parameter}`).toBeGreaterThanOrEqual(values[i]!);
        if (i >= 4) expect(Math.abs(r.value), `${index} ${r.parameter}`).toBeLessThan(0.01);
      });
    }
  });

  it('give S1 = ST = 1 to the only variable a function depends on, and 0 to the others', () => {
    const factors: Factor[] = [
      { name: 'a', low: 0, high: 1 },
      { name: 'b', low: 10, high: 20 },
      { name: 'c', low: -5, high: 5 },
    ];
    const design = sobolDesign(factors, { n: 256, bootstrap: 100 });
    const rows = analyse(design, { y: design.points.map((x) => Math.exp(x[1]! / 10)) });
    for (const r of rows.filter((x) => x.index !== 'noise_share')) {
      const expected = r.parameter === 'b' ? 1 : 0;
      expect(r.value, `${r.index} ${r.parameter}`).toBeCloseTo(expected, 2);
    }
  });

  it('keep S1 below ST within the noise, for every outcome', () => {
    const design = sobolDesign(PI_FACTORS, { n: 1024, seed: 3, bootstrap: 200 });
    const rows = analyse(design, {
      ishigami: design.points.map((x) => ishigami(x)),
      product: design.points.map((x) => x[0]! * x[1]! + x[2]!),
    });
    for (const outcome of ['ishigami', 'product']) {
      const s1 = rows.filter((r) => r.outcome === outcome && r.index === 'S1');
      const st = rows.filter((r) => r.outcome === outcome && r.index === 'ST');
      s1.forEach((r, i) => expect(r.value, `${outcome} ${r.parameter}`).toBeLessThanOrEqual(st[i]!.value + 0.02));
    }
  });

  it('are the same bytes for the same seed, and leave out base rows with undefined outputs', () => {
    const run = () => {
      const design = sobolDesign(PI_FACTORS, { n: 256, seed: 7, bootstrap: 200 });
      const y = design.points.map((x, i) => (i === 12 ? NaN : ishigami(x)));
      return JSON.stringify({ design, rows: analyse(design, { y }) });
    };
    const first = run();
    expect(run()).toBe(first);
    const rows = JSON.parse(first).rows as IndexRow[];
    expect(rows.every((r) => r.n === 255)).toBe(true);
  });

  it('scales points to the ranges and rounds whole-number factors', () => {
    const design = sobolDesign([{ name: 'n', low: 1, high: 6, integer: true }, { name: 'x', low: 100, high: 200 }], { n: 64 });
    for (const [n, x] of design.points) {
      expect(Number.isInteger(n)).toBe(true);
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(6);
      expect(x).toBeGreaterThanOrEqual(100);
      expect(x).toBeLessThanOrEqual(200);
    }
  });

  it('refuse outputs that do not match the design', () => {
    const design = sobolDesign(PI_FACTORS, { n: 8 });
    expect(() => analyse(design, { y: [1, 2, 3] })).toThrow(/40 values/);
    expect(() => sobolDesign([{ name: 'x', low: 1, high: 1 }])).toThrow(RangeError);
  });
});
