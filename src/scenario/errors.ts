/** One problem in a scenario: where it is (file, line, key path) and what is wrong. */
export interface ScenarioProblem {
  /** The file as the user named it (or as reached through `extends`), or `--set` for a command-line override. */
  readonly file: string;
  /** Dot path of the offending key, e.g. `policies.loans.amount`; '' for the whole file. */
  readonly path: string;
  /** What is wrong, in words, without the location. */
  readonly message: string;
  /** 1-based line and column where the key is written, when known. */
  readonly line?: number;
  readonly column?: number;
  /** The override as typed (`path=value`), when file is `--set`. */
  readonly override?: string;
}

/** The file name that marks a problem as coming from a `--set` override. */
export const OVERRIDE_FILE = '--set';

/**
 * A scenario that cannot be used. It carries the problems found (at least one; past MAX_PROBLEMS, the first of them
 * and a count of the rest); `file`, `path`, `line` and `column` are those of the first. The message is `format()`: one line per problem, no stack trace,
 * so the CLI prints `err.message` and exits 2.
 */
export class ScenarioError extends Error {
  readonly problems: readonly ScenarioProblem[];
  readonly file: string;
  readonly path: string;
  readonly line?: number;
  readonly column?: number;

  constructor(problems: ScenarioProblem | readonly ScenarioProblem[]) {
    // Capped here, so no stage (parsing, keys, values, an ensemble's members) can print a problem per line of a huge file.
    const list: readonly ScenarioProblem[] = isList(problems) ? firstProblems(problems) : [problems];
    const first = list[0];
    if (!first) throw new TypeError('ScenarioError needs at least one problem');
    super(list.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
    this.problems = list;
    this.file = first.file;
    this.path = first.path;
    this.line = first.line;
    this.column = first.column;
  }

  /** One line per problem, e.g. `scenarios/x.yaml:12: policies.loans.amount: expected a number, got "abc"`. */
  format(): string {
    return this.message;
  }
}

/** Problems reported at most: a file of 10,000 unknown keys gets the first of them and a count, not 10,000 lines. */
export const MAX_PROBLEMS = 20;

/** The first MAX_PROBLEMS problems, and a count of the rest. */
export function firstProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  const rest = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), { file: problems[MAX_PROBLEMS]!.file, path: '', message: `and ${rest} more problem${rest > 1 ? 's' : ''}` }];
}

function isList(p: ScenarioProblem | readonly ScenarioProblem[]): p is readonly ScenarioProblem[] {
  return Array.isArray(p);
}

export function formatProblem(p: ScenarioProblem): string {
  if (p.override !== undefined) {
    // The override already names its path; repeat the path only when the problem lies deeper (inside a timeline).
    const own = p.override.split('=')[0]!.trim();
    return `${OVERRIDE_FILE} ${p.override}: ${p.path && p.path !== own ? `${p.path}: ` : ''}${p.message}`;
  }
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/**
 * A command line that cannot be run as given (an unknown option, a bad --threads, a sweep resumed with other
 * arguments): the CLI prints the message and exits 2, like a bad scenario.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
