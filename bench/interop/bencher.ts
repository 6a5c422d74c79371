// Bencher Metric Format (bencher.dev/docs/reference/bencher-metric-format): a JSON object whose keys are
// benchmark names (at most 1024 characters), each an object of measures (slugs of at most 64) whose
// metric has a `value` and optional `lower_value` and `upper_value`. Every Bencher project has the
// built-in measures `throughput`, in operations per second, and `latency`, in nanoseconds.
//
// throughput: requests/s, the mean with its 95 % interval as the lower and upper values. latency: p99 of
// every request of every repetition, in ns, with Student's t interval over the repetitions' own p99s
// (widened to hold the value itself, which comes from the merged histograms and need not lie inside it).
import { pointLabel } from '../model/figures.ts';
import type { Measurement, Results } from '../model/schema.ts';
import { summarize } from '../results/intervals.ts';
import { chartable } from './github-action-benchmark.ts';

export interface BencherMetric {
  readonly value: number;
  readonly lower_value?: number;
  readonly upper_value?: number;
}

export type BencherMetricFormat = Record<string, Record<string, BencherMetric>>;

const NS_PER_MS = 1e6;

function throughput(m: Measurement): BencherMetric {
  const s = m.requestsPerSec;
  return s.ci === null ? { value: s.mean } : { value: s.mean, lower_value: s.ci.low, upper_value: s.ci.high };
}

function latency(m: Measurement): BencherMetric {
  const value = m.latencyMs.p99 * NS_PER_MS;
  const ci = summarize(m.repetitions.map((r) => r.latencyMs.p99)).ci;
  if (ci === null) return { value };
  return {
    value,
    lower_value: Math.min(value, ci.low * NS_PER_MS),
    upper_value: Math.max(value, ci.high * NS_PER_MS),
  };
}

export function bencherMetrics(results: Results): BencherMetricFormat {
  const out: BencherMetricFormat = {};
  for (const m of chartable(results)) {
    out[`${m.target} ${pointLabel(m)}`] = { throughput: throughput(m), latency: latency(m) };
  }
  return out;
}
