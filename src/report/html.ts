import type { Chart } from '../plot/common.js';
import { browserBundles } from './bundles.js';
import { settingsText, type EnsembleSettings } from '../scenario/ensemble-settings.js';
import type { TableData } from './tables.js';

/**
 * The report: one HTML file with everything inline (styles, the vega/vega-lite/vega-embed builds, the chart specs
 * with their data), so it opens offline and can be mailed as it is. Charts are drawn by vega-embed as SVG, with
 * tooltips; the page sets `data-rendered` on <body> once every chart is drawn (or `data-failed` if one fails).
 */

/** What a kind of output (src/kinds/) puts in its report, beside the charts. */
export interface ReportParts {
  readonly title: string;
  /** A sentence or two on what the directory holds. */
  readonly lead: string;
  /** The parameters section: its tables and a note below them. */
  readonly parameters: readonly TableData[];
  readonly parametersNote?: string;
  /** The headline numbers: the section's heading and its table. */
  readonly numbers: string;
  readonly outcomes: TableData;
  /** Whether the numbers come before the parameters (a sensitivity analysis leads with its ranking). */
  readonly numbersFirst?: boolean;
}

export interface ReportContent {
  /** The kind's name, for the header line. */
  readonly kind: string;
  readonly parts: ReportParts;
  readonly charts: readonly Chart[];
  readonly homeward: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON inside <script>: `<` escaped so no string in it can close the element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function table(t: TableData, className = ''): string {
  const head = `<tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = t.rows
    .map((r) => `<tr${r.differs ? ' class="differs"' : ''}>${r.cells.map((c, i) => `<${i === 0 ? 'th scope="row"' : 'td'}>${escapeHtml(c).replace(/\n/g, '<br>')}</${i === 0 ? 'th' : 'td'}>`).join('')}</tr>`)
    .join('\n');
  const note = t.note ? `<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `<div class="table-wrap"><table class="${className}"><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>${note}`;
}

/** What the worlds of an ensemble ran at, beside what they were matched at. */
export function settingsLead(s: EnsembleSettings): string {
  if (!s.recorded) return `Run at ${settingsText(s.run)}; the ensemble file records no settings its worlds were matched at.`;
  if (s.differs.length === 0) return `Run at the settings the worlds were matched at: ${settingsText(s.run)}.`;
  return `Note: run at ${settingsText(s.run)}, not at the settings the worlds were matched at (${settingsText(s.matched!)}); they are consistent with the facts at those, not necessarily at these.`;
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; line-height: 1.45; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 64px; }
header { border-bottom: 1px solid #ddd; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; }
h3 { font-size: 16px; margin: 0 0 4px; }
.lead { font-size: 15px; color: #333; margin: 4px 0 12px; }
.meta { font-size: 12px; color: #666; margin: 0 0 16px; }
nav { font-size: 13px; margin: 8px 0 0; }
nav a { margin-right: 14px; color: #2b5f9e; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; background: white; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 5px 12px 5px 8px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #bbb; font-weight: 600; }
tbody th { font-weight: normal; font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12px; }
table.outcomes tbody th { font-family: inherit; font-size: 13px; font-weight: 600; }
td { font-variant-numeric: tabular-nums; }
tr.differs td, tr.differs th { background: #fff6d9; }
.note { font-size: 12px; color: #555; margin: 6px 0 0; }
figure { background: white; border: 1px solid #e2e2e2; border-radius: 6px; margin: 0 0 22px; padding: 14px 16px; }
figcaption { font-size: 13px; color: #444; margin-top: 6px; max-width: 900px; }
.chart { overflow-x: auto; }
.chart-error { color: #b00020; font-size: 13px; }
`;

/** Draws every chart; failures are reported on the page and the console, and in data-failed for tests. */
const SCRIPT = `
(function () {
  var specs = JSON.parse(document.getElementById('homeward-specs').textContent);
  var options = { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } };
  var failed = 0;
  Promise.all(specs.map(function (spec, i) {
    var target = document.getElementById('chart-' + i);
    return vegaEmbed(target, spec, options).catch(function (err) {
      failed++;
      target.innerHTML = '<p class="chart-error">This chart could not be drawn: ' + String(err && err.message || err).replace(/</g, '&lt;') + '</p>';
      console.error(err);
    });
  })).then(function () {
    document.body.setAttribute(failed ? 'data-failed' : 'data-rendered', String(failed || specs.length));
  });
})();
`;

export async function reportHtml(content: ReportContent): Promise<string> {
  const { kind, parts, charts } = content;
  const bundles = await browserBundles();
  const { title, lead, numbers } = parts;
  const figures = charts
    .map(
      (c, i) => `<figure id="${escapeHtml(c.name)}" aria-label="${escapeHtml(c.heading)}">
<div class="chart" id="chart-${i}"></div>
<figcaption>${escapeHtml(c.caption)}</figcaption>
</figure>`,
    )
    .join('\n');
  const versions = bundles.map((b) => `${b.name} ${b.version}`).join(', ');
  const parametersSection = `<section id="parameters">
<h2>Parameters</h2>
${parts.parameters.map((t) => table(t)).join('\n')}
${parts.parametersNote !== undefined ? `<p class="note">${escapeHtml(parts.parametersNote)}</p>` : ''}
</section>`;
  const outcomesSection = `<section id="outcomes">
<h2>${numbers}</h2>
${table(parts.outcomes, 'outcomes')}
</section>`;
  const numbersFirst = parts.numbersFirst === true;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="homeward ${escapeHtml(content.homeward)}">
<title>${escapeHtml(title)} — homeward report</title>
<style>${STYLE}</style>
${bundles.map((b) => `<script>/* ${b.name} ${b.version} */\n${b.code}\n</script>`).join('\n')}
</head>
<body>
<main>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(lead)}</p>
<p class="meta">homeward ${escapeHtml(content.homeward)} ${kind} report · charts drawn with ${escapeHtml(versions)} · works offline</p>
<nav>${numbersFirst ? `<a href="#outcomes">${numbers}</a><a href="#parameters">Parameters</a>` : `<a href="#parameters">Parameters</a><a href="#outcomes">${numbers}</a>`}<a href="#charts">Charts</a></nav>
</header>
${numbersFirst ? [outcomesSection, parametersSection].join('\n') : [parametersSection, outcomesSection].join('\n')}
<section id="charts">
<h2>Charts</h2>
${figures}
</section>
</main>
<script type="application/json" id="homeward-specs">${scriptJson(charts.map((c) => c.spec))}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
