// renderReport(): results.json in, one self-contained index.html out. chart.js, our client script, the CSS
// and the data are all inline, so the file opens from file:// and makes no network request.
import type { Results } from '../../results/schema.ts';
import { type Column, type ColumnRanking, columnsOf, rankColumn, runsIn, targetsOf } from './analysis.ts';
import { chartJsSource, clientSource } from './assets.ts';
import { baselineChart, compareToBaseline } from './baseline.ts';
import type { ChartSpec } from './chart-spec.ts';
import {
  microChart,
  resourceCharts,
  sweepCharts,
  sweepConnections,
  timeWaitChart,
} from './charts-overview.ts';
import { latencyChart, throughputChart, timelineChart } from './charts-scenario.ts';
import { flagLegend } from './flags.ts';
import { esc, jsonForScript } from './html.ts';
import {
  baselineSummary,
  caveats,
  comparisons,
  connectionCost,
  efficiency,
  saturation,
  stalledEffect,
  winners,
} from './insights.ts';
import { type ColorMap, targetColors } from './palette.ts';
import { SCENARIO_TEXT } from './scenarios.ts';
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
  microTable,
  rankingTable,
  scenarioTable,
  sweepTable,
  timeWaitTable,
} from './tables.ts';

/** Collects the chart specs while the sections are built, in page order, for the JSON data block. */
class Charts {
  readonly specs: ChartSpec[] = [];

  figure(chart: ChartSpec, options: { note?: string; wide?: boolean } = {}): string {
    // A prefix keeps canvas ids apart from section ids ("micro", "sweep").
    const spec = { ...chart, id: `chart-${chart.id}` };
    this.specs.push(spec);
    return (
      `<figure class="chart${options.wide ? ' wide' : ''}"><figcaption>${esc(spec.title)}</figcaption>` +
      `<div class="canvas-box" style="height:${Math.round(spec.height)}px">` +
      `<canvas id="${esc(spec.id)}" role="img" aria-label="${esc(spec.alt)}">${esc(spec.alt)}</canvas></div>` +
      (options.note ? `<p class="note">${options.note}</p>` : '') +
      (spec.note ? `<p class="note">${esc(spec.note)}</p>` : '') +
      '</figure>'
    );
  }
}

function throughputNote(ranking: ColumnRanking): string {
  const notes: string[] = [];
  const excluded = ranking.rows.filter((r) => r.standing === 'not-a-result');
  if (excluded.length > 0) {
    notes.push(
      'Not drawn, not a result: ' +
        excluded
          .map((r) => `${esc(r.run.target)} (${esc(r.run.flags.join(', ') || 'no repetitions')})`)
          .join(', ') +
        '.',
    );
  }
  if (ranking.rows.some((r) => r.standing === 'lower-bound')) {
    notes.push("Striped bars are client-bound: the load generator's limit, a lower bound on the server.");
  }
  return notes.join(' ');
}

function scenarioSection(
  results: Results,
  column: Column,
  ranking: ColumnRanking,
  colors: ColorMap,
  charts: Charts,
): string {
  const runs = runsIn(results, column);
  const text = SCENARIO_TEXT[column.scenario];
  const connections = runs[0]?.connections;
  // With no measured run there is nothing to draw: an empty canvas would only look broken.
  const anyMeasured = ranking.rows.some((r) => r.standing !== 'not-a-result');
  let figures = anyMeasured
    ? charts.figure(throughputChart(ranking, colors, results.method.repeats), {
        note: throughputNote(ranking),
      }) +
      charts.figure(latencyChart(column.key, column.label, runs, colors)) +
      charts.figure(timelineChart(column.key, column.label, runs, colors), {
        wide: true,
        note: 'Requests completed in each second of each repetition; the gaps separate the repetitions.',
      })
    : `<p class="note">No target produced a result in ${esc(column.label)}.</p>`;
  let extra = '';
  const timeWait = column.scenario === 'close' ? timeWaitChart(results, colors) : null;
  if (timeWait) {
    figures += charts.figure(timeWait, {
      note: 'Counted from /proc/net/tcp* on the server port right after the run: the side that closes first keeps each socket in TIME_WAIT.',
    });
    extra = timeWaitTable(runs.filter((r) => r.timeWait !== undefined));
  }
  const slow = runs.find((r) => r.slowClients !== undefined)?.slowClients;
  const slowNote = slow
    ? ` Here: ${slow.count} slow client${slow.count === 1 ? '' : 's'}, one header byte every ${slow.byteIntervalMs} ms.`
    : '';
  return (
    `<section id="scenario-${esc(column.key)}"><h2>${esc(column.label)} <span class="sub">${esc(text.title)}` +
    (connections !== undefined ? `, ${connections} connections` : '') +
    `</span></h2><p class="lead">${esc(text.what + slowNote)}</p><div class="charts">${figures}</div>` +
    `<details open data-fold><summary>All figures for ${esc(column.label)}</summary>${scenarioTable(ranking)}${extra}</details></section>`
  );
}

function sweepSection(results: Results, charts: Charts, colors: ColorMap): string {
  const counts = sweepConnections(results);
  if (counts.length === 0) return '';
  const targets = targetsOf(results);
  const figures = sweepCharts(results, targets, colors)
    .map((spec) => charts.figure(spec))
    .join('');
  return (
    `<section id="sweep"><h2>Concurrency sweep <span class="sub">${esc(SCENARIO_TEXT.sweep.title)}</span></h2>` +
    `<p class="lead">${esc(SCENARIO_TEXT.sweep.what)}</p><div class="charts">${figures}</div>` +
    sweepTable(results, targets, counts) +
    '</section>'
  );
}

