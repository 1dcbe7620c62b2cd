import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { analyse, sobolDesign, type Factor, type IndexRow } from '../src/sensitivity/design.js';
import { rankingTable } from '../src/sensitivity/results.js';
import { product } from '../src/sensitivity/sobol-indices.js';
import { ishigami, ishigamiIndices } from './support/sensitivity-functions.js';

/**
 * Sobol' indices of a stochastic model: each point is run R times with the same replication seeds at every point
 * (common random numbers), so a point's value is f(x) plus the mean of R noises, correlated across points. Here
 * y_r(x) = ishigami(x) + 1000 + sigma (sqrt(rho) u_r h(x) + sqrt(1 - rho) e_r(x)): u_r is the part of replication r's
 * noise the points share (CRN), loaded by h(x); e_r(x) the part of each point's own. A shared part with h = 1 moves
 * every point alike and adds nothing to the variance between points; the rest adds
 * sigma^2 (rho Var h + 1 - rho) / R to it, and noise to every squared difference of Jansen's ST.
 */

const PI_FACTORS: Factor[] = ['x1', 'x2', 'x3'].map((name) => ({ name, low: -Math.PI, high: Math.PI }));
const EXACT = ishigamiIndices();
/** The variance of the Ishigami function (a = 7, b = 0.1). */
const VARIANCE = 49 / 8 + (0.1 * Math.PI ** 4) / 5 + (0.01 * Math.PI ** 8) / 18 + 0.5;

interface Noise {
  readonly reps: number;
  /** sigma^2 (1 - rho) / R over V: the noise of each point's own, relative to the variance of f. */
  readonly own: number;
  readonly rho: number;
  /** The loading of the shared part: 1 + load sin(x1). */
  readonly load: number;
}

