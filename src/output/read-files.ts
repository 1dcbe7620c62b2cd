import { readInputText } from '../scenario/read-input.js';
import { stat } from 'node:fs/promises';
import { parseCsv, type Table } from './csv-table.js';
import { InputError } from './errors.js';

/**
 * Reading the files of homeward output directories: CSV (through the one CSV parser, csv-table.ts) and JSON;
 * read-table.ts and json-spec.ts check them against what each reader declares. Every problem with a file is an
 * InputError naming the file (and line), so the CLI can exit 2 with one clear message.
 */

export { Table } from './csv-table.js';

export async function readCsv(file: string, required: readonly string[] = []): Promise<Table> {
  return parseCsv(file, await readText(file), required);
}

export async function readText(file: string): Promise<string> {
  try {
    return await readInputText(file);
  } catch (err) {
    if (isNodeError(err) && err.code === 'ENOENT') throw new InputError(`${file}: no such file`);
    if (isNodeError(err) && err.code === 'EISDIR') throw new InputError(`${file}: is a directory, expected a file`);
    if (isNodeError(err) && err.code === 'EACCES') throw new InputError(`${file}: cannot be read (permission denied)`);
    if (isNodeError(err) && err.code === 'ENOTREG') throw new InputError(`${file}: ${err.message}, expected a file`);
    throw err;
  }
}

export async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** A JSON file whose top level must be an object (the settings files the commands write). */
export async function readJsonObject(file: string): Promise<Readonly<Record<string, unknown>>> {
  const json = await readJson(file);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new InputError(`${file}: expected an object`);
  return json as Readonly<Record<string, unknown>>;
}

function isNodeError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}

export async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}
