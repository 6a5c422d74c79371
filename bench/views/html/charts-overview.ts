// Charts across scenarios: the concurrency sweep, latency against load, server resources, TIME_WAIT and
// the micro-benchmarks.
import { standingOf } from '../../model/figures.ts';
import type { Measurement, MicroResult, Results } from '../../model/schema.ts';
import { type Column, curveCounts, curveMeasurements, measurementsIn } from '../columns.ts';
import { type LatencyCurve, type LatencyPoint, latencyAxis } from '../curves.ts';
import { formatCompact, formatMs, formatPercent } from '../format.ts';
import { MATRIX_GROUPS } from '../matrix.ts';
import type { ScalingCurve } from '../scaling.ts';
import type { TargetInfo } from '../targets.ts';
import { barsHeight, type ChartSpec, LEGEND_BOTTOM, logAxis, NO_LEGEND, valueAxis } from './chart-spec.ts';
import { type ColorMap, colorOf, dashOf, NEUTRAL, SCENARIO_COLORS } from './palette.ts';

const MIB = 1024 * 1024;

export const sweepConnections = curveCounts;
const sweepMeasurements = curveMeasurements;

/**
 * Two line charts over the connection counts: req/s and p99. A triangle marks a client-bound point (a
 * lower bound); a target's line has a gap where its run is not a result.
 */
export function sweepCharts(results: Results, targets: readonly TargetInfo[], colors: ColorMap): ChartSpec[] {
  const counts = sweepConnections(results);
  const measurements = sweepMeasurements(results);
  const withSweep = targets.filter((t) =>
    measurements.some((r) => r.target === t.name && standingOf(r) !== 'not-a-result'),
  );
  if (withSweep.length === 0) return [];
  const series = (pick: (r: Measurement) => number) =>
    withSweep.map((t) => {
      const points = counts.map((c) => measurements.find((r) => r.target === t.name && r.connections === c));
      return {
        label: t.name,
        data: points.map((r) => (r && standingOf(r) !== 'not-a-result' ? pick(r) : null)),
        borderColor: colorOf(colors, t.name),
        borderDash: dashOf(t.name),
        backgroundColor: colorOf(colors, t.name),
        pointStyle: points.map((r) => (r && standingOf(r) === 'lower-bound' ? 'triangle' : 'circle')),
        pointRadius: points.map((r) => (r && standingOf(r) === 'lower-bound' ? 6 : 4)),
        spanGaps: false,
      };
    });
  const labels = counts.map(String);
  const x = { title: { display: true, text: 'connections' } };
  return [
    {
      id: 'sweep-throughput',
      title: 'Concurrency sweep — throughput',
      alt: 'Line chart of requests per second against the number of connections, one line per target',
      height: 300,
      type: 'line',
      data: { labels, datasets: series((r) => r.requestsPerSec.mean) },
      options: {
        plugins: LEGEND_BOTTOM,
        scales: { x, y: valueAxis('requests/s (▲ client-bound)', { beginAtZero: true }) },
      },
    },
    {
      id: 'sweep-p99',
      title: 'Concurrency sweep — p99 latency',
      alt: 'Line chart of the 99th percentile latency against the number of connections, one line per target',
      height: 300,
      type: 'line',
      data: { labels, datasets: series((r) => r.latencyMs.p99) },
      options: { plugins: LEGEND_BOTTOM, scales: { x, y: logAxis('p99, ms (log scale)') } },
    },
  ];
}

/**
 * p99 against the load offered, open loop, as small multiples: a panel per concurrency model, its targets
 * in their colours, the references in every panel, one y axis for all. A triangle marks a point where the
 * load generator was the limit; a cross, a point where the server served less than it was offered (its
 * latency is not the rate's); a gap, a point that is not a result.
 */
