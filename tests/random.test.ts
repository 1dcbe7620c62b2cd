// The model's generator against the reference code's outputs, and draws decided on the logistic's table against
// the logistic itself.
import { describe, expect, it } from 'vitest';
import { belowLogistic, logistic } from '../src/model/logistic.js';
import { Random } from '../src/core/random.js';

describe('Random (xoshiro128**)', () => {
  it("gives the reference implementation's outputs", () => {
    // xoshiro128starstar.c (Blackman and Vigna), state {1, 2, 3, 4}: its first eight next() values.
    const rng = new Random(1);
    rng.restore(Int32Array.from([1, 2, 3, 4]));
    expect(Array.from({ length: 8 }, () => rng.next())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('fills a block with the uniforms one at a time would give, and restores a saved state', () => {
    const a = new Random(7);
    const b = new Random(7);
    const saved = b.save();
    const block = new Float64Array(1000);
    b.fill(block, 999);
    expect(Array.from(block.subarray(0, 999))).toEqual(Array.from({ length: 999 }, () => a.uniform()));
    expect(block[999]).toBe(0);
    expect(b.uniform()).toBe(a.uniform());
    b.restore(saved);
    expect(b.uniform()).toBe(block[0]);
  });

  it('draws uniforms in [0, 1) with the right mean, and differs by seed', () => {
    const rng = new Random(3);
    let sum = 0;
    for (let k = 0; k < 100_000; k++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
    expect(new Random(1).uniform()).not.toBe(new Random(2).uniform());
  });
});

describe('belowLogistic', () => {
  it('decides every draw as the comparison with the logistic itself does', () => {
    const rng = new Random(11);
    const xs = [-1e9, -40, -32, -31.99, -5, -1 / 64, -0, 0, 1e-17, 3.3, 31.99, 32, 40, 1e9, Infinity, -Infinity, NaN];
    for (let k = 0; k < 100_000; k++) xs.push((rng.uniform() - 0.5) * 80);
    const wrong: string[] = [];
    for (const x of xs) {
      const p = logistic(x);
      // Draws at the chance itself and just around it, and uniform ones.
      for (const draw of [p, p * (1 - 1e-15), p * (1 + 1e-15), rng.uniform(), rng.uniform() * 1e-3]) {
        for (const [a, b] of [[0, 1], [0.001, 1], [0.03, 0.3]] as const) {
          if (belowLogistic(draw, a, b, x) !== draw < a + b * p) wrong.push(`draw ${draw} a ${a} b ${b} x ${x}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
