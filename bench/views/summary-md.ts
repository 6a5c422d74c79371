// summary.md: the ranking of views/ranking.ts as Markdown tables, ready to paste into an issue or a pull
// request.
import { SCENARIOS } from '../plan/scenarios.ts';
import type { ComparisonReport } from '../results/compare.ts';
import { BY_BYTES, type Results } from '../results/schema.ts';
import { comparisonMarkdown } from './compare-md.ts';
import { flagLegendLine } from './flags.ts';
import {
  formatBytes,
  formatCount,
  formatCpu,
  formatEfficiency,
  formatMs,
  formatPercent,
  formatRatio,
  tcpText,
} from './format.ts';
import {
  EFFICIENCY_NOTE,
  latencyAxis,
  latencyCurves,
  latencyPointText,
  pacingNote,
  type RankedRun,
  rankAll,
  type VersusReference,
} from './ranking.ts';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function environmentLine(results: Results): string {
  const e = results.environment;
  const runtimes = [
    `node ${e.runtimes.node}`,
    e.runtimes.bun && `bun ${e.runtimes.bun}`,
    e.runtimes.deno && `deno ${e.runtimes.deno}`,
  ]
    .filter(Boolean)
    .join(', ');
  const pinning = e.pinning.enabled
    ? `server on CPU ${e.pinning.serverCpus}, load generator on CPU ${e.pinning.clientCpus}`
    : 'no CPU pinning';
  const commit = e.git.commit
    ? `${e.git.commit.slice(0, 10)}${e.git.dirty ? ' (uncommitted changes)' : ''}`
    : 'unknown';
  return (
    `${e.cpu}, ${e.cores} cores, ${formatBytes(e.memoryBytes)} RAM, ${e.os}, kernel ${e.kernel}; ${runtimes}; ` +
    `${e.engine.name} ${e.engine.version}; ${pinning}${tcpText(e.tcp, '; TCP ')}; commit ${commit}; ${e.date}`
  );
}

export function methodLine(results: Results): string {
  const m = results.method;
  const sweep =
    m.scenarios.includes('sweep') && m.sweepRepeats !== undefined && m.sweepRepeats !== m.repeats
      ? ` (each sweep point ${m.sweepRepeats} × ${m.durationSec} s)`
      : '';
  const took = m.elapsedSec === undefined ? '' : ` The run took ${Math.round(m.elapsedSec)} s.`;
  return (
    `Each measurement: ${m.warmupSec} s warm-up (not recorded), then ${m.repeats} × ${m.durationSec} s${sweep}, ` +
    `on a freshly started server; req/s is the median over repetitions, spread is min–max, p99 the median ` +
    `of the repetitions' p99.${took}`
  );
}

const BOUND_MARK = { exact: '', 'at least': '≥ ', 'at most': '≤ ', unknown: '? ' } as const;

function referenceCell(v: VersusReference | null): string {
  return v === null ? '–' : `${BOUND_MARK[v.bound]}${formatRatio(v.ratio)}`;
}

function rowCells({ run, figure, standing, rank, shareOfBest, vsReference }: RankedRun): string[] {
  const result = standing !== 'not-a-result';
  const bound = standing === 'lower-bound' ? '≥ ' : '';
  return [
    rank === null ? '' : String(rank),
    `\`${run.target}\``,
    result ? bound + formatCount(run.requestsPerSec.median) : '–',
    result ? `${bound}${formatBytes(run.bytesPerSec)}/s` : '–',
    shareOfBest === null ? '–' : formatPercent(shareOfBest),
    referenceCell(vsReference),
    result && figure.unit === 'req/s'
      ? `${formatCount(run.requestsPerSec.min)}–${formatCount(run.requestsPerSec.max)}`
      : result
        ? `${formatBytes(figure.min)}/s–${formatBytes(figure.max)}/s`
        : '–',
    result && figure.value > 0 ? formatMs(run.latencyMs.p99) : '–',
    formatCpu(run.server.cpuPercent),
    formatEfficiency(run.server.requestsPerCpuSecond),
    run.server.rssPeakBytes === null ? '–' : formatBytes(run.server.rssPeakBytes),
    formatCpu(run.client.cpuPercent),
    run.flags.join(', '),
  ];
}

