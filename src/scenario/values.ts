import { ScenarioError, type ScenarioProblem } from './errors.js';
import { keySchema, setAt } from './overrides.js';
import type { Scenario } from './schema.js';
import { validateScenario } from './validate.js';

/** Values by dot path (`policies.loans.amount`), set in the order given. */
export type Values = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;

/**
 * A scenario with values set by dot path: a copy of `base` with each value set, validated as loading validates a
 * file (the schema with its defaults, then the checks across keys). It is the scenario that loading the file of
 * `base` with `--set path=value` overrides appended gives, without reading the file again: the points of a sweep and
 * the evaluations of a calibration are made so.
 *
 * `base` must be a resolved scenario (loaded, or made here). A value replaces what is at its path whole (a
 * constant replaces a timeline's points, as a --set does). Every problem is in one ScenarioError placed at `where`
 * (e.g. `sweep point 3 (policies.loans.amount=0)`) with the key path.
 */
export function withValues(base: Scenario, values: Values, where: string): Scenario {
  const raw = structuredClone(base) as Record<string, unknown>;
  const problems: ScenarioProblem[] = [];
  for (const [path, value] of entriesOf(values)) {
    const keys = path.split('.');
    const key = keySchema(keys);
    const problem = 'message' in key ? key.message : setAt(raw, keys, normalised(value));
    if (problem !== undefined) problems.push({ file: where, path, message: problem });
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  const checked = validateScenario(raw);
  if ('problems' in checked) throw new ScenarioError(checked.problems.map((d) => ({ file: where, path: d.path.join('.'), message: d.message })));
  return checked.scenario;
}

/** -0 as 0: a value written as text (`path=${value}`, in a file or a --set) is 0, and a scenario depends on its text only. */
function normalised(value: unknown): unknown {
  return Object.is(value, -0) ? 0 : value;
}

/** `path=value` of each value, for messages: `policies.loans.amount=0 platform.popularity=1.5`. */
export function valuesText(values: Values): string {
  return entriesOf(values).map(([path, value]) => `${path}=${String(value)}`).join(' ');
}

function entriesOf(values: Values): (readonly [string, unknown])[] {
  return isMap(values) ? [...values] : Object.entries(values);
}

function isMap(values: Values): values is ReadonlyMap<string, unknown> {
  return values instanceof Map;
}
