/**
 * A command line that cannot be run as given (an unknown option, a bad --threads, a sweep resumed with other
 * arguments): the CLI prints the message and exits 2, like a bad scenario.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An output directory name given with --name: one path segment of letters, digits, _ . - only. */
export function checkOutputName(name: string | undefined): void {
  if (name !== undefined && !/^[A-Za-z0-9_.-]+$/.test(name)) throw new UsageError(`--name must use letters, digits, _ . - only, got ${JSON.stringify(name)}`);
}
