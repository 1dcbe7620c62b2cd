import type { ScenarioProblem } from '../scenario/errors.js';
import { formatMonth, parseMonth } from '../scenario/month.js';
import { valueAt } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';
import { parseNumericRange, variableAt } from '../scenario/variable.js';
import type { ParameterInfo } from '../scenario/describe.js';
import type { Variable } from './nsga2.js';

/**
 * The levers of a search: scenario keys and the range each may take. A lever is named `path` (its default search
 * range) or `path=range`: a number's range `lo:hi` (parsed by scenario/variable.ts, the one parser of every
 * analysis), a month's `YYYY-MM:YYYY-MM`, an option list `a,b,c` of an enum. Any key an analysis may vary can be a
 * lever when its range is given; a key of the schema's `lever` role also has a default range:
 * - a number: from its lower bound (an instrument stopped) to twice the scenario's value (doubled), within its
 *   upper bound; a share (bounded by 0 and 1) over all of [0, 1]; a value of 0 has no default (give a range);
 * - a month (a start): any month of the run;
 * - an enum (the education targeted): every option.
 */

export interface Lever {
  readonly path: string;
  /** The range as given, or as the default made it (`0:3000`, `2015-01:2030-12`, `high_school,college`). */
  readonly spec: string;
  readonly variable: Variable;
  /** The scenario value of a gene. */
  value(gene: number): number | string;
  /** The gene of a scenario value, undefined outside the lever's range (the base package, when it fits). */
  gene(value: unknown): number | undefined;
}

/** Parses `path` or `path=range`: a Lever, or the problem's message. */
export function parseLever(text: string, scenario: Scenario): Lever | { message: string } {
  const eq = text.indexOf('=');
  const path = (eq < 0 ? text : text.slice(0, eq)).trim();
  const range = eq < 0 ? undefined : text.slice(eq + 1).trim();
  const variable = variableAt(path, 'varied');
  if ('message' in variable) return variable;
  const { info } = variable;
  if (info.type === 'month') return monthLever(path, range ?? defaultMonths(scenario), scenario);
  if (info.type.startsWith('enum(')) return enumLever(path, info, range);
  if (info.type !== 'number' && info.type !== 'integer' && info.type !== 'timeline') return { message: `${path} is a ${info.type}: a lever is a number, a month or one of a list of options` };
  const spec = range ?? defaultRange(info, scenario);
  if (typeof spec !== 'string') return spec;
  const parsed = parseNumericRange(`${path}=${spec}`, scenario, 'varied', `--lever ${path}=0:1000`);
  if ('message' in parsed) return parsed;
  const { low, high, integer } = parsed;
  return {
    path,
    spec,
    variable: { kind: integer ? 'integer' : 'real', low, high },
    value: (gene) => gene,
    gene: (value) => (typeof value === 'number' && value >= low && value <= high && (!integer || Number.isInteger(value)) ? value : undefined),
  };
}

/** Every --lever (or search block entry), each problem reported; a lever named twice is one. */
export function parseLevers(texts: readonly string[], scenario: Scenario, where: (text: string, path: string) => Pick<ScenarioProblem, 'file' | 'path' | 'line' | 'column'>): Lever[] | ScenarioProblem[] {
  const levers: Lever[] = [];
  const problems: ScenarioProblem[] = [];
  for (const text of texts) {
    const lever = parseLever(text, scenario);
    const path = text.split('=')[0]!.trim();
    if ('message' in lever) problems.push({ ...where(text, path), message: lever.message });
    else if (levers.some((l) => l.path === lever.path)) problems.push({ ...where(text, path), message: 'this lever is given twice' });
    else levers.push(lever);
  }
  return problems.length > 0 ? problems : levers;
}

/** The default search range of a numeric lever, as text `lo:hi`, or why it has none. */
function defaultRange(info: ParameterInfo, scenario: Scenario): string | { message: string } {
  const give = `give its range, e.g. --lever ${info.path}=0:1000`;
  if (info.role !== 'lever') return { message: `${info.path} is not a lever (its role is ${info.role ?? 'none'}): ${give}` };
  const value = valueAt(scenario, info.path);
  if (typeof value !== 'number') return { message: `${info.path} is a timeline with dated points in ${scenario.name}: ${give}` };
  const low = info.min ?? 0;
  if (low === 0 && info.max === 1) return '0:1';
  let high = Math.min(info.max ?? Infinity, 2 * value);
  if (info.type === 'integer') high = Math.floor(high);
  if (!(high > low)) return { message: `${info.path} is ${value} in ${scenario.name}, so it has no default range (0 to twice its value): ${give}` };
  return `${low}:${high}`;
}

function defaultMonths(scenario: Scenario): string {
  return `${scenario.start}:${scenario.end}`;
}

/** A month lever: an integer variable over the months lo..hi. */
function monthLever(path: string, spec: string, scenario: Scenario): Lever | { message: string } {
  const parts = spec.split(':');
  const months = parts.map((p) => {
    try {
      return /^\d{4}-\d{2}$/.test(p.trim()) ? parseMonth(p.trim()) : NaN;
    } catch {
      return NaN;
    }
  });
  if (parts.length !== 2 || months.some((m) => Number.isNaN(m))) return { message: `expected a range of months YYYY-MM:YYYY-MM, got ${JSON.stringify(spec)}` };
  const [low, high] = months as [number, number];
  if (!(low < high)) return { message: `the first month must come before the last, got ${spec}` };
  if (high > parseMonth(scenario.end)) return { message: `${formatMonth(high)} is after the end of the run (${scenario.end}): the instrument would never start` };
  return {
    path,
    spec,
    variable: { kind: 'integer', low, high },
    value: (gene) => formatMonth(gene),
    gene: (value) => {
      if (typeof value !== 'string') return undefined;
      const m = parseMonth(value);
      return m >= low && m <= high ? m : undefined;
    },
  };
}

/** An enum lever: a categorical variable over the options listed (all by default). */
function enumLever(path: string, info: ParameterInfo, spec: string | undefined): Lever | { message: string } {
  const all = info.options ?? [];
  const options = spec === undefined ? all : spec.split(',').map((o) => o.trim());
  const bad = options.find((o) => !all.includes(o));
  if (bad !== undefined) return { message: `${JSON.stringify(bad)} is not an option of ${path} (one of ${all.join(', ')})` };
  if (new Set(options).size !== options.length || options.length < 2) return { message: `expected at least two different options of ${path}, got ${JSON.stringify(spec)}` };
  return {
    path,
    spec: options.join(','),
    variable: { kind: 'categorical', count: options.length },
    value: (gene) => options[gene]!,
    gene: (value) => {
      const i = options.indexOf(String(value));
      return i < 0 ? undefined : i;
    },
  };
}
