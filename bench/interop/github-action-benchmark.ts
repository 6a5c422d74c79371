// github-action-benchmark's custom formats (benchmark-action/github-action-benchmark, README "Examples",
// and src/extract.ts): a JSON array of entries with `name`, `unit` and `value`, and optionally `range`
// and `extra` (strings). The tool's `tool:` input says which way is better, so throughput and latency go
// to two files: customBiggerIsBetter (the ranked figure, requests/s or bytes/s) and
// customSmallerIsBetter (p50 and p99). The action refuses a file with no entry.
import { figureOf, pointLabel, standingOf } from '../model/figures.ts';
import type { Measurement, Results } from '../model/schema.ts';
import { summarize } from '../results/intervals.ts';

export interface BenchmarkEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  /** The results' variance, as text: "± 1234". */
  readonly range?: string;
  /** Shown in the chart's tooltip. */
  readonly extra?: string;
}

/** What a tracker may chart: results and lower bounds (marked), never a figure that is not a result. */
export function chartable(results: Results): Measurement[] {
  return results.measurements.filter((m) => standingOf(m) !== 'not-a-result');
}

function caveats(m: Measurement): string {
  const flags = m.flags.filter((f) => f !== 'reference');
  return flags.length === 0 ? '' : `\nflags: ${flags.join(', ')}`;
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

export function biggerIsBetter(results: Results): BenchmarkEntry[] {
  return chartable(results).map((m) => {
    const figure = figureOf(m);
    const bound = standingOf(m) === 'lower-bound' ? ' (client-bound: a lower bound)' : '';
    const interval =
      figure.ci === null
        ? 'one repetition: no interval'
        : `95 % interval ${round(figure.ci.low, 0)} to ${round(figure.ci.high, 0)} ${figure.unit}`;
    return {
      name: `${m.target} ${pointLabel(m)} - ${figure.unit === 'B/s' ? 'bytes' : 'requests'} per second`,
      unit: figure.unit,
      value: round(figure.value, 1),
      ...(figure.ci === null ? {} : { range: `± ${round((figure.ci.high - figure.ci.low) / 2, 1)}` }),
      extra: `${interval}; ${m.repetitions.length} repetitions${bound}${caveats(m)}`,
    };
  });
}

/** Half the width of the interval of the repetitions' own percentiles: their spread, as a range. */
function percentileRange(m: Measurement, key: 'p50' | 'p99'): string | undefined {
  const ci = summarize(m.repetitions.map((r) => r.latencyMs[key])).ci;
  return ci === null ? undefined : `± ${round((ci.high - ci.low) / 2)}`;
}

export function smallerIsBetter(results: Results): BenchmarkEntry[] {
  return chartable(results).flatMap((m) =>
    (['p50', 'p99'] as const).map((key) => {
      const range = percentileRange(m, key);
      return {
        name: `${m.target} ${pointLabel(m)} - ${key} latency`,
        unit: 'ms',
        value: round(m.latencyMs[key]),
        ...(range === undefined ? {} : { range }),
        extra:
          `${m.latencySource === 'merged histograms' ? 'every request of every repetition' : 'median of the repetitions'}; ` +
          `p90 ${round(m.latencyMs.p90)} ms, p99.9 ${round(m.latencyMs.p999)} ms, max ${round(m.latencyMs.max)} ms${caveats(m)}`,
      };
    }),
  );
}
