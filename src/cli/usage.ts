/**
 * A command line that cannot be run as given (an unknown option, a bad --threads, a sweep resumed with other
 * arguments): the CLI prints the message and exits 2, like a bad scenario.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
