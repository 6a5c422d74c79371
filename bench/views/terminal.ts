// The table printed at the end of a run: the ranking of views/ranking.ts as aligned plain text.
import type { Results } from '../results/schema.ts';
import { flagLegendLine } from './flags.ts';
import { formatBytes, formatCpu, formatEfficiency, formatFigure, formatMs, formatPercent } from './format.ts';
import {
  EFFICIENCY_NOTE,
  latencyAxis,
  latencyCurves,
  latencyPointText,
  pacingNote,
  rankAll,
} from './ranking.ts';

function pad(cells: readonly string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) =>
    row
      // Names and flags read left to right; numbers line up on the right.
      .map((cell, i) =>
        i === 1 || i === row.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
      )
      .join('  ')
      .trimEnd(),
  );
}

export function terminalSummary(results: Results): string {
  const lines: string[] = [];
  for (const ranking of rankAll(results)) {
    lines.push('', ranking.column.title);
    const rows = ranking.rows.map(({ run, figure, standing, rank, shareOfBest }) => {
      const result = standing !== 'not-a-result';
      return [
        result ? `${rank}.` : '-',
        run.target,
        result ? `${standing === 'lower-bound' ? '≥ ' : ''}${formatFigure(figure.unit, figure.value)}` : '–',
        shareOfBest === null ? '–' : formatPercent(shareOfBest),
        result && figure.value > 0 ? formatMs(run.latencyMs.p99) : '–',
        formatCpu(run.server.cpuPercent),
        formatEfficiency(run.server.requestsPerCpuSecond),
        run.server.rssPeakBytes === null ? '–' : formatBytes(run.server.rssPeakBytes),
        formatCpu(run.client.cpuPercent),
        run.flags.join(', '),
      ];
    });
    lines.push(
      ...pad([
        [
          '#',
          'target',
          'throughput',
          'of best',
          'p99',
          'server CPU',
          'req/CPU-s',
          'server RSS',
          'client CPU',
          'flags',
        ],
        ...rows,
      ]).map((l) => `  ${l}`),
    );
  }
  const curves = latencyCurves(results);
  if (curves.length > 0) {
    lines.push('', 'latency against offered load (open loop: p50 / p99 from when each request was due)');
    const { labels, keyOf } = latencyAxis(curves);
    const rows = curves.map((c) => [
      '',
      c.target,
      ...labels.map((label) => {
        const p = c.points.find((q) => keyOf(q) === label);
        return p === undefined ? '–' : latencyPointText(p);
      }),
      '',
    ]);
    lines.push(...pad([['', 'target', ...labels, ''], ...rows]).map((l) => `  ${l}`));
  }
  lines.push('', EFFICIENCY_NOTE);
  const pacing = pacingNote(results);
  if (pacing !== null) lines.push(`Note: ${pacing}`);
  const legend = flagLegendLine([...new Set(results.runs.flatMap((r) => r.flags))], (f) => f);
  if (legend !== '') lines.push(legend);
  return lines.join('\n');
}
