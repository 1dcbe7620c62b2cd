import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { browserBundles } from '../report/bundles.js';
import { escapeHtml, scriptJson } from '../report/html.js';
import { ASSETS, type Asset } from './assets.js';
import { DATA_ID, WORKER_ID, type PageData } from './page-data.js';

/**
 * The explore page: one HTML file with everything inline (styles, vega, vega-lite and vega-embed, the bundled page
 * script and Web Worker, the baseline scenario), so it opens from disk with no server and no network.
 */

const ROOT = new URL('../../', import.meta.url);

/** A bundled script of the page, as `npm run build` wrote it. */
async function asset(name: Asset): Promise<string> {
  const file = fileURLToPath(new URL(ASSETS[name].file, ROOT));
  let code: string;
  try {
    code = await readFile(file, 'utf8');
  } catch {
    throw new Error(`the explore page's script ${file} is missing: run \`npm run build\` (it bundles the page with esbuild)`);
  }
  // Inline scripts end at the first "</script" (and "<!--" changes how one is read); the bundles contain neither, but make sure.
  if (/<\/script|<!--/i.test(code)) throw new Error(`${file} contains "</script" or "<!--" and cannot be inlined`);
  return code;
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; line-height: 1.4; }
header, main { max-width: 1500px; margin: 0 auto; padding: 12px 24px; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 18px; margin: 18px 0 8px; }
.lead, .meta { font-size: 13px; color: #444; margin: 2px 0; }
main { display: grid; grid-template-columns: minmax(340px, 430px) 1fr; gap: 24px; align-items: start; }
#settings { max-height: calc(100vh - 24px); overflow-y: auto; position: sticky; top: 12px; padding-right: 8px; }
.control { background: white; border: 1px solid #e2e2e2; border-radius: 6px; padding: 6px 10px; margin: 0 0 6px; }
.control.changed { border-color: #e3a21a; background: #fff8e6; }
.control label { display: block; font-size: 13px; }
.control code { font-size: 12px; }
.pair { display: flex; gap: 8px; align-items: center; }
.pair input[type=range] { flex: 1; }
.control input[type=text] { width: 9em; font: inherit; font-size: 13px; }
.control input[aria-invalid=true] { border: 2px solid #b00020; }
.doc { font-size: 11px; color: #555; margin: 2px 0 0; }
.problem { font-size: 12px; color: #b00020; margin: 2px 0 0; }
.problem:empty { display: none; }
details { margin: 0 0 6px; }
summary { cursor: pointer; font-size: 13px; padding: 4px 0; }
button { font: inherit; font-size: 14px; padding: 5px 14px; margin: 4px 6px 4px 0; }
:focus-visible { outline: 3px solid #2b5f9e; outline-offset: 2px; }
#status, #changed, .note, #problems, #run-note, #front-note, #levers-note { font-size: 13px; color: #333; }
#problems, #run-note { color: #b00020; }
table { border-collapse: collapse; font-size: 13px; background: white; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 10px 4px 6px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #bbb; }
td { font-variant-numeric: tabular-nums; }
figure { background: white; border: 1px solid #e2e2e2; border-radius: 6px; margin: 0 0 14px; padding: 10px 12px; }
figcaption { font-size: 12px; color: #444; }
#front-members { font-size: 13px; padding-left: 18px; }
`;

/** The page's body: the elements browser/page.ts fills in, by id. */
const BODY = `
<header>
<h1>homeward explore</h1>
<p class="lead">Move the levers and the uncertainties, run, and see the answer against the baseline: the model runs here, in this page, with the numbers of <code>homeward run</code>.</p>
<p class="meta">Baseline: <span id="baseline"></span>. Works offline: nothing is fetched from anywhere.</p>
</header>
<main>
<section id="settings" aria-label="Settings">
<h2>Run</h2>
<div id="run-controls"></div>
<button type="button" id="run">Run</button>
<button type="button" id="stop" disabled>Stop</button>
<p id="run-note" aria-live="polite"></p>
<p id="problems" role="alert"></p>
<p id="changed" aria-live="polite"></p>
<h2>Levers</h2>
<p id="levers-note"></p>
<div id="levers"></div>
<h2>Uncertainties</h2>
<p class="note">Every uncertainty with a plausible range (the set <code>homeward sensitivity</code> varies), by group.</p>
<div id="uncertainties"></div>
<h2>A search front</h2>
<p class="note">Open the front.csv that <code>homeward search</code> wrote; load a member to set its levers.</p>
<label for="front-file">front.csv of a search</label>
<input type="file" id="front-file" accept=".csv,text/csv">
<p id="front-note" aria-live="polite"></p>
<ul id="front-members"></ul>
</section>
<section id="results" aria-label="Results">
<h2>Results</h2>
<p id="status" aria-live="polite">Not run yet.</p>
<label for="metric">Metric charted</label>
<select id="metric"></select>
<figure><div id="chart-level"></div><figcaption id="chart-level-caption"></figcaption></figure>
<figure><div id="chart-difference"></div><figcaption id="chart-difference-caption"></figcaption></figure>
<h2>Headline outcomes</h2>
<div id="outcomes"><p class="note">Run to see them.</p></div>
<h2>Downloads</h2>
<p class="note">The last finished run: its settings as a scenario file that extends the baseline (homeward run reproduces it), and its timeseries.csv, byte for byte the file homeward run writes.</p>
<button type="button" id="download-yaml" disabled>Download scenario</button>
<button type="button" id="download-csv" disabled>Download timeseries.csv</button>
</section>
</main>
`;

export async function exploreHtml(data: PageData): Promise<string> {
  const [bundles, page, worker] = await Promise.all([browserBundles(), asset('page'), asset('worker')]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="homeward ${escapeHtml(data.homeward)}">
<title>${escapeHtml(data.baseline.name)} — homeward explore</title>
<style>${STYLE}</style>
${bundles.map((b) => `<script>/* ${b.name} ${b.version} */\n${b.code}\n</script>`).join('\n')}
</head>
<body data-state="loading">
${BODY}
<script type="application/json" id="${DATA_ID}">${scriptJson(data)}</script>
<script type="text/plain" id="${WORKER_ID}">${worker}</script>
<script>${page}</script>
</body>
</html>
`;
}
