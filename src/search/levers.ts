import type { ScenarioProblem } from '../scenario/errors.js';
import { formatMonth, parseMonth } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';
import { parseNumericRange, variableAt } from '../scenario/variable.js';
import type { ParameterInfo } from '../scenario/describe.js';
import type { Variable } from './nsga2.js';

/**
 * The levers of a search: scenario keys and the range each may take. A lever is named `path` (its default search
 * range) or `path=range`: a number's range `lo:hi` (parsed by scenario/variable.ts, the one parser of every
 * analysis), a month's `YYYY-MM:YYYY-MM`, an option list `a,b,c` of an enum. Any key an analysis may vary can be a
 * lever when its range is given; a key of the schema's `lever` role also has a default range:
 * - a number: the search range the schema declares beside its role (src/scenario/param.ts `lever(lo, hi, source)`,
 *   docs/parameters.md), what a county could actually choose; a lever without one (a timeline: the budget, the
 *   network, the amenities) is an error naming it, as there is no rule that would make an honest range for it;
 * - a month (a start): any month of the run;
 * - an enum (the education targeted): every option.
 * The scenario's own value may lie outside the range: its package is then not in the first generation.
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
  const spec = range ?? defaultRange(info);
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

/** The default search range of a numeric lever, as text `lo:hi`: the one its schema declares, or why it has none. */
function defaultRange(info: ParameterInfo): string | { message: string } {
  const give = `give its range, e.g. --lever ${info.path}=0:1000`;
  if (info.role !== 'lever') return { message: `${info.path} is not a lever (its role is ${info.role ?? 'none'}): ${give}` };
  if (info.search === undefined) return { message: `${info.path} has no search range in the schema (docs/parameters.md): ${give}` };
  return `${info.search[0]}:${info.search[1]}`;
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
