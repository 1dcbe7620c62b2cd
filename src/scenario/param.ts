import { z } from 'zod';
import { timelineOf } from './timeline.js';
import { MONTH_PATTERN } from './month.js';
import { EDUCATION_LEVELS, type EducationLevel } from './education.js';

/**
 * The role of a parameter in an analysis (issue 13):
 * - `lever`: what a county can choose (the policy instruments: their size, timing, targeting, budget);
 * - `uncertainty`: conditions nobody in the county chooses and nobody has measured well (epidemic, platform, wages,
 *   behaviour) — sensitivity analysis varies them;
 * - `calibrated`: fitted to the facts of the targets file (docs/ODD.md §8) — history matching searches them;
 * - `fixed`: settings of a run, units and the known make-up of the county; no analysis varies them by default, and the
 *   settings (their `setting` meta, scenario/variable.ts) cannot be varied at all.
 */
export type Role = 'lever' | 'uncertainty' | 'calibrated' | 'fixed';
export const ROLES: readonly Role[] = ['lever', 'uncertainty', 'calibrated', 'fixed'];

/** Every model parameter carries its documentation: the ODD parameter table is generated from these. */
declare module 'zod' {
  interface GlobalMeta {
    unit?: string;
    source?: string;
    role?: Role;
    /** The plausible range [lo, hi] of a numeric uncertainty or calibrated parameter (inside its bounds). */
    plausible?: readonly [number, number];
    /** Where the plausible range comes from, or why it is what it is. */
    plausible_source?: string;
    /** The search range [lo, hi] of a numeric lever: what a county could actually choose (`homeward search`'s default). */
    search?: readonly [number, number];
    /** Where the search range comes from, or why it is what it is. */
    search_source?: string;
    /** Not a parameter of the model but a label or a setting (of the run, the outputs, a command, the machine). */
    setting?: Setting;
  }
}

/**
 * What marks a key (or a whole group) as a setting rather than a parameter of the model: why no analysis (sweep,
 * sensitivity, calibrate) may vary it, and the flag that sets it for a whole command instead, if there is one
 * (src/scenario/variable.ts reads it).
 */
export interface Setting {
  readonly why: string;
  readonly flag?: string;
}

export interface ParamDoc {
  /** What the parameter means, in one sentence. */
  doc: string;
  /** Unit, e.g. "RMB/month", "1/month", "share 0..1", "persons". */
  unit: string;
  /** Where the default comes from: a seed section, a fact id, a statistic, or "assumption". */
  source: string;
  /** A label or a setting, never varied by an analysis. */
  setting?: Setting;
}

/**
 * A plausible range: explicit bounds, or a relative half-width around the default (`relative: 0.5` is ±50%,
 * clipped to the parameter's bounds and widened to whole numbers for an integer).
 */
export type PlausibleSpec = { readonly range: readonly [number, number]; readonly source: string } | { readonly relative: number; readonly source?: string };

/** A lever's search range: the values a county could actually choose, with where they come from (`homeward search`). */
export type SearchSpec = { readonly range: readonly [number, number]; readonly source: string };

/** A role without a range: fixed keys, and levers and uncertainties that are not a single number (enums, timelines, months). */
export type Unranged = { role: Role };
/**
 * A numeric parameter's role: an uncertainty or a calibrated one must say how far it may plausibly go, a lever how
 * far a search may take it (`lever(lo, hi, source)`).
 */
export type NumericRole = { role: 'fixed' } | { role: 'lever'; search: SearchSpec } | { role: 'uncertainty' | 'calibrated'; plausible: PlausibleSpec };

/** A lever that is not a single number (a month, an option, a timeline): a role, no search range. */
export const LEVER = { role: 'lever' } as const;
export const FIXED = { role: 'fixed' } as const;
/** An uncertainty with a non-numeric value (an enum, a month, a timeline): a role, no range. */
export const UNCERTAIN = { role: 'uncertainty' } as const;

/** A numeric lever a county could set anywhere in [lo, hi], with the source of (or reason for) the range. */
export function lever(lo: number, hi: number, source: string): NumericRole {
  return { role: 'lever', search: { range: [lo, hi], source } };
}

/** An uncertainty within [lo, hi], with the source of (or reason for) the range. */
export function uncertain(lo: number, hi: number, source: string): NumericRole {
  return { role: 'uncertainty', plausible: { range: [lo, hi], source } };
}

/** An uncertainty within ±`relative` of the default, for values set by assumption with nothing better to go on. */
export function uncertainAround(relative: number, source?: string): NumericRole {
  return { role: 'uncertainty', plausible: source === undefined ? { relative } : { relative, source } };
}

