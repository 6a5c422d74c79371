// The charts of a scenario: throughput with its intervals as whiskers, latency percentiles per model,
// requests per CPU-second, and the timeline of every repetition.
import { type Standing, standingOf } from '../../model/figures.ts';
import type { Measurement } from '../../model/schema.ts';
import { formatCompact, formatFigure, formatMs, formatPercent } from '../format.ts';
import { MATRIX_GROUPS } from '../matrix.ts';
import { type ColumnRanking, placeText, type Ranked } from '../ranking.ts';
import { figureText, intervalText } from '../words.ts';
import { barsHeight, type ChartSpec, LEGEND_BOTTOM, logAxis, NO_LEGEND, valueAxis } from './chart-spec.ts';
import { type ColorMap, colorOf, dashOf } from './palette.ts';

const MIB = 1024 * 1024;

/** The value as drawn: MiB/s for bytes, so the axis ticks are readable numbers. */
function plotted(r: Ranked, value: number): number {
  return r.figure.unit === 'B/s' ? value / MIB : value;
}

/** The whisker of a bar: its 95 % interval, open upwards for a lower bound; none with one repetition. */
function whisker(r: Ranked): [number, number] | null {
  const ci = r.figure.ci;
  if (ci === null) return null;
  return [
    plotted(r, Math.max(0, ci.low)),
    plotted(r, r.standing === 'lower-bound' ? r.figure.value : ci.high),
  ];
}

export function throughputChart(ranking: ColumnRanking, colors: ColorMap): ChartSpec {
  // Measurements that are not results never become bars: the page lists them under the chart with their flag.
  const rows = ranking.rows.filter((r) => r.standing !== 'not-a-result');
  const unit = rows[0]?.figure.unit ?? 'req/s';
  const whiskerMax = Math.max(0, ...rows.map((r) => whisker(r)?.[1] ?? plotted(r, r.figure.value)));
  const axisTitle = `${unit === 'B/s' ? 'MiB/s' : 'requests/s'}: mean of the repetitions, whiskers its 95 % interval`;
  return {
    id: `throughput-${ranking.column.key}`,
    title: `Throughput — ${ranking.column.label}`,
    alt:
      `Bar chart of throughput per target in ${ranking.column.label}: ` +
      rows.map((r) => `${r.measurement.target} ${figureText(r)}`).join(', '),
    height: barsHeight(rows.length),
    type: 'bar',
    data: {
      labels: rows.map((r) => r.measurement.target),
      datasets: [
        {
          label: unit === 'B/s' ? 'MiB/s (mean)' : 'requests/s (mean)',
          data: rows.map((r) => plotted(r, r.figure.value)),
          backgroundColor: rows.map((r) => colorOf(colors, r.measurement.target)),
          whiskers: rows.map(whisker),
          hatched: rows.map((r) => r.standing === 'lower-bound'),
          valueLabels: rows.map(
            (r) =>
              `#${placeText(r.place)} ${figureText(r)}` +
              (r.standing === 'lower-bound' ? ' · client-bound' : '') +
              // The lesson's server closes after every answer: outside close, that is its handicap.
              (r.measurement.impl === 'lesson' &&
              !r.measurement.flags.includes('remote') &&
              ranking.column.scenario !== 'close'
                ? ' · a connection per request'
                : ''),
          ),
          notes: rows.map(
            (r) =>
              `${r.figure.ci === null ? 'no interval (1 repetition)' : `95 % CI ${intervalText(unit, r.figure.ci)}`}, ` +
              `${r.measurement.repetitions.length} repetitions, min ${formatFigure(unit, r.figure.min)}, max ${formatFigure(unit, r.figure.max)}, ` +
              `cv ${formatPercent(r.measurement.requestsPerSec.cv)}` +
              (r.measurement.flags.length > 0 ? ` · ${r.measurement.flags.join(', ')}` : ''),
          ),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 150 } },
      plugins: NO_LEGEND,
      scales: {
        x: valueAxis(axisTitle, { beginAtZero: true, suggestedMax: whiskerMax * 1.02 }),
        y: { grid: { display: false } },
      },
    },
  };
}

/**
 * Requests per server CPU-second, best first: the work each answer costs. Drawn for client-bound runs too,
 * where throughput is only a lower bound, since the server's CPU is measured all the same.
 */
export function efficiencyChart(ranking: ColumnRanking, colors: ColorMap): ChartSpec | null {
  const rows = ranking.rows
    .filter((r) => r.standing !== 'not-a-result' && r.measurement.server.requestsPerCpuSecond != null)
    .sort(
      (a, b) =>
        (b.measurement.server.requestsPerCpuSecond ?? 0) - (a.measurement.server.requestsPerCpuSecond ?? 0),
    );
  if (rows.length === 0) return null;
  const value = (r: Ranked) => r.measurement.server.requestsPerCpuSecond ?? 0;
  return {
    id: `efficiency-${ranking.column.key}`,
    title: `Requests per server CPU-second — ${ranking.column.label}`,
    alt:
      `Bar chart of requests served per CPU-second of the server in ${ranking.column.label}: ` +
      rows.map((r) => `${r.measurement.target} ${formatCompact(value(r))}`).join(', '),
    height: barsHeight(rows.length),
    type: 'bar',
    data: {
      labels: rows.map((r) => r.measurement.target),
      datasets: [
        {
          label: 'requests per CPU-second (median of the repetitions)',
          data: rows.map(value),
          backgroundColor: rows.map((r) => colorOf(colors, r.measurement.target)),
          valueLabels: rows.map(
            (r) => formatCompact(value(r)) + (r.standing === 'lower-bound' ? ' · client-bound run' : ''),
          ),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 150 } },
      plugins: NO_LEGEND,
      scales: {
        x: valueAxis('requests per CPU-second of the server', { beginAtZero: true }),
        y: { grid: { display: false } },
      },
    },
  };
}

