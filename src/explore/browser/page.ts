import { repSeeds } from '../../engine/seeds.js';
import { definition, type RepResult } from '../../model/definition.js';
import type { Chart } from '../../plot/common.js';
import { differenceChart, HEADLINE_METRICS, metricChart, metricLabel } from '../../plot/timeseries.js';
import { formatMonth, parseMonth } from '../../scenario/month.js';
import { valueAt } from '../../scenario/overrides.js';
import { countingOf } from '../../scenario/scale.js';
import type { Scenario } from '../../scenario/schema.js';
import { exploreControls, RUN_KEYS, type Control } from '../controls.js';
import { parseFront, type FrontEntry } from '../front.js';
import type { TaskMessage } from '../messages.js';
import { DATA_ID, WORKER_ID, type PageData } from '../page-data.js';
import { differenceBands, emptyRep, metricBands, outcomeTable, timeseriesCsv, type LiveRep } from '../results.js';
import { changedKeys, changesYaml, scenarioWith, type Value } from '../settings.js';
import { BrowserPool } from './pool.js';

/**
 * The explore page: the controls (from the schema), the run on Web Workers, the charts as months are simulated, the
 * table of headline outcomes and the downloads. Everything it computes comes from the modules the CLI uses; this
 * file only wires them to the page. <body> carries data-state (idle, running, done, failed) for tests and scripts.
 */

interface EmbedResult {
  readonly view: { finalize(): void };
}
declare const vegaEmbed: (el: HTMLElement, spec: unknown, options: unknown) => Promise<EmbedResult>;

const data = JSON.parse(document.getElementById(DATA_ID)!.textContent!) as PageData;
const baseline: Scenario = data.baseline;
const controls = exploreControls(baseline);
const workerUrl = URL.createObjectURL(new Blob([document.getElementById(WORKER_ID)!.textContent!], { type: 'text/javascript' }));
const pool = new BrowserPool(workerUrl, Math.max(1, navigator.hardwareConcurrency || 1));

/** Every control's current value by path; the page starts at the baseline with a small run. */
const values = new Map<string, Value>();
const setters = new Map<string, (value: Value) => void>();
const problemsShown = new Map<string, HTMLElement>();

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
};

const idOf = (path: string) => path.replace(/\./g, '-');

// -------------------------------------------------------------------------------------------------
// Controls