export function latencyCurveCharts(
  curves: readonly LatencyCurve[],
  colors: ColorMap,
  groupOf: (impl: string) => string | undefined,
): ChartSpec[] {
  if (curves.length === 0) return [];
  const { labels, keyOf } = latencyAxis(curves);
  const byShare = labels[0]?.endsWith('%') ?? false;
  const x = {
    title: {
      display: true,
      text: byShare ? "offered load, share of the target's own small throughput" : 'offered load',
    },
  };
  const drawn = (p: LatencyPoint | undefined) => p !== undefined && p.standing !== 'not-a-result';
  const values = curves
    .flatMap((c) => c.points.filter(drawn).map((p) => p.measurement.latencyMs.p99))
    .filter((v) => v > 0);
  const min = values.length > 0 ? 10 ** Math.floor(Math.log10(Math.min(...values))) : undefined;
  const max = values.length > 0 ? 10 ** Math.ceil(Math.log10(Math.max(...values))) : undefined;
  const line = (c: LatencyCurve, reference: boolean) => {
    const points = labels.map((label) => c.points.find((p) => keyOf(p) === label));
    return {
      label: c.target,
      data: points.map((p) => (p && drawn(p) ? p.measurement.latencyMs.p99 : null)),
      borderColor: colorOf(colors, c.target),
      borderDash: dashOf(c.target),
      backgroundColor: colorOf(colors, c.target),
      borderWidth: reference ? 1.5 : 2.5,
      pointStyle: points.map((p) =>
        p === undefined
          ? 'circle'
          : !p.held
            ? 'crossRot'
            : p.standing === 'lower-bound'
              ? 'triangle'
              : 'circle',
      ),
      pointRadius: points.map((p) => (p !== undefined && (!p.held || p.standing === 'lower-bound') ? 7 : 3)),
      notes: points.map((p) =>
        p === undefined
          ? ''
          : `offered ${formatCompact(p.offered)} req/s, served ${formatCompact(p.served)}${p.held ? '' : ': the rate was not held'}`,
      ),
      spanGaps: false,
    };
  };
  const references = curves.filter((c) => groupOf(c.impl) === 'reference' || groupOf(c.impl) === undefined);
  return MATRIX_GROUPS.flatMap(({ group, label: model }) => {
    const own = curves.filter((c) => groupOf(c.impl) === group);
    if (own.length === 0) return [];
    return [
      {
        id: `latency-load-${group}`,
        title: `p99 against offered load — ${model}`,
        alt:
          `Line chart of the p99 latency against the offered load, open loop, for ${model}: ` +
          own
            .map(
              (c) =>
                `${c.target} ${c.points.map((p) => `${keyOf(p)} ${formatMs(p.measurement.latencyMs.p99)}${p.held ? '' : ' (rate not held)'}`).join(', ')}`,
            )
            .join('; '),
        height: 260,
        type: 'line' as const,
        data: {
          labels,
          datasets: [...own.map((c) => line(c, false)), ...references.map((c) => line(c, true))],
        },
        options: {
          plugins: LEGEND_BOTTOM,
          scales: { x, y: { ...logAxis('p99, ms (log; ▲ client-bound, ✕ rate not held)'), min, max } },
        },
      },
    ];
  });
}

/**
 * Server CPU, peak RSS and the load generator's CPU, grouped by target with a bar per scenario. Runs that
 * are not results and resources that were not sampled (remote targets) are left out, not drawn as zero.
 */
export function resourceCharts(
  results: Results,
  columns: readonly Column[],
  targets: readonly TargetInfo[],
): ChartSpec[] {
  const scenarioColumns = columns.filter((c) => c.sweepConnections === null);
  const sampled = targets.filter((t) =>
    results.measurements.some(
      (r) => r.target === t.name && r.server.cpuPercent !== null && standingOf(r) !== 'not-a-result',
    ),
  );
  const labels = sampled.map((t) => t.name);
  const chart = (
    id: string,
    title: string,
    axis: string,
    note: string,
    pick: (r: Measurement) => number | null,
  ): ChartSpec => ({
    id,
    title,
    note,
    alt: `Grouped bar chart: ${title} per target, one bar per scenario`,
    height: 300,
    type: 'bar',
    data: {
      labels,
      datasets: scenarioColumns.map((column) => {
        const measurements = measurementsIn(results, column);
        return {
          label: column.label,
          backgroundColor: SCENARIO_COLORS[column.scenario] ?? '#888888',
          data: sampled.map((t) => {
            const m = measurements.find((r) => r.target === t.name);
            return m && standingOf(m) !== 'not-a-result' ? pick(m) : null;
          }),
        };
      }),
    },
    options: { plugins: LEGEND_BOTTOM, scales: { y: valueAxis(axis, { beginAtZero: true }) } },
  });
  return [
    chart(
      'server-cpu',
      'Server CPU',
      'CPU %',
      'Median over the repetitions, over the same window as their requests; 100 % is one core.',
      (r) => r.server.cpuPercent,
    ),
    chart(
      'server-rss',
      'Server peak memory',
      'MiB',
      'Peak resident memory of the whole process tree.',
      (r) => (r.server.rssPeakBytes === null ? null : r.server.rssPeakBytes / MIB),
    ),
    chart(
      'client-cpu',
      'Load generator CPU',
      'CPU %',
      'Near 100 %, the load generator was the limit: the run is flagged client-bound.',
      (r) => r.client.cpuPercent,
    ),
  ];
}

/**
 * Sockets left in TIME_WAIT after the close scenario, per target: on the server's port, and on the client
 * side when the harness counted it (whoever closes first keeps the socket).
 */
