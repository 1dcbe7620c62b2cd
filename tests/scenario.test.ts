import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateCommand } from '../src/cli/validate.js';
import { ScenarioError, type ScenarioProblem } from '../src/scenario/errors.js';
import { loadScenario, mergeScenario } from '../src/scenario/load.js';
import { applyOverrides } from '../src/scenario/overrides.js';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { writeText } from './support/cli.js';

const SCENARIOS = path.join(import.meta.dirname, '..', 'scenarios');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'homeward-scenario-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to `name` in the temp dir and returns its path. */
const put = (name: string, text: string) => writeText(dir, name, text);

/** Loads and expects a ScenarioError; returns it for further checks. */
async function fails(file: string, overrides: string[] = []): Promise<ScenarioError> {
  const err = await loadScenario(file, overrides).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScenarioError);
  return err as ScenarioError;
}

/** Expects exactly one problem matching `expected`. */
async function failsWith(file: string, expected: Omit<Partial<ScenarioProblem>, 'message'> & { message?: string | RegExp }, overrides: string[] = []) {
  const err = await fails(file, overrides);
  expect(err.problems).toHaveLength(1);
  const { message, ...rest } = expected;
  expect(err.problems[0]).toMatchObject(rest);
  if (message !== undefined) expect(err.problems[0]!.message).toMatch(message);
  return err;
}

const fromScenarios = (name: string) => path.join(SCENARIOS, name);
const withoutIdentity = ({ name: _n, description: _d, ...rest }: Scenario) => rest;
/** A scenario resolved from `raw` by the schema alone, as loading gives it: the executor block taken out. */
const resolved = (raw: unknown): Scenario => {
  const { executor: _, ...scenario } = scenarioSchema.parse(raw);
  return scenario;
};

describe('defaults and the shipped scenarios', () => {
  it('fills in every default', async () => {
    const file = await put('tiny.yaml', 'name: tiny\n');
    const { scenario, chain } = await loadScenario(file);
    expect(scenario).toEqual(resolved({ name: 'tiny' }));
    expect(scenario.reps).toBe(10);
    expect(scenario.policies.loans.amount).toBe(50_000);
    expect(chain).toEqual([file]);
  });

  it('qingyang.yaml states the defaults and the F4/F5 inputs', async () => {
    const { scenario } = await loadScenario(fromScenarios('qingyang.yaml'));
    expect(scenario.name).toBe('qingyang');
    expect(withoutIdentity(scenario)).toEqual(withoutIdentity(resolved({ name: 'x' })));
    expect(scenario.county.network_cost).toEqual({ interpolation: 'linear', points: { '2017-01': 300, '2020-12': 100 } });
    const budget = scenario.policies.budget;
    if (typeof budget === 'number') throw new Error('budget should be a timeline');
    expect(budget.points['2021']! / budget.points['2018']!).toBeCloseTo(1.79, 2);
  });

  it('every variant is the baseline plus its own change, named after its file', async () => {
    const base = (await loadScenario(fromScenarios('qingyang.yaml'))).scenario;
    const variant = async (file: string, change: (s: Scenario) => void) => {
      const { scenario, chain } = await loadScenario(fromScenarios(file));
      expect(scenario.name).toBe(path.basename(file, '.yaml'));
      expect(chain).toEqual([fromScenarios('qingyang.yaml'), fromScenarios(file)]);
      const expected = structuredClone(base);
      change(expected);
      expect(withoutIdentity(scenario)).toEqual(withoutIdentity(expected));
    };
    await variant('no-training.yaml', (s) => void (s.policies.training.seats = 0));
    await variant('no-loans.yaml', (s) => void (s.policies.loans.per_month = 0));
    await variant('no-infrastructure.yaml', (s) => void Object.assign(s.county, { network_coverage: 0.2, network_cost: 300, smartphone_use: 0.3 }));
    await variant('double-festivals.yaml', (s) => void (s.policies.festivals.per_year = 4));
    await variant('no-epidemic.yaml', (s) => void (s.epidemic.months = 0));
    await variant('no-role-models.yaml', (s) => void Object.assign(s.decision, { elite_peers: 0, successful_peers: 0 }));
    await variant('test-small.yaml', (s) => void Object.assign(s, { reps: 3, population: { ...s.population, agents: 20_000 } }));
    await variant('no-policies.yaml', (s) => {
      const p = s.policies;
      p.loans.per_month = 0;
      p.training.seats = 0;
      p.festivals.per_year = 0;
      p.outreach.calls = 0;
      p.chief_live_sales.per_year = 0;
      p.subsidies.start_grant = 0;
      p.subsidies.fee_cut = 0;
    });
  });

  it('every file in scenarios/ validates', async () => {
    const files = (await readdir(SCENARIOS)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const f of files) {
      const lines: string[] = [];
      await validateCommand(fromScenarios(f), [], (line) => lines.push(line));
      expect(lines).toEqual([expect.stringMatching(/: valid \(name [\w.-]+, \d{4}-\d\d\.\.\d{4}-\d\d, \d+ agents, \d+ reps\)$/)]);
    }
  });

  it('validate prints one line', async () => {
    const lines: string[] = [];
    await validateCommand(fromScenarios('qingyang.yaml'), [], (line) => lines.push(line));
    expect(lines).toEqual([`${fromScenarios('qingyang.yaml')}: valid (name qingyang, 2015-01..2030-12, 500000 agents, 10 reps)`]);
  });
});

