import path from 'node:path';
import { stringify } from 'yaml';
import { formatNumber } from '../output/csv.js';
import type { ColumnTypes } from '../output/parquet.js';
import { nodeVersion, packageVersion } from '../output/provenance.js';
import { readable } from '../output/readable.js';
import { scenarioJson } from '../output/run-files.js';
import { ensembleYaml } from '../scenario/ensemble.js';
import { HISTORY_MATCH_DEFAULTS, type HistoryMatched, type HistoryMatchPlan } from './history-match.js';
import { nested } from './calibrate-output.js';

/**
 * What `homeward calibrate --method history-matching` writes and prints: ensemble.yaml and a scenario file per member
 * (members/), waves.csv, emulators.csv, runs.csv, checked.csv, scenario.json and history-match.json.
 */

export interface MatchTiming {
  readonly threads: number;
  readonly wall: number;
}

/** `members/member-01.yaml`...: the file of each member, numbered from 1 (as ensemble.yaml counts them). */
export function memberFile(k: number, count: number): string {
  return `members/member-${String(k + 1).padStart(Math.max(2, String(count).length), '0')}.yaml`;
}

/** The command-line options that shaped the runs (other than the free parameters), for a check or a rerun. */
export function runOptions(plan: HistoryMatchPlan): string[] {
  const o = plan.options;
  return [
    ...o.set.flatMap((s) => ['--set', s]),
    ...(o.seed !== undefined ? ['--seed', o.seed] : []),
    ...(o.reps !== undefined ? ['--reps', o.reps] : []),
    ...(o.agents !== undefined ? ['--agents', o.agents] : []),
    ...(o.months !== undefined ? ['--months', String(o.months)] : []),
  ];
}

/** A path from the directory `from` to `file`, with forward slashes (as `extends:` and the ensemble name files). */
const relativeTo = (from: string, file: string) => path.relative(path.resolve(from), path.resolve(file)).split(path.sep).join('/');

/** Every file of the output directory `dir` (its final path: relative paths are written from there), by name. */
export function historyMatchFiles(plan: HistoryMatchPlan, matched: HistoryMatched, dir: string, timing: MatchTiming): Record<string, string> {
  const options = runOptions(plan).join(' ');
  const targetsFromMembers = relativeTo(path.join(dir, 'members'), plan.targets.file);
  const check = `homeward check ${memberFile(0, matched.ensemble.length)} --targets ${relativeTo(dir, plan.targets.file)}${options ? ` ${options}` : ''}`;
  const files: Record<string, string> = {
    'ensemble.yaml': ensembleYaml(
      {
        header: [
          `Parameter sets consistent with the facts of ${plan.targets.file}: homeward calibrate ${plan.file} --method history-matching (homeward ${packageVersion()}).`,
          `${matched.ensemble.length} of ${matched.checked.length} points of the space left after ${matched.result.waves.length} wave${matched.result.waves.length === 1 ? '' : 's'}, run for real (${plan.base.reps} replications each, seed ${plan.base.seed}),`,
          `are non-implausible (implausibility <= ${plan.cutoff}) and pass every target.`,
          ...(matched.ensemble.length > 0
            ? [`Each member is also a scenario in members/; from this directory, ${check}`, 'reproduces the check of the first (the others likewise).']
            : []),
          'Read by: homeward compare <scenarios> --ensemble <this file>, homeward sweep <scenario> --ensemble <this file>.',
        ],
        scenario: relativeTo(dir, plan.file),
        targets: relativeTo(dir, plan.targets.file),
        options: { set: plan.options.set, seed: plan.base.seed, reps: plan.base.reps, agents: plan.base.population.agents, start: plan.base.start, end: plan.base.end },
        free: plan.free,
      },
      matched.ensemble.map((v) => new Map(plan.free.map((f, j) => [f.path, v[j]!]))),
    ),
    'waves.csv': wavesCsv(matched),
    'emulators.csv': emulatorsCsv(plan, matched),
    'runs.csv': runsCsv(plan, matched),
    'checked.csv': checkedCsv(plan, matched),
    'scenario.json': scenarioJson(plan.base),
    'history-match.json': matchJson(plan, matched, timing),
  };
  matched.ensemble.forEach((values, k) => {
    const header = [
      `Member ${k + 1} of the ensemble in ../ensemble.yaml (homeward calibrate --method history-matching).`,
      `Check it with: homeward check ${path.basename(memberFile(k, matched.ensemble.length))} --targets ${targetsFromMembers}${options ? ` ${options}` : ''}`,
    ];
    const body = stringify({ extends: relativeTo(path.join(dir, 'members'), plan.file), name: `${plan.base.name}-member-${k + 1}`, ...nested(plan.free, values) });
    files[memberFile(k, matched.ensemble.length)] = header.map((l) => `# ${l}\n`).join('') + body;
  });
  return files;
}

