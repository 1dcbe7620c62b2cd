// A model definition that computes test functions of scenario parameters (no agents): the sensitivity command's
// own plan → run → store → analyse path can then be checked against functions with known indices.
import type { ModelDefinition, RunResult } from '../../src/core/definition.js';
import { valueAt } from '../../src/scenario/overrides.js';
import type { RunOutcome } from '../../src/sensitivity/outcomes.js';
import { ishigami, sobolG } from './sensitivity-functions.js';

/** The Ishigami function's inputs: parameters whose bounds hold [-pi, pi]. */
export const ISHIGAMI_PATHS = ['decision.intercept', 'remigration.intercept', 'creators.style_bias'];
/** The G function's inputs x1..x8: parameters in [0, 1] that no check ties to others. */
export const G_PATHS = [
  'creators.couple_share',
  'population.children_if_married',
  'population.parents_home',
  'traits.family_married',
  'traits.family_children',
  'traits.family_parents',
  'county.heritage',
  'platform.fee',
];
export const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];

interface State {
  readonly x: readonly number[];
  readonly g: readonly number[];
}

const read = (scenario: unknown, paths: readonly string[]) => paths.map((p) => valueAt(scenario, p) as number);

/** Metric 0: Ishigami of ISHIGAMI_PATHS; metric 1: G of G_PATHS. The seed is ignored: every replication is the same. */
export const functionModel: ModelDefinition<State, never> = {
  module: import.meta.url,
  create: (scenario) => ({ x: read(scenario, ISHIGAMI_PATHS), g: read(scenario, G_PATHS) }),
  schedule: [],
  metrics: [
    { name: 'ishigami', unit: '', scaled: false, doc: 'Ishigami and Homma (1990)', value: (s) => ishigami(s.x) },
    { name: 'g', unit: '', scaled: false, doc: "Sobol's G function", value: (s) => sobolG(s.g, G_A) },
  ],
  activeAgents: () => 1,
};

/** The two functions as outcomes of a run (their value in the first month). */
export const FUNCTION_OUTCOMES: RunOutcome<never>[] = [
  { name: 'ishigami', unit: '', value: (r: RunResult<never>) => r.columns[0]![0]! },
  { name: 'g', unit: '', value: (r: RunResult<never>) => r.columns[1]![0]! },
];
