// renderReport(): results.json in, one self-contained index.html out. chart.js, our client script, the CSS
// and the data are all inline, so the file opens from file:// and makes no network request.
import { SCENARIOS } from '../../model/scenarios.ts';
import type { Results } from '../../model/schema.ts';
import { compareResults } from '../../results/compare.ts';
import { type Column, columnsOf, measurementsIn } from '../columns.ts';
import { latencyAxis, latencyCurves } from '../curves.ts';
import { type Finding, findingsOf, type Rich } from '../findings.ts';
import { groupOf, modelMatrix } from '../matrix.ts';
import { type ColumnRanking, rankColumn } from '../ranking.ts';
import { scalingCpuCounts, scalingCurves } from '../scaling.ts';
import { targetsOf } from '../targets.ts';
import { EFFICIENCY_NOTE } from '../words.ts';
import { chartJsSource, clientSource } from './assets.ts';
import { flagLegend } from './badges.ts';
import { baselineChart } from './baseline.ts';
import type { ChartSpec } from './chart-spec.ts';
import { matrixChart } from './charts-matrix.ts';
import {
  latencyCurveCharts,
  microChart,
  resourceCharts,
  scalingChart,
  sweepCharts,
  sweepConnections,
  timeWaitChart,
} from './charts-overview.ts';
import { efficiencyChart, latencyPanels, throughputChart, timelineChart } from './charts-scenario.ts';
import { type Html, html, jsonForScript, raw } from './html.ts';
import { type ColorMap, targetColors } from './palette.ts';
import {
  environmentSection,
  failuresSection,
  header,
  implementationsSection,
  methodSection,
} from './sections.ts';
import { STYLES } from './styles.ts';
import {
  baselineTable,
  downloadsTable,
  latencyCurveTable,
  matrixTable,
  microTable,
  rankingTable,
  scalingTable,
  scenarioTable,
  sweepTable,
  timeWaitTable,
} from './tables.ts';

/** A finding's sentence: the names it sets apart in bold. */
function richHtml(text: Rich): Html {
  return html`${text.map((part) => (typeof part === 'string' ? part : html`<b>${part.strong}</b>`))}`;
}

function findingItems(findings: readonly Finding[], empty: string): Html {
  const items =
    findings.length > 0
      ? findings.map((f) => html`<li class="finding-${f.level}">${richHtml(f.text)}</li>`)
      : [html`<li>${empty}</li>`];
  return html`<ul class="findings">${items}</ul>`;
}

/** Collects the chart specs while the sections are built, in page order, for the JSON data block. */
class Charts {
  readonly specs: ChartSpec[] = [];

  figure(chart: ChartSpec, options: { note?: string | Html; wide?: boolean } = {}): Html {
    // A prefix keeps canvas ids apart from section ids ("micro", "sweep").
    const spec = { ...chart, id: `chart-${chart.id}` };
    this.specs.push(spec);
    return html`<figure class="chart${options.wide ? ' wide' : ''}"><figcaption>${spec.title}</figcaption><div class="canvas-box" style="height:${Math.round(
      spec.height,
    )}px"><canvas id="${spec.id}" role="img" aria-label="${spec.alt}">${spec.alt}</canvas></div>${
      options.note ? html`<p class="note">${options.note}</p>` : ''
    }${spec.note ? html`<p class="note">${spec.note}</p>` : ''}</figure>`;
  }
}

function throughputNote(ranking: ColumnRanking): string {
  const notes: string[] = [];
  const excluded = ranking.rows.filter((r) => r.standing === 'not-a-result');
  if (excluded.length > 0) {
    notes.push(
      'Not drawn, not a result: ' +
        excluded
          .map((r) => `${r.measurement.target} (${r.measurement.flags.join(', ') || 'no repetitions'})`)
          .join(', ') +
        '.',
    );
  }
  if (ranking.rows.some((r) => r.standing === 'lower-bound')) {
    notes.push("Striped bars are client-bound: the load generator's limit, a lower bound on the server.");
  }
  return notes.join(' ');
}

function efficiencyFigure(ranking: ColumnRanking, colors: ColorMap, charts: Charts): Html[] {
  const spec = efficiencyChart(ranking, colors);
  return spec === null ? [] : [charts.figure(spec, { note: EFFICIENCY_NOTE })];
}

