import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The font the PNG renderer draws text with. resvg knows no fonts of its own, and loading every system font is
 * slow and machine-dependent, so it gets DejaVu Sans (Debian's fonts-dejavu-core, which .ci/run installs) by
 * file; the charts name it first in their font list (src/plot/common.ts).
 */
const DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF', '/usr/local/share/fonts'];
const FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];

export interface FontChoice {
  /** Font files to load; empty when DejaVu Sans was not found and system fonts are used instead. */
  readonly files: readonly string[];
  readonly family: string | undefined;
}

let cached: FontChoice | undefined;

export function chartFonts(): FontChoice {
  if (cached) return cached;
  for (const dir of DIRS) {
    const files = FILES.map((f) => join(dir, f)).filter((f) => existsSync(f));
    if (files.length > 0) return (cached = { files, family: 'DejaVu Sans' });
  }
  return (cached = { files: [], family: undefined });
}
