// What a package costs the county per person it brings home (src/analysis/costs.ts), on net spending: the paired
// ratios, the compare table and compare.csv rows, the ensemble's per-world costs and memo lines, the sweep's costs.csv
// rows, and the warning when replications are too few for an interval that includes 0 to mean anything.
import { describe, expect, it } from 'vitest';
import { COST_SPENDING, COSTS, pairedCosts } from '../src/analysis/costs.js';
import { OUTCOMES, outcomesOf } from '../src/analysis/outcomes.js';
import { fewRepsNote, fiellerRatio, pairedDifferences } from '../src/analysis/paired.js';
import { compareAcrossWorlds, ensembleCompareCsv, ensembleTable, memoLines, planEnsembleComparison } from '../src/compare/ensemble.js';
import { compareCsv, compareOutcomes, compareTable } from '../src/compare/results.js';
import { repSeed } from '../src/engine/seeds.js';
import { simulate } from '../src/engine/simulate.js';
import { definition } from '../src/model/definition.js';
import { loadScenario } from '../src/scenario/load.js';
import { costsHeader, costsRows } from '../src/sweep/csv.js';
import { parseCsv } from './support/cli.js';

/** A replication's headline outcomes (OUTCOMES order) from the few that matter here; the others 0. */
function outcomes(values: Readonly<Record<string, number>>): number[] {
  return OUTCOMES.map((o) => values[o.name] ?? 0);
}

// Reference and a package per replication: the package pays 1,000 more gross but gets 400 of it back in loan
// instalments (net +600), and brings 10 more returnees home (12 return events, 20 more person-years).
const REFERENCE = [0, 1, 2, 3, 4, 5].map((r) => outcomes({ gov_spending_total: 5000 + 7 * r, gov_spending_net_total: 4000 + 5 * r, returned_stock_end: 100 + r, person_years_home: 300 + 2 * r, cumulative_returns: 200 + 3 * r }));
const PACKAGE = REFERENCE.map((o, r) => {
  const v = (name: string) => o[OUTCOMES.findIndex((x) => x.name === name)]!;
  const wobble = r % 2 === 0 ? 1 : -1; // a little variance in every difference, so the intervals are finite
  return outcomes({
    gov_spending_total: v('gov_spending_total') + 1000 + 20 * wobble,
    gov_spending_net_total: v('gov_spending_net_total') + 600 + 10 * wobble,
    returned_stock_end: v('returned_stock_end') + 10 + wobble,
    person_years_home: v('person_years_home') + 20 + wobble,
    cumulative_returns: v('cumulative_returns') + 12 - wobble,
  });
});
const column = (rows: readonly number[][], name: string) => rows.map((o) => o[OUTCOMES.findIndex((x) => x.name === name)]!);

