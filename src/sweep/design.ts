import seedrandom from 'seedrandom';
import { permutation } from '../analysis/latin-hypercube.js';
import { ScenarioError, type ScenarioProblem } from '../scenario/errors.js';
import { NUMERIC_TYPES, rangeProblem, type ParameterInfo } from '../scenario/describe.js';
import { MONTH_PATTERN } from '../scenario/month.js';
import { variableAt } from '../scenario/variable.js';

/**
 * The design of a sweep: which parameters vary over which values, and the points (one value per parameter) that
 * are run. Parameters are given as `path=values` (`--param`) or as `path: values` in a scenario's `sweep.params`;
 * values are a list `0,500,1000` or a range `lo:hi:n`. A grid is the full factorial; a Latin hypercube (lhs)
 * draws `samples` points so that each parameter's range is cut into `samples` equal strata with one point in each.
 */

export type Design = 'grid' | 'lhs';
export type Value = number | string;

/** Where a parameter was given, for messages: `--param` on the command line, or a scenario file's sweep block. */
/** Where a sweep parameter was given: a --param flag, or the scenario's sweep block (with where each key is written). */
export type ParamSource = { readonly kind: 'flag' } | { readonly kind: 'file'; readonly file: string; readonly locate?: Locate };
/** The file and line where a key path of the scenario is written (LoadedScenario.locate). */
export type Locate = (keyPath: readonly string[]) => { readonly file: string; readonly line?: number; readonly column?: number };

export interface SweepParam {
  /** Dot path of the scenario key. */
  readonly path: string;
  /** The values as given (`0:6000:4`, `a,b`), for design.json. */
  readonly spec: string;
  /** The schema's type of the key: `number`, `integer`, `timeline` (swept as a constant), `month`, `enum(...)`... */
  readonly type: ParameterInfo['type'];
  /** Listed values, or undefined for a range. */
  readonly list?: readonly Value[];
  /** A range lo..hi with n points (n is undefined for `lo:hi`, allowed only in a Latin hypercube). */
  readonly range?: { readonly low: number; readonly high: number; readonly n?: number };
  /** Where it was given, for messages. */
  readonly source: ParamSource;
}

export interface SweepPoint {
  /** 0-based index: the point's number in every output. */
  readonly point: number;
  /** One value per parameter, in parameter order. */
  readonly values: readonly Value[];
}

/**
 * The largest design a sweep runs: points of a grid (the product of its parameters' values), of a Latin hypercube
 * (--samples), or values of one parameter. Larger designs are refused before anything is expanded or run (every
 * point's scenario is validated before the first run, which is itself work proportional to the points).
 */
export const MAX_SWEEP_POINTS = 10_000;

/** Values are written to the CSVs with 6 significant digits; computed values are rounded so, so they run as written. */
function sig6(x: number): number {
  return Number(x.toPrecision(6));
}

/** A problem with one parameter, placed like the rest of the scenario errors. */
function problem(source: ParamSource, path: string, spec: string, message: string): ScenarioProblem {
  return source.kind === 'flag'
    ? { file: `--param ${path}=${spec}`, path: '', message }
    : { file: source.file, ...source.locate?.(['sweep', 'params', path]), path: `sweep.params.${path}`, message };
}

/** Parses `path=values` of `--param`; every bad one is reported, in one ScenarioError. */
export function parseParamFlags(texts: readonly string[]): SweepParam[] {
  const problems: ScenarioProblem[] = [];
  const params: SweepParam[] = [];
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq < 0) {
      problems.push({ file: `--param ${text}`, path: '', message: 'expected path=values, e.g. --param policies.training.seats=0,3000,6000 or =0:6000:4' });
      continue;
    }
    const result = parseParam(text.slice(0, eq).trim(), text.slice(eq + 1).trim(), { kind: 'flag' });
    if ('message' in result) problems.push(result);
    else params.push(result);
  }
  duplicates(params, { kind: 'flag' }, problems);
  if (problems.length > 0) throw new ScenarioError(problems);
  return params;
}

