// "What this shows": sentences computed from the numbers, never written in advance. Each function returns
// list items, or nothing when the data does not support the statement.
import type { ComparisonReport } from '../../results/compare.ts';
import type { Flag, Results, Run } from '../../results/schema.ts';
import {
  formatBytes,
  formatChange,
  formatCompact,
  formatFigure,
  formatMs,
  formatPercent,
  formatRatio,
} from '../format.ts';
import {
  type ColumnRanking,
  figureText,
  isMeasured,
  MATRIX_GROUPS,
  MATRIX_RUNTIMES,
  type MatrixCell,
  type ModelMatrix,
  pacingNote,
  type RankedRun,
  servedWithErrors,
  standingOf,
} from '../ranking.ts';
import { rowLabel } from './baseline.ts';
import { type Html, html, join } from './html.ts';

const b = (text: string) => html`<b>${text}</b>`;

function modelOf(results: Results, impl: string): string | undefined {
  return results.implementations.find((i) => i.id === impl)?.model;
}

function named(results: Results, run: Run): Html {
  const model = modelOf(results, run.impl);
  return html`${b(run.target)}${model ? ` (${model})` : ''}`;
}

/** Who wins each scenario among the project's servers, by how much, and where the reference stands. */
export function winners(rankings: readonly ColumnRanking[]): Html[] {
  const items: Html[] = [];
  for (const ranking of rankings) {
    if (ranking.column.sweepConnections !== null) continue;
    const measured = ranking.rows.filter((r) => r.standing !== 'not-a-result');
    const contenders = measured.filter((r) => !r.run.flags.includes('reference'));
    const [first, second] = contenders;
    if (!first) continue;
    const parts: unknown[] = [
      html`${b(ranking.column.label)} (${first.run.connections} connections): ${b(first.run.target)} leads with ${figureText(first)}`,
    ];
    if (first.standing === 'lower-bound') parts.push(', a lower bound (the load generator was saturated)');
    if (second) {
      if (first.standing === 'lower-bound' && second.standing === 'lower-bound') {
        parts.push(
          html`; ${b(second.run.target)} also reached the load generator's limit, so their order is not measured`,
        );
      } else if (second.figure.value > 0) {
        parts.push(
          html`, ${formatRatio(first.figure.value / second.figure.value)} the next, ${b(second.run.target)} (${figureText(second)})`,
        );
      }
    }
    const reference = measured.find((r) => r.run.flags.includes('reference'));
    if (reference) parts.push(html`. Reference ${b(reference.run.target)}: ${figureText(reference)}`);
    items.push(html`${parts}.`);
  }
  return items;
}

/** "2.1×", or "≥ 2.1×" / "≤ 0.5×" when one side is a lower bound; null when either is not a result. */
function boundedRatio(x: RankedRun, y: RankedRun): string | null {
  if (x.standing === 'not-a-result' || y.standing === 'not-a-result' || y.figure.value <= 0) return null;
  const xBound = x.standing === 'lower-bound';
  const yBound = y.standing === 'lower-bound';
  if (xBound && yBound) return null;
  return `${xBound ? '≥ ' : yBound ? '≤ ' : ''}${formatRatio(x.figure.value / y.figure.value)}`;
}

const LESSON_NOTE: Partial<Record<string, string>> = {
  small: 'it closes every connection, so each of its requests pays for a TCP handshake',
  close: 'every server pays for a connection per request here',
};

/** What the slow clients did to the lesson's server, read from its stalled and small figures. */
function lessonStalledNote(rankings: readonly ColumnRanking[]): string {
  const figure = (key: string) =>
    rankings.find((r) => r.column.key === key)?.rows.find((r) => r.run.impl === 'lesson')?.figure.value;
  const small = figure('small');
  const stalled = figure('stalled');
  if (small === undefined || stalled === undefined || small <= 0) return '';
  return stalled / small >= 0.8
    ? 'the slow clients barely slow it: its one recv(1024) takes whatever part of a request has arrived, so a slow client gets its 404 after one byte instead of holding the server, as it holds sequential'
    : 'a slow client holds it, as it holds sequential';
}

