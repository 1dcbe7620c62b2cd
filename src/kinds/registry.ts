import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../output/errors.js';
import { exists } from '../output/read-files.js';
import { hasTable } from '../output/read-table.js';
import { CALIBRATION } from './calibration.js';
import { CHECK } from './check.js';
import { COMPARISON } from './comparison.js';
import { ENSEMBLE_COMPARISON } from './ensemble-comparison.js';
import { HISTORY_MATCH } from './history-match.js';
import type { Output, RegisteredKind } from './kind.js';
import { RUN } from './run.js';
import { SEARCH } from './search.js';
import { SENSITIVITY } from './sensitivity.js';
import { SWEEP } from './sweep.js';

/**
 * Every kind of homeward output directory, in the order they are tried: the first whose files a directory holds is
 * its kind. A run's files come last, as other kinds may hold a run's files too. A new kind is one entry here.
 */
export const KINDS: readonly RegisteredKind[] = [COMPARISON, ENSEMBLE_COMPARISON, SWEEP, SEARCH, SENSITIVITY, HISTORY_MATCH, CALIBRATION, CHECK, RUN];

/** The kind of output a directory holds, from its files; InputError if none. */
export async function detectKind(dir: string): Promise<RegisteredKind> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new InputError(`${dir}: no such directory`);
  if (!s.isDirectory()) throw new InputError(`${dir}: not a directory (expected a homeward output directory)`);
  for (const k of KINDS) if ((await hasTable(dir, k.detect.table)) && (await exists(join(dir, k.detect.json)))) return k;
  const expected = KINDS.map((k) => `${k.detect.table}.csv and ${k.detect.json} from ${k.command}`);
  throw new InputError(`${dir}: not a homeward output directory (expected ${expected.slice(0, -1).join(', ')}, or ${expected.at(-1)})`);
}

/** An output directory read by its kind, every file it needs checked. */
export async function loadOutput(dir: string): Promise<Output> {
  return (await detectKind(dir)).load(dir);
}
