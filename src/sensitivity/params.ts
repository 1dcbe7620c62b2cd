import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import { rangedParameters } from '../scenario/describe.js';
import type { Role } from '../scenario/param.js';
import type { Scenario } from '../scenario/schema.js';
import { parseNumericRange } from '../scenario/variable.js';
import type { Factor } from './factors.js';

/**
 * The parameters a sensitivity analysis varies: by default every uncertainty and calibrated parameter with a
 * plausible range (scenario/describe.ts rangedParameters), or those named by `--param path=lo:hi`, parsed like
 * `calibrate --free` (src/scenario/variable.ts: known keys, never a label or a setting of the run, the parameter's own
 * bounds, whole numbers for an integer, lo below hi, a timeline only where the scenario holds a constant).
 */

/** A factor with what the outputs say about it. */
export interface FactorInfo extends Factor {
  /** Its role in the schema (a --param may name a lever or a fixed key too). */
  readonly role: Role | 'unassigned';
  readonly unit: string;
  /** Where the range comes from: the plausible range's source, or `--param`. */
  readonly source: string;
}

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
  const range = parseNumericRange(text, scenario, 'varied', '--param platform.popularity=0.5:1.5');
  if ('message' in range) return range;
  const { path, low, high, integer, info } = range;
  return { name: path, low, high, integer, role: info.role ?? 'unassigned', unit: info.unit, source: '--param' };
}
