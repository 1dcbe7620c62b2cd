import { rowBytes } from '../core/columns.js';
import { ScenarioError } from '../scenario/errors.js';
import { monthSpan } from '../scenario/month.js';
import { CHANNEL_COLUMNS, CHANNELS_PER_AGENT } from './channels.js';
import { PERSON_COLUMNS } from './persons.js';
import { MAX_PERSONS, varintBytes } from './ties.js';

/** What the memory estimate reads of a scenario (a structural type: the schema checks scenarios with it). */
export interface Sized {
  readonly start: string;
  readonly end: string;
  readonly population: {
    readonly agents: number;
    readonly annual_inflow: number;
    readonly villages: number;
    readonly local_ties: number;
    readonly county_ties: number;
  };
}

/** Bytes a channel takes besides its columns: its place in the active list and the month's income and followers. */
const CHANNEL_EXTRA = 4 + 16;
/** Beyond its first room, the channel table grows by half again, copying: up to twice its rows are held at once. */
const CHANNEL_GROWTH = 2;
/** Node, V8's heap, metric columns and snapshots. */
const PROCESS_BYTES = 300 * 2 ** 20;

/** Persons of a run: the agents away at the start and the future emigrants who leave during it. */
export function personCount(s: Sized): number {
  const months = monthSpan(s.start, s.end);
  return s.population.agents + Math.round(s.population.agents * s.population.annual_inflow * (months / 12));
}

/**
 * Bytes a person takes: their columns, and their acquaintance ties (ties.ts): an offset, and each tie stored at both
 * ends (the ties they make count twice, those made with them are the others' ties) as the difference from the id
 * before, counted at the bytes of an id across a village four times the average size for a local tie, and of any id
 * for a county-wide one (18 bytes a person in the baseline against 16.9 measured). While the ties are built a person
 * also takes their count (2 bytes), the far ends of their county-wide ties (4 each) and an eighth of their ends as
 * plain ids (4 each). (On several threads, ties.ts createTies, each worker also holds a list of that size and its part
 * of the encoded ties until they are appended, and every list has an offset more for each thread after the first
 * (Ties.cuts): not counted here, about 16 bytes a person more at the peak on 2 threads.)
 */
export function personBytes(s: Sized): number {
  const { local_ties: local, county_ties: county, villages } = s.population;
  const persons = personCount(s);
  const ties = 2 * local * varintBytes(Math.ceil((4 * persons) / villages)) + 2 * county * varintBytes(persons);
  const building = 2 + 4 * county + (4 * 2 * (local + county)) / 8;
  return rowBytes(PERSON_COLUMNS) + 4 + ties + building;
}

/** Memory one replication needs at its peak, in bytes (an estimate: persons' columns exactly, their ties as personBytes counts them, channels by allowance). */
export function replicationBytes(s: Sized): number {
  const channels = CHANNELS_PER_AGENT * s.population.agents * (rowBytes(CHANNEL_COLUMNS) + CHANNEL_EXTRA) * CHANNEL_GROWTH;
  return personCount(s) * personBytes(s) + channels + PROCESS_BYTES;
}

/**
 * Memory the machine has for a run: its physical memory, or the process's limit (a container's) if lower. node:os is
 * reached through process, not imported, so the model bundles for the browser (homeward explore), which never asks.
 */
export function machineBytes(): number {
  const total = process.getBuiltinModule('node:os').totalmem();
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 ? Math.min(limit, total) : total;
}

const GIB = 2 ** 30;

/**
 * Refuses, before anything runs, a scenario with more persons than the ties can index, or whose replication would
 * not fit in this machine's memory (rather than be killed or swap partway): a ScenarioError at population.agents of `file`, with the memory it would need.
 */
export function checkFits(s: Sized, file: string): void {
  const persons = personCount(s);
  if (persons > MAX_PERSONS) {
    throw new ScenarioError({
      file,
      path: 'population.agents',
      message: `${persons.toLocaleString('en-US')} persons (the agents and the emigrants who leave during the run) are more than the ${MAX_PERSONS.toLocaleString('en-US')} the acquaintance ties can tell apart: lower population.agents or population.annual_inflow`,
    });
  }
  const need = replicationBytes(s);
  const have = machineBytes();
  if (need <= have) return;
  throw new ScenarioError({
    file,
    path: 'population.agents',
    message: `${s.population.agents.toLocaleString('en-US')} agents need about ${(need / GIB).toFixed(1)} GiB for one replication (persons, acquaintance ties, channels), more than the ${(have / GIB).toFixed(1)} GiB of memory this machine has: lower population.agents (or the ties per person)`,
  });
}
