// `homeward explore`: the page's closure is browser-safe; the functions the page calls give the CLI's numbers (in
// Node, in-process); and the page itself, in Debian's Chromium from disk with the network blocked: a slider moved with
// the keyboard, a small run, the charts, the downloads reproduced byte for byte by `homeward run`, a search front
// loaded, every control reachable by Tab and labelled. Screenshots go to test-artifacts/ (gitignored) for a person
// to look at. Without Chromium the browser tests are skipped, with a line saying so.
import { builtinModules } from 'node:module';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../src/engine/simulate.js';
import { repSeeds } from '../src/engine/seeds.js';
import { bundle, writeAssets } from '../src/explore/build.js';
import { exploreControls } from '../src/explore/controls.js';
import { parseFront } from '../src/explore/front.js';
import { timeseriesCsv } from '../src/explore/results.js';
import { changesYaml, scenarioWith, type Value } from '../src/explore/settings.js';
import { definition } from '../src/model/definition.js';
import { rangedParameters } from '../src/scenario/describe.js';
import { loadScenario } from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';
import { homeward, removeDir, requireBuild, ROOT, start, tempDir } from './support/cli.js';
import { inProcess, inProcessOk } from './support/in-process.js';
import { CHROMIUM, needs } from './support/system.js';

const TIMEOUT = 180_000;
const HAS_CHROMIUM = needs('chromium', import.meta.url);
const ARTIFACTS = join(ROOT, 'test-artifacts');
const BASELINE = 'scenarios/qingyang.yaml';

let dir: string;
let baseline: Scenario;
let page: string;

beforeAll(async () => {
  requireBuild();
  // The page's scripts as `npm run build` bundles them, fresh from the sources under test.
  await writeAssets();
  dir = await tempDir();
  baseline = (await loadScenario(BASELINE)).scenario;
  page = join(dir, 'page', 'explore.html');
  const written = await inProcessOk(['explore', BASELINE, '--out', page]);
  expect(written.stdout).toBe(page + '\n');
}, TIMEOUT);

afterAll(() => removeDir(dir));

/** A scenario file written by the page's function, run by the CLI in-process: its timeseries.csv. */
async function cliTimeseries(yaml: string, name: string, flags: readonly string[] = []): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(file, yaml);
  await inProcessOk(['run', file, '--quiet', '--no-plot', '--threads', '1', '--out', join(dir, 'runs'), ...flags]);
  return readFile(join(dir, 'runs', name, 'timeseries.csv'), 'utf8');
}

describe('the page\'s scripts', () => {
  it('bundle for the browser with nothing of Node: the model, the schema, the engine and the writers of the CLI inside', async () => {
    const builtins = new Set(builtinModules);
    const holds = {
      worker: ['src/engine/simulate.ts', 'src/model/definition.ts', 'src/model/step-persons.ts'],
      page: ['src/scenario/validate.ts', 'src/engine/seeds.ts', 'src/output/run-tables.ts', 'src/analysis/summary.ts', 'src/analysis/paired.ts', 'src/analysis/costs.ts', 'src/plot/timeseries.ts'],
    };
    for (const asset of ['page', 'worker'] as const) {
      // esbuild (platform browser) fails on an import of node:* or of a Node module; the inputs name what it took.
      const { code, inputs } = await bundle(asset);
      expect(inputs.filter((i) => i.startsWith('node:') || builtins.has(i.split('/')[0]!))).toEqual([]);
      for (const file of holds[asset]) expect(inputs).toContain(file);
      expect(code.length).toBeGreaterThan(10_000);
    }
  });
});