/**
 * The lesson's own server beside what the project built from it: against sequential@node (the same model
 * on the shared core), async@node (an event loop) and nginx, in close, small and stalled.
 */
export function lessonComparison(rankings: readonly ColumnRanking[]): Html[] {
  const items: Html[] = [];
  for (const key of ['close', 'small', 'stalled']) {
    const ranking = rankings.find((r) => r.column.key === key);
    const lesson = ranking?.rows.find((r) => r.run.impl === 'lesson');
    if (!ranking || !lesson || lesson.standing === 'not-a-result') continue;
    const against = ['sequential@node', 'async@node', 'nginx']
      .map((target) => {
        const other = ranking.rows.find((r) => r.run.target === target);
        const ratio = other ? boundedRatio(lesson, other) : null;
        return ratio === null ? null : html`${ratio} ${b(target)}`;
      })
      .filter((x): x is Html => x !== null);
    if (against.length === 0) continue;
    const note = key === 'stalled' ? lessonStalledNote(rankings) : (LESSON_NOTE[key] ?? '');
    items.push(
      html`The lesson's server in ${b(key)}: ${figureText(lesson)}, ${join(against, ', ')}${
        note === '' ? '' : ` (${note})`
      }.`,
    );
  }
  return items;
}

/**
 * The same targets in two columns, both measured. `collapsedToo`: the second may also be a run that left
 * requests unanswered (a server that a slow client stops is the finding, not a gap).
 */
function pairOf(
  rankings: readonly ColumnRanking[],
  a: string,
  c: string,
  collapsedToo = false,
): Array<[RankedRun, RankedRun]> {
  const first = rankings.find((r) => r.column.key === a);
  const second = rankings.find((r) => r.column.key === c);
  if (!first || !second) return [];
  const pairs: Array<[RankedRun, RankedRun]> = [];
  for (const x of first.rows) {
    const y = second.rows.find((r) => r.run.target === x.run.target);
    const usable = y && (y.standing !== 'not-a-result' || (collapsedToo && servedWithErrors(y.run)));
    if (usable && x.standing !== 'not-a-result' && x.figure.value > 0) pairs.push([x, y]);
  }
  return pairs;
}

function range(ratios: readonly number[]): string {
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  return Math.round(lo * 100) === Math.round(hi * 100)
    ? formatPercent(lo)
    : `${formatPercent(lo)}–${formatPercent(hi)}`;
}

/** What a few slow clients do to each model: stalled throughput as a share of small. */
export function stalledEffect(results: Results, rankings: readonly ColumnRanking[]): Html[] {
  const pairs = pairOf(rankings, 'small', 'stalled', true)
    .map(([small, stalled]) => ({ small, stalled, ratio: stalled.figure.value / small.figure.value }))
    .sort((x, y) => x.ratio - y.ratio);
  const worst = pairs[0];
  if (!worst) return [];
  if (worst.ratio >= 0.8) {
    return [
      html`Stalled clients cost little: every target keeps ${range(pairs.map((p) => p.ratio))} of its ${b('small')} throughput.`,
    ];
  }
  const others = pairs.slice(1);
  return [
    html`Under ${b('stalled')} clients, ${named(results, worst.small.run)} keeps only ${formatPercent(worst.ratio)} of its ${b(
      'small',
    )} throughput (${figureText(worst.small)} → ${figureText(worst.stalled)}; p99 ${formatMs(
      worst.small.run.latencyMs.p99,
    )} → ${formatMs(worst.stalled.run.latencyMs.p99)})${
      worst.stalled.run.timeouts > 0
        ? ` with ${formatCompact(worst.stalled.run.timeouts)} requests unanswered (timeouts), so it is not ranked`
        : ''
    }.${others.length > 0 ? ` The other targets keep ${range(others.map((p) => p.ratio))}.` : ''}`,
  ];
}

