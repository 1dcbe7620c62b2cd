import { ScenarioError, UsageError } from '../scenario/errors.js';
import { loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { definition } from '../model/definition.js';

/** Files of the comparison directory that a scenario's run directory must not shadow. */
const RESERVED = new Set(['compare.csv', 'compare.json']);

/**
 * Loads the scenarios of a comparison with the same options, seed and replications: the seed is --seed or the
 * reference's (the first file's) seed, the reps --reps or the reference's, so replication r of every scenario uses
 * the same seed. Names must differ (they name the run directories) and the simulated months must agree (outcomes are
 * sums over them).
 */
export async function resolveComparison(files: readonly string[], options: ScenarioOptions): Promise<Scenario[]> {
  return (await planComparison(files, options)).scenarios;
}

/** resolveComparison's scenarios, and the reference file's `executor` block: where the runs execute (--executor slurm). */
export async function planComparison(files: readonly string[], options: ScenarioOptions): Promise<{ readonly scenarios: Scenario[]; readonly executor: ExecutorSettings }> {
  const [first] = files;
  if (first === undefined) throw new UsageError('compare needs at least one scenario file');
  const { scenario: reference, executor } = await loadWithOptions(first, options);
  const common = { ...options, seed: String(reference.seed), reps: String(reference.reps), scale: reference.scale };
  const scenarios = [reference];
  for (const file of files.slice(1)) scenarios.push((await loadWithOptions(file, common)).scenario);
  scenarios.forEach((s, i) => definition.checkFits(s, files[i]!));

  const problems = scenarios.flatMap((s, i) => {
    const file = files[i]!;
    const earlier = scenarios.findIndex((o) => o.name === s.name);
    if (earlier < i) {
      return [{ file, path: 'name', message: `compare needs distinct scenario names (they name the run directories): "${s.name}" is also the name of ${files[earlier]}; give one of them another name:` }];
    }
    if (RESERVED.has(s.name)) return [{ file, path: 'name', message: `"${s.name}" cannot name a scenario in a comparison (it is a file of the comparison directory)` }];
    if (s.start !== reference.start || s.end !== reference.end) {
      return [{ file, path: 'end', message: `simulates ${s.start}..${s.end} but the reference ${reference.name} simulates ${reference.start}..${reference.end}; compared scenarios must cover the same months` }];
    }
    return [];
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return { scenarios, executor };
}
