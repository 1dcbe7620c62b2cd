#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError } from '../scenario/errors.js';
import { validateCommand } from './validate.js';
import { runCommand } from './run.js';
import { packageVersion } from './version.js';

/** A command line yargs rejects (unknown option, missing argument, bad --threads): exit 2 like a bad scenario. */
class UsageError extends Error {}

const EXIT_ERROR = 1;
const EXIT_USAGE = 2;

/** `--set` may be given many times; yargs hands back a string or a list. */
function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function wholeAtLeastOne(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new UsageError(`--${name} must be a whole number >= 1, got ${value}`);
  }
}

const SET = {
  type: 'string',
  requiresArg: true,
  describe: 'Override a scenario key (repeatable), e.g. --set population.agents=20000',
} as const;

function cli(argv: string[]) {
  return yargs(argv)
    .scriptName('homeward')
    .usage('$0 <command> [options]\n\nAgent-based simulation of return migration and the rural short-video creator economy.')
    .command(
      'run <scenario>',
      'Run a scenario: replications on worker threads, outputs in <out>/<name>/',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (YAML, or a scenario.json of an earlier run)' })
          .options({
            seed: { type: 'string', requiresArg: true, describe: 'Scenario seed (rep seeds derive from it)' },
            reps: { type: 'string', requiresArg: true, describe: 'Replications' },
            agents: { type: 'string', requiresArg: true, describe: 'Simulated persons (= --set population.agents=N)' },
            months: { type: 'number', requiresArg: true, describe: 'Run only the first M months (sets end)' },
            set: SET,
            out: { type: 'string', requiresArg: true, default: 'outputs', describe: 'Output directory' },
            threads: { type: 'number', requiresArg: true, describe: 'Worker threads [default: available cores]' },
            quiet: { type: 'boolean', default: false, describe: 'No progress bar' },
          })
          .check((a) => {
            wholeAtLeastOne('threads', a.threads);
            wholeAtLeastOne('months', a.months);
            return true;
          })
          .example('$0 run scenarios/qingyang.yaml', 'Run the base scenario')
          .example('$0 run scenarios/qingyang.yaml --agents 20000 --months 24 --reps 3', 'A quick, small run')
          .example('$0 run scenarios/qingyang.yaml --set platform.popularity=1.5 --seed 7 --out results', 'A variant with another seed')
          .example('$0 run outputs/qingyang/scenario.json --out rerun', 'Reproduce an earlier run byte for byte'),
      async (a) => {
        await runCommand({
          scenario: a.scenario,
          set: list(a.set),
          seed: a.seed,
          reps: a.reps,
          agents: a.agents,
          months: a.months,
          out: a.out,
          threads: a.threads,
          quiet: a.quiet,
        });
      },
    )
    .command(
      'validate <scenario>',
      'Check a scenario file (and overrides) without running it',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file' })
          .options({ set: SET })
          .example('$0 validate scenarios/qingyang.yaml', 'Check a scenario')
          .example('$0 validate scenarios/qingyang.yaml --set policies.loans.amount=80000', 'Check it with an override'),
      async (a) => {
        await validateCommand(a.scenario, list(a.set));
      },
    )
    .demandCommand(1, 'Name a command: run or validate.')
    .example('$0 run scenarios/qingyang.yaml --reps 20 --threads 4', 'Run 20 replications on 4 threads')
    .example('$0 validate scenarios/qingyang.yaml', 'Check a scenario file')
    .strict()
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .wrap(null)
    .fail((msg: string | null, err: Error | undefined) => {
      // yargs reports its own usage errors (msg, or a YError) and errors thrown by handlers and checks (err).
      if (err && !(err instanceof UsageError) && err.name !== 'YError') throw err;
      throw new UsageError(err?.message ?? msg ?? 'invalid command line');
    });
}

async function main(): Promise<void> {
  try {
    await cli(hideBin(process.argv)).parseAsync();
  } catch (err) {
    if (err instanceof ScenarioError) {
      process.stderr.write(`error: ${err.format()}\n`);
      process.exitCode = EXIT_USAGE;
    } else if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\nRun 'homeward --help' for usage.\n`);
      process.exitCode = EXIT_USAGE;
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(`error: ${process.env.HOMEWARD_DEBUG === '1' ? (e.stack ?? e.message) : e.message}\n`);
      process.exitCode = EXIT_ERROR;
    }
  }
}

await main();
