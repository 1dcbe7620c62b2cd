// Two projects. `fast` is `npm test`: everything that runs in seconds, in-process where it can; it must pass on a
// busy 2-core machine, so its timeouts are sized for the work at several times its quiet duration. `slow` is
// `npm run test:slow` (and .ci/run): the calibrated baseline at its full size and the SLURM cluster, minutes each.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Test files that take minutes, or need the SLURM cluster that .ci/run starts. */
const SLOW = [
  'tests/baseline-check.test.ts', // 500,000 agents × 192 months × 10 replications: 90 s of both cores when quiet
  'tests/slurm.test.ts', // job arrays on the single-node cluster (scripts/slurm-single-node.sh)
];

export default defineConfig({
  test: {
    // The built code (dist/, which tests import to run commands in-process and whose worker threads the evaluator
    // starts) is loaded by Node.js itself, as the CLI loads it, not transformed by vitest: 1.7 s less per test file.
    server: { deps: { external: [/\/dist\//] } },
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['tests/**/*.test.ts'],
          exclude: SLOW,
          // One test file per core (vitest's default leaves one core idle): most files are single-threaded.
          maxWorkers: availableParallelism(),
          // Test files share their worker process (forks, one after another): vitest evaluates each file and its
          // helpers afresh, but the built program (dist/, loaded by Node.js itself), vega and DuckDB stay loaded, not
          // loaded again per file (0.5 to 5 CPU-seconds a file). Safe here: a file leaves no state behind (in-process
          // commands go back to the directory they started in and fail if they leave a signal handler; replications
          // close their threads in afterAll; nothing is mocked or stubbed).
          isolate: false,
          // The longest test takes about 10 s quiet; under load (two CPU-bound processes beside the suite) three to
          // four times that. Files that run replications set their own, longer timeouts.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW,
          // One file at a time: the baseline check uses every core, and the SLURM tests wait on the cluster's node.
          maxWorkers: 1,
          testTimeout: 900_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