/** A value typed into a field: a number when it reads as one, else the text (the schema then says what is wrong). */
function typed(text: string, control: Control): Value {
  const t = text.trim();
  if (control.kind === 'month' || control.kind === 'enum') return t;
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

function showValue(value: Value, control: Control): string {
  return typeof value === 'number' && control.kind === 'month' ? formatMonth(value) : String(value);
}

/** One control: its label with the unit, a slider over its range (not for the run's numbers), a field, its doc and its problem. */
function controlRow(control: Control, slider: boolean): HTMLElement {
  const id = idOf(control.path);
  const initial = valueAt(baseline, control.path) as Value;
  values.set(control.path, initial);
  const doc = el('p', { className: 'doc', id: `doc-${id}` }, `${control.doc} ${control.unit ? `Unit: ${control.unit}. ` : ''}Range: ${control.range}.`);
  const problem = el('p', { className: 'problem', id: `problem-${id}` });
  problem.setAttribute('role', 'alert');
  problemsShown.set(control.path, problem);
  const label = el('label', { htmlFor: `field-${id}` }, el('code', {}, control.path), control.unit ? ` (${control.unit})` : '');
  const row = el('div', { className: 'control' });
  row.dataset.path = control.path;
  if (control.kind === 'enum') {
    const select = el('select', { id: `field-${id}` }, ...control.options!.map((o) => el('option', { value: o }, o)));
    select.value = String(initial);
    select.setAttribute('aria-describedby', doc.id);
    select.addEventListener('change', () => changed(control.path, select.value));
    setters.set(control.path, (v) => (select.value = String(v)));
    row.append(label, select, doc, problem);
    return row;
  }
  const field = el('input', { type: 'text', id: `field-${id}`, value: showValue(initial, control), spellcheck: false });
  field.setAttribute('inputmode', control.kind === 'month' ? 'numeric' : 'decimal');
  field.setAttribute('aria-describedby', `${doc.id} ${problem.id}`);
  const range = slider ? el('input', { type: 'range', id: `slider-${id}`, min: String(control.low), max: String(control.high), step: String(control.step) }) : undefined;
  const toSlider = (v: Value) => {
    if (!range) return;
    const n = control.kind === 'month' && typeof v === 'string' && /^\d{4}-\d{2}$/.test(v) ? parseMonth(v) : v;
    if (typeof n === 'number') range.value = String(n);
  };
  toSlider(initial);
  field.addEventListener('input', () => changed(control.path, typed(field.value, control)));
  setters.set(control.path, (v) => {
    field.value = String(v);
    toSlider(v);
  });
  const parts: HTMLElement[] = [label];
  if (range) {
    range.setAttribute('aria-label', `${control.path} slider${control.unit ? ` (${control.unit})` : ''}`);
    range.setAttribute('aria-describedby', doc.id);
    range.addEventListener('input', () => {
      const n = Number(range.value);
      const v = control.kind === 'month' ? formatMonth(n) : n;
      field.value = String(v);
      changed(control.path, v);
    });
    parts.push(el('div', { className: 'pair' }, range, field));
  } else parts.push(field);
  row.append(...parts, doc, problem);
  return row;
}

function changed(path: string, value: Value): void {
  values.set(path, value);
  validate();
  markChanged();
}

/** The rows whose value differs from the baseline, marked. */
function markChanged(): void {
  const changes = changedKeys(baseline, values);
  for (const row of document.querySelectorAll<HTMLElement>('.control')) row.classList.toggle('changed', changes.has(row.dataset.path!));
  const levers = [...changes.keys()].filter((p) => !(RUN_KEYS as readonly string[]).includes(p));
  document.getElementById('changed')!.textContent = levers.length === 0 ? 'No lever or uncertainty changed: the run is the baseline.' : `Changed from the baseline: ${levers.join(', ')}.`;
}

let current: Scenario | undefined;

/** Validates the settings with the schema: problems beside their fields, Run disabled while there are any. */
function validate(): void {
  const checked = scenarioWith(baseline, values);
  for (const p of problemsShown.values()) p.textContent = '';
  const general: string[] = [];
  if ('problems' in checked) {
    for (const p of checked.problems) {
      const shown = problemsShown.get(p.path);
      if (shown) shown.textContent = p.message;
      else general.push(p.path ? `${p.path}: ${p.message}` : p.message);
    }
    current = undefined;
  } else current = checked.scenario;
  for (const [path, shown] of problemsShown) document.getElementById(`field-${idOf(path)}`)?.setAttribute('aria-invalid', String(shown.textContent !== ''));
  document.getElementById('problems')!.textContent = general.join(' ');
  (document.getElementById('run') as HTMLButtonElement).disabled = current === undefined || running;
  document.getElementById('run-note')!.textContent = current === undefined ? 'Fix the values marked in red to run.' : '';
}

// -------------------------------------------------------------------------------------------------
// Running

let running = false;
/** A live redraw under way (the timer skips a second rather than queue drawings). */
let redrawing = false;
/** The run under way was stopped with the Stop button. */
let stopped = false;
let baselineCache: { key: string; results: RepResult[] } | undefined;
/** The last finished run: its results and the settings it ran with (what the downloads hold). */
let last: { baseline: RepResult[]; current: RepResult[]; scenario: Scenario; settings: Map<string, Value> } | undefined;
let live: { baseline: LiveRep[]; current: LiveRep[]; scenario: Scenario; same: boolean } | undefined;

function setState(state: 'idle' | 'running' | 'done' | 'failed'): void {
  document.body.dataset.state = state;
}

async function run(): Promise<void> {
  const scenario = current;
  if (!scenario || running) return;
  const settings = new Map(values);
  const runSettings = new Map([...values].filter(([p]) => (RUN_KEYS as readonly string[]).includes(p)));
  const base = scenarioWith(baseline, runSettings);
  if ('problems' in base) return;
  const reference = base.scenario;
  const same = changedKeys(baseline, new Map([...values].filter(([p]) => !runSettings.has(p)))).size === 0;
  const key = JSON.stringify(reference);
  const cached = baselineCache?.key === key ? baselineCache.results : undefined;
  const seeds = repSeeds(scenario.seed, scenario.reps);
  const start = parseMonth(scenario.start);
  const months = parseMonth(scenario.end) - start + 1;
  live = {
    baseline: cached ? cached.map((r) => ({ ...r, columns: [...r.columns] })) : seeds.map((_, r) => emptyRep(r, start, months)),
    current: same ? [] : seeds.map((_, r) => emptyRep(r, start, months)),
    scenario,
    same,
  };
  if (same) live.current = live.baseline;
  // Replication r of the baseline, then of the current settings: pairs finish together, and every pair shares its seed.
  const tasks: TaskMessage[] = [];
  const sides: ('baseline' | 'current')[] = [];
  seeds.forEach((seed, rep) => {
    if (!cached) tasks.push({ task: tasks.length, scenario: reference, rep, seed }), sides.push('baseline');
    if (!same) tasks.push({ task: tasks.length, scenario, rep, seed }), sides.push('current');
  });
  const total = tasks.length * months;
  let done = 0;
  running = true;
  setState('running');
  validate();
  const status = document.getElementById('status')!;
  const t0 = performance.now();
  const say = () => {
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    status.textContent = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} months simulated (${runsOf(sides)} of ${scenario.population.agents.toLocaleString('en-US')} agents on ${Math.min(pool.size, tasks.length)} workers${cached ? '; the baseline from the last run' : ''}), ${seconds} s`;
  };
  say();
  let nextDraw = 0;
  const timer = setInterval(() => {
    say();
    // One drawing at a time, and drawing at most a tenth of the time: the main thread shares the cores with the workers.
    if (!redrawing && performance.now() >= nextDraw) {
      redrawing = true;
      const began = performance.now();
      void draw().finally(() => {
        redrawing = false;
        nextDraw = performance.now() + Math.max(0, 9 * (performance.now() - began));
      });
    }
  }, 1000);
  let ended: 'done' | 'failed' | 'idle' = 'failed';
  stopped = false;
  (document.getElementById('stop') as HTMLButtonElement).disabled = false;
  try {
    const results = await pool.run(
      tasks,
      (task, t, monthValues) => {
        const side = live![sides[task]!][tasks[task]!.rep]!;
        monthValues.forEach((v, k) => (side.columns[k]![t] = v));
        done++;
      },
      (task, result) => (live![sides[task]!][tasks[task]!.rep] = result),
    );
    const seconds = (performance.now() - t0) / 1000;
    const pick = (side: 'baseline' | 'current') => results.filter((_, i) => sides[i] === side);
    const baseResults = cached ?? pick('baseline');
    baselineCache = { key, results: baseResults };
    last = { baseline: baseResults, current: same ? baseResults : pick('current'), scenario, settings };
    done = total;
    say();
    status.textContent += ` — done in ${seconds.toFixed(1)} s.`;
    document.body.dataset.seconds = seconds.toFixed(3);
    finish();
    ended = 'done';
  } catch (err) {
    if (stopped) ended = 'idle';
    status.textContent = stopped ? 'Stopped: nothing of this run is kept; the last finished run is what the table and the downloads hold.' : `The run failed: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearInterval(timer);
    (document.getElementById('stop') as HTMLButtonElement).disabled = true;
    running = false;
    validate();
    await draw();
    setState(ended);
  }
}

