// The tables: they carry every number the charts draw, so the page reads without JavaScript.
import { isMeasured, standingOf } from '../../model/figures.ts';
import type { Measurement, MicroResult, Results } from '../../model/schema.ts';
import type { ComparisonReport } from '../../results/compare.ts';
import { type Column, curveMeasurements } from '../columns.ts';
import type { LatencyCurve, LatencyPoint } from '../curves.ts';
import {
  formatBytes,
  formatChange,
  formatCompact,
  formatCpu,
  formatEfficiency,
  formatFigure,
  formatMs,
  formatPercent,
} from '../format.ts';
import { MATRIX_GROUPS, MATRIX_RUNTIMES, type ModelMatrix } from '../matrix.ts';
import { type ColumnRanking, placeText, type Ranked } from '../ranking.ts';
import type { ScalingCurve } from '../scaling.ts';
import type { TargetInfo } from '../targets.ts';
import { figureText, intervalText, versusText } from '../words.ts';
import { flagBadges } from './badges.ts';
import { rowLabel } from './baseline.ts';
import { type Html, html } from './html.ts';

/** A table whose first cell in each row is its header cell; head cells and body cells are Html or text. */
function table(
  head: readonly unknown[],
  rows: readonly (readonly unknown[])[],
  caption: string,
  cls: string,
): Html {
  return html`<div class="table-wrap"><table class="${cls}"><caption>${caption}</caption><thead><tr>${head.map(
    (h) => html`<th scope="col">${h}</th>`,
  )}</tr></thead><tbody>${rows.map(
    (cells) =>
      html`<tr><th scope="row">${cells[0] ?? ''}</th>${cells.slice(1).map((c) => html`<td>${c}</td>`)}</tr>\n`,
  )}</tbody></table></div>`;
}

const dash = html`<span class="na">—</span>`;
const notAResult = html`<span class="not-result">not a result</span>`;
const orDash = (value: number | null, format: (n: number) => string) =>
  value === null ? dash : format(value);

function columnHeading(column: Column, rankings: ReadonlyMap<string, ColumnRanking>): Html {
  const connections = rankings.get(column.key)?.rows[0]?.measurement.connections;
  return html`${column.scenario}<span class="sub">${connections !== undefined ? `${connections} conn.` : ''}</span>`;
}

function rankingCell(row: Ranked | undefined): Html {
  if (!row) return html`<span class="na" title="not measured">·</span>`;
  const flags = row.measurement.flags.filter((f) => f !== 'reference');
  const badges = flags.length > 0 ? html`<span class="flags">${flagBadges(flags)}</span>` : '';
  if (row.shareOfBest === null) return html`${notAResult}${badges}`;
  const share = Math.max(0, Math.min(1, row.shareOfBest));
  const cls = row.standing === 'lower-bound' ? 'pct lower-bound' : 'pct';
  const place = placeText(row.place);
  const tied = row.place !== null && row.place.best !== row.place.worst;
  return html`<span class="${cls}" style="--pct:${(share * 100).toFixed(1)}%" title="${
    tied ? 'tied: the 95 % intervals overlap' : ''
  }">#${place}${tied ? html` <span class="tied">tied</span>` : ''}</span><span class="fig">${figureText(row)} · ${formatPercent(share)}</span>${badges}`;
}

/** Every target as a percentage of the best in each column, with its flags. */
export function rankingTable(
  targets: readonly TargetInfo[],
  columns: readonly Column[],
  rankings: ReadonlyMap<string, ColumnRanking>,
): Html {
  const head = ['target', ...columns.map((c) => columnHeading(c, rankings))];
  const rows = targets.map((t) => [
    html`${t.name}${t.reference ? html` <span class="muted">(reference)</span>` : ''}`,
    ...columns.map((c) =>
      rankingCell(rankings.get(c.key)?.rows.find((r) => r.measurement.target === t.name)),
    ),
  ]);
  return table(
    head,
    rows,
    'Each target’s place in each column (a range where the 95 % intervals overlap: tied), its figure (bytes/s where a scenario is ranked by it, requests/s elsewhere) and its share of the best',
    'ranking',
  );
}

