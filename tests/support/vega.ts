import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * A chart's spec compiled with vega-lite and run by vega without a renderer, as the page and the PNG renderer would:
 * the view (its scene graph, or toSVG) and every warning either logged. Finalize the view when done.
 */
export async function runView(spec: unknown): Promise<{ view: View; warnings: string[] }> {
  const warnings: string[] = [];
  const logger = {
    level(_?: number) {
      return this;
    },
    error: (...a: unknown[]) => (warnings.push(`error ${a.join(' ')}`), logger),
    warn: (...a: unknown[]) => (warnings.push(a.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  const view = new View(parse(compile(spec as TopLevelSpec, { logger }).spec), { renderer: 'none', logger });
  await view.runAsync();
  return { view, warnings };
}
