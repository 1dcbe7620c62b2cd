import type { Chart } from '../plot/common.js';
import type { OutputData } from '../output/read-output.js';
import { browserBundles } from './bundles.js';
import { readable } from '../output/readable.js';
import { settingsText, type EnsembleSettings } from '../scenario/ensemble-settings.js';
import type { TableData } from './tables.js';

/**
 * The report: one HTML file with everything inline (styles, the vega/vega-lite/vega-embed builds, the chart specs
 * with their data), so it opens offline and can be mailed as it is. Charts are drawn by vega-embed as SVG, with
 * tooltips; the page sets `data-rendered` on <body> once every chart is drawn (or `data-failed` if one fails).
 */

export interface ReportContent {
  readonly data: OutputData;
  readonly charts: readonly Chart[];
  readonly parameters: readonly TableData[];
  readonly outcomes: TableData;
  readonly homeward: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON inside <script>: `<` escaped so no string in it can close the element. */
function scriptJson(value: unknown): string {
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

function describe(data: OutputData): { title: string; lead: string } {
  switch (data.kind) {
    case 'run':
      return { title: data.name, lead: data.scenario.description || `A run of ${data.name}.` };
    case 'comparison':
      return {
        title: `${data.runs.map((r) => r.name).join(' vs ')}`,
        lead: `A comparison of ${data.runs.length} scenarios with ${data.reference} as the reference, ${data.reps} replications each with common random numbers.`,
      };
    case 'sweep':
      return {
        title: `${data.scenario.name}: sweep of ${data.params.map((p) => p.path).join(', ')}`,
        lead: data.ensemble
          ? `A ${data.design} sweep of ${data.points.length / data.ensemble.worlds} points over ${data.params.length} parameter${data.params.length > 1 ? 's' : ''} of ${data.scenario.name}, ` +
            `each run in the ${data.ensemble.worlds} worlds of ${data.ensemble.file} (parameter sets consistent with the facts).` +
            (data.ensemble.settings ? ` ${settingsLead(data.ensemble.settings)}` : '')
          : `A ${data.design} sweep of ${data.points.length} points over ${data.params.length} parameter${data.params.length > 1 ? 's' : ''} of ${data.scenario.name}.`,
      };
    case 'ensemble-comparison':
      return {
        title: `${data.scenarios.map((s) => s.name).join(' vs ')} across an ensemble`,
        lead:
          `A comparison of ${data.scenarios.length} scenarios with ${data.reference} as the reference at each of the ${data.members.length} parameter sets of ${data.ensembleFile} ` +
          `(worlds consistent with the facts${data.settings && data.settings.differs.length > 0 ? ' at the settings they were matched at' : ''}), ${data.reps} replications per world with common random numbers.` +
          (data.settings ? ` ${settingsLead(data.settings)}` : ''),
      };
    case 'history-match': {
      const members = data.checked.filter((c) => c.member !== undefined).length;
      return {
        title: `${data.scenario.name}: history matching`,
        lead:
          `History matching of ${data.free.length} free parameters of ${data.scenario.name} to ${data.targetsFile}: ${data.waves.length} wave${data.waves.length === 1 ? '' : 's'} ` +
          `of emulated implausibility, then ${data.checked.length} points of the space left run for real; ${members} are non-implausible and pass every target (the ensemble).`,
      };
    }
    case 'check': {
      const passed = data.results.filter((r) => r.pass).length;
      return {
        title: `${data.scenario.name}: check against ${data.targetsFile}`,
        lead: `${data.scenario.name} run ${data.reps} times (seed ${data.seed}) and checked against the ${data.results.length} targets of ${data.targetsFile}: ${passed} pass; distance ${readable(data.distance)} (weighted mean of z², z = miss / tolerance).`,
      };
    }
    case 'calibration':
      return {
        title: `${data.name}: calibration to ${data.targetsFile}`,
        lead:
          `A search of ${data.free.length} free parameter${data.free.length === 1 ? '' : 's'} of ${data.name} for the best fit to ${data.targetsFile}: ${data.trace.length} evaluations of ${data.reps} replications each ` +
          `(a Latin hypercube, then Nelder-Mead). The best, at evaluation ${data.bestEval}, has distance ${readable(data.distance)} and passes ${data.results.filter((r) => r.pass).length} of ${data.results.length} targets.`,
      };
    case 'sensitivity':
      return {
        title: `${data.scenario.name}: ${data.method === 'morris' ? 'Morris screening' : 'Sobol indices'}`,
        lead:
          `A global sensitivity analysis (${data.method === 'morris' ? 'Morris elementary effects' : "Sobol' first-order and total indices"}) of ${data.outcomes.length} outcomes ` +
          `over ${data.factors.length} parameters of ${data.scenario.name}: ${data.points} points × ${data.reps} replications with common random numbers.`,
      };
  }
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
  const { data, charts } = content;
  const bundles = await browserBundles();
  const { title, lead } = describe(data);
  const kind = data.kind;
  const numbers = data.kind === 'sensitivity' ? 'Most influential parameters' : data.kind === 'history-match' ? 'Waves' : data.kind === 'ensemble-comparison' ? 'Differences across the worlds' : data.kind === 'check' || data.kind === 'calibration' ? 'Targets' : 'Headline numbers';
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
${content.parameters.map((t) => table(t)).join('\n')}
${data.kind === 'comparison' ? '<p class="note">Highlighted rows differ between the scenarios.</p>' : ''}
</section>`;
  const outcomesSection = `<section id="outcomes">
<h2>${numbers}</h2>
${table(content.outcomes, 'outcomes')}
</section>`;
  // A sensitivity analysis leads with its ranking: its parameter table lists every parameter varied (140 by default).
  const numbersFirst = data.kind === 'sensitivity';
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