describe('extends', () => {
  it('merges mappings key by key and replaces timelines wholesale', async () => {
    await put('ext/base.yaml', [
      'name: base',
      'reps: 4',
      'policies:',
      '  loans: {amount: 1000, per_month: 7}',
      '  budget: {interpolation: linear, points: {2015: 1, 2020: 2}}',
      'labour:',
      '  demand: 0.9',
    ].join('\n'));
    const child = await put('ext/sub/child.yaml', [
      'extends: ../base.yaml',
      'policies:',
      '  loans: {amount: 2000}',
      '  budget: {interpolation: step, points: {2016: 3}}',
      'labour:',
      '  demand: {interpolation: linear, points: {2015: 1, 2030: 0.5}}',
    ].join('\n'));
    const { scenario, chain } = await loadScenario(child);
    expect(chain).toEqual([path.join(dir, 'ext/base.yaml'), child]);
    expect(scenario.reps).toBe(4);
    expect(scenario.policies.loans).toMatchObject({ amount: 2000, per_month: 7 });
    expect(scenario.policies.budget).toEqual({ interpolation: 'step', points: { '2016': 3 } });
    expect(scenario.labour.demand).toEqual({ interpolation: 'linear', points: { '2015': 1, '2030': 0.5 } });
    expect(scenario).not.toHaveProperty('extends');
  });

  it('mergeScenario: lists and scalars replace, timelines replace', () => {
    const merged = mergeScenario(
      { a: { b: 1, c: [1, 2] }, t: { interpolation: 'linear', points: { '2015': 1 } } },
      { a: { c: [3] }, t: { points: { '2016': 2 } } },
    );
    expect(merged).toEqual({ a: { b: 1, c: [3] }, t: { points: { '2016': 2 } } });
  });

  it('never inherits the name', async () => {
    await put('names/base.yaml', 'name: the-base\n');
    const unnamed = await put('names/variant-a.yaml', 'extends: base.yaml\n');
    const named = await put('names/variant-b.yaml', 'extends: base.yaml\nname: bee\n');
    expect((await loadScenario(unnamed)).scenario.name).toBe('variant-a');
    expect((await loadScenario(named)).scenario.name).toBe('bee');
    // A JSON file is YAML too; its name defaults the same way.
    const json = await put('names/variant-c.json', JSON.stringify({ extends: 'base.yaml', reps: 2 }));
    expect((await loadScenario(json)).scenario).toMatchObject({ name: 'variant-c', reps: 2 });
  });

  it('names a base that cannot be read at the extends line', async () => {
    const file = await put('orphan.yaml', 'reps: 2\nextends: nowhere.yaml\n');
    await failsWith(file, { file, path: 'extends', line: 2, message: /cannot read .*nowhere\.yaml: no such file/ });
  });

  it('reports an extends cycle', async () => {
    const a = await put('cycle/a.yaml', 'extends: b.yaml\n');
    const b = await put('cycle/b.yaml', 'name: b\nextends: a.yaml\n');
    const err = await failsWith(a, { file: b, path: 'extends', line: 2 });
    expect(err.problems[0]!.message).toBe(`extends cycle: ${a} -> ${b} -> ${a}`);
    const self = await put('cycle/self.yaml', 'extends: ./self.yaml\n');
    await failsWith(self, { path: 'extends', message: /extends cycle/ });
  });

  it('reports an extends that is not a file name', async () => {
    const file = await put('ext-bad.yaml', 'name: x\nextends: [a, b]\n');
    await failsWith(file, { file, path: 'extends', line: 2, message: 'expected the file name of the base scenario, got a list' });
  });
});

