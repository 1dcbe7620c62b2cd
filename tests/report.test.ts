// `homeward report` end to end: the HTML page is self-contained, and opens in real headless Chromium (Debian's,
// driven by playwright-core) with no console errors, every chart drawn, and tooltips. Screenshots are kept in
// test-artifacts/ for a person to look at. Without Chromium the browser tests are skipped, with a line saying so.
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, removeDir, requireBuild, tempDir } from './support/cli.js';
import { inProcess } from './support/in-process.js';
import { makeComparison, makeRun, makeSweep, notesBesideSpending } from './support/outputs.js';
import { CHROMIUM, needs } from './support/system.js';

const TIMEOUT = 180_000;
const HAS_CHROMIUM = needs('chromium', import.meta.url);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(ROOT, 'test-artifacts');

let dir: string;
let profile: string;
let browser: BrowserContext;
const reports: Record<'run' | 'comparison' | 'sweep' | 'check' | 'calibration', string> = { run: '', comparison: '', sweep: '', check: '', calibration: '' };
/** Charts in each report at least (a check has one, a calibration three). */
const FIGURES = { run: 11, comparison: 11, sweep: 7, check: 1, calibration: 3 } as const;

async function report(outputDir: string, out?: string): Promise<string> {
  const ran = await inProcess(['report', outputDir, ...(out ? ['--out', out] : [])]);
  expect(notesBesideSpending(ran.stderr)).toBe('');
  expect(ran.code).toBe(0);
  const file = out ?? join(outputDir, 'report.html');
  expect(ran.stdout).toBe(file + '\n');
  return file;
}

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  const run = await makeRun(dir, join(dir, 'out'), 'base');
  reports.run = await report(run, join(dir, 'elsewhere', 'base-report.html'));
  const cmp = join(dir, 'compare');
  await makeComparison(dir, cmp, [{ name: 'reference' }, { name: 'no-training', extra: 'policies:\n  training:\n    seats: 0\n' }]);
  reports.comparison = await report(cmp);
  const sweep = join(dir, 'sweep');
  await makeSweep(sweep, run, [
    { path: 'policies.training.seats', values: [0, 1500, 3000] },
    { path: 'policies.loans.amount', values: [0, 50000, 100000] },
  ]);
  reports.sweep = await report(sweep);
  // A check and a calibration write their report themselves, from the files they wrote.
  const small = ['--agents', '2000', '--reps', '2', '--threads', '1', '--quiet', '--out', join(dir, 'targets')];
  const checked = await inProcess(['check', 'scenarios/test-small.yaml', '--targets', 'scenarios/targets/qingyang.yaml', ...small]);
  expect(checked.stderr).toBe(''); // exit 1 when a target fails: a result, not an error
  reports.check = join(dir, 'targets', 'test-small-check', 'report.html');
  const calibrated = await inProcess(['calibrate', 'scenarios/test-small.yaml', '--targets', 'scenarios/targets/qingyang.yaml', '--free', 'decision.intercept=-9:-6', '--budget', '5', ...small]);
  expect(calibrated.code, calibrated.stderr).toBe(0);
  reports.calibration = join(dir, 'targets', 'test-small-calibrate', 'report.html');
  if (!HAS_CHROMIUM) return;

  await mkdir(ARTIFACTS, { recursive: true });
  profile = await mkdtemp(join(tmpdir(), 'homeward-chromium-'));
  // A far-west time zone: a month read as local time would slip into the month before.
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'America/Los_Angeles',
  });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await removeDir(dir);
});

describe('the report file', { timeout: TIMEOUT }, () => {
  it('is one self-contained page: scripts inline, nothing fetched from anywhere', async () => {
    const html = await readFile(reports.run, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
    expect(html).toContain('/* vega 6.4.0 */');
    expect(html).toContain('/* vega-lite 6.4.3 */');
    expect(html).toContain('/* vega-embed 7.3.0 */');
  });

  it('holds the key parameters, the headline numbers and a figure per chart', async () => {
    const html = await readFile(reports.run, 'utf8');
    for (const text of ['2015-01 to 2022-12 (96 months)', '5,000 (one per 100 of 500,000 emigrants)', 'policies.training', 'Returns over the run', 'Government spending over the run']) {
      expect(html).toContain(text);
    }
    expect(html.match(/<figure /g)).toHaveLength(13);
    const cmp = await readFile(reports.comparison, 'utf8');
    expect(cmp).toContain('reference (reference)');
    expect(cmp).toMatch(/<tr class="differs"><th scope="row">policies\.training<\/th>/);
    expect(cmp).toContain('Δ ');
    // The costs per person, said to be on net spending, and (3 replications) how little an interval says.
    expect(cmp).toContain('Net spending per additional returnee at home at the end');
    expect(cmp).toContain('gov_spending_net_total (spending less the loan instalments repaid, so repaid principal is not a cost)');
    expect(cmp).toContain('With 3 replications the 95% interval is 4.3 standard errors wide on each side');
  });
});

describe.skipIf(!HAS_CHROMIUM)('the report in headless Chromium', { timeout: TIMEOUT }, () => {
  for (const kind of ['run', 'comparison', 'sweep', 'check', 'calibration'] as const) {
    it(`${kind}: opens offline with no console errors and draws every chart`, async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        problems.push(`request: ${url}`);
        return route.abort();
      });
      try {
        await page.goto(`file://${reports[kind]}`);
        await page.waitForSelector('body[data-rendered], body[data-failed]', { timeout: 60_000 });
        expect(await page.getAttribute('body', 'data-failed')).toBeNull();
        const figures = await page.locator('figure').count();
        expect(figures).toBeGreaterThanOrEqual(FIGURES[kind]);
        expect(await page.getAttribute('body', 'data-rendered')).toBe(String(figures));
        const charts = page.locator('.chart svg.marks');
        expect(await charts.count()).toBe(figures);
        for (let i = 0; i < figures; i++) {
          const box = await charts.nth(i).boundingBox();
          expect(box?.width).toBeGreaterThan(200);
          expect(box?.height).toBeGreaterThan(150);
          expect(await charts.nth(i).locator('.role-mark path, .role-mark line, .role-mark rect').count()).toBeGreaterThan(0);
        }
        const shot = join(ARTIFACTS, `report-${kind}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        expect((await stat(shot)).size).toBeGreaterThan(50_000);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }

  it('months keep their month in any time zone, and hovering a chart shows its tooltip', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`file://${reports.run}`);
      await page.waitForSelector('body[data-rendered]', { timeout: 60_000 });
      const chart = page.locator('#metric-returns .chart svg.marks');
      const labels = await chart.locator('.role-axis-label text').allTextContents();
      expect(labels).toContain('2016');
      expect(labels).not.toContain('2014');
      await chart.scrollIntoViewIfNeeded(); // the mouse only reaches what is on screen
      const box = (await chart.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.55);
      const tooltip = page.locator('#vg-tooltip-element.visible');
      await tooltip.waitFor({ timeout: 10_000 });
      const text = await tooltip.textContent();
      expect(text).toContain('returns (mean)');
      expect(text).toMatch(/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) 20\d\d/);
      await page.screenshot({ path: join(ARTIFACTS, 'report-tooltip.png'), clip: { x: box.x, y: box.y, width: box.width, height: box.height } });
    } finally {
      await page.close();
    }
  });
});
