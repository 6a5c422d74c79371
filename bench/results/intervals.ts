// Confidence intervals over repetitions. Each repetition is one window of load on a server process of its
// own (a fresh start, its own warm-up), so the repetitions are independent samples of what the target
// does; within one process the per-second counts lean on each other and are never used as samples.
import type { Interval, Summary } from '../model/schema.ts';
import { mean, spread, stdev } from './stats.ts';
import { studentTwoSided } from './welch.ts';

/** The level of every interval in results.json. */
export const CONFIDENCE = 0.95;

/** The t with P(|T| >= t) = 1 - level for Student's t with df degrees of freedom, by bisection. */
export function studentQuantile(df: number, level = CONFIDENCE): number {
  const tail = 1 - level;
  let low = 0;
  let high = 1;
  while (studentTwoSided(high, df) > tail) high *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (studentTwoSided(mid, df) > tail) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Student's t interval for the mean of independent samples; null with fewer than two. Every figure here is
 * a rate or a ratio, never below zero: a lower end under zero (two or three scattered samples) is zero.
 */
export function meanInterval(xs: readonly number[], level = CONFIDENCE): Interval | null {
  if (xs.length < 2) return null;
  const m = mean(xs);
  const half = (studentQuantile(xs.length - 1, level) * stdev(xs)) / Math.sqrt(xs.length);
  return { low: Math.max(0, m - half), high: m + half, level };
}

/** Mean, median, min, max, cv and the interval of the mean. */
export function summarize(xs: readonly number[]): Summary {
  return { ...spread(xs), mean: mean(xs), ci: meanInterval(xs) };
}

/** Half the interval's width as a share of the mean: 0.05 means ± 5 %; null without an interval. */
export function relativeHalfWidth(s: Pick<Summary, 'mean' | 'ci'>): number | null {
  if (s.ci === null || s.mean === 0) return null;
  return (s.ci.high - s.ci.low) / 2 / Math.abs(s.mean);
}

/** Two intervals share a point: neither figure is shown to be above the other. */
export function overlap(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}
