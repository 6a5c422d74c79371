// "What this shows": sentences computed from the numbers, never written in advance. Each function returns
// HTML list items (strings from the data escaped) or nothing when the data does not support the statement.
import type { Flag, Results, Run } from '../../results/schema.ts';
import { type ColumnRanking, figureOf, isMeasured, type RankedRun, standingOf } from './analysis.ts';
import type { Change } from './baseline.ts';
import { figureText, formatFigure } from './charts-scenario.ts';
import { formatBytes, formatChange, formatCount, formatMs, formatPercent } from './format.ts';
import { esc } from './html.ts';

const b = (text: string) => `<b>${esc(text)}</b>`;
const times = (ratio: number) => `${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}×`;

function modelOf(results: Results, impl: string): string | undefined {
  return results.implementations.find((i) => i.id === impl)?.model;
}

function named(results: Results, run: Run): string {
  const model = modelOf(results, run.impl);
  return b(run.target) + (model ? ` (${esc(model)})` : '');
}

/** Who wins each scenario among the project's servers, by how much, and where the reference stands. */
export function winners(rankings: readonly ColumnRanking[]): string[] {
  const items: string[] = [];
  for (const ranking of rankings) {
    if (ranking.column.sweepConnections !== null) continue;
    const measured = ranking.rows.filter((r) => r.standing !== 'not-a-result');
    const contenders = measured.filter((r) => !r.run.flags.includes('reference'));
    const [first, second] = contenders;
    if (!first) continue;
    const conn = first.run.connections;
    let text = `${b(ranking.column.label)} (${conn} connections): ${b(first.run.target)} leads with ${esc(figureText(first))}`;
    if (first.standing === 'lower-bound') text += ', a lower bound (the load generator was saturated)';
    if (second) {
      if (first.standing === 'lower-bound' && second.standing === 'lower-bound') {
        text += `; ${b(second.run.target)} also reached the load generator's limit, so their order is not measured`;
      } else if (second.figure.value > 0) {
        text += `, ${esc(times(first.figure.value / second.figure.value))} the next, ${b(second.run.target)} (${esc(figureText(second))})`;
      }
    }
    const reference = measured.find((r) => r.run.flags.includes('reference'));
    if (reference) text += `. Reference ${b(reference.run.target)}: ${esc(figureText(reference))}`;
    items.push(text + '.');
  }
  return items;
}

function pairOf(rankings: readonly ColumnRanking[], a: string, c: string): Array<[RankedRun, RankedRun]> {
  const first = rankings.find((r) => r.column.key === a);
  const second = rankings.find((r) => r.column.key === c);
  if (!first || !second) return [];
  const pairs: Array<[RankedRun, RankedRun]> = [];
  for (const x of first.rows) {
    const y = second.rows.find((r) => r.run.target === x.run.target);
    if (y && x.standing !== 'not-a-result' && y.standing !== 'not-a-result' && x.figure.value > 0)
      pairs.push([x, y]);
  }
  return pairs;
}

/** What a few slow clients do to each model: stalled throughput as a share of small. */
export function stalledEffect(results: Results, rankings: readonly ColumnRanking[]): string[] {
  const pairs = pairOf(rankings, 'small', 'stalled')
    .map(([small, stalled]) => ({ small, stalled, ratio: stalled.figure.value / small.figure.value }))
    .sort((x, y) => x.ratio - y.ratio);
  const worst = pairs[0];
  if (!worst) return [];
  const others = pairs.slice(1);
  const range = (list: typeof pairs) => {
    const lo = Math.min(...list.map((p) => p.ratio)) * 100;
    const hi = Math.max(...list.map((p) => p.ratio)) * 100;
    return Math.round(lo) === Math.round(hi)
      ? formatPercent(lo)
      : `${formatPercent(lo)}–${formatPercent(hi)}`;
  };
  if (worst.ratio >= 0.8) {
    return [
      `Stalled clients cost little: every target keeps ${esc(range(pairs))} of its ${b('small')} throughput.`,
    ];
  }
  let text =
    `Under ${b('stalled')} clients, ${named(results, worst.small.run)} keeps only ` +
    `${esc(formatPercent(worst.ratio * 100))} of its ${b('small')} throughput ` +
    `(${esc(figureText(worst.small))} → ${esc(figureText(worst.stalled))}; p99 ` +
    `${esc(formatMs(worst.small.run.latencyMs.p99))} → ${esc(formatMs(worst.stalled.run.latencyMs.p99))})`;
  if (worst.stalled.run.timeouts > 0)
    text += ` with ${esc(formatCount(worst.stalled.run.timeouts))} timeouts`;
  text += '.';
  if (others.length > 0) text += ` The other targets keep ${esc(range(others))}.`;
  return [text];
}

