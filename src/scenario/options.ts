import { nameProblem } from './consistency.js';
import { UsageError } from './errors.js';
import { loadScenario, type LoadedScenario } from './load.js';
import { formatMonth, LAST_MONTH, parseMonth } from './month.js';
import { MAX_MONTHS, type ExecutorSettings, type Scenario } from './schema.js';

/** Options of the simulating commands (run, compare, sweep, check, calibrate) that adjust a scenario: they become overrides, validated like the file. */
export interface ScenarioOptions {
  /** `--set path=value` overrides, in order. */
  readonly set: readonly string[];
  // Seed, reps and agents stay text: they become overrides, validated (and reported) like the file's values.
  readonly seed?: string;
  readonly reps?: string;
  readonly agents?: string;
  /** Run only the first `months` months. */
  readonly months?: number;
  /** What counts and money stand for in the outputs (the scenario's `scale`). */
  readonly scale?: 'agents' | 'county';
}

/**
 * Loads `file` with the options as overrides (after any --set, so they win); --months becomes an `end`
 * override counted from the scenario's start. Returns the scenario, the file's `executor` block (where the runs
 * execute, for the command runner) and the overrides that produced it.
 */
export async function loadWithOptions(file: string, options: ScenarioOptions): Promise<{ scenario: Scenario; executor: ExecutorSettings; overrides: string[]; locate: LoadedScenario['locate'] }> {
  const overrides = [...options.set];
  if (options.seed !== undefined) overrides.push(`seed=${options.seed}`);
  if (options.reps !== undefined) overrides.push(`reps=${options.reps}`);
  if (options.agents !== undefined) overrides.push(`population.agents=${options.agents}`);
  if (options.scale !== undefined) overrides.push(`scale=${options.scale}`);
  const { scenario, executor, locate } = await loadScenario(file, overrides);
  if (options.months === undefined) return { scenario, executor, overrides, locate };
  // Checked here, so the message names --months rather than the `end` override it becomes.
  if (options.months > MAX_MONTHS) throw new UsageError(`--months must be at most ${MAX_MONTHS} (the longest run), got ${options.months}`);
  const end = parseMonth(scenario.start) + options.months - 1;
  if (end > LAST_MONTH) throw new UsageError(`--months ${options.months} from ${scenario.start} would end after 9999-12; give at most ${LAST_MONTH - parseMonth(scenario.start) + 1}`);
  overrides.push(`end=${formatMonth(end)}`);
  const loaded = await loadScenario(file, overrides);
  return { scenario: loaded.scenario, executor: loaded.executor, overrides, locate: loaded.locate };
}

/** An output directory name given with --name: a safe file name, as a scenario's name (consistency.ts). */
export function checkOutputName(name: string | undefined): void {
  const problem = name === undefined ? undefined : nameProblem(name);
  if (problem) throw new UsageError(`--name ${problem}`);
}
