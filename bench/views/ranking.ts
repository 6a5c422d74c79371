// The ranking summary.md and the terminal table show: for each scenario (each sweep point apart), the
// targets by median req/s, and each one's share of the best. A run with wrong answers, or one that did
// not start, pass the preflight or survive, is listed but never ranked; a client-bound run is a lower bound.
import { SCENARIO_ORDER } from '../plan/scenarios.ts';
import type { Flag, Results, Run, ScenarioId } from '../results/schema.ts';

export const NOT_A_RESULT: readonly Flag[] = ['wrong-answers', 'start-failed', 'preflight-failed', 'died'];

export function isResult(run: Run): boolean {
  return run.repetitions.length > 0 && !run.flags.some((f) => NOT_A_RESULT.includes(f));
}

export interface RankedRun {
  readonly run: Run;
  /** Share of the best result in the column (1 = the best); null when the run is not a result. */
  readonly shareOfBest: number | null;
  /**
   * This run against the reference (nginx) in the same column, by req/s (bytes/s for large); null when
   * either is not a result. `bound` says which way a client-bound figure makes the ratio uncertain.
   */
  readonly vsReference: {
    readonly ratio: number;
    readonly bound: 'exact' | 'at least' | 'at most' | 'unknown';
  } | null;
}

/** The figure a scenario is judged by: bytes per second for the large file, requests per second otherwise. */
export function headlineFigure(run: Run): number {
  return run.scenario === 'large' ? run.bytesPerSec : run.requestsPerSec.median;
}

function versus(run: Run, reference: Run | undefined): RankedRun['vsReference'] {
  if (reference === undefined || !isResult(run) || headlineFigure(reference) <= 0) return null;
  const runBound = run.flags.includes('client-bound');
  const refBound = reference.flags.includes('client-bound');
  const bound = runBound && refBound ? 'unknown' : runBound ? 'at least' : refBound ? 'at most' : 'exact';
  return { ratio: headlineFigure(run) / headlineFigure(reference), bound };
}

export interface Column {
  readonly scenario: ScenarioId;
  /** Set for sweep points only. */
  readonly connections: number | null;
  readonly title: string;
  readonly rows: readonly RankedRun[];
}

export function rankColumns(results: Results): Column[] {
  const columns: Column[] = [];
  for (const scenario of SCENARIO_ORDER) {
    const runs = results.runs.filter((r) => r.scenario === scenario);
    if (runs.length === 0) continue;
    const groups =
      scenario === 'sweep'
        ? [...new Set(runs.map((r) => r.connections))]
            .sort((a, b) => a - b)
            .map((c) => [c, runs.filter((r) => r.connections === c)] as const)
        : [[null, runs] as const];
    for (const [connections, group] of groups) {
      const best = Math.max(0, ...group.filter(isResult).map((r) => r.requestsPerSec.median));
      const reference = group.find((r) => r.flags.includes('reference') && isResult(r));
      const rows = [...group]
        .sort(
          (a, b) =>
            Number(isResult(b)) - Number(isResult(a)) || b.requestsPerSec.median - a.requestsPerSec.median,
        )
        .map((run) => ({
          run,
          shareOfBest: isResult(run) && best > 0 ? run.requestsPerSec.median / best : null,
          vsReference: run === reference ? null : versus(run, reference),
        }));
      const title =
        connections === null ? scenario : `sweep, ${connections} connection${connections === 1 ? '' : 's'}`;
      columns.push({ scenario, connections, title, rows });
    }
  }
  return columns;
}
