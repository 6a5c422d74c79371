// The one reading of a results file that every view shares: which figures are results, the columns
// (each scenario, and the sweep at each connection count), each run's headline figure, its share of the
// best in its column and its ratio to the reference. The terminal table, summary.md and the HTML report
// draw this; none of them ranks on its own.

import { IMPLEMENTATIONS } from '../../servers/registry.ts';
import { pacesLoopback } from '../proc/tcp-congestion.ts';
import {
  BY_BYTES,
  type Flag,
  type Results,
  type Run,
  SCENARIO_IDS,
  type ScenarioId,
} from '../results/schema.ts';

import { FAILURE_FLAGS, NOT_A_RESULT } from './flags.ts';
import { formatCompact, formatFigure, formatMs } from './format.ts';

/** What the efficiency column means, in one sentence, for every view that shows it. */
export const EFFICIENCY_NOTE =
  'req/CPU-s: requests served per CPU-second the server used, a measure of the work per answer that holds ' +
  'even where the client was the limit; a server at partial load batches less, so it reads low there.';

/**
 * Why a pacing congestion control (BBR) is worth a warning beside the figures, for every view: the numbers
 * behind it are in bench/proc/tcp-congestion.ts. Null when the run's connections were not paced, or it
 * measured no answer long enough to be held back.
 */
export function pacingNote(results: Results): string | null {
  const cc = results.environment.tcp?.congestionControl ?? null;
  if (!pacesLoopback(cc) || !results.runs.some((r) => BY_BYTES.includes(r.scenario))) return null;
  return pacingText(cc!);
}

export function pacingText(cc: string): string {
  return (
    `The TCP congestion control, ${cc}, paces every connection, loopback ones too: answers of many ` +
    'segments (large, huge) leave at its pace, which follows how the client reads, so those figures ' +
    'measure the pacing as much as the servers. --tcp-congestion cubic sets another for a run (root).'
  );
}

/** How a run's figure may be presented. */
export type Standing =
  | 'result' // a measurement of the server
  | 'lower-bound' // client-bound: the server is at least this fast, the load generator was the limit
  | 'not-a-result'; // wrong answers, or the server did not start, failed the preflight or died

export function standingOf(run: Run): Standing {
  if (run.repetitions.length === 0 || run.flags.some((f) => NOT_A_RESULT.includes(f))) return 'not-a-result';
  if (run.flags.includes('client-bound')) return 'lower-bound';
  return 'result';
}

/**
 * A run that served requests but left some unanswered (timeouts, errors) and nothing worse: not ranked,
 * yet what it served is the finding, for a server that a slow client stops.
 */
export function servedWithErrors(run: Run): boolean {
  const voiding = run.flags.filter((f) => NOT_A_RESULT.includes(f));
  return run.repetitions.length > 0 && voiding.length === 1 && voiding[0] === 'errors';
}

/** Counts as a measurement of the server's speed (possibly a lower bound). */
export function isMeasured(run: Run): boolean {
  return standingOf(run) !== 'not-a-result';
}

/** A column: a scenario, or the sweep at one connection count. */
export interface Column {
  readonly key: string;
  readonly scenario: ScenarioId;
  /** Connection count for sweep columns; null for a scenario (its connection count is in the runs). */
  readonly sweepConnections: number | null;
  /** Short: "small", "sweep ×64". */
  readonly label: string;
  /** Long: "small", "sweep, 64 connections". */
  readonly title: string;
}

export function columnKey(run: Run): string {
  return run.scenario === 'sweep' ? `sweep-${run.connections}` : run.scenario;
}

/**
 * The columns that have at least one run, in SCENARIO_IDS order, the sweep by connection count. The
 * latency scenario is no column: its runs are points of a curve at rates fixed in advance, not figures to
 * rank (latencyCurves reads them).
 */