/** All the figures of one scenario (or sweep step): one row per target, fastest first. */
export function scenarioTable(ranking: ColumnRanking): Html {
  // The stalled scenario records how the trickling clients fared: a column of its own.
  const slow = ranking.rows.some((r) => r.measurement.probes.slowClients !== undefined);
  const idle = ranking.rows.some((r) => r.measurement.probes.idleMemory !== undefined);
  const withReference = ranking.rows.some((r) => r.vsReference !== null);
  const head = [
    '#',
    'target',
    'mean',
    '95 % CI',
    ...(withReference
      ? [
          ranking.rows.some((r) => r.vsReference?.how === 'side by side')
            ? 'vs nginx, side by side'
            : 'vs nginx',
        ]
      : []),
    'n',
    'min – max',
    'cv',
    'p50',
    'p90',
    'p99',
    'p99.9',
    'max',
    'bytes/s',
    'errors',
    'timeouts',
    'non-2xx',
    'server CPU',
    'req per CPU-s',
    'peak RSS',
    'client CPU',
    ...(slow ? ['slow clients served'] : []),
    ...(idle ? ['RSS per idle connection'] : []),
    'flags',
  ];
  const rows = ranking.rows.map((row) => {
    const { measurement: m, figure, standing } = row;
    const measured = standing !== 'not-a-result';
    const lat = m.latencyMs;
    const ms = (n: number) => (measured ? formatMs(n) : dash);
    return [
      measured ? placeText(row.place) : '–',
      m.target,
      measured ? figureText(row) : notAResult,
      measured && figure.ci !== null ? intervalText(figure.unit, figure.ci) : dash,
      ...(withReference ? [row.vsReference === null ? dash : versusText(row.vsReference)] : []),
      String(m.repetitions.length),
      measured ? `${formatFigure(figure.unit, figure.min)} – ${formatFigure(figure.unit, figure.max)}` : dash,
      measured ? formatPercent(m.requestsPerSec.cv) : dash,
      ms(lat.p50),
      ms(lat.p90),
      ms(lat.p99),
      ms(lat.p999),
      ms(lat.max),
      measured ? `${formatBytes(m.bytesPerSec.mean)}/s` : dash,
      formatCompact(m.errors),
      formatCompact(m.timeouts),
      formatCompact(m.non2xx),
      orDash(m.server.cpuPercent, formatCpu),
      formatEfficiency(m.server.requestsPerCpuSecond),
      orDash(m.server.rssPeakBytes, formatBytes),
      orDash(m.client.cpuPercent, formatCpu),
      ...(slow ? [m.probes.slowClients ? `${m.probes.slowClients.completed} requests` : dash] : []),
      ...(idle ? [orDash(m.probes.idleMemory?.rssPerIdleConnectionBytes ?? null, formatBytes)] : []),
      flagBadges(m.flags),
    ];
  });
  const connections = ranking.rows[0]?.measurement.connections;
  const missingNote = ranking.column.scenario === 'missing' ? '; non-2xx are the expected 404s' : '';
  return table(
    head,
    rows,
    `All figures — ${ranking.column.label}` +
      (connections !== undefined ? `, ${connections} connections` : '') +
      `; the figure is the mean over the repetitions, the rest their medians${missingNote}`,
    'figures',
  );
}

/** The sweep as numbers: req/s and p99 per target and connection count. */
export function sweepTable(
  results: Results,
  targets: readonly TargetInfo[],
  counts: readonly number[],
): Html {
  const measurements = curveMeasurements(results);
  const rows = targets
    .filter((t) => measurements.some((r) => r.target === t.name))
    .map((t) => [
      t.name,
      ...counts.map((c) => {
        const m = measurements.find((r) => r.target === t.name && r.connections === c);
        if (!m) return dash;
        if (!isMeasured(m)) return html`${notAResult} ${flagBadges(m.flags)}`;
        const bound = standingOf(m) === 'lower-bound' ? '≥ ' : '';
        return html`${bound}${formatCompact(m.requestsPerSec.mean)} req/s<span class="sub">p99 ${formatMs(m.latencyMs.p99)}</span>`;
      }),
    ]);
  return table(
    ['target', ...counts.map((c) => `${c} conn.`)],
    rows,
    'Concurrency sweep: requests/s (mean of the repetitions) and p99 latency per connection count',
    'figures',
  );
}

/** The model × runtime matrix as numbers: its text alternative, and what a reader copies. */
export function matrixTable(matrix: ModelMatrix): Html {
  const rows = MATRIX_GROUPS.map(({ label }, g) => [
    label,
    ...MATRIX_RUNTIMES.map((_, r) => {
      const cell = matrix.cells[g]![r]!;
      if (cell.kind === 'not-measured') return html`<span class="na">not measured</span>`;
      return html`${figureText(cell.row)}<span class="sub">${cell.row.measurement.target}${
        cell.row.standing === 'lower-bound' ? ', client-bound' : ''
      }</span>`;
    }),
  ]);
  const references = matrix.references.map((r) => `${r.measurement.target} ${figureText(r)}`).join(', ');
  return table(
    ['model', ...MATRIX_RUNTIMES],
    rows,
    `Which model, which runtime — ${matrix.ranking.column.label}: the best implementation of each model on each runtime` +
      (references ? `; references: ${references}` : ''),
    'figures matrix',
  );
}

/** The latency curves as numbers: per target and offered load, what was served and its p50 and p99. */
export function latencyCurveTable(
  curves: readonly LatencyCurve[],
  labels: readonly string[],
  keyOf: (p: LatencyPoint) => string,
): Html {
  const rows = curves.map((c) => [
    c.target,
    ...labels.map((label) => {
      const p = c.points.find((point) => keyOf(point) === label);
      if (!p) return dash;
      if (p.standing === 'not-a-result') return html`${notAResult} ${flagBadges(p.measurement.flags)}`;
      const bound = p.standing === 'lower-bound' ? ' (client-bound)' : '';
      const short = p.held ? '' : html` <b>rate not held</b>`;
      return html`p50 ${formatMs(p.measurement.latencyMs.p50)}, p99 ${formatMs(p.measurement.latencyMs.p99)}<span class="sub">${formatCompact(
        p.served,
      )} of ${formatCompact(p.offered)} req/s${bound}${short}</span>`;
    }),
  ]);
  return table(
    ['target', ...labels],
    rows,
    'Latency against offered load, open loop: p50 and p99 from when each request was due; requests/s served of offered',
    'figures',
  );
}

