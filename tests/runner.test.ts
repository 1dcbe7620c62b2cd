// The command runner's rules in-process: when a log gets a progress line (every tenth of the work or every minute,
// whichever comes first, on an injected clock; the minute's line also while nothing finishes), and the order --sort gives a table's rows.
import { describe, expect, it, vi } from 'vitest';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { createProgress, LINE_EVERY_MS, ProgressLines, progressMode } from '../src/cli/progress.js';
import { byScenarioMean, checkSort, descending } from '../src/cli/tables.js';
import { UsageError } from '../src/scenario/errors.js';

/** A clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('progress lines in a log', () => {
  it('one line at each further tenth of the work, however many updates fall within a tenth', () => {
    const c = clock();
    const rule = new ProgressLines(1000, c.now);
    const due: number[] = [];
    for (let done = 1; done <= 1000; done++) if (rule.due(done)) due.push(done);
    expect(due).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('a work that jumps several tenths at once gets one line, not one per tenth passed', () => {
    const rule = new ProgressLines(100, clock().now);
    expect(rule.due(35)).toBe(true);
    expect(rule.due(39)).toBe(false);
    expect(rule.due(40)).toBe(true);
  });

  it('within a tenth, a line once a minute has passed since the last one: the minute comes first', () => {
    const c = clock();
    const rule = new ProgressLines(1000, c.now);
    expect(rule.due(10)).toBe(false);
    c.advance(LINE_EVERY_MS - 1);
    expect(rule.due(20)).toBe(false);
    c.advance(1);
    expect(rule.due(30)).toBe(true); // a minute since the start, 3% done
    c.advance(30_000);
    expect(rule.due(40)).toBe(false); // half a minute since that line
    expect(rule.due(100)).toBe(true); // the first tenth comes before the next minute
    c.advance(LINE_EVERY_MS);
    expect(rule.due(101)).toBe(true);
  });

  it('the minute counts from the last line, whichever rule printed it', () => {
    const c = clock();
    const rule = new ProgressLines(10, c.now);
    c.advance(50_000);
    expect(rule.due(1)).toBe(true); // a tenth
    c.advance(50_000);
    expect(rule.due(1)).toBe(false); // 100 s since the start, 50 s since the line
    c.advance(10_000);
    expect(rule.due(1)).toBe(true);
  });

  it('a log gets its line every minute while nothing finishes (a job waiting in the SLURM queue), and none after stop', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    try {
      const progress = createProgress('lines', 4, 12);
      progress.update(12); // one of four reps: a quarter, past two tenths
      expect(lines).toHaveLength(1);
      vi.advanceTimersByTime(LINE_EVERY_MS - 1);
      expect(lines).toHaveLength(1);
      vi.advanceTimersByTime(1); // a minute without progress
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^progress: 25% \| 1\/4 reps \| 1m00s \| ETA 3m00s\n$/);
      vi.advanceTimersByTime(LINE_EVERY_MS);
      expect(lines).toHaveLength(3);
      progress.stop();
      vi.advanceTimersByTime(10 * LINE_EVERY_MS);
      expect(lines).toHaveLength(3);
    } finally {
      write.mockRestore();
      vi.useRealTimers();
    }
  });

  it('a bar on a terminal, lines elsewhere, nothing with --quiet', () => {
    expect(progressMode(false, true)).toBe('bar');
    expect(progressMode(false, false)).toBe('lines');
    expect(progressMode(true, true)).toBe('off');
    expect(progressMode(true, false)).toBe('off');
  });
});

describe('--sort', () => {
  it('rows by mean, highest first; rows without a mean last; ties keep their order', () => {
    expect(descending([3, 9, NaN, 9, 1])).toEqual([1, 3, 0, 4, 2]);
  });

  it('a comparison: the scenarios in the order of the sorted outcome, in every outcome', () => {
    const [a, b] = OUTCOMES;
    const rows = [
      { outcome: a!.name, scenario: 'ref', mean: 1 },
      { outcome: a!.name, scenario: 'x', mean: 5 },
      { outcome: a!.name, scenario: 'y', mean: 3 },
      { outcome: b!.name, scenario: 'ref', mean: 9 },
      { outcome: b!.name, scenario: 'x', mean: 0 },
      { outcome: b!.name, scenario: 'y', mean: 4 },
    ];
    const order = byScenarioMean(rows, 1, (r) => r.mean); // by b: ref 9, y 4, x 0
    expect(order(rows).map((r) => `${r.outcome === a!.name ? 'a' : 'b'}:${r.scenario}`)).toEqual(['a:ref', 'b:ref', 'a:y', 'b:y', 'a:x', 'b:x']);
  });

  it('an unknown outcome is a usage error naming it and listing the outcomes', () => {
    expect(checkSort(undefined)).toBeUndefined();
    expect(checkSort(OUTCOMES[2]!.name)).toBe(2);
    expect(() => checkSort('returns')).toThrow(UsageError);
    expect(() => checkSort('returns')).toThrow(new RegExp(`unknown outcome "returns"; the outcomes are ${OUTCOMES.map((o) => o.name).join(', ')}`));
  });
});