/**
 * The Parquet types of the tables (`--format parquet`), by file: counts and numbers of waves, runs and points as
 * integers, flags as booleans, names as text; every other column (free parameters, implausibilities, variances,
 * shares) is a double. `stage` is a wave's number or `check`, so text.
 */
export const HISTORY_MATCH_TYPES: Readonly<Record<string, ColumnTypes>> = {
  'waves.csv': { wave: 'integer', runs: 'integer', kept_candidates: 'integer', emulators_used: 'integer', targets: 'integer' },
  'emulators.csv': { wave: 'integer', target: 'text', used: 'boolean', held_out: 'integer', misclassified: 'integer' },
  'runs.csv': { stage: 'text', run: 'integer' },
  'checked.csv': { point: 'integer', non_implausible: 'boolean', passed: 'integer', targets: 'integer', member: 'integer' },
};

export const WAVES_COLUMNS = ['wave', 'runs', 'volume_before', 'volume_after', 'kept_candidates', 'variance_ratio', 'emulators_used', 'targets'] as const;

function wavesCsv({ result }: HistoryMatched): string {
  const f = formatNumber;
  const lines = [WAVES_COLUMNS.join(',')];
  for (const w of result.waves) {
    lines.push([w.wave, w.points.length, f(w.volumeBefore), f(w.volumeAfter), w.kept, f(w.varianceRatio), w.emulators.filter((e) => e.used).length, w.emulators.length].join(','));
  }
  return lines.join('\n') + '\n';
}

function emulatorsCsv(plan: HistoryMatchPlan, { result }: HistoryMatched): string {
  const f = formatNumber;
  const header = [
    'wave',
    'target',
    'used',
    'held_out',
    'held_out_within_3',
    'held_out_within_2',
    'held_out_largest',
    'misclassified',
    'loo_within_3',
    'process_variance',
    'noise_variance',
    'stochastic_variance',
    'nugget',
    ...plan.free.map((p) => `lengthscale_${p.path}`),
  ];
  const lines = [header.join(',')];
  for (const w of result.waves) {
    for (const e of w.emulators) {
      const ls = plan.free.map((_, j) => f(e.hyperparameters.lengthscales[j] ?? NaN));
      lines.push(
        [w.wave, e.target, e.used, e.heldOut.count, f(e.heldOut.withinThree), f(e.heldOut.withinTwo), f(e.heldOut.largest), e.heldOut.misclassified, f(e.leaveOneOut.withinThree), f(e.processVariance), f(e.noiseVariance), f(e.stochasticVariance), f(e.hyperparameters.nugget), ...ls].join(','),
      );
    }
  }
  return lines.join('\n') + '\n';
}

function runsCsv(plan: HistoryMatchPlan, { runs }: HistoryMatched): string {
  const f = formatNumber;
  const ids = plan.targets.targets.map((t) => t.id);
  const lines = [['stage', 'run', ...plan.free.map((p) => p.path), ...ids.flatMap((id) => [`${id}_mean`, `${id}_sd`])].join(',')];
  const counts = new Map<number, number>();
  for (const r of runs) {
    const k = counts.get(r.stage) ?? 0;
    counts.set(r.stage, k + 1);
    lines.push([r.stage === 0 ? 'check' : r.stage, k, ...r.values.map(f), ...r.results.flatMap((x) => [f(x.mean), f(x.sd)])].join(','));
  }
  return lines.join('\n') + '\n';
}

function checkedCsv(plan: HistoryMatchPlan, { checked }: HistoryMatched): string {
  const f = formatNumber;
  const header = ['point', ...plan.free.map((p) => p.path), 'decisive', 'non_implausible', 'passed', 'targets', 'member', ...plan.matched.map((m) => `I_${m.target.name}`)];
  const lines = [header.join(',')];
  let member = 0;
  checked.forEach((c, i) => {
    lines.push([i, ...c.values.map(f), f(c.decisive), c.nonImplausible, c.passed, c.results.length, c.member ? ++member : '', ...c.implausibility.map(f)].join(','));
  });
  return lines.join('\n') + '\n';
}

