// The scenario's `scale`: counts and money for the simulated agents, or for the whole county. The dynamics must not
// change; only the recorded figures of scaled metrics are multiplied, by exactly the persons one agent stands for.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES, outcomesOf } from '../src/analysis/outcomes.js';
import { compareOutcomes } from '../src/compare/results.js';
import type { RunResult } from '../src/core/definition.js';
import { simulate } from '../src/engine/simulate.js';
import { definition } from '../src/model/definition.js';
import { METRICS } from '../src/model/metrics.js';
import { loadScenario } from '../src/scenario/load.js';
import { resolveComparison } from '../src/compare/plan.js';
import type { Scenario } from '../src/scenario/schema.js';
import { personsPerAgent } from '../src/scenario/scale.js';
import { metricChart, metricDef } from '../src/plot/timeseries.js';
import type * as CompareCli from '../src/cli/compare.js';
import { loadOutput } from '../src/kinds/registry.js';
import { loadComparison } from '../src/output/read-compare.js';
import { comparisonOutcomes } from '../src/report/tables.js';
import { importDist, removeDir, requireBuild, tempDir } from './support/cli.js';

const SMALL = ['population.agents=2000', 'end=2017-12'];

async function runBoth(extra: string[] = []): Promise<{ agents: RunResult<unknown>; county: RunResult<unknown>; scenario: Scenario }> {
  const a = (await loadScenario('scenarios/test-small.yaml', [...SMALL, ...extra])).scenario;
  const c = (await loadScenario('scenarios/test-small.yaml', [...SMALL, ...extra, 'scale=county'])).scenario;
  return { agents: simulate(definition, a, { rep: 0, seed: 7 }), county: simulate(definition, c, { rep: 0, seed: 7 }), scenario: c };
}

describe('scale', () => {
  let runs: Awaited<ReturnType<typeof runBoth>>;
  beforeAll(async () => {
    runs = await runBoth();
  });

  it('defaults to agents, and county multiplies exactly the scaled metrics by emigrants / agents', () => {
    const factor = personsPerAgent(runs.scenario.population);
    expect(factor).toBe(250);
    let scaledSeen = 0;
    METRICS.forEach((m, k) => {
      const a = runs.agents.columns[k]!;
      const c = runs.county.columns[k]!;
      for (let t = 0; t < a.length; t++) {
        if (m.scaled) expect(c[t], `${m.name} month ${t}`).toBe(a[t]! * factor);
        else expect(Object.is(c[t], a[t]), `${m.name} month ${t}`).toBe(true);
      }
      if (m.scaled && a.some((x) => x > 0)) scaledSeen++;
    });
    // Counts that do happen in a small run (returns, spending...) are among them, so the test compares real numbers.
    expect(scaledSeen).toBeGreaterThan(10);
  });

  it('declares counts and money scaled, shares and per-person figures not', () => {
    const scaled = (name: string) => METRICS.find((m) => m.name === name)!.scaled;
    for (const name of ['returns', 'returned_stock', 'creators', 'gov_spending', 'spend_loans', 'creator_income_total', 'loans_issued']) expect(scaled(name), name).toBe(true);
    for (const name of ['returnee_creator_share', 'creator_income_mean', 'creator_income_median', 'network_cost', 'festivals', 'epidemic']) expect(scaled(name), name).toBe(false);
    expect(OUTCOMES.find((o) => o.name === 'cumulative_returns')!.scaled).toBe(true);
    expect(OUTCOMES.find((o) => o.name === 'creator_income_mean_last_year')!.scaled).toBe(false);
  });

  it('multiplies paired differences of counts and money, not of means per person', async () => {
    const [withTraining, without] = await Promise.all([runBoth(), runBoth(['policies.training.seats=0'])]);
    const months = withTraining.agents.months;
    const comparison = (side: 'agents' | 'county') =>
      compareOutcomes([
        { name: 'base', outcomes: [outcomesOf(withTraining[side].columns, months)] },
        { name: 'variant', outcomes: [outcomesOf(without[side].columns, months)] },
      ]);
    const a = comparison('agents');
    const c = comparison('county');
    const diff = (x: typeof a, outcome: string) => x.rows.find((r) => r.outcome === outcome && r.scenario === 'variant')!.diff.mean;
    expect(diff(c, 'gov_spending_total')).toBeCloseTo(diff(a, 'gov_spending_total') * 250, 3);
    expect(diff(c, 'creator_income_mean_last_year')).toBe(diff(a, 'creator_income_mean_last_year'));
  });

  it('compares every scenario at the reference scale, as it does with its seed and replications', async () => {
    const [ref, variant] = await resolveComparison(['scenarios/test-small.yaml', 'scenarios/no-training.yaml'], { set: ['scale=county'] });
    expect(ref!.scale).toBe('county');
    expect(variant!.scale).toBe('county');
  });

  it('labels charts with what they count: a scaled metric says agents or county, a share says nothing', () => {
    const bands = [{ month: '2020-01', mean: 5, low: 4, high: 6 }];
    const draw = (name: string, scale: 'agents' | 'county') => JSON.stringify(metricChart(metricDef(name)!, [{ scenario: 's', bands }], { reps: 2, counting: { scale, personsPerAgent: 10 } })!.spec);
    expect(draw('returns', 'agents')).toContain('(persons, simulated agents)');
    expect(draw('returns', 'agents')).toContain('one agent stands for 10 persons');
    expect(draw('returns', 'county')).toContain('(persons, county)');
    expect(draw('returns', 'county')).toContain("the simulated agents' figures times 10");
    expect(draw('returnee_creator_share', 'county')).not.toMatch(/county|agents/);
  });

  it('a comparison at county scale says so in its table, its charts and its report; its costs per person are those at agent scale', async () => {
    requireBuild();
    // The built command: its worker threads run the compiled model.
    const { compareCommand } = await importDist<typeof CompareCli>('cli/compare.js');
    const dir = await tempDir();
    try {
      const run = async (scale: 'agents' | 'county') => {
        let table = '';
        const args = { scenarios: ['scenarios/test-small.yaml', 'scenarios/no-training.yaml'], set: [], agents: '2000', months: 36, reps: '3', scale, out: dir, name: scale, threads: 1, quiet: true, plot: false };
        await compareCommand(args, (t) => (table += t));
        return { table, output: await loadOutput(join(dir, scale)), data: await loadComparison(join(dir, scale)) };
      };
      const county = await run('county');
      const agents = await run('agents');
      expect(county.table).toContain('cumulative_returns (persons, county)');
      expect(county.table).toContain("the simulated agents' figures times 250");
      const charts = JSON.stringify(county.output.charts({ metrics: [] }).charts.map((c) => c.spec));
      expect(charts).toContain('persons, county');
      expect(charts).not.toContain('simulated agents)');
      expect(JSON.stringify(comparisonOutcomes(county.data))).toContain('persons, county');
      // A cost per person divides county money by county persons: the same as agents' money by agents.
      const cost = (d: typeof county.data) => d.rows.find((r) => r.outcome === 'net_spending_per_additional_person_year_home' && r.scenario !== d.reference)!.mean;
      expect(cost(county.data)).toBeCloseTo(cost(agents.data), 6);
    } finally {
      await removeDir(dir);
    }
  });
});
