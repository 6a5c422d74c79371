// summary.md: the findings and the ranking of ranking.ts as Markdown, ready to paste into an issue or a
// pull request.
import { SCENARIOS } from '../model/scenarios.ts';
import type { Results } from '../model/schema.ts';
import type { ComparisonReport } from '../results/compare.ts';
import { comparisonMarkdown } from './compare-md.ts';
import { latencyAxis, latencyCurves, latencyPointText } from './curves.ts';
import { findingsOf, markdownText } from './findings.ts';
import { formatBytes, formatCount, tcpText } from './format.ts';
import { rankAll } from './ranking.ts';
import { SCALING_NOTE, scalingTextRows } from './scaling.ts';
import { flagLegendLine, PLACE_NOTE, TEXT_HEADER, textCells, VERSUS_NOTE } from './text-table.ts';
import { EFFICIENCY_NOTE, warmupRuleText } from './words.ts';

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
    `${e.engine.name} ${e.engine.version}${
      e.calibration ? ` (its ceiling here ${formatCount(e.calibration.requestsPerSec)} req/s)` : ''
    }; ${pinning}${tcpText(e.tcp, '; TCP ')}; commit ${commit}; ${e.date}`
  );
}

export function methodLine(results: Results): string {
  const m = results.method;
  const took = m.elapsedSec === undefined ? '' : ` The run took ${Math.round(m.elapsedSec)} s.`;
  const warm =
    m.warmup === null
      ? `${m.warmupSec} s warm-up (not recorded), then`
      : m.warmupSec === 0
        ? 'no warm-up, then'
        : `a warm-up of ${warmupRuleText(m.warmup, m.warmupSec)}, then`;
  const rounds =
    m.warmup === null
      ? `${m.repeats} × ${m.durationSec} s on one server process`
      : `one window of ${m.durationSec} s, in each of ${m.repeats} rounds${m.maxRepeats > m.repeats ? ` (up to ${m.maxRepeats} where the interval was wide)` : ''}, each on a server process of its own, the targets in an order shuffled by seed ${m.seed}`;
  const left =
    m.leftOut.length > 0
      ? ` Left out to stay within the budget: ${m.leftOut.join(', ')} (--scenarios or --full).`
      : '';
  const remote = results.measurements.some((x) => x.flags.includes('remote'))
    ? ' A --url server is not restarted between rounds: its repetitions share its one process.'
    : '';
  return (
    `Each figure: ${warm} ${rounds}. The figure is the mean over the repetitions with Student's t 95 % ` +
    `interval; targets whose intervals overlap share their places ("2–4").${remote}${took}${left}`
  );
}

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
  const first = rankAll(results).find((r) => r.column.sweepConnections === null);
  if (images.matrix && first)
    parts.push(`![Which model, which runtime: ${first.column.label}](${images.matrix})`, '');
  if (images.latency) parts.push(`![Latency against offered load: p99, event loop](${images.latency})`, '');
  const findings = findingsOf(results, comparison);
  if (findings.length > 0)
    parts.push('## What this shows', '', ...findings.map((f) => `- ${markdownText(f.text)}`), '');
  for (const ranking of rankAll(results)) {
    const { column } = ranking;
    const scenario = SCENARIOS[column.scenario];
    const heading = column.sweepConnections === null ? `${column.title}: ${scenario.summary}` : column.title;
    const withReference = ranking.rows.some((r) => r.vsReference !== null);
    const keep = (_: unknown, i: number) => TEXT_HEADER[i] !== 'vs nginx' || withReference;
    const rows = ranking.rows.map((row) => textCells(row, (t) => `\`${t}\``).filter(keep));
    parts.push(`## ${heading}`, '', table(TEXT_HEADER.filter(keep), rows), '');
    const extra = ranking.rows
      .map(({ measurement: m }) => {
        if (m.probes.timeWait !== undefined)
          return `\`${m.target}\`: ${formatCount(m.probes.timeWait.server)} sockets in TIME_WAIT on the server side afterwards`;
        if (m.probes.slowClients)
          return `\`${m.target}\`: the ${m.probes.slowClients.count} slow clients completed ${m.probes.slowClients.completed} requests`;
        if (m.probes.idleMemory?.rssPerIdleConnectionBytes != null)
          return `\`${m.target}\`: ${formatBytes(m.probes.idleMemory.rssPerIdleConnectionBytes)} of server memory per idle connection`;
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
  const scaling = scalingTextRows(results);
  if (scaling.length > 0) {
    const [head, ...rows] = scaling;
    parts.push(
      '## cores: the servers on more and more CPUs',
      '',
      table(
        head!,
        rows.map(([target, ...cells]) => [`\`${target}\``, ...cells]),
      ),
      '',
      SCALING_NOTE,
      '',
    );
  }
  const streams = results.measurements.filter((m) => m.probes.downloads !== undefined);
  if (streams.length > 0) {
    parts.push(
      '## stream: memory while sending a file far larger than it',
      '',
      table(
        ['target', 'peak RSS', 'exact downloads', 'Range', 'flags'],
        streams.map((m) => [
          `\`${m.target}\``,
          m.server.rssPeakBytes === null ? '–' : formatBytes(m.server.rssPeakBytes),
          `${m.probes.downloads!.exact}/${m.probes.downloads!.clients}`,
          m.probes.downloads!.rangeExact === null ? '–' : m.probes.downloads!.rangeExact ? 'exact' : 'wrong',
          m.flags.join(', '),
        ]),
      ),
      '',
    );
  }
  const failures = results.measurements.filter((m) => m.stderr);
  if (failures.length > 0) {
    parts.push('## Problems', '');
    for (const m of failures) {
      const firstLine = m.stderr!.split('\n').find((l) => l.trim() !== '') ?? '';
      parts.push(`- \`${m.target}\` ${m.scenario}: ${m.flags.join(', ')}: ${firstLine.slice(0, 200)}`);
    }
    parts.push('');
  }
  const versus = results.measurements.some((m) => m.vsReference !== null) ? ` ${VERSUS_NOTE}` : '';
  parts.push(`${PLACE_NOTE}${versus} ${EFFICIENCY_NOTE}`, '');
  const legend = flagLegendLine(
    [...new Set(results.measurements.flatMap((m) => m.flags))],
    (f) => `\`${f}\``,
  );
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
