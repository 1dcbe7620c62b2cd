import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeward, homewardOk, parseCsv, readText, removeDir, requireBuild, stopAt, tempDir, writeScenario } from './support/cli.js';

// The CLI's contract: resuming after kill -9 gives the bytes of an uninterrupted search, a bad search block exits 2
// naming its file, key and line, and a front member's scenario file reproduces its in-search figures under `run`.
const SEARCH = [
  '--lever', 'policies.training.seats',
  '--lever', 'policies.outreach.education',
  '--lever', 'policies.subsidies.fee_cut=0:0.6',
  '--maximise', 'person_years_home',
  '--minimise', 'gov_spending_total',
  '--agents', '1000', '--months', '24', '--reps', '2', '--population', '6', '--generations', '2', '--threads', '1', '--quiet',
];
const OUTPUTS = ['front.csv', 'history.csv', 'candidates.csv', 'search.json', 'scenario.json'];

describe('homeward search', () => {
  let dir: string;
  let scenario: string;
  beforeAll(async () => {
    requireBuild();
    dir = await tempDir();
    scenario = await writeScenario(dir, 'base');
  });
  afterAll(() => removeDir(dir));

  it('resumed after kill -9, writes the same bytes as an uninterrupted search', async () => {
    const whole = join(dir, 'whole');
    const killed = join(dir, 'killed');
    await homewardOk(['search', scenario, ...SEARCH, '--out', whole]);
    const stopped = await stopAt(['search', scenario, ...SEARCH, '--out', killed], 'simulating', 'SIGKILL');
    expect(stopped.signal).toBe('SIGKILL');
    await homewardOk(['search', scenario, ...SEARCH, '--out', killed]);
    for (const file of OUTPUTS) expect(await readText(killed, 'base-search', file), file).toBe(await readText(whole, 'base-search', file));
    const members = await readdir(join(whole, 'base-search', 'scenarios'));
    expect(await readdir(join(killed, 'base-search', 'scenarios'))).toEqual(members);
    for (const m of members) expect(await readText(killed, 'base-search', 'scenarios', m)).toBe(await readText(whole, 'base-search', 'scenarios', m));
  }, 120_000);

  it("gives a front member's scenario file that `homeward run` reproduces", async () => {
    const out = join(dir, 'whole');
    const front = parseCsv(await readText(out, 'base-search', 'front.csv'));
    const member = front.rows.find((r) => r[0] !== 'base')!;
    const col = (name: string) => front.header.indexOf(name);
    await homewardOk(['run', join(out, 'base-search', 'scenarios', `base-${member[0]}.yaml`), '--out', join(dir, 'runs'), '--quiet', '--no-plot', '--threads', '1']);
    const ts = parseCsv(await readText(dir, 'runs', `base-${member[0]}`, 'timeseries.csv'));
    const stock = ts.header.indexOf('returned_stock');
    // person_years_home: returned_stock summed over the months / 12, averaged over the replications.
    const years = [0, 1].map((rep) => ts.rows.filter((r) => Number(r[0]) === rep).reduce((s, r) => s + Number(r[stock]), 0) / 12);
    expect((years[0]! + years[1]!) / 2).toBeCloseTo(Number(member[col('person_years_home')]), 3);
  }, 60_000);

  it('refuses a bad search block with its file, key and line, exit 2', async () => {
    const bad = await writeScenario(dir, 'bad', 'search:\n  levers:\n    policies.training.seats: "0:abc"\n  maximise: [person_years_home]\n  minimise: [gov_spending_total]\n');
    const ran = await homeward(['search', bad, '--out', join(dir, 'bad-out'), '--quiet']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/bad\.yaml:4: search\.levers\.policies\.training\.seats: expected numbers lo:hi, got "0:abc"/);
  });
});