/** Parses a scenario's `sweep.params` block (already shape-checked by the schema). */
export function parseParamBlock(block: Readonly<Record<string, Value | readonly Value[]>>, file: string, locate?: Locate): SweepParam[] {
  const source: ParamSource = locate ? { kind: 'file', file, locate } : { kind: 'file', file };
  const problems: ScenarioProblem[] = [];
  const params: SweepParam[] = [];
  for (const [path, values] of Object.entries(block)) {
    const result = parseParam(path, typeof values === 'number' ? [values] : values, source);
    if ('message' in result) problems.push(result);
    else params.push(result);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return params;
}

function duplicates(params: readonly SweepParam[], source: ParamSource, problems: ScenarioProblem[]): void {
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.path)) problems.push(problem(source, p.path, p.spec, 'this parameter is given twice'));
    seen.add(p.path);
  }
}

/** One parameter: its path checked against the schema, its values against the key's type and range. */
export function parseParam(path: string, values: string | readonly Value[], source: ParamSource): SweepParam | ScenarioProblem {
  const spec = typeof values === 'string' ? values : values.join(',');
  const fail = (message: string) => problem(source, path, spec, message);
  // Known, not a label or a setting of the run, a single parameter: the rule of every analysis (scenario/variable.ts).
  const variable = variableAt(path, 'swept');
  if ('message' in variable) return fail(variable.message);
  const { info } = variable;
  const numeric = NUMERIC_TYPES.has(info.type);
  const text = info.type === 'string' || info.type === 'month' || info.type.startsWith('enum(');
  if (!numeric && !text) return fail(`${path} is a ${info.type} and cannot be swept`);

  let list: Value[];
  if (typeof values !== 'string') {
    list = [...values];
  } else {
    if (values === '') return fail('no values given: expected a list a,b,c or a range lo:hi:n');
    if (values.includes(':')) {
      if (!numeric) return fail(`${path} is not a number (${info.options ? `one of ${info.options.join(', ')}` : info.type}): give a list of values, not a range`);
      return parseRange(path, spec, values, info, source, fail);
    }
    list = values.split(',').map((v) => v.trim());
  }
  if (list.length === 0) return fail('no values given');
  if (list.length > MAX_SWEEP_POINTS) return fail(`${list.length} values; a sweep takes at most ${MAX_SWEEP_POINTS.toLocaleString('en-US')} points`);
  const checked: Value[] = [];
  const seen = new Set<Value>();
  for (const v of list) {
    const value = numeric ? toNumber(v) : String(v);
    if (typeof value === 'string' && value === '') return fail('an empty value in the list');
    if (numeric) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`expected ${info.type === 'integer' ? 'whole numbers' : 'numbers'}, got ${JSON.stringify(v)}`);
      const bad = rangeProblem(value, info);
      if (bad) return fail(bad);
    } else if (info.options && !info.options.includes(value as string)) {
      return fail(`expected one of ${info.options.join(', ')}, got ${JSON.stringify(value)}`);
    } else if (info.type === 'month' && !MONTH_PATTERN.test(value as string)) {
      return fail(`expected months YYYY-MM, got ${JSON.stringify(value)}`);
    }
    if (seen.has(value)) return fail(`the value ${value} is listed twice`);
    seen.add(value);
    checked.push(value);
  }
  return { path, spec, type: info.type, list: checked, source };
}

function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  return v.trim() === '' ? NaN : Number(v);
}

function parseRange(path: string, spec: string, text: string, info: ParameterInfo, source: ParamSource, fail: (m: string) => ScenarioProblem): SweepParam | ScenarioProblem {
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3) return fail(`expected a range lo:hi:n (or lo:hi for lhs), got ${JSON.stringify(text)}`);
  const [low, high] = [toNumber(parts[0]!), toNumber(parts[1]!)];
  if (!Number.isFinite(low) || !Number.isFinite(high)) return fail(`expected numbers in the range lo:hi:n, got ${JSON.stringify(text)}`);
  if (low > high) return fail(`empty range: lo ${low} is above hi ${high}`);
  for (const x of [low, high]) {
    const bad = rangeProblem(x, info);
    if (bad) return fail(bad);
  }
  if (parts.length === 2) return { path, spec, type: info.type, range: { low, high }, source };
  const n = toNumber(parts[2]!);
  if (!Number.isInteger(n) || n < 1) return fail(`the number of points n in lo:hi:n must be a whole number >= 1, got ${JSON.stringify(parts[2])}`);
  if (n > MAX_SWEEP_POINTS) return fail(`${n.toLocaleString('en-US')} points; a sweep takes at most ${MAX_SWEEP_POINTS.toLocaleString('en-US')} points`);
  if (n > 1 && low === high) return fail(`empty range: lo equals hi, so the ${n} points would all be ${low}`);
  const values = gridValues(low, high, n, info.type === 'integer');
  const twice = values.find((v, i) => i > 0 && v === values[i - 1]); // values ascend: a repeat is next to its twin
  if (twice !== undefined) return fail(`${n} points between ${low} and ${high} give ${twice} twice for a whole-number parameter; use fewer points`);
  return { path, spec, type: info.type, range: { low, high, n }, source };
}