export function columnsOf(results: Results): Column[] {
  const columns = new Map<string, Column>();
  for (const run of results.runs) {
    if (run.scenario === 'latency') continue;
    const key = columnKey(run);
    if (columns.has(key)) continue;
    const sweep = run.scenario === 'sweep' ? run.connections : null;
    columns.set(key, {
      key,
      scenario: run.scenario,
      sweepConnections: sweep,
      label: sweep === null ? run.scenario : `sweep ×${sweep}`,
      title: sweep === null ? run.scenario : `sweep, ${sweep} connection${sweep === 1 ? '' : 's'}`,
    });
  }
  const order = (c: Column) => SCENARIO_IDS.indexOf(c.scenario) * 1e6 + (c.sweepConnections ?? 0);
  return [...columns.values()].sort((a, b) => order(a) - order(b));
}

export function runsIn(results: Results, column: Column): Run[] {
  return results.runs.filter((r) => columnKey(r) === column.key);
}

/** A run's headline figure: bytes/s for the big files, requests/s elsewhere; min and max over repetitions. */
export interface Figure {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly unit: 'req/s' | 'B/s';
}

export function figureOf(run: Run): Figure {
  if (BY_BYTES.includes(run.scenario)) {
    const perRep = run.repetitions.map((r) => r.bytesPerSec);
    const min = perRep.length > 0 ? Math.min(...perRep) : run.bytesPerSec;
    const max = perRep.length > 0 ? Math.max(...perRep) : run.bytesPerSec;
    return { value: run.bytesPerSec, min, max, unit: 'B/s' };
  }
  const { median, min, max } = run.requestsPerSec;
  return { value: median, min, max, unit: 'req/s' };
}

/** This run's figure over the reference's in the same column; `bound` says which way client-bound bends it. */
export interface VersusReference {
  readonly ratio: number;
  readonly bound: 'exact' | 'at least' | 'at most' | 'unknown';
}

export interface RankedRun {
  readonly run: Run;
  readonly figure: Figure;
  readonly standing: Standing;
  /** 1, 2, 3… among the results of the column; null when the run is not a result. */
  readonly rank: number | null;
  /** Share of the column's best figure (1 = the best); null when the run is not a result. */
  readonly shareOfBest: number | null;
  /** Against the reference (nginx) in the column; null for the reference itself or when either is no result. */
  readonly vsReference: VersusReference | null;
}

export interface ColumnRanking {
  readonly column: Column;
  /** Results first, best first (a lower bound counts: the server reached at least that), then the others. */
  readonly rows: readonly RankedRun[];
  /** The best result, if any. */
  readonly best: RankedRun | undefined;
}

function versus(run: Run, standing: Standing, reference: Run | undefined): VersusReference | null {
  if (reference === undefined || run === reference || standing === 'not-a-result') return null;
  const base = figureOf(reference).value;
  if (base <= 0) return null;
  const runBound = standing === 'lower-bound';
  const refBound = standingOf(reference) === 'lower-bound';
  const bound = runBound && refBound ? 'unknown' : runBound ? 'at least' : refBound ? 'at most' : 'exact';
  return { ratio: figureOf(run).value / base, bound };
}

export function rankColumn(results: Results, column: Column): ColumnRanking {
  const runs = runsIn(results, column);
  // The yardstick is nginx; the lesson's server is a reference too, but beside the models, not above them.
  const reference = runs.find((r) => r.impl === 'nginx' && r.flags.includes('reference') && isMeasured(r));
  const bestValue = Math.max(0, ...runs.filter(isMeasured).map((r) => figureOf(r).value));
  const sorted = runs
    .map((run) => ({ run, figure: figureOf(run), standing: standingOf(run) }))
    .sort(
      (a, b) =>
        Number(b.standing !== 'not-a-result') - Number(a.standing !== 'not-a-result') ||
        b.figure.value - a.figure.value,
    );
  let rank = 0;
  const rows = sorted.map(({ run, figure, standing }): RankedRun => {
    const result = standing !== 'not-a-result';
    return {
      run,
      figure,
      standing,
      rank: result ? ++rank : null,
      shareOfBest: result ? (bestValue > 0 ? figure.value / bestValue : 0) : null,
      vsReference: versus(run, standing, reference),
    };
  });
  return { column, rows, best: rows.find((r) => r.standing !== 'not-a-result') };
}