export function timeWaitChart(measurements: readonly Measurement[], colors: ColorMap): ChartSpec | null {
  const counted = measurements.filter((m) => m.probes.timeWait !== undefined);
  if (counted.length === 0) return null;
  const clientSide = counted.some((m) => (m.probes.timeWait?.client ?? 0) > 0);
  return {
    id: 'time-wait',
    title: 'TIME_WAIT sockets after the close scenario',
    alt:
      'Bar chart of sockets in TIME_WAIT per target: ' +
      counted.map((r) => `${r.target} ${r.probes.timeWait!.server}`).join(', '),
    height: barsHeight(counted.length, clientSide ? 40 : 30) + (clientSide ? 30 : 0),
    type: 'bar',
    data: {
      labels: counted.map((r) => r.target),
      datasets: [
        {
          label: 'server port',
          data: counted.map((r) => r.probes.timeWait!.server),
          backgroundColor: measurements.map((r) => colorOf(colors, r.target)),
          valueLabels: counted.map((r) => formatCompact(r.probes.timeWait!.server)),
        },
        ...(clientSide
          ? [
              {
                label: 'client side',
                data: counted.map((r) => r.probes.timeWait!.client),
                backgroundColor: NEUTRAL,
                valueLabels: counted.map((r) => formatCompact(r.probes.timeWait!.client)),
              },
            ]
          : []),
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 60 } },
      plugins: clientSide ? LEGEND_BOTTOM : NO_LEGEND,
      scales: {
        x: valueAxis('sockets in TIME_WAIT', { beginAtZero: true }),
        y: { grid: { display: false } },
      },
    },
  };
}

/** Operations per second of the core's hot functions, on a log axis (they differ by orders of magnitude). */
export function microChart(micro: readonly MicroResult[]): ChartSpec {
  return {
    id: 'micro',
    title: 'Micro-benchmarks of the shared core',
    alt:
      'Bar chart of operations per second: ' +
      micro.map((m) => `${m.name} ${formatCompact(m.opsPerSec)}`).join(', '),
    height: barsHeight(micro.length),
    type: 'bar',
    data: {
      labels: micro.map((m) => m.name),
      datasets: [
        {
          label: 'operations/s',
          data: micro.map((m) => m.opsPerSec),
          backgroundColor: '#4e79a7',
          whiskers: micro.map((m) => [m.opsPerSec * (1 - m.rme / 100), m.opsPerSec * (1 + m.rme / 100)]),
          valueLabels: micro.map((m) => `${formatCompact(m.opsPerSec)} ops/s ±${formatPercent(m.rme / 100)}`),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 150 } },
      plugins: NO_LEGEND,
      scales: {
        x: {
          ...logAxis('operations/s (log scale); whiskers ± margin of error', { notation: 'compact' }),
          // Start the axis at the power of ten below the slowest, so the shortest bar is still visible.
          min: 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...micro.map((m) => m.opsPerSec))) / 2)),
        },
        y: { grid: { display: false } },
      },
    },
  };
}

/**
 * The cores scenario: req/s against the servers' CPUs, a line per target, and the line each would follow
 * if every CPU added its one-CPU figure (dotted, in the target's colour), so the gap is the scaling lost. A
 * triangle marks a client-bound point; a gap, a point that is not a result.
 */
export function scalingChart(
  curves: readonly ScalingCurve[],
  counts: readonly number[],
  colors: ColorMap,
): ChartSpec | null {
  const drawn = curves.filter((c) => c.points.some((p) => p.standing !== 'not-a-result'));
  if (drawn.length === 0 || counts.length < 2) return null;
  const datasets = drawn.flatMap((c) => {
    const points = counts.map((n) => c.points.find((p) => p.cpus === n));
    // The linear line only where an efficiency was measured (not with the client on the same CPUs).
    const one = c.points.some((p) => p.efficiency !== null)
      ? c.points.find((p) => p.cpus === 1 && p.standing === 'result')
      : undefined;
    const color = colorOf(colors, c.target);
    return [
      {
        label: c.target,
        data: points.map((p) =>
          p && p.standing !== 'not-a-result' ? p.measurement.requestsPerSec.mean : null,
        ),
        borderColor: color,
        borderDash: dashOf(c.target),
        backgroundColor: color,
        pointStyle: points.map((p) => (p?.standing === 'lower-bound' ? 'triangle' : 'circle')),
        pointRadius: points.map((p) => (p?.standing === 'lower-bound' ? 6 : 4)),
        spanGaps: false,
      },
      ...(one
        ? [
            {
              label: `${c.target}, linear`,
              data: counts.map((n) => n * one.measurement.requestsPerSec.mean),
              borderColor: color,
              borderDash: [2, 4],
              borderWidth: 1,
              backgroundColor: color,
              pointRadius: 0,
              legendHidden: true,
              spanGaps: false,
            },
          ]
        : []),
    ];
  });
  return {
    id: 'cores-throughput',
    title: "Throughput against the servers' CPUs",
    alt: "Line chart of requests per second against the number of CPUs each server was pinned to, one line per target, with each target's linear scaling dotted",
    height: 320,
    type: 'line',
    data: { labels: counts.map(String), datasets },
    options: {
      plugins: LEGEND_BOTTOM,
      scales: {
        x: { title: { display: true, text: 'server CPUs' } },
        y: valueAxis('requests/s (▲ client-bound; dotted: linear)', { beginAtZero: true }),
      },
    },
  };
}
