// The open-loop scenarios as curves: one per target, a point per offered rate, with what was served, so a
// point where the server fell short of the rate it was offered is marked rather than read as a latency.
import { type Standing, standingOf } from '../model/figures.ts';
import { RATE_HELD_SHARE } from '../model/flags.ts';
import { SCENARIOS } from '../model/scenarios.ts';
import type { Measurement, Results } from '../model/schema.ts';
import { formatCompact, formatMs } from './format.ts';
import { targetsOf } from './targets.ts';

export interface LatencyPoint {
  readonly measurement: Measurement;
  /** Requests per second offered, and as a share of the target's own throughput (when given so). */
  readonly offered: number;
  readonly share: number | null;
  readonly served: number;
  /** Served at least RATE_HELD_SHARE of what was offered. */
  readonly held: boolean;
  readonly standing: Standing;
}

export interface LatencyCurve {
  readonly target: string;
  readonly impl: string;
  /** By offered rate, lowest first. */
  readonly points: readonly LatencyPoint[];
}

/** The open-loop measurements as one curve per target, in targetsOf order. */
export function latencyCurves(results: Results): LatencyCurve[] {
  const open = results.measurements.filter((m) => SCENARIOS[m.scenario].points.kind === 'rates');
  return targetsOf(results)
    .map((t) => ({
      target: t.name,
      impl: t.impl,
      points: open
        .filter((m) => m.target === t.name)
        .map((m): LatencyPoint => {
          const offered = m.offeredRate ?? 0;
          const served = m.requestsPerSec.mean;
          // The engine's own account (every request due in the window, answered or not) where it kept one;
          // the rate served in the window against the rate offered in files written before it.
          const accounted = m.repetitions.some((r) => r.offered !== null);
          return {
            measurement: m,
            offered,
            share: m.offeredShare,
            served,
            held: accounted
              ? !m.flags.includes('rate-not-held')
              : offered <= 0 || served >= RATE_HELD_SHARE * offered,
            standing: standingOf(m),
          };
        })
        .sort((a, b) => a.offered - b.offered),
    }))
    .filter((c) => c.points.length > 0);
}

/** The x axis of the curves: shares of each target's own throughput, or the rates asked for. */
export function latencyAxis(curves: readonly LatencyCurve[]): {
  labels: string[];
  keyOf: (p: LatencyPoint) => string;
} {
  const points = curves.flatMap((c) => c.points);
  const byShare = points.length > 0 && points.every((p) => p.share !== null);
  const keyOf = (p: LatencyPoint) =>
    byShare ? `${Math.round((p.share ?? 0) * 100)} %` : `${formatCompact(p.offered)} req/s`;
  const order = (p: LatencyPoint) => (byShare ? (p.share ?? 0) : p.offered);
  const labels = [
    ...new Map([...points].sort((a, b) => order(a) - order(b)).map((p) => [keyOf(p), true])).keys(),
  ];
  return { labels, keyOf };
}

/** A point in words: "212 µs / 1.1 ms" (p50 / p99), marked where the rate was not held; its flags when it is not a result. */
export function latencyPointText(p: LatencyPoint): string {
  if (p.standing === 'not-a-result') return p.measurement.flags.join(', ');
  const bound = p.standing === 'lower-bound' ? ' (client-bound)' : '';
  const short = p.held ? '' : ` (served ${formatCompact(p.served)} of ${formatCompact(p.offered)} req/s)`;
  return `${formatMs(p.measurement.latencyMs.p50)} / ${formatMs(p.measurement.latencyMs.p99)}${bound}${short}`;
}
