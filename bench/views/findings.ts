// What a run shows, as data: a list of typed findings, each with the figures (and intervals) it rests on
// and its sentence as rich text, which the terminal, summary.md and the HTML report each render. Computed
// from the numbers, never written in advance: a lead is stated only where the intervals measure it, and a
// finding the data does not support is left out. Details stay in the tables; only what a reader acts on is
// here.
import { isMeasured, servedWithErrors } from '../model/figures.ts';
import { CLIENT_BOUND_SHARE, type Flag } from '../model/flags.ts';
import { pacingNote } from '../model/pacing.ts';
import { SCENARIOS, type ScenarioId } from '../model/scenarios.ts';
import type { Interval, Measurement, Results } from '../model/schema.ts';
import type { ComparisonReport } from '../results/compare.ts';
import { isYardstick } from '../results/reference.ts';
import { formatChange, formatCompact, formatFigure, formatPercent, formatRatio } from './format.ts';
import { MATRIX_GROUPS, MATRIX_RUNTIMES, type MatrixCell, modelMatrix } from './matrix.ts';
import { type ColumnRanking, placesOf, type Ranked, rankAll } from './ranking.ts';
import { scalingCurves } from './scaling.ts';
import { figureText, figureWithInterval, versusText } from './words.ts';

/** A sentence: plain text, and the names a view sets apart (bold in Markdown and HTML). */
export type Rich = readonly (string | { readonly strong: string })[];

export type FindingKind =
  | 'lead'
  | 'model-per-runtime'
  | 'runtime-per-model'
  | 'variant'
  | 'lesson'
  | 'efficiency'
  | 'scaling'
  | 'warm-up'
  | 'ceiling'
  | 'client-bound'
  | 'wrong-answers'
  | 'unanswered'
  | 'unstable'
  | 'not-measured'
  | 'not-applicable'
  | 'no-keep-alive'
  | 'connect-timeouts'
  | 'learned-answer'
  | 'pacing'
  | 'baseline';

/** headline: at a glance; finding: what this shows; caveat: what limits the reading. */
export type FindingLevel = 'headline' | 'finding' | 'caveat';

export interface FindingFigure {
  readonly target: string;
  readonly scenario: ScenarioId;
  readonly value: number;
  readonly ci: Interval | null;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly level: FindingLevel;
  readonly text: Rich;
  readonly figures: readonly FindingFigure[];
}

const strong = (text: string) => ({ strong: text });

function figureOfRow(row: Ranked): FindingFigure {
  return {
    target: row.measurement.target,
    scenario: row.measurement.scenario,
    value: row.figure.value,
    ci: row.figure.ci,
  };
}

/** Names joined as "a, b and c", each set apart. */
function names(list: readonly string[]): Rich {
  const out: (string | { strong: string })[] = [];
  list.forEach((name, i) => {
    if (i > 0) out.push(i === list.length - 1 ? ' and ' : ', ');
    out.push(strong(name));
  });
  return out;
}

/**
 * In the race: a result of one of the servers compared, not a reference, and on the bundled site; a --url
 * server with content of its own answered other requests, so no lead is read against it.
 */
const isContender = (r: Ranked) =>
  r.standing !== 'not-a-result' &&
  !r.measurement.flags.includes('reference') &&
  r.measurement.answer?.source !== 'learned';

/**
 * Who leads a scenario among the project's servers, by how much, and where the reference stands; or who
 * share the lead when the intervals leave first place open between them. Nothing with one repetition:
 * no interval, no lead.
 */
