import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../bench/engines/latency-histogram.ts';
import { percentile } from '../../../bench/results/stats.ts';

describe('latency histogram', () => {
  it('keeps sub-millisecond resolution within 2 % of the exact percentiles', () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 1; i <= 20_000; i++) {
      // A deterministic spread from 0.05 ms to about 50 ms, skewed like real latencies.
      const ms = 0.05 * Math.exp((i / 20_000) * 6.9);
      values.push(ms);
      h.recordMs(ms);
    }
    expect(h.count).toBe(20_000);
    for (const p of [50, 90, 99, 99.9]) {
      const exact = percentile(values, p);
      expect(Math.abs(h.percentileMs(p) - exact) / exact).toBeLessThan(0.02);
    }
    expect(h.latency().max).toBeCloseTo(values[values.length - 1]!, 9);
  });

  it('is exact below 64 µs and empty when nothing was recorded', () => {
    const h = new LatencyHistogram();
    expect(h.latency()).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
    for (const us of [10, 20, 30, 40]) h.recordMs(us / 1000);
    expect(h.percentileMs(50)).toBeCloseTo(0.02, 9);
    expect(h.percentileMs(100)).toBeCloseTo(0.04, 9);
  });
});
