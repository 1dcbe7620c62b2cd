import { Resvg } from '@resvg/resvg-js';
import { View, parse, type LoggerInterface } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartFonts } from './fonts.js';

/**
 * Headless rendering in Node: Vega-Lite compiles the spec to Vega, a Vega view without a renderer (no DOM, no
 * canvas) draws it to SVG, and resvg rasterises the SVG to PNG.
 */

/**
 * Warnings from Vega-Lite and Vega are collected rather than printed, so callers decide what to do with them.
 * Vega calls the methods detached from the object, so they are closures over the list, not methods using `this`.
 */
function collector(): LoggerInterface & { readonly messages: string[] } {
  const messages: string[] = [];
  let current = 2; // vega's Warn level
  const logger = {
    messages,
    level(level?: number) {
      if (level === undefined) return current;
      current = level;
      return logger;
    },
    error: (...args: unknown[]) => (messages.push(`error: ${args.map(String).join(' ')}`), logger),
    warn: (...args: unknown[]) => (messages.push(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

export interface Svg {
  readonly svg: string;
  /** Warnings from compiling and running the spec; a well-made chart has none. */
  readonly warnings: readonly string[];
}

export async function renderSvg(spec: TopLevelSpec): Promise<Svg> {
  const logger = collector();
  const vega = compile(spec, { logger }).spec;
  const view = new View(parse(vega), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    return { svg, warnings: logger.messages };
  } finally {
    view.finalize();
  }
}

/** PNG pixels per SVG pixel: twice, so the image stays sharp on high-density screens and in print. */
export const PNG_SCALE = 2;

export interface Png {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

export function svgToPng(svg: string, scale = PNG_SCALE): Png {
  const fonts = chartFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font:
      fonts.files.length > 0
        ? { loadSystemFonts: false, fontFiles: [...fonts.files], defaultFontFamily: fonts.family, sansSerifFamily: fonts.family }
        : { loadSystemFonts: true },
  });
  const image = resvg.render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
