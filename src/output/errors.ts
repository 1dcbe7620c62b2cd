/**
 * An output location that cannot be written as asked: `--out` naming a file, `<out>/<name>` being a file, a
 * read-only file system, no permission. Found before anything is simulated; the CLI prints the sentence and exits 2.
 */
export class OutputError extends Error {
  override name = 'OutputError';
}

export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** A sentence for a failed write of `path`: the cause in words, not a raw errno. */
export function writeFailure(path: string, err: unknown): Error {
  const code = errnoCode(err);
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EIO: 'input/output error',
    EFBIG: 'the file is too large for the file system',
  };
  const reason = code !== undefined ? why[code] : undefined;
  if (reason === undefined) return err instanceof Error ? err : new Error(String(err));
  const e = new Error(`cannot write ${path}: ${reason}; nothing was replaced`);
  return e;
}

/**
 * Bad input to `plot` or `report`: a path that is not a homeward output directory, a file in it that is not in
 * the expected format, an unknown metric, a month without data. The CLI prints the message alone and exits 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
