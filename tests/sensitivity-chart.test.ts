import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SensitivityData, SensitivityRow } from '../src/output/read-sensitivity.js';
import { sensitivityCharts } from '../src/plot/sensitivity.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';

/** The Sobol chart of `homeward sensitivity`, from index rows as sensitivity.csv holds them: in-process, no drawing. */

let scenario: Scenario;
beforeAll(async () => {
  scenario = (await loadScenario(join(import.meta.dirname, '..', 'scenarios', 'test-small.yaml'))).scenario;
});

const row = (parameter: string, index: string, value: number, low: number, high: number): SensitivityRow => ({ outcome: 'y', parameter, index, value, low, high, n: 64 });

function data(rows: SensitivityRow[], reps: number): SensitivityData {
  const factors = ['a', 'b'].map((path) => ({ path, low: 0, high: 1, role: 'uncertainty', unit: '', source: '' }));
  return { kind: 'sensitivity', dir: '', scenario, method: 'sobol', reps, points: 256, factors, outcomes: [{ name: 'y', unit: 'persons' }], rows };
}

interface Spec {
  title: { subtitle: string[] };
  layer: { encoding: { x: { scale: { domain: number[] } } } }[];
}

describe('the Sobol chart', () => {
  it('spans every estimate and interval on its axis (an S1 of 286% is not drawn at 150%), and says the noise share', () => {
    const rows = [row('a', 'S1', 2.86, -0.64, 3.18), row('a', 'ST', 0.9, 0.7, 1.1), row('b', 'S1', 0.1, -0.2, 0.3), row('b', 'ST', 0.2, 0.1, 0.3), row('*', 'noise_share', 0.48, 0.44, 0.52)];
    const { charts } = sensitivityCharts(data(rows, 4));
    expect(charts).toHaveLength(1);
    const spec = charts[0]!.spec as unknown as Spec;
    for (const layer of spec.layer) {
      const [lo, hi] = layer.encoding.x.scale.domain;
      expect(lo).toBeLessThanOrEqual(-0.64);
      expect(hi).toBeGreaterThanOrEqual(3.18);
    }
    expect(JSON.stringify(spec)).not.toContain('clamp');
    expect(spec.title.subtitle[1]).toBe('Replication noise: 48% [44%, 52%] of the variance of the point means, taken out of S1 and ST.');
    expect(charts[0]!.caption).toContain('too uncertain to rank the parameters');
    expect(charts[0]!.caption).toContain('more replications (--reps) or agents (--agents)');
  });

  it('keeps 0..100% when every interval is inside, and says when one replication cannot estimate the noise', () => {
    const rows = [row('a', 'S1', 0.6, 0.5, 0.7), row('a', 'ST', 0.7, 0.6, 0.8), row('b', 'S1', 0.1, 0, 0.2), row('b', 'ST', 0.2, 0.1, 0.3), row('*', 'noise_share', NaN, NaN, NaN)];
    const { charts } = sensitivityCharts(data(rows, 1));
    const spec = charts[0]!.spec as unknown as Spec;
    expect(spec.layer[0]!.encoding.x.scale.domain).toEqual([0, 1]);
    expect(spec.title.subtitle[1]).toBe('With one replication per point the replication noise cannot be estimated: S1 and ST include it.');
    expect(charts[0]!.caption).not.toContain('too uncertain');
  });
});
