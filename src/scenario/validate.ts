import { scenarioConsistency } from './consistency.js';
import { describeIssues, type Described } from './issues.js';
import { scenarioSchema, type Scenario } from './schema.js';

/**
 * Validates a scenario's keys (a merged file, or a scenario with values set by path): the schema (types, ranges,
 * defaults filled in), then the checks across keys (consistency.ts). The problems name key paths; the caller places
 * them (a file line, a --set, a sweep point).
 */
export function validateScenario(raw: unknown): { readonly scenario: Scenario } | { readonly problems: readonly Described[] } {
  const result = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!result.success) return { problems: describeIssues(result.error.issues, scenarioSchema) };
  const inconsistent = scenarioConsistency(result.data);
  if (inconsistent.length > 0) return { problems: inconsistent };
  // Zod hands out default timelines shallow-copied, so their `points` would be shared between scenarios.
  return { scenario: structuredClone(result.data) };
}