// -------------------------------------------------------------------------------------------------
// Charts and table

const views = new Map<string, EmbedResult>();
/** A drawing under way, which a later request waits for: the last request always draws the latest months. */
let drawing: Promise<void> = Promise.resolve();

async function embed(id: string, chart: Chart | undefined): Promise<void> {
  const target = document.getElementById(id)!;
  views.get(id)?.view.finalize();
  views.delete(id);
  if (!chart) {
    target.textContent = 'Nothing to draw yet.';
    return;
  }
  target.textContent = '';
  views.set(id, await vegaEmbed(target, chart.spec, { renderer: 'svg', actions: false }));
  document.getElementById(`${id}-caption`)!.textContent = chart.caption;
}

/** Redraws the two charts of the chosen metric from what has been simulated so far, after any drawing under way. */
function draw(): Promise<void> {
  drawing = drawing.then(async () => {
    if (!live) return;
    const metricName = (document.getElementById('metric') as HTMLSelectElement).value;
    const k = definition.metrics.findIndex((m) => m.name === metricName);
    const metric = definition.metrics[k]!;
    const ctx = { reps: live.scenario.reps, counting: countingOf(live.scenario), span: { first: live.scenario.start, last: live.scenario.end } };
    const series = [{ scenario: 'baseline', bands: metricBands(live.baseline, k) }, ...(live.same ? [] : [{ scenario: 'current settings', bands: metricBands(live.current, k) }])];
    await embed('chart-level', metricChart(metric, series, ctx));
    await embed('chart-difference', differenceChart(metric, differenceBands(live.baseline, live.current, k), { ...ctx, label: 'current settings − baseline' }));
  }).catch((err: unknown) => console.error('a chart could not be drawn:', err));
  return drawing;
}