/** Every column, ranked. */
export function rankAll(results: Results): ColumnRanking[] {
  return columnsOf(results).map((column) => rankColumn(results, column));
}

export interface TargetInfo {
  readonly name: string;
  readonly impl: string;
  readonly runtime: string;
  readonly reference: boolean;
  readonly remote: boolean;
}

const RUNTIME_ORDER = ['node', 'bun', 'deno'];

/**
 * Every target in a stable order (implementations as the results list them, runtimes node, bun, deno,
 * then references and remote targets), so a target keeps its row and its colour across every view.
 */
export function targetsOf(results: Results): TargetInfo[] {
  const byName = new Map<string, TargetInfo>();
  for (const run of results.runs) {
    if (byName.has(run.target)) continue;
    byName.set(run.target, {
      name: run.target,
      impl: run.impl,
      runtime: run.runtime,
      reference: run.flags.includes('reference'),
      remote: run.flags.includes('remote'),
    });
  }
  const implIndex = (t: TargetInfo) => {
    const i = results.implementations.findIndex((impl) => impl.id === t.impl);
    return i === -1 ? results.implementations.length : i;
  };
  const runtimeIndex = (t: TargetInfo) => {
    const i = RUNTIME_ORDER.indexOf(t.runtime);
    return i === -1 ? RUNTIME_ORDER.length : i;
  };
  const group = (t: TargetInfo) => (t.remote ? 2 : t.reference ? 1 : 0);
  return [...byName.values()].sort(
    (a, b) =>
      group(a) - group(b) ||
      implIndex(a) - implIndex(b) ||
      runtimeIndex(a) - runtimeIndex(b) ||
      a.name.localeCompare(b.name),
  );
}

/** One open-loop run of the latency scenario: what was offered, what was served, and how fast. */
export interface LatencyPoint {
  readonly run: Run;
  /** Requests per second offered, and as a share of the target's own small throughput (when given so). */
  readonly offered: number;
  readonly share: number | null;
  readonly served: number;
  readonly standing: Standing;
}

export interface LatencyCurve {
  readonly target: string;
  /** By offered rate, lowest first. */
  readonly points: readonly LatencyPoint[];
}

/** The latency scenario's runs as one curve per target, in targetsOf order. */
export function latencyCurves(results: Results): LatencyCurve[] {
  const runs = results.runs.filter((r) => r.scenario === 'latency');
  return targetsOf(results)
    .map((t) => ({
      target: t.name,
      points: runs
        .filter((r) => r.target === t.name)
        .map(
          (run): LatencyPoint => ({
            run,
            offered: run.offeredRate ?? 0,
            share: run.offeredShare ?? null,
            served: run.requestsPerSec.median,
            standing: standingOf(run),
          }),
        )
        .sort((a, b) => a.offered - b.offered),
    }))
    .filter((c) => c.points.length > 0);
}

/** The x axis of the latency curves: shares of each target's own small throughput, or the rates asked for. */
export function latencyAxis(curves: readonly LatencyCurve[]): {
  labels: string[];
  keyOf: (p: LatencyPoint) => string;
} {
  const points = curves.flatMap((c) => c.points);
  const byShare = points.length > 0 && points.every((p) => p.share !== null);
  const keyOf = (p: LatencyPoint) =>
    byShare ? `${Math.round((p.share ?? 0) * 100)} %` : `${formatCompact(p.offered)} req/s`;
  const order = (p: LatencyPoint) => (byShare ? (p.share ?? 0) : p.offered);
  const labels = [...new Map(points.sort((a, b) => order(a) - order(b)).map((p) => [keyOf(p), true])).keys()];
  return { labels, keyOf };
}

/** A point's figures in words: "p50 / p99" as "212 µs / 1.1 ms", its flags when it is not a result. */
export function latencyPointText(p: LatencyPoint): string {
  if (p.standing === 'not-a-result') return p.run.flags.join(', ');
  const bound = p.standing === 'lower-bound' ? ' (client-bound)' : '';
  return `${formatMs(p.run.latencyMs.p50)} / ${formatMs(p.run.latencyMs.p99)}${bound}`;
}