/** The price of a TCP connection per request: close as a share of small, and the TIME_WAIT it leaves. */
export function connectionCost(rankings: readonly ColumnRanking[]): Html[] {
  const ratios = pairOf(rankings, 'small', 'close').map(
    ([small, close]) => close.figure.value / small.figure.value,
  );
  if (ratios.length === 0) return [];
  const close = rankings.find((r) => r.column.key === 'close');
  const most = [...(close?.rows ?? [])]
    .filter((r) => r.run.timeWait !== undefined)
    .sort((x, y) => (y.run.timeWait ?? 0) - (x.run.timeWait ?? 0))[0];
  return [
    html`A new TCP connection per request (${b('close')}) delivers ${range(ratios)} of the keep-alive throughput (${b(
      'small',
    )})${Math.max(...ratios) < 0.5 ? ': the connection set-up and teardown, not the HTTP work, set the pace' : ''}${
      most && (most.run.timeWait ?? 0) > 0
        ? html`; it leaves up to ${formatCompact(most.run.timeWait ?? 0)} sockets in TIME_WAIT on the server (${b(most.run.target)})`
        : ''
    }.`,
  ];
}

/** Where each target saturates in the sweep: the first connection count within 10 % of its peak. */
export function saturation(results: Results): Html[] {
  const sweep = results.runs.filter((r) => r.scenario === 'sweep' && isMeasured(r));
  const lines: Html[] = [];
  for (const target of new Set(sweep.map((r) => r.target))) {
    const points = sweep.filter((r) => r.target === target).sort((x, y) => x.connections - y.connections);
    if (points.length < 2) continue;
    const peak = points.reduce((best, r) =>
      r.requestsPerSec.median > best.requestsPerSec.median ? r : best,
    );
    const knee = points.find((r) => r.requestsPerSec.median >= 0.9 * peak.requestsPerSec.median) ?? peak;
    const last = points[points.length - 1]!;
    const bound = standingOf(peak) === 'lower-bound' ? '≥ ' : '';
    lines.push(
      html`${b(target)}: peak ${bound}${formatCompact(peak.requestsPerSec.median)} req/s${
        knee === last
          ? `, still rising at ${last.connections} connections`
          : `, within 10 % of it from ${knee.connections} connections; more connections only queue: p99 ${formatMs(
              knee.latencyMs.p99,
            )} at ${knee.connections} → ${formatMs(last.latencyMs.p99)} at ${last.connections}`
      }`,
    );
  }
  if (lines.length === 0) return [];
  return [
    html`Concurrency ${b('sweep')}, where each target saturates:<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>`,
  ];
}

/** The same implementation on several runtimes, and the models on one runtime, in the small scenario. */
export function comparisons(rankings: readonly ColumnRanking[]): Html[] {
  const small = rankings.find((r) => r.column.key === 'small');
  if (!small) return [];
  const measured = small.rows.filter(
    (r) => r.standing !== 'not-a-result' && !r.run.flags.includes('reference'),
  );
  const items: Html[] = [];
  for (const impl of new Set(measured.map((r) => r.run.impl))) {
    const same = measured.filter((r) => r.run.impl === impl);
    if (same.length < 2) continue;
    const [fast, ...rest] = same;
    const parts = rest.map(
      (r) =>
        html`${formatRatio(fast!.figure.value / Math.max(1, r.figure.value))} its speed on ${b(r.run.runtime)}`,
    );
    items.push(
      html`On ${b(fast!.run.runtime)}, the same ${b(impl)} server reaches ${
        fast!.standing === 'lower-bound' ? 'at least ' : ''
      }${join(parts, ', ')} in ${b('small')}.`,
    );
  }
  for (const runtime of new Set(measured.map((r) => r.run.runtime))) {
    const models = measured.filter((r) => r.run.runtime === runtime);
    if (models.length < 2) continue;
    const order = join(
      models.map((r) => html`${b(r.run.impl)} ${figureText(r)}`),
      ' > ',
    );
    items.push(html`On ${b(runtime)}, the models in ${b('small')}: ${order}.`);
  }
  return items;
}

