import { describe, expect, it } from 'vitest';
import { mannWhitneyU, normalCdf } from '../../../bench/results/mann-whitney.ts';

describe('Mann-Whitney U test', () => {
  it('matches the exact distribution for complete separation', () => {
    // Two samples of 5, all of one below all of the other: P(U = 0) = 1 / C(10, 5) = 1/252, two-sided 2/252.
    const result = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(result.method).toBe('exact');
    expect(result.u).toBe(0);
    expect(result.p).toBeCloseTo(2 / 252, 12);
    // Three against three can never be significant at 0.05: the smallest two-sided p is 2/20.
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).p).toBeCloseTo(0.1, 12);
  });

  it('is symmetric and gives p = 1 for interleaved samples', () => {
    const a = [1, 4, 5, 8];
    const b = [2, 3, 6, 7];
    expect(mannWhitneyU(a, b).p).toBeCloseTo(mannWhitneyU(b, a).p, 12);
    expect(mannWhitneyU(a, b).p).toBe(1);
  });

  it('uses the normal approximation with ties, and finds a clear shift', () => {
    const base = Array.from({ length: 30 }, (_, i) => 1000 + (i % 5));
    const lower = Array.from({ length: 30 }, (_, i) => 900 + (i % 5));
    const result = mannWhitneyU(base, lower);
    expect(result.method).toBe('normal');
    expect(result.p).toBeLessThan(1e-6);
    expect(mannWhitneyU(base, [...base]).p).toBeGreaterThan(0.9);
  });

  it('gives p = 1 when every value is tied, and no test without samples', () => {
    expect(mannWhitneyU([5, 5, 5, 5, 5], [5, 5, 5, 5, 5]).p).toBe(1);
    expect(mannWhitneyU([], [1, 2]).method).toBe('none');
  });

  it('has a standard normal CDF accurate to the approximation', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
  });
});