function resourcesSection(results: Results, columns: readonly Column[], charts: Charts): string {
  // A chart with nothing sampled (remote targets only, say) is left out rather than drawn empty.
  const specs = resourceCharts(results, columns, targetsOf(results)).filter((s) =>
    s.data.datasets.some((d) => d.data.some((v) => v !== null)),
  );
  if (specs.length === 0) return '';
  const pin = results.environment.pinning;
  const lead =
    "Sampled over each repetition from the server's whole process tree (workers included) and from the load " +
    'generator. 100 % is one core' +
    (pin.enabled
      ? `; the server may use CPU ${pin.serverCpus ?? '?'}, the load generator CPU ${pin.clientCpus ?? '?'}.`
      : '.');
  return (
    `<section id="resources"><h2>Resources</h2><p class="lead">${esc(lead)}</p>` +
    `<div class="charts three">${specs.map((s) => charts.figure(s)).join('')}</div></section>`
  );
}

function microSection(results: Results, charts: Charts): string {
  const micro = results.micro;
  if (!micro || micro.length === 0) return '';
  return (
    '<section id="micro"><h2>Micro-benchmarks <span class="sub">the shared core\'s hot functions, tinybench</span></h2>' +
    `<div class="charts">${charts.figure(microChart(micro))}</div>${microTable(micro)}</section>`
  );
}

function baselineSection(results: Results, baseline: Results, charts: Charts): string {
  const changes = compareToBaseline(results, baseline);
  const chart = baselineChart(changes);
  return (
    `<section id="baseline"><h2>Against the baseline <span class="sub">run ${esc(baseline.runId)}, ${esc(baseline.environment.date)}</span></h2>` +
    `<ul class="findings">${baselineSummary(baseline, changes)
      .map((i) => `<li>${i}</li>`)
      .join('')}</ul>` +
    '<p class="note">Within noise: a change smaller than twice the larger coefficient of variation of the two runs. ' +
    '<code>npm run compare</code> tests significance on the per-second samples.</p>' +
    (chart ? `<div class="charts">${charts.figure(chart, { wide: true })}</div>` : '') +
    `<details open data-fold><summary>Every change</summary>${baselineTable(changes)}</details></section>`
  );
}

export function renderReport(results: Results, baseline?: Results): string {
  const targets = targetsOf(results);
  const colors = targetColors(targets);
  const columns = columnsOf(results);
  const rankings = new Map(columns.map((c) => [c.key, rankColumn(results, c)]));
  const rankingList = [...rankings.values()];
  const charts = new Charts();

  const findings = [
    ...winners(rankingList),
    ...stalledEffect(results, rankingList),
    ...connectionCost(rankingList),
    ...saturation(results),
    ...comparisons(rankingList),
    ...efficiency(rankingList),
    ...caveats(results),
  ];
  const scenarioColumns = columns.filter((c) => c.sweepConnections === null);
  const scenarioSections = scenarioColumns
    .map((c) => scenarioSection(results, c, rankings.get(c.key)!, colors, charts))
    .join('');
  const presentFlags = [...new Set(results.runs.flatMap((r) => r.flags))];
  const sections = [
    `<section id="findings"><h2>What this shows</h2><ul class="findings">${(findings.length > 0 ? findings : ['No measurement finished: there is nothing to compare yet.']).map((f) => `<li>${f}</li>`).join('')}</ul></section>`,
    `<section id="ranking"><h2>Ranking <span class="sub">percentage of the best in each scenario</span></h2>` +
      rankingTable(targets, columns, rankings) +
      flagLegend(presentFlags) +
      '</section>',
    baseline ? baselineSection(results, baseline, charts) : '',
    scenarioSections,
    sweepSection(results, charts, colors),
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
    ['findings', 'What this shows'],
    ['ranking', 'Ranking'],
    ...(baseline ? ([['baseline', 'Baseline']] as Array<[string, string]>) : []),
    ...scenarioColumns.map((c): [string, string] => [`scenario-${c.key}`, c.label]),
    ...(sweepConnections(results).length > 0 ? ([['sweep', 'Sweep']] as Array<[string, string]>) : []),
    ['resources', 'Resources'],
    ...(results.micro && results.micro.length > 0 ? ([['micro', 'Micro']] as Array<[string, string]>) : []),
    ['implementations', 'Implementations'],
    ['method', 'Method'],
    ['environment', 'Environment'],
  ];
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>HTTP server shootout — ${esc(results.runId)}</title>
<style>${STYLES}</style>
</head>
<body>
${header(results, targets)}
<nav class="toc">${nav.map(([id, label]) => `<a href="#${esc(id)}">${esc(label)}</a>`).join('')}</nav>
<div class="layout">
<main>${sections.join('\n')}</main>
<aside>${aside.join('\n')}</aside>
</div>
<script type="application/json" id="report-data">${jsonForScript({ charts: charts.specs })}</script>
<script>${chartJsSource()}</script>
<script>${clientSource()}</script>
</body>
</html>
`;
  return html;
}