function scenarioSection(
  results: Results,
  column: Column,
  ranking: ColumnRanking,
  colors: ColorMap,
  charts: Charts,
  first: boolean,
): Html {
  const measurements = measurementsIn(results, column);
  const text = SCENARIOS[column.scenario];
  const connections = measurements[0]?.connections;
  // With no measured run there is nothing to draw: an empty canvas would only look broken.
  const anyMeasured = ranking.rows.some((r) => r.standing !== 'not-a-result');
  // The first column's matrix stands at the top of the page already.
  const matrix = first ? null : matrixChart(modelMatrix(results, ranking));
  const figures: Html[] = anyMeasured
    ? [
        ...(matrix ? [charts.figure(matrix)] : []),
        charts.figure(throughputChart(ranking, colors), {
          note: throughputNote(ranking),
        }),
        ...latencyPanels(column.key, column.label, measurements, colors, (m) =>
          m.flags.includes('reference') ? 'reference' : groupOf(results, m.impl),
        ).map((spec) => charts.figure(spec)),
        ...efficiencyFigure(ranking, colors, charts),
        charts.figure(timelineChart(column.key, column.label, measurements, colors), {
          wide: true,
          note: 'Requests completed in each interval of each repetition, as a rate; the gaps separate the repetitions, each from a server process of its own.',
        }),
      ]
    : [html`<p class="note">No target produced a result in ${column.label}.</p>`];
  let extra: Html | string = '';
  const timeWait = timeWaitChart(measurements, colors);
  if (timeWait) {
    figures.push(
      charts.figure(timeWait, {
        note: 'Counted from /proc/net/tcp* on the server port right after the run: the side that closes first keeps each socket in TIME_WAIT.',
      }),
    );
    extra = timeWaitTable(measurements);
  }
  const slow = measurements.find((m) => m.probes.slowClients !== undefined)?.probes.slowClients;
  const slowNote = slow
    ? ` Here: ${slow.count} slow client${slow.count === 1 ? '' : 's'}, one header byte every ${slow.byteIntervalMs} ms.`
    : '';
  return html`<section id="scenario-${column.key}"><h2>${column.label} <span class="sub">${text.title}${
    connections !== undefined ? `, ${connections} connections` : ''
  }</span></h2><p class="lead">${text.what + slowNote}</p><div class="charts">${figures}</div><details open data-fold><summary>All figures for ${
    column.label
  }</summary>${scenarioTable(ranking)}${extra}</details></section>`;
}

function sweepSection(results: Results, charts: Charts, colors: ColorMap): Html {
  const counts = sweepConnections(results);
  if (counts.length === 0) return html``;
  const targets = targetsOf(results);
  const figures = sweepCharts(results, targets, colors).map((spec) => charts.figure(spec));
  return html`<section id="sweep"><h2>Concurrency sweep <span class="sub">${SCENARIOS.sweep.title}</span></h2><p class="lead">${
    SCENARIOS.sweep.what
  }</p><div class="charts">${figures}</div>${sweepTable(results, targets, counts)}</section>`;
}

/**
 * The cores scenario: throughput against the servers' CPUs, the figures with per-CPU and efficiency, and
 * the model matrix at the most CPUs, beside the one at the top of the page.
 */
function coresSection(
  results: Results,
  coreColumns: readonly Column[],
  rankings: ReadonlyMap<string, ColumnRanking>,
  charts: Charts,
  colors: ColorMap,
  matrixAtTop: boolean,
): Html {
  const counts = scalingCpuCounts(results);
  if (counts.length === 0) return html``;
  const curves = scalingCurves(results);
  const chart = scalingChart(curves, counts, colors);
  const most = coreColumns[coreColumns.length - 1];
  const mostRanking = most ? rankings.get(most.key) : undefined;
  const matrix = mostRanking && !matrixAtTop ? matrixChart(modelMatrix(results, mostRanking)) : null;
  const figures = [
    ...(chart ? [charts.figure(chart, { wide: true })] : []),
    ...(matrix && most
      ? [
          charts.figure(
            { ...matrix, title: `Which model, which runtime, on ${most.serverCpus} CPUs` },
            {
              note: 'Only the models that use more than one CPU take part; the others are "not measured" here.',
            },
          ),
        ]
      : []),
  ];
  return html`<section id="cores"><h2>On more CPUs <span class="sub">${SCENARIOS.cores.title}</span></h2><p class="lead">${
    SCENARIOS.cores.what
  }</p><div class="charts">${figures}</div>${scalingTable(curves, counts)}${
    most && mostRanking
      ? html`<details data-fold><summary>All figures on ${most.serverCpus} CPUs</summary>${scenarioTable(mostRanking)}</details>`
      : ''
  }</section>`;
}

