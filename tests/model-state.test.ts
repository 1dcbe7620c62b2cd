// The model's event-driven bookkeeping against a recount from scratch: acquaintance counters, status
// counts and channels must match the persons' actual states after a full run, or role models and
// metrics would silently drift.
import { describe, expect, it } from 'vitest';
import { stepMonth } from '../src/engine/simulate.js';
import { definition } from '../src/model/definition.js';
import type { ModelState } from '../src/model/state.js';
import { Flag, flagOf, isHome, Status, STATUS_COUNT } from '../src/model/persons.js';
import { loadScenario } from '../src/scenario/load.js';
import { acquaintancesOf } from '../src/model/ties.js';

async function runModel(seed: number, months?: number): Promise<ModelState> {
  const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=20000']);
  const m = definition.create(scenario, seed);
  const columns = definition.metrics.map(() => new Float64Array(m.tl.months));
  for (let t = 0; t < (months ?? m.tl.months); t++) stepMonth(definition, m, t, columns);
  return m;
}

describe('model bookkeeping', { timeout: 60_000 }, () => {
  it('acquaintance counters, status counts and channels match a recount after 2015-2030', async () => {
    const m = await runModel(7);
    // The counters as the next person pass reads them: with what the last month told since the last pass.
    m.settleAcquaintances();
    const p = m.persons;
    const statusCount = new Float64Array(STATUS_COUNT);
    let mismatches = 0;
    for (let i = 0; i < p.count; i++) {
      statusCount[p.status[i]!]!++;
      let home = 0;
      let elite = 0;
      let successful = 0;
      for (const j of acquaintancesOf(m.ties, i)) {
        if (!isHome(p.status[j]!)) continue;
        home++;
        if (flagOf(p, j, Flag.Elite)) elite++;
        if (p.channel[j]! >= 0 && m.channels.successful[p.channel[j]!]) successful++;
      }
      if (home !== p.peersHome[i] || elite !== p.elitePeersHome[i] || successful !== p.successfulPeers[i]) mismatches++;
      // A creator's channel is open and owned by them; nobody else holds a channel.
      const c = p.channel[i]!;
      if (p.status[i] === Status.HomeCreator) {
        expect(c).toBeGreaterThanOrEqual(0);
        expect(m.channels.open[c]).toBe(1);
        expect(m.channels.owner[c]).toBe(i);
      } else expect(c).toBe(-1);
    }
    expect(mismatches).toBe(0);
    expect(Array.from(m.statusCount)).toEqual(Array.from(statusCount));
    // Every open channel is in the active list and every listed channel is open.
    let open = 0;
    for (let c = 0; c < m.channels.size; c++) open += m.channels.open[c]!;
    expect(m.channels.activeCount).toBe(open);
    // The run exercised the mechanisms being checked.
    expect(statusCount[Status.HomeCreator]).toBeGreaterThan(0);
    expect(m.left).toBeGreaterThan(0);
  });

  it('the same seed gives the same run; another seed another', async () => {
    const run = async (seed: number) => {
      const { scenario } = await loadScenario('scenarios/qingyang.yaml', ['population.agents=5000']);
      const m = definition.create(scenario, seed);
      const columns = definition.metrics.map(() => new Float64Array(m.tl.months));
      for (let t = 0; t < m.tl.months; t++) stepMonth(definition, m, t, columns);
      return columns.map((c) => Array.from(c));
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });
});
