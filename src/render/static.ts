import type { TopLevelSpec } from 'vega-lite';
import { HOVER_PREFIX } from '../plot/common.js';

/**
 * The spec for a still image: without the hover layers (src/plot/common.ts hoverPoints), which draw nothing until
 * the pointer is over them but would put an invisible point per datum and a Voronoi diagram in the SVG, doubling
 * its size and the time to draw and rasterise it.
 */
export function staticSpec(spec: TopLevelSpec): TopLevelSpec {
  return strip(spec) as TopLevelSpec;
}

function isHover(x: unknown): boolean {
  return typeof x === 'object' && x !== null && 'name' in x && typeof x.name === 'string' && x.name.startsWith(HOVER_PREFIX);
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'data') out[key] = value; // data values are left as they are (and not walked: they can be large)
    else if (key === 'layer' && Array.isArray(value)) out[key] = value.filter((l) => !isHover(l)).map(strip);
    else out[key] = strip(value);
  }
  return out;
}