function finish(): void {
  if (!last) return;
  const table = outcomeTable(last.baseline, last.current, countingOf(last.scenario));
  const head = el('tr', {}, ...table.columns.map((c) => el('th', { scope: 'col' }, c)));
  const body = table.rows.map((r) => el('tr', {}, ...r.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell)))));
  document.getElementById('outcomes')!.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)), ...table.notes.map((n) => el('p', { className: 'note' }, n)));
  for (const id of ['download-yaml', 'download-csv']) (document.getElementById(id) as HTMLButtonElement).disabled = false;
}

// -------------------------------------------------------------------------------------------------
// Downloads

function download(name: string, text: string, type: string): void {
  const a = el('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** The file name of a downloaded scenario: the name `homeward run` gives its outputs. */
const yamlName = () => `${baseline.name}-explore.yaml`;

function downloadYaml(): void {
  if (!last) return;
  const note = [
    `homeward explore: the settings of the page as changes to ${data.file}.`,
    `homeward run ${yamlName()} reproduces the page's numbers and its timeseries.csv byte for byte.`,
    'extends names the baseline by its absolute path on the machine that wrote the page; change it if the file moved.',
  ].join('\n');
  download(yamlName(), changesYaml(data.extends, baseline, last.settings, note), 'application/yaml');
}

function downloadCsv(): void {
  if (last) download('timeseries.csv', timeseriesCsv(last.current), 'text/csv');
}

// -------------------------------------------------------------------------------------------------
// A search front

function loadFront(entries: readonly FrontEntry[]): void {
  const list = document.getElementById('front-members')!;
  const items = entries.map((entry) => {
    const objectives = [...entry.objectives].map(([name, v]) => `${name} ${Number.isFinite(v) ? v.toLocaleString('en-US', { maximumSignificantDigits: 4 }) : 'n/a'}`).join(' · ');
    const name = entry.candidate === 'base' ? 'the base package' : `member ${entry.candidate}`;
    const button = el('button', { type: 'button', className: 'member' }, `Load ${name}`);
    button.setAttribute('aria-describedby', `member-${entry.candidate}`);
    button.addEventListener('click', () => {
      for (const [path, value] of entry.levers) {
        values.set(path, value);
        setters.get(path)?.(value);
      }
      validate();
      markChanged();
      document.getElementById('front-note')!.textContent = `Loaded the levers of ${name}: ${[...entry.levers].map(([p, v]) => `${p}=${v}`).join(', ')}.`;
    });
    return el('li', {}, button, ' ', el('span', { id: `member-${entry.candidate}` }, `${objectives}${entry.feasible ? '' : ' (infeasible)'}`));
  });
  list.replaceChildren(...items);
}

async function openFront(file: File): Promise<void> {
  const parsed = parseFront(await file.text());
  const note = document.getElementById('front-note')!;
  if ('message' in parsed) {
    note.textContent = `${file.name}: ${parsed.message}`;
    return;
  }
  note.textContent = `${file.name}: ${parsed.length} rows. Means are on the search's fresh seeds.`;
  loadFront(parsed);
}

// -------------------------------------------------------------------------------------------------
// The page

function build(): void {
  document.getElementById('baseline')!.textContent = `${data.file} (${baseline.name}: ${baseline.start} to ${baseline.end})`;
  document.getElementById('run-controls')!.append(...controls.run.map((c) => controlRow(c, false)));
  document.getElementById('levers')!.append(...controls.levers.map((c) => controlRow(c, true)));
  if (controls.leversLeftOut.length > 0) {
    document.getElementById('levers-note')!.textContent = `Levers that are timelines are not sliders here (no range to slide over): ${controls.leversLeftOut.join(', ')}. Set them in the scenario file.`;
  }
  document.getElementById('uncertainties')!.append(
    ...controls.uncertainties.map((g) => el('details', {}, el('summary', {}, `${g.key}: ${g.controls.length} ${g.controls.length === 1 ? 'uncertainty' : 'uncertainties'} — ${g.doc}`), ...g.controls.map((c) => controlRow(c, true)))),
  );
  // The page's own starting run, small enough to answer in seconds (the baseline file's agents and reps may be large).
  for (const [path, value] of [
    ['population.agents', data.agents],
    ['reps', data.reps],
  ] as const) {
    values.set(path, value);
    setters.get(path)!(value);
  }
  const metric = document.getElementById('metric') as HTMLSelectElement;
  metric.append(...HEADLINE_METRICS.map((m) => el('option', { value: m }, `${metricLabel(m)} (${m})`)));
  metric.value = 'returned_stock';
  metric.addEventListener('change', () => void draw());
  document.getElementById('run')!.addEventListener('click', () => void run());
  document.getElementById('stop')!.addEventListener('click', () => {
    stopped = true;
    pool.stop();
  });
  document.getElementById('download-yaml')!.addEventListener('click', downloadYaml);
  document.getElementById('download-csv')!.addEventListener('click', downloadCsv);
  const front = document.getElementById('front-file') as HTMLInputElement;
  front.addEventListener('change', () => {
    const file = front.files?.[0];
    if (file) void openFront(file);
  });
  validate();
  markChanged();
  setState('idle');
}

build();

/** What the replications of a run are: `2 replications each of the baseline and the current settings`. */
function runsOf(sides: readonly ('baseline' | 'current')[]): string {
  const of = (side: 'baseline' | 'current') => sides.filter((s) => s === side).length;
  const [b, c] = [of('baseline'), of('current')];
  const reps = (n: number) => `${n} replication${n === 1 ? '' : 's'}`;
  if (b > 0 && c > 0) return b === c ? `${reps(b)} each of the baseline and the current settings` : `${reps(b)} of the baseline, ${reps(c)} of the current settings`;
  return b > 0 ? `${reps(b)} of the baseline` : `${reps(c)} of the current settings`;
}
