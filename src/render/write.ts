import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../output/atomic.js';
import { hold } from '../output/hold.js';
import type { Chart } from '../plot/common.js';
import { renderSvg, svgToPng } from './render.js';
import { staticSpec } from './static.js';

export interface WrittenChart {
  readonly chart: Chart;
  /** The three files, `<name>.vl.json`, `.svg` and `.png`. */
  readonly files: readonly string[];
  /** PNG size in pixels. */
  readonly width: number;
  readonly height: number;
  readonly warnings: readonly string[];
  readonly milliseconds: number;
}

/**
 * Writes each chart as its Vega-Lite spec (interactive, with tooltips), SVG and PNG (still images) into `dir`
 * (created if missing), each file atomically. An aborted `signal` stops it before the next chart.
 * Files of charts not made this time (another --metric) are left as they are.
 */
export async function writeCharts(charts: readonly Chart[], dir: string, signal?: AbortSignal): Promise<WrittenChart[]> {
  await mkdir(dir, { recursive: true });
  const written: WrittenChart[] = [];
  for (const chart of charts) {
    signal?.throwIfAborted(); // a signal stops the drawing between two charts
    const t0 = performance.now();
    const { svg, warnings } = await renderSvg(staticSpec(chart.spec));
    const png = svgToPng(svg);
    const files = [`${chart.name}.vl.json`, `${chart.name}.svg`, `${chart.name}.png`].map((f) => join(dir, f));
    await writeFileAtomic(files[0]!, JSON.stringify(chart.spec, null, 1) + '\n');
    await writeFileAtomic(files[1]!, svg);
    await writeFileAtomic(files[2]!, png.png);
    written.push({ chart, files, width: png.width, height: png.height, warnings, milliseconds: performance.now() - t0 });
    if (written.length === 1) await hold('drawing');
  }
  return written;
}
