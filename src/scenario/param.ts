import { z } from 'zod';
import { timelineOf } from './timeline.js';
import { MONTH_PATTERN } from './month.js';

/** Every model parameter carries its documentation: the ODD parameter table is generated from these. */
declare module 'zod' {
  interface GlobalMeta {
    unit?: string;
    source?: string;
  }
}

export interface ParamDoc {
  /** What the parameter means, in one sentence. */
  doc: string;
  /** Unit, e.g. "RMB/month", "1/month", "share 0..1", "persons". */
  unit: string;
  /** Where the default comes from: a seed section, a fact id, a statistic, or "assumption". */
  source: string;
}

function meta(d: ParamDoc) {
  return { description: d.doc, unit: d.unit, source: d.source };
}

/** A real number in [min, max]. */
export function num(def: number, min: number, max: number, d: ParamDoc) {
  return z.number().min(min).max(max).default(def).meta(meta(d));
}

/** A whole number in [min, max]. */
export function int(def: number, min: number, max: number, d: ParamDoc) {
  return z.number().int().min(min).max(max).default(def).meta(meta(d));
}

/** A share in [0, 1]. */
export function share(def: number, d: ParamDoc) {
  return num(def, 0, 1, { ...d, unit: d.unit || 'share 0..1' });
}

/** A timeline whose values lie in [min, max]. */
export function timeline(def: z.input<ReturnType<typeof timelineOf>>, min: number, max: number, d: ParamDoc) {
  return timelineOf(z.number().min(min).max(max)).default(def as never).meta(meta(d));
}

/** A calendar month `YYYY-MM`. */
export function month(def: string, d: ParamDoc) {
  return z.string().regex(MONTH_PATTERN, 'expected a month YYYY-MM (years 1000-9999)').default(def).meta(meta({ ...d, unit: 'YYYY-MM' }));
}

/** A group of parameters: unknown keys are errors, and an omitted group takes all its defaults. */
export function group<S extends z.ZodRawShape>(shape: S, doc: string) {
  return z.strictObject(shape).prefault({} as never).meta({ description: doc });
}
