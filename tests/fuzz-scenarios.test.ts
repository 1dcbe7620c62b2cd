// Property-based fuzz of scenario files (fast-check): random keys of the schema with values of any type, unknown keys,
// odd names, months and timelines, then random damage to the text. Whatever the file, validating it either succeeds
// (exit 0) or fails with a ScenarioError (exit 2) whose every problem is located (a line, a key path or the --set);
// never another error. A few of the files also go through the CLI.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { validateCommand } from '../src/cli/validate.js';
import { describeParameters, type ParameterInfo } from '../src/scenario/describe.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { requireBuild } from './support/cli.js';
import { firstThroughCli } from './support/in-process.js';

let dir: string;
let count = 0;
beforeAll(async () => {
  requireBuild();
  dir = await mkdtemp(path.join(tmpdir(), 'homeward-fuzz-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const PARAMETERS = describeParameters();
const PATHS = PARAMETERS.map((p) => p.path);

const month = fc.oneof(
  fc.constantFrom('2015-01', '2017', '2020-06', '0000-01', '0999-12', '1000-01', '9999-12', '2017-13', '2017-1', ''),
  fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`),
);

const scalar = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(), // NaN and ±Infinity included: YAML .nan and .inf
  fc.constantFrom(0, 1, -1, 1e308, 0.5, 4294967296, Number.MAX_SAFE_INTEGER + 2),
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  month,
);

const timeline = fc.record({
  interpolation: fc.constantFrom('linear', 'step', 'cubic', ''),
  points: fc.dictionary(fc.oneof(month, fc.string({ maxLength: 6 })), fc.oneof(fc.double(), fc.integer({ min: -10, max: 10_000 }), fc.string({ maxLength: 4 })), { maxKeys: 4 }),
});

const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: timeline },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }) },
);

/** A value a parameter accepts (within its range, of its type), so many files are valid. */
function plausible(info: ParameterInfo): fc.Arbitrary<unknown> {
  const lo = info.min ?? -1000;
  const hi = Math.min(info.max ?? 1e6, lo + 1e6);
  const number = info.type === 'integer' ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true });
  switch (info.type) {
    case 'number':
    case 'integer':
      return number;
    case 'timeline':
      return fc.oneof(number, fc.record({ interpolation: fc.constantFrom('linear', 'step'), points: fc.dictionary(fc.constantFrom('2015', '2016-06', '2020-01', '2030-12'), number, { minKeys: 1, maxKeys: 3 }) }));
    case 'month':
      return fc.constantFrom('2015-01', '2018-06', '2020-01');
    default:
      return info.options ? fc.constantFrom(...info.options) : fc.constant(info.default);
  }
}

const name = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('fuzz', 'a.b-c_1') },
  { weight: 1, arbitrary: fc.constantFrom('..', '.', '-x', 'a/b', '', 'x'.repeat(120)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

/** A scenario as data: a name and a few keys set by dot path (known ones mostly, now and then an unknown one). */
const scenario = fc
  .record({
    name: fc.option(name, { nil: undefined }),
    keys: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...PARAMETERS).chain((info) => plausible(info).map((v): [string, unknown] => [info.path, v])) },
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...PATHS), value) },
        { weight: 1, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), value) },
      ),
      { maxLength: 6 },
    ),
  })
  .map(({ name: n, keys }) => {
    const data: Record<string, unknown> = {};
    if (n !== undefined) data['name'] = n;
    for (const [p, v] of keys) {
      const parts = p.split('.');
      let node = data;
      for (const part of parts.slice(0, -1)) {
        const next = node[part];
        node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[part] = {});
      }
      node[parts.at(-1)!] = v;
    }
    return data;
  });

/** Damage to the text: cut a piece out, insert a few characters, or repeat a line. */
const damage = fc.oneof(
  { weight: 4, arbitrary: fc.constant((t: string) => t) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, n]) => (t: string) => t.slice(0, at % (t.length + 1)) + t.slice((at % (t.length + 1)) + n)) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 6, unit: fc.constantFrom(':', '-', ' ', '\n', '{', '[', '&', '*', '?', '!', '"', 'a', '1', '\t', '#', '|') })).map(([at, s]) => (t: string) => t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1))) },
  {
    weight: 1,
    arbitrary: fc.nat().map((at) => (t: string) => {
      const lines = t.split('\n');
      const i = at % lines.length;
      return [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)].join('\n');
    }),
  },
);

const file = fc.tuple(scenario, damage).map(([data, hurt]) => hurt(stringify(data)));

async function write(text: string): Promise<string> {
  const f = path.join(dir, `fuzz-${count++}.yaml`);
  await writeFile(f, text);
  return f;
}

describe('fuzzed scenario files', () => {
  it('validate succeeds, or fails with located problems only, never another error', async () => {
    const outcomes = { valid: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const f = await write(text);
        const err = await validateCommand(f, [], () => undefined).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (err === undefined) {
          outcomes.valid++;
          return;
        }
        outcomes.refused++;
        expect(err).toBeInstanceOf(ScenarioError);
        for (const p of (err as ScenarioError).problems) {
          expect(p.line !== undefined || p.path !== '' || p.override !== undefined, `not located: ${JSON.stringify(p)}\n${text}`).toBe(true);
          expect(p.message.length).toBeLessThan(2000);
        }
      }),
      { numRuns: 400, seed: 20261127 },
    );
    // The generator reaches both sides: files that pass and files that are refused.
    expect(outcomes, JSON.stringify(outcomes)).toBeDefined();
    expect(outcomes.valid).toBeGreaterThan(20);
    expect(outcomes.refused).toBeGreaterThan(100);
  }, 60_000);

  it('through the CLI: exit 0, or exit 2 with "error: <file>:<line>: ..." lines and no stack trace', async () => {
    // The first through the CLI itself (the process's exit code and stderr), the others in-process through the same
    // program, where code and message are made (support/in-process.ts).
    const texts = fc.sample(file, { numRuns: 6, seed: 7 });
    for (const [i, text] of texts.entries()) {
      const f = await write(text);
      const ran = await firstThroughCli(i)(['validate', f]);
      expect([0, 2]).toContain(ran.code);
      if (ran.code === 2) {
        expect(ran.stderr).toMatch(/^error: /);
        expect(ran.stderr).not.toMatch(/\n\s+at /);
        for (const line of ran.stderr.replace(/^error: /, '').trimEnd().split('\n')) expect(line.startsWith(f)).toBe(true);
      }
    }
  }, 60_000);
});