describe('the page\'s functions, in Node', () => {
  const changes = new Map<string, Value>([
    ['population.agents', 1000],
    ['reps', 2],
    ['seed', 3],
    ['end', '2016-06'],
    ['policies.training.seats', 2500],
    ['platform.popularity', 1.3],
    ['policies.loans.start', '2015-06'],
    ['policies.outreach.education', 'bachelor'],
    ['scale', 'county'],
    ['policies.loans.amount', 50000], // the baseline's value: not a change
  ]);

  it('give timeseries.csv byte for byte as homeward run gives it from the downloaded scenario, with or without the flags', { timeout: TIMEOUT }, async () => {
    const checked = scenarioWith(baseline, changes);
    if ('problems' in checked) throw new Error(JSON.stringify(checked.problems));
    const { scenario } = checked;
    const results = repSeeds(scenario.seed, scenario.reps).map((seed, rep) => simulate(definition, scenario, { rep, seed }));
    const csv = timeseriesCsv(results);
    expect(csv.split('\n')).toHaveLength(2 * 18 + 2); // header, 2 reps × 18 months, final newline
    const yaml = changesYaml(resolve(BASELINE), baseline, changes, 'a test');
    expect(yaml).toBe(
      `# a test\nextends: ${resolve(BASELINE)}\npopulation:\n  agents: 1000\nreps: 2\nseed: 3\nend: 2016-06\npolicies:\n  training:\n    seats: 2500\n  loans:\n    start: 2015-06\n  outreach:\n    education: bachelor\nplatform:\n  popularity: 1.3\nscale: county\n`,
    );
    expect(await cliTimeseries(yaml, 'page-settings')).toBe(csv);
    // The flags of `homeward run` set the same keys.
    const levers = new Map([...changes].filter(([path]) => !['population.agents', 'reps', 'seed', 'scale'].includes(path)));
    const flags = ['--agents', '1000', '--reps', '2', '--seed', '3', '--scale', 'county'];
    expect(await cliTimeseries(changesYaml(resolve(BASELINE), baseline, levers, 'levers only'), 'page-levers', flags)).toBe(csv);
  });

  it('say what the schema says of a bad value, at its key, as homeward validate does', async () => {
    const bad = scenarioWith(baseline, new Map<string, Value>([['policies.training.seats', -5], ['platform.popularity', 'lots']]));
    expect('problems' in bad && bad.problems.map((p) => p.path)).toEqual(['platform.popularity', 'policies.training.seats']);
    const validated = await inProcess(['validate', BASELINE, '--set', 'policies.training.seats=-5']);
    expect(validated.code).toBe(2);
    const seats = 'problems' in bad ? bad.problems.find((p) => p.path === 'policies.training.seats')! : undefined;
    expect(validated.stderr).toContain(seats!.message);
  });

  it('refuse, at population.agents, a replication too big for a browser worker, and take one that fits', () => {
    // The baseline needs about 0.2 GiB per million agents beside 0.3 GiB for the process: 20 million is over 2 GiB
    // (a county of 20 million emigrants: agents may not outnumber them).
    const big = scenarioWith(baseline, new Map<string, Value>([['population.emigrants', 20_000_000], ['population.agents', 20_000_000]]));
    expect('problems' in big && big.problems.map((p) => [p.path, p.message.replace(/[\d.,]+ GiB/g, 'N GiB')])).toEqual([
      ['population.agents', '20,000,000 agents need about N GiB for one replication, more than the N GiB the page allows a worker: lower population.agents, or run the scenario with homeward run'],
    ]);
    expect('scenario' in scenarioWith(baseline, new Map<string, Value>([['population.agents', 400_000]]))).toBe(true);
  });

  it('offer every lever with a search range, month or option, and every uncertainty with a plausible range, at the schema\'s ranges', () => {
    const controls = exploreControls(baseline);
    const seats = controls.levers.find((c) => c.path === 'policies.training.seats')!;
    expect([seats.low, seats.high, seats.kind, seats.unit]).toEqual([0, 3000, 'integer', 'seats/month']);
    expect(controls.levers.find((c) => c.path === 'policies.outreach.education')?.options).toContain('college');
    expect(controls.levers.find((c) => c.path === 'policies.loans.start')?.kind).toBe('month');
    expect(controls.leversLeftOut).toEqual(['county.network_coverage', 'county.amenities', 'policies.budget']);
    const uncertain = controls.uncertainties.flatMap((g) => g.controls.map((c) => c.path));
    expect(uncertain).toEqual(rangedParameters('uncertainty').map((r) => r.path));
    expect(controls.run.map((c) => c.path)).toEqual(['population.agents', 'reps', 'seed', 'scale']);
  });

  it('read a search front: its members and their levers', () => {
    const front = parseFront('candidate,policies.training.seats,policies.loans.start,person_years_home,person_years_home_fresh,feasible_fresh\nbase,1500,2017-01,1,2,true\n3,558,2019-05,1,3,false\n');
    expect(Array.isArray(front) && front.map((m) => [m.candidate, [...m.levers], [...m.objectives], m.feasible])).toEqual([
      ['base', [['policies.training.seats', 1500], ['policies.loans.start', '2017-01']], [['person_years_home', 2]], true],
      ['3', [['policies.training.seats', 558], ['policies.loans.start', '2019-05']], [['person_years_home', 3]], false],
    ]);
    expect(parseFront('rep,month\n0,2015-01\n')).toEqual({ message: 'not a front.csv of homeward search: its first column is not "candidate"' });
    // The CLI's CSV parser: a copy saved by a spreadsheet (byte-order mark, CRLF) reads the same; a cut row is named.
    const text = 'candidate,policies.training.seats,person_years_home,person_years_home_fresh\nbase,1500,1,2\n';
    expect(parseFront(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toEqual(parseFront(text));
    expect(parseFront(`${text}3,558\n`)).toEqual({ message: 'front.csv:3: 2 fields, the header has 4 (a row cut short or joined?)' });
  });
});

describe('homeward explore on the command line', () => {
  it('writes one self-contained page: scripts inline, nothing fetched from anywhere', async () => {
    const html = await readFile(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    for (const b of ['vega 6.4.0', 'vega-lite 6.4.3', 'vega-embed 7.3.0']) expect(html).toContain(`/* ${b} */`);
    expect(html).toContain(`"extends":${JSON.stringify(resolve(BASELINE))}`);
  });

  it('refuses --port without --serve and a bad scenario, exit 2', async () => {
    const port = await homeward(['explore', '--port', '8080']);
    expect([port.code, port.stderr]).toEqual([2, "error: --port applies to --serve\nRun 'homeward --help' for usage.\n"]);
    const missing = await inProcess(['explore', join(dir, 'none.yaml'), '--out', join(dir, 'x.html')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.yaml');
  });

  it('--serve serves the page on 127.0.0.1 until SIGINT', { timeout: TIMEOUT }, async () => {
    const served = start(['explore', BASELINE, '--serve']);
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        served.child.stdout!.on('data', (d: string) => {
          out += d;
          if (out.includes('\n')) ok(out.trim());
        });
        void served.done.then((r) => fail(new Error(`ended: ${r.stderr}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(await readFile(page, 'utf8'));
      expect((await fetch(url + 'other')).status).toBe(404);
      served.child.kill('SIGINT');
      const ended = await served.done;
      expect([ended.code, ended.stderr]).toEqual([0, 'Serving the explore page on 127.0.0.1 only; Ctrl-C stops.\n']);
    } finally {
      served.child.kill('SIGKILL');
    }
  });
});

/** The focused control, as tests/support/browser/controls.ts reports it inside the page. */
interface Focused {
  readonly key: string;
  readonly tag: string;
  readonly name: string;
  readonly open: boolean;
}

/**
 * A test's own code for inside the page, bundled as one script that sets the global `name`: it is typed with the
 * DOM in its folder's tsconfig, which the Node program (and so this file) never sees.
 */
async function browserScript(file: string, name: string): Promise<string> {
  const result = await build({ entryPoints: [join(ROOT, file)], bundle: true, platform: 'browser', format: 'iife', globalName: name, write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

describe.skipIf(!HAS_CHROMIUM)('the page in headless Chromium', { timeout: TIMEOUT }, () => {
  let browser: Browser;
  let tab: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    tab = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Offline: the file itself, the workers' Blob URL and downloads; any other request fails the test.
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(file|blob|data):/.test(url)) return route.continue();
      problems.push(`request: ${url}`);
      return route.abort();
    });
    await tab.goto(`file://${page}`);
    await tab.waitForSelector('body[data-state=idle]');
    await tab.addScriptTag({ content: await browserScript('tests/support/browser/controls.ts', 'controls') });
  }, TIMEOUT);

  afterAll(() => browser?.close());

  async function save(button: string, file: string): Promise<string> {
    const [download] = await Promise.all([tab.waitForEvent('download'), tab.click(button)]);
    await download.saveAs(file);
    return readFile(file, 'utf8');
  }

  it('says what the schema says of a typed bad value beside the field, and will not run it', async () => {
    await tab.fill('#field-policies-training-seats', '-5');
    await expect.poll(() => tab.textContent('#problem-policies-training-seats')).toContain('at least 0');
    expect(await tab.isDisabled('#run')).toBe(true);
    await tab.fill('#field-policies-training-seats', '1500');
    expect(await tab.textContent('#problem-policies-training-seats')).toBe('');
    expect(await tab.isDisabled('#run')).toBe(false);
  });

  it('runs a slider moved with the keyboard against the baseline, draws the charts, and its downloads reproduce through homeward run', async () => {
    await tab.fill('#field-population-agents', '2000');
    await tab.fill('#field-reps', '2');
    await tab.fill('#field-seed', '5');
    await tab.focus('#slider-policies-training-seats');
    for (let i = 0; i < 5; i++) await tab.keyboard.press('ArrowRight');
    expect(await tab.inputValue('#field-policies-training-seats')).toBe('1750'); // 1500 + 5 steps of 50
    await tab.keyboard.press('Tab'); // to the field; Enter on Run below
    await tab.focus('#run');
    await tab.keyboard.press('Enter');
    await tab.waitForSelector('body[data-state=done]', { timeout: 120_000 });
    expect(await tab.locator('#chart-level svg.marks').count()).toBe(1);
    expect(await tab.locator('#chart-difference svg.marks').count()).toBe(1);
    expect(await tab.locator('#chart-level .role-mark path').count()).toBeGreaterThan(0);
    const rows = await tab.locator('#outcomes tbody tr').allTextContents();
    expect(rows.some((r) => r.startsWith('net_spending_per_additional_returnee_at_end'))).toBe(true);
    expect(await tab.textContent('#outcomes')).toContain('one agent stands for 250 persons');
    await tab.screenshot({ path: join(ARTIFACTS, 'explore-run.png'), fullPage: false });
    expect((await stat(join(ARTIFACTS, 'explore-run.png'))).size).toBeGreaterThan(50_000);

    const yaml = await save('#download-yaml', join(dir, 'qingyang-explore.yaml'));
    expect(yaml).toContain(`extends: ${resolve(BASELINE)}\npopulation:\n  agents: 2000\nreps: 2\nseed: 5\npolicies:\n  training:\n    seats: 1750\n`);
    const csv = await save('#download-csv', join(dir, 'page-timeseries.csv'));
    expect(await cliTimeseries(yaml, 'qingyang-explore')).toBe(csv);
    expect(problems).toEqual([]);
  });

  it('stops a run with the Stop button, keeping the last finished run for the downloads', async () => {
    await tab.fill('#field-reps', '20');
    await tab.click('#run');
    await tab.waitForSelector('body[data-state=running]');
    await tab.click('#stop');
    await tab.waitForSelector('body[data-state=idle]');
    expect(await tab.textContent('#status')).toMatch(/^Stopped/);
    expect(await tab.isDisabled('#download-csv')).toBe(false);
    await tab.fill('#field-reps', '2');
  });

  it('opens a front written by homeward search and loads a member\'s levers with the keyboard', async () => {
    const search = ['--lever', 'policies.training.seats', '--lever', 'policies.loans.amount', '--maximise', 'person_years_home', '--minimise', 'gov_spending_net_total'];
    await inProcessOk(['search', BASELINE, ...search, '--population', '4', '--generations', '0', '--agents', '1000', '--months', '12', '--reps', '1', '--threads', '1', '--quiet', '--no-plot', '--out', join(dir, 'search')]);
    const front = join(dir, 'search', 'qingyang-search', 'front.csv');
    const member = (await readFile(front, 'utf8')).split('\n').map((l) => l.split(',')).find((r) => r[0] !== 'candidate' && r[0] !== 'base' && r[1] !== '1500')!;
    await tab.setInputFiles('#front-file', front);
    await tab.waitForSelector('#front-members button');
    await tab.getByRole('button', { name: `Load member ${member[0]}` }).focus();
    await tab.keyboard.press('Enter');
    expect(await tab.inputValue('#field-policies-training-seats')).toBe(member[1]);
    expect(await tab.inputValue('#field-policies-loans-amount')).toBe(member[2]);
    expect(await tab.textContent('#changed')).toContain('policies.training.seats');
    await tab.screenshot({ path: join(ARTIFACTS, 'explore-front.png'), fullPage: false });
  });

  it('every control is reached by Tab and has a label, the uncertainties opened with the keyboard', async () => {
    const reached = new Set<string>();
    const unlabelled: string[] = [];
    // From the first control, Tab after Tab to the end of the page (where focus leaves it for the browser's own).
    await tab.focus('#field-population-agents');
    for (let i = 0; i < 2000; i++) {
      const focused = (await tab.evaluate('controls.focusedControl()')) as Focused | undefined;
      if (!focused || reached.has(focused.key)) break;
      reached.add(focused.key);
      if (focused.name === '') unlabelled.push(focused.key);
      if (focused.tag === 'SUMMARY' && !focused.open) await tab.keyboard.press('Enter');
      await tab.keyboard.press('Tab');
    }
    expect(unlabelled).toEqual([]);
    const all = (await tab.evaluate('controls.enabledControls()')) as string[];
    expect(all.filter((key) => !reached.has(key))).toEqual([]);
    expect(reached.size).toBe(all.length); // nothing else takes focus
    expect(all.length).toBeGreaterThan(250); // about 110 uncertainties and 17 levers, each a slider and a field
    await tab.screenshot({ path: join(ARTIFACTS, 'explore-keyboard.png'), fullPage: false });
    expect(problems).toEqual([]);
  });
});
