import { open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, writeFailure } from './errors.js';
import { PartialDir } from './partial-dir.js';

/**
 * A resumable command's work kept as a journal (PartialDir: `<out>/.<name>.partial/`, under its manifest):
 * journal.jsonl, one line per finished piece of work (a sensitivity analysis's point, a search's candidate), appended
 * in order and flushed to disk (fdatasync) before the next is counted. Lines hold numbers at full precision (JSON
 * numbers round-trip exactly), so outputs assembled from the journal are the same bytes whether the command ran at
 * once or was resumed. A process killed while appending leaves at worst a line without its end, which the next start
 * cuts off.
 */
export class JournalDir extends PartialDir {
  private journal: FileHandle | undefined;

  private get journalFile(): string {
    return join(this.partial, 'journal.jsonl');
  }

  /**
   * Prepares the work directory for the command described by `manifest` and returns the journal's lines (the
   * finished work, in order). A work directory of another command's is a UsageError unless `fresh`, which discards it.
   */
  async open(manifest: string, fresh: boolean): Promise<string[]> {
    await this.prepare(manifest, fresh);
    const lines = await this.readJournal();
    this.journal = await open(this.journalFile, 'a');
    return lines;
  }

  /** The complete lines of the journal; a last line without its end (a killed append) is cut off the file. */
  private async readJournal(): Promise<string[]> {
    const text = await readFile(this.journalFile, 'utf8').catch((err: unknown) => {
      if (errnoCode(err) === 'ENOENT') return '';
      throw err;
    });
    const end = text.lastIndexOf('\n') + 1;
    if (end < text.length) {
      const handle = await open(this.journalFile, 'r+');
      try {
        await handle.truncate(Buffer.byteLength(text.slice(0, end), 'utf8'));
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    return end === 0 ? [] : text.slice(0, end - 1).split('\n');
  }

  /** Appends one line of finished work and flushes it to disk. */
  async append(line: string): Promise<void> {
    if (!this.journal) throw new Error('JournalDir: open() first');
    if (line.includes('\n')) throw new Error('a journal line cannot hold a line break');
    try {
      await this.journal.write(line + '\n');
      await this.journal.datasync();
    } catch (err) {
      throw writeFailure(this.journalFile, err);
    }
  }

  /** Every line of the journal, re-read from disk: what the outputs are assembled from. */
  async lines(): Promise<string[]> {
    await this.closeJournal();
    return this.readJournal();
  }

  override async commit(): Promise<void> {
    await this.closeJournal();
    await super.commit();
  }

  private async closeJournal(): Promise<void> {
    const handle = this.journal;
    this.journal = undefined;
    await handle?.close();
  }
}
