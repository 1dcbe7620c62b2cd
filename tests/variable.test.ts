import { describe, expect, it } from 'vitest';
import { parseFreeFlags } from '../src/calibrate/free.js';
import { describeParameters } from '../src/scenario/describe.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { scenarioSchema, type Scenario } from '../src/scenario/schema.js';
import { whyFixed } from '../src/scenario/variable.js';
import { parseFactorFlags } from '../src/sensitivity/params.js';
import { parseParamFlags } from '../src/sweep/design.js';

/** Issue 22: one rule of what an analysis may vary, read from the schema, shared by sweep, sensitivity and calibrate. */

const { executor: _, ...scenario }: Scenario & { executor?: unknown } = scenarioSchema.parse({ name: 'variable' });

/** The message of a parser's ScenarioError, or 'no error'. */
function message(parse: () => unknown): string {
  try {
    parse();
  } catch (err) {
    if (err instanceof ScenarioError) return err.message;
    throw err;
  }
  return 'no error';
}

const sweep = (text: string) => message(() => parseParamFlags([text]));
const sensitivity = (text: string) => message(() => parseFactorFlags([text], scenario));
const calibrate = (text: string) => message(() => parseFreeFlags([text], scenario));

describe('what an analysis may vary', () => {
  const fixed = ['name', 'description', 'seed', 'reps', 'start', 'end', 'snapshots', 'scale', 'population.agents', 'sweep.design', 'sweep.params', 'executor.slurm.partition', 'executor.slurm.chunk', 'executor'];

  it('refuses labels, settings of the run and the sweep and executor blocks in all three commands, with the same reason', () => {
    for (const path of fixed) {
      const why = whyFixed(path);
      expect(why, path).toBeDefined();
      expect(sweep(`${path}=1,2`)).toBe(`--param ${path}=1,2: ${path} cannot be swept: ${why}`);
      expect(sensitivity(`${path}=1:2`)).toBe(`--param ${path}=1:2: ${path} cannot be varied: ${why}`);
      expect(calibrate(`${path}=1:2`)).toBe(`--free ${path}=1:2: ${path} cannot be calibrated: ${why}`);
    }
  });

  it('names the flag that sets a run setting for the whole analysis', () => {
    expect(whyFixed('seed')).toMatch(/common random numbers.*use --seed/);
    expect(whyFixed('reps')).toMatch(/use --reps/);
    expect(whyFixed('end')).toMatch(/use --months/);
    expect(whyFixed('population.agents')).toMatch(/size of the run.*use --agents/);
    expect(whyFixed('scale')).toMatch(/use --scale/);
    expect(whyFixed('executor.slurm.chunk')).toBe('the executor block says where the runs execute, not what they simulate');
    expect(whyFixed('sweep.samples')).toMatch(/sweep block/);
  });

  it('reads the rule from the schema: only fixed keys are settings, and parameters of the model are not', () => {
    const settings = describeParameters().filter((p) => whyFixed(p.path) !== undefined);
    expect(settings.filter((p) => p.role !== 'fixed').map((p) => p.path)).toEqual([]);
    for (const path of ['policies.training.seats', 'platform.bass_p', 'decision.support', 'population.emigrants', 'no.such.key']) expect(whyFixed(path), path).toBeUndefined();
  });

  it('accepts a lever, an uncertainty and a calibrated parameter in all three commands', () => {
    for (const [path, low, high] of [['policies.training.seats', 0, 3000], ['platform.bass_p', 0.004, 0.016], ['decision.support', 0.05, 0.2]] as const) {
      expect(parseParamFlags([`${path}=${low}:${high}:3`]).map((p) => p.path)).toEqual([path]);
      expect(parseFactorFlags([`${path}=${low}:${high}`], scenario)).toMatchObject([{ name: path, low, high }]);
      expect(parseFreeFlags([`${path}=${low}:${high}`], scenario)).toMatchObject([{ path, low, high }]);
    }
  });

  it('checks a range lo:hi the same way for sensitivity and calibrate', () => {
    for (const text of ['policies.training=1:2', 'elite.education=0:1', 'platform.popularity=2:1', 'platform.popularity=0:1e9', 'policies.training.seats=0.5:10', 'platform.popularity=1', 'platform.popularity', '=1:2']) {
      expect(sensitivity(text).replace(/^--param /, ''), text).toBe(calibrate(text).replace(/^--free /, '').replace('cannot be calibrated', 'cannot be varied').replace('can be calibrated', 'can be varied').replace('e.g. --free decision.intercept=-9:-6', 'e.g. --param platform.popularity=0.5:1.5'));
    }
  });
});
