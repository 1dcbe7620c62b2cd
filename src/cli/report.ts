import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { prepareFile, writeFileAtomic } from '../output/atomic.js';
import { buildCharts, checkPlotOptions, type PlotOptions } from '../plot/charts.js';
import type { Chart } from '../plot/common.js';
import { loadOutput, type OutputData } from '../output/read-output.js';
import { reportHtml } from '../report/html.js';
import { reportTables } from '../report/tables.js';
import { packageVersion } from '../output/provenance.js';

export interface ReportArgs extends PlotOptions {
  readonly dir: string;
  /** The HTML file; `<dir>/report.html` when undefined. */
  readonly out?: string;
}

/** Writes the report of an output directory, with the given charts, to `file` (atomically). */
export async function writeReport(data: OutputData, charts: readonly Chart[], file: string): Promise<void> {
  const tables = await reportTables(data);
  const html = await reportHtml({ data, charts, ...tables, homeward: packageVersion() });
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, html);
}

/** `homeward report`: one self-contained HTML page of an output directory. Prints the file's path. */
export async function reportCommand(args: ReportArgs): Promise<string> {
  checkPlotOptions(args);
  const file = args.out ?? join(args.dir, 'report.html');
  const data = await loadOutput(args.dir);
  await prepareFile(file, args.out === undefined ? 'the report' : '--out');
  const { charts, skipped } = await buildCharts(data, args);
  for (const s of skipped) process.stderr.write(`note: no chart of ${s}\n`);
  await writeReport(data, charts, file);
  process.stdout.write(file + '\n');
  return file;
}
