import { z } from 'zod';
import { MONTH_OR_YEAR_PATTERN, parseMonth } from './month.js';

/**
 * A value that changes by date. Either a constant number, or dated points with an interpolation:
 * - `linear`: straight lines between points;
 * - `step`: each point's value holds until the next point.
 * Before the first point the first value holds, after the last point the last value holds.
 * Keys are `YYYY-MM` or `YYYY` (January of that year).
 */
export const timelinePointsSchema = z
  .record(z.string().regex(MONTH_OR_YEAR_PATTERN, 'timeline keys are months YYYY-MM or years YYYY'), z.number())
  .refine((points) => Object.keys(points).length > 0, 'a timeline needs at least one point');

export const timelineObjectSchema = z.strictObject({
  interpolation: z.enum(['linear', 'step']),
  points: timelinePointsSchema,
});

export const timelineSchema = z.union([z.number(), timelineObjectSchema]);
export type Timeline = z.infer<typeof timelineSchema>;

/** Builds a timeline schema whose every value (the constant or each point) satisfies `value`. */
export function timelineOf(value: z.ZodNumber) {
  return z.union([
    value,
    z.strictObject({
      interpolation: z.enum(['linear', 'step']),
      points: z
        .record(z.string().regex(MONTH_OR_YEAR_PATTERN, 'timeline keys are months YYYY-MM or years YYYY'), value)
        .refine((points) => Object.keys(points).length > 0, 'a timeline needs at least one point'),
    }),
  ]);
}

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
