// Two results files side by side: per target and column, the change of the headline figure (req/s,
// bytes/s for the large file) and of p99, with Welch's t-test on the per-repetition figures to tell a real
// change from noise. `npm run compare`, summary.md and the report's baseline section all read this.
import { figureOf, isMeasured } from '../views/ranking.ts';
import { BY_BYTES, type Results, type Run } from './schema.ts';
import { welchTest } from './welch.ts';

export type Verdict =
  | 'regression'
  | 'improvement'
  | 'within threshold' // significant, but smaller than the threshold
  | 'no significant change' // not significant, and the change seen is within the threshold
  | 'inconclusive' // not significant, but the change seen is beyond the threshold: more repetitions would tell
  | 'not enough data' // fewer than two repetitions on a side: no test can be made
  | 'not comparable'; // on one side only, or not a result on one side

export interface Comparison {
  readonly target: string;
  readonly scenario: Run['scenario'];
  readonly connections: number;
  readonly unit: 'req/s' | 'B/s';
  readonly base: number | null;
  readonly next: number | null;
  /** Relative change of the headline figure, as a fraction (-0.2 = 20 % less); null when not comparable. */
  readonly change: number | null;
  readonly baseP99: number | null;
  readonly newP99: number | null;
  /** Relative change of p99, as a fraction (positive = slower). */
  readonly p99Change: number | null;
  /** Repetitions on each side. */
  readonly n: readonly [number, number];
  readonly pValue: number | null;
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface ComparisonReport {
  readonly baseRunId: string;
  readonly newRunId: string;
  /** A change smaller than this fraction of the baseline is not called a regression or an improvement. */
  readonly threshold: number;
  readonly alpha: number;
  readonly rows: readonly Comparison[];
}

export const DEFAULT_THRESHOLD = 0.05;
export const ALPHA = 0.05;

const keyOf = (r: Run) => `${r.target}\u0000${r.scenario}\u0000${r.connections}`;

function relative(from: number, to: number): number | null {
  return from === 0 ? null : (to - from) / from;
}

/** The headline figure of each repetition: the samples of the test. */
function perRepetition(run: Run): number[] {
  return run.repetitions.map((r) => (BY_BYTES.includes(run.scenario) ? r.bytesPerSec : r.requestsPerSec));
}

function verdictOf(p: number, change: number, threshold: number, alpha: number): Verdict {
  if (p < alpha) {
    if (Math.abs(change) <= threshold) return 'within threshold';
    return change < 0 ? 'regression' : 'improvement';
  }
  return Math.abs(change) <= threshold ? 'no significant change' : 'inconclusive';
}

export function compareRuns(
  base: Run | undefined,
  next: Run | undefined,
  threshold = DEFAULT_THRESHOLD,
  alpha = ALPHA,
): Comparison {
  const any = (next ?? base)!;
  const unit = figureOf(any).unit;
  const identity = { target: any.target, scenario: any.scenario, connections: any.connections, unit };
  const n: [number, number] = [base?.repetitions.length ?? 0, next?.repetitions.length ?? 0];
  if (!base || !next) {
    return {
      ...identity,
      base: null,
      next: null,
      change: null,
      baseP99: null,
      newP99: null,
      p99Change: null,
      n,
      pValue: null,
      verdict: 'not comparable',
      note: base ? 'not in the new run' : 'not in the baseline',
    };
  }
  const figures = {
    base: figureOf(base).value,
    next: figureOf(next).value,
    change: relative(figureOf(base).value, figureOf(next).value),
    baseP99: base.latencyMs.p99,
    newP99: next.latencyMs.p99,
    p99Change: relative(base.latencyMs.p99, next.latencyMs.p99),
    n,
  };
  if (!isMeasured(base) || !isMeasured(next)) {
    const which = !isMeasured(base) ? base : next;
    return {
      ...identity,
      ...figures,
      pValue: null,
      verdict: 'not comparable',
      note: `${which === base ? 'baseline' : 'new run'}: ${which.flags.join(', ') || 'no repetitions'}`,
    };
  }
  const notes: string[] = [];
  if (base.flags.includes('client-bound') || next.flags.includes('client-bound')) {
    notes.push('client-bound: the load generator, not the server, set the figure');
  }
  const note = notes.length > 0 ? { note: notes.join('; ') } : {};
  if (n[0] < 2 || n[1] < 2) {
    return { ...identity, ...figures, pValue: null, verdict: 'not enough data', ...note };
  }
  const test = welchTest(perRepetition(base), perRepetition(next));
  const verdict = verdictOf(test.p, figures.change ?? 0, threshold, alpha);
  return { ...identity, ...figures, pValue: test.p, verdict, ...note };
}

export function compareResults(
  base: Results,
  next: Results,
  threshold = DEFAULT_THRESHOLD,
  alpha = ALPHA,
): ComparisonReport {
  const baseRuns = new Map(base.runs.map((r) => [keyOf(r), r]));
  const newRuns = new Map(next.runs.map((r) => [keyOf(r), r]));
  const keys = [...new Set([...newRuns.keys(), ...baseRuns.keys()])];
  return {
    baseRunId: base.runId,
    newRunId: next.runId,
    threshold,
    alpha,
    rows: keys.map((k) => compareRuns(baseRuns.get(k), newRuns.get(k), threshold, alpha)),
  };
}

export function hasSignificantRegression(report: ComparisonReport): boolean {
  return report.rows.some((r) => r.verdict === 'regression');
}