function lead(ranking: ColumnRanking, level: FindingLevel): Finding | null {
  const contenders = ranking.rows.filter(isContender);
  const [first, second] = contenders;
  if (!first || first.figure.ci === null) return null;
  // Places among the project's servers alone: the references are beside them, not in the race.
  const places = placesOf(contenders);
  const leaders = contenders.filter((_, i) => places[i]!.best === 1);
  const label = ranking.column.label;
  const reference = ranking.rows.find((r) => isYardstick(r.measurement) && r.standing !== 'not-a-result');
  const text: (string | { strong: string })[] = [strong(label), ': '];
  if (leaders.length === 1) {
    text.push(strong(first.measurement.target), ` leads with ${figureWithInterval(first)}`);
    if (first.standing === 'lower-bound') text.push(", a lower bound: the load generator's limit");
    if (first.vsReference && first.vsReference.bound !== 'unknown')
      text.push(
        `, ${versusText(first.vsReference)} nginx ${first.vsReference.how === 'side by side' ? 'side by side' : 'in the same rounds'}`,
      );
    if (second && second.figure.value > 0) {
      text.push(
        `; ${formatRatio(first.figure.value / second.figure.value)} the next, `,
        strong(second.measurement.target),
        ` (${figureText(second)})`,
      );
    }
  } else {
    text.push(
      ...names(leaders.map((r) => r.measurement.target)),
      ` share the lead: their intervals overlap (${leaders.map((r) => figureText(r)).join(', ')})`,
    );
    if (leaders.every((r) => r.standing === 'lower-bound')) text.push(", all at the load generator's limit");
  }
  if (reference)
    text.push('. Reference ', strong(reference.measurement.target), `: ${figureWithInterval(reference)}`);
  text.push('.');
  return {
    kind: 'lead',
    level,
    text,
    figures: (leaders.length === 1 && second ? [first, second] : leaders).map(figureOfRow),
  };
}

/** Of these cells, the best, and whether its lead over every other is measured (intervals apart). */
function bestCell(cells: readonly MatrixCell[]): { best: Ranked; decided: boolean } | null {
  const rows = cells
    .filter((c): c is Extract<MatrixCell, { kind: 'measured' }> => c.kind === 'measured')
    .map((c) => c.row)
    .sort((a, b) => b.figure.value - a.figure.value);
  const [best, ...rest] = rows;
  if (!best) return null;
  const decided =
    best.figure.ci !== null &&
    best.standing !== 'lower-bound' &&
    rest.every((r) => r.figure.ci !== null && r.figure.ci.high < best.figure.ci!.low);
  return { best, decided };
}

/** The matrix in two sentences: which model leads on each runtime, which runtime on each model. */
function matrixFindings(results: Results, ranking: ColumnRanking): Finding[] {
  const matrix = modelMatrix(results, ranking);
  const label = ranking.column.label;
  const perRuntime: Rich[] = [];
  const figures: FindingFigure[] = [];
  MATRIX_RUNTIMES.forEach((runtime, r) => {
    const cells = matrix.cells.map((row) => row[r]!);
    const found = bestCell(cells);
    // One model measured on a runtime leads nothing.
    if (!found || cells.filter((c) => c.kind === 'measured').length < 2) return;
    const g = matrix.cells.findIndex(
      (row) => row[r]!.kind === 'measured' && (row[r] as { row: Ranked }).row === found.best,
    );
    figures.push(figureOfRow(found.best));
    perRuntime.push([
      strong(runtime),
      found.decided
        ? `: ${MATRIX_GROUPS[g]!.label} (${found.best.measurement.target}, ${figureText(found.best)})`
        : `: not decided, the best models' intervals overlap (${found.best.measurement.target} ${figureText(found.best)} at the top)`,
    ]);
  });
  const perModel: Rich[] = [];
  MATRIX_GROUPS.forEach(({ label: model }, g) => {
    const found = bestCell(matrix.cells[g]!);
    if (!found) return;
    const others = matrix.cells[g]!.filter((c) => c.kind === 'measured').length;
    if (others < 2) return;
    perModel.push([
      model,
      ': ',
      found.decided
        ? strong(found.best.measurement.runtime)
        : `not decided (${found.best.measurement.runtime} at the top, intervals overlap)`,
    ]);
  });
  const join = (parts: readonly Rich[]) => parts.flatMap((p, i) => (i === 0 ? [...p] : ['; ', ...p]));
  const sentence = (kind: FindingKind, what: string, per: string, parts: readonly Rich[]): Finding[] =>
    parts.length === 0
      ? []
      : [
          {
            kind,
            level: 'headline',
            text: [`Fastest ${what} in `, strong(label), `, per ${per} — `, ...join(parts), '.'],
            figures,
          },
        ];
  return [
    ...sentence('model-per-runtime', 'model', 'runtime', perRuntime),
    ...sentence('runtime-per-model', 'runtime', 'model', perModel),
  ];
}