/** A calibrated parameter, plausible within [lo, hi] (the prior range a calibration searches). */
export function calibrated(lo: number, hi: number, source: string): NumericRole {
  return { role: 'calibrated', plausible: { range: [lo, hi], source } };
}

const percent = (x: number) => `${Number((x * 100).toPrecision(6))}%`;

/** The plausible range in numbers; a relative one is clipped to the bounds and, for an integer, made whole. */
function resolvePlausible(spec: PlausibleSpec, def: number, min: number, max: number, integer: boolean): { plausible: readonly [number, number]; plausible_source: string } {
  if ('range' in spec) return { plausible: spec.range, plausible_source: spec.source };
  let lo = Math.max(min, def - Math.abs(def) * spec.relative);
  let hi = Math.min(max, def + Math.abs(def) * spec.relative);
  if (integer) [lo, hi] = [Math.ceil(lo), Math.floor(hi)];
  return { plausible: [Number(lo.toPrecision(12)), Number(hi.toPrecision(12))], plausible_source: spec.source ?? `assumption: ±${percent(spec.relative)} of the default` };
}

function meta(d: ParamDoc & Unranged) {
  return { description: d.doc, unit: d.unit, source: d.source, role: d.role, ...(d.setting === undefined ? {} : { setting: d.setting }) };
}

/** A lever's search range, checked against the parameter's bounds (a declaration outside them is a bug of the schema). */
function resolveSearch(spec: SearchSpec, min: number, max: number, integer: boolean, doc: string): { search: readonly [number, number]; search_source: string } {
  const [lo, hi] = spec.range;
  if (!(min <= lo && lo < hi && hi <= max) || (integer && !(Number.isInteger(lo) && Number.isInteger(hi)))) {
    throw new Error(`the search range ${lo}:${hi} of "${doc}" must be ${integer ? 'whole numbers ' : ''}within its bounds ${min}:${max}, low below high`);
  }
  return { search: spec.range, search_source: spec.source };
}

function numericMeta(d: ParamDoc & NumericRole, def: number, min: number, max: number, integer: boolean) {
  const base = meta(d);
  if ('plausible' in d) return { ...base, ...resolvePlausible(d.plausible, def, min, max, integer) };
  if ('search' in d) return { ...base, ...resolveSearch(d.search, min, max, integer, d.doc) };
  return base;
}

/** A real number in [min, max]. */
export function num(def: number, min: number, max: number, d: ParamDoc & NumericRole) {
  return z.number().min(min).max(max).default(def).meta(numericMeta(d, def, min, max, false));
}

/** A whole number in [min, max]. */
export function int(def: number, min: number, max: number, d: ParamDoc & NumericRole) {
  return z.number().int().min(min).max(max).default(def).meta(numericMeta(d, def, min, max, true));
}

/** A share in [0, 1]. */
export function share(def: number, d: ParamDoc & NumericRole) {
  return num(def, 0, 1, { ...d, unit: d.unit || 'share 0..1' });
}

/** A timeline whose values lie in [min, max]. */
export function timeline(def: z.input<ReturnType<typeof timelineOf>>, min: number, max: number, d: ParamDoc & Unranged) {
  return timelineOf(z.number().min(min).max(max)).default(def as never).meta(meta(d));
}

/** A calendar month `YYYY-MM`. */
export function month(def: string, d: ParamDoc & Unranged) {
  return z.string().regex(MONTH_PATTERN, 'expected a month YYYY-MM (years 1000-9999)').default(def).meta(meta({ ...d, unit: 'YYYY-MM' }));
}

/** An education level (one of EDUCATION_LEVELS). */
export function level(def: EducationLevel, d: ParamDoc & Unranged) {
  return z.enum(EDUCATION_LEVELS).default(def).meta(meta(d));
}

/** The source of a value set by a modelling choice, to be calibrated or varied. */
export const ASSUMPTION = 'assumption';

/** A group of parameters: unknown keys are errors, and an omitted group takes all its defaults. A group of settings says so. */
export function group<S extends z.ZodRawShape>(shape: S, doc: string, setting?: Setting) {
  return z.strictObject(shape).prefault({} as never).meta({ description: doc, ...(setting === undefined ? {} : { setting }) });
}

/**
 * The builders above, handed to a declaration that must not load zod itself (an instrument's parameters in
 * instruments.ts, which the model reads): it writes `(p) => ({ seats: p.int(...) })` and schema.ts calls it with these.
 */
export const PARAMS = { num, int, share, month, level, LEVER, lever, FIXED, UNCERTAIN, uncertain, uncertainAround, calibrated, ASSUMPTION } as const;
export type ParamBuilders = typeof PARAMS;
