import { z } from 'zod';
import { ROLES, type Role, type Setting } from './param.js';
import { isPerCounty } from './per-county.js';
import { scenarioSchema } from './schema.js';

/**
 * The parameter documentation, read from the scenario schema itself: every key's type, default, range,
 * unit, source and meaning (the `.meta()` of src/scenario/param.ts). docs/parameters.md is generated
 * from it (`npm run docs`), so the documented defaults cannot drift from the code.
 */

export type ParameterType = 'number' | 'integer' | 'timeline' | 'month' | 'month list' | 'string' | 'string list' | 'mapping' | `enum(${string})`;

export interface ParameterInfo {
  /** Dot path of the key in a scenario file, e.g. `policies.loans.amount`. */
  readonly path: string;
  readonly type: ParameterType;
  /** The default (undefined when the key is required or optional). Timelines are numbers or `{ interpolation, points }`. */
  readonly default: unknown;
  /** The key may be left out and has no default (a setting that is then not made, such as a SLURM partition). */
  readonly optional?: boolean;
  readonly unit: string;
  readonly source: string;
  readonly doc: string;
  /** Bounds of a number, an integer, or every value of a timeline. */
  readonly min?: number;
  readonly max?: number;
  /** The allowed values of an enum. */
  readonly options?: readonly string[];
  /** Its role in an analysis: lever, uncertainty, calibrated or fixed (src/scenario/param.ts). */
  readonly role?: Role;
  /** The plausible range [lo, hi] of a numeric uncertainty or calibrated parameter, and its source or reason. */
  readonly plausible?: readonly [number, number];
  readonly plausibleSource?: string;
  /** The search range [lo, hi] of a numeric lever (what a county could choose; `homeward search`'s default), and its source. */
  readonly search?: readonly [number, number];
  readonly searchSource?: string;
  /** A label or a setting, not a parameter of the model: why no analysis varies it (src/scenario/variable.ts). */
  readonly setting?: Setting;
  /** Given for the real county: the model scales it by population.agents / population.emigrants (src/scenario/per-county.ts). */
  readonly perCounty?: true;
}

export interface GroupInfo {
  /** Dot path of the group; '' for the scenario itself. */
  readonly path: string;
  readonly doc: string;
  /** A group of settings (the sweep and executor blocks): why no analysis varies its keys. */
  readonly setting?: Setting;
}

export interface SchemaDescription {
  readonly parameters: readonly ParameterInfo[];
  readonly groups: readonly GroupInfo[];
}

/** The parts of a zod 4 definition the walk reads. */
interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

interface Meta {
  doc?: string;
  unit?: string;
  source?: string;
  role?: Role;
  plausible?: readonly [number, number];
  plausibleSource?: string;
  search?: readonly [number, number];
  searchSource?: string;
  setting?: Setting;
}

/** Wrappers that do not change what a key is: defaults, prefaults, optionals, pipes (their input side). */
function unwrap(schema: z.ZodType): { core: z.ZodType; meta: Meta; default: unknown; hasDefault: boolean; optional: boolean } {
  const meta: Meta = {};
  let dflt: unknown;
  let hasDefault = false;
  let optional = false;
  let s = schema;
  for (;;) {
    // Metadata may sit on any wrapper; the outermost wins.
    const m = z.globalRegistry.get(s);
    if (m) {
      meta.doc ??= m.description;
      meta.unit ??= m.unit;
      meta.source ??= m.source;
      meta.role ??= m.role;
      meta.plausible ??= m.plausible;
      meta.plausibleSource ??= m.plausible_source;
      meta.search ??= m.search;
      meta.searchSource ??= m.search_source;
      meta.setting ??= m.setting;
    }
    const def = defOf(s);
    if (def.type === 'default' && !hasDefault) {
      const value = (def as unknown as { defaultValue: unknown }).defaultValue;
      dflt = typeof value === 'function' ? (value as () => unknown)() : value;
      hasDefault = true;
    }
    if (def.type === 'optional') optional = true;
    if (def.type === 'default' || def.type === 'prefault' || def.type === 'optional' || def.type === 'nullable' || def.type === 'readonly' || def.type === 'catch' || def.type === 'nonoptional') {
      s = def.innerType!;
    } else if (def.type === 'pipe') {
      s = def.in!;
    } else return { core: s, meta, default: dflt, hasDefault, optional: optional && !hasDefault };
  }
}