function range(ratios: readonly number[]): string {
  const lo = Math.min(...ratios);
  const hi = Math.max(...ratios);
  return Math.round(lo * 100) === Math.round(hi * 100)
    ? formatPercent(lo)
    : `${formatPercent(lo)}–${formatPercent(hi)}`;
}

/**
 * What a scenario that adds something to another costs (a connection per request, slow clients, idle
 * connections): its figure as a share of the other's, per target; the worst named.
 */
function variants(rankings: readonly ColumnRanking[]): Finding[] {
  const out: Finding[] = [];
  for (const ranking of rankings) {
    const of = SCENARIOS[ranking.column.scenario].variantOf;
    if (of === null || ranking.column.sweepConnections !== null) continue;
    const base = rankings.find((r) => r.column.key === of);
    if (!base) continue;
    const pairs = ranking.rows
      .flatMap((row) => {
        const b = base.rows.find((r) => r.measurement.target === row.measurement.target);
        const usable = row.standing !== 'not-a-result' || servedWithErrors(row.measurement);
        return b && usable && b.standing !== 'not-a-result' && b.figure.value > 0
          ? [{ row, share: row.figure.value / b.figure.value }]
          : [];
      })
      .sort((a, b) => a.share - b.share);
    const worst = pairs[0];
    if (!worst) continue;
    const label = ranking.column.label;
    const text: (string | { strong: string })[] = [
      strong(label),
      ` keeps ${range(pairs.map((p) => p.share))} of each target's `,
      strong(of),
      ' throughput',
    ];
    if (worst.share < 0.8 && pairs.length > 1) {
      text.push('; the least: ', strong(worst.row.measurement.target), ` at ${formatPercent(worst.share)}`);
      if (worst.row.measurement.timeouts > 0)
        text.push(`, with ${formatCompact(worst.row.measurement.timeouts)} requests unanswered`);
    }
    text.push(` (${SCENARIOS[ranking.column.scenario].summary}).`);
    out.push({ kind: 'variant', level: 'finding', text, figures: pairs.map((p) => figureOfRow(p.row)) });
  }
  return out;
}

/** The lesson's server against the same model on the shared core, an event loop and nginx. */
const LESSON_PEERS = ['sequential@node', 'async@node', 'nginx'];

function lesson(rankings: readonly ColumnRanking[], keys: readonly string[], level: FindingLevel): Finding[] {
  const out: Finding[] = [];
  for (const key of keys) {
    const ranking = rankings.find((r) => r.column.key === key);
    const row = ranking?.rows.find((r) => r.measurement.impl === 'lesson');
    if (!ranking || !row || row.standing === 'not-a-result') continue;
    const against = LESSON_PEERS.flatMap((target) => {
      const other = ranking.rows.find((r) => r.measurement.target === target);
      if (!other || other.standing === 'not-a-result' || other.figure.value <= 0) return [];
      const bound = row.standing === 'lower-bound' ? '≥ ' : other.standing === 'lower-bound' ? '≤ ' : '';
      return [[`${bound}${formatRatio(row.figure.value / other.figure.value)} `, strong(target)] as Rich];
    });
    if (against.length === 0) continue;
    out.push({
      kind: 'lesson',
      level,
      text: [
        "The lesson's server in ",
        strong(key),
        `: ${figureText(row)}, `,
        ...against.flatMap((a, i) => (i === 0 ? [...a] : [', ', ...a])),
        row.measurement.scenario === 'close'
          ? ' (every server pays for a connection per request here).'
          : ' (it closes every connection, so each request pays for a TCP handshake).',
      ],
      figures: [figureOfRow(row)],
    });
  }
  return out;
}

