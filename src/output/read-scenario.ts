import { join } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import { readJsonObject } from './read-files.js';

/**
 * The keys an output's scenario.json must give itself: what names the scenario and places its months. The rest may
 * be left to the defaults (a hand-made directory gives only what differs), but without these a file, `{}` say, would
 * be read as a default scenario named after the file, and the charts would describe a run nobody made.
 */
const REQUIRED = ['name', 'start', 'end'] as const;

/** scenario.json of an output directory, checked for the keys no default can stand in for, then loaded as a scenario. */
export async function loadWrittenScenario(dir: string): Promise<Scenario> {
  const file = join(dir, 'scenario.json');
  const json = await readJsonObject(file);
  const missing = REQUIRED.filter((k) => !Object.hasOwn(json, k));
  if (missing.length > 0) throw new InputError(`${file}: not a scenario homeward wrote: missing ${missing.join(', ')}`);
  return (await loadScenario(file)).scenario;
}
