// The cores scenario read as a whole: for each target that can use more than one CPU, its throughput at
// 1, 2, 4… of the servers' CPUs, what each CPU brings (req/s per CPU) and the scaling efficiency against
// its own figure on one (req/s at N ÷ (N × req/s at 1)), and how evenly its processes shared the
// connections. A point that is not a result stays a gap, and an efficiency is given only where both of its
// figures are results: a ratio against a client-bound or missing figure is "not measured".
import { type Standing, standingOf } from '../model/figures.ts';
import { SCENARIOS } from '../model/scenarios.ts';
import type { Measurement, Results } from '../model/schema.ts';
import { cpuCountsOf } from './columns.ts';
import { formatCompact, formatPercent } from './format.ts';
import { targetsOf } from './targets.ts';

export interface ScalingPoint {
  readonly cpus: number;
  readonly measurement: Measurement;
  readonly standing: Standing;
  /** req/s at this count ÷ the count. */
  readonly perCpu: number;
  /**
   * req/s here ÷ (count × req/s at one CPU); null where either figure is not a result, or a lower bound, or
   * the load generator shared the servers' CPUs.
   */
  readonly efficiency: number | null;
  /**
   * How unevenly the processes shared the connections: the busiest's ÷ the mean (1 is even, 2 means one
   * served twice its share); null where the server did not say (threads, nginx, a single process).
   */
  readonly spread: number | null;
}

export interface ScalingCurve {
  readonly target: string;
  readonly impl: string;
  /** Fewest CPUs first. */
  readonly points: readonly ScalingPoint[];
}

/** The busiest worker's connections ÷ the mean of all of them; null with fewer than two that said. */
export function workerSpread(connections: readonly number[] | undefined): number | null {
  if (connections === undefined || connections.length < 2) return null;
  const total = connections.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  return Math.max(...connections) / (total / connections.length);
}

const isCores = (m: Measurement) => SCENARIOS[m.scenario].points.kind === 'cpus';

/** One curve per target of the cores scenario, in targetsOf order. */
export function scalingCurves(results: Results): ScalingCurve[] {
  const cores = results.measurements.filter(isCores);
  return targetsOf(results)
    .map((t) => {
      const mine = cores
        .filter((m) => m.target === t.name && m.serverCpus != null)
        .sort((a, b) => (a.serverCpus ?? 0) - (b.serverCpus ?? 0));
      const one = mine.find((m) => m.serverCpus === 1);
      // With the load generator on the same CPUs, an added CPU is shared with the client: no scaling figure.
      const scalable = (m: Measurement) => standingOf(m) === 'result' && !m.flags.includes('shared-cpus');
      const oneMeasured = one !== undefined && scalable(one) ? one.requestsPerSec.mean : null;
      const points = mine.map((m): ScalingPoint => {
        const cpus = m.serverCpus!;
        const standing = standingOf(m);
        const rps = m.requestsPerSec.mean;
        return {
          cpus,
          measurement: m,
          standing,
          perCpu: rps / cpus,
          efficiency:
            scalable(m) && oneMeasured !== null && oneMeasured > 0 ? rps / (cpus * oneMeasured) : null,
          spread: workerSpread(m.probes.workers?.connections),
        };
      });
      return { target: t.name, impl: t.impl, points };
    })
    .filter((c) => c.points.length > 0);
}

/** The CPU counts of the scenario, fewest first (the x axis). */
export const scalingCpuCounts = cpuCountsOf;

/** A point in words: "41.2k req/s, 20.6k per CPU, 94 % efficiency, busiest 1.02×"; its flags when it is not a result. */
export function scalingPointText(p: ScalingPoint): string {
  if (p.standing === 'not-a-result') return `not a result (${p.measurement.flags.join(', ')})`;
  const bound = p.standing === 'lower-bound' ? '≥ ' : '';
  const parts = [
    `${bound}${formatCompact(p.measurement.requestsPerSec.mean)} req/s`,
    `${bound}${formatCompact(p.perCpu)} per CPU`,
  ];
  if (p.cpus > 1)
    parts.push(
      p.efficiency === null ? 'efficiency not measured' : `${formatPercent(p.efficiency)} efficiency`,
    );
  if (p.spread !== null) parts.push(`busiest ${p.spread.toFixed(2)}×`);
  return parts.join(', ');
}

/** The cores scenario as rows of text: a header, then a row per target, a cell per CPU count. */
export function scalingTextRows(results: Results): string[][] {
  const counts = cpuCountsOf(results);
  const curves = scalingCurves(results);
  if (counts.length === 0 || curves.length === 0) return [];
  return [
    ['target', ...counts.map((n) => `${n} CPU${n === 1 ? '' : 's'}`)],
    ...curves.map((c) => [
      c.target,
      ...counts.map((n) => {
        const p = c.points.find((q) => q.cpus === n);
        return p === undefined ? '–' : scalingPointText(p);
      }),
    ]),
  ];
}

/** What the table says, in one line, for the views that print it. */
export const SCALING_NOTE =
  "Efficiency: req/s on N CPUs ÷ (N × the target's own req/s on one); busiest: the connections its busiest process served ÷ an even share.";