/** Bounds zod reports for an unbounded number (or an integer's safe range) are not a documented range. */
const bound = (x: number | null | undefined): number | undefined =>
  x === null || x === undefined || !Number.isFinite(x) || Math.abs(x) >= Number.MAX_SAFE_INTEGER ? undefined : x;

function numberInfo(schema: z.ZodType): { integer: boolean; min?: number; max?: number } {
  const n = schema as z.ZodNumber;
  const min = bound(n.minValue);
  const max = bound(n.maxValue);
  return { integer: n.isInt === true, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/** A timeline is a union of a number and `{ interpolation, points }` (src/scenario/timeline.ts). */
function timelineValue(def: Def): z.ZodType | undefined {
  if (def.type !== 'union' || !def.options) return undefined;
  const number = def.options.find((o) => defOf(o).type === 'number');
  const object = def.options.find((o) => defOf(o).type === 'object' && defOf(o).shape?.['interpolation'] !== undefined);
  return number && object && def.options.length === 2 ? number : undefined;
}

/** A string is a month when it takes `YYYY-MM` and nothing else (src/scenario/param.ts `month`). */
function isMonth(schema: z.ZodType): boolean {
  return schema.safeParse('2020-01').success && !schema.safeParse('2020-13').success && !schema.safeParse('2020').success;
}

/** Walks the scenario schema (or any strict object schema built the same way). */
export function describeSchema(schema: z.ZodType = scenarioSchema): SchemaDescription {
  const parameters: ParameterInfo[] = [];
  const groups: GroupInfo[] = [];

  const visit = (node: z.ZodType, path: string): void => {
    const { core, meta, default: dflt, hasDefault, optional } = unwrap(node);
    const def = defOf(core);
    const common = {
      path,
      default: hasDefault ? dflt : undefined,
      ...(optional ? { optional } : {}),
      unit: meta.unit ?? '',
      source: meta.source ?? '',
      doc: meta.doc ?? '',
      ...(meta.role === undefined ? {} : { role: meta.role }),
      ...(meta.plausible === undefined ? {} : { plausible: meta.plausible, plausibleSource: meta.plausibleSource ?? '' }),
      ...(meta.search === undefined ? {} : { search: meta.search, searchSource: meta.searchSource ?? '' }),
      ...(meta.setting === undefined ? {} : { setting: meta.setting }),
      ...(isPerCounty(path) ? { perCounty: true as const } : {}),
    };
    if (def.type === 'object') {
      groups.push({ path, doc: meta.doc ?? '', ...(meta.setting === undefined ? {} : { setting: meta.setting }) });
      for (const [key, child] of Object.entries(def.shape ?? {})) visit(child, path ? `${path}.${key}` : key);
      return;
    }
    if (def.type === 'number') {
      const { integer, ...range } = numberInfo(core);
      parameters.push({ ...common, type: integer ? 'integer' : 'number', ...range });
      return;
    }
    const value = timelineValue(def);
    if (value) {
      const { integer: _, ...range } = numberInfo(value);
      parameters.push({ ...common, type: 'timeline', ...range });
      return;
    }
    if (def.type === 'enum' && def.entries) {
      const options = Object.values(def.entries).map(String);
      parameters.push({ ...common, type: `enum(${options.join('|')})`, options });
      return;
    }
    if (def.type === 'string') {
      parameters.push({ ...common, type: isMonth(core) ? 'month' : 'string' });
      return;
    }
    if (def.type === 'array' && def.element && defOf(def.element).type === 'string') {
      parameters.push({ ...common, type: isMonth(def.element) ? 'month list' : 'string list' });
      return;
    }
    if (def.type === 'record') {
      parameters.push({ ...common, type: 'mapping' });
      return;
    }
    throw new Error(`describeSchema: no documentation rule for a zod '${def.type}' at '${path || '(root)'}'; extend src/scenario/describe.ts`);
  };

  visit(schema, '');
  return { parameters, groups };
}

/** Every scenario key that takes a value, in schema order. */
export function describeParameters(): readonly ParameterInfo[] {
  return describeSchema().parameters;
}

let parameterIndex: Map<string, ParameterInfo> | undefined;

/** The parameter at a dot path; undefined for a group, a part of a parameter or an unknown path. */
export function parameterAt(path: string): ParameterInfo | undefined {
  parameterIndex ??= new Map(describeParameters().map((p) => [p.path, p]));
  return parameterIndex.get(path);
}

let groupIndex: Map<string, GroupInfo> | undefined;

/** The group at a dot path ('' for the scenario itself); undefined for a parameter or an unknown path. */
export function groupAt(path: string): GroupInfo | undefined {
  groupIndex ??= new Map(describeSchema().groups.map((g) => [g.path, g]));
  return groupIndex.get(path);
}

/** Parameter types that hold numbers (a timeline holds a number for each month). */
export const NUMERIC_TYPES: ReadonlySet<ParameterInfo['type']> = new Set<ParameterInfo['type']>(['number', 'integer', 'timeline']);

/** Why `x` is not a value of this numeric parameter (a fraction for an integer, outside its range), or undefined if it is. */
export function rangeProblem(x: number, info: ParameterInfo): string | undefined {
  if (info.type === 'integer' && !Number.isInteger(x)) return `expected whole numbers, got ${x}`;
  if (info.min !== undefined && x < info.min) return `must be at least ${info.min}, got ${x}`;
  if (info.max !== undefined && x > info.max) return `must be at most ${info.max}, got ${x}`;
  return undefined;
}

/** A numeric parameter with a plausible range: what a sensitivity analysis or a history match varies. */
export interface RangedParameter {
  readonly path: string;
  readonly role: Role;
  readonly low: number;
  readonly high: number;
  /** Values must be whole numbers (round a sampled value). */
  readonly integer: boolean;
  /** The schema default, inside [low, high]. */
  readonly default: number;
  readonly unit: string;
  /** Where the range comes from, or why it is what it is. */
  readonly source: string;
}

/** The parameters with one of the given roles, in schema order. */
export function parametersByRole(roles: Role | readonly Role[]): readonly ParameterInfo[] {
  const wanted: readonly Role[] = typeof roles === 'string' ? [roles] : roles;
  return describeParameters().filter((p) => p.role !== undefined && wanted.includes(p.role));
}

/**
 * The numeric parameters with a plausible range among the given roles (by default every uncertainty and calibrated
 * parameter: the default set of a global sensitivity analysis), in schema order. Timelines and enums have no range
 * and are left out.
 */
export function rangedParameters(roles: Role | readonly Role[] = ['uncertainty', 'calibrated']): readonly RangedParameter[] {
  return parametersByRole(roles).flatMap((p) =>
    p.plausible && (p.type === 'number' || p.type === 'integer') && typeof p.default === 'number'
      ? [{ path: p.path, role: p.role!, low: p.plausible[0], high: p.plausible[1], integer: p.type === 'integer', default: p.default, unit: p.unit, source: p.plausibleSource ?? '' }]
      : [],
  );
}

/** Every group of keys (including the scenario itself, path ''), with its description. */
export function describeGroups(): readonly GroupInfo[] {
  return describeSchema().groups;
}

// ---------------------------------------------------------------------------------------------------
// Markdown

/** A number as a reader wants it: thousands separated, no float noise. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e21) {
    const digits = String(Math.abs(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (x < 0 ? '-' : '') + digits;
  }
  return String(Number(x.toPrecision(12)));
}

/** A default for the table: timelines compactly as `linear: 2017-01 300 → 2020-12 100`. */
export function formatDefault(p: ParameterInfo): string {
  const v = p.default;
  if (v === undefined) return p.optional ? 'none' : 'required';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (Array.isArray(v)) return v.map(String).join(', ');
  if (p.type === 'timeline' && typeof v === 'object' && v !== null) {
    const t = v as { interpolation: string; points: Record<string, number> };
    // Points in time order (object keys that look like integers, e.g. '2015', would come first otherwise).
    const points = Object.entries(t.points).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `${t.interpolation}: ${points.map(([k, x]) => `${k} ${formatNumber(x)}`).join(' → ')}`;
  }
  return JSON.stringify(v);
}

export function formatRange(p: ParameterInfo): string {
  const span = p.min === undefined && p.max === undefined ? '' : `${p.min === undefined ? '' : formatNumber(p.min)} … ${p.max === undefined ? '' : formatNumber(p.max)}`;
  switch (p.type) {
    case 'number':
      return span || 'any number';
    case 'integer':
      return span ? `integer ${span}` : 'integer';
    case 'timeline':
      return span ? `timeline, values ${span}` : 'timeline';
    case 'month':
      return 'month YYYY-MM';
    case 'string':
      return 'text';
    case 'month list':
      return 'list of months YYYY-MM';
    case 'string list':
      return 'list of text';
    case 'mapping':
      return 'mapping';
    default:
      return `one of ${(p.options ?? []).join(', ')}`;
  }
}

/** A table cell: pipes and angle brackets escaped, on one line; empty as a dash. */
function cell(text: string): string {
  if (text === '') return '—';
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const HEADER = [
  '# Parameters',
  '',
  '<!-- Generated by `npm run docs` from the scenario schema (src/scenario/schema.ts, via src/scenario/describe.ts). Do not edit by hand: tests/docs.test.ts fails when this file and the schema disagree. -->',
  '',
  'Every key a scenario file may set, with its default, unit, allowed range, meaning and the source of the',
  'default, grouped by its role in an analysis. The model that uses them is described in [ODD.md](ODD.md).',
  'Notation:',
  '',
  '- **role**: a **lever** is what a county can choose (the policy instruments); an **uncertainty** a condition',
  '  nobody in the county chooses and nobody has measured well; **calibrated** a value fitted to the facts',
  '  (ODD.md, section 8); **fixed** a setting of the run, a unit or the known make-up of the county.',
  '- **default**: the value used when a scenario omits the key. Timelines are either a constant or dated',
  '  points with an interpolation, shown as `linear: 2017-01 300 → 2020-12 100` (straight lines between',
  '  points) or `step: …` (a point\'s value holds until the next point); before the first and after the last',
  '  point the nearest value holds. A bare year `2015` means January of that year.',
  '- **range**: the values a scenario may give (checked by `homeward validate`).',
  '- **plausible**: for a numeric uncertainty or calibrated parameter, the range within which it may plausibly',
  '  lie, with its source or reason ("why"); an analysis of the uncertainties varies them over it. Where nothing',
  '  better exists the range is an assumption, often ±50% of the default, and says so. Timelines, months and',
  '  choices among options have a role but no range.',
  '- **search range**: for a numeric lever, the values a county could actually choose, with its source or reason',
  '  ("why"): `homeward search` searches a lever over it unless given another range (README, "Search"). A month',
  '  lever is searched over the months of the run, an option lever over all its options; a timeline lever has no',
  '  search range and must be given one.',
  '- **source**: "seed 000 §x" is the source paper (seed 000, its section), "seed 001/002" the secondary',
  '  sources, F1–F12 the facts of the targets file (F1–F11 of MODEL.md), NBS the National Bureau of Statistics of China, "assumption" a',
  '  modelling choice, and "calibrated: F…" a value fitted to those facts (ODD.md, section 8).',
  '- **unit** ending in "(real county)": the value is given for the real county, `population.emigrants` persons, and',
  '  the model scales it by `population.agents / population.emigrants` (ODD.md, "Scaling"; the keys so marked are',
  '  declared in src/scenario/per-county.ts, an instrument\'s with its declaration in src/scenario/instruments.ts).',
];

const ROLE_TITLES: Readonly<Record<Role, string>> = { lever: 'Levers', uncertainty: 'Uncertainties', calibrated: 'Calibrated', fixed: 'Fixed' };

const ROLE_DOCS: Readonly<Record<Role, string>> = {
  lever:
    'What a county can choose: the budget and the size, timing and targeting of its instruments, the network it builds and the amenities it invests in. Policy variants change them; an analysis of the uncertainties holds them at the scenario\'s values; `homeward search` looks for the best packages of them within their search ranges.',
  uncertainty:
    'Conditions nobody in the county chooses and nobody has measured well: the epidemic, the platform, wages, the economics of creating, the effects of the instruments, and the behavioural weights not fitted to a fact. A sensitivity analysis varies the numeric ones over their plausible ranges.',
  calibrated:
    'Fitted to the facts of `scenarios/targets/qingyang.yaml` (ODD.md, section 8). The plausible range is the prior range within which a calibration or a history match searches; it spans the value before calibration and the fitted one.',
  fixed: 'Settings of a run, units, labels, dated events and the known make-up of the county: no analysis varies them by default. The settings (marked so in the schema: labels, seed, reps, months, agents, scale, the sweep and executor blocks) cannot be varied at all; the others only when named (--param, --free).',
};

/** The group a dot path belongs to ('' for a top-level key). */
const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('.')));

/** The unit, marked when the value is the real county's and scaled to the agents. */
const unitOf = (p: ParameterInfo) => (p.perCounty ? `${p.unit} (real county)` : p.unit);

const formatPlausible = (p: ParameterInfo) => (p.plausible ? `${formatNumber(p.plausible[0])} … ${formatNumber(p.plausible[1])}` : '');
const formatSearch = (p: ParameterInfo) => (p.search ? `${formatNumber(p.search[0])} … ${formatNumber(p.search[1])}` : '');

/** docs/parameters.md: the header, then per role (levers, uncertainties, calibrated, fixed) one table per group, in schema order. */
export function parametersMarkdown(): string {
  const { parameters, groups } = describeSchema();
  const lines = [...HEADER, '', '| role | parameters | with a plausible range | with a search range |', '|---|---|---|---|'];
  for (const role of ROLES) {
    const all = parameters.filter((p) => p.role === role);
    lines.push(`| [${ROLE_TITLES[role].toLowerCase()}](#${ROLE_TITLES[role].toLowerCase()}) | ${all.length} | ${all.filter((p) => p.plausible).length} | ${all.filter((p) => p.search).length} |`);
  }
  for (const role of ROLES) {
    const ranged = role === 'uncertainty' || role === 'calibrated';
    lines.push('', `## ${ROLE_TITLES[role]}`, '', ROLE_DOCS[role]);
    for (const g of groups) {
      const rows = parameters.filter((p) => p.role === role && parentOf(p.path) === g.path);
      if (rows.length === 0) continue;
      lines.push('', `### ${g.path === '' ? 'Scenario' : g.path}`, '');
      const doc = g.path === '' ? 'The scenario itself: its name, seed, simulated period and replications.' : g.doc;
      if (doc) lines.push(doc, '');
      if (ranged) {
        lines.push('| parameter | default | plausible | unit | range | meaning | source | why this plausible range |', '|---|---|---|---|---|---|---|---|');
        for (const p of rows) {
          lines.push(`| \`${p.path}\` | ${cell(formatDefault(p))} | ${cell(formatPlausible(p))} | ${cell(unitOf(p))} | ${cell(formatRange(p))} | ${cell(p.doc)} | ${cell(p.source)} | ${cell(p.plausibleSource ?? '')} |`);
        }
      } else if (role === 'lever') {
        lines.push('| parameter | default | search range | unit | range | meaning | source | why this search range |', '|---|---|---|---|---|---|---|---|');
        for (const p of rows) {
          lines.push(`| \`${p.path}\` | ${cell(formatDefault(p))} | ${cell(formatSearch(p))} | ${cell(unitOf(p))} | ${cell(formatRange(p))} | ${cell(p.doc)} | ${cell(p.source)} | ${cell(p.searchSource ?? '')} |`);
        }
      } else {
        lines.push('| parameter | default | unit | range | meaning | source |', '|---|---|---|---|---|---|');
        for (const p of rows) {
          lines.push(`| \`${p.path}\` | ${cell(formatDefault(p))} | ${cell(unitOf(p))} | ${cell(formatRange(p))} | ${cell(p.doc)} | ${cell(p.source)} |`);
        }
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
