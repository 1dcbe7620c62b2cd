import { describe, expect, it } from 'vitest';
import { analyse, morrisDesign, type Factor, type IndexRow } from '../src/sensitivity/design.js';
import { morrisUnitPlan } from '../src/sensitivity/morris.js';
import { sobolG } from './support/sensitivity-functions.js';

/** Morris screening through the design → points → analyse path the model's command uses. */

const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];
const G_FACTORS: Factor[] = G_A.map((_, i) => ({ name: `x${i + 1}`, low: 0, high: 1 }));

const pick = (rows: readonly IndexRow[], index: string) => rows.filter((r) => r.index === index);

describe('Morris elementary effects (Morris 1991; mu*, Campolongo et al. 2007)', () => {
  for (const candidates of [0, 60]) {
    it(`rank the G function's parameters in the known order (x1 > x2 > x3 > x4 > the rest)${candidates ? ', with optimised trajectories' : ''}`, () => {
      const design = morrisDesign(G_FACTORS, { trajectories: 30, levels: 4, candidates, seed: 11, bootstrap: 300 });
      expect(design.points).toHaveLength(30 * 9);
      const muStar = pick(analyse(design, { g: design.points.map((x) => sobolG(x, G_A)) }), 'mu_star');
      const v = muStar.map((r) => r.value);
      expect(v[0]).toBeGreaterThan(v[1]!);
      expect(v[1]).toBeGreaterThan(v[2]!);
      expect(v[2]).toBeGreaterThan(v[3]!);
      for (const rest of v.slice(4)) expect(v[3]).toBeGreaterThan(rest);
      // The important ones are told apart from the negligible ones by their intervals, not just their values.
      for (const r of muStar.slice(0, 3)) expect(r.ci95_low, r.parameter).toBeGreaterThan(Math.max(...muStar.slice(4).map((s) => s.ci95_high)));
      for (const r of muStar) expect(r.ci95_low <= r.value && r.value <= r.ci95_high, r.parameter).toBe(true);
    });
  }

  it('find the exact effects of a linear function, scaled by the ranges, with no spread', () => {
    const factors: Factor[] = [
      { name: 'a', low: 0, high: 1 },
      { name: 'b', low: 0, high: 10 },
      { name: 'c', low: -1, high: 1 },
    ];
    const design = morrisDesign(factors, { trajectories: 8, seed: 5, bootstrap: 50 });
    const rows = analyse(design, { y: design.points.map(([a, b, c]) => 2 * a! - 3 * b! + 0 * c!) });
    // Effects are per unit of the unit cube: d y / d u = slope × range.
    const slope: Record<string, number> = { a: 2, b: -30, c: 0 };
    for (const r of pick(rows, 'mu')) expect(r.value, r.parameter).toBeCloseTo(slope[r.parameter]!, 9);
    for (const r of pick(rows, 'mu_star')) expect(r.value, r.parameter).toBeCloseTo(Math.abs(slope[r.parameter]!), 9);
    for (const r of pick(rows, 'sigma')) expect(r.value, r.parameter).toBeCloseTo(0, 9);
  });

  it('build trajectories that move one factor at a time by Delta on the p-level grid', () => {
    const plan = morrisUnitPlan(5, { trajectories: 6, levels: 6, seed: 3 });
    const delta = 6 / (2 * 5);
    expect(plan.delta).toBeCloseTo(delta, 15);
    for (let t = 0; t < 6; t++) {
      const points = plan.points.slice(t * 6, (t + 1) * 6);
      expect(new Set(plan.moved[t])).toEqual(new Set([0, 1, 2, 3, 4]));
      for (let s = 1; s <= 5; s++) {
        const changed = points[s]!.map((x, i) => (x !== points[s - 1]![i] ? i : -1)).filter((i) => i >= 0);
        expect(changed).toEqual([plan.moved[t]![s - 1]]);
        expect(Math.abs(points[s]![changed[0]!]! - points[s - 1]![changed[0]!]!)).toBeCloseTo(delta, 12);
      }
      for (const x of points.flat()) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(Math.abs(x * 5 - Math.round(x * 5))).toBeLessThan(1e-12);
      }
    }
  });

  it('spread optimised trajectories further apart than the first r candidates', () => {
    const spread = (points: readonly (readonly number[])[], k: number) => {
      const r = points.length / (k + 1);
      let sum = 0;
      for (let a = 0; a < r; a++)
        for (let b = a + 1; b < r; b++)
          for (const x of points.slice(a * (k + 1), (a + 1) * (k + 1)))
            for (const y of points.slice(b * (k + 1), (b + 1) * (k + 1))) sum += Math.hypot(...x.map((v, z) => v - y[z]!));
      return sum;
    };
    const plain = morrisUnitPlan(6, { trajectories: 8, seed: 9 });
    const optimised = morrisUnitPlan(6, { trajectories: 8, candidates: 40, seed: 9 });
    expect(spread(optimised.points, 6)).toBeGreaterThan(spread(plain.points, 6));
  });

  it('are the same bytes for the same seed, and leave out trajectories with undefined outputs', () => {
    const run = (seed: number) => {
      const design = morrisDesign(G_FACTORS, { trajectories: 12, seed, bootstrap: 100 });
      const y = design.points.map((x, i) => (i === 3 ? NaN : sobolG(x, G_A)));
      return JSON.stringify({ design, rows: analyse(design, { g: y }) });
    };
    expect(run(4)).toBe(run(4));
    expect(run(5)).not.toBe(run(4));
    expect((JSON.parse(run(4)).rows as IndexRow[]).every((r) => r.n === 11)).toBe(true);
  });

  it('refuse bad settings', () => {
    expect(() => morrisDesign(G_FACTORS, { levels: 5 })).toThrow(RangeError);
    expect(() => morrisDesign(G_FACTORS, { trajectories: 1 })).toThrow(RangeError);
    expect(() => morrisDesign([{ name: 'x', low: 0, high: 1 }, { name: 'x', low: 0, high: 2 }])).toThrow(/twice/);
  });
});
