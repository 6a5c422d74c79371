// What the report computes from the runs before drawing anything: which figures are results, the columns
// (scenario, or sweep at N connections), each target's figure per column and its share of the best.
import type { Flag, Results, Run, ScenarioId } from '../../results/schema.ts';

/** How a run's throughput may be presented. */
export type Standing =
  | 'result' // a measurement of the server
  | 'lower-bound' // client-bound: the server is at least this fast, the load generator was the limit
  | 'not-a-result'; // wrong answers, or the server did not start, failed the preflight or died

/** Flags that make a figure meaningless as throughput: never drawn or ranked as a result. */
export const NOT_A_RESULT_FLAGS: readonly Flag[] = [
  'wrong-answers',
  'start-failed',
  'preflight-failed',
  'died',
];

/** Flags that say a target could not be measured at all: listed with their stderr tail. */
export const FAILURE_FLAGS: readonly Flag[] = ['start-failed', 'preflight-failed', 'died'];

export function standingOf(run: Run): Standing {
  if (run.flags.some((f) => NOT_A_RESULT_FLAGS.includes(f))) return 'not-a-result';
  if (run.repetitions.length === 0) return 'not-a-result';
  if (run.flags.includes('client-bound')) return 'lower-bound';
  return 'result';
}

/** Counts as a measurement of the server's speed (possibly a lower bound). */
export function isMeasured(run: Run): boolean {
  return standingOf(run) !== 'not-a-result';
}

/** Order in which scenarios appear everywhere in the report. */
export const SCENARIO_ORDER: readonly ScenarioId[] = [
  'small',
  'close',
  'large',
  'missing',
  'stalled',
  'sweep',
];

/** A column of the report: a scenario, or the sweep at one connection count. */
export interface Column {
  readonly key: string;
  readonly scenario: ScenarioId;
  /** Connection count for sweep columns; null for a scenario (its connection count is in the runs). */
  readonly sweepConnections: number | null;
  readonly label: string;
}

export function columnKey(run: Run): string {
  return run.scenario === 'sweep' ? `sweep-${run.connections}` : run.scenario;
}

/** The columns that have at least one run, scenarios first in SCENARIO_ORDER, then the sweep by size. */
export function columnsOf(results: Results): Column[] {
  const columns = new Map<string, Column>();
  for (const run of results.runs) {
    const key = columnKey(run);
    if (columns.has(key)) continue;
    const sweep = run.scenario === 'sweep' ? run.connections : null;
    const label = sweep === null ? run.scenario : `sweep ×${sweep}`;
    columns.set(key, { key, scenario: run.scenario, sweepConnections: sweep, label });
  }
  const rank = (c: Column) => SCENARIO_ORDER.indexOf(c.scenario) * 1e6 + (c.sweepConnections ?? 0);
  return [...columns.values()].sort((a, b) => rank(a) - rank(b));
}

/** A run's headline figure: bytes/s for the large-file scenario, requests/s elsewhere. */
export interface Figure {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly unit: 'req/s' | 'B/s';
}

export function figureOf(run: Run): Figure {
  if (run.scenario === 'large') {
    const perRep = run.repetitions.map((r) => r.bytesPerSec);
    const min = perRep.length > 0 ? Math.min(...perRep) : run.bytesPerSec;
    const max = perRep.length > 0 ? Math.max(...perRep) : run.bytesPerSec;
    return { value: run.bytesPerSec, min, max, unit: 'B/s' };
  }
  const { median, min, max } = run.requestsPerSec;
  return { value: median, min, max, unit: 'req/s' };
}

export interface RankedRun {
  readonly run: Run;
  readonly figure: Figure;
  readonly standing: Standing;
  /** Share of the column's best measured figure, 0–100; null when the run is not a result. */
  readonly percentOfBest: number | null;
}

export interface ColumnRanking {
  readonly column: Column;
  /** The best measured run (a lower bound counts: the server reached at least that). */
  readonly best: RankedRun | undefined;
  /** Measured runs fastest first, then the ones that are not results. */
  readonly rows: readonly RankedRun[];
}

export function runsIn(results: Results, column: Column): Run[] {
  return results.runs.filter((r) => columnKey(r) === column.key);
}

export function rankColumn(results: Results, column: Column): ColumnRanking {
  const runs = runsIn(results, column);
  const measured = runs.filter(isMeasured);
  const bestValue = Math.max(0, ...measured.map((r) => figureOf(r).value));
  const rows = runs.map((run): RankedRun => {
    const figure = figureOf(run);
    const standing = standingOf(run);
    const percentOfBest =
      standing === 'not-a-result' ? null : bestValue > 0 ? (figure.value / bestValue) * 100 : 0;
    return { run, figure, standing, percentOfBest };
  });
  rows.sort((a, b) => {
    if ((a.percentOfBest === null) !== (b.percentOfBest === null)) return a.percentOfBest === null ? 1 : -1;
    return b.figure.value - a.figure.value;
  });
  const best = rows.find((r) => r.standing !== 'not-a-result');
  return { column, best, rows };
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
 * then references and remote targets), so a target keeps its row and its colour across the page.
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

export interface Failure {
  readonly target: string;
  readonly flags: readonly Flag[];
  readonly scenarios: readonly string[];
  /** Distinct stderr tails, in the order first seen. */
  readonly stderr: readonly string[];
}

/** Targets that failed to start, failed the preflight or died, grouped by target. */
export function failuresOf(results: Results): Failure[] {
  const byTarget = new Map<string, { flags: Set<Flag>; scenarios: Set<string>; stderr: string[] }>();
  for (const run of results.runs) {
    const flags = run.flags.filter((f) => FAILURE_FLAGS.includes(f));
    if (flags.length === 0) continue;
    let entry = byTarget.get(run.target);
    if (!entry) {
      entry = { flags: new Set(), scenarios: new Set(), stderr: [] };
      byTarget.set(run.target, entry);
    }
    for (const f of flags) entry.flags.add(f);
    entry.scenarios.add(columnKey(run));
    const tail = run.stderr?.trimEnd();
    if (tail && !entry.stderr.includes(tail)) entry.stderr.push(tail);
  }
  return [...byTarget.entries()].map(([target, e]) => ({
    target,
    flags: [...e.flags],
    scenarios: [...e.scenarios],
    stderr: e.stderr,
  }));
}

/** Last `lines` lines of a stderr tail: the end is where the error is. */
export function tailLines(text: string, lines = 30): string {
  const all = text.split('\n');
  return all.length <= lines ? text : all.slice(-lines).join('\n');
}
