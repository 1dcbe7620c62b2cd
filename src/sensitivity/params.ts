import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import { NUMERIC_TYPES, parameterAt, rangedParameters, rangeProblem } from '../scenario/describe.js';
import { unknownPathMessage, valueAt } from '../scenario/overrides.js';
import type { Role } from '../scenario/param.js';
import type { Scenario } from '../scenario/schema.js';
import type { Factor } from './factors.js';

/**
 * The parameters a sensitivity analysis varies: by default every uncertainty and calibrated parameter with a
 * plausible range (scenario/describe.ts rangedParameters), or those named by `--param path=lo:hi`. Paths are checked
 * like `--set` (known keys, "did you mean"), ranges like a sweep's (the parameter's own bounds, whole numbers for an
 * integer, lo below hi); a timeline can be varied only where the scenario holds a constant.
 */

/** A factor with what the outputs say about it. */
export interface FactorInfo extends Factor {
  /** Its role in the schema (a --param may name a lever or a fixed key too). */
  readonly role: Role | 'unassigned';
  readonly unit: string;
  /** Where the range comes from: the plausible range's source, or `--param`. */
  readonly source: string;
}

/** Keys that are settings of a run or labels, not parameters of the model. */
const NOT_VARIED: Readonly<Record<string, string>> = {
  name: 'it is a label',
  description: 'it is a label',
  seed: 'every point runs the same replication seeds (common random numbers); use --seed for the whole analysis',
  reps: 'every point runs the same replications; use --reps',
  start: 'every point simulates the same months',
  end: 'every point simulates the same months; use --months',
  'population.agents': 'it is the size of the run (--agents)',
};

/** The default factors: every uncertainty and calibrated parameter with a plausible range, in schema order. */
export function defaultFactors(): FactorInfo[] {
  return rangedParameters().map((p) => ({ name: p.path, low: p.low, high: p.high, integer: p.integer, role: p.role, unit: p.unit, source: p.source }));
}

/** Parses `--param path=lo:hi` against the (resolved) base scenario; every bad one is reported, in one ScenarioError. */
export function parseFactorFlags(texts: readonly string[], scenario: Scenario): FactorInfo[] {
  const problems: ScenarioProblem[] = [];
  const factors: FactorInfo[] = [];
  for (const text of texts) {
    const result = parseFactor(text, scenario);
    if ('message' in result) problems.push({ file: `--param ${text}`, path: '', message: result.message });
    else if (factors.some((f) => f.name === result.name)) problems.push({ file: `--param ${text}`, path: '', message: 'this parameter is given twice' });
    else factors.push(result);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return factors;
}

function parseFactor(text: string, scenario: Scenario): FactorInfo | { message: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { message: 'expected path=lo:hi, e.g. --param platform.popularity=0.5:1.5' };
  const path = text.slice(0, eq).trim();
  const range = text.slice(eq + 1).trim();
  if (path === '') return { message: 'missing the parameter path before "="' };
  const unknown = unknownPathMessage(path);
  if (unknown !== undefined) return { message: unknown };
  if (Object.hasOwn(NOT_VARIED, path)) return { message: `${path} cannot be varied: ${NOT_VARIED[path]}` };
  if (path.split('.')[0] === 'sweep') return { message: 'the sweep block is not part of the model' };
  if (path.split('.')[0] === 'executor') return { message: 'the executor block says where the runs execute, not what they simulate' };
  const info = parameterAt(path);
  if (!info) return { message: `${path} is a group of parameters; name one of them (see docs/parameters.md)` };
  if (!NUMERIC_TYPES.has(info.type)) {
    return { message: `${path} is not a number (${info.options ? `one of ${info.options.join(', ')}` : info.type}): a sensitivity analysis varies numeric parameters` };
  }
  if (info.type === 'timeline' && typeof valueAt(scenario, path) !== 'number') {
    return { message: `${path} is a timeline with dated points in ${scenario.name}; only a constant can be varied (set one with --set ${path}=<number>)` };
  }
  const parts = range.split(':');
  if (parts.length !== 2) return { message: `expected the range lo:hi, got ${JSON.stringify(range)}` };
  const [low, high] = parts.map((p) => (p.trim() === '' ? NaN : Number(p))) as [number, number];
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { message: `expected numbers lo:hi, got ${JSON.stringify(range)}` };
  if (!(low < high)) return { message: `lo must be below hi, got ${low}:${high}` };
  const bad = rangeProblem(low, info) ?? rangeProblem(high, info);
  if (bad !== undefined) return { message: `${bad} (the range of ${path})` };
  return { name: path, low, high, integer: info.type === 'integer', role: info.role ?? 'unassigned', unit: info.unit, source: '--param' };
}
