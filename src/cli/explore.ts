import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { exploreHtml } from '../explore/html.js';
import { servePage } from '../explore/serve.js';
import { prepareFile, writeFileAtomic } from '../output/atomic.js';
import { packageVersion } from '../output/provenance.js';
import { UsageError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';

export interface ExploreArgs {
  readonly scenario: string;
  /** The HTML file; `outputs/<name>-explore.html` when undefined. */
  readonly out?: string;
  readonly serve: boolean;
  readonly port?: number;
}

/** What the page starts with: a run that answers in seconds (a few seconds per replication pair on two cores). */
export const PAGE_AGENTS = 10_000;
export const PAGE_REPS = 4;

/**
 * `homeward explore`: one self-contained HTML page that runs the scenario's model in the browser (explore/html.ts).
 * Writes it and prints its path, or with --serve serves it on 127.0.0.1 and prints the URL until Ctrl-C.
 */
export async function exploreCommand(args: ExploreArgs, signals: NodeJS.EventEmitter = process): Promise<string> {
  if (args.port !== undefined && !(Number.isInteger(args.port) && args.port >= 0 && args.port <= 65535)) throw new UsageError(`--port must be a whole number from 0 to 65535, got ${args.port}`);
  if (args.port !== undefined && !args.serve) throw new UsageError('--port applies to --serve');
  if (args.out !== undefined && args.serve) throw new UsageError('--out writes the page to a file; --serve serves it instead: give one of them');
  const { scenario } = await loadScenario(args.scenario);
  const html = await exploreHtml({
    baseline: scenario,
    file: args.scenario,
    extends: resolve(args.scenario),
    homeward: packageVersion(),
    agents: Math.min(PAGE_AGENTS, scenario.population.agents),
    reps: Math.min(PAGE_REPS, scenario.reps),
  });
  if (args.serve) {
    const { server, url } = await servePage(html, args.port ?? 0);
    process.stdout.write(`${url}\n`);
    process.stderr.write('Serving the explore page on 127.0.0.1 only; Ctrl-C stops.\n');
    await new Promise<void>((done) => {
      const stop = () => {
        signals.off('SIGINT', stop).off('SIGTERM', stop);
        server.close(() => done());
        server.closeAllConnections();
      };
      signals.on('SIGINT', stop).on('SIGTERM', stop);
    });
    return url;
  }
  const file = args.out ?? join('outputs', `${scenario.name}-explore.html`);
  await prepareFile(file, args.out === undefined ? 'the page' : '--out');
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, html);
  process.stdout.write(file + '\n');
  return file;
}