/** Requests per server CPU-second in the first column: what each answer costs, valid where the client was the limit too. */
function efficiency(rankings: readonly ColumnRanking[]): Finding[] {
  const first = rankings[0];
  if (!first) return [];
  const perCpu = (r: Ranked) => r.measurement.server.requestsPerCpuSecond ?? 0;
  const sampled = first.rows
    .filter((r) => isContender(r) && perCpu(r) > 0)
    .sort((a, b) => perCpu(b) - perCpu(a));
  if (sampled.length < 2) return [];
  const top = sampled[0]!;
  const bottom = sampled[sampled.length - 1]!;
  return [
    {
      kind: 'efficiency',
      level: 'finding',
      text: [
        'Per CPU-second of the server in ',
        strong(first.column.label),
        ', ',
        strong(top.measurement.target),
        ` serves the most requests (${formatCompact(perCpu(top))}), `,
        strong(bottom.measurement.target),
        ` the fewest (${formatCompact(perCpu(bottom))}).`,
      ],
      figures: [],
    },
  ];
}

/** The engine's ceiling here, and how near the fastest target came to it. */
function ceiling(results: Results, rankings: readonly ColumnRanking[]): Finding[] {
  const c = results.environment.calibration;
  if (c == null) return [];
  const small = rankings.find((r) => r.column.scenario === 'small');
  const best = small?.rows.filter(isContender)[0];
  const text: (string | { strong: string })[] = [
    `The engine alone reaches ${formatCompact(c.requestsPerSec)} req/s here (small's load at ${c.connections} connections, against a target that only answers)`,
  ];
  if (best) {
    text.push(
      '; the fastest, ',
      strong(best.measurement.target),
      `, reached ${formatPercent(best.figure.value / c.requestsPerSec)} of it`,
    );
  }
  text.push(
    `; a figure above ${formatPercent(CLIENT_BOUND_SHARE)} of it is the engine's limit, a lower bound.`,
  );
  return [{ kind: 'ceiling', level: 'caveat', text, figures: [] }];
}

/** Targets whose warm-up never settled within its cap, in how many of their visits. */
function warmups(results: Results): Finding[] {
  const visits = new Map<string, { unsettled: number; total: number }>();
  // How long the unsettled ones lasted: the budget shares the time out, so most are cut well before the cap.
  const cutAfter: number[] = [];
  for (const m of results.measurements) {
    for (const rep of m.repetitions) {
      if (rep.warmup === null || rep.warmup.windows === 0) continue;
      const entry = visits.get(m.target) ?? { unsettled: 0, total: 0 };
      entry.total++;
      if (!rep.warmup.settled) {
        entry.unsettled++;
        cutAfter.push(rep.warmup.seconds);
      }
      visits.set(m.target, entry);
    }
  }
  const unsettled = [...visits.entries()].filter(([, v]) => v.unsettled > 0);
  if (unsettled.length === 0) return [];
  const shortest = Math.min(...cutAfter).toFixed(1);
  const longest = Math.max(...cutAfter).toFixed(1);
  const lasted = shortest === longest ? `${shortest} s` : `${shortest}–${longest} s`;
  return [
    {
      kind: 'warm-up',
      level: 'caveat',
      text: [
        `Not settled when their warm-up ended (after ${lasted}, the share of the run's budget each had, ${results.method.warmupSec} s at most; settled: two windows in a row within ${formatPercent(results.method.warmup?.tolerance ?? 0)}), measured anyway: `,
        ...unsettled.flatMap(([target, v], i) => [
          i > 0 ? ', ' : '',
          strong(target),
          ` in ${v.unsettled} of ${v.total} warm-ups`,
        ]),
        '. Their figures may still be moving (Barrett et al. 2017: some never settle).',
      ],
      figures: [],
    },
  ];
}

