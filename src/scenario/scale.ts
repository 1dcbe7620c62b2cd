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

/** What the counts and money of an output stand for: its scale, and the persons one agent stands for. */
export interface Counting {
  readonly scale: OutputScale;
  readonly personsPerAgent: number;
}

export function countingOf(s: Sized): Counting {
  return { scale: s.scale, personsPerAgent: personsPerAgent(s.population) };
}

/** What scaled figures count, in a word or two; undefined where agents and persons are the same and nothing need be said. */
export function countingWords(c: Counting): string | undefined {
  if (c.scale === 'agents' && c.personsPerAgent === 1) return undefined;
  return c.scale === 'county' ? 'county' : 'simulated agents';
}

/** A scaled figure's unit with what it counts (`persons` → `persons, simulated agents`); other units as they are. */
export function countedUnit(unit: string, scaled: boolean, c: Counting): string {
  const words = scaled ? countingWords(c) : undefined;
  return words === undefined ? unit : `${unit}, ${words}`;
}

/** A sentence saying what the counts and money of a table or chart stand for; none when an agent is one person. */
export function scaleNote(c: Counting): string[] {
  if (c.personsPerAgent === 1) return [];
  if (!Number.isFinite(c.personsPerAgent)) return [`Counts and money for the ${c.scale === 'county' ? 'whole county' : 'simulated agents'}.`];
  const n = c.personsPerAgent.toLocaleString('en-US', { maximumSignificantDigits: 6 });
  return c.scale === 'county'
    ? [`Counts and money for the whole county: the simulated agents' figures times ${n}, the persons one agent stands for.`]
    : [`Counts and money for the simulated agents; one agent stands for ${n} persons (--scale county gives the county's).`];
}