function matchJson(plan: HistoryMatchPlan, { result, checked, ensemble, runs }: HistoryMatched, timing: MatchTiming): string {
  const b = plan.base;
  const json = {
    homeward: packageVersion(),
    node: nodeVersion(),
    method: 'history-matching',
    scenario: plan.file,
    name: b.name,
    targets_file: plan.targets.file,
    set: plan.options.set,
    seed: b.seed,
    reps: b.reps,
    rep_seeds: plan.seeds,
    agents: b.population.agents,
    start: b.start,
    end: b.end,
    free: plan.free.map((f) => ({ path: f.path, low: f.low, high: f.high, scenario: f.initial })),
    free_parameters: plan.defaultFree ? 'every calibrated parameter with a plausible range' : '--free',
    targets: plan.matched.map((m) => m.target),
    cutoff: plan.cutoff,
    order: plan.order,
    final_points_drawn_within: Math.min(HISTORY_MATCH_DEFAULTS.finalCutoff, plan.cutoff),
    max_waves: plan.waves,
    runs_per_wave: plan.runsPerWave,
    final_runs: plan.finalRuns,
    waves: result.waves.length,
    stopped: result.stopped,
    volume_kept: result.waves.at(-1)?.volumeAfter ?? 1,
    runs: runs.length,
    simulations: runs.length * b.reps,
    checked: checked.length,
    non_implausible: checked.filter((c) => c.nonImplausible).length,
    members: ensemble.length,
    threads: timing.threads,
    wall_seconds: Math.round(timing.wall * 1000) / 1000,
  };
  return JSON.stringify(json, null, 2) + '\n';
}

const STOPPED: Readonly<Record<string, string>> = {
  shrinkage: 'the space stopped shrinking',
  'emulator-variance': "the emulators' variance is small beside the stochastic variance and the tolerances",
  'max-waves': 'the last wave (--waves) is done',
  empty: 'no point is left: every parameter set is ruled out',
};

/** What is printed: the waves, the ensemble's range per free parameter, then the path of ensemble.yaml. */
export function historyMatchSummary(plan: HistoryMatchPlan, matched: HistoryMatched, ensembleFile: string): string {
  const { result, checked, ensemble } = matched;
  const table = (header: readonly string[], rows: readonly (readonly string[])[]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
    return [line(header), ...rows.map(line)].join('\n');
  };
  const pct = (x: number) => `${Number((100 * x).toPrecision(3))}%`;
  const waves = table(
    ['wave', 'runs', 'space kept', 'emulators used', 'emulator variance / other'],
    result.waves.map((w) => [String(w.wave), String(w.points.length), pct(w.volumeAfter), `${w.emulators.filter((e) => e.used).length} of ${w.emulators.length}`, readable(w.varianceRatio)]),
  );
  // Each free parameter's range across the ensemble (none when it is empty).
  const spans = plan.free.map((_, j) => (ensemble.length === 0 ? undefined : { low: Math.min(...ensemble.map((v) => v[j]!)), high: Math.max(...ensemble.map((v) => v[j]!)) }));
  const params = table(
    ['parameter', 'prior range', 'scenario', 'ensemble range'],
    plan.free.map((f, j) => [f.path, `${readable(f.low)} .. ${readable(f.high)}`, readable(f.initial), spans[j] ? `${readable(spans[j].low)} .. ${readable(spans[j].high)}` : 'none']),
  );
  const nonImplausible = checked.filter((c) => c.nonImplausible).length;
  // A member within 2.5% of the range from an end says the space left runs into the box's face: the facts may well
  // allow values beyond it, which the match could not see.
  const edges = plan.free.flatMap((f, j) => {
    const span = spans[j];
    if (!span) return [];
    const near = 0.025 * (f.high - f.low);
    const ends = [span.low <= f.low + near ? `low end (${readable(f.low)})` : '', span.high >= f.high - near ? `high end (${readable(f.high)})` : ''].filter((e) => e !== '');
    return ends.length === 0 ? [] : [`${f.path}: the ensemble reaches the ${ends.join(' and the ')} of its range; the facts may allow values beyond it (widen --free ${f.path} if they are plausible).`];
  });
  return [
    waves,
    '',
    `stopped after wave ${result.waves.length}: ${STOPPED[result.stopped] ?? result.stopped}.`,
    `${checked.length} points of the space left were run for real: ${nonImplausible} are non-implausible (implausibility <= ${plan.cutoff}), ` +
      `${ensemble.length} of them pass every target too and form the ensemble.`,
    '',
    params,
    ...(edges.length > 0 ? ['', ...edges] : []),
    '',
    ensembleFile,
    '',
  ].join('\n');
}
