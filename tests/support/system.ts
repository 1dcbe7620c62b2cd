// The Debian packages some tests need beyond npm's: found on this machine, or the test is skipped with one line that
// names the package. .ci/run installs them all, so CI runs every test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Chromium, driven by playwright-core (which never downloads a browser); HOMEWARD_CHROMIUM names another. */
export const CHROMIUM = process.env.HOMEWARD_CHROMIUM ?? '/usr/bin/chromium';

interface SystemPackage {
  /** What `apt-get install` takes. */
  readonly install: string;
  /** Whether it is there. */
  readonly present: () => boolean;
  /** What else it takes beyond installing, if anything. */
  readonly then?: string;
}

const PACKAGES = {
  chromium: { install: 'chromium', present: () => existsSync(CHROMIUM) },
  // sbatch answers only once the cluster's configuration exists, as scripts/slurm-single-node.sh writes it.
  'slurm-wlm': { install: 'slurm-wlm munge', present: () => spawnSync('sbatch', ['--version']).status === 0, then: 'scripts/slurm-single-node.sh start' },
} as const satisfies Record<string, SystemPackage>;

/**
 * Whether the package a test file needs is installed. When it is not, says so in one line on stderr, e.g.
 * "report.test.ts skipped: needs Debian's chromium (apt-get install chromium)"; the caller skips its tests
 * (describe.skipIf(!has)).
 */
export function needs(name: keyof typeof PACKAGES, testFile: string): boolean {
  const pkg: SystemPackage = PACKAGES[name];
  if (pkg.present()) return true;
  const then = pkg.then ? `; ${pkg.then}` : '';
  process.stderr.write(`${basename(fileURLToPath(testFile))} skipped: needs Debian's ${name} (apt-get install ${pkg.install}${then})\n`);
  return false;
}
