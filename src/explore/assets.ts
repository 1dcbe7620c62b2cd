/** The explore page's bundled scripts: their entry points and where `npm run build` writes them (relative to the package root). */
export const ASSETS = {
  page: { entry: 'src/explore/browser/page.ts', file: 'dist/explore/assets/page.js' },
  worker: { entry: 'src/explore/browser/worker.ts', file: 'dist/explore/assets/worker.js' },
} as const;

export type Asset = keyof typeof ASSETS;