function suffix(standing: Standing): string {
  return standing === 'lower-bound' ? ' (client-bound)' : '';
}

const PERCENTILES = ['p50', 'p90', 'p99', 'p99.9', 'max'];

/**
 * Latency percentiles of a scenario as small multiples: one panel per concurrency model, its targets in
 * the report's colours and line styles, the references (nginx, the lesson's server) in every panel as the
 * yardstick, and one y axis for all panels so they compare at a glance.
 */
export function latencyPanels(
  key: string,
  label: string,
  measurements: readonly Measurement[],
  colors: ColorMap,
  groupOfRun: (m: Measurement) => string | undefined,
): ChartSpec[] {
  const measured = measurements.filter((r) => standingOf(r) !== 'not-a-result');
  const values = measured.flatMap((r) => [r.latencyMs.p50, r.latencyMs.max]).filter((v) => v > 0);
  if (values.length === 0) return [];
  const min = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const max = 10 ** Math.ceil(Math.log10(Math.max(...values)));
  const references = measured.filter((r) => groupOfRun(r) === 'reference');
  const line = (r: Measurement, reference: boolean) => ({
    label: r.target + suffix(standingOf(r)),
    data: [r.latencyMs.p50, r.latencyMs.p90, r.latencyMs.p99, r.latencyMs.p999, r.latencyMs.max],
    borderColor: colorOf(colors, r.target),
    borderDash: dashOf(r.target),
    backgroundColor: colorOf(colors, r.target),
    borderWidth: reference ? 1.5 : 2.5,
    pointRadius: reference ? 2 : 3,
  });
  return MATRIX_GROUPS.flatMap(({ group, label: model }) => {
    const own = measured.filter((r) => groupOfRun(r) === group);
    if (own.length === 0) return [];
    return [
      {
        id: `latency-${key}-${group}`,
        title: `Latency percentiles — ${label}: ${model}`,
        alt:
          `Line chart of latency percentiles in ${label} for ${model}: ` +
          own
            .map((r) => `${r.target} p50 ${formatMs(r.latencyMs.p50)}, p99 ${formatMs(r.latencyMs.p99)}`)
            .join('; '),
        height: 240,
        type: 'line' as const,
        data: {
          labels: PERCENTILES,
          datasets: [...own.map((r) => line(r, false)), ...references.map((r) => line(r, true))],
        },
        options: {
          plugins: LEGEND_BOTTOM,
          scales: { y: { ...logAxis('ms (log scale)'), min, max } },
        },
      },
    ];
  });
}

/**
 * Requests completed in each second of each repetition, one line per target. A null between repetitions
 * breaks the line, so a reader sees each repetition's ramp-up and any dip on its own.
 */
export function timelineChart(
  key: string,
  label: string,
  measurements: readonly Measurement[],
  colors: ColorMap,
): ChartSpec {
  const measured = measurements.filter((r) => standingOf(r) !== 'not-a-result');
  const reps = Math.max(0, ...measured.map((r) => r.repetitions.length));
  // The engine's finer counts where every run has them at one interval (loadgen: 100 ms), so a run of one
  // second still draws a line; per-second counts otherwise.
  const intervals = new Set(
    measured.flatMap((r) => r.repetitions.map((rep) => rep.timeline?.intervalMs ?? 0)),
  );
  const intervalMs = intervals.size === 1 && !intervals.has(0) ? [...intervals][0]! : 1000;
  const fine = intervalMs !== 1000;
  const series = (rep: Measurement['repetitions'][number] | undefined): readonly number[] =>
    rep === undefined
      ? []
      : fine
        ? (rep.timeline?.counts ?? []).map((c) => (c * 1000) / intervalMs)
        : rep.perSecond;
  const points = Math.max(0, ...measured.flatMap((r) => r.repetitions.map((rep) => series(rep).length)));
  const labels: string[] = [];
  for (let r = 0; r < reps; r++) {
    if (r > 0) labels.push('');
    for (let s = 0; s < points; s++) labels.push(`repetition ${r + 1} · ${((s + 1) * intervalMs) / 1000} s`);
  }
  const what = fine ? `requests/s in each ${intervalMs} ms` : 'requests in each second';
  return {
    id: `timeline-${key}`,
    title: `Timeline — ${label}`,
    alt: `Line chart of ${what} of each repetition in ${label}, one line per target`,
    height: 260,
    type: 'line',
    data: {
      labels,
      datasets: measured.map((m) => {
        const data: (number | null)[] = [];
        for (let r = 0; r < reps; r++) {
          if (r > 0) data.push(null);
          const values = series(m.repetitions[r]);
          for (let s = 0; s < points; s++) data.push(values[s] ?? null);
        }
        return {
          label: m.target + suffix(standingOf(m)),
          data,
          borderColor: colorOf(colors, m.target),
          borderDash: dashOf(m.target),
          backgroundColor: colorOf(colors, m.target),
          pointRadius: 0,
          borderWidth: 2,
          spanGaps: false,
        };
      }),
    },
    options: {
      plugins: LEGEND_BOTTOM,
      scales: {
        x: { ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 16 } },
        y: valueAxis(what, { beginAtZero: true }),
      },
    },
  };
}
