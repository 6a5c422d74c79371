// Two results files side by side: per target and point, the change of the ranked figure and of p99, with
// Welch's t-test on the per-repetition figures to tell a real change from noise. Where both runs measured
// the reference beside the target, the verdict is read from the ratios to it, round by round: two runs on
// a shared machine drift apart as a whole, and the ratio measured side by side does not.
// `npm run compare`, summary.md and the report's baseline section all read this.
import { type FigureUnit, figureOf, isMeasured, rankedPerRepetition } from '../model/figures.ts';
import { pointOfMeasurement } from '../model/point.ts';
import type { Measurement, Results } from '../model/schema.ts';
import { besideRatios, isYardstick, measuredRatio, roundRatios } from './reference.ts';
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
  readonly scenario: Measurement['scenario'];
  readonly connections: number;
  /** The cores scenario: the servers' CPUs; null elsewhere. */
  readonly serverCpus: number | null;
  readonly unit: FigureUnit;
  readonly base: number | null;
  readonly next: number | null;
  /** Relative change of the ranked figure, as a fraction (-0.2 = 20 % less); null when not comparable. */
  readonly change: number | null;
  /** Relative change of the figure's ratio to the reference; null where a side has no reference. */
  readonly ratioChange: number | null;
  /** What the verdict was read from. */
  readonly by: 'ratio to the reference' | 'figure';
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

const keyOf = (m: Measurement) => `${m.target}\u0000${pointOfMeasurement(m)}`;

function relative(from: number, to: number): number | null {
  return from === 0 ? null : (to - from) / from;
}

function verdictOf(p: number, change: number, threshold: number, alpha: number): Verdict {
  if (p < alpha) {
    if (Math.abs(change) <= threshold) return 'within threshold';
    return change < 0 ? 'regression' : 'improvement';
  }
  return Math.abs(change) <= threshold ? 'no significant change' : 'inconclusive';
}

/**
 * The ratios of a measurement to its run's reference, one per repetition: its side-by-side windows where
 * the ratio came from them, else round by round; null where there is none.
 */
function ratiosIn(m: Measurement, all: readonly Measurement[]): number[] | null {
  if (m.vsReference === null) return null;
  if (m.vsReference.how === 'side by side') return besideRatios(m);
  const reference = all.find((r) => isYardstick(r) && pointOfMeasurement(r) === pointOfMeasurement(m));
  return reference === undefined ? null : roundRatios(m, reference);
}