describe('costs per person', () => {
  it('divide the paired difference in net spending (not gross) by the paired difference in what they count', () => {
    const costs = pairedCosts(REFERENCE, PACKAGE);
    expect(costs).toHaveLength(COSTS.length);
    COSTS.forEach((cost, j) => {
      const expected = fiellerRatio(pairedDifferences(column(REFERENCE, COST_SPENDING), column(PACKAGE, COST_SPENDING)), pairedDifferences(column(REFERENCE, cost.per), column(PACKAGE, cost.per)));
      expect(costs[j], cost.name).toEqual(expected);
    });
    expect(costs[0]!.ratio).toBeCloseTo(600 / 10, 9); // per returnee at the end
    expect(costs[1]!.ratio).toBeCloseTo(600 / 20, 9); // per person-year
    expect(costs[2]!.ratio).toBeCloseTo(600 / 12, 9); // per return event
    for (const c of costs) expect(c.ci95_low).toBeLessThan(c.ratio);
  });

  it('each cost names what it counts, with its unit', () => {
    expect(COSTS.map((c) => [c.name, c.unit, c.per])).toEqual([
      ['net_spending_per_additional_returnee_at_end', 'RMB/person', 'returned_stock_end'],
      ['net_spending_per_additional_person_year_home', 'RMB/person-year', 'person_years_home'],
      ['net_spending_per_additional_return_event', 'RMB/return', 'cumulative_returns'],
    ]);
  });

  it('compare.csv has a row per cost and other scenario, after the outcomes, with the Fieller ratio in mean and ci95_*', () => {
    const c = compareOutcomes([
      { name: 'base', outcomes: REFERENCE },
      { name: 'package', outcomes: PACKAGE },
      { name: 'same', outcomes: REFERENCE },
    ]);
    const { header, rows } = parseCsv(compareCsv(c));
    const costRows = rows.slice(OUTCOMES.length * 3);
    expect(costRows.map((r) => [r[0], r[1], r[2], r[3], r[4]])).toEqual(COSTS.flatMap((cost) => ['package', 'same'].map((s) => [cost.name, cost.unit, s, 'base', '6'])));
    const costs = pairedCosts(REFERENCE, PACKAGE);
    COSTS.forEach((cost, j) => {
      const row = costRows.find((r) => r[0] === cost.name && r[2] === 'package')!;
      expect(Number(row[header.indexOf('mean')])).toBeCloseTo(costs[j]!.ratio, 3);
      expect(Number(row[header.indexOf('ci95_low')])).toBeCloseTo(costs[j]!.ci95_low, 3);
      expect(row.slice(header.indexOf('diff'))).toEqual(['', '', '']);
      // Against itself the denominator's difference is 0: not estimable, empty.
      expect(costRows.find((r) => r[0] === cost.name && r[2] === 'same')!.slice(5)).toEqual(['', '', '', '', '', '']);
    });
    const table = compareTable(c, { scale: 'agents', personsPerAgent: 10 });
    for (const cost of COSTS) expect(table).toContain(`${cost.name} (${cost.unit})`);
    // Counts and money say what they count; costs per person are the same at any scale, so they say nothing.
    expect(table).toContain('cumulative_returns (persons, simulated agents)');
    expect(table).toContain('one agent stands for 10 persons');
    expect(compareTable(c, { scale: 'county', personsPerAgent: 10 })).toContain('cumulative_returns (persons, county)');
    expect(table).toMatch(/^ {2}package\s+60 \[/m);
    expect(table).toMatch(/gov_spending_net_total \(spending less the loan instalments/);
    expect(table).not.toMatch(/standard errors wide/); // 6 replications: no warning
  });
});

describe('few replications', () => {
  it('below 5 replications, one sentence says how wide the 95% interval is; from 5 on, nothing', () => {
    expect(fewRepsNote(2)).toBe(
      'With 2 replications the 95% interval is 12.7 standard errors wide on each side (1.96 with many): a difference not beyond it is weak evidence of no effect; run at least 5 (--reps).',
    );
    expect(fewRepsNote(3)).toMatch(/^With 3 replications the 95% interval is 4\.3 standard errors wide/);
    expect(fewRepsNote(4)).toMatch(/3\.18 standard errors/);
    expect(fewRepsNote(1)).toMatch(/^With 1 replication there is no interval/);
    expect(fewRepsNote(5)).toBeUndefined();
    expect(fewRepsNote(20)).toBeUndefined();
  });

  it('the compare table ends with it', () => {
    const two = (rows: number[][]) => rows.slice(0, 2);
    const table = compareTable(compareOutcomes([
      { name: 'base', outcomes: two(REFERENCE) },
      { name: 'package', outcomes: two(PACKAGE) },
    ]), { scale: 'agents', personsPerAgent: 1 });
    expect(table.replace(/\n/g, ' ')).toContain('With 2 replications the 95% interval is 12.7 standard errors wide on each side');
  });
});

describe('costs across an ensemble', () => {
  async function comparison(reps: number) {
    const files = ['scenarios/qingyang.yaml', 'scenarios/no-loans.yaml'];
    const scenarios = await Promise.all(files.map(async (f) => (await loadScenario(f, [`reps=${reps}`])).scenario));
    const members = [1, 2, 3].map((member) => ({ member, values: new Map<string, number>() }));
    const plan = planEnsembleComparison(files, scenarios, { file: 'ensemble.yaml', paths: [], members });
    // World w: the package's gains scaled by w + 1, so each world has its own costs.
    const world = (w: number) => [REFERENCE.slice(0, reps), PACKAGE.slice(0, reps).map((o, r) => o.map((x, k) => REFERENCE[r]![k]! + (w + 1) * (x - REFERENCE[r]![k]!)))];
    return compareAcrossWorlds(plan, [world(0), world(1), world(2)]);
  }

  it('computes each cost in each world and summarises it across the worlds where it is estimable', async () => {
    const c = await comparison(6);
    const costRows = c.rows.filter((r) => r.cost);
    expect(costRows.map((r) => `${r.outcome}/${r.scenario}`)).toEqual(COSTS.map((cost) => `${cost.name}/no-loans`));
    // Numerator and denominator scale alike: every world has the same ratio.
    expect(costRows[0]!.level.mean).toBeCloseTo(60, 9);
    expect(costRows[0]!.level.worlds).toBe(3);
    const perWorld = c.worlds.filter((w) => w.outcome === COSTS[0]!.name);
    expect(perWorld.map((w) => w.member)).toEqual([1, 2, 3]);
    for (const w of perWorld) expect(w.level.mean).toBeCloseTo(60, 9);
    const csv = parseCsv(ensembleCompareCsv(c));
    const row = csv.rows.find((r) => r[0] === COSTS[0]!.name)!;
    expect(row[csv.header.indexOf('worlds')]).toBe('3');
    expect(row[csv.header.indexOf('diff')]).toBe('');
    expect(memoLines(c)).toContain(`no-loans against qingyang: ${COSTS[0]!.name} is 60 [60, 60] RMB/person (mean [5%, 95%] of the 3 of 3 worlds where it is estimable).`);
    expect(ensembleTable(c, { scale: 'agents', personsPerAgent: 10 })).toContain(`${COSTS[0]!.name} (RMB/person)`);
  });

  it('with few replications, a share below 100% beyond the interval is not read as no effect', async () => {
    const lines = memoLines(await comparison(2));
    // returned_stock_end differs by 10 ± 1 per replication in world 1 (20 ± 2, 30 ± 3 in the others): with 2
    // replications each is within 12.7 standard errors (10 ± 12.7), so no world's difference is beyond its interval.
    const few = lines.find((l) => l.includes(' returned_stock_end '))!;
    expect(few).toMatch(/\(beyond its 95% interval in 0%; with 2 replications that interval is 12\.7 standard errors wide on each side, so a difference within it is weak evidence of no effect\)/);
    expect(ensembleTable(await comparison(2), { scale: 'agents', personsPerAgent: 10 })).toContain('With 2 replications the 95% interval is 12.7 standard errors wide');
    const many = memoLines(await comparison(6)).find((l) => l.includes(' returned_stock_end '))!;
    expect(many).toMatch(/\(beyond its 95% interval in 100%\)/);
  });
});

describe('costs of a sweep', () => {
  it('costs.csv rows: the point, its values, the point it is paired with, and each cost', () => {
    const costs = pairedCosts(REFERENCE, PACKAGE);
    const text = costsHeader(['policies.loans.per_month']) + costsRows(2, [40], 0, costs);
    const { header, rows } = parseCsv(text);
    expect(header).toEqual(['point', 'policies.loans.per_month', 'reference_point', 'cost', 'unit', 'pairs', 'ratio', 'ci95_low', 'ci95_high']);
    expect(rows.map((r) => r.slice(0, 6))).toEqual(COSTS.map((c) => ['2', '40', '0', c.name, c.unit, '6']));
    expect(Number(rows[0]![6])).toBeCloseTo(60, 6);
  });
});

describe('a package with loans, replicated', () => {
  // The baseline against no policies at all, 2,000 agents over 2015-2022, 4 replications with common random numbers.
  // Measured with seeds 1, 2, 3: the baseline brings 378-385 more returnees home at the end (95% lower bounds
  // 287-340, far from 0, so both ratios are estimable); it pays out 250,000-700,000 RMB of loan principal per
  // replication, of which 87,500-263,889 has come back by 2022, in every replication. Net 3,830-4,349 RMB per
  // returnee against gross 4,178-4,934.
  it('costs less per returnee on net spending than on gross: the repaid principal is not a cost', async () => {
    const set = ['population.agents=2000', 'end=2022-12'];
    const run = async (file: string) => {
      const { scenario } = await loadScenario(file, set);
      return [0, 1, 2, 3].map((r) => {
        const result = simulate(definition, scenario, { rep: r, seed: repSeed(scenario.seed, r) });
        return outcomesOf(result.columns, result.months);
      });
    };
    const none = await run('scenarios/no-policies.yaml');
    const base = await run('scenarios/test-small.yaml');
    const net = pairedCosts(none, base)[0]!;
    const gross = fiellerRatio(pairedDifferences(column(none, 'gov_spending_total'), column(base, 'gov_spending_total')), pairedDifferences(column(none, 'returned_stock_end'), column(base, 'returned_stock_end')));
    expect(Number.isNaN(net.ratio)).toBe(false);
    expect(net.ratio).toBeGreaterThan(0);
    expect(net.ratio).toBeLessThan(gross.ratio);
    // Rep by rep, gross − net is exactly what the loans brought back.
    for (let r = 0; r < 4; r++) expect(column(base, 'gov_spending_total')[r]! - column(base, 'gov_spending_net_total')[r]!).toBeGreaterThan(0);
  }, 120_000);
});