/** The price of a TCP connection per request: close as a share of small, and the TIME_WAIT it leaves. */
export function connectionCost(rankings: readonly ColumnRanking[]): string[] {
  const pairs = pairOf(rankings, 'small', 'close').map(
    ([small, close]) => close.figure.value / small.figure.value,
  );
  if (pairs.length === 0) return [];
  const lo = Math.min(...pairs) * 100;
  const hi = Math.max(...pairs) * 100;
  let text =
    `A new TCP connection per request (${b('close')}) delivers ` +
    `${esc(lo === hi ? formatPercent(lo) : `${formatPercent(lo)}–${formatPercent(hi)}`)} of the keep-alive ` +
    `throughput (${b('small')})`;
  if (hi < 50) text += ': the connection set-up and teardown, not the HTTP work, set the pace';
  const close = rankings.find((r) => r.column.key === 'close');
  const withTimeWait = (close?.rows ?? []).filter((r) => r.run.timeWait !== undefined);
  const most = withTimeWait.sort((x, y) => (y.run.timeWait ?? 0) - (x.run.timeWait ?? 0))[0];
  if (most && (most.run.timeWait ?? 0) > 0) {
    text += `; it leaves up to ${esc(formatCount(most.run.timeWait ?? 0))} sockets in TIME_WAIT on the server (${b(most.run.target)})`;
  }
  return [text + '.'];
}

/** Where each target saturates in the sweep: the first connection count within 10 % of its peak. */
export function saturation(results: Results): string[] {
  const sweep = results.runs.filter((r) => r.scenario === 'sweep' && isMeasured(r));
  const targets = [...new Set(sweep.map((r) => r.target))];
  const lines: string[] = [];
  for (const target of targets) {
    const points = sweep.filter((r) => r.target === target).sort((x, y) => x.connections - y.connections);
    if (points.length < 2) continue;
    const peak = points.reduce((best, r) =>
      r.requestsPerSec.median > best.requestsPerSec.median ? r : best,
    );
    const knee = points.find((r) => r.requestsPerSec.median >= 0.9 * peak.requestsPerSec.median) ?? peak;
    const last = points[points.length - 1]!;
    const bound = standingOf(peak) === 'lower-bound' ? '≥ ' : '';
    let line = `${b(target)}: peak ${esc(bound + formatCount(peak.requestsPerSec.median))} req/s`;
    if (knee === last) {
      line += `, still rising at ${last.connections} connections`;
    } else {
      line +=
        `, within 10 % of it from ${knee.connections} connections; more connections only queue: p99 ` +
        `${esc(formatMs(knee.latencyMs.p99))} at ${knee.connections} → ${esc(formatMs(last.latencyMs.p99))} at ${last.connections}`;
    }
    lines.push(line);
  }
  if (lines.length === 0) return [];
  return [
    `Concurrency ${b('sweep')}, where each target saturates:<ul>${lines.map((l) => `<li>${l}</li>`).join('')}</ul>`,
  ];
}

/** The same implementation on several runtimes, and the models on one runtime, in the small scenario. */
export function comparisons(rankings: readonly ColumnRanking[]): string[] {
  const small = rankings.find((r) => r.column.key === 'small');
  if (!small) return [];
  const measured = small.rows.filter(
    (r) => r.standing !== 'not-a-result' && !r.run.flags.includes('reference'),
  );
  const items: string[] = [];
  for (const impl of new Set(measured.map((r) => r.run.impl))) {
    const same = measured.filter((r) => r.run.impl === impl);
    if (same.length < 2) continue;
    const [fast, ...rest] = same;
    const parts = rest.map(
      (r) =>
        `${esc(times(fast!.figure.value / Math.max(1, r.figure.value)))} its speed on ${b(r.run.runtime)}`,
    );
    const bound = fast!.standing === 'lower-bound' ? 'at least ' : '';
    items.push(
      `On ${b(fast!.run.runtime)}, the same ${b(impl)} server reaches ${bound}${parts.join(', ')} in ${b('small')}.`,
    );
  }
  for (const runtime of new Set(measured.map((r) => r.run.runtime))) {
    const models = measured.filter((r) => r.run.runtime === runtime);
    if (models.length < 2) continue;
    const order = models.map((r) => `${b(r.run.impl)} ${esc(figureText(r))}`).join(' &gt; ');
    items.push(`On ${b(runtime)}, the models in ${b('small')}: ${order}.`);
  }
  return items;
}

