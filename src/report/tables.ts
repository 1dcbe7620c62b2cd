import { countedUnit, countingOf, scaleNote } from '../scenario/scale.js';
import { costDef, COSTS_METHOD } from '../analysis/costs.js';
import { countedOutcomeUnit, OUTCOMES, outcomesOf, outcomeScaled } from '../analysis/outcomes.js';
import { fewRepsNote } from '../analysis/paired.js';
import type { CellStats } from '../analysis/summary.js';
import { describeParameters, formatDefault, type ParameterInfo } from '../scenario/describe.js';
import { valueAt } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';
import type { ComparisonData } from '../output/read-compare.js';
import type { RunData } from '../output/read-run.js';
import type { SweepData } from '../output/read-sweep.js';
import type { SearchData } from '../output/read-search.js';
import type { SensitivityData } from '../output/read-sensitivity.js';
import type { HistoryMatchData } from '../output/read-history-match.js';
import type { EnsembleComparisonData } from '../output/read-ensemble-compare.js';
import type { CalibrationData, TargetOutcome } from '../output/read-check.js';
import { targetText } from '../calibrate/check-output.js';
import { readable } from '../output/readable.js';
import { unitText } from '../plot/common.js';
import { outcomeLabel } from '../plot/labels.js';
import { estimate } from '../plot/stats.js';
import { paramUnit } from '../plot/sweep.js';
import { packageLabel } from '../plot/search.js';

/**
 * The report's tables as plain rows of text: the scenario's key parameters and the headline numbers. The HTML
 * page (html.ts) only lays them out.
 */

export interface TableData {
  readonly columns: readonly string[];
  /** Cells as text; `differs` marks a row whose values differ between the compared scenarios. */
  readonly rows: readonly { readonly cells: readonly string[]; readonly differs?: boolean }[];
  readonly note?: string;
}

function withCi(mean: number, low: number, high: number): string {
  return Number.isFinite(low) && Number.isFinite(high) && low !== high ? `${readable(mean)} [${readable(low)}, ${readable(high)}]` : readable(mean);
}

// ---------------------------------------------------------------------------------------------------
// Parameters

const POLICY_PARAMETERS: readonly ParameterInfo[] = describeParameters().filter((p) => p.path.startsWith('policies.'));

function keyRows(s: Scenario, personsPerAgent: number): [string, string][] {
  const months = (Number(s.end.slice(0, 4)) - Number(s.start.slice(0, 4))) * 12 + Number(s.end.slice(5)) - Number(s.start.slice(5)) + 1;
  return [
    ['name', s.name],
    ['period', `${s.start} to ${s.end} (${months} months)`],
    ['agents', `${readable(s.population.agents)} (one per ${readable(personsPerAgent)} of ${readable(s.population.emigrants)} emigrants)`],
    ['counts and money', s.scale === 'county' ? `the whole county (the agents' figures times ${readable(personsPerAgent)})` : 'the simulated agents'],
    ['replications', String(s.reps)],
    ['seed', String(s.seed)],
    ['creator snapshots', s.snapshots.join(', ') || 'none'],
  ];
}

function policyValue(s: Scenario, p: ParameterInfo): string {
  const value = valueAt(s, p.path);
  const text = formatDefault({ ...p, default: value });
  const unit = unitText(p.unit);
  if (!unit || typeof value === 'string') return text;
  return typeof value === 'number' ? `${text} ${unit}` : `${text} (${unit})`;
}

/** The policy instruments (`policies.loans`, ...), each parameter of one on a line: a short table, not forty rows. */
const POLICY_GROUPS: readonly { name: string; params: readonly ParameterInfo[] }[] = (() => {
  const groups = new Map<string, ParameterInfo[]>();
  for (const p of POLICY_PARAMETERS) {
    const parts = p.path.split('.');
    const name = parts.length > 2 ? parts[1]! : p.path;
    groups.set(name, [...(groups.get(name) ?? []), p]);
  }
  return [...groups].map(([name, params]) => ({ name, params }));
})();

function policyCell(s: Scenario, group: (typeof POLICY_GROUPS)[number]): string {
  return group.params.map((p) => (p.path.split('.').length > 2 ? `${p.path.split('.').at(-1)!.replace(/_/g, ' ')}: ${policyValue(s, p)}` : policyValue(s, p))).join('\n');
}

/** The key parameters and policy instruments of one scenario, counted at its own agents per person. */
export function scenarioTable(s: Scenario): TableData {
  return parameterTable([{ scenario: s, personsPerAgent: s.population.emigrants / s.population.agents }]);
}

