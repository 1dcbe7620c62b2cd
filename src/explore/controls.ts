import { groupAt, parametersByRole, rangedParameters, parameterAt, type ParameterInfo } from '../scenario/describe.js';
import { formatMonth, parseMonth } from '../scenario/month.js';
import { valueAt } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';

/**
 * The controls of the explore page, read from the scenario schema: the run's settings (agents, replications, seed,
 * scale), the levers (keys of the `lever` role that are a number with a search range, a month or an option) and the
 * uncertainties (every uncertainty with a plausible range, the set `homeward sensitivity` varies by default), each
 * with its unit, range and doc. A slider spans the range the schema declares (search or plausible), widened to take
 * the baseline's own value; a typed value may go anywhere the schema allows, and the schema judges it.
 */

export type ControlKind = 'number' | 'integer' | 'month' | 'enum';

export interface Control {
  /** Dot path of the scenario key. */
  readonly path: string;
  readonly kind: ControlKind;
  readonly unit: string;
  readonly doc: string;
  /** The slider's range: numbers, or month indices (scenario/month.ts) of a month. */
  readonly low: number;
  readonly high: number;
  readonly step: number;
  /** An enum's options. */
  readonly options?: readonly string[];
  /** What the range is (`search range`, `plausible range`) and where it comes from. */
  readonly range: string;
}

export interface ControlGroup {
  /** The top-level group's key (`policies`, `platform`) and its doc. */
  readonly key: string;
  readonly doc: string;
  readonly controls: readonly Control[];
}

export interface Controls {
  /** Agents, replications, seed (number fields) and the output scale. */
  readonly run: readonly Control[];
  readonly levers: readonly Control[];
  /** Levers the page cannot show as one control (timelines: no range to slide over); set them in the scenario file. */
  readonly leversLeftOut: readonly string[];
  readonly uncertainties: readonly ControlGroup[];
}

/** The run's settings, as scenario keys (`homeward run --agents --reps --seed --scale` set the same keys). */
export const RUN_KEYS = ['population.agents', 'reps', 'seed', 'scale'] as const;

/** A step of about a hundredth of the range, a round number (1, 2 or 5 times a power of ten). */
export function niceStep(low: number, high: number, integer: boolean): number {
  const raw = (high - low) / 100;
  if (!(raw > 0)) return integer ? 1 : 0.01;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return integer ? Math.max(1, Math.round(step)) : Number(step.toPrecision(1));
}

function numeric(p: ParameterInfo, range: readonly [number, number], what: string, source: string, value: unknown): Control {
  const integer = p.type === 'integer';
  const v = typeof value === 'number' ? value : range[0];
  const low = Math.min(range[0], v);
  const high = Math.max(range[1], v);
  return { path: p.path, kind: integer ? 'integer' : 'number', unit: p.unit, doc: p.doc, low, high, step: niceStep(low, high, integer), range: `${what} ${range[0]} to ${range[1]}: ${source}` };
}

function leverControl(p: ParameterInfo, baseline: Scenario): Control | undefined {
  const value = valueAt(baseline, p.path);
  if ((p.type === 'number' || p.type === 'integer') && p.search) return numeric(p, p.search, 'search range', p.searchSource ?? '', value);
  if (p.type === 'month') {
    const low = parseMonth(baseline.start);
    const high = parseMonth(baseline.end);
    return { path: p.path, kind: 'month', unit: p.unit, doc: p.doc, low, high, step: 1, range: `any month of the run, ${formatMonth(low)} to ${formatMonth(high)}` };
  }
  if (p.options) return { path: p.path, kind: 'enum', unit: p.unit, doc: p.doc, low: 0, high: p.options.length - 1, step: 1, options: p.options, range: `one of ${p.options.join(', ')}` };
  return undefined;
}

/** The controls for a baseline scenario. */
export function exploreControls(baseline: Scenario): Controls {
  const run = RUN_KEYS.map((path): Control => {
    const p = parameterAt(path)!;
    if (p.options) return { path, kind: 'enum', unit: p.unit, doc: p.doc, low: 0, high: p.options.length - 1, step: 1, options: p.options, range: `one of ${p.options.join(', ')}` };
    return { path, kind: 'integer', unit: p.unit, doc: p.doc, low: p.min ?? 0, high: p.max ?? Number.MAX_SAFE_INTEGER, step: 1, range: `${p.min} to ${p.max}` };
  });
  const levers: Control[] = [];
  const leversLeftOut: string[] = [];
  for (const p of parametersByRole('lever')) {
    const control = leverControl(p, baseline);
    if (control) levers.push(control);
    else leversLeftOut.push(p.path);
  }
  const groups = new Map<string, Control[]>();
  for (const r of rangedParameters('uncertainty')) {
    const p = parameterAt(r.path)!;
    const key = r.path.split('.')[0]!;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(numeric(p, [r.low, r.high], 'plausible range', r.source, valueAt(baseline, r.path)));
  }
  const uncertainties = [...groups].map(([key, controls]) => ({ key, doc: groupAt(key)?.doc ?? '', controls }));
  return { run, levers, leversLeftOut, uncertainties };
}
