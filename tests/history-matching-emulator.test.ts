import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { latinHypercube } from '../src/analysis/latin-hypercube.js';
import { fitGaussianProcess, GaussianProcess } from '../src/calibrate/history-matching/gaussian-process.js';
import { implausibility, isNonImplausible, kthLargest } from '../src/calibrate/history-matching/implausibility.js';
import { cholesky, cholSolve, logDet } from '../src/calibrate/history-matching/linear-algebra.js';
import { maximinSubset } from '../src/calibrate/history-matching/space-filling.js';
import { summariseErrors } from '../src/calibrate/history-matching/validation.js';

/** The parts of history matching: linear algebra, the Gaussian-process emulator and its diagnostics, implausibility. */

describe('Cholesky', () => {
  it('factors and solves a symmetric positive-definite system', () => {
    const a = Float64Array.from([4, 2, 0.4, 2, 5, 1, 0.4, 1, 3]);
    const c = cholesky(a, 3)!;
    const x = cholSolve(c, [1, 2, 3]);
    for (let i = 0; i < 3; i++) expect(a[i * 3]! * x[0]! + a[i * 3 + 1]! * x[1]! + a[i * 3 + 2]! * x[2]!).toBeCloseTo([1, 2, 3][i]!, 12);
    // det = 4(15 - 1) - 2(6 - 0.4) + 0.4(2 - 2) = 44.8
    expect(logDet(c)).toBeCloseTo(Math.log(44.8), 12);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });
});

describe('Gaussian-process emulator', () => {
  const f = ([a, b]: readonly number[]) => Math.sin(5 * a!) + 2 * b! ** 2;
  const rng = seedrandom.alea('gp-test');
  const x = latinHypercube(30, 2, rng);
  const y = x.map(f);
  const test = latinHypercube(200, 2, rng);

  for (const kernel of ['squared-exponential', 'matern52'] as const) {
    it(`emulates a smooth function with calibrated uncertainty (${kernel})`, async () => {
      const gp = await fitGaussianProcess(x, y, { kernel, seed: 1 });
      const errors = test.map((t) => {
        const p = gp.predict(t);
        return (f(t) - p.mean) / Math.sqrt(p.variance + gp.noiseVariance);
      });
      const rmse = Math.sqrt(test.reduce((s, t) => s + (f(t) - gp.predict(t).mean) ** 2, 0) / test.length);
      expect(rmse).toBeLessThan(0.05);
      expect(summariseErrors(errors).withinThree).toBeGreaterThan(0.95);
      expect(summariseErrors(gp.leaveOneOut()).withinThree).toBeGreaterThan(0.9);
    });
  }

  it('is sure at its runs and unsure far from them', async () => {
    const gp = await fitGaussianProcess(x, y, { seed: 1 });
    const at = gp.predict(x[0]!);
    expect(Math.abs(at.mean - y[0]!)).toBeLessThan(0.01);
    expect(at.variance).toBeLessThan(1e-3 * gp.processVariance);
    // Fit on the lower half of the square only: the upper half is extrapolation.
    const lower = x.filter((p) => p[1]! < 0.5);
    const half = await fitGaussianProcess(lower, lower.map(f), { seed: 1 });
    expect(half.predict([0.5, 0.95]).variance).toBeGreaterThan(10 * half.predict([0.5, 0.25]).variance);
  });

  it('fits a nugget to noisy runs instead of interpolating the noise', async () => {
    const noisy = y.map((v, i) => v + 0.1 * Math.sin(1000 * i));
    const gp = await fitGaussianProcess(x, noisy, { seed: 2 });
    expect(gp.noiseVariance).toBeGreaterThan(0.001);
    expect(gp.noiseVariance).toBeLessThan(0.05);
  });

  it('gives leave-one-out errors equal to refitting without each run (same hyperparameters)', async () => {
    const gp = await fitGaussianProcess(x.slice(0, 15), y.slice(0, 15), { seed: 3, mean: 'constant' });
    const loo = gp.leaveOneOut();
    for (const i of [0, 7, 14]) {
      const rest = x.slice(0, 15).filter((_, j) => j !== i);
      const refit = GaussianProcess.condition(gp.hyper, rest, y.slice(0, 15).filter((_, j) => j !== i))!;
      // The closed form keeps the process variance of the full fit; rescale the refit's prediction to compare.
      const p = refit.predict(x[i]!);
      const direct = (y[i]! - p.mean) / Math.sqrt((p.variance + refit.noiseVariance) * (gp.processVariance / refit.processVariance));
      expect(loo[i]!).toBeCloseTo(direct, 6);
    }
  });

  it('is deterministic given the seed', async () => {
    const a = await fitGaussianProcess(x, y, { seed: 9 });
    const b = await fitGaussianProcess(x, y, { seed: 9 });
    expect(a.hyper).toEqual(b.hyper);
    expect(a.predict([0.3, 0.3])).toEqual(b.predict([0.3, 0.3]));
  });
});

describe('implausibility', () => {
  it('measures the distance to a target in standard deviations of emulator, stochastic and tolerance variance', () => {
    expect(implausibility({ name: 't', value: 10, tolerance: 3 }, 15, 16)).toBeCloseTo(1, 12);
    expect(implausibility({ name: 't', atLeast: 10, tolerance: 1 }, 12, 0)).toBe(0);
    expect(implausibility({ name: 't', atLeast: 10, tolerance: 1 }, 7, 0)).toBe(3);
    expect(implausibility({ name: 't', atMost: 10, tolerance: 2 }, 14, 0)).toBe(2);
  });

  it('cuts on the maximum, or the second or third largest', () => {
    const values = [0.5, 4, 3.5, 1];
    expect(kthLargest(values, 1)).toBe(4);
    expect(kthLargest(values, 2)).toBe(3.5);
    expect(isNonImplausible(values)).toBe(false);
    expect(isNonImplausible(values, { order: 2 })).toBe(false);
    expect(isNonImplausible(values, { order: 3 })).toBe(true);
    expect(isNonImplausible([NaN, 1])).toBe(false);
  });
});

describe('space-filling choice', () => {
  it('picks points spread over the candidates', () => {
    const grid = Array.from({ length: 11 }, (_, i) => Array.from({ length: 11 }, (_, j) => [i / 10, j / 10])).flat();
    const chosen = maximinSubset(grid, 4, 0);
    expect(chosen).toEqual([[0, 0], [1, 1], [0, 1], [1, 0]]);
  });
});
