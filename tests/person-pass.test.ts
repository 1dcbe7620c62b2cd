// The person pass runs one source (src/model/kernel/person-pass.ts) as WebAssembly or as JavaScript: both give the
// same bytes, HOMEWARD_PERSON_PASS forces either, and a replication whose persons or channels do not fit the
// WebAssembly memory runs (or goes on) in JavaScript. Runs in-process, on the sources, with the build's .wasm.
import { afterEach, describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { definition } from '../src/model/definition.js';
import { ModelState } from '../src/model/state.js';
import { exp, logistic, trait, traitCode } from '../src/model/kernel/person-pass.js';
import { loadScenario } from '../src/scenario/load.js';
import { formatMonth, parseMonth } from '../src/scenario/month.js';
import type { Scenario } from '../src/scenario/schema.js';
import { requireBuild } from './support/cli.js';
import { Random } from '../src/core/random.js';

const SAVED = { pass: process.env.HOMEWARD_PERSON_PASS, cap: process.env.HOMEWARD_WASM_MAX_MIB };
afterEach(() => {
  for (const [name, value] of [['HOMEWARD_PERSON_PASS', SAVED.pass], ['HOMEWARD_WASM_MAX_MIB', SAVED.cap]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The baseline with `agents` agents over `months` months (the channels outgrow the pass's first room in a few years). */
async function small(agents: number, months: number): Promise<Scenario> {
  const start = (await loadScenario('scenarios/qingyang.yaml')).scenario.start;
  return (await loadScenario('scenarios/qingyang.yaml', [`population.agents=${agents}`, `end=${formatMonth(parseMonth(start) + months - 1)}`])).scenario;
}

/** One replication, with the person pass taken as `env` says: its metric columns and creator snapshots as bytes, and the path it ended on. */
function run(scenario: Scenario, env: { pass?: string; capMiB?: number }, prepare?: (m: ModelState) => void): { bytes: string; path: string } {
  if (env.pass === undefined) delete process.env.HOMEWARD_PERSON_PASS;
  else process.env.HOMEWARD_PERSON_PASS = env.pass;
  if (env.capMiB === undefined) delete process.env.HOMEWARD_WASM_MAX_MIB;
  else process.env.HOMEWARD_WASM_MAX_MIB = String(env.capMiB);
  let state: ModelState | undefined;
  const model = {
    ...definition,
    create: (s: Scenario, seed: number) => {
      state = definition.create(s, seed);
      prepare?.(state);
      return state;
    },
  };
  const result = simulate(model, scenario, { rep: 0, seed: 20260 });
  const columns = result.columns.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64')).join();
  return { bytes: `${columns}|${JSON.stringify(result.snapshots)}|${result.agentSteps}`, path: state!.personPass.path };
}

describe('person pass', () => {
  it('gives the same bytes in WebAssembly and in JavaScript, the WebAssembly memory growing with the channels', async () => {
    requireBuild();
    const scenario = await small(3000, 120);
    const wasm = run(scenario, { pass: 'wasm' });
    const js = run(scenario, { pass: 'js' });
    expect([wasm.path, js.path]).toEqual(['wasm', 'js']);
    expect(wasm.bytes).toBe(js.bytes);
    // Without HOMEWARD_PERSON_PASS, WebAssembly (it loads here: the build made it).
    expect(run(scenario, {}).path).toBe('wasm');
    // The channels outgrew the first room (so the memory grew during the run, and the bytes above held through it).
    const m = new ModelState(scenario, 1);
    const first = m.personPass.bytes;
    for (let t = 0; t < 120; t++) for (const step of definition.schedule) step.run(m, t);
    expect(m.personPass.bytes).toBeGreaterThan(first);
  }, 120_000);

  it('runs in JavaScript, on the same source and with the same bytes, when the persons or their channels do not fit the WebAssembly memory', async () => {
    requireBuild();
    const scenario = await small(3000, 120);
    const wasm = run(scenario, { pass: 'wasm' });
    // A cap below what the persons need from the start: the JavaScript pass from the first month.
    const tooSmall = run(scenario, { capMiB: 0.25 });
    expect(tooSmall.path).toBe('js');
    expect(tooSmall.bytes).toBe(wasm.bytes);
    // A cap the persons fit but their channels outgrow: WebAssembly first, then the columns copied out and JavaScript.
    process.env.HOMEWARD_PERSON_PASS = 'wasm';
    delete process.env.HOMEWARD_WASM_MAX_MIB;
    const start = new ModelState(scenario, 1).personPass.bytes;
    const midway = run(scenario, { capMiB: start / 2 ** 20 });
    expect(midway.path).toBe('js');
    expect(midway.bytes).toBe(wasm.bytes);
    // Forced WebAssembly that cannot fit is an error, not a silent fallback.
    expect(() => run(scenario, { pass: 'wasm', capMiB: 0.25 })).toThrow(/do not fit a WebAssembly memory/);
  }, 120_000);

  it('decides alike in WebAssembly and JavaScript, without trapping, for persons whose utility is infinite, not a number, or beyond the range of exp', async () => {
    // The WebAssembly build converts doubles to integers with trapping instructions (--disable nontrapping-f2i): this
    // holds only if every conversion the pass makes is in range, whatever the utility.
    requireBuild();
    const scenario = await small(3000, 24);
    // The utilities divide by the wage: a wage of 0 makes them infinite or NaN; a subnormal one makes them about 1e40,
    // beyond the grid and beyond the range where exp is finite.
    const extreme = (m: ModelState) => {
      for (let i = 0; i < m.persons.count; i++) {
        if (i % 7 === 0) m.persons.wage[i] = 0;
        else if (i % 11 === 0) m.persons.wage[i] = 1e-40;
      }
    };
    const wasm = run(scenario, { pass: 'wasm' }, extreme);
    const js = run(scenario, { pass: 'js' }, extreme);
    expect([wasm.path, js.path]).toEqual(['wasm', 'js']);
    expect(wasm.bytes).toBe(js.bytes);
    expect(wasm.bytes).not.toBe(run(scenario, { pass: 'wasm' }).bytes);
  }, 120_000);

  it('keeps traits on a 16-bit grid: q / 65535, both ends exact, each value to its nearest code, a code read and written again unchanged', () => {
    expect(trait(0)).toBe(0);
    expect(trait(65535)).toBe(1);
    expect(traitCode(0)).toBe(0);
    expect(traitCode(1)).toBe(65535);
    // Beyond 0..1, the nearer end: a code never wraps around in its 16 bits.
    expect(traitCode(1.25)).toBe(65535);
    expect(traitCode(-0.25)).toBe(0);
    // Within an ulp of q / 65535 (one multiplication by the double nearest 1/65535), and stable on the grid.
    const off: number[] = [];
    for (let q = 0; q <= 65535; q++) if (Math.abs(trait(q) - q / 65535) > Number.EPSILON / 2 || traitCode(trait(q)) !== q) off.push(q);
    expect(off).toEqual([]);
    // The nearest code: off by at most half a step (the resolution is 1/65535).
    const draws = new Random(5);
    for (let k = 0; k < 10000; k++) {
      const x = draws.uniform();
      expect(Math.abs(trait(traitCode(x)) - x)).toBeLessThanOrEqual(0.5 / 65535 + Number.EPSILON);
    }
  });

  it('computes exp as V8 Math.exp does (fdlibm), bit for bit, so the JavaScript path keeps the bytes Math.exp gave', () => {
    // Arguments over the range the logistic meets and beyond, the branch points of fdlibm's reduction, and the specials.
    const xs = [0, -0, 1, -1, 0.5, 0.3465735912322998, 1.0397205352783203, 709.78, 709.79, -745.1, -745.2, 1e-10, -1e-10, Infinity, -Infinity, NaN];
    let seed = 7;
    for (let k = 0; k < 200_000; k++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      xs.push((seed / 2 ** 32 - 0.5) * (k % 2 ? 80 : 1500));
    }
    const differ = xs.filter((x) => !Object.is(exp(x), Math.exp(x)));
    expect(differ).toEqual([]);
    expect(logistic(0)).toBe(0.5);
  });
});
