import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkPlotOptions, type PlotOptions } from '../plot/charts.js';
import { loadOutput } from '../kinds/registry.js';
// Vega, vega-lite and resvg load only when charts are drawn (render/write.js), not with every command.
import type { WrittenChart } from '../render/write.js';
import { writeReport } from './report.js';
import { prepareDir } from '../output/atomic.js';

export interface PlotArgs extends PlotOptions {
  readonly dir: string;
  /** Where the charts go; `<dir>/charts` when undefined. */
  readonly out?: string;
}

/** Prints each chart's warnings from Vega-Lite or Vega on stderr (a chart with warnings is still written). */
export function reportWarnings(written: readonly WrittenChart[]): void {
  for (const w of written) for (const message of w.warnings) process.stderr.write(`warning: chart ${w.chart.name}: ${message}\n`);
}

/**
 * `homeward plot`: every chart of an output directory as .vl.json, .svg and .png. Prints the charts directory. The
 * directory's kind (kinds/registry.ts) reads it and makes the charts, before anything is written.
 */
export async function plotCommand(args: PlotArgs): Promise<WrittenChart[]> {
  checkPlotOptions(args);
  const t0 = performance.now();
  const output = await loadOutput(args.dir);
  const { charts, skipped } = output.charts(args);
  const out = args.out ?? join(args.dir, 'charts');
  await prepareDir(out, args.out === undefined ? 'the charts directory' : '--out');
  for (const s of skipped) process.stderr.write(`note: no chart of ${s}\n`);
  const { writeCharts } = await import('../render/write.js');
  const written = await writeCharts(charts, out);
  reportWarnings(written);
  process.stdout.write(out + '\n');
  if (process.stderr.isTTY) process.stderr.write(`${written.length} charts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return written;
}

export interface OutputPlots {
  readonly charts: readonly WrittenChart[];
  readonly report: string;
  readonly seconds: number;
}

/**
 * The charts (`<dir>/charts/`) and report (`<dir>/report.html`) that `run`, `compare` and `sweep` write into their
 * output directory, from the same chart specs. `dir` may be the command's temporary directory: nothing in the
 * charts or the report names it.
 */
export async function plotOutput(dir: string, signal?: AbortSignal): Promise<OutputPlots> {
  const t0 = performance.now();
  const output = await loadOutput(dir);
  // The default charts; those without data (no creators yet in a short run) are left out silently.
  const { charts } = output.charts({ metrics: [] });
  const { writeCharts } = await import('../render/write.js');
  const written = await writeCharts(charts, join(dir, 'charts'), signal);
  reportWarnings(written);
  signal?.throwIfAborted();
  const report = join(dir, 'report.html');
  await writeReport(output, charts, report);
  return { charts: written, report: relative(dir, report), seconds: (performance.now() - t0) / 1000 };
}