/** n evenly spaced values from low to high inclusive (n = 1: low), rounded to whole numbers or 6 digits. */
function gridValues(low: number, high: number, n: number, integer: boolean): number[] {
  return Array.from({ length: n }, (_, i) => {
    const x = n === 1 ? low : i === n - 1 ? high : low + ((high - low) * i) / (n - 1);
    return integer ? Math.round(x) : sig6(x);
  });
}

/**
 * Checks that the parameters suit the design: a grid needs the number of points of every range, and the design may
 * have at most MAX_SWEEP_POINTS points. Runs before any point is made.
 */
export function checkDesign(design: Design, params: readonly SweepParam[], samples: number): void {
  const problems = params
    .filter((p) => design === 'grid' && p.range && p.range.n === undefined)
    .map((p) => problem(p.source, p.path, p.spec, 'a grid needs the number of points of a range: lo:hi:n (lo:hi is for --design lhs)'));
  if (problems.length > 0) throw new ScenarioError(problems);
  const limit = MAX_SWEEP_POINTS.toLocaleString('en-US');
  if (design === 'lhs' && samples > MAX_SWEEP_POINTS) {
    throw new ScenarioError([{ file: '--samples', path: '', message: `${samples.toLocaleString('en-US')} points; a sweep takes at most ${limit} points` }]);
  }
  if (design === 'grid') {
    const total = params.reduce((n, p) => n * (p.list ? p.list.length : p.range!.n!), 1);
    if (total > MAX_SWEEP_POINTS) {
      const sizes = params.map((p) => `${p.path}: ${p.list ? p.list.length : p.range!.n!}`).join(' × ');
      throw new ScenarioError([{ file: '--param', path: '', message: `the grid has ${total.toLocaleString('en-US')} points (${sizes}); a sweep takes at most ${limit} points: use fewer values or --design lhs` }]);
    }
  }
}

/** The values a grid takes for a parameter. */
export function paramValues(p: SweepParam): Value[] {
  if (p.list) return [...p.list];
  const r = p.range!;
  if (r.n === undefined) throw new Error(`${p.path}: a grid needs lo:hi:n (checkDesign first)`);
  return gridValues(r.low, r.high, r.n, p.type === 'integer');
}

/** The full factorial: the first parameter varies slowest, the last fastest. */
export function gridPoints(params: readonly SweepParam[]): SweepPoint[] {
  const axes = params.map(paramValues);
  let rows: Value[][] = [[]];
  for (const axis of axes) rows = rows.flatMap((row) => axis.map((v) => [...row, v]));
  return rows.map((values, point) => ({ point, values }));
}

/**
 * A Latin hypercube of `samples` points, seeded. For each parameter (in order) a random permutation assigns each
 * point its own stratum k of `samples` equal strata: a range takes a uniform random value within its stratum,
 * [lo + (hi − lo)·k/N, lo + (hi − lo)·(k + 1)/N) (rounded to 6 significant digits, or to a whole number for an
 * integer parameter); a list of K values takes value floor(k·K/N), so each listed value gets N/K points (±1).
 */
export function lhsPoints(params: readonly SweepParam[], samples: number, seed: number): SweepPoint[] {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a whole number >= 1, got ${samples}`);
  const rng = seedrandom.alea(`homeward:lhs:${seed}`);
  const columns = params.map((p) => {
    const strata = permutation(samples, rng);
    return strata.map((k) => {
      if (p.list) return p.list[Math.floor((k * p.list.length) / samples)]!;
      const { low, high } = p.range!;
      const x = low + ((high - low) * (k + rng())) / samples;
      const rounded = p.type === 'integer' ? Math.round(x) : sig6(x);
      return Math.min(high, Math.max(low, rounded));
    });
  });
  return Array.from({ length: samples }, (_, point) => ({ point, values: columns.map((c) => c[point]!) }));
}


/** The points of a design. */
export function designPoints(design: Design, params: readonly SweepParam[], samples: number, seed: number): SweepPoint[] {
  return design === 'grid' ? gridPoints(params) : lhsPoints(params, samples, seed);
}