/** The concurrency models as the matrix groups them, in the order a reader meets them. */
export const MATRIX_GROUPS = [
  { group: 'sequential', label: 'one connection at a time' },
  { group: 'event-loop', label: 'event loop' },
  { group: 'worker-pool', label: 'worker pool' },
  { group: 'multi-process', label: 'several processes' },
  { group: 'runtime-server', label: "the runtime's own HTTP server" },
] as const;
export const MATRIX_RUNTIMES = ['node', 'bun', 'deno'] as const;

/** One cell: the best result of a model on a runtime, or why there is none. */
export type MatrixCell =
  | { readonly kind: 'measured'; readonly row: RankedRun }
  | { readonly kind: 'not-measured'; readonly why: string };

export interface ModelMatrix {
  readonly column: Column;
  /** cells[g][r]: MATRIX_GROUPS[g] on MATRIX_RUNTIMES[r]. */
  readonly cells: readonly (readonly MatrixCell[])[];
  /** nginx and the lesson's server, where they were measured in this column. */
  readonly references: readonly RankedRun[];
}

/** The concurrency model an implementation stands for ('reference' for nginx and the lesson's server). */
export function groupOf(results: Results, impl: string): string | undefined {
  return (
    results.implementations.find((i) => i.id === impl)?.group ??
    IMPLEMENTATIONS.find((i) => i.id === impl)?.group
  );
}

/**
 * The comparison the report exists for, in one table: each concurrency model on each runtime. A cell holds
 * the best result among the implementations of that model there (event loop on Bun: async@bun or
 * bun-tcp@bun), a lower bound where the client was the limit, or says why it has none.
 */
export function modelMatrix(results: Results, ranking: ColumnRanking): ModelMatrix {
  const cells = MATRIX_GROUPS.map(({ group }) =>
    MATRIX_RUNTIMES.map((runtime): MatrixCell => {
      const rows = ranking.rows.filter(
        (r) => r.run.runtime === runtime && groupOf(results, r.run.impl) === group,
      );
      const best = rows.find((r) => r.standing !== 'not-a-result');
      if (best) return { kind: 'measured', row: best };
      if (rows.length === 0) return { kind: 'not-measured', why: 'no such target in this run' };
      return {
        kind: 'not-measured',
        why: rows.map((r) => `${r.run.target}: ${r.run.flags.join(', ')}`).join('; '),
      };
    }),
  );
  const references = ranking.rows.filter(
    (r) => r.run.flags.includes('reference') && r.standing !== 'not-a-result',
  );
  return { column: ranking.column, cells, references };
}

export interface Failure {
  readonly target: string;
  readonly flags: readonly Flag[];
  /** Column keys the failure happened in. */
  readonly columns: readonly string[];
  /** Distinct stderr tails, in the order first seen. */
  readonly stderr: readonly string[];
}

/** Targets that failed to start, failed the preflight or died, grouped by target. */
export function failuresOf(results: Results): Failure[] {
  const byTarget = new Map<string, { flags: Set<Flag>; columns: Set<string>; stderr: string[] }>();
  for (const run of results.runs) {
    const flags = run.flags.filter((f) => FAILURE_FLAGS.includes(f));
    if (flags.length === 0) continue;
    let entry = byTarget.get(run.target);
    if (!entry) {
      entry = { flags: new Set(), columns: new Set(), stderr: [] };
      byTarget.set(run.target, entry);
    }
    for (const f of flags) entry.flags.add(f);
    entry.columns.add(columnKey(run));
    const tail = run.stderr?.trimEnd();
    if (tail && !entry.stderr.includes(tail)) entry.stderr.push(tail);
  }
  return [...byTarget.entries()].map(([target, e]) => ({
    target,
    flags: [...e.flags],
    columns: [...e.columns],
    stderr: e.stderr,
  }));
}

/** "84.7k req/s", or "≥ 84.7k req/s" for a lower bound: the server was at least this fast. */
export function figureText(row: Pick<RankedRun, 'figure' | 'standing'>): string {
  const text = formatFigure(row.figure.unit, row.figure.value);
  return row.standing === 'lower-bound' ? `≥ ${text}` : text;
}