function latencySection(results: Results, charts: Charts, colors: ColorMap): Html {
  const curves = latencyCurves(results);
  if (curves.length === 0) return html``;
  const { labels, keyOf } = latencyAxis(curves);
  const groupOfImpl = (impl: string) =>
    curves.some(
      (c) =>
        c.impl === impl && results.measurements.some((m) => m.impl === impl && m.flags.includes('reference')),
    )
      ? 'reference'
      : groupOf(results, impl);
  const figures = latencyCurveCharts(curves, colors, groupOfImpl).map((spec) => charts.figure(spec));
  return html`<section id="latency"><h2>Latency against load <span class="sub">${SCENARIOS.latency.title}</span></h2><p class="lead">${
    SCENARIOS.latency.what
  } A cross marks a point where the server served less than it was offered: its latency is not that rate's.</p><div class="charts">${figures}</div>${latencyCurveTable(
    curves,
    labels,
    keyOf,
  )}</section>`;
}

function streamSection(results: Results): Html {
  const streams = results.measurements.filter((m) => m.probes.downloads !== undefined);
  if (streams.length === 0) return html``;
  return html`<section id="stream"><h2>Streaming <span class="sub">${SCENARIOS.stream.title}</span></h2><p class="lead">${
    SCENARIOS.stream.what
  }</p>${downloadsTable(streams)}</section>`;
}

function resourcesSection(results: Results, columns: readonly Column[], charts: Charts): Html {
  // A chart with nothing sampled (remote targets only, say) is left out rather than drawn empty.
  const specs = resourceCharts(results, columns, targetsOf(results)).filter((s) =>
    s.data.datasets.some((d) => d.data.some((v) => v !== null)),
  );
  if (specs.length === 0) return html``;
  const pin = results.environment.pinning;
  const lead =
    "Sampled over each repetition from the server's whole process tree (workers included) and from the load " +
    'generator. 100 % is one core' +
    (pin.enabled
      ? `; the server may use CPU ${pin.serverCpus ?? '?'}, the load generator CPU ${pin.clientCpus ?? '?'}.`
      : '.');
  return html`<section id="resources"><h2>Resources</h2><p class="lead">${lead}</p><div class="charts three">${specs.map(
    (s) => charts.figure(s),
  )}</div></section>`;
}

function microSection(results: Results, charts: Charts): Html {
  const micro = results.micro;
  if (!micro || micro.length === 0) return html``;
  return html`<section id="micro"><h2>Micro-benchmarks <span class="sub">the shared core's hot functions, tinybench</span></h2><div class="charts">${charts.figure(
    microChart(micro),
  )}</div>${microTable(micro)}</section>`;
}

function baselineSection(results: Results, baseline: Results, charts: Charts): Html {
  const report = compareResults(baseline, results);
  const chart = baselineChart(report);
  return html`<section id="baseline"><h2>Against the baseline <span class="sub">run ${baseline.runId}, ${
    baseline.environment.date
  }</span></h2>${findingItems(
    findingsOf(results, report).filter((f) => f.kind === 'baseline'),
    '',
  )}<p class="note">The same comparison as <code>npm run compare</code>: Welch's t-test on the per-round ratios to nginx where both runs measured it beside the target, on the per-repetition figures otherwise; a change counts when it is significant and beyond ${
    report.threshold * 100
  } %.</p>${chart ? html`<div class="charts">${charts.figure(chart, { wide: true })}</div>` : ''}<details open data-fold><summary>Every change</summary>${baselineTable(
    report,
  )}</details></section>`;
}