/** Requests per CPU core-second and the memory footprint, in the small scenario. */
export function efficiency(rankings: readonly ColumnRanking[]): string[] {
  const small = rankings.find((r) => r.column.key === 'small');
  if (!small) return [];
  const sampled = small.rows.filter(
    (r) =>
      r.standing === 'result' && !r.run.flags.includes('reference') && (r.run.server.cpuPercent ?? 0) > 0,
  );
  const items: string[] = [];
  if (sampled.length >= 2) {
    const perCore = sampled
      .map((r) => ({ r, value: r.figure.value / ((r.run.server.cpuPercent ?? 100) / 100) }))
      .sort((x, y) => y.value - x.value);
    const top = perCore[0]!;
    const bottom = perCore[perCore.length - 1]!;
    items.push(
      `Per CPU core in ${b('small')}, ${b(top.r.run.target)} serves the most: ${esc(formatCount(top.value))} requests ` +
        `per core-second, against ${esc(formatCount(bottom.value))} for ${b(bottom.r.run.target)} ` +
        '(client-bound runs left out: their CPU was not the limit).',
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
      `Peak memory in ${b('small')} ranges from ${esc(formatBytes(low.run.server.rssPeakBytes ?? 0))} ` +
        `(${b(low.run.target)}) to ${esc(formatBytes(high.run.server.rssPeakBytes ?? 0))} (${b(high.run.target)}).`,
    );
  }
  return items;
}

function targetsWith(results: Results, flag: Flag): string[] {
  return [...new Set(results.runs.filter((r) => r.flags.includes(flag)).map((r) => r.target))];
}

/** What limits the reading: client-bound, wrong answers, instability, failures. */
export function caveats(results: Results): string[] {
  const items: string[] = [];
  const bound = results.runs.filter((r) => r.flags.includes('client-bound'));
  if (bound.length > 0) {
    items.push(
      `${bound.length} measurement${bound.length === 1 ? '' : 's'} reached the load generator's limit ` +
        `(${targetsWith(results, 'client-bound').map(b).join(', ')}): those figures are lower bounds, ` +
        `so the servers' order among them is not measured. A faster engine (${b('--engine wrk')}) goes further.`,
    );
  }
  const wrong = results.runs.filter((r) => r.flags.includes('wrong-answers'));
  if (wrong.length > 0) {
    items.push(
      `Wrong answers: ${wrong.map((r) => `${b(r.target)} in ${esc(r.scenario)}`).join(', ')}. ` +
        'Those figures are not results and are not ranked.',
    );
  }
  const unstable = results.runs.filter((r) => r.flags.includes('unstable'));
  if (unstable.length > 0) {
    items.push(
      `Unstable between repetitions (cv above 10 %): ${unstable.map((r) => `${b(r.target)} in ${esc(r.scenario)}`).join(', ')}.`,
    );
  }
  const failed = [
    ...new Set(['start-failed', 'preflight-failed', 'died'].flatMap((f) => targetsWith(results, f as Flag))),
  ];
  if (failed.length > 0) {
    items.push(`Not measured: ${failed.map(b).join(', ')} (see <a href="#failures">failed targets</a>).`);
  }
  return items;
}

export function baselineSummary(baseline: Results, changes: readonly Change[]): string[] {
  const better = changes.filter((c) => c.kind === 'better');
  const worse = changes.filter((c) => c.kind === 'worse');
  let text =
    `Against the baseline ${b(baseline.runId)}: ${better.length} faster and ${worse.length} slower beyond the ` +
    'run-to-run spread';
  const drop = [...worse].sort((x, y) => (x.figureChange ?? 0) - (y.figureChange ?? 0))[0];
  if (drop?.figureChange != null && drop.now && drop.base) {
    text +=
      `; the largest drop is ${b(drop.target)} in ${esc(drop.column.label)} (${esc(formatChange(drop.figureChange))}, ` +
      `${esc(formatFigure(figureOf(drop.base).unit, figureOf(drop.base).value))} → ${esc(formatFigure(figureOf(drop.now).unit, figureOf(drop.now).value))})`;
  }
  return [text + '.'];
}