function targetsWith(results: Results, flag: Flag): string[] {
  return [...new Set(results.measurements.filter((m) => m.flags.includes(flag)).map((m) => m.target))];
}

const caveat = (kind: FindingKind, text: Rich): Finding => ({ kind, level: 'caveat', text, figures: [] });

/** The targets that carry a flag, each named once. */
const flagged = (results: Results, ...flags: Flag[]) => [
  ...new Set(flags.flatMap((f) => targetsWith(results, f))),
];

/** "a in small, b in close" for measurements. */
const where = (list: readonly { target: string; scenario: string }[]): Rich =>
  list.flatMap((m, i) => [i > 0 ? ', ' : '', strong(m.target), ` in ${m.scenario}`]);

function caveats(results: Results): Finding[] {
  const out: Finding[] = [];
  const scenarios = [...new Set(results.measurements.map((m) => m.scenario))];
  const pacing = pacingNote(results.environment.tcp?.congestionControl ?? null, scenarios);
  if (pacing !== null) out.push(caveat('pacing', [pacing]));
  const bound = flagged(results, 'client-bound');
  if (bound.length > 0) {
    const why =
      "Reached the load generator's limit (figures are lower bounds, their order among them is not measured): ";
    out.push(caveat('client-bound', [why, ...names(bound), '.']));
  }
  const wrong = results.measurements.filter((m) => m.flags.includes('wrong-answers'));
  if (wrong.length > 0)
    out.push(caveat('wrong-answers', ['Wrong answers, so not results: ', ...where(wrong), '.']));
  // Unanswered requests and nothing worse: what it served stays in the tables.
  const unanswered = results.measurements.filter(
    (m) => m.flags.includes('errors') && isMeasured({ ...m, flags: m.flags.filter((f) => f !== 'errors') }),
  );
  if (unanswered.length > 0) {
    const tail = ' (the tables give the errors and timeouts).';
    out.push(caveat('unanswered', ['Requests went unanswered, so not ranked: ', ...where(unanswered), tail]));
  }
  const unstable = flagged(results, 'unstable');
  if (unstable.length > 0) {
    out.push(
      caveat('unstable', [
        'Repetitions disagree by more than the unstable threshold: ',
        ...names(unstable),
        '.',
      ]),
    );
  }
  const failed = flagged(results, 'start-failed', 'preflight-failed', 'died');
  if (failed.length > 0)
    out.push(caveat('not-measured', ['Not measured (see the failed targets): ', ...names(failed), '.']));
  const notApplicable = results.measurements.filter((m) => m.flags.includes('not-applicable'));
  if (notApplicable.length > 0) {
    out.push(
      caveat('not-applicable', [
        'Not run, as they ask for files of the bundled site that the server does not serve (the reason is listed with the failed targets): ',
        ...where(notApplicable),
        '.',
      ]),
    );
  }
  out.push(...noKeepAlive(results), ...connectTimeouts(results), ...learnedAnswers(results));
  return out;
}

/**
 * Connections opened per answer from which a server counts as closing after every answer: a keep-alive
 * load opens next to none, a server that closes each connection makes the engine open one per answer
 * (a little under, for the answers the window's end cut off).
 */
const NO_KEEP_ALIVE_SHARE = 0.9;

/**
 * A server that closed after every answer in a scenario that kept its connections open: each request paid
 * for a connection, which the figure includes. Counted by the engine where it counts connections, read off
 * the answer (Connection: close, HTTP/1.0) where it does not (wrk).
 */
