import { nameProblem } from '../scenario/consistency.js';

/**
 * A command line that cannot be run as given (an unknown option, a bad --threads, a sweep resumed with other
 * arguments): the CLI prints the message and exits 2, like a bad scenario.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An output directory name given with --name: a safe file name, as a scenario's name (scenario/consistency.ts). */
export function checkOutputName(name: string | undefined): void {
  const problem = name === undefined ? undefined : nameProblem(name);
  if (problem) throw new UsageError(`--name ${problem}`);
}
