import { readFile, stat } from 'node:fs/promises';

/**
 * Reads a file the user named (a scenario, a base it extends, a targets or ensemble file) as text. Only a regular
 * file is read: opening a FIFO waits for a writer and a device may never end, so either would hang the command
 * instead of failing it. The check comes first, from the file's type, without opening it.
 */
export async function readInputText(file: string): Promise<string> {
  const s = await stat(file);
  if (!s.isFile() && !s.isDirectory()) {
    const kind = s.isFIFO() ? 'a named pipe (FIFO)' : s.isSocket() ? 'a socket' : 'a device';
    throw Object.assign(new Error(`not a regular file: it is ${kind}`), { code: 'ENOTREG' });
  }
  return readFile(file, 'utf8');
}
