import { readInputText } from '../scenario/read-input.js';
import { z } from 'zod';
import { definition, METRIC_NAMES, type MetricName } from '../model/definition.js';
import { ScenarioError } from '../scenario/errors.js';
import { describeIssues, show, suggest, unknownKey, type Described } from '../scenario/issues.js';
import { readError } from '../scenario/load.js';
import { keyLocation, parseYamlMapping, type YamlMapping } from '../scenario/yaml-file.js';
import { MONTH_PATTERN, parseMonth } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';
import { PERIOD_PATTERN, parsePeriod } from './period.js';
import type { CreatorField, Expr, Target, TargetsFile } from './types.js';

/**
 * Targets files: a YAML list of facts to reproduce (see README, "Targets files"). Every problem is a ScenarioError
 * naming the file, line and key path, like a scenario's, so the CLI reports it the same way (exit 2).
 */

// ---------------------------------------------------------------------------------------------------
// The schema

/** YAML reads `2020` as a number; a year (or id) written bare is meant as text. */
const asText = (v: unknown) => (typeof v === 'number' ? String(v) : v);

const monthText = z.preprocess(asText, z.string().regex(MONTH_PATTERN, 'expected a month YYYY-MM'));

const period = z.preprocess(
  asText,
  z
    .string()
    .regex(PERIOD_PATTERN, 'expected a period: YYYY, YYYY-MM or A..B (e.g. 2020, 2021-06, 2017..2019)')
    .refine((p) => !PERIOD_PATTERN.test(p) || parsePeriod(p).first <= parsePeriod(p).last, 'the period ends before it starts'),
);

const isMetric = (s: string): s is MetricName => (METRIC_NAMES as readonly string[]).includes(s);

function unknownMetric(name: unknown): string {
  const hint = typeof name === 'string' ? suggest(name, METRIC_NAMES).trim() : '';
  return `unknown metric ${show(name)} (${hint || 'the metrics are the columns of timeseries.csv, listed in README.md'})`;
}

const metric = z.string().refine(isMetric, { error: (issue) => unknownMetric(issue.input) });

/** What a creator statistic may take: the measurements of the model's creator snapshot (its double columns). */
const CREATOR_FIELDS = Object.values(definition.snapshotColumns)
  .filter((c) => c.values === 'double')
  .map((c) => c.name) as [CreatorField, ...CreatorField[]];
const CREATOR_STATS = ['mean', 'median', 'min', 'max', 'quantile', 'count', 'share'] as const;

const creatorsObject = z
  .strictObject({
    month: monthText,
    field: z.enum(CREATOR_FIELDS).optional(),
    stat: z.enum(CREATOR_STATS),
    q: z.number().min(0).max(1).optional(),
    min_followers: z.number().min(0).optional(),
    max_followers: z.number().min(0).optional(),
    returnee: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.stat === 'quantile' && c.q === undefined) ctx.addIssue({ code: 'custom', path: ['q'], message: 'missing: stat quantile needs q, the quantile in 0..1' });
    if (c.stat !== 'quantile' && c.q !== undefined) ctx.addIssue({ code: 'custom', path: ['q'], message: `q goes with stat quantile, not ${c.stat}` });
    if (c.field === undefined && c.stat !== 'count' && c.stat !== 'share') {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `missing: stat ${c.stat} needs field, one of ${CREATOR_FIELDS.join(', ')}` });
    }
    if (c.min_followers !== undefined && c.max_followers !== undefined && !(c.min_followers < c.max_followers)) {
      ctx.addIssue({ code: 'custom', path: ['max_followers'], message: `must be more than min_followers (${c.min_followers}), got ${c.max_followers}` });
    }
  });

/** An expression as written: one kind key (and its companion month or over). */
interface RawExpr {
  at?: MetricName;
  month?: string;
  sum?: MetricName;
  mean?: MetricName;
  over?: string;
  ratio?: RawExpr[];
  difference?: RawExpr[];
  creators?: z.output<typeof creatorsObject>;
}

const KINDS = ['at', 'sum', 'mean', 'ratio', 'difference', 'creators'] as const;
/** The key each kind needs besides its own: a month for `at`, a period for `sum` and `mean`. */
const COMPANION: Record<(typeof KINDS)[number], 'month' | 'over' | undefined> = {
  at: 'month',
  sum: 'over',
  mean: 'over',
  ratio: undefined,
  difference: undefined,
  creators: undefined,
};

