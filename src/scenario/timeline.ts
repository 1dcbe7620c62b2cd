import { z } from 'zod';
import { MONTH_OR_YEAR_PATTERN } from './month.js';

/**
 * A value that changes by date. Either a constant number, or dated points with an interpolation:
 * - `linear`: straight lines between points;
 * - `step`: each point's value holds until the next point.
 * Before the first point the first value holds, after the last point the last value holds.
 * Keys are `YYYY-MM` or `YYYY` (January of that year).
 */
export const timelinePointsSchema = z
  .record(z.string().regex(MONTH_OR_YEAR_PATTERN, 'timeline keys are months YYYY-MM or years YYYY (1000-9999)'), z.number())
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
        .record(z.string().regex(MONTH_OR_YEAR_PATTERN, 'timeline keys are months YYYY-MM or years YYYY (1000-9999)'), value)
        .refine((points) => Object.keys(points).length > 0, 'a timeline needs at least one point'),
    }),
  ]);
}

