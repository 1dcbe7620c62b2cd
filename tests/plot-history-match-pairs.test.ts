// The history-match pairs plot, drawn by vega-lite and vega in Node for 2 to 7 free parameters: every panel's
// points are the pair its axes name. (A row × column facet once put most panels under the wrong names: it fills its
// cells in order and skips the empty ones of the triangle.)
import { runView } from './support/vega.js';
import { describe, expect, it } from 'vitest';
import type { HistoryMatchData } from '../src/output/read-history-match.js';
import { historyMatchCharts } from '../src/plot/history-match.js';

/** Parameter paths of several lengths: short ones stay on one line, long ones break at their last dot. */
const PATHS = ['decision.intercept', 'platform.popularity', 'information.media.reach_share', 'ties.strength', 'creators.cost.monthly_base', 'memory.decay', 'income.home.growth_rate'];

/** A history match over the first k paths: two waves of runs and a final check, values from a seeded generator. */
function matchOf(k: number): HistoryMatchData {
  let state = 12345 + k;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const free = PATHS.slice(0, k).map((path, j) => ({ path, low: -j - 1, high: j + 2, scenario: 0 }));
  const point = () => free.map((f) => f.low + random() * (f.high - f.low));
  const runs = [1, 1, 1, 2, 2, 2, 0, 0, 0].map((stage) => ({ stage, values: point() }));
  const checked = runs.filter((r) => r.stage === 0).map((r, i) => ({ values: r.values, decisive: i, nonImplausible: i < 2, member: i === 0 ? 1 : undefined, passed: 3 - i, targets: 3 }));
  const wave = (w: number) => ({ wave: w, runs: 3, volumeBefore: 1 / w, volumeAfter: 0.5 / w, varianceRatio: 0.1, emulatorsUsed: 3, targets: 3 });
  return {
    kind: 'history-match',
    dir: 'test',
    scenario: undefined as never, // the pairs plot does not read the scenario
    targetsFile: 'targets.yaml',
    reps: 2,
    cutoff: 3,
    stopped: 'max-waves',
    free,
    waves: [wave(1), wave(2)],
    runs,
    checked,
  };
}

interface SceneItem {
  readonly items?: readonly SceneMark[];
  readonly datum?: Readonly<Record<string, unknown>>;
  readonly text?: string | readonly string[];
  readonly angle?: number;
}
interface SceneMark {
  readonly marktype: string;
  readonly role?: string;
  readonly items: readonly SceneItem[];
}

interface PanelRead {
  /** The x axis title, the y axis title (undefined where the row names it once, at its left). */
  readonly x: string | undefined;
  readonly y: string | undefined;
  /** The column and row of every point drawn in the panel, as the data says. */
  readonly points: readonly { column: string; row: string }[];
  /** The row (hconcat) the panel is in. */
  readonly row: SceneItem;
}

const textOf = (t: string | readonly string[] | undefined) => (t === undefined ? undefined : typeof t === 'string' ? t : t.join(''));

/** Every panel of the rendered chart: a group holding a symbol mark of data. */
function panelsOf(root: SceneMark): PanelRead[] {
  const panels: PanelRead[] = [];
  const visit = (item: SceneItem, parent: SceneItem | undefined) => {
    const marks = item.items ?? [];
    const symbols = marks.find((m) => m.marktype === 'symbol' && m.role === 'mark');
    if (symbols) {
      let x: string | undefined;
      let y: string | undefined;
      for (const axis of marks.filter((m) => m.role === 'axis')) {
        for (const a of axis.items) {
          const title = (a.items ?? []).find((m) => m.role === 'axis-title')?.items[0];
          if (!title) continue;
          if ((title.angle ?? 0) === 0) x = textOf(title.text);
          else y = textOf(title.text);
        }
      }
      panels.push({ x, y, points: symbols.items.map((s) => ({ column: String(s.datum!['column']), row: String(s.datum!['row']) })), row: parent! });
      return;
    }
    for (const m of marks) if (m.marktype === 'group') for (const child of m.items) visit(child, item);
  };
  for (const item of root.items) visit(item, undefined);
  return panels;
}

describe('history-match pairs plot', () => {
  for (let k = 2; k <= 7; k++) {
    it(`${k} free parameters: each panel's axes name the pair its points are`, async () => {
      const data = matchOf(k);
      const pairs = historyMatchCharts(data).charts.find((c) => c.name === 'history-match-pairs')!;
      const { view, warnings } = await runView(pairs.spec);
      const panels = panelsOf((view.scenegraph() as unknown as { root: SceneMark }).root);
      view.finalize();
      expect(warnings).toEqual([]);

      // At most 6 parameters are drawn (the caption names the choice): every pair of them once.
      const shown = Math.min(k, 6);
      expect(panels).toHaveLength((shown * (shown - 1)) / 2);
      const seen = new Set<string>();
      const rows = new Map<SceneItem, string>();
      for (const p of panels) {
        if (p.y !== undefined) rows.set(p.row, p.y);
      }
      for (const p of panels) {
        const rowName = rows.get(p.row);
        expect(rowName, 'each row names its parameter once').toBeDefined();
        expect(p.x).toBeDefined();
        expect(p.x).not.toBe(rowName);
        // Every point drawn belongs to the pair the panel's axes name: one point per run.
        expect(p.points).toHaveLength(data.runs.length);
        for (const pt of p.points) expect(pt).toEqual({ column: p.x, row: rowName });
        seen.add([p.x, rowName].sort().join(' & '));
      }
      expect(seen.size).toBe(panels.length);
      expect(rows.size).toBe(shown - 1);
    });
  }
});
