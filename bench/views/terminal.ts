// The table printed at the end of a run: the ranking of ranking.ts as aligned plain text, then the findings.
import type { Results } from '../model/schema.ts';
import { latencyAxis, latencyCurves, latencyPointText } from './curves.ts';
import { findingsOf, plainText } from './findings.ts';
import { rankAll } from './ranking.ts';
import { SCALING_NOTE, scalingTextRows } from './scaling.ts';
import { flagLegendLine, PLACE_NOTE, TEXT_HEADER, textCells, VERSUS_NOTE } from './text-table.ts';
import { EFFICIENCY_NOTE } from './words.ts';

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
    const rows = ranking.rows.map((row) => textCells(row));
    const withReference = ranking.rows.some((r) => r.vsReference !== null);
    const keep = (_: unknown, i: number) => TEXT_HEADER[i] !== 'vs nginx' || withReference;
    const head = TEXT_HEADER.filter(keep);
    lines.push(...pad([head, ...rows.map((r) => r.filter(keep))]).map((l) => `  ${l}`));
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
  const scaling = scalingTextRows(results);
  if (scaling.length > 0) {
    lines.push('', 'cores: the servers on more and more CPUs');
    lines.push(...pad(scaling.map((row) => ['', ...row, ''])).map((l) => `  ${l}`), `  ${SCALING_NOTE}`);
  }
  const findings = findingsOf(results);
  if (findings.length > 0) {
    lines.push('', 'What this shows:');
    for (const f of findings) lines.push(`- ${plainText(f.text)}`);
  }
  lines.push('', PLACE_NOTE);
  if (results.measurements.some((m) => m.vsReference !== null)) lines.push(VERSUS_NOTE);
  lines.push(EFFICIENCY_NOTE);
  const legend = flagLegendLine([...new Set(results.measurements.flatMap((m) => m.flags))], (f) => f);
  if (legend !== '') lines.push(legend);
  return lines.join('\n');
}
