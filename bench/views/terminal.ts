// The table printed at the end of a run: the same ranking as summary.md, as aligned plain text.

import type { Results } from '../results/schema.ts';
import { formatBytes, formatCount, formatCpu, formatMs, formatPercent } from './format.ts';
import { rankColumns } from './ranking.ts';

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
  for (const column of rankColumns(results)) {
    lines.push('', column.title);
    let rank = 0;
    const rows = column.rows.map(({ run, shareOfBest }) => {
      const result = shareOfBest !== null;
      return [
        result ? `${++rank}.` : '-',
        run.target,
        result
          ? `${run.flags.includes('client-bound') ? '≥' : ''}${formatCount(run.requestsPerSec.median)}`
          : '–',
        result ? formatPercent(shareOfBest, 0) : '–',
        result && run.requestsPerSec.median > 0 ? formatMs(run.latencyMs.p99) : '–',
        formatCpu(run.server.cpuPercent),
        run.server.rssPeakBytes === null ? '–' : formatBytes(run.server.rssPeakBytes),
        formatCpu(run.client.cpuPercent),
        run.flags.join(', '),
      ];
    });
    lines.push(
      ...pad([
        ['#', 'target', 'req/s', 'of best', 'p99', 'server CPU', 'server RSS', 'client CPU', 'flags'],
        ...rows,
      ]).map((l) => `  ${l}`),
    );
  }
  return lines.join('\n');
}
