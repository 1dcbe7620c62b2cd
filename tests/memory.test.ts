// Memory per person, ties built in place, and runs too large for the machine refused before they start.
import { describe, expect, it } from 'vitest';
import { rowBytes } from '../src/core/columns.js';
import { CHANNEL_COLUMNS } from '../src/model/channels.js';
import { checkFits, machineBytes, personBytes, personCount, replicationBytes } from '../src/model/memory.js';
import { PERSON_COLUMNS } from '../src/model/persons.js';
import { Random } from '../src/core/random.js';
import { createTies } from '../src/model/ties.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { readdir } from 'node:fs/promises';
import { homeward, removeDir, tempDir } from './support/cli.js';

const GIB = 2 ** 30;

describe('memory', () => {
  it('takes at most 100 bytes a person, ties included, in the baseline', async () => {
    const { scenario } = await loadScenario('scenarios/qingyang.yaml');
    expect(rowBytes(PERSON_COLUMNS)).toBe(61);
    expect(rowBytes(CHANNEL_COLUMNS)).toBe(48);
    expect(personBytes(scenario)).toBeLessThanOrEqual(100);
  });

  it('fits 100 million agents for 192 months in 24 GiB', async () => {
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.emigrants=100000000', 'population.agents=100000000']);
    expect(personCount(scenario)).toBe(100_000_000 + Math.round(100_000_000 * scenario.population.annual_inflow * 16));
    expect(replicationBytes(scenario)).toBeLessThan(22 * GIB);
  });

  it('refuses a run that would not fit, naming population.agents and the memory it needs', async () => {
    // Enough local ties that 199 million persons (100 million agents and 16 years of new emigrants) cannot fit.
    const ties = Math.min(50, Math.ceil((machineBytes() / 199e6 - 73) / 8) + 1);
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.emigrants=100000000', 'population.agents=100000000', `population.local_ties=${ties}`]);
    const err = (() => {
      try {
        checkFits(scenario, 'scenarios/qingyang.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ScenarioError);
    const message = (err as ScenarioError).format();
    expect(message).toContain('population.agents');
    expect(message).toMatch(/need about \d+(\.\d)? GiB for one replication/);
  });
});

describe('memory, from the command line', () => {
  it('refuses before anything runs, with exit 2 and no output directory', async () => {
    const out = await tempDir();
    const ran = await homeward(['run', 'scenarios/qingyang.yaml', '--agents', '100000000', '--set', 'population.emigrants=100000000', '--set', 'population.local_ties=50', '--out', out, '--quiet']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/scenarios\/qingyang\.yaml: population\.agents: 100,000,000 agents need about \d+(\.\d)? GiB/);
    expect(await readdir(out)).toEqual([]);
    await removeDir(out);
  });
});

describe('ties built in place', () => {
  it('are mutual, local where the village allows, with each person making the ties asked for', () => {
    const villageStart = Int32Array.from([0, 1, 40, 40, 300]); // a village of one, of 39, an empty one, of 260
    const local = 3;
    const county = 2;
    const { offsets, neighbours } = createTies(villageStart, local, county, new Random(5));
    const n = 300;
    expect(offsets[0]).toBe(0);
    expect(offsets[n]).toBe(neighbours.length);
    const village = (i: number) => [1, 40, 40, 300].findIndex((end) => i < end);
    const count = new Map<string, number>();
    let localEnds = 0;
    for (let i = 0; i < n; i++) {
      expect(offsets[i + 1]! >= offsets[i]!).toBe(true);
      for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
        const j = neighbours[k]!;
        expect(j).not.toBe(i);
        const key = i < j ? `${i}-${j}` : `${j}-${i}`;
        count.set(key, (count.get(key) ?? 0) + (i < j ? 1 : 1000));
        if (village(j) === village(i)) localEnds++;
      }
    }
    // Every tie is stored at both ends: as often from the lower as from the higher id.
    for (const c of count.values()) expect(c % 1000).toBe(Math.floor(c / 1000));
    // 300 persons make 5 ties each (self-ties skipped), and the local ones stay in the village.
    expect(neighbours.length).toBeGreaterThan(2 * 5 * 300 * 0.97);
    expect(neighbours.length).toBeLessThanOrEqual(2 * 5 * 300);
    expect(localEnds).toBeGreaterThanOrEqual(2 * 3 * 299);
  });

  it('leave the stream where one drawing of the ties would', () => {
    const villageStart = Int32Array.from([0, 50, 120]);
    const a = new Random(9);
    createTies(villageStart, 2, 1, a);
    const b = new Random(9);
    for (let i = 0; i < 120 * 3; i++) b.uniform();
    expect(a.uniform()).toBe(b.uniform());
  });
});