export function renderReport(results: Results, baseline?: Results): string {
  const targets = targetsOf(results);
  const colors = targetColors(targets);
  const columns = columnsOf(results);
  const rankings = new Map(columns.map((c) => [c.key, rankColumn(results, c)]));
  const charts = new Charts();

  // A scenario's own column each; a curve's points (the sweep's counts, the cores scenario's CPUs) are
  // drawn in their own section.
  const scenarioColumns = columns.filter((c) => c.sweepConnections === null && c.serverCpus === null);
  const coreColumns = columns.filter((c) => c.serverCpus !== null);
  // The first ranked scenario (small, in a default run) is the one the matrix at the top is drawn for.
  const firstColumn = scenarioColumns[0] ?? coreColumns[coreColumns.length - 1];
  const firstRanking: ColumnRanking | undefined = firstColumn ? rankings.get(firstColumn.key) : undefined;
  const firstMatrix = firstRanking ? modelMatrix(results, firstRanking) : null;
  const comparison = baseline ? compareResults(baseline, results) : undefined;
  const findings = findingsOf(results, comparison);
  const headline = findings.filter((f) => f.level === 'headline');
  const scenarioSections = scenarioColumns.map((c, i) =>
    scenarioSection(results, c, rankings.get(c.key)!, colors, charts, i === 0),
  );
  const presentFlags = [...new Set(results.measurements.flatMap((m) => m.flags))];
  const matrixSpec = firstMatrix ? matrixChart(firstMatrix) : null;
  const nothing = 'No measurement finished: there is nothing to compare yet.';
  const sections = [
    html`<section id="glance"><h2>At a glance <span class="sub">which model, which runtime</span></h2>${findingItems(headline, nothing)}${
      matrixSpec && firstMatrix
        ? html`<div class="charts">${charts.figure(matrixSpec, {
            wide: true,
            note: `The best implementation of each model on each runtime in ${firstMatrix.ranking.column.label}; striped: client-bound (a lower bound); dashed lines: nginx and the lesson's server.`,
          })}</div><details data-fold><summary>The matrix as numbers</summary>${matrixTable(firstMatrix)}</details>`
        : ''
    }</section>`,
    html`<section id="findings"><h2>What this shows</h2>${findingItems(
      findings.filter((f) => f.level !== 'headline'),
      nothing,
    )}</section>`,
    html`<section id="ranking"><h2>Ranking <span class="sub">place in each scenario; tied where the 95 % intervals overlap</span></h2>${rankingTable(
      targets,
      columns,
      rankings,
    )}${flagLegend(presentFlags)}</section>`,
    baseline ? baselineSection(results, baseline, charts) : '',
    scenarioSections,
    sweepSection(results, charts, colors),
    coresSection(results, coreColumns, rankings, charts, colors, scenarioColumns.length === 0),
    latencySection(results, charts, colors),
    streamSection(results),
    resourcesSection(results, columns, charts),
    microSection(results, charts),
    failuresSection(results),
  ];
  const aside = [
    implementationsSection(results, targets),
    methodSection(results),
    environmentSection(results),
  ];
  const nav: Array<[string, string]> = [
    ['glance', 'At a glance'],
    ['findings', 'What this shows'],
    ['ranking', 'Ranking'],
    ...(baseline ? ([['baseline', 'Baseline']] as Array<[string, string]>) : []),
    ...scenarioColumns.map((c): [string, string] => [`scenario-${c.key}`, c.label]),
    ...(sweepConnections(results).length > 0 ? ([['sweep', 'Sweep']] as Array<[string, string]>) : []),
    ...(coreColumns.length > 0 ? ([['cores', 'On more CPUs']] as Array<[string, string]>) : []),
    ...(latencyCurves(results).length > 0
      ? ([['latency', 'Latency vs load']] as Array<[string, string]>)
      : []),
    ...(results.measurements.some((m) => m.probes.downloads !== undefined)
      ? ([['stream', 'Streaming']] as Array<[string, string]>)
      : []),
    ['resources', 'Resources'],
    ...(results.micro && results.micro.length > 0 ? ([['micro', 'Micro']] as Array<[string, string]>) : []),
    ['implementations', 'Implementations'],
    ['method', 'Method'],
    ['environment', 'Environment'],
  ];
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HTTP server shootout — ${results.runId}</title>
<style>${raw(STYLES)}</style>
</head>
<body>
${header(results, targets)}
<nav class="toc">${nav.map(([id, label]) => html`<a href="#${id}">${label}</a>`)}</nav>
<div class="layout">
<main>${sections.map(
    (s) => html`${s}
`,
  )}</main>
<aside>${aside.map(
    (s) => html`${s}
`,
  )}</aside>
</div>
<script type="application/json" id="report-data">${jsonForScript({ charts: charts.specs })}</script>
<script>${raw(chartJsSource())}</script>
<script>${raw(clientSource())}</script>
</body>
</html>
`.markup;
}
