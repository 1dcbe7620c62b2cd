import { INSTRUMENTS } from './instruments.js';
import type { Scenario } from './schema.js';

/**
 * The values a scenario gives for the real county (`population.emigrants` persons) that the model scales to the
 * simulated agents, times `population.agents / population.emigrants` (docs/ODD.md, "Scaling"): capacities, the costs
 * of county-level events and works, the budget, the stayers, the audience and the creator counts of reference. Each is
 * declared here once, the instruments' with their declaration (instruments.ts); the model reads the scenario sized to
 * its agents (`sizedToAgents`) and never multiplies by hand. Zod-free: the model and its worker threads read it.
 */
const OUTSIDE_INSTRUMENTS = [
  'county.stayers',
  'platform.audience',
  'platform.content_half',
  'creators.prior_weight',
  'decision.video_reference',
  'decision.support_reference',
] as const;

/**
 * Timelines given for the real county: the model scales each month's sampled value (model/timelines.ts), so a linear
 * timeline interpolates between the county's values exactly as it did unscaled.
 */
export const PER_COUNTY_TIMELINES: readonly string[] = ['policies.budget'];

/** Dot paths of every value given for the real county. */
export const PER_COUNTY: readonly string[] = [...OUTSIDE_INSTRUMENTS, ...PER_COUNTY_TIMELINES, ...INSTRUMENTS.flatMap((i) => i.perCounty.map((key) => `policies.${i.group}.${key}`))];

const PER_COUNTY_SET: ReadonlySet<string> = new Set(PER_COUNTY);

/** Whether the value at `path` is given for the real county and scaled to the agents. */
export function isPerCounty(path: string): boolean {
  return PER_COUNTY_SET.has(path);
}

/**
 * The scenario as the model sees it: every number given for the real county multiplied by `scale` (agents per real
 * emigrant), everything else as given; per-county timelines are scaled when sampled (PER_COUNTY_TIMELINES).
 */
export function sizedToAgents(s: Scenario, scale: number): Scenario {
  const sized = structuredClone(s);
  for (const path of PER_COUNTY) {
    if (PER_COUNTY_TIMELINES.includes(path)) continue;
    const keys = path.split('.');
    const last = keys.pop()!;
    let parent = sized as unknown as Record<string, unknown>;
    for (const key of keys) parent = parent[key] as Record<string, unknown>;
    const value = parent[last];
    if (typeof value !== 'number') throw new Error(`per-county key ${path} is not a number`);
    parent[last] = value * scale;
  }
  return sized;
}
