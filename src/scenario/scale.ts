/**
 * What one simulated agent stands for. A run simulates `population.agents` of the county's `population.emigrants`;
 * county capacities (seats, loans, audience, budget) are scaled to the agents, so counts and money come out for a
 * county of that many persons. The scenario's `scale` says whether outputs keep them so (`agents`) or multiply them
 * back to the whole county (`county`). Zod-free: the model and its worker threads use it.
 */

export type OutputScale = 'agents' | 'county';

interface Sized {
  readonly scale: OutputScale;
  readonly population: { readonly agents: number; readonly emigrants: number };
}

/** Emigrants one simulated agent stands for. */
export function personsPerAgent(s: Sized['population']): number {
  return s.emigrants / s.agents;
}

/** What a scaled metric is multiplied by when recorded: 1 in simulated agents, persons per agent for the county. */
export function metricScale(s: Sized): number {
  return s.scale === 'county' ? personsPerAgent(s.population) : 1;
}

/** The words a table or a chart puts after a scaled unit, saying what it counts. */
export function scaleWords(s: Sized): string {
  return s.scale === 'county' ? 'county' : 'simulated agents';
}
