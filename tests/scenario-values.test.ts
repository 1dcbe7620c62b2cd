// A scenario with values set by path (scenario/values.ts) is the scenario loading gives with the same values as
// --set overrides: sweep points and calibration evaluations are made so, and their outputs must not change.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { loadWithOptions } from '../src/scenario/options.js';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { valuesText, withValues } from '../src/scenario/values.js';

const SMALL = 'scenarios/test-small.yaml'; // extends qingyang.yaml
let dir: string;
let variant: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homeward-values-'));
  // A variant without a name (named after its file), a timeline as a mapping and one as a constant.
  variant = join(dir, 'variant.yaml');
  await writeFile(
    variant,
    `extends: ${join(process.cwd(), SMALL)}\nplatform:\n  monetisation: {interpolation: step, points: {2015: 1, 2020-06: 1.4}}\nlabour:\n  demand: 0.9\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Both ways: the file loaded with `path=value` overrides appended, and the values set on the loaded base. */
async function bothWays(file: string, set: readonly string[], values: Readonly<Record<string, unknown>>): Promise<[Scenario, Scenario]> {
  const { scenario: base, overrides } = await loadWithOptions(file, { set, agents: '3000', months: 36 });
  const texts = Object.entries(values).map(([path, value]) => `${path}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  const loaded = (await loadScenario(file, [...overrides, ...texts])).scenario;
  return [loaded, withValues(base, values, 'test')];
}

describe('withValues', () => {
  const cases: [string, Readonly<Record<string, unknown>>][] = [
    ['a number', { 'policies.loans.amount': 0 }],
    ['an integer and a share', { 'population.local_ties': 5, 'population.parents_home': 0.7 }],
    ['a timeline given as a mapping, set to a constant', { 'platform.monetisation': 1.5 }],
    ['a timeline given as a constant, set to dated points', { 'labour.demand': { interpolation: 'linear', points: { '2015': 1, '2017-06': 0.8 } } }],
    ['a default timeline, set to a constant', { 'labour.wage_index': 1.2 }],
    ['an enum', { 'elite.education': 'bachelor', 'policies.outreach.education': 'master' }],
    ['a month and a list', { end: '2016-06', snapshots: ['2016-01'] }],
    ['a value the options also set (the value wins)', { 'population.agents': 2500 }],
    ['a whole number rounded to -0 (written as 0)', { 'decision.intercept': -0 }],
  ];
  for (const [what, values] of cases) {
    it(`gives the loaded scenario: ${what}`, async () => {
      for (const file of [SMALL, variant]) {
        const [loaded, made] = await bothWays(file, ['policies.training.seats=1200'], values);
        expect(JSON.stringify(made)).toBe(JSON.stringify(loaded)); // the same keys in the same order: scenario.json bytes
        expect(made).toEqual(loaded);
      }
    });
  }

  it('keeps the name (a variant without one is named after its file) and leaves the base as it was', async () => {
    const { scenario: base } = await loadWithOptions(variant, { set: [] });
    const before = structuredClone(base);
    const made = withValues(base, new Map([['platform.monetisation', 2]]), 'test');
    expect(made.name).toBe('variant');
    expect(made.platform.monetisation).toBe(2);
    expect(base).toEqual(before);
    const { executor: _, ...again } = scenarioSchema.parse(made);
    expect(again).toEqual(made); // resolved: every default filled in (the executor block is never part of it)
  });

  it('sets values in the order given, a later one winning', async () => {
    const { scenario: base } = await loadWithOptions(SMALL, { set: [] });
    const made = withValues(base, new Map<string, unknown>([['labour.demand', { interpolation: 'step', points: { '2015': 1 } }], ['labour.demand', 0.7]]), 'test');
    expect(made.labour.demand).toBe(0.7);
  });

  it('refuses a bad value with the place and key path, as the schema and the checks across keys say', async () => {
    const { scenario: base } = await loadWithOptions(variant, { set: [] });
    const fails = (values: Readonly<Record<string, unknown>>, where: string) => {
      try {
        withValues(base, values, where);
      } catch (err) {
        expect(err).toBeInstanceOf(ScenarioError);
        return (err as ScenarioError).message;
      }
      throw new Error('no error');
    };
    const point = { 'population.exit_age': 30, 'population.entry_age': 35 };
    expect(fails(point, `sweep point 3 (${valuesText(point)})`)).toBe(
      'sweep point 3 (population.exit_age=30 population.entry_age=35): population.exit_age: must be above entry_age (35), got 30: nobody would be of working age',
    );
    expect(fails({ 'policies.loans.amount': -5 }, 'here')).toMatch(/^here: policies\.loans\.amount: .*0/);
    expect(fails({ 'elite.education': 'phd' }, 'here')).toMatch(/^here: elite\.education: .*master/);
    expect(fails({ 'population.agents': 600_000 }, 'here')).toMatch(/^here: population\.agents: agents must not exceed emigrants/);
    expect(fails({ 'policies.lons.amount': 1 }, 'here')).toMatch(/^here: policies\.lons\.amount: unknown key "lons" in policies/);
    expect(fails({ 'labour.demand.points.2016': 1 }, 'here')).toMatch(/^here: labour\.demand\.points\.2016: labour\.demand is 0\.9, not a mapping/);
  });

  it('refuses the same values as loading does', async () => {
    const { scenario: base, overrides } = await loadWithOptions(SMALL, { set: [] });
    for (const [path, value] of [['population.exit_age', 10], ['start', '2031-01'], ['platform.popularity', -1], ['name', 'a/b']] as const) {
      await expect(loadScenario(SMALL, [...overrides, `${path}=${value}`]), path).rejects.toThrow(ScenarioError);
      expect(() => withValues(base, { [path]: value }, 'here'), path).toThrow(ScenarioError);
    }
  });
});
