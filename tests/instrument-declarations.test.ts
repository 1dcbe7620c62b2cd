// The instruments are declared once (src/scenario/instruments.ts) and the model derives the rest from the
// declarations: this walks every declaration and checks what it promises. In-process, on the tiny state of
// tests/support/tiny-state.ts; about a second.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Programme, PROGRAMMES } from '../src/model/budget.js';
import { COUNTER_NAMES } from '../src/model/counters.js';
import { SCHEDULE } from '../src/model/definition.js';
import { METRICS } from '../src/model/metrics.js';
import { describeGroups, groupAt, NUMERIC_TYPES, parameterAt } from '../src/scenario/describe.js';
import { INSTRUMENT_COUNTERS, INSTRUMENT_GROUP_ORDER, INSTRUMENTS, type CounterDeclaration } from '../src/scenario/instruments.js';
import { loadScenario } from '../src/scenario/load.js';
import { PER_COUNTY, PER_COUNTY_TIMELINES, sizedToAgents } from '../src/scenario/per-county.js';
import { runMonths, runStep, tinyState } from './support/tiny-state.js';

const countersOf = (i: (typeof INSTRUMENTS)[number]) => Object.entries(i.counters as Readonly<Record<string, CounterDeclaration>>);
const metric = (name: string) => METRICS.find((m) => m.name === name);
const valueAt = (obj: unknown, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], obj);
/** The values that switch an instrument off, as `--set` overrides; none for one that stays on. */
const offOverrides = (i: (typeof INSTRUMENTS)[number]) => ('stays' in i.off ? [] : Object.entries(i.off).map(([key, value]) => `policies.${i.group}.${key}=${value}`));

describe('each instrument declaration', () => {
  it('names a parameter group of the schema, and keys of it that are numbers', () => {
    expect(new Set(INSTRUMENTS.map((i) => i.group)).size).toBe(INSTRUMENTS.length);
    for (const i of INSTRUMENTS) {
      expect(groupAt(`policies.${i.group}`), i.group).toBeDefined();
      const keys = [...i.perCounty, ...('stays' in i.off ? [] : Object.keys(i.off))];
      for (const key of keys) expect(['number', 'integer'], `policies.${i.group}.${key}`).toContain(parameterAt(`policies.${i.group}.${key}`)?.type);
      // What runs on a schedule has the keys its schedule reads.
      if (i.runs !== 'always') expect(parameterAt(`policies.${i.group}.start`)?.type, i.group).toBe('month');
      if (i.runs === 'yearly') expect(parameterAt(`policies.${i.group}.per_year`)?.type, i.group).toBe('integer');
    }
    // The policies are the budget and the instruments' groups, in the declared order.
    const policies = describeGroups().filter((g) => /^policies\.\w+$/.test(g.path)).map((g) => g.path.slice('policies.'.length));
    expect(policies).toEqual([...INSTRUMENT_GROUP_ORDER]);
    expect(new Set(INSTRUMENT_GROUP_ORDER)).toEqual(new Set(INSTRUMENTS.map((i) => i.group)));
    expect(parameterAt('policies.budget')?.type).toBe('timeline');
  });

  it('gives the budget its lines, in order, with spend_ and (when rationed) unmet_ metrics', () => {
    expect(PROGRAMMES).toEqual(INSTRUMENTS.map((i) => i.programme));
    INSTRUMENTS.forEach((i, k) => {
      expect(Programme[i.programme], i.programme).toBe(k);
      expect(metric(`spend_${i.programme}`)?.scaled, i.programme).toBe(true);
      expect(metric(`unmet_${i.programme}`) !== undefined, `unmet_${i.programme}`).toBe(i.rationed);
    });
  });

  it('records every counter as its declared metric: unit, scaling and meaning as declared, the value the counter', async () => {
    const m = await tinyState();
    for (const i of INSTRUMENTS) {
      for (const [counter, c] of countersOf(i)) {
        const found = metric(c.metric);
        expect(found, `${i.group}.${counter}`).toBeDefined();
        expect({ unit: found!.unit, scaled: found!.scaled, doc: found!.doc }).toEqual({ unit: c.unit, scaled: c.scaled, doc: c.doc });
        m.month[counter as (typeof INSTRUMENT_COUNTERS)[number]] = 3;
        expect(found!.value(m, 0), c.metric).toBe(3);
      }
    }
    expect(new Set(INSTRUMENT_COUNTERS).size).toBe(INSTRUMENT_COUNTERS.length);
    expect(new Set(METRICS.map((m) => m.name)).size, 'each metric once').toBe(METRICS.length);
  });

  it('has its counters reset every month, by the first step', async () => {
    // Every instrument off, so that no mechanism of the first step counts anything after the reset.
    const m = await tinyState(INSTRUMENTS.flatMap(offOverrides));
    runMonths(m, 3);
    for (const name of COUNTER_NAMES) m.month[name] = 7;
    runStep(m, 3, 'world');
    expect(COUNTER_NAMES.filter((name) => m.month[name] !== 0)).toEqual([]);
    for (const name of INSTRUMENT_COUNTERS) expect(COUNTER_NAMES).toContain(name);
  });

  it('counts persons reached (the support people see) from the counters declared to reach them', async () => {
    const m = await tinyState();
    m.month.reset();
    m.month.trained = 1;
    m.month.loansIssued = 2;
    m.month.grants = 4;
    m.month.calls = 8;
    m.month.loanApplications = 16; // an application reaches no one until the loan is issued
    expect(m.month.reached).toBe(15);
  });

  it('is switched off by scenarios/no-policies.yaml, and off it spends and counts nothing', async () => {
    const { scenario } = await loadScenario('scenarios/no-policies.yaml');
    const { scenario: base } = await loadScenario('scenarios/qingyang.yaml');
    for (const i of INSTRUMENTS) {
      if ('stays' in i.off) expect(valueAt(scenario, `policies.${i.group}`), i.group).toEqual(valueAt(base, `policies.${i.group}`));
      else for (const [key, value] of Object.entries(i.off)) expect(valueAt(scenario, `policies.${i.group}.${key}`), `policies.${i.group}.${key}`).toBe(value);
    }
    // The same off-values on the tiny state, with every instrument running from its first month and money to spare.
    const starts = INSTRUMENTS.filter((i) => i.runs !== 'always').map((i) => `policies.${i.group}.start=2021-01`);
    const m = await tinyState([...starts, ...INSTRUMENTS.flatMap(offOverrides), 'policies.budget=1e12']);
    for (let t = 0; t < 24; t++) {
      for (const step of SCHEDULE) step.run(m, t);
      for (const i of INSTRUMENTS) {
        if ('stays' in i.off) continue;
        expect(m.budget.spentBy[Programme[i.programme]], `spend_${i.programme} month ${t}`).toBe(0);
        for (const [counter] of countersOf(i)) expect(m.month[counter as (typeof INSTRUMENT_COUNTERS)[number]], `${counter} month ${t}`).toBe(0);
      }
    }
  });
});