describe('--set overrides', () => {
  const base = fromScenarios('qingyang.yaml');

  it('parses numbers, words, months and timelines as YAML', async () => {
    const { scenario } = await loadScenario(base, [
      'population.agents=20000',
      'epidemic.months=0',
      'elite.education=bachelor',
      'epidemic.start=2021-03',
      'county.network_cost={interpolation: step, points: {2015: 300}}',
      'policies.budget.points.2021=2e9',
    ]);
    expect(scenario.population.agents).toBe(20_000);
    expect(scenario.epidemic).toMatchObject({ months: 0, start: '2021-03' });
    expect(scenario.elite.education).toBe('bachelor');
    expect(scenario.county.network_cost).toEqual({ interpolation: 'step', points: { '2015': 300 } });
    expect(scenario.policies.budget).toMatchObject({ interpolation: 'step', points: { '2018': 698e6, '2021': 2e9 } });
  });

  it('keeps text parameters text, applies in order, takes an empty value as ""', async () => {
    const { scenario } = await loadScenario(base, ['name=2020', 'reps=2', 'reps=3', 'description=']);
    expect(scenario).toMatchObject({ name: '2020', reps: 3, description: '' });
  });

  it('applyOverrides returns a copy', () => {
    const obj = { population: { agents: 1 } };
    expect(applyOverrides(obj, ['population.agents=5', 'county.heritage=0.5'])).toEqual({ population: { agents: 5 }, county: { heritage: 0.5 } });
    expect(obj.population.agents).toBe(1);
  });

  it('rejects an unknown path, naming the known keys at that level', async () => {
    const err = await failsWith(base, { file: '--set', override: 'policies.loans.amont=5', message: /^unknown key "amont" in policies\.loans \(did you mean "amount"\? known keys: start, amount, per_month, term, default_on_exit\)$/ }, ['policies.loans.amont=5']);
    expect(err.format()).toMatch(/^--set policies\.loans\.amont=5: unknown key "amont"/);
    await failsWith(base, { file: '--set', message: /unknown key "bogus" at the top level \(known keys: name, description, seed/ }, ['bogus=1']);
    await failsWith(base, { file: '--set', message: 'reps is a single value, it has no key "x"' }, ['reps.x=1']);
  });

  it('rejects a malformed override', async () => {
    await failsWith(base, { file: '--set', override: 'population.agents', message: /expected path=value/ }, ['population.agents']);
    await failsWith(base, { file: '--set', message: /missing the key path/ }, ['=3']);
    await failsWith(base, { file: '--set', message: /cannot read the value/ }, ['reps={']);
  });

  it('reports bad override values in the order given', async () => {
    const err = await fails(base, ['policies.loans.amount=abc', 'elite.education=phd']);
    expect(err.problems.map((p) => p.override)).toEqual(['policies.loans.amount=abc', 'elite.education=phd']);
  });

  it('reports every bad override at once', async () => {
    const err = await fails(base, ['x', 'y.z=1']);
    expect(err.problems.map((p) => p.override)).toEqual(['x', 'y.z=1']);
    expect(err.format().split('\n')).toHaveLength(2);
  });

  it('blames the override for a bad value', async () => {
    const err = await failsWith(base, { file: '--set', path: 'policies.loans.amount', override: 'policies.loans.amount=abc', message: 'expected a number, got "abc"' }, ['policies.loans.amount=abc']);
    expect(err.format()).toBe('--set policies.loans.amount=abc: expected a number, got "abc"');
    const deep = await failsWith(base, { file: '--set', path: 'county.network_cost.points.2015' }, ['county.network_cost={interpolation: step, points: {2015: -1}}']);
    expect(deep.format()).toBe('--set county.network_cost={interpolation: step, points: {2015: -1}}: county.network_cost.points.2015: must be at least 0, got -1');
  });

  it('will not descend into a constant timeline', async () => {
    await failsWith(fromScenarios('no-infrastructure.yaml'), { file: '--set', message: /county\.network_coverage is 0\.2, not a mapping/ }, ['county.network_coverage.points.2015=1']);
  });
});

describe('errors name the file, key path and line', () => {
  it('unknown key', async () => {
    const file = await put('unknown.yaml', 'name: x\npolicies:\n  loans:\n    per_moth: 4\n');
    const err = await failsWith(file, { file, path: 'policies.loans.per_moth', line: 4, column: 5 });
    expect(err.format()).toBe(`${file}:4: policies.loans.per_moth: unknown key "per_moth" (did you mean "per_month"? known keys: start, amount, per_month, term, default_on_exit)`);
    const top = await put('unknown-top.yaml', 'name: x\nbogus: 1\n');
    await failsWith(top, { path: 'bogus', line: 2, message: /^unknown key "bogus" \(known keys: name, description, seed, start, end, reps, snapshots, scale, population,/ });
  });

  it('wrong type', async () => {
    const file = await put('type.yaml', 'name: x\npolicies:\n  loans:\n    amount: abc\n');
    const err = await failsWith(file, { file, path: 'policies.loans.amount', line: 4, message: 'expected a number, got "abc"' });
    expect(err.format()).toBe(`${file}:4: policies.loans.amount: expected a number, got "abc"`);
    await failsWith(await put('int.yaml', 'name: x\nreps: 1.5\n'), { path: 'reps', line: 2, message: 'expected a whole number, got 1.5' });
    await failsWith(await put('null.yaml', 'name: x\nepidemic:\n'), { path: 'epidemic', line: 2, message: /expected a mapping .*got an empty value/ });
    await failsWith(await put('enum.yaml', 'name: x\nelite: {education: phd}\n'), { path: 'elite.education', line: 2, message: /expected one of high_school, college, bachelor, master, doctorate, got "phd"/ });
    await failsWith(await put('month.yaml', 'name: x\nstart: 2015-13\n'), { path: 'start', line: 2, message: 'expected a month YYYY-MM (years 1000-9999), got "2015-13"' });
  });

  it('bad timelines', async () => {
    await failsWith(await put('tl1.yaml', 'name: x\ncounty:\n  network_cost: cheap\n'), { path: 'county.network_cost', line: 3, message: 'expected a number or a mapping {interpolation, points}, got "cheap"' });
    await failsWith(await put('tl2.yaml', 'name: x\ncounty:\n  network_cost:\n    interpolation: cubic\n    points: {2015: 1}\n'), { path: 'county.network_cost.interpolation', line: 4, message: /expected one of linear, step/ });
    await failsWith(await put('tl3.yaml', 'name: x\ncounty:\n  network_cost:\n    interpolation: step\n    points:\n      2015x: 1\n'), { path: 'county.network_cost.points.2015x', line: 6, message: /timeline keys are months/ });
  });

  it('out-of-range value', async () => {
    const file = await put('range.yaml', 'name: x\ncounty:\n  smartphone_use: 2\n');
    await failsWith(file, { file, path: 'county.smartphone_use', line: 3, message: 'must be at most 1, got 2' });
    await failsWith(await put('agents.yaml', 'name: x\npopulation:\n  emigrants: 1000\n  agents: 2000\n'), { path: 'population.agents', line: 4, message: /agents must not exceed emigrants/ });
  });

  it('an invalid name taken from the file name says so', async () => {
    await failsWith(await put('has space.yaml', 'reps: 2\n'), { path: 'name', message: /got "has space" \(taken from the file name; add name: to the file\)/ });
  });

  it('blames the file of the chain that set the value', async () => {
    const baseFile = await put('blame/base.yaml', 'name: b\nreps: 2\npopulation:\n  agents: -3\n');
    const child = await put('blame/child.yaml', 'extends: base.yaml\npopulation:\n  emigrants: 1000\n');
    await failsWith(child, { file: baseFile, path: 'population.agents', line: 4 });
  });

  it('reports every problem, one line each, in reading order', async () => {
    const file = await put('many.yaml', 'name: x\nreps: 0\nbogus: 1\npopulation:\n  agents: abc\n');
    const err = await fails(file);
    expect(err.problems.map((p) => [p.path, p.line])).toEqual([
      ['reps', 2],
      ['bogus', 3],
      ['population.agents', 5],
    ]);
    expect(err.message.split('\n')).toHaveLength(3);
    expect(err.message).toBe(err.format());
  });

  it('broken YAML, with the line', async () => {
    const file = await put('broken.yaml', 'name: x\npopulation:\n  agents: 3\n bad: 2\n');
    const err = await failsWith(file, { file, path: '', line: 4, message: /^YAML syntax: / });
    expect(err.format()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4: YAML syntax: `));
    await failsWith(await put('dup.yaml', 'name: x\nname: y\n'), { line: 2, message: /unique/ });
  });

  it('a top level that is not a mapping', async () => {
    await failsWith(await put('list.yaml', '- a\n- b\n'), { path: '', message: /expected a mapping of scenario keys .*got a list/ });
    await failsWith(await put('empty.yaml', ''), { path: '', message: /got an empty file/ });
  });

  it('missing or unreadable file', async () => {
    const file = path.join(dir, 'missing.yaml');
    const err = await failsWith(file, { file, path: '', message: 'cannot read the file: no such file' });
    expect(err.line).toBeUndefined();
    expect(err.format()).toBe(`${file}: cannot read the file: no such file`);
    await failsWith(dir, { file: dir, message: /cannot read the file: it is a directory/ });
  });

  it('ScenarioError has no stack trace in its message', async () => {
    const err = await fails(path.join(dir, 'missing.yaml'));
    expect(err.message).not.toMatch(/\n\s+at /);
    expect(err.name).toBe('ScenarioError');
  });
});

describe('idempotence', () => {
  const roundTrip = async (file: string, overrides: string[] = []) => {
    const first = (await loadScenario(file, overrides)).scenario;
    const json = await put(`resolved-${first.name}.json`, JSON.stringify(first, null, 2));
    expect((await loadScenario(json)).scenario).toEqual(first);
    const yaml = await put(`resolved-${first.name}.yaml`, stringify(first));
    expect((await loadScenario(yaml)).scenario).toEqual(first);
  };

  it('a resolved scenario loads back to itself', async () => {
    await roundTrip(fromScenarios('qingyang.yaml'));
    await roundTrip(fromScenarios('no-infrastructure.yaml'));
    await roundTrip(fromScenarios('no-policies.yaml'), ['county.network_cost={interpolation: step, points: {2015: 300}}', 'name=with-set']);
  });

  it('loads do not share default timelines', async () => {
    const a = (await loadScenario(await put('share-a.yaml', 'name: a\n'))).scenario;
    const wage = a.labour.wage_index;
    if (typeof wage === 'number') throw new Error('expected a timeline');
    wage.points['2015'] = 99;
    const b = (await loadScenario(await put('share-b.yaml', 'name: b\n'))).scenario;
    expect(b.labour.wage_index).toMatchObject({ points: { '2015': 1 } });
  });
});
