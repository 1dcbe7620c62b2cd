import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import type { Scenario } from '../scenario/schema.js';
import { parseNumericRange } from '../scenario/variable.js';

/**
 * The free parameters of a calibration, `--free path=lo:hi`: numeric scenario keys searched within [lo, hi], parsed
 * like a sensitivity analysis's `--param` (src/scenario/variable.ts: known keys, never a label or a setting of the
 * run, the parameter's own range, whole numbers for an integer, a timeline only where the scenario holds a constant).
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
  const range = parseNumericRange(text, scenario, 'calibrated', '--free decision.intercept=-9:-6');
  if ('message' in range) return range;
  return { path: range.path, low: range.low, high: range.high, integer: range.integer, initial: range.initial };
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
