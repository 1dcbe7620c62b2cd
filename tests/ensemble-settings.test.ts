// The settings an ensemble was matched at (ensemble.yaml's options:), in-process: read and checked, used where no
// option is given, and compared with what a run uses, with the one warning line the commands print.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioError } from '../src/scenario/errors.js';
import { ensembleYaml, loadEnsemble } from '../src/scenario/ensemble.js';
import { ensembleSettings, settingsSummary, settingsWarning, withMatchedSettings } from '../src/scenario/ensemble-settings.js';
import { loadWithOptions, type ScenarioOptions } from '../src/scenario/options.js';
import { removeDir, ROOT, tempDir, writeText } from './support/cli.js';

const SCENARIO = join(ROOT, 'scenarios', 'test-small.yaml'); // starts 2015-01, seed 1
const MEMBERS = 'members:\n  - {decision.intercept: -7.5}\n  - {decision.intercept: -7.2}\n';

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

const ensembleWith = async (name: string, options: string) => loadEnsemble(await writeText(dir, name, `scenario: x.yaml\n${options}${MEMBERS}`));

/** The settings a run of the ensemble has with the options given, as compare --ensemble and sweep --ensemble resolve them. */
async function resolve(name: string, options: string, given: Partial<ScenarioOptions> = {}) {
  const ensemble = await ensembleWith(name, options);
  const used = withMatchedSettings({ set: [], ...given }, ensemble);
  const { scenario } = await loadWithOptions(SCENARIO, used);
  return { ensemble, used, scenario, settings: ensembleSettings(ensemble, used, scenario) };
}

const MATCHED = 'options: {set: [], seed: 7, reps: 2, agents: 1500, start: 2015-01, end: 2016-12}\n';

describe('ensemble settings', () => {
  it('with no options given, a run is at the matched agents, months, reps and seed, and nothing differs', async () => {
    const { used, scenario, settings, ensemble } = await resolve('matched.yaml', MATCHED);
    expect(ensemble.matched).toEqual({ set: [], seed: 7, reps: 2, agents: 1500, start: '2015-01', end: '2016-12' });
    expect(used).toMatchObject({ agents: '1500', reps: '2', seed: '7', months: 24 });
    expect(scenario).toMatchObject({ population: { agents: 1500 }, reps: 2, seed: 7, start: '2015-01', end: '2016-12' });
    expect(settings).toEqual({
      recorded: true,
      matched: { agents: 1500, months: 24, start: '2015-01', reps: 2, seed: 7, set: [] },
      run: { agents: 1500, months: 24, start: '2015-01', reps: 2, seed: 7, set: [] },
      differs: [],
    });
    expect(settingsWarning(ensemble.file, settings)).toBeUndefined();
    expect(settingsSummary(ensemble.file, settings)).toBe(`The worlds of ${ensemble.file} ran at the settings they were matched at: 1,500 agents, 24 months from 2015-01, 2 replications, seed 7.`);
  });

  it('an option given wins, and the warning names each setting that differs with both values; one given equal to the match is no difference', async () => {
    const { settings, ensemble } = await resolve('other.yaml', MATCHED, { agents: '800', months: 12, reps: '2', set: ['policies.training.seats=0'] });
    expect(settings.run).toMatchObject({ agents: 800, months: 12, reps: 2, seed: 7 });
    expect(settings.differs).toEqual(['agents', 'months', 'set']);
    const warning = settingsWarning(ensemble.file, settings)!;
    expect(warning.split('\n')).toHaveLength(1);
    expect(warning).toBe(
      `warning: the worlds of ${ensemble.file} were matched at other settings than this run's: agents 800 (matched: 1,500), months 12 (matched: 24), ` +
        'set --set policies.training.seats=0 (matched: none); they are consistent with the facts at the matched settings, not necessarily at these',
    );
  });

  it('a scenario that starts elsewhere than the match is named as differing in its start', async () => {
    const { settings } = await resolve('later.yaml', 'options: {agents: 1500, start: 2016-01, end: 2016-12}\n');
    expect(settings.run).toMatchObject({ months: 12, start: '2015-01' });
    expect(settings.differs).toEqual(['start']);
  });

  it('an older file without options: the scenario and the options given, and a warning that says so', async () => {
    const { used, settings, ensemble } = await resolve('older.yaml', '', { agents: '1000' });
    expect(ensemble.matched).toBeUndefined();
    expect(used).toEqual({ set: [], agents: '1000' });
    expect(settings).toMatchObject({ recorded: false, matched: null, run: { agents: 1000, reps: 3, seed: 1 }, differs: [] });
    expect(settingsWarning(ensemble.file, settings)).toMatch(/^warning: .*older\.yaml records no settings its worlds were matched at \(an older ensemble file\); running at the scenario's and the options given: 1,000 agents, /);
  });

  it('reads the options calibrate --method history-matching writes (ensembleYaml)', async () => {
    const options = { set: ['policies.loans.amount=0'], seed: 3, reps: 4, agents: 50000, start: '2015-01', end: '2022-12' };
    const text = ensembleYaml({ header: ['test'], scenario: 'x.yaml', targets: 't.yaml', options, free: [{ path: 'decision.intercept', low: -9, high: -6 }] }, [new Map([['decision.intercept', -7.5]])]);
    const ensemble = await loadEnsemble(await writeText(dir, 'written.yaml', text));
    expect(ensemble.matched).toEqual(options);
    expect(withMatchedSettings({ set: [] }, ensemble)).toEqual({ set: [], agents: '50000', reps: '4', seed: '3', months: 96 });
  });

  it('bad options are a located ScenarioError, every problem at once', async () => {
    const err = await ensembleWith('bad.yaml', 'options:\n  agents: -3\n  start: 2015-13\n  set: 4\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    const text = (err as ScenarioError).message;
    expect(text).toMatch(/bad\.yaml:3.*options\.agents.*expected a whole number of at least 1, got -3/);
    expect(text).toMatch(/bad\.yaml:4.*options\.start.*expected a month YYYY-MM, got "2015-13"/);
    expect(text).toMatch(/bad\.yaml:5.*options\.set.*expected a list of path=value overrides/);
  });
});
