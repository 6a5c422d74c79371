// The tables: they carry every number the charts draw, so the page reads without JavaScript.
import type { MicroResult, Results, Run } from '../../results/schema.ts';
import {
  type Column,
  type ColumnRanking,
  figureOf,
  isMeasured,
  type RankedRun,
  standingOf,
  type TargetInfo,
} from './analysis.ts';
import type { Change } from './baseline.ts';
import { figureText, formatFigure } from './charts-scenario.ts';
import { flagBadges } from './flags.ts';
import { formatBytes, formatChange, formatCount, formatFraction, formatMs, formatPercent } from './format.ts';
import { esc } from './html.ts';

function table(head: readonly string[], rows: readonly string[][], caption: string, cls = ''): string {
  const th = head.map((h) => `<th scope="col">${h}</th>`).join('');
  const body = rows
    .map(
      (cells) =>
        `<tr><th scope="row">${cells[0] ?? ''}</th>${cells
          .slice(1)
          .map((c) => `<td>${c}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return (
    `<div class="table-wrap"><table class="${cls}"><caption>${caption}</caption>` +
    `<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

function columnHeading(column: Column, rankings: ReadonlyMap<string, ColumnRanking>): string {
  const connections = rankings.get(column.key)?.rows[0]?.run.connections;
  const sub = connections !== undefined ? `${connections} conn.` : '';
  return `${esc(column.scenario)}<span class="sub">${esc(sub)}</span>`;
}

function rankingCell(row: RankedRun | undefined, isBest: boolean): string {
  if (!row) return '<span class="na" title="not measured">·</span>';
  const flags = row.run.flags.filter((f) => f !== 'reference');
  const badges = flags.length > 0 ? `<span class="flags">${flagBadges(flags)}</span>` : '';
  if (row.percentOfBest === null) return `<span class="not-result">not a result</span>${badges}`;
  const pct = Math.max(0, Math.min(100, row.percentOfBest));
  const cls = row.standing === 'lower-bound' ? 'pct lower-bound' : 'pct';
  return (
    `<span class="${cls}" style="--pct:${pct.toFixed(1)}%">${isBest ? '<b>best</b>' : `${formatPercent(pct)}`}</span>` +
    `<span class="fig">${esc(figureText(row))}</span>${badges}`
  );
}

/** Every target as a percentage of the best in each column, with its flags. */
export function rankingTable(
  targets: readonly TargetInfo[],
  columns: readonly Column[],
  rankings: ReadonlyMap<string, ColumnRanking>,
): string {
  const head = ['target', ...columns.map((c) => columnHeading(c, rankings))];
  const rows = targets.map((t) => [
    esc(t.name) + (t.reference ? ' <span class="muted">(reference)</span>' : ''),
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

const dash = '<span class="na">—</span>';
const orDash = (value: number | null, format: (n: number) => string) =>
  value === null ? dash : esc(format(value));

/** All the figures of one scenario (or sweep step): one row per target, fastest first. */
export function scenarioTable(ranking: ColumnRanking): string {
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
    'peak RSS',
    'client CPU',
    ...(slow ? ['slow clients served'] : []),
    'flags',
  ];
  const rows = ranking.rows.map(({ run, figure, standing }) => {
    const measured = standing !== 'not-a-result';
    const lat = run.latencyMs;
    const ms = (n: number) => (measured ? esc(formatMs(n)) : dash);
    return [
      esc(run.target),
      measured
        ? esc(figureText({ run, figure, standing, percentOfBest: null }))
        : '<span class="not-result">not a result</span>',
      measured
        ? esc(`${formatFigure(figure.unit, figure.min)} – ${formatFigure(figure.unit, figure.max)}`)
        : dash,
      measured ? esc(formatFraction(run.requestsPerSec.cv)) : dash,
      ms(lat.p50),
      ms(lat.p90),
      ms(lat.p99),
      ms(lat.p999),
      ms(lat.max),
      measured ? esc(`${formatBytes(run.bytesPerSec)}/s`) : dash,
      esc(formatCount(run.errors)),
      esc(formatCount(run.timeouts)),
      esc(formatCount(run.non2xx)),
      orDash(run.server.cpuPercent, formatPercent),
      orDash(run.server.rssPeakBytes, formatBytes),
      orDash(run.client.cpuPercent, formatPercent),
      ...(slow ? [run.slowClients ? esc(`${run.slowClients.completed} requests`) : dash] : []),
      flagBadges(run.flags),
    ];
  });
  const connections = ranking.rows[0]?.run.connections;
  const missingNote = ranking.column.scenario === 'missing' ? '; non-2xx are the expected 404s' : '';
  return table(
    head,
    rows,
    `All figures — ${esc(ranking.column.label)}` +
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
): string {
  const runs = results.runs.filter((r) => r.scenario === 'sweep');
  const rows = targets
    .filter((t) => runs.some((r) => r.target === t.name))
    .map((t) => [
      esc(t.name),
      ...counts.map((c) => {
        const run = runs.find((r) => r.target === t.name && r.connections === c);
        if (!run) return dash;
        if (!isMeasured(run)) return `<span class="not-result">not a result</span> ${flagBadges(run.flags)}`;
        const bound = standingOf(run) === 'lower-bound' ? '≥ ' : '';
        return `${bound}${esc(formatCount(run.requestsPerSec.median))} req/s<span class="sub">p99 ${esc(formatMs(run.latencyMs.p99))}</span>`;
      }),
    ]);
  return table(
    ['target', ...counts.map((c) => `${c} conn.`)],
    rows,
    'Concurrency sweep: median requests/s and p99 latency per connection count',
    'figures',
  );
}

export function timeWaitTable(runs: readonly Run[]): string {
  const clientSide = runs.some((r) => r.timeWaitClient !== undefined);
  const rows = runs.map((r) => [
    esc(r.target),
    esc(formatCount(r.timeWait ?? 0)),
    ...(clientSide ? [r.timeWaitClient === undefined ? dash : esc(formatCount(r.timeWaitClient))] : []),
    esc(formatCount(r.requestsPerSec.median)),
  ]);
  const head = [
    'target',
    'TIME_WAIT, server port',
    ...(clientSide ? ['TIME_WAIT, client side'] : []),
    'close req/s',
  ];
  return table(head, rows, 'Sockets in TIME_WAIT after the close scenario', 'figures');
}

export function microTable(micro: readonly MicroResult[]): string {
  const rows = micro.map((m) => [
    esc(m.name),
    esc(formatCount(m.opsPerSec)),
    esc(`±${formatPercent(m.rme)}`),
    esc(formatCount(m.samples)),
  ]);
  return table(
    ['function', 'ops/s', 'margin of error', 'samples'],
    rows,
    'Micro-benchmarks (tinybench)',
    'figures',
  );
}

const KIND_TEXT: Record<Change['kind'], string> = {
  better: 'faster',
  worse: 'slower',
  noise: 'within noise',
  new: 'new',
  gone: 'not in this run',
  'not-comparable': 'not comparable',
};

export function baselineTable(changes: readonly Change[]): string {
  const fig = (run: Run | undefined) => {
    if (!run) return dash;
    if (!isMeasured(run)) return `<span class="not-result">not a result</span>`;
    return esc(formatFigure(figureOf(run).unit, figureOf(run).value));
  };
  const rows = changes.map((c) => [
    esc(c.target),
    esc(c.column.label),
    fig(c.base),
    fig(c.now),
    c.figureChange === null ? dash : esc(formatChange(c.figureChange)),
    c.base && c.now && isMeasured(c.base) && isMeasured(c.now)
      ? esc(`${formatMs(c.base.latencyMs.p99)} → ${formatMs(c.now.latencyMs.p99)}`)
      : dash,
    c.p99Change === null ? dash : esc(formatChange(c.p99Change)),
    `<span class="change-${c.kind}">${esc(KIND_TEXT[c.kind])}</span>`,
  ]);
  return table(
    ['target', 'column', 'baseline', 'this run', 'change', 'p99', 'p99 change', 'verdict'],
    rows,
    'Change of the median against the baseline (within noise: smaller than twice the larger cv)',
    'figures',
  );
}
