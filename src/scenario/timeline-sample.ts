import { parseMonth } from './month.js';
import type { Timeline } from './timeline.js';

// Apart from timeline.ts so that the model samples timelines without loading zod (worker start-up).

/** Evaluates a timeline at every month of [start, start + months), as a dense array the model indexes by step. */
export function sampleTimeline(timeline: Timeline, start: number, months: number): Float64Array {
  const out = new Float64Array(months);
  if (typeof timeline === 'number') return out.fill(timeline);
  const points = Object.entries(timeline.points)
    .map(([key, value]) => [parseMonth(key), value] as const)
    .sort((a, b) => a[0] - b[0]);
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let k = 0;
  for (let i = 0; i < months; i++) {
    const t = start + i;
    if (t <= first[0]) { out[i] = first[1]; continue; }
    if (t >= last[0]) { out[i] = last[1]; continue; }
    while (points[k + 1]![0] <= t) k++;
    const [t0, v0] = points[k]!;
    const [t1, v1] = points[k + 1]!;
    out[i] = timeline.interpolation === 'step' ? v0 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  }
  return out;
}