const HEADER = [
  '#',
  'target',
  'req/s',
  'bytes/s',
  '% of best',
  'vs nginx',
  'spread',
  'p99',
  'server CPU',
  'req/CPU-s',
  'server RSS',
  'client CPU',
  'flags',
];

/** Pictures drawn from the report (npm run report -- --png), as paths relative to summary.md. */
export interface SummaryImages {
  readonly matrix?: string | undefined;
  readonly latency?: string | undefined;
}

export function summaryMarkdown(
  results: Results,
  comparison?: ComparisonReport,
  images: SummaryImages = {},
): string {
  const parts: string[] = [`# HTTP server benchmark ${results.runId}`, ''];
  if (!results.complete) parts.push('**Incomplete run**: it was interrupted; what finished is below.', '');
  parts.push(
    environmentLine(results),
    '',
    methodLine(results),
    '',
    `Command: \`${results.environment.command}\``,
    '',
  );
  const pacing = pacingNote(results);
  if (pacing !== null) parts.push(`**Note:** ${pacing}`, '');
  if (images.matrix) parts.push(`![Which model, which runtime: small](${images.matrix})`, '');
  if (images.latency) parts.push(`![Latency against offered load: p99](${images.latency})`, '');
  for (const ranking of rankAll(results)) {
    const { column } = ranking;
    const scenario = SCENARIOS[column.scenario];
    const heading = column.sweepConnections === null ? `${column.title}: ${scenario.summary}` : column.title;
    // The big files are ranked by bytes/s; elsewhere bytes/s says little and is left out.
    const withBytes = BY_BYTES.includes(column.scenario);
    const withReference = ranking.rows.some((r) => r.vsReference !== null);
    const keep = (h: string) => (h !== 'bytes/s' || withBytes) && (h !== 'vs nginx' || withReference);
    const rows = ranking.rows.map((row) => rowCells(row).filter((_, i) => keep(HEADER[i]!)));
    parts.push(`## ${heading}`, '', table(HEADER.filter(keep), rows), '');
    const extra = ranking.rows
      .map(({ run }) => {
        if (run.timeWait !== undefined)
          return `\`${run.target}\`: ${formatCount(run.timeWait)} sockets in TIME_WAIT on the server side afterwards`;
        if (run.slowClients)
          return `\`${run.target}\`: the ${run.slowClients.count} slow clients completed ${run.slowClients.completed} requests`;
        return null;
      })
      .filter((line): line is string => line !== null);
    if (extra.length > 0) parts.push(...extra.map((line) => `- ${line}`), '');
  }
  const curves = latencyCurves(results);
  if (curves.length > 0) {
    const { labels, keyOf } = latencyAxis(curves);
    const rows = curves.map((c) => [
      `\`${c.target}\``,
      ...labels.map((label) => {
        const p = c.points.find((q) => keyOf(q) === label);
        return p === undefined ? '–' : latencyPointText(p);
      }),
    ]);
    parts.push(
      '## latency against offered load',
      '',
      `Open loop: ${SCENARIOS.latency.summary}; p50 / p99 from when each request was due.`,
      '',
      table(['target', ...labels], rows),
      '',
    );
  }
  const failures = results.runs.filter((r) => r.stderr);
  if (failures.length > 0) {
    parts.push('## Problems', '');
    for (const run of failures) {
      const firstLine = run.stderr!.split('\n').find((l) => l.trim() !== '') ?? '';
      parts.push(`- \`${run.target}\` ${run.scenario}: ${run.flags.join(', ')}: ${firstLine.slice(0, 200)}`);
    }
    parts.push('');
  }
  parts.push(EFFICIENCY_NOTE, '');
  const legend = flagLegendLine([...new Set(results.runs.flatMap((r) => r.flags))], (f) => `\`${f}\``);
  if (legend !== '') parts.push(legend, '');
  if (results.micro && results.micro.length > 0) {
    parts.push(
      '## Micro-benchmarks of the core',
      '',
      table(
        ['function', 'ops/s', '±', 'samples'],
        results.micro.map((m) => [
          m.name,
          formatCount(m.opsPerSec),
          `${m.rme.toFixed(1)} %`,
          String(m.samples),
        ]),
      ),
      '',
    );
  }
  if (comparison) parts.push(comparisonMarkdown(comparison), '');
  return parts.join('\n');
}