function noKeepAlive(results: Results): Finding[] {
  const closing = results.measurements.filter((m) => {
    if (SCENARIOS[m.scenario].closeEachRequest || m.repetitions.length === 0) return false;
    // The lesson's server closes every connection by design, and its own finding says so.
    if (m.impl === 'lesson') return false;
    const perRequest = m.connectionsPerRequest ?? null;
    return perRequest !== null ? perRequest >= NO_KEEP_ALIVE_SHARE : m.answer?.closes === true;
  });
  return closing.map((m) => {
    const perRequest = m.connectionsPerRequest ?? null;
    const how =
      perRequest !== null
        ? `${perRequest.toFixed(2)} connections opened per answer`
        : 'its answer says it closes the connection';
    return caveat('no-keep-alive', [
      'No keep-alive: each request paid for a connection on ',
      strong(m.target),
      ` in ${m.scenario} (${how}): the server closes the connection after every answer, so the figure includes a TCP handshake per request.`,
    ]);
  });
}

/**
 * Connects that waited past the timeout: a server whose listen queue overflows drops the SYN, and the
 * kernel tries again only after a second. What the user can change: fewer connections, or the server's
 * backlog (Python's socketserver keeps 5).
 */
function connectTimeouts(results: Results): Finding[] {
  const slow = results.measurements.filter((m) => m.repetitions.some((r) => (r.connectTimeouts ?? 0) > 0));
  return slow.map((m) => {
    const count = m.repetitions.reduce((n, r) => n + (r.connectTimeouts ?? 0), 0);
    const closing = (m.connectionsPerRequest ?? 0) >= NO_KEEP_ALIVE_SHARE;
    return caveat('connect-timeouts', [
      `${formatCompact(count)} connects to `,
      strong(m.target),
      ` in ${m.scenario} waited past the timeout${closing ? ', every request needing a new connection' : ''}: ` +
        'the sign of a full listen queue, where the kernel drops a connect and tries again a second later. ' +
        "Fewer connections than the server's listen backlog (Python's http.server keeps 5: --connections 4), " +
        'or a longer backlog, let it keep up.',
    ]);
  });
}

/**
 * A --url server with content of its own: what its answers were held to, learned from it before the load,
 * and where its bytes changed between two asks, that only status and lengths were checked.
 */
function learnedAnswers(results: Results): Finding[] {
  const learned = results.measurements.filter((m) => m.answer?.source === 'learned');
  const byTarget = new Map<string, Measurement[]>();
  for (const m of learned) byTarget.set(m.target, [...(byTarget.get(m.target) ?? []), m]);
  const others = results.measurements.some((m) => m.answer?.source !== 'learned' && m.repetitions.length > 0);
  return [...byTarget.entries()].map(([target, list]) => {
    const requests = [
      ...new Set(
        list.map(
          (m) => `GET ${m.answer!.path} → ${m.answer!.status}, ${formatCompact(m.answer!.bodyBytes)} bytes`,
        ),
      ),
    ];
    const byLength = list.filter((m) => m.answer!.checked === 'length').map((m) => m.scenario);
    const text: (string | { strong: string })[] = [
      strong(target),
      ` serves content of its own: every answer was held to the one it gave twice before the load (${requests.join('; ')})`,
    ];
    if (byLength.length > 0) {
      text.push(
        `; in ${byLength.join(', ')} its bytes changed between the two asks (a timestamp in the body?), so those answers were checked by status and length only, not byte for byte`,
      );
    }
    if (others) text.push('; not the bundled site the other targets serve, so not comparable with them');
    text.push('.');
    return caveat('learned-answer', text);
  });
}

function baselineFinding(report: ComparisonReport): Finding {
  const better = report.rows.filter((c) => c.verdict === 'improvement');
  const worse = report.rows.filter((c) => c.verdict === 'regression');
  const unsure = report.rows.filter((c) => c.verdict === 'inconclusive' || c.verdict === 'not enough data');
  const drop = [...worse].sort((x, y) => (x.change ?? 0) - (y.change ?? 0))[0];
  const text: (string | { strong: string })[] = [
    'Against the baseline ',
    strong(report.baseRunId),
    `: ${better.length} significantly faster and ${worse.length} significantly slower beyond ${formatPercent(report.threshold)}`,
  ];
  if (drop?.change != null && drop.base !== null && drop.next !== null) {
    text.push(
      '; the largest drop: ',
      strong(`${drop.target} · ${drop.scenario}`),
      ` (${formatChange(drop.change)}, ${formatFigure(drop.unit, drop.base)} → ${formatFigure(drop.unit, drop.next)})`,
    );
  }
  if (unsure.length > 0)
    text.push(`; ${unsure.length} not decided (too few repetitions for the change seen)`);
  text.push('.');
  return { kind: 'baseline', level: 'finding', text, figures: [] };
}

