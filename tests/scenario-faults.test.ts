// Scenario files that passed key by key but were wrong, YAML that was refused without a line, and inputs whose
// cost grew quadratically: each is now one located message (file, key path, line), found in linear time.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../src/cli/validate.js';
import { checkOutputName, loadWithOptions } from '../src/scenario/options.js';
import { MAX_PROBLEMS, ScenarioError, UsageError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { writeText } from './support/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'homeward-scenario-faults-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const put = (name: string, text: string | Buffer) => writeText(dir, name, typeof text === 'string' ? text : text.toString('latin1'));

async function problems(file: string, overrides: string[] = []): Promise<string[]> {
  const err = await validateCommand(file, overrides, () => undefined).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScenarioError);
  return (err as ScenarioError).message.split('\n');
}

describe('accepted but wrong, now refused', () => {
  it('the same month twice in a timeline', async () => {
    const file = await put('month-twice.yaml', 'name: x\ncounty:\n  network_cost: {interpolation: step, points: {2017: 300, 2017-01: 999}}\n');
    expect(await problems(file)).toEqual([`${file}:3: county.network_cost.points.2017-01: the same month as "2017" (a year is its January): give each month once`]);
  });

  it('education shares all 0, exit_age <= entry_age', async () => {
    const shares = await put('shares.yaml', 'name: x\npopulation:\n  education: {high_school: 0, college: 0, bachelor: 0, master: 0, doctorate: 0}\n');
    expect(await problems(shares)).toEqual([`${shares}:3: population.education: the shares are all 0; at least one must be above 0 (they are normalised to sum to 1)`]);
    const ages = await put('ages.yaml', 'name: x\npopulation:\n  entry_age: 30\n  exit_age: 30\n');
    expect(await problems(ages)).toEqual([`${ages}:4: population.exit_age: must be above entry_age (30), got 30: nobody would be of working age`]);
  });

  it('an unknown path in the file\'s sweep.params fails validate', async () => {
    const file = await put('sweep.yaml', 'name: x\nsweep:\n  params:\n    policies.nope: 1,2\n');
    expect((await problems(file))[0]).toMatch(/sweep\.params\.policies\.nope: unknown key "nope" in policies/);
  });

  it('network_cost: {} in a variant replaces the base\'s timeline (an error, blamed on the variant)', async () => {
    await put('base.yaml', 'name: b\ncounty:\n  network_cost: {interpolation: step, points: {2015: 300}}\n');
    const variant = await put('variant.yaml', 'name: v\nextends: base.yaml\ncounty:\n  network_cost: {}\n');
    expect(await problems(variant)).toEqual([`${variant}:4: county.network_cost: expected a number or a mapping {interpolation, points}, got a mapping`]);
  });

  it('seed: 1e308 is one message', async () => {
    const file = await put('seed.yaml', 'name: x\nseed: 1e308\n');
    expect(await problems(file)).toEqual([`${file}:2: seed: must be at most 4294967295, got 1e+308`]);
  });
});

describe('names and months validated where they are read', () => {
  it('a name that is not a safe file name: "..", ".", "a/b", 300 characters', async () => {
    const file = await put('ok.yaml', 'name: ok\n');
    for (const name of ['..', '.', '.hidden', 'a/b', '-x', 'a'.repeat(300)]) {
      const [line] = await problems(file, [`name=${name}`]);
      expect(line).toMatch(/^--set name=.*: (must be (a safe file name|at most 100 characters)|names use letters, digits, _ . -)/);
    }
    expect(() => checkOutputName('..')).toThrow(UsageError);
    expect(() => checkOutputName('ok-1.2')).not.toThrow();
  });

  it('years 1000-9999; --months is named, not the end it becomes', async () => {
    const zero = await put('year0.yaml', 'name: x\nstart: 0000-01\n');
    expect(await problems(zero)).toEqual([`${zero}:2: start: expected a month YYYY-MM (years 1000-9999), got "0000-01"`]);
    const late = await put('late.yaml', 'name: x\nstart: 9999-01\nend: 9999-12\n');
    await expect(loadWithOptions(late, { set: [], months: 10000 })).rejects.toThrow(new UsageError('--months must be at most 1200 (the longest run), got 10000'));
    await expect(loadWithOptions(late, { set: [], months: 13 })).rejects.toThrow(new UsageError('--months 13 from 9999-01 would end after 9999-12; give at most 12'));
  });
});

describe('YAML located, binary not echoed', () => {
  it('undefined aliases, alias bombs, complex and null keys, duplicate keys: one located message each', async () => {
    const cases: [string, string, RegExp][] = [
      ['alias.yaml', 'name: x\nseed: *nope\n', /:2: the alias \*nope refers to no anchor set before it$/],
      ['bomb.yaml', 'name: x\na: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n', /:3: YAML: Excessive alias count/],
      ['complex.yaml', 'name: x\n? [a, b]\n: 1\n', /:2: a key must be a name, not a list or mapping$/],
      ['null.yaml', 'name: x\n~: 5\n', /:2: a key is missing \(an empty or null key\)$/],
      ['dup.yaml', 'name: x\nseed: 1\nseed: 2\n', /:3: the key "seed" is given twice in one mapping/],
    ];
    for (const [name, text, message] of cases) {
      const lines = await problems(await put(name, text));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  });

  it('a binary file is one short message', async () => {
    const bytes = Buffer.alloc(100_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    const lines = await problems(await put('binary.yaml', bytes));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.length).toBeLessThan(300);
  });
});

describe('linear, not quadratic', () => {
  it('10,000 unknown keys: the first 20 and a count', async () => {
    const file = await put('many.yaml', ['name: x', ...Array.from({ length: 10_000 }, (_, i) => `unknown_key_${i}: 1`)].join('\n') + '\n');
    const lines = await problems(file);
    expect(lines).toHaveLength(MAX_PROBLEMS + 1);
    expect(lines.at(-1)).toBe(`${file}: and ${10_000 - MAX_PROBLEMS} more problems`);
  });

  it('a valid 20,000-point timeline loads', async () => {
    const points = Array.from({ length: 20_000 }, (_, i) => `      ${1000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}: ${100 + (i % 50)}`);
    const file = await put('long.yaml', ['name: x', 'county:', '  network_cost:', '    interpolation: linear', '    points:', ...points].join('\n') + '\n');
    const { scenario } = await loadScenario(file);
    expect(Object.keys((scenario.county.network_cost as { points: object }).points)).toHaveLength(20_000);
  });
});