export function timeWaitTable(measurements: readonly Measurement[]): Html {
  const counted = measurements.filter((m) => m.probes.timeWait !== undefined);
  const clientSide = counted.some((m) => (m.probes.timeWait?.client ?? 0) > 0);
  const rows = counted.map((m) => [
    m.target,
    formatCompact(m.probes.timeWait!.server),
    ...(clientSide ? [formatCompact(m.probes.timeWait!.client)] : []),
    formatCompact(m.requestsPerSec.mean),
  ]);
  const head = [
    'target',
    'TIME_WAIT, server port',
    ...(clientSide ? ['TIME_WAIT, client side'] : []),
    'req/s',
  ];
  return table(
    head,
    rows,
    'Sockets in TIME_WAIT after a connection per request (median over the repetitions)',
    'figures',
  );
}

/** The stream scenario: the memory each server needed to send a file far larger than it, every byte checked. */
export function downloadsTable(measurements: readonly Measurement[]): Html {
  const rows = measurements
    .filter((m) => m.probes.downloads !== undefined)
    .map((m) => {
      const d = m.probes.downloads!;
      return [
        m.target,
        orDash(m.server.rssPeakBytes, formatBytes),
        `${d.exact}/${d.clients}`,
        d.rangeExact === null ? dash : d.rangeExact ? 'exact' : html`<b>wrong</b>`,
        `${formatBytes(m.bytesPerSec.mean)}/s`,
        flagBadges(m.flags),
      ];
    });
  return table(
    ['target', 'peak RSS', 'exact downloads', 'Range', 'bytes/s (the clients’ pace)', 'flags'],
    rows,
    'Slow downloads of a file far larger than memory: peak RSS of the server’s whole process tree',
    'figures',
  );
}

export function microTable(micro: readonly MicroResult[]): Html {
  const rows = micro.map((m) => [
    m.name,
    formatCompact(m.opsPerSec),
    `±${formatPercent(m.rme / 100)}`,
    formatCompact(m.samples),
  ]);
  return table(
    ['function', 'ops/s', 'margin of error', 'samples'],
    rows,
    'Micro-benchmarks (tinybench)',
    'figures',
  );
}

export function baselineTable(report: ComparisonReport): Html {
  const rows = report.rows.map((c) => [
    c.target,
    rowLabel(c).split(' · ')[1]!,
    c.base === null ? dash : formatFigure(c.unit, c.base),
    c.next === null ? dash : formatFigure(c.unit, c.next),
    c.change === null ? dash : formatChange(c.change),
    c.ratioChange === null ? dash : formatChange(c.ratioChange),
    `${c.n[0]} + ${c.n[1]}`,
    c.pValue === null ? dash : c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3),
    c.baseP99 === null || c.newP99 === null ? dash : `${formatMs(c.baseP99)} → ${formatMs(c.newP99)}`,
    html`<span class="change-${c.verdict.replace(/ /g, '-')}">${c.verdict}</span>${c.note ? html`<span class="sub">${c.note}</span>` : ''}`,
  ]);
  return table(
    ['target', 'column', 'baseline', 'this run', 'change', 'vs nginx', 'n', 'p', 'p99', 'verdict'],
    rows,
    "Change against the baseline; Welch's t-test on the per-round ratios to nginx where both runs have them, on the per-repetition figures otherwise",
    'figures',
  );
}

/** The cores scenario as numbers: at each CPU count, req/s, req/s per CPU, scaling efficiency and spread. */
export function scalingTable(curves: readonly ScalingCurve[], counts: readonly number[]): Html {
  const rows = curves.map((c) => [
    c.target,
    ...counts.map((n) => {
      const p = c.points.find((q) => q.cpus === n);
      if (!p) return dash;
      if (p.standing === 'not-a-result') return html`${notAResult} ${flagBadges(p.measurement.flags)}`;
      const bound = p.standing === 'lower-bound' ? '≥ ' : '';
      const efficiency =
        n === 1
          ? ''
          : p.efficiency === null
            ? ', efficiency not measured'
            : `, ${formatPercent(p.efficiency)} efficiency`;
      const spread = p.spread === null ? '' : `, busiest process ${p.spread.toFixed(2)}× its share`;
      return html`${bound}${formatCompact(p.measurement.requestsPerSec.mean)} req/s<span class="sub">${bound}${formatCompact(
        p.perCpu,
      )} per CPU${efficiency}${spread}</span>`;
    }),
  ]);
  return table(
    ['target', ...counts.map((n) => `${n} CPU${n === 1 ? '' : 's'}`)],
    rows,
    "The servers on 1, 2, 4… CPUs: requests/s (mean of the repetitions), per CPU, scaling efficiency against the target's own one-CPU figure, and how much more than an even share of the connections its busiest process served",
    'figures',
  );
}