export function compareMeasurements(
  base: Measurement | undefined,
  next: Measurement | undefined,
  threshold = DEFAULT_THRESHOLD,
  alpha = ALPHA,
  context: { readonly base: readonly Measurement[]; readonly next: readonly Measurement[] } = {
    base: [],
    next: [],
  },
): Comparison {
  const any = (next ?? base)!;
  const unit = figureOf(any).unit;
  const identity = {
    target: any.target,
    scenario: any.scenario,
    connections: any.connections,
    serverCpus: any.serverCpus ?? null,
    unit,
  };
  const n: [number, number] = [base?.repetitions.length ?? 0, next?.repetitions.length ?? 0];
  const empty = {
    base: null,
    next: null,
    change: null,
    ratioChange: null,
    baseP99: null,
    newP99: null,
    p99Change: null,
  };
  if (!base || !next) {
    return {
      ...identity,
      ...empty,
      by: 'figure',
      n,
      pValue: null,
      verdict: 'not comparable',
      note: base ? 'not in the new run' : 'not in the baseline',
    };
  }
  const baseRatio = measuredRatio(base, context.base);
  const newRatio = measuredRatio(next, context.next);
  const figures = {
    base: figureOf(base).value,
    next: figureOf(next).value,
    change: relative(figureOf(base).value, figureOf(next).value),
    ratioChange: baseRatio !== null && newRatio !== null ? relative(baseRatio, newRatio) : null,
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
      by: 'figure',
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
  // Ratios where both runs have them, round by round; the figures themselves otherwise.
  const baseRatios = ratiosIn(base, context.base);
  const newRatios = ratiosIn(next, context.next);
  const byRatio = baseRatios !== null && newRatios !== null && figures.ratioChange !== null;
  const samples: [number[], number[]] = byRatio
    ? [baseRatios, newRatios]
    : [rankedPerRepetition(base), rankedPerRepetition(next)];
  const by = byRatio ? 'ratio to the reference' : 'figure';
  if (samples[0].length < 2 || samples[1].length < 2) {
    return { ...identity, ...figures, by, pValue: null, verdict: 'not enough data', ...note };
  }
  const test = welchTest(samples[0], samples[1]);
  const change = (byRatio ? figures.ratioChange : figures.change) ?? 0;
  return {
    ...identity,
    ...figures,
    by,
    pValue: test.p,
    verdict: verdictOf(test.p, change, threshold, alpha),
    ...note,
  };
}

export function compareResults(
  base: Results,
  next: Results,
  threshold = DEFAULT_THRESHOLD,
  alpha = ALPHA,
): ComparisonReport {
  const baseRuns = new Map(base.measurements.map((m) => [keyOf(m), m]));
  const newRuns = new Map(next.measurements.map((m) => [keyOf(m), m]));
  const keys = [...new Set([...newRuns.keys(), ...baseRuns.keys()])];
  const context = { base: base.measurements, next: next.measurements };
  return {
    baseRunId: base.runId,
    newRunId: next.runId,
    threshold,
    alpha,
    rows: keys.map((k) => compareMeasurements(baseRuns.get(k), newRuns.get(k), threshold, alpha, context)),
  };
}

export function hasSignificantRegression(report: ComparisonReport): boolean {
  return report.rows.some((r) => r.verdict === 'regression');
}

/** How far two runs agree: each figure's ratio to nginx, and the order of targets their intervals separate. */
export interface Agreement {
  /** Measurements with a ratio to nginx in both runs, and those whose ratios agree within `within`. */
  readonly ratios: number;
  readonly ratiosWithin: number;
  readonly within: number;
  /** Pairs of targets, in one column, whose intervals do not overlap in either run; those ordered alike. */
  readonly separatedPairs: number;
  readonly sameOrder: number;
  /** The pairs ordered differently, "a > b then b > a in small". */
  readonly reversed: readonly string[];
}

const columnOf = pointOfMeasurement;

/** Intervals apart: `a` surely above `b` (1), surely below (-1), or not separated (0). */
function separation(a: Measurement, b: Measurement): number {
  const x = figureOf(a).ci;
  const y = figureOf(b).ci;
  if (x === null || y === null || !isMeasured(a) || !isMeasured(b)) return 0;
  if (x.low > y.high) return 1;
  if (y.low > x.high) return -1;
  return 0;
}

export function agreement(base: Results, next: Results, within = 0.1): Agreement {
  const rows = compareResults(base, next).rows.filter((r) => r.ratioChange !== null);
  const baseBy = new Map(base.measurements.map((m) => [keyOf(m), m]));
  let separatedPairs = 0;
  let sameOrder = 0;
  const reversed: string[] = [];
  const columns = new Map<string, Measurement[]>();
  for (const m of next.measurements) columns.set(columnOf(m), [...(columns.get(columnOf(m)) ?? []), m]);
  for (const list of columns.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const baseA = baseBy.get(keyOf(a));
        const baseB = baseBy.get(keyOf(b));
        if (!baseA || !baseB) continue;
        const now = separation(a, b);
        const then = separation(baseA, baseB);
        if (now === 0 || then === 0) continue;
        separatedPairs++;
        if (now === then) sameOrder++;
        else reversed.push(`${a.target} and ${b.target} in ${a.scenario}`);
      }
    }
  }
  return {
    ratios: rows.length,
    ratiosWithin: rows.filter((r) => Math.abs(r.ratioChange!) <= within).length,
    within,
    separatedPairs,
    sameOrder,
    reversed,
  };
}
