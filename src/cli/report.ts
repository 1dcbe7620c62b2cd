import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { prepareFile, writeFileAtomic } from '../output/atomic.js';
import { checkPlotOptions, type PlotOptions } from '../plot/charts.js';
import type { Chart } from '../plot/common.js';
import type { Output } from '../kinds/kind.js';
import { loadOutput } from '../kinds/registry.js';
import { reportHtml } from '../report/html.js';
import { packageVersion } from '../output/provenance.js';

export interface ReportArgs extends PlotOptions {
  readonly dir: string;
  /** The HTML file; `<dir>/report.html` when undefined. */
  readonly out?: string;
}

/** Writes the report of an output directory, with the given charts, to `file` (atomically). */
export async function writeReport(output: Output, charts: readonly Chart[], file: string): Promise<void> {
  const html = await reportHtml({ kind: output.kind, parts: output.report(), charts, homeward: packageVersion() });
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, html);
}

/**
 * `homeward report`: one self-contained HTML page of an output directory, made by its kind (kinds/registry.ts).
 * Prints the file's path.
 */
export async function reportCommand(args: ReportArgs): Promise<string> {
  checkPlotOptions(args);
  const file = args.out ?? join(args.dir, 'report.html');
  const output = await loadOutput(args.dir);
  const { charts, skipped } = output.charts(args);
  await prepareFile(file, args.out === undefined ? 'the report' : '--out');
  for (const s of skipped) process.stderr.write(`note: no chart of ${s}\n`);
  await writeReport(output, charts, file);
  process.stdout.write(file + '\n');
  return file;
}
