// Memory per person (compact ties, packed yes/no attributes), and runs too large for the machine refused before they start.
import { describe, expect, it } from 'vitest';
import { rowBytes } from '../src/core/columns.js';
import { CHANNEL_COLUMNS } from '../src/model/channels.js';
import { checkFits, machineBytes, personBytes, personCount, replicationBytes } from '../src/model/memory.js';
import { createPersons, createPopulation, drawVillages, Flag, flagOf, PERSON_COLUMNS, Status, type PopulationThreads, type Persons } from '../src/model/persons.js';
import { EDUCATION_LEVELS } from '../src/scenario/education.js';
import { Random } from '../src/core/random.js';
import { Purpose, shareRanges, startVillage } from '../src/model/village-streams.js';
import { acquaintancesOf, addToAcquaintances, createTies, tieWork, type Ties, type TieThreads } from '../src/model/ties.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { readdir } from 'node:fs/promises';
import { homeward, removeDir, tempDir } from './support/cli.js';

const GIB = 2 ** 30;

/** What checkFits throws for `scenario` (undefined if it fits). */
function fitsError(scenario: Parameters<typeof checkFits>[0]): unknown {
  try {
    checkFits(scenario, 'scenarios/qingyang.yaml');
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('memory', () => {
  it('takes at most 100 bytes a person, ties included, in the baseline', async () => {
    const { scenario } = await loadScenario('scenarios/qingyang.yaml');
    // The six traits in 16 bits (kernel/person-pass.ts traitCode): 12 bytes less than as 32-bit floats; training and
    // the loan's state as bits of `flags`: 2 less than a byte each.
    expect(rowBytes(PERSON_COLUMNS)).toBe(42);
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
    const err = fitsError(scenario);
    expect(err).toBeInstanceOf(ScenarioError);
    const message = (err as ScenarioError).format();
    expect(message).toContain('population.agents');
    expect(message).toMatch(/need about \d+(\.\d)? GiB for one replication/);
  });

  it('refuses more persons than the ties can tell apart, naming population.agents', async () => {
    // 100 million agents and half as many new emigrants a year for 16 years: 900 million persons.
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.emigrants=100000000', 'population.agents=100000000', 'population.annual_inflow=0.5']);
    const err = fitsError(scenario);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).format()).toMatch(/population\.agents: 900,000,000 persons .* more than the 268,435,456 the acquaintance ties can tell apart/);
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

/**
 * The ties as homeward 0.2 stored them, a plain list of ids per person (compressed sparse rows), drawn one by one:
 * the reference the compact lists must hold the same acquaintances as.
 */
function plainTies(villageStart: Int32Array, local: number, county: number, key: Int32Array): number[][] {
  const n = villageStart[villageStart.length - 1]!;
  const lists: number[][] = Array.from({ length: n }, () => []);
  const rng = new Random(0);
  for (let v = 0; v + 1 < villageStart.length; v++) {
    startVillage(rng, key, Purpose.TIES, v);
    const lo = villageStart[v]!;
    const size = villageStart[v + 1]! - lo;
    for (let i = lo; i < lo + size; i++) {
      for (let k = 0; k < local + county; k++) {
        const j = k < local && size > 1 ? lo + ((i - lo + 1 + rng.int(size - 1)) % size) : rng.int(n);
        if (j === i) continue;
        lists[i]!.push(j);
        lists[j]!.push(i);
      }
    }
  }
  return lists;
}

/** A replication's key (kernel/draws.ts) for the tests' ties. */
const keyOf = (n: number) => Int32Array.of(n, -7, 13, 1 << 30);

describe('ties, compact', () => {
  it('are mutual, local where the village allows, with each person making the ties asked for', () => {
    const villageStart = Int32Array.from([0, 1, 40, 40, 300]); // a village of one, of 39, an empty one, of 260
    const local = 3;
    const county = 2;
    const ties = createTies(villageStart, local, county, keyOf(5));
    const n = 300;
    expect(ties.start[0]).toBe(0);
    // The lists, then three bytes of padding for addToAcquaintances' four-byte reads.
    expect(ties.bytes.length).toBe(ties.start[n]! + 3);
    const village = (i: number) => [1, 40, 40, 300].findIndex((end) => i < end);
    const count = new Map<string, number>();
    let localEnds = 0;
    let ends = 0;
    for (let i = 0; i < n; i++) {
      for (const j of acquaintancesOf(ties, i)) {
        ends++;
        expect(j).not.toBe(i);
        const key = i < j ? `${i}-${j}` : `${j}-${i}`;
        count.set(key, (count.get(key) ?? 0) + (i < j ? 1 : 1000));
        if (village(j) === village(i)) localEnds++;
      }
    }
    // Every tie is stored at both ends: as often from the lower as from the higher id.
    for (const c of count.values()) expect(c % 1000).toBe(Math.floor(c / 1000));
    // 300 persons make 5 ties each (self-ties skipped), and the local ones stay in the village.
    expect(ends).toBeGreaterThan(2 * 5 * 300 * 0.97);
    expect(ends).toBeLessThanOrEqual(2 * 5 * 300);
    expect(localEnds).toBeGreaterThanOrEqual(2 * 3 * 299);
  });

  it('hold the acquaintances a plain list of ids holds, in chunks, and the counters they update agree', () => {
    // 100,000 persons in villages of 1 to about 91,000 (and an empty one) with 6 ties each: 1.2 million tie ends,
    // two chunks of at most 2^20; then 2^18 persons with one tie each, in chunks of 2^16 persons across villages.
    const sizes = [1, 3999, 0, 120, 2500, 91380, 1, 2, 1000, 997];
    const villageStart = Int32Array.from([0, ...sizes.map(((acc) => (x: number) => (acc += x))(0))]);
    for (const [local, county, n] of [[4, 2, 100_000], [1, 0, 2 ** 18], [0, 1, 2 ** 18]] as const) {
      const starts = n === 100_000 ? villageStart : Int32Array.from([0, 5, 1000, n]);
      const ties = createTies(starts, local, county, keyOf(11));
      const plain = plainTies(starts, local, county, keyOf(11));
      let same = true;
      for (let i = 0; i < n; i++) {
        const want = plain[i]!.sort((a, b) => a - b);
        const got = acquaintancesOf(ties, i);
        if (got.length !== want.length || got.some((j, k) => j !== want[k])) same = false;
      }
      expect(same).toBe(true);
      // addToAcquaintances adds once per tie end: summed over everyone, each person counts their own list.
      const counter = new Uint16Array(n);
      for (let i = 0; i < n; i++) addToAcquaintances(ties, i, counter, 1);
      expect(Array.from(counter).every((c, j) => c === plain[j]!.length)).toBe(true);
    }
  });

  it('are the same lists drawn and built on several threads, each a range of villages, then of chunks, as on one', () => {
    // The workers' parts (tieWork) run here, after this thread's: what pass-worker.ts runs (tests/pass-threads.test.ts
    // runs it on worker threads). 2^18 persons, 3 local ties and 2 county-wide: about 2.6 million ends, 3 chunks.
    const n = 2 ** 18;
    const villageStart = Int32Array.from({ length: 101 }, (_, v) => Math.round((n * v * v) / 10_000));
    const one = createTies(villageStart, 3, 2, keyOf(3));
    for (const [threads, cut] of [
      [2, false],
      [3, false],
      [5, false],
      [2, true],
      [3, true],
    ] as const) {
      const parts = { draw: 0, count: 0, encode: 0 };
      // Cut as the pass's threads cut them (kernel/load.ts), or not at all: then the bytes are one thread's.
      const cutAt = cut ? Array.from({ length: threads - 1 }, (_, r) => Math.floor(((r + 1) * n) / threads)) : [];
      const split: TieThreads = {
        threads,
        cutAt,
        run(jobs, own) {
          own();
          for (const job of jobs) {
            if (job.kind === 'encode' ? job.c1 > job.c0 : job.v1 > job.v0) parts[job.kind]++;
            tieWork(job);
          }
        },
      };
      const ties = createTies(villageStart, 3, 2, keyOf(3), split);
      expect(parts.draw).toBe(threads - 1);
      expect(parts.count).toBe(threads - 1);
      expect(parts.encode).toBeGreaterThan(0);
      if (!cut) {
        expect(Buffer.from(ties.bytes).equals(Buffer.from(one.bytes))).toBe(true);
        expect(Buffer.from(ties.start.buffer).equals(Buffer.from(one.start.buffer))).toBe(true);
        continue;
      }
      expect(ties.cuts).toHaveLength(threads - 1);
      // Every list the same, and each thread's part of it (what it settles) exactly the acquaintances in its persons.
      const bounds = [0, ...cutAt, n];
      const lists = new Map<number, number[]>();
      for (let i = 0; i < n; i += 7) lists.set(i, acquaintancesOf(one, i));
      for (const [i, list] of lists) expect(acquaintancesOf(ties, i)).toEqual(list);
      for (let part = 0; part < threads; part++) {
        const counter = new Uint16Array(n);
        const mine = new Uint16Array(n);
        for (const [i, list] of lists) {
          addToAcquaintances(ties, i, counter, 1, part);
          for (const j of list) if (j >= bounds[part]! && j < bounds[part + 1]!) mine[j]!++;
        }
        expect(Buffer.from(counter.buffer).equals(Buffer.from(mine.buffer))).toBe(true);
      }
    }
  }, 60_000);

  it('are encoded by threads that get about equal shares of the chunks, cut at the nearest chunk boundary', () => {
    // Nine chunks as drawTies makes them: eight just under an eighth of the ends, then the rest. Cutting after the
    // chunks that begin in the first half gave that thread five of them (55.5% of the ends); the nearest boundary four.
    const before = [0, 124, 248, 372, 496, 620, 744, 868, 992, 1000];
    expect(shareRanges(before, 2)).toEqual([0, 4, 9]);
    expect(shareRanges(before, 4)).toEqual([0, 2, 4, 6, 9]);
    // Villages by persons: ranges stay contiguous, in order, and cover every item, even with more threads than items.
    expect(shareRanges([0, 10, 30, 60, 100], 3)).toEqual([0, 2, 3, 4]);
    expect(shareRanges([0, 5], 3)).toEqual([0, 0, 1, 1]);
  });

  it('take about half the bytes of a list of ids in the baseline (2.1 a tie end)', () => {
    // 1260 villages of 200 persons, 3 local ties and 1 county-wide each: like the baseline's villages at 252,000 persons.
    const villageStart = Int32Array.from({ length: 1261 }, (_, v) => 200 * v);
    const ties = createTies(villageStart, 3, 1, keyOf(2));
    const ends = 2 * 4 * 252_000;
    // Local differences take 1 or 2 bytes, county-wide ones 3: measured 1.9 to 2.0 bytes an end at this size.
    expect(ties.bytes.length / ends).toBeLessThan(2.2);
    expect(ties.bytes.length / ends).toBeGreaterThan(1.5);
  });

  it('draw each village\'s ties from a stream of its own: a village\'s local ties stay when another village changes', () => {
    const lists = (ties: Ties, from: number, to: number) => Array.from({ length: to - from }, (_, k) => acquaintancesOf(ties, from + k));
    const a = createTies(Int32Array.from([0, 50, 120]), 2, 0, keyOf(9));
    const b = createTies(Int32Array.from([0, 50, 200]), 2, 0, keyOf(9));
    expect(lists(b, 0, 50)).toEqual(lists(a, 0, 50));
    expect(lists(b, 50, 120)).not.toEqual(lists(a, 50, 120));
    // Another key, other ties.
    expect(lists(createTies(Int32Array.from([0, 50, 120]), 2, 0, keyOf(10)), 0, 50)).not.toEqual(lists(a, 0, 50));
  });
});

describe('the population, keyed by village', () => {
  const key = Int32Array.of(11, -22, 33, -44);
  const bytesOf = (p: Persons) => Object.keys(PERSON_COLUMNS).map((k) => {
    const c = p[k as keyof typeof PERSON_COLUMNS];
    return Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64');
  });

  it('is the same bytes drawn on several threads, each a range of villages, as on one, and leaves the stream alike', async () => {
    // The workers' part (drawVillages) run here, after this thread's: what pass-worker.ts runs on POPULATION
    // (tests/pass-threads.test.ts runs it on worker threads). 20,000 agents in the scenario's villages.
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=20000']);
    const rng = new Random(8);
    const one = createPopulation(scenario, 192, rng, key);
    const next = rng.next();
    for (const threads of [2, 3, 5]) {
      let parts = 0;
      const split: PopulationThreads = {
        threads,
        run(jobs, own) {
          own();
          for (const job of jobs) {
            if (job.v1 > job.v0) parts++;
            drawVillages(job);
          }
        },
      };
      const again = new Random(8);
      const pop = createPopulation(scenario, 192, again, key, (count) => ({ persons: createPersons(count), threads: split }));
      expect(parts).toBe(threads - 1);
      expect(bytesOf(pop.persons)).toEqual(bytesOf(one.persons));
      expect(Buffer.from(pop.villageStart.buffer).equals(Buffer.from(one.villageStart.buffer))).toBe(true);
      expect(again.next()).toBe(next);
    }
    // Another key, other persons (the villages' sizes are the stream's, the same).
    const other = createPopulation(scenario, 192, new Random(8), Int32Array.of(11, -22, 33, -45));
    expect(Buffer.from(other.villageStart.buffer).equals(Buffer.from(one.villageStart.buffer))).toBe(true);
    expect(Buffer.from(other.persons.wage.buffer).equals(Buffer.from(one.persons.wage.buffer))).toBe(false);
  });

  it('starts exactly the scenario\'s agents away, spread over villages and within them as a uniform choice would be', async () => {
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=50000']);
    const { persons: p, villageStart, initial, entrants } = createPopulation(scenario, 192, new Random(5), key);
    const total = initial + entrants;
    let away = 0;
    // Each village's count against the hypergeometric's mean and sd (any `initial` of `total` alike): the largest of
    // V about-normal deviations is near sqrt(2 ln V) sd (3.8 for the scenario's 1,260 villages), so 4 sd more fails
    // only a broken split. And the initial persons' mean place in their village against a uniform's 1/2 (4
    // standard errors: a false alarm about once in 16,000 seeds).
    let worst = 0;
    let places = 0;
    let placeSum = 0;
    for (let v = 0; v + 1 < villageStart.length; v++) {
      const lo = villageStart[v]!;
      const n = villageStart[v + 1]! - lo;
      let k = 0;
      for (let i = lo; i < lo + n; i++) {
        if (p.status[i] !== Status.AwayEmployed) continue;
        k++;
        places++;
        placeSum += (i - lo + 0.5) / n;
      }
      away += k;
      const q = initial / total;
      const sd = Math.sqrt((n * q * (1 - q) * (total - n)) / (total - 1));
      if (sd > 0) worst = Math.max(worst, Math.abs(k - n * q) / sd);
    }
    expect(away).toBe(initial);
    expect(worst).toBeLessThan(4 + Math.sqrt(2 * Math.log(villageStart.length)));
    expect(Math.abs(placeSum / places - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / places));
  });
});

describe('yes/no attributes packed in one byte', () => {
  it('keep marriage, children, parents and elite apart, as the scenario draws them', async () => {
    const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=20000', 'population.emigrants=20000']);
    const { persons: p } = createPopulation(scenario, 192, new Random(3), Int32Array.of(1, 2, 3, 4));
    let married = 0;
    let children = 0;
    let parents = 0;
    let elite = 0;
    for (let i = 0; i < p.count; i++) {
      expect(p.flags[i]! & ~(Flag.Married | Flag.Children | Flag.ParentsHome | Flag.Elite)).toBe(0);
      // Children only in a marriage; elite needs at least the capital education.
      if (flagOf(p, i, Flag.Children)) expect(flagOf(p, i, Flag.Married)).toBe(1);
      if (flagOf(p, i, Flag.Elite)) expect(p.education[i]).toBeGreaterThanOrEqual(EDUCATION_LEVELS.indexOf(scenario.elite.capital_education));
      married += flagOf(p, i, Flag.Married);
      children += flagOf(p, i, Flag.Children);
      parents += flagOf(p, i, Flag.ParentsHome);
      elite += flagOf(p, i, Flag.Elite);
    }
    // Each share within 4 binomial standard errors of its probability (about 40,000 persons).
    const near = (count: number, n: number, q: number) => expect(Math.abs(count / n - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / n));
    near(parents, p.count, scenario.population.parents_home);
    near(children, married, scenario.population.children_if_married);
    expect(married).toBeGreaterThan(0);
    expect(elite).toBeGreaterThan(0);
  });
});