const exprSchema: z.ZodType<RawExpr> = z.lazy(() => exprObject);
const two = z.array(exprSchema).refine((list) => list.length === 2, 'expected a list of two expressions: [first, second]');

const exprObject = z
  .strictObject({
    at: metric.optional(),
    month: monthText.optional(),
    sum: metric.optional(),
    mean: metric.optional(),
    over: period.optional(),
    ratio: two.optional(),
    difference: two.optional(),
    creators: creatorsObject.optional(),
  })
  .superRefine((e, ctx) => {
    const kinds = KINDS.filter((k) => e[k] !== undefined);
    if (kinds.length === 0) {
      ctx.addIssue({ code: 'custom', message: `expected an expression: one of ${KINDS.join(', ')} (e.g. {sum: returns, over: 2020})` });
      return;
    }
    if (kinds.length > 1) {
      ctx.addIssue({ code: 'custom', path: [kinds[1]!], message: `an expression has one of ${KINDS.join(', ')}, got ${kinds.join(' and ')}` });
      return;
    }
    const kind = kinds[0]!;
    for (const key of ['month', 'over'] as const) {
      const wanted = COMPANION[kind] === key;
      if (wanted && e[key] === undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `missing: ${kind} needs ${key === 'month' ? 'month: YYYY-MM' : 'over: a period (2020, 2021-06, 2017..2019)'}` });
      } else if (!wanted && e[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `${kind} takes no ${key}${key === 'month' ? ' (at takes a month)' : ' (sum and mean take a period)'}` });
      }
    }
  });

const text = z.string().refine((s) => s.trim() !== '', 'must not be empty');

const targetObject = z
  .strictObject({
    id: z.preprocess(asText, z.string().regex(/^[A-Za-z0-9_.-]+$/, 'ids use letters, digits, _ . -')),
    fact: text,
    source: text,
    expr: exprSchema,
    value: z.number().optional(),
    at_least: z.number().optional(),
    at_most: z.number().optional(),
    tolerance: z.number().positive(),
    weight: z.number().min(0).default(1),
  })
  .superRefine((t, ctx) => {
    const bounds = (['at_least', 'at_most'] as const).filter((k) => t[k] !== undefined);
    if (t.value !== undefined && bounds.length > 0) {
      ctx.addIssue({ code: 'custom', path: [bounds[0]!], message: 'give either value or at_least/at_most, not both' });
    } else if (t.value === undefined && bounds.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'missing: give value, or at_least and/or at_most' });
    } else if (t.at_least !== undefined && t.at_most !== undefined && t.at_most < t.at_least) {
      ctx.addIssue({ code: 'custom', path: ['at_most'], message: `must not be below at_least (${t.at_least}), got ${t.at_most}` });
    }
  });