/** Requests per CPU core-second and the memory footprint, in the small scenario. */
export function efficiency(rankings: readonly ColumnRanking[]): Html[] {
  const small = rankings.find((r) => r.column.key === 'small');
  if (!small) return [];
  const perCpu = (r: RankedRun) => r.run.server.requestsPerCpuSecond ?? 0;
  const sampled = small.rows
    .filter((r) => r.standing !== 'not-a-result' && !r.run.flags.includes('reference') && perCpu(r) > 0)
    .sort((x, y) => perCpu(y) - perCpu(x));
  const items: Html[] = [];
  if (sampled.length >= 2) {
    const top = sampled[0]!;
    const bottom = sampled[sampled.length - 1]!;
    items.push(
      html`Per CPU-second of the server in ${b('small')}, ${b(top.run.target)} serves the most: ${formatCompact(
        perCpu(top),
      )} requests, against ${formatCompact(perCpu(bottom))} for ${b(bottom.run.target)}.`,
    );
  }
  // Their throughput is the client's limit, so it cannot order them; the work per answer still can.
  const bound = sampled.filter((r) => r.standing === 'lower-bound');
  if (bound.length >= 2) {
    items.push(
      html`Client-bound in ${b('small')}, so not ordered by throughput; by requests per server CPU-second: ${bound.map(
        (r, i) => html`${i > 0 ? ' > ' : ''}${b(r.run.target)} (${formatCompact(perCpu(r))})`,
      )}.`,
    );
  }
  const withRss = small.rows.filter(
    (r) =>
      r.standing !== 'not-a-result' &&
      !r.run.flags.includes('reference') &&
      r.run.server.rssPeakBytes !== null,
  );
  if (withRss.length >= 2) {
    const sorted = [...withRss].sort(
      (x, y) => (x.run.server.rssPeakBytes ?? 0) - (y.run.server.rssPeakBytes ?? 0),
    );
    const low = sorted[0]!;
    const high = sorted[sorted.length - 1]!;
    items.push(
      html`Peak memory in ${b('small')} ranges from ${formatBytes(low.run.server.rssPeakBytes ?? 0)} (${b(
        low.run.target,
      )}) to ${formatBytes(high.run.server.rssPeakBytes ?? 0)} (${b(high.run.target)}).`,
    );
  }
  return items;
}

function targetsWith(results: Results, flag: Flag): string[] {
  return [...new Set(results.runs.filter((r) => r.flags.includes(flag)).map((r) => r.target))];
}

/** What limits the reading: client-bound, wrong answers, instability, failures. */
export function caveats(results: Results): Html[] {
  const items: Html[] = [];
  const pacing = pacingNote(results);
  if (pacing !== null) items.push(html`${pacing}`);
  const bound = results.runs.filter((r) => r.flags.includes('client-bound'));
  if (bound.length > 0) {
    items.push(
      html`${bound.length} measurement${bound.length === 1 ? '' : 's'} reached the load generator's limit (${join(
        targetsWith(results, 'client-bound').map(b),
        ', ',
      )}): those figures are lower bounds, so the servers' order among them is not measured.`,
    );
  }
  const wrong = results.runs.filter((r) => r.flags.includes('wrong-answers'));
  if (wrong.length > 0) {
    items.push(
      html`Wrong answers: ${join(
        wrong.map((r) => html`${b(r.target)} in ${r.scenario}`),
        ', ',
      )}. Those figures are not results and are not ranked.`,
    );
  }
  const unanswered = results.runs.filter((r) => r.flags.includes('errors'));
  if (unanswered.length > 0) {
    items.push(
      html`Requests went unanswered (connection errors or timeouts): ${join(
        unanswered.map(
          (r) =>
            html`${b(r.target)} in ${r.scenario} (${formatCompact(r.errors)} errors, ${formatCompact(r.timeouts)} timeouts)`,
        ),
        ', ',
      )}. Those figures are not ranked.`,
    );
  }
  const unstable = results.runs.filter((r) => r.flags.includes('unstable'));
  if (unstable.length > 0) {
    items.push(
      html`Unstable between repetitions (cv above 10 %): ${join(
        unstable.map((r) => html`${b(r.target)} in ${r.scenario}`),
        ', ',
      )}.`,
    );
  }
  const failed = [
    ...new Set(
      (['start-failed', 'preflight-failed', 'died'] as const).flatMap((f) => targetsWith(results, f)),
    ),
  ];
  if (failed.length > 0) {
    items.push(
      html`Not measured: ${join(failed.map(b), ', ')} (see <a href="#failures">failed targets</a>).`,
    );
  }
  return items;
}

