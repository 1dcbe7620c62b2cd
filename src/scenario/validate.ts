import { scenarioConsistency } from './consistency.js';
import { describeIssues, type Described } from './issues.js';
import { scenarioSchema, type ExecutorSettings, type Scenario } from './schema.js';

/**
 * Validates a scenario's keys (a merged file, or a scenario with values set by path): the schema (types, ranges,
 * defaults filled in), then the checks across keys (consistency.ts). The problems name key paths; the caller places
 * them (a file line, a --set, a sweep point). The `executor` block is returned apart: where the runs execute is not
 * part of the scenario that is simulated, written, hashed and compared for resuming.
 */
export function validateScenario(raw: unknown): { readonly scenario: Scenario; readonly executor: ExecutorSettings } | { readonly problems: readonly Described[] } {
  const result = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!result.success) return { problems: describeIssues(result.error.issues, scenarioSchema) };
  const inconsistent = scenarioConsistency(result.data);
  if (inconsistent.length > 0) return { problems: inconsistent };
  // Zod hands out default timelines shallow-copied, so their `points` would be shared between scenarios.
  const { executor, ...scenario } = structuredClone(result.data);
  return { scenario, executor };
}