/** Every point's R replications. */
function noisy(points: readonly (readonly number[])[], noise: Noise, seed: string): number[][] {
  const rng = seedrandom.alea(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const sigma = Math.sqrt((noise.own * VARIANCE * noise.reps) / (1 - noise.rho));
  const shared = Array.from({ length: noise.reps }, gauss);
  return points.map((x) => shared.map((u) => ishigami(x) + 1000 + sigma * (Math.sqrt(noise.rho) * u * (1 + noise.load * Math.sin(x[0]!)) + Math.sqrt(1 - noise.rho) * gauss())));
}

/** The share of the variance of the point means that is noise, in expectation (Var sin x1 = 1/2). */
function noiseShare(n: Noise): number {
  const sigma2 = (n.own * VARIANCE * n.reps) / (1 - n.rho);
  const added = (sigma2 * (n.rho * n.load ** 2 * 0.5 + 1 - n.rho)) / n.reps;
  return added / (VARIANCE + added);
}

const pick = (rows: readonly IndexRow[], index: string) => rows.filter((r) => r.index === index);

describe('Sobol indices with replication noise', () => {
  it('xbar ybar - s_xy / R is the mean of x_r y_s over distinct replications r != s', () => {
    const x = [1, 4, 2, 7];
    const y = [3, -1, 5, 2];
    let sum = 0;
    for (let r = 0; r < 4; r++) for (let s = 0; s < 4; s++) if (r !== s) sum += x[r]! * y[s]!;
    expect(product(x, y).unbiased).toBeCloseTo(sum / 12, 12);
    expect(product(x, y).plain).toBeCloseTo((14 / 4) * (9 / 4), 12);
    expect(product([2], [3]).unbiased).toBeNaN();
  });

  it('recover the noise share and the noise-free S1 and ST, where the plain ST are biased up (noise independent across points)', () => {
    const noise = { reps: 4, own: 1, rho: 0, load: 0 };
    const design = sobolDesign(PI_FACTORS, { n: 2048, seed: 5, bootstrap: 300 });
    const rows = analyse(design, { y: noisy(design.points, noise, 'independent') });
    const share = pick(rows, 'noise_share');
    expect(share.map((r) => r.parameter)).toEqual(['*']);
    // Half the variance of the point means is noise. Over 50 noise draws on this design (measured) the share's SD is
    // 0.01 and the SD of every corrected S1 and ST at most 0.053; the tolerances are about 3 SD.
    expect(noiseShare(noise)).toBeCloseTo(0.5, 12);
    expect(Math.abs(share[0]!.value - 0.5), `noise share ${share[0]!.value}`).toBeLessThan(0.04);
    for (const [index, exact] of [['ST', EXACT.ST], ['S1', EXACT.S1]] as const) {
      pick(rows, index).forEach((r, i) => expect(Math.abs(r.value - exact[i]!), `${index} ${r.parameter}: ${r.value} vs ${exact[i]}`).toBeLessThan(0.15));
    }
    // Uncorrected, every ST counts the noise of its difference: 0.22 to 0.38 more here (measured, SD 0.02), and the
    // intervals exclude the truth.
    pick(rows, 'ST_with_noise').forEach((r, i) => expect(r.ci95_low, `ST_with_noise ${r.parameter}: ${r.ci95_low}`).toBeGreaterThan(EXACT.ST[i]! + 0.15));
  });

  it('are unchanged by noise that every point shares (common random numbers move them alike)', () => {
    const design = sobolDesign(PI_FACTORS, { n: 512, seed: 5, bootstrap: 100 });
    const own = analyse(design, { y: noisy(design.points, { reps: 4, own: 0.5, rho: 0, load: 0 }, 'shift') });
    // The same own noise (the same draws: sigma sqrt(1 - rho) is the same), plus a shared u_r with h = 1 twice as large.
    const shared = analyse(design, { y: noisy(design.points, { reps: 4, own: 0.5, rho: 0.8, load: 0 }, 'shift') });
    shared.forEach((r, i) => {
      for (const key of ['value', 'ci95_low', 'ci95_high'] as const) expect(r[key], `${r.index} ${r.parameter} ${key}`).toBeCloseTo(own[i]![key], 6);
    });
  });

  it('are unbiased under correlated noise whose shared part varies with the point, where the plain ST are not', () => {
    // Averaged over 40 noise draws: with R = 4 replications the shared part u_r h(x) is drawn only 4 times, so one
    // analysis varies more than its bootstrap interval says (the bootstrap resamples points, not seeds; SD up to
    // 0.15 over draws, measured), but its mean is the truth: the SE of a mean of 40 is at most 0.025, tolerance 0.08.
    const noise = { reps: 4, own: 0.5, rho: 0.5, load: 0.3 };
    const design = sobolDesign(PI_FACTORS, { n: 1024, seed: 5, bootstrap: 0 });
    const sums = new Map<string, number>();
    const draws = 40;
    for (let t = 0; t < draws; t++) {
      for (const r of analyse(design, { y: noisy(design.points, noise, `crn:${t}`) })) sums.set(`${r.index} ${r.parameter}`, (sums.get(`${r.index} ${r.parameter}`) ?? 0) + r.value / draws);
    }
    const mean = (key: string) => sums.get(key)!;
    expect(Math.abs(mean('noise_share *') - noiseShare(noise)), `noise share ${mean('noise_share *')} vs ${noiseShare(noise)}`).toBeLessThan(0.03);
    PI_FACTORS.forEach((f, i) => {
      expect(Math.abs(mean(`S1 ${f.name}`) - EXACT.S1[i]!), `S1 ${f.name}`).toBeLessThan(0.08);
      expect(Math.abs(mean(`ST ${f.name}`) - EXACT.ST[i]!), `ST ${f.name}`).toBeLessThan(0.08);
      expect(mean(`ST_with_noise ${f.name}`), `ST_with_noise ${f.name}`).toBeGreaterThan(EXACT.ST[i]! + 0.15);
    });
  });

  it('with one replication: no noise estimate (NaN), and S1, ST are the plain estimates', () => {
    const design = sobolDesign(PI_FACTORS, { n: 256, seed: 6, bootstrap: 100 });
    const rows = analyse(design, { y: noisy(design.points, { reps: 1, own: 0.3, rho: 0.5, load: 0.3 }, 'one').map((reps) => reps[0]!) });
    const share = pick(rows, 'noise_share')[0]!;
    expect([share.value, share.ci95_low, share.ci95_high].every(Number.isNaN)).toBe(true);
    for (const index of ['S1', 'ST'] as const) {
      const plain = pick(rows, `${index}_with_noise`);
      pick(rows, index).forEach((r, i) => expect({ ...r, index: plain[i]!.index }).toEqual(plain[i]));
    }
  });

  it('with few samples (N = 64) and half the variance noise, the intervals still cover the noise-free values', () => {
    // 200 independent noise draws on the same design. The percentile bootstrap is nominally 95%; at N = 64 it covers
    // 88.5% (ST of x3, 177 of 200) to 97% here (measured over these seeded draws; about 87% to 98% over other seeds).
    // The floor is 85%; the plain ST (ST_with_noise), biased up by about a third of the variance, cover far less.
    const design = sobolDesign(PI_FACTORS, { n: 64, seed: 7, bootstrap: 300 });
    const covered = new Map<string, number>();
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const rows = analyse(design, { y: noisy(design.points, { reps: 4, own: 1, rho: 0.5, load: 0 }, `few:${t}`) });
      for (const r of rows) {
        const i = Number(r.parameter.slice(1)) - 1;
        const truth = r.index === 'S1' ? EXACT.S1[i] : r.index === 'ST' ? EXACT.ST[i] : r.index === 'noise_share' ? 0.5 : undefined;
        if (truth === undefined) continue;
        const key = `${r.index} ${r.parameter}`;
        covered.set(key, (covered.get(key) ?? 0) + (r.ci95_low <= truth && truth <= r.ci95_high ? 1 : 0));
      }
    }
    expect(covered.size).toBe(7);
    for (const [key, n] of covered) expect(n / trials, key).toBeGreaterThanOrEqual(0.85);
  });

  it('the terminal table says the noise share under each outcome, or that one replication cannot estimate it', () => {
    const design = sobolDesign(PI_FACTORS, { n: 256, seed: 8, bootstrap: 100 });
    const outcomes = [{ name: 'y', unit: 'value' }];
    const four = rankingTable(analyse(design, { y: noisy(design.points, { reps: 4, own: 1, rho: 0, load: 0 }, 'table') }), outcomes, 'sobol');
    expect(four).toMatch(/\nnoise share 0\.\d+ \[0\.\d+, 0\.\d+\]: replication noise is \d+% of the variance of the point means; S1 and ST have it taken out; so large a share/);
    expect(four).not.toContain('*');
    const one = rankingTable(analyse(design, { y: design.points.map((x) => ishigami(x)) }), outcomes, 'sobol');
    expect(one).toContain('\nnoise share: not estimated with 1 replication per point (needs --reps 2 or more); S1 and ST include the replication noise\n');
  });
});
