import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  mean,
  median,
  percentile,
  spread,
  stdev,
} from '../../../bench/results/stats.ts';

describe('descriptive statistics', () => {
  it('computes mean, median and the sample standard deviation', () => {
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // Sample (n - 1) standard deviation of 2,4,4,4,5,5,7,9 is sqrt(32 / 7).
    expect(stdev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('interpolates percentiles between ranks and clamps p', () => {
    const xs = [10, 20, 30, 40, 50];
    expect(percentile(xs, 0)).toBe(10);
    expect(percentile(xs, 100)).toBe(50);
    expect(percentile(xs, 25)).toBe(20);
    expect(percentile(xs, 90)).toBeCloseTo(46, 12);
    expect(percentile(xs, 150)).toBe(50);
    expect(percentile([], 50)).toBe(0);
  });

  it('gives a coefficient of variation as a fraction, 0 when undefined', () => {
    expect(coefficientOfVariation([100, 100, 100])).toBe(0);
    expect(coefficientOfVariation([90, 110])).toBeCloseTo(Math.sqrt(200) / 100, 12);
    expect(coefficientOfVariation([42])).toBe(0);
    expect(coefficientOfVariation([0, 0])).toBe(0);
  });

  it('summarises repetitions as median, min, max and cv', () => {
    expect(spread([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, cv: 0.5 });
    expect(spread([])).toEqual({ median: 0, min: 0, max: 0, cv: 0 });
  });
});