export function baselineSummary(report: ComparisonReport): Html[] {
  const better = report.rows.filter((c) => c.verdict === 'improvement');
  const worse = report.rows.filter((c) => c.verdict === 'regression');
  const unsure = report.rows.filter((c) => c.verdict === 'inconclusive' || c.verdict === 'not enough data');
  const drop = [...worse].sort((x, y) => (x.change ?? 0) - (y.change ?? 0))[0];
  return [
    html`Against the baseline ${b(report.baseRunId)}: ${better.length} significantly faster and ${
      worse.length
    } significantly slower beyond ${formatPercent(report.threshold)}${
      drop?.change != null && drop.base !== null && drop.next !== null
        ? html`; the largest drop is ${b(rowLabel(drop))} (${formatChange(drop.change)}, ${formatFigure(
            drop.unit,
            drop.base,
          )} → ${formatFigure(drop.unit, drop.next)})`
        : ''
    }${unsure.length > 0 ? `; ${unsure.length} not decided (too few repetitions for the change seen)` : ''}.`,
  ];
}

/** The best measured cell of a list, and whether its lead is measured (not two lower bounds). */
function bestOf(cells: readonly MatrixCell[]): { best: RankedRun; decided: boolean } | null {
  const rows = cells
    .filter((c): c is Extract<MatrixCell, { kind: 'measured' }> => c.kind === 'measured')
    .map((c) => c.row)
    .sort((a, b) => b.figure.value - a.figure.value);
  const [best, next] = rows;
  if (!best) return null;
  const decided = !next || best.standing !== 'lower-bound' || next.standing !== 'lower-bound';
  return { best, decided };
}

/**
 * The matrix in two sentences: which model wins on each runtime, which runtime on each model. A lead
 * between two lower bounds is not a lead: it says so.
 */
export function matrixFindings(matrix: ModelMatrix): Html[] {
  const label = matrix.column.label;
  const perRuntime = MATRIX_RUNTIMES.map((runtime, r) => {
    const found = bestOf(matrix.cells.map((row) => row[r]!));
    if (!found) return null;
    const group =
      MATRIX_GROUPS[
        matrix.cells.findIndex((row) => row[r]!.kind === 'measured' && row[r]!.row === found.best)
      ]!;
    return html`${b(runtime)}: ${group.label} (${found.best.run.target}, ${figureText(found.best)}${
      found.decided ? '' : ', order unmeasured: the client was the limit'
    })`;
  }).filter((x): x is Html => x !== null);
  const perModel = MATRIX_GROUPS.map(({ label: model }, g) => {
    const found = bestOf(matrix.cells[g]!);
    if (!found) return null;
    return html`${model}: ${b(found.best.run.runtime)}${found.decided ? '' : " (tied at the client's limit)"}`;
  }).filter((x): x is Html => x !== null);
  const items: Html[] = [];
  if (perRuntime.length > 0)
    items.push(html`Fastest model in ${b(label)}, per runtime — ${join(perRuntime, '; ')}.`);
  if (perModel.length > 0)
    items.push(html`Fastest runtime in ${b(label)}, per model — ${join(perModel, '; ')}.`);
  return items;
}
