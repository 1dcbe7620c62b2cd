import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import { NUMERIC_TYPES, parameterAt, rangeProblem } from '../scenario/describe.js';
import { unknownPathMessage, valueAt } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * The free parameters of a calibration, `--free path=lo:hi`: numeric scenario keys searched within [lo, hi]. Paths
 * are checked like `--set` (known keys, "did you mean"), bounds like a sweep's range (the parameter's own range,
 * whole numbers for an integer); a timeline is free only where the scenario holds a constant (one number for all
 * months).
 */

export interface FreeParam {
  readonly path: string;
  readonly low: number;
  readonly high: number;
  /** A whole-number parameter: its values are rounded to whole numbers. */
  readonly integer: boolean;
  /** The scenario's own value. */
  readonly initial: number;
}

/** Keys that are settings of a run or labels, not parameters of the model. */
const NOT_FREE: Readonly<Record<string, string>> = {
  name: 'it is a label',
  description: 'it is a label',
  seed: 'it is a setting of the run (--seed); every evaluation runs the same replication seeds',
  reps: 'it is a setting of the run (--reps)',
  start: 'it is a setting of the run',
  end: 'it is a setting of the run (--months)',
  'population.agents': 'it is the size of the run (--agents)',
};

/** Parses the `--free` flags against the (resolved) scenario; every bad one is reported, in one ScenarioError. */
export function parseFreeFlags(texts: readonly string[], scenario: Scenario): FreeParam[] {
  const problems: ScenarioProblem[] = [];
  const params: FreeParam[] = [];
  for (const text of texts) {
    const result = parseFree(text, scenario);
    if ('message' in result) problems.push({ file: `--free ${text}`, path: '', message: result.message });
    else if (params.some((p) => p.path === result.path)) problems.push({ file: `--free ${text}`, path: '', message: 'this parameter is given twice' });
    else params.push(result);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return params;
}

function parseFree(text: string, scenario: Scenario): FreeParam | { message: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { message: 'expected path=lo:hi, e.g. --free decision.intercept=-9:-6' };
  const path = text.slice(0, eq).trim();
  const bounds = text.slice(eq + 1).trim();
  const parts = bounds.split(':');
  if (parts.length !== 2) return { message: `expected the bounds lo:hi, got ${JSON.stringify(bounds)}` };
  const [low, high] = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { message: `expected numbers lo:hi, got ${JSON.stringify(bounds)}` };
  if (!(low! < high!)) return { message: `lo must be below hi, got ${low}:${high}` };

  // Unknown keys get the message of a --set override (known keys, "did you mean").
  const unknown = unknownPathMessage(path);
  if (unknown !== undefined) return { message: unknown };
  if (Object.hasOwn(NOT_FREE, path)) return { message: `${path} cannot be calibrated: ${NOT_FREE[path]}` };
  if (path.split('.')[0] === 'sweep') return { message: 'the sweep block is not part of the model' };
  if (path.split('.')[0] === 'executor') return { message: 'the executor block says where the runs execute, not what they simulate' };
  const info = parameterAt(path);
  if (!info) return { message: `${path} is a group of parameters; name one of them (see docs/parameters.md)` };
  if (!NUMERIC_TYPES.has(info.type)) {
    return { message: `${path} is not a number (${info.options ? `one of ${info.options.join(', ')}` : info.type}): only numeric parameters can be calibrated` };
  }
  const initial = valueAt(scenario, path);
  if (typeof initial !== 'number') {
    return { message: `${path} is a timeline with dated points in ${scenario.name}; only a constant can be calibrated (set one with --set ${path}=<number>)` };
  }
  // The bounds against the parameter's range (and whole numbers for an integer), as a sweep checks a range.
  const bad = rangeProblem(low!, info) ?? rangeProblem(high!, info);
  if (bad !== undefined) return { message: bad };
  return { path, low: low!, high: high!, integer: info.type === 'integer', initial };
}

/** A value as it runs and is written: a whole number, or 4 significant digits, within the bounds. */
export function roundValue(p: FreeParam, x: number): number {
  const rounded = p.integer ? Math.round(x) : Number(x.toPrecision(4));
  return Math.min(p.high, Math.max(p.low, rounded));
}

/** The parameter's value at a unit-cube coordinate. */
export function fromUnit(p: FreeParam, u: number): number {
  return roundValue(p, p.low + u * (p.high - p.low));
}

/** A value's unit-cube coordinate (outside [0, 1] when the value lies outside the bounds). */
export function toUnit(p: FreeParam, x: number): number {
  return (x - p.low) / (p.high - p.low);
}

/** The parameters' values by path, to set on a scenario (scenario/values.ts). */
export function freeValues(params: readonly FreeParam[], values: readonly number[]): Map<string, number> {
  return new Map(params.map((p, i) => [p.path, values[i]!]));
}
