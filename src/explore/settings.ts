import { stringify } from 'yaml';
import { definition } from '../model/definition.js';
import { setAt, valueAt } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';

/**
 * The page's settings as scenario keys changed from the baseline, and what they make: the validated scenario (as
 * `homeward run` would load it from a file that extends the baseline with those keys) and that file. Browser-safe:
 * the page and its tests call the same functions.
 */

/** A value of a control: a number, a month `YYYY-MM`, an option, or text typed that the schema will judge. */
export type Value = number | string;

/** Scenario keys (dot paths) and the values the page gives them. */
export type Changes = ReadonlyMap<string, Value>;

export interface Problem {
  /** Dot path of the key the schema objects to ('' for the scenario as a whole). */
  readonly path: string;
  readonly message: string;
}

/**
 * The most memory one replication may take in the page: each Web Worker holds one replication at a time, and a tab
 * that runs out of memory dies without a word. 2 GiB is about 9 million agents of the baseline (persons, ties and
 * channels); the CLI, which weighs a run against the machine's memory, takes more.
 */
export const PAGE_REPLICATION_BYTES = 2 * 2 ** 30;

/** A problem at population.agents when one replication of `scenario` would not fit in the page (PAGE_REPLICATION_BYTES). */
export function pageFits(scenario: Scenario): Problem | undefined {
  const need = definition.replicationBytes(scenario);
  if (need <= PAGE_REPLICATION_BYTES) return undefined;
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  return {
    path: 'population.agents',
    message: `${scenario.population.agents.toLocaleString('en-US')} agents need about ${gib(need)} GiB for one replication, more than the ${gib(PAGE_REPLICATION_BYTES)} GiB the page allows a worker: lower population.agents, or run the scenario with homeward run`,
  };
}

/** Only the changes whose value differs from the baseline's, in the order given. */
export function changedKeys(baseline: Scenario, changes: Changes): Map<string, Value> {
  return new Map([...changes].filter(([path, value]) => valueAt(baseline, path) !== value));
}

/**
 * The baseline with `changes` set, validated by the schema: the resolved scenario, or every problem with its key
 * path and the schema's message. The resolved baseline validates to itself, so setting keys in it and validating is
 * what loading a file that extends the baseline with those keys does. A scenario too big for a browser worker
 * (pageFits) is a problem at population.agents.
 */
export function scenarioWith(baseline: Scenario, changes: Changes): { readonly scenario: Scenario } | { readonly problems: readonly Problem[] } {
  const raw = structuredClone(baseline) as unknown as Record<string, unknown>;
  for (const [path, value] of changes) setAt(raw, path.split('.'), value);
  const checked = validateScenario(raw);
  if ('problems' in checked) return { problems: checked.problems.map((p) => ({ path: p.path.join('.'), message: p.message })) };
  const tooBig = pageFits(checked.scenario);
  return tooBig ? { problems: [tooBig] } : { scenario: checked.scenario };
}

/**
 * A scenario file that extends `baseFile` (the path written in `extends`) with exactly the keys of `changes` that
 * differ from the baseline. `homeward run` on it simulates what the page simulated.
 */
export function changesYaml(baseFile: string, baseline: Scenario, changes: Changes, note: string): string {
  const body: Record<string, unknown> = {};
  for (const [path, value] of changedKeys(baseline, changes)) setAt(body, path.split('.'), value);
  const comment = note
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n');
  return `${comment}\n${stringify({ extends: baseFile, ...body })}`;
}