/**
 * The cores scenario in one sentence: at the most CPUs measured, which servers gained the most and the
 * least from them, as scaling efficiency against their own figure on one CPU.
 */
function scaling(results: Results): Finding[] {
  const at = results.measurements
    .filter((m) => m.serverCpus != null)
    .reduce((n, m) => Math.max(n, m.serverCpus ?? 0), 0);
  if (at < 2) return [];
  const rows = scalingCurves(results)
    .flatMap((c) => {
      const p = c.points.find((q) => q.cpus === at);
      return p && p.efficiency !== null && !p.measurement.flags.includes('reference')
        ? [{ curve: c, point: p }]
        : [];
    })
    .sort((a, b) => b.point.efficiency! - a.point.efficiency!);
  const best = rows[0];
  if (!best) return [];
  const worst = rows[rows.length - 1]!;
  const gain = (r: typeof best) =>
    `${formatRatio(r.point.efficiency! * at)} its one-CPU figure, ${formatPercent(r.point.efficiency!)} efficiency`;
  const text: (string | { strong: string })[] = [
    'On ',
    strong(`${at} CPUs`),
    ', ',
    strong(best.curve.target),
    ` scales best (${gain(best)})`,
  ];
  if (worst !== best) text.push(', ', strong(worst.curve.target), ` least (${gain(worst)})`);
  const nginx = scalingCurves(results)
    .find((c) => c.points.some((p) => p.measurement.flags.includes('reference')))
    ?.points.find((p) => p.cpus === at);
  if (nginx?.efficiency != null) text.push('; nginx: ', `${formatPercent(nginx.efficiency)} efficiency`);
  text.push('.');
  return [
    {
      kind: 'scaling',
      level: 'finding',
      text,
      figures: rows.map((r) => ({
        target: r.curve.target,
        scenario: r.point.measurement.scenario,
        value: r.point.efficiency!,
        ci: null,
      })),
    },
  ];
}

/** Every finding of a run, headlines first. */
export function findingsOf(results: Results, comparison?: ComparisonReport): Finding[] {
  // The columns read one by one: not a curve's points (the sweep's, the cores scenario's CPU counts).
  const rankings = rankAll(results).filter(
    (r) => r.column.sweepConnections === null && r.column.serverCpus === null,
  );
  const [first, ...rest] = rankings;
  const headline = first
    ? [
        ...(lead(first, 'headline') ? [lead(first, 'headline')!] : []),
        ...matrixFindings(results, first),
        ...lesson([first], [first.column.key], 'headline'),
      ]
    : [];
  return [
    ...headline,
    ...rest.flatMap((r) => {
      const f = lead(r, 'finding');
      return f === null ? [] : [f];
    }),
    ...variants(rankings),
    ...lesson(
      rankings,
      rankings.map((r) => r.column.key).filter((k) => k !== first?.column.key),
      'finding',
    ),
    ...efficiency(rankings),
    ...scaling(results),
    ...(comparison ? [baselineFinding(comparison)] : []),
    ...warmups(results),
    ...ceiling(results, rankings),
    ...caveats(results),
  ];
}

/** A finding as plain text. */
export function plainText(text: Rich): string {
  return text.map((part) => (typeof part === 'string' ? part : part.strong)).join('');
}

/** A finding as Markdown: names in bold. */
export function markdownText(text: Rich): string {
  return text.map((part) => (typeof part === 'string' ? part : `**${part.strong}**`)).join('');
}