const fileSchema = z.strictObject({
  targets: z.array(targetObject).superRefine((list, ctx) => {
    if (list.length === 0) ctx.addIssue({ code: 'custom', message: 'no targets: the list is empty' });
    const seen = new Map<string, number>();
    list.forEach((t, i) => {
      const first = seen.get(t.id);
      if (first === undefined) seen.set(t.id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${t.id}" (also targets.${first}.id)` });
    });
  }),
});

/** Known keys at an unknown key's place, for "did you mean": the file, a target, an expression or a creators block. */
function knownKeysAt(path: readonly string[]): string[] {
  if (path.length === 0) return Object.keys(fileSchema.shape);
  if (path.length === 2) return Object.keys(targetObject.shape);
  if (path[path.length - 1] === 'creators') return Object.keys(creatorsObject.shape);
  return Object.keys(exprObject.shape);
}

// ---------------------------------------------------------------------------------------------------
// Loading

/** Each loaded file's parsed YAML, kept to locate problems found after loading (months outside the run). */
const sources = new WeakMap<TargetsFile, YamlMapping>();

/** Reads and validates a targets file. */
export async function loadTargets(file: string): Promise<TargetsFile> {
  let content: string;
  try {
    content = await readInputText(file);
  } catch (err) {
    throw new ScenarioError({ file, path: '', message: `cannot read the targets file: ${readError(err)}` });
  }
  const source = parseYamlMapping(file, content, 'a mapping with a list of targets (targets: [...])');
  const parsed = fileSchema.safeParse(source.data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(describeIssue).map((d) => ({ ...keyLocation(source, d.path), message: d.message }));
    throw new ScenarioError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  const targets: Target[] = parsed.data.targets.map((t, i) => {
    const { expr, ...rest } = t;
    return { ...rest, expr: toExpr(expr), line: keyLocation(source, ['targets', String(i)]).line };
  });
  const result: TargetsFile = { file, targets };
  sources.set(result, source);
  return result;
}

function describeIssue(issue: z.core.$ZodIssue): Described[] {
  // describeIssues finds known keys by walking the scenario schema's shape; a targets file has lists and a
  // recursive expression, so its known keys are named here.
  if (issue.code === 'unrecognized_keys') {
    const path = issue.path.map(String);
    const known = knownKeysAt(path);
    return issue.keys.map((key) => ({ path: [...path, key], message: unknownKey(key, known) }));
  }
  return describeIssues([issue], fileSchema);
}

function toExpr(e: RawExpr): Expr {
  if (e.at !== undefined) return { at: e.at, month: e.month! };
  if (e.sum !== undefined) return { sum: e.sum, over: e.over! };
  if (e.mean !== undefined) return { mean: e.mean, over: e.over! };
  if (e.ratio !== undefined) return { ratio: [toExpr(e.ratio[0]!), toExpr(e.ratio[1]!)] };
  if (e.difference !== undefined) return { difference: [toExpr(e.difference[0]!), toExpr(e.difference[1]!)] };
  const c = e.creators!;
  // count and share ignore the field.
  return { creators: { ...c, field: c.field ?? 'followers' } };
}

// ---------------------------------------------------------------------------------------------------
// Targets and a scenario

/** A month or period an expression reads, with its key path in the file. */
interface Dated {
  readonly path: readonly string[];
  readonly text: string;
  readonly first: number;
  readonly last: number;
  /** A creators snapshot month (must be in the scenario's snapshots). */
  readonly snapshot: boolean;
}

function* datesOf(expr: Expr, path: readonly string[]): Generator<Dated> {
  if ('at' in expr) {
    const m = parseMonth(expr.month);
    yield { path: [...path, 'month'], text: expr.month, first: m, last: m, snapshot: false };
  } else if ('sum' in expr || 'mean' in expr) {
    yield { path: [...path, 'over'], text: expr.over, ...parsePeriod(expr.over), snapshot: false };
  } else if ('ratio' in expr || 'difference' in expr) {
    const [kind, pair] = 'ratio' in expr ? ['ratio', expr.ratio] : ['difference', expr.difference];
    for (const i of [0, 1]) yield* datesOf(pair[i]!, [...path, kind, String(i)]);
  } else {
    const m = parseMonth(expr.creators.month);
    yield { path: [...path, 'creators', 'month'], text: expr.creators.month, first: m, last: m, snapshot: true };
  }
}

function datesOfFile(targets: TargetsFile): { target: Target; date: Dated }[] {
  return targets.targets.flatMap((target, i) => [...datesOf(target.expr, ['targets', String(i), 'expr'])].map((date) => ({ target, date })));
}

/**
 * Throws a ScenarioError, located in the targets file, for every month or period of a target that lies outside the
 * scenario's start..end (such a target could never have a value).
 */
export function checkTargetsFit(targets: TargetsFile, scenario: Scenario): void {
  const start = parseMonth(scenario.start);
  const end = parseMonth(scenario.end);
  const source = sources.get(targets);
  const problems = datesOfFile(targets)
    .filter(({ date }) => date.first < start || date.last > end)
    .map(({ target, date }) => {
      const at = source ? keyLocation(source, date.path) : { file: targets.file, path: date.path.join('.'), line: target.line };
      return { ...at, message: `${date.text} lies outside the simulated months ${scenario.start}..${scenario.end} of ${scenario.name}` };
    });
  if (problems.length > 0) throw new ScenarioError(problems);
}

/**
 * The scenario with every creators month of the targets added to its snapshots (sorted, without duplicates).
 * Snapshots only add output (creators.csv); the dynamics, and so every timeseries, stay the same.
 */
export function withTargetSnapshots(scenario: Scenario, targets: TargetsFile): Scenario {
  const months = datesOfFile(targets).filter(({ date }) => date.snapshot).map(({ date }) => date.text);
  return { ...scenario, snapshots: [...new Set([...scenario.snapshots, ...months])].sort() };
}