/** Key parameters and the policy instruments; a comparison gets a column per scenario. */
export function parameterTable(scenarios: readonly { scenario: Scenario; personsPerAgent: number }[]): TableData {
  const keys = scenarios.map((s) => keyRows(s.scenario, s.personsPerAgent));
  const rows = keys[0]!.map(([label], i) => cellsRow(label, keys.map((k) => k[i]![1])));
  for (const g of POLICY_GROUPS) rows.push(cellsRow(g.params[0]!.path.split('.').length > 2 ? `policies.${g.name}` : g.name, scenarios.map((s) => policyCell(s.scenario, g))));
  return { columns: ['parameter', ...(scenarios.length > 1 ? scenarios.map((s) => s.scenario.name) : ['value'])], rows };
}

function cellsRow(label: string, values: readonly string[]) {
  return { cells: [label, ...values], differs: values.length > 1 && new Set(values).size > 1 };
}

/** A sweep's swept parameters: their values over the points. */
export function sweptTable(sweep: SweepData): TableData {
  return {
    columns: ['swept parameter', 'unit', 'values'],
    rows: sweep.params.map((p, i) => {
      const values = [...new Set(sweep.points.map((pt) => pt.values[i]!))];
      const numeric = values.every((v): v is number => typeof v === 'number');
      const text = numeric && values.length > 8 ? `${values.length} values from ${readable(Math.min(...values))} to ${readable(Math.max(...values))}` : values.map((v) => (typeof v === 'number' ? readable(v) : v)).join(', ');
      return { cells: [p.path, unitText(paramUnit(p.path)), text] };
    }),
    note: `${sweep.design} design, ${sweep.points.length} points.`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Headline numbers

/** A run's headline outcomes: mean and 95% interval over its replications, from timeseries.csv. */
export function runOutcomes(run: RunData): TableData {
  const series = run.timeseries;
  const perRep = series.reps.map((r) => outcomesOf(r.columns, series.months.length));
  const stats: CellStats[] = OUTCOMES.map((_, k) => estimate(perRep.map((o) => o[k]!)));
  return {
    columns: ['outcome', 'mean [95% CI]', 'unit', 'what it is'],
    rows: OUTCOMES.map((o, k) => ({ cells: [outcomeLabel(o.name), withCi(stats[k]!.mean, stats[k]!.ci95_low, stats[k]!.ci95_high), unitText(countedUnit(o.unit, o.scaled, run.facts)), o.doc] })),
    note: `Over ${series.reps.length} replications (95% t interval). ${scaleNote(run.facts).join(' ')}`.trimEnd(),
  };
}

/** A comparison's headline outcomes from compare.csv: each scenario's mean, and its paired difference from the reference. */
export function comparisonOutcomes(cmp: ComparisonData): TableData {
  const names = cmp.runs.map((r) => r.name);
  const outcomes = [...new Set(cmp.rows.map((r) => r.outcome))];
  const rows = outcomes.map((outcome) => {
    const cells = names.map((name) => {
      const r = cmp.rows.find((row) => row.outcome === outcome && row.scenario === name);
      if (!r) return '';
      if (costDef(r.outcome) !== undefined && Number.isNaN(r.mean)) return 'n/a';
      const level = withCi(r.mean, r.low, r.high);
      if (name === cmp.reference || !Number.isFinite(r.diff)) return level;
      const sign = r.diff > 0 ? '+' : '';
      return `${level}\nΔ ${sign}${withCi(r.diff, r.diffLow, r.diffHigh)}`;
    });
    const unit = cmp.rows.find((r) => r.outcome === outcome)?.unit ?? '';
    return { cells: [outcomeLabel(outcome), unitText(countedUnit(unit, outcomeScaled(outcome), cmp.runs[0]!.facts)), ...cells] };
  });
  const hasCosts = cmp.rows.some((r) => costDef(r.outcome) !== undefined);
  const notes = [
    `Mean [95% CI] over ${cmp.reps} replications; Δ: paired difference from ${cmp.reference} (replication r of every scenario shares its seed).`,
    ...(hasCosts ? [`${COSTS_METHOD} n/a: not estimable (the difference it divides by is within its 95% interval).`] : []),
    ...scaleNote(cmp.runs[0]!.facts),
    fewRepsNote(cmp.reps) ?? '',
  ];
  return {
    columns: ['outcome', 'unit', ...names.map((n) => (n === cmp.reference ? `${n} (reference)` : n))],
    rows,
    note: notes.filter((n) => n !== '').join(' '),
  };
}

/** A sweep's points: parameter values and each outcome's mean [95% CI]. */
export function sweepOutcomes(sweep: SweepData): TableData {
  return {
    columns: ['point', ...(sweep.ensemble ? ['world'] : []), ...sweep.params.map((p) => p.path), 'reps', ...sweep.outcomes.map((o) => `${outcomeLabel(o)} (${unitText(countedOutcomeUnit(o, countingOf(sweep.scenario))) || 'value'})`)],
    rows: sweep.points.map((pt) => ({
      cells: [
        String(pt.point),
        ...(sweep.ensemble ? [String(pt.member)] : []),
        ...pt.values.map((v) => (typeof v === 'number' ? readable(v) : v)),
        String(pt.reps),
        ...sweep.outcomes.map((o) => {
          const e = pt.outcomes.get(o)!;
          return withCi(e.mean, e.low, e.high);
        }),
      ],
    })),
    note: 'Mean [95% CI] over each point’s replications.',
  };
}

// ---------------------------------------------------------------------------------------------------
// Sensitivity

/** The parameters a sensitivity analysis varied: role, range and where the range comes from. */
export function sensitivityFactorsTable(data: SensitivityData): TableData {
  return {
    columns: ['parameter', 'role', 'range', 'unit', 'source of the range'],
    rows: data.factors.map((f) => ({ cells: [f.path, f.role, `${readable(f.low)} .. ${readable(f.high)}`, unitText(f.unit), f.source] })),
    note: `${data.factors.length} parameters, each varied over its range; every other parameter at the scenario's value.`,
  };
}

/**
 * Per outcome, the most influential parameters with their index and its 95% interval; for Sobol also the noise share,
 * the part of the variance of the point means that is replication noise (taken out of S1 and ST).
 */
export function sensitivityRankingTable(data: SensitivityData, top = 5): TableData {
  const key = data.method === 'morris' ? 'mu_star' : 'ST';
  const sobol = data.method === 'sobol';
  const rows = data.outcomes.map((o) => {
    const ranked = data.rows.filter((r) => r.outcome === o.name && r.index === key && Number.isFinite(r.value)).sort((a, b) => b.value - a.value);
    const list = ranked.slice(0, top).map((r, i) => `${i + 1}. ${r.parameter}  ${withCi(r.value, r.low, r.high)}`);
    const noise = data.rows.find((r) => r.outcome === o.name && r.index === 'noise_share');
    const noiseCell = !noise ? '' : Number.isFinite(noise.value) ? withCi(noise.value, noise.low, noise.high) : 'not estimated (1 replication)';
    return { cells: [outcomeLabel(o.name), unitText(o.unit), list.join('\n') || 'no value', ...(sobol ? [noiseCell] : [])] };
  });
  const what = data.method === 'morris' ? 'mu*, the mean absolute change of the outcome when a parameter moves across its whole range (in the unit of the outcome)' : "ST, the share of the outcome's variance due to a parameter with its interactions";
  const noiseNote = sobol
    ? ' Noise share: the part of the variance of the point means that is replication noise, taken out of S1 and ST (sensitivity.csv keeps S1_with_noise and ST_with_noise); above about 0.2, more replications or agents narrow the intervals.'
    : '';
  return {
    columns: ['outcome', 'unit', `the ${top} largest by ${key === 'mu_star' ? 'mu*' : 'ST'} [95% CI]`, ...(sobol ? ['noise share [95% CI]'] : [])],
    rows,
    note: `Ranked by ${what}; every index of every parameter is in sensitivity.csv.${noiseNote}`,
  };
}

// ---------------------------------------------------------------------------------------------------
// History matching

/** The free parameters: prior range, the scenario's value and the range of the ensemble's members. */
export function matchFreeTable(data: HistoryMatchData): TableData {
  const members = data.checked.filter((c) => c.member !== undefined);
  return {
    columns: ['free parameter', 'prior range', 'scenario', 'ensemble range', 'unit'],
    rows: data.free.map((f, j) => {
      const values = members.map((m) => m.values[j]!);
      const range = values.length > 0 ? `${readable(Math.min(...values))} .. ${readable(Math.max(...values))}` : 'no member';
      return { cells: [f.path, `${readable(f.low)} .. ${readable(f.high)}`, readable(f.scenario), range, unitText(paramUnit(f.path))] };
    }),
    note: `${members.length} members, each run with ${data.reps} replications: non-implausible (implausibility at most ${readable(data.cutoff)}) and passing every target of ${data.targetsFile}.`,
  };
}

export function matchWavesTable(data: HistoryMatchData): TableData {
  const pct = (x: number) => `${Number((100 * x).toPrecision(3))}%`;
  return {
    columns: ['wave', 'runs', 'space kept before', 'space kept after', 'emulators used', 'emulator variance / other'],
    rows: data.waves.map((w) => ({ cells: [String(w.wave), String(w.runs), pct(w.volumeBefore), pct(w.volumeAfter), `${w.emulatorsUsed} of ${w.targets}`, readable(w.varianceRatio)] })),
    note: `Stopped: ${data.stopped}. Emulator diagnostics per wave and target are in emulators.csv, every run in runs.csv, the final points in checked.csv.`,
  };
}

// ---------------------------------------------------------------------------------------------------
// A comparison across an ensemble

/** The scenarios compared and the worlds: each member's parameter values. */
export function ensembleTables(data: EnsembleComparisonData): TableData[] {
  const scenarios: TableData = { columns: ['scenario', 'file'], rows: data.scenarios.map((s) => ({ cells: [s.name + (s.name === data.reference ? ' (reference)' : ''), s.file] })) };
  const worlds: TableData = {
    columns: ['world', ...data.paths],
    rows: data.members.map((m) => ({ cells: [String(m.member), ...data.paths.map((p) => readable(m.values[p] ?? NaN))] })),
    note: `The ${data.members.length} parameter sets of ${data.ensembleFile}; every other parameter as in each scenario.`,
  };
  return [scenarios, worlds];
}

export function ensembleOutcomes(data: EnsembleComparisonData): TableData {
  const pct = (x: number) => (Number.isNaN(x) ? 'n/a' : `${x > 0 ? '+' : ''}${Number((100 * x).toPrecision(2))}%`);
  const spread = (s: { mean: number; p05: number; p95: number }, f: (x: number) => string) => `${f(s.mean)} [${f(s.p05)}, ${f(s.p95)}]`;
  return {
    columns: ['outcome', 'scenario', 'mean [5%, 95%]', `difference to ${data.reference}`, 'relative', 'same sign'],
    rows: data.rows.map((r) => {
      const ref = r.scenario === data.reference;
      if (costDef(r.outcome) !== undefined) {
        return { cells: [`${outcomeLabel(r.outcome)} (${unitText(r.unit)})`, r.scenario, r.worlds > 0 ? spread(r.level, readable) : 'n/a', '', '', `estimable in ${r.worlds} of ${data.members.length}`] };
      }
      return {
        cells: [
          `${outcomeLabel(r.outcome)} (${unitText(countedUnit(r.unit, outcomeScaled(r.outcome), data.counting))})`,
          r.scenario,
          spread(r.level, readable),
          ref ? '' : spread(r.diff, readable),
          ref ? '' : spread(r.rel, pct),
          ref || Number.isNaN(r.signShare) ? '' : `${Math.round(100 * r.signShare)}% of ${r.worlds}`,
        ],
      };
    }),
    note: [
      `Across the ${data.members.length} worlds: the mean and, in brackets, the 5% and 95% of the worlds; differences are paired within each world (${data.reps} replications with common random numbers); same sign: the share of the worlds where the difference has the sign of its mean.`,
      ...(data.rows.some((r) => costDef(r.outcome) !== undefined) ? [`${COSTS_METHOD} Each cost is computed in each world and shown across the worlds where it is estimable.`] : []),
      ...scaleNote(data.counting),
      ...(fewRepsNote(data.reps) !== undefined ? [fewRepsNote(data.reps)!] : []),
    ].join(' '),
  };
}

// ---------------------------------------------------------------------------------------------------
// Check and calibration

/** Each target: the fact, the target, the mean [95% CI] over the replications, z and whether it passes. */
export function targetsTable(results: readonly TargetOutcome[], reps: number, targetsFile: string): TableData {
  const passed = results.filter((r) => r.pass).length;
  return {
    columns: ['target', 'fact', 'target value', 'mean [95% CI]', 'z', 'result'],
    rows: results.map((r) => ({
      cells: [r.target.id, r.target.fact, targetText(r.target), r.n === 0 ? 'no value' : withCi(r.mean, r.ci95_low, r.ci95_high), Number.isFinite(r.z) ? r.z.toFixed(2) : 'n/a', r.pass ? 'PASS' : 'FAIL'],
    })),
    note: `${passed} of ${results.length} targets of ${targetsFile} pass. Mean over ${reps} replications with its 95% t interval, in the unit of each fact (counts in simulated agents); z = (mean − target) / tolerance, 0 within a bound target's bounds.`,
  };
}

/** The fitted parameters: the best value, the range searched and the scenario's own value; then how the search ran. */
export function calibrationTables(data: CalibrationData): TableData[] {
  const fitted: TableData = {
    columns: ['free parameter', 'best', 'range searched', 'scenario', 'unit'],
    rows: data.free.map((f) => ({ cells: [f.path, readable(f.best), `${readable(f.low)} .. ${readable(f.high)}`, readable(f.initial), unitText(paramUnit(f.path))] })),
    note: `best.yaml holds these values as a scenario extending ${data.scenarioFile || 'the input'}.`,
  };
  const months = data.start && data.end ? `${data.start} to ${data.end}` : 'n/a';
  const settings: TableData = {
    columns: ['setting', 'value'],
    rows: [
      ['scenario', `${data.name} (${data.scenarioFile || 'n/a'})`],
      ['targets', data.targetsFile],
      ['period', months],
      ['agents', readable(data.agents)],
      ['replications per evaluation', String(data.reps)],
      ['seed', String(data.seed)],
      ['evaluations', `${data.trace.length} of a budget of ${Number.isFinite(data.budget) ? data.budget : 'n/a'} (${data.stopped || 'n/a'})`],
    ].map((cells) => ({ cells })),
  };
  return [fitted, settings];
}

// ---------------------------------------------------------------------------------------------------
// Search

/** A search's levers with their ranges, its objectives and constraints. */
export function searchPlanTables(data: SearchData): TableData[] {
  const counting = countingOf(data.scenario);
  const unit = (name: string) => unitText(countedOutcomeUnit(name, counting));
  return [
    {
      columns: ['lever', 'unit', 'search range', 'base package'],
      rows: data.levers.map((l, i) => {
        const v = data.front[0]!.levers[i]!;
        return { cells: [l.path, unitText(paramUnit(l.path)), l.spec, typeof v === 'number' ? readable(v) : v] };
      }),
    },
    {
      columns: ['objective or constraint', 'outcome', 'unit'],
      rows: [
        ...data.objectives.map((o) => ({ cells: [data.robust === 'regret' ? `minimise the largest regret (${o.sense === 'max' ? 'maximised' : 'minimised'})` : o.sense === 'max' ? 'maximise' : 'minimise', outcomeLabel(o.name), unit(o.name)] })),
        ...data.constraints.map((c) => ({ cells: [`${c.kind === 'max' ? 'at most' : 'at least'} ${readable(c.bound)}`, outcomeLabel(c.outcome), unit(c.outcome)] })),
      ],
      note: `NSGA-II, population ${data.population}, ${data.generations} generations after the first, ${data.evaluations} candidates run, each with ${data.reps} replications${data.ensemble ? ` in each of the ${data.ensemble.worlds} worlds of ${data.ensemble.file} (objectives: ${data.robust} across the worlds)` : ''}.`,
    },
  ];
}

/**
 * The front as a table, the base package first: its levers, and per objective the mean [95% CI] on the fresh seeds,
 * the in-search mean, and the paired difference from the base package on the fresh seeds.
 */
export function searchFrontTable(data: SearchData): TableData {
  const counting = countingOf(data.scenario);
  const name = (o: SearchData['objectives'][number]) => `${data.robust === 'regret' ? `largest regret of ${o.name}` : o.name} (${unitText(countedOutcomeUnit(o.name, counting)) || 'value'})`;
  return {
    columns: ['package', ...data.levers.map((l) => l.path), ...data.objectives.flatMap((o) => [`${name(o)}, fresh seeds`, 'in the search', 'vs base, fresh seeds']), 'dominated'],
    rows: data.front.map((m) => ({
      cells: [
        packageLabel(m),
        ...m.levers.map((v) => (typeof v === 'number' ? readable(v) : v)),
        ...data.objectives.flatMap((_, k) => {
          const f = m.fresh[k]!;
          const d = m.vsBase[k]!;
          return [withCi(f.mean, f.low, f.high), readable(m.search[k]!.mean), m.candidate === undefined ? '' : `${d.mean > 0 ? '+' : ''}${withCi(d.mean, d.low, d.high)}`];
        }),
        m.dominated ? (m.feasible ? 'yes' : 'yes (breaks a constraint)') : 'no',
      ],
    })),
    note: [
      `Fresh seeds: ${data.reps} replications the search did not use; mean [95% CI]${data.ensemble ? (data.robust === 'mean' ? ` across the ${data.ensemble.worlds} worlds' means` : `; ${data.robust} across the worlds, no intervals`) : ''}. vs base: the paired difference from the base package on the fresh seeds (replication r of every package shares its seed).`,
      'Dominated: on the fresh seeds, by another package (the base included) or by breaking a constraint.',
      ...scaleNote(counting),
      ...(data.ensemble ? [] : [fewRepsNote(data.reps) ?? '']),
    ]
      .filter((n) => n !== '')
      .join(' '),
  };
}
