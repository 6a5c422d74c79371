// Charts across scenarios: the concurrency sweep, server resources, TIME_WAIT and the micro-benchmarks.
import type { MicroResult, Results, Run } from '../../results/schema.ts';
import { formatCompact, formatMs, formatPercent } from '../format.ts';
import {
  type Column,
  type LatencyCurve,
  latencyAxis,
  runsIn,
  standingOf,
  type TargetInfo,
} from '../ranking.ts';
import { barsHeight, type ChartSpec, LEGEND_BOTTOM, logAxis, NO_LEGEND, valueAxis } from './chart-spec.ts';
import { type ColorMap, colorOf, dashOf, NEUTRAL, SCENARIO_COLORS } from './palette.ts';

const MIB = 1024 * 1024;

function sweepRuns(results: Results): Run[] {
  return results.runs.filter((r) => r.scenario === 'sweep');
}

export function sweepConnections(results: Results): number[] {
  return [...new Set(sweepRuns(results).map((r) => r.connections))].sort((a, b) => a - b);
}

/**
 * Two line charts over the connection counts: req/s and p99. A triangle marks a client-bound point (a
 * lower bound); a target's line has a gap where its run is not a result.
 */
export function sweepCharts(results: Results, targets: readonly TargetInfo[], colors: ColorMap): ChartSpec[] {
  const counts = sweepConnections(results);
  const runs = sweepRuns(results);
  const withSweep = targets.filter((t) =>
    runs.some((r) => r.target === t.name && standingOf(r) !== 'not-a-result'),
  );
  if (withSweep.length === 0) return [];
  const series = (pick: (r: Run) => number) =>
    withSweep.map((t) => {
      const points = counts.map((c) => runs.find((r) => r.target === t.name && r.connections === c));
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
      data: { labels, datasets: series((r) => r.requestsPerSec.median) },
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
 * p50 and p99 against the load offered, open loop: one line per target, where each model's latency turns
 * up. A triangle marks a point where the load generator was the limit; a gap, a run that is not a result.
 */
export function latencyCurveCharts(curves: readonly LatencyCurve[], colors: ColorMap): ChartSpec[] {
  if (curves.length === 0) return [];
  const { labels, keyOf } = latencyAxis(curves);
  const byShare = labels[0]?.endsWith('%') ?? false;
  const x = {
    title: {
      display: true,
      text: byShare ? "offered load, share of the target's own small throughput" : 'offered load',
    },
  };
  const series = (pick: (r: Run) => number) =>
    curves.map((c) => {
      const points = labels.map((label) => c.points.find((p) => keyOf(p) === label));
      return {
        label: c.target,
        data: points.map((p) => (p && p.standing !== 'not-a-result' ? pick(p.run) : null)),
        borderColor: colorOf(colors, c.target),
        borderDash: dashOf(c.target),
        backgroundColor: colorOf(colors, c.target),
        pointStyle: points.map((p) => (p?.standing === 'lower-bound' ? 'triangle' : 'circle')),
        pointRadius: points.map((p) => (p?.standing === 'lower-bound' ? 6 : 4)),
        spanGaps: false,
      };
    });
  const chart = (id: string, name: string, pick: (r: Run) => number): ChartSpec => ({
    id,
    title: `Latency against offered load — ${name}`,
    alt:
      `Line chart of the ${name} latency against the offered load, open loop, one line per target: ` +
      curves
        .map((c) => `${c.target} ${c.points.map((p) => `${keyOf(p)} ${formatMs(pick(p.run))}`).join(', ')}`)
        .join('; '),
    height: 320,
    type: 'line',
    data: { labels, datasets: series(pick) },
    options: { plugins: LEGEND_BOTTOM, scales: { x, y: logAxis(`${name}, ms (log scale; ▲ client-bound)`) } },
  });
  return [
    chart('latency-load-p99', 'p99', (r) => r.latencyMs.p99),
    chart('latency-load-p50', 'p50', (r) => r.latencyMs.p50),
  ];
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
    results.runs.some(
      (r) => r.target === t.name && r.server.cpuPercent !== null && standingOf(r) !== 'not-a-result',
    ),
  );
  const labels = sampled.map((t) => t.name);
  const chart = (
    id: string,
    title: string,
    axis: string,
    note: string,
    pick: (r: Run) => number | null,
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
        const runs = runsIn(results, column);
        return {
          label: column.label,
          backgroundColor: SCENARIO_COLORS[column.scenario] ?? '#888888',
          data: sampled.map((t) => {
            const run = runs.find((r) => r.target === t.name);
            return run && standingOf(run) !== 'not-a-result' ? pick(run) : null;
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
      'Median over the repetitions; 100 % is one core.',
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
export function timeWaitChart(results: Results, colors: ColorMap): ChartSpec | null {
  const runs = results.runs.filter((r) => r.scenario === 'close' && r.timeWait !== undefined);
  if (runs.length === 0) return null;
  const clientSide = runs.some((r) => r.timeWaitClient !== undefined);
  return {
    id: 'time-wait',
    title: 'TIME_WAIT sockets after the close scenario',
    alt:
      'Bar chart of sockets in TIME_WAIT per target: ' +
      runs.map((r) => `${r.target} ${r.timeWait}`).join(', '),
    height: barsHeight(runs.length, clientSide ? 40 : 30) + (clientSide ? 30 : 0),
    type: 'bar',
    data: {
      labels: runs.map((r) => r.target),
      datasets: [
        {
          label: 'server port',
          data: runs.map((r) => r.timeWait ?? 0),
          backgroundColor: runs.map((r) => colorOf(colors, r.target)),
          valueLabels: runs.map((r) => formatCompact(r.timeWait ?? 0)),
        },
        ...(clientSide
          ? [
              {
                label: 'client side',
                data: runs.map((r) => r.timeWaitClient ?? null),
                backgroundColor: NEUTRAL,
                valueLabels: runs.map((r) =>
                  r.timeWaitClient === undefined ? '' : formatCompact(r.timeWaitClient),
                ),
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
