// The table printed at the end of a run: the ranking of ranking.ts as aligned plain text, then the findings.
import { FLAG_SHORT, type Flag } from '../model/flags.ts';
import type { Results } from '../model/schema.ts';
import { latencyAxis, latencyCurves, latencyPointText } from './curves.ts';
import { findingsOf, plainText } from './findings.ts';
import { formatBytes, formatCpu, formatEfficiency, formatMs, formatPercent } from './format.ts';
import { placeText, rankAll } from './ranking.ts';
import { EFFICIENCY_NOTE, figureText, intervalText, ratioWithInterval } from './words.ts';

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

/** "Flags: a …; b …" for the flags that occur, or '' when none does. */
export function flagLegendLine(present: readonly Flag[], code: (flag: string) => string): string {
  const shown = (Object.keys(FLAG_SHORT) as Flag[]).filter((f) => present.includes(f));
  if (shown.length === 0) return '';
  return `Flags: ${shown.map((f) => `${code(f)} ${FLAG_SHORT[f]}`).join('; ')}.`;
}

export function terminalSummary(results: Results): string {
  const lines: string[] = [];
  for (const ranking of rankAll(results)) {
    lines.push('', ranking.column.title);
    const rows = ranking.rows.map((row) => {
      const { measurement: m, figure, standing, place, shareOfBest, vsReference } = row;
      const result = standing !== 'not-a-result';
      return [
        result ? placeText(place) : '-',
        m.target,
        result ? figureText(row) : '–',
        result ? intervalText(figure.unit, figure.ci) || '–' : '–',
        vsReference === null ? '–' : ratioWithInterval(vsReference.ratio),
        shareOfBest === null ? '–' : formatPercent(shareOfBest),
        result && figure.value > 0 ? formatMs(m.latencyMs.p99) : '–',
        formatCpu(m.server.cpuPercent),
        formatEfficiency(m.server.requestsPerCpuSecond),
        m.server.rssPeakBytes === null ? '–' : formatBytes(m.server.rssPeakBytes),
        String(m.repetitions.length),
        m.flags.join(', '),
      ];
    });
    const head = [
      '#',
      'target',
      'throughput',
      '95 % CI',
      'vs nginx',
      'of best',
      'p99',
      'server CPU',
      'req/CPU-s',
      'server RSS',
      'n',
      'flags',
    ];
    lines.push(...pad([head, ...rows]).map((l) => `  ${l}`));
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
  const findings = findingsOf(results);
  if (findings.length > 0) {
    lines.push('', 'What this shows:');
    for (const f of findings) lines.push(`- ${plainText(f.text)}`);
  }
  lines.push(
    '',
    '#: the place, or the places a target could hold where the 95 % intervals overlap (tied); n: repetitions.',
    EFFICIENCY_NOTE,
  );
  const legend = flagLegendLine([...new Set(results.measurements.flatMap((m) => m.flags))], (f) => f);
  if (legend !== '') lines.push(legend);
  return lines.join('\n');
}
