// The tables: they carry every number the charts draw, so the page reads without JavaScript.
import type { ComparisonReport } from '../../results/compare.ts';
import type { MicroResult, Results, Run } from '../../results/schema.ts';
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
import {
  type Column,
  type ColumnRanking,
  figureText,
  isMeasured,
  type LatencyCurve,
  type LatencyPoint,
  MATRIX_GROUPS,
  MATRIX_RUNTIMES,
  type ModelMatrix,
  type RankedRun,
  standingOf,
  type TargetInfo,
} from '../ranking.ts';
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
  const connections = rankings.get(column.key)?.rows[0]?.run.connections;
  return html`${column.scenario}<span class="sub">${connections !== undefined ? `${connections} conn.` : ''}</span>`;
}

function rankingCell(row: RankedRun | undefined, isBest: boolean): Html {
  if (!row) return html`<span class="na" title="not measured">·</span>`;
  const flags = row.run.flags.filter((f) => f !== 'reference');
  const badges = flags.length > 0 ? html`<span class="flags">${flagBadges(flags)}</span>` : '';
  if (row.shareOfBest === null) return html`${notAResult}${badges}`;
  const share = Math.max(0, Math.min(1, row.shareOfBest));
  const cls = row.standing === 'lower-bound' ? 'pct lower-bound' : 'pct';
  return html`<span class="${cls}" style="--pct:${(share * 100).toFixed(1)}%">${
    isBest ? html`<b>best</b>` : formatPercent(share)
  }</span><span class="fig">${figureText(row)}</span>${badges}`;
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
    ...columns.map((c) => {
      const ranking = rankings.get(c.key);
      const row = ranking?.rows.find((r) => r.run.target === t.name);
      return rankingCell(row, row !== undefined && row === ranking?.best);
    }),
  ]);
  return table(
    head,
    rows,
    'Each target as a percentage of the best measured figure in each column (bytes/s for large, requests/s elsewhere)',
    'ranking',
  );
}

/** All the figures of one scenario (or sweep step): one row per target, fastest first. */
export function scenarioTable(ranking: ColumnRanking): Html {
  // The stalled scenario records how the trickling clients fared: a column of its own.
  const slow = ranking.rows.some((r) => r.run.slowClients !== undefined);
  const head = [
    'target',
    'median',
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
    'flags',
  ];
  const rows = ranking.rows.map((row) => {
    const { run, figure, standing } = row;
    const measured = standing !== 'not-a-result';
    const lat = run.latencyMs;
    const ms = (n: number) => (measured ? formatMs(n) : dash);
    return [
      run.target,
      measured ? figureText(row) : notAResult,
      measured ? `${formatFigure(figure.unit, figure.min)} – ${formatFigure(figure.unit, figure.max)}` : dash,
      measured ? formatPercent(run.requestsPerSec.cv) : dash,
      ms(lat.p50),
      ms(lat.p90),
      ms(lat.p99),
      ms(lat.p999),
      ms(lat.max),
      measured ? `${formatBytes(run.bytesPerSec)}/s` : dash,
      formatCompact(run.errors),
      formatCompact(run.timeouts),
      formatCompact(run.non2xx),
      orDash(run.server.cpuPercent, formatCpu),
      formatEfficiency(run.server.requestsPerCpuSecond),
      orDash(run.server.rssPeakBytes, formatBytes),
      orDash(run.client.cpuPercent, formatCpu),
      ...(slow ? [run.slowClients ? `${run.slowClients.completed} requests` : dash] : []),
      flagBadges(run.flags),
    ];
  });
  const connections = ranking.rows[0]?.run.connections;
  const missingNote = ranking.column.scenario === 'missing' ? '; non-2xx are the expected 404s' : '';
  return table(
    head,
    rows,
    `All figures — ${ranking.column.label}` +
      (connections !== undefined ? `, ${connections} connections` : '') +
      `; medians over the repetitions${missingNote}`,
    'figures',
  );
}

/** The sweep as numbers: req/s and p99 per target and connection count. */
export function sweepTable(
  results: Results,
  targets: readonly TargetInfo[],
  counts: readonly number[],
): Html {
  const runs = results.runs.filter((r) => r.scenario === 'sweep');
  const rows = targets
    .filter((t) => runs.some((r) => r.target === t.name))
    .map((t) => [
      t.name,
      ...counts.map((c) => {
        const run = runs.find((r) => r.target === t.name && r.connections === c);
        if (!run) return dash;
        if (!isMeasured(run)) return html`${notAResult} ${flagBadges(run.flags)}`;
        const bound = standingOf(run) === 'lower-bound' ? '≥ ' : '';
        return html`${bound}${formatCompact(run.requestsPerSec.median)} req/s<span class="sub">p99 ${formatMs(run.latencyMs.p99)}</span>`;
      }),
    ]);
  return table(
    ['target', ...counts.map((c) => `${c} conn.`)],
    rows,
    'Concurrency sweep: median requests/s and p99 latency per connection count',
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
      return html`${figureText(cell.row)}<span class="sub">${cell.row.run.target}${
        cell.row.standing === 'lower-bound' ? ', client-bound' : ''
      }</span>`;
    }),
  ]);
  const references = matrix.references.map((r) => `${r.run.target} ${figureText(r)}`).join(', ');
  return table(
    ['model', ...MATRIX_RUNTIMES],
    rows,
    `Which model, which runtime — ${matrix.column.label}: the best implementation of each model on each runtime` +
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
      if (p.standing === 'not-a-result') return html`${notAResult} ${flagBadges(p.run.flags)}`;
      const bound = p.standing === 'lower-bound' ? ' (client-bound)' : '';
      return html`p50 ${formatMs(p.run.latencyMs.p50)}, p99 ${formatMs(p.run.latencyMs.p99)}<span class="sub">${formatCompact(
        p.served,
      )} of ${formatCompact(p.offered)} req/s${bound}</span>`;
    }),
  ]);
  return table(
    ['target', ...labels],
    rows,
    'Latency against offered load, open loop: p50 and p99 from when each request was due; requests/s served of offered',
    'figures',
  );
}

export function timeWaitTable(runs: readonly Run[]): Html {
  const clientSide = runs.some((r) => r.timeWaitClient !== undefined);
  const rows = runs.map((r) => [
    r.target,
    formatCompact(r.timeWait ?? 0),
    ...(clientSide ? [r.timeWaitClient === undefined ? dash : formatCompact(r.timeWaitClient)] : []),
    formatCompact(r.requestsPerSec.median),
  ]);
  const head = [
    'target',
    'TIME_WAIT, server port',
    ...(clientSide ? ['TIME_WAIT, client side'] : []),
    'close req/s',
  ];
  return table(head, rows, 'Sockets in TIME_WAIT after the close scenario', 'figures');
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
    `${c.n[0]} + ${c.n[1]}`,
    c.pValue === null ? dash : c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3),
    c.baseP99 === null || c.newP99 === null ? dash : `${formatMs(c.baseP99)} → ${formatMs(c.newP99)}`,
    html`<span class="change-${c.verdict.replace(/ /g, '-')}">${c.verdict}</span>${c.note ? html`<span class="sub">${c.note}</span>` : ''}`,
  ]);
  return table(
    ['target', 'column', 'baseline', 'this run', 'change', 'n', 'p', 'p99', 'verdict'],
    rows,
    "Change of the median against the baseline; Welch's t-test on the per-repetition figures",
    'figures',
  );
}
