import type { Described } from './issues.js';
import { parseMonth } from './month.js';
import { isPlainObject } from './overrides.js';
import type { Scenario } from './schema.js';

/**
 * Checks of a scenario that pass the schema key by key but are wrong together, or wrong as a file name: the name
 * (it names the output directory), ages, education shares, and timelines that give one month twice. Each problem
 * names its key path, so the loader places it in the file (or the --set) that wrote it.
 */

/** The longest name of an output directory (file systems allow 255 bytes; room is left for `.<name>.tmp-<pid>`). */
export const MAX_NAME_LENGTH = 100;

/**
 * Why `name` cannot name an output directory, or undefined when it can: one path segment of letters, digits and
 * `_ . -`, not starting with `.` or `-` (hidden files, options, `.` and `..`), at most MAX_NAME_LENGTH characters.
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters (it names the output directory), got ${name.length}`;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name)) {
    return `must be a safe file name (it names the output directory): letters, digits, _ . - only, not starting with . or -, got ${JSON.stringify(name)}`;
  }
  return undefined;
}

export function scenarioConsistency(s: Scenario): Described[] {
  const problems: Described[] = [];
  const name = nameProblem(s.name);
  if (name) problems.push({ path: ['name'], message: name });
  const { entry_age, exit_age } = s.population;
  if (exit_age <= entry_age) {
    problems.push({ path: ['population', 'exit_age'], message: `must be above entry_age (${entry_age}), got ${exit_age}: nobody would be of working age` });
  }
  const shares = Object.values(s.population.education);
  if (!shares.some((x) => x > 0)) problems.push({ path: ['population', 'education'], message: 'the shares are all 0; at least one must be above 0 (they are normalised to sum to 1)' });
  timelineMonths(s, [], problems);
  return problems;
}

/** Every timeline (a mapping with interpolation and points) must give each month once: `2017` is `2017-01`. */
function timelineMonths(node: unknown, path: readonly string[], problems: Described[]): void {
  if (!isPlainObject(node)) return;
  if ('interpolation' in node && isPlainObject(node['points'])) {
    const seen = new Map<number, string>();
    for (const key of Object.keys(node['points'])) {
      const month = parseMonth(key);
      const first = seen.get(month);
      if (first !== undefined) problems.push({ path: [...path, 'points', key], message: `the same month as "${first}" (a year is its January): give each month once` });
      else seen.set(month, key);
    }
    return;
  }
  for (const [key, value] of Object.entries(node)) timelineMonths(value, [...path, key], problems);
}