describe('values given for the real county', () => {
  it('are numbers or timelines of the schema, marked so in the parameter docs', () => {
    expect(new Set(PER_COUNTY).size).toBe(PER_COUNTY.length);
    for (const path of PER_COUNTY) {
      const info = parameterAt(path);
      expect(info && NUMERIC_TYPES.has(info.type), path).toBe(true);
      expect(info!.perCounty, path).toBe(true);
      expect(info!.type === 'timeline', path).toBe(PER_COUNTY_TIMELINES.includes(path));
    }
  });

  it('are what the model scales, exactly, and nothing else', async () => {
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=5000']);
    const scale = 5000 / 500_000;
    const sized = sizedToAgents(scenario, scale);
    for (const path of PER_COUNTY) {
      const expected = PER_COUNTY_TIMELINES.includes(path) ? valueAt(scenario, path) : (valueAt(scenario, path) as number) * scale;
      expect(valueAt(sized, path), path).toEqual(expected);
    }
    // Put the scaled values back: the rest of the scenario is untouched (and the given one is not changed).
    const back = structuredClone(sized) as unknown as Record<string, unknown>;
    for (const path of PER_COUNTY) {
      const keys = path.split('.');
      const last = keys.pop()!;
      (valueAt(back, keys.join('.')) as Record<string, unknown>)[last] = valueAt(scenario, path);
    }
    expect(back).toEqual(scenario);
    expect(scenario.policies.training.seats).toBe(1500);
  });

  it('are the ones docs/ODD.md lists as scaled (Scaling)', async () => {
    const odd = await readFile('docs/ODD.md', 'utf8');
    const bullet = /- \*\*scaled:\*\*([\s\S]*?)\n- \*\*not scaled:\*\*/.exec(odd)?.[1] ?? '';
    const named = [...bullet.matchAll(/`([a-z_]+(?:\.[a-z_]+)+)`/g)].map((m) => m[1]!);
    expect(new Set(named)).toEqual(new Set(PER_COUNTY));
  });
});
