import { groupAt, NUMERIC_TYPES, parameterAt, rangeProblem, type ParameterInfo } from './describe.js';
import { unknownPathMessage, valueAt } from './overrides.js';
import type { Scenario } from './schema.js';

/**
 * What an analysis may vary (issue 22): the one rule for `homeward sweep --param`, `sensitivity --param` and
 * `calibrate --free`. A key may be varied when it is a single parameter of the model, whatever its role; labels and
 * settings (of the run, the outputs, a command or the machine) may not. Which keys those are, and why, is read from
 * the schema: the `setting` of a key's meta, or of a group above it (src/scenario/param.ts, schema.ts).
 */

/** The verb of a command, in its messages: `seed cannot be swept`. */
export type Verb = 'swept' | 'varied' | 'calibrated';

/**
 * Why no analysis may vary the key (or group) at `path`: a label, a setting of the run (the flag that sets it for a
 * whole analysis), the sweep or executor block. Undefined for a parameter of the model and for an unknown path.
 */
export function whyFixed(path: string): string | undefined {
  const keys = path.split('.');
  for (let i = 1; i <= keys.length; i++) {
    const prefix = keys.slice(0, i).join('.');
    const setting = (groupAt(prefix) ?? parameterAt(prefix))?.setting;
    if (setting) return setting.flag === undefined ? setting.why : `${setting.why}; use ${setting.flag} for the whole analysis`;
  }
  return undefined;
}

/** A key an analysis may name: known, not a label or a setting, a single parameter (not a group). */
export function variableAt(path: string, verb: Verb): { info: ParameterInfo } | { message: string } {
  if (path === '') return { message: 'missing the parameter path before "="' };
  // Unknown keys get the message of a --set override (known keys, "did you mean").
  const unknown = unknownPathMessage(path);
  if (unknown !== undefined) return { message: unknown };
  const fixed = whyFixed(path);
  if (fixed !== undefined) return { message: `${path} cannot be ${verb}: ${fixed}` };
  const info = parameterAt(path);
  if (!info) return { message: `${path} is a group of parameters or a part of one; name a single parameter (see docs/parameters.md)` };
  return { info };
}

/** A numeric parameter varied over [low, high] (`path=lo:hi`). */
export interface NumericRange {
  readonly path: string;
  readonly low: number;
  readonly high: number;
  readonly info: ParameterInfo;
  /** A whole-number parameter. */
  readonly integer: boolean;
  /** The scenario's own value (a timeline's constant). */
  readonly initial: number;
}

/**
 * `path=lo:hi` of `calibrate --free` and `sensitivity --param`: a variable key (variableAt) that is numeric and, for a
 * timeline, a constant in the scenario; lo below hi, both inside the parameter's bounds (whole numbers for an
 * integer). `example` is the flag with a good value, for the message of a text without "=".
 */
export function parseNumericRange(text: string, scenario: Scenario, verb: 'varied' | 'calibrated', example: string): NumericRange | { message: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { message: `expected path=lo:hi, e.g. ${example}` };
  const path = text.slice(0, eq).trim();
  const range = text.slice(eq + 1).trim();
  const variable = variableAt(path, verb);
  if ('message' in variable) return variable;
  const { info } = variable;
  if (!NUMERIC_TYPES.has(info.type)) {
    return { message: `${path} is not a number (${info.options ? `one of ${info.options.join(', ')}` : info.type}): only numeric parameters can be ${verb}` };
  }
  const initial = valueAt(scenario, path);
  if (typeof initial !== 'number') {
    return { message: `${path} is a timeline with dated points in ${scenario.name}; only a constant can be ${verb} (set one with --set ${path}=<number>)` };
  }
  const parts = range.split(':');
  if (parts.length !== 2) return { message: `expected the range lo:hi, got ${JSON.stringify(range)}` };
  const [low, high] = parts.map((p) => (p.trim() === '' ? NaN : Number(p))) as [number, number];
  if (!Number.isFinite(low) || !Number.isFinite(high)) return { message: `expected numbers lo:hi, got ${JSON.stringify(range)}` };
  if (!(low < high)) return { message: `lo must be below hi, got ${low}:${high}` };
  const bad = rangeProblem(low, info) ?? rangeProblem(high, info);
  if (bad !== undefined) return { message: `${bad} (the range of ${path})` };
  return { path, low, high, info, integer: info.type === 'integer', initial };
}
