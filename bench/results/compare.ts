// Two results files side by side: per target and scenario, the change in median req/s and p99, with a
// Mann-Whitney U test on the per-second request counts to tell a real change from noise.
import { formatCount, formatMs, formatSignedPercent } from '../views/format.ts';
import { isResult } from '../views/ranking.ts';
import { mannWhitneyU } from './mann-whitney.ts';
import type { Results, Run } from './schema.ts';

export type Verdict =
  | 'regression'
  | 'improvement'
  | 'within threshold'
  | 'no significant change'
  | 'not comparable';

export interface Comparison {
  readonly target: string;
  readonly scenario: string;
  readonly connections: number;
  readonly baseRps: number | null;
  readonly newRps: number | null;
  readonly changePct: number | null;
  readonly baseP99: number | null;
  readonly newP99: number | null;
  readonly p99ChangePct: number | null;
  readonly pValue: number | null;
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface ComparisonReport {
  readonly baseRunId: string;
  readonly newRunId: string;
  readonly thresholdPct: number;
  readonly alpha: number;
  readonly rows: readonly Comparison[];
}

export const DEFAULT_THRESHOLD_PCT = 5;
export const ALPHA = 0.05;
/** With fewer samples in all, even a complete separation has p above 0.05 (two-sided, 3 + 3 gives 0.1). */
const MIN_SAMPLES_FOR_SIGNIFICANCE = 8;

const keyOf = (r: Run) => `${r.target}\u0000${r.scenario}\u0000${r.connections}`;

function percentChange(from: number, to: number): number | null {
  return from === 0 ? null : ((to - from) / from) * 100;
}

function samples(run: Run): number[] {
  return run.repetitions.flatMap((r) => r.perSecond);
}

export function compareRuns(
  base: Run | undefined,
  next: Run | undefined,
  thresholdPct: number,
  alpha: number,
): Comparison {
  const any = (next ?? base)!;
  const identity = { target: any.target, scenario: any.scenario, connections: any.connections };
  const empty = {
    baseRps: null,
    newRps: null,
    changePct: null,
    baseP99: null,
    newP99: null,
    p99ChangePct: null,
    pValue: null,
  };
  if (!base || !next) {
    return {
      ...identity,
      ...empty,
      verdict: 'not comparable',
      note: base ? 'not in the new run' : 'not in the baseline',
    };
  }
  const figures = {
    baseRps: base.requestsPerSec.median,
    newRps: next.requestsPerSec.median,
    changePct: percentChange(base.requestsPerSec.median, next.requestsPerSec.median),
    baseP99: base.latencyMs.p99,
    newP99: next.latencyMs.p99,
    p99ChangePct: percentChange(base.latencyMs.p99, next.latencyMs.p99),
  };
  if (!isResult(base) || !isResult(next)) {
    const which = !isResult(base) ? base : next;
    return {
      ...identity,
      ...figures,
      pValue: null,
      verdict: 'not comparable',
      note: `${which === base ? 'baseline' : 'new run'}: ${which.flags.join(', ') || 'no repetitions'}`,
    };
  }
  const test = mannWhitneyU(samples(base), samples(next));
  const change = figures.changePct ?? 0;
  const significant = test.method !== 'none' && test.p < alpha;
  let verdict: Verdict;
  if (!significant) verdict = 'no significant change';
  else if (Math.abs(change) <= thresholdPct) verdict = 'within threshold';
  else verdict = change < 0 ? 'regression' : 'improvement';
  const notes: string[] = [];
  if (test.method === 'none') notes.push('no per-second samples');
  else if (samples(base).length + samples(next).length < MIN_SAMPLES_FOR_SIGNIFICANCE) {
    notes.push('too few per-second samples to show significance');
  }
  if (base.flags.includes('client-bound') || next.flags.includes('client-bound')) {
    notes.push('client-bound: the load generator, not the server, set the figure');
  }
  return {
    ...identity,
    ...figures,
    pValue: test.method === 'none' ? null : test.p,
    verdict,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

export function compareResults(
  base: Results,
  next: Results,
  thresholdPct = DEFAULT_THRESHOLD_PCT,
  alpha = ALPHA,
): ComparisonReport {
  const baseRuns = new Map(base.runs.map((r) => [keyOf(r), r]));
  const newRuns = new Map(next.runs.map((r) => [keyOf(r), r]));
  const keys = [...new Set([...newRuns.keys(), ...baseRuns.keys()])];
  return {
    baseRunId: base.runId,
    newRunId: next.runId,
    thresholdPct,
    alpha,
    rows: keys.map((k) => compareRuns(baseRuns.get(k), newRuns.get(k), thresholdPct, alpha)),
  };
}

export function hasSignificantRegression(report: ComparisonReport): boolean {
  return report.rows.some((r) => r.verdict === 'regression');
}

const orDash = <T>(value: T | null, format: (v: T) => string) => (value === null ? '–' : format(value));

export function comparisonMarkdown(report: ComparisonReport): string {
  const header = [
    'target',
    'scenario',
    'connections',
    'base req/s',
    'new req/s',
    'change',
    'base p99',
    'new p99',
    'p99 change',
    'p',
    'verdict',
  ];
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const rows = report.rows.map((r) =>
    line([
      `\`${r.target}\``,
      r.scenario,
      String(r.connections),
      orDash(r.baseRps, formatCount),
      orDash(r.newRps, formatCount),
      orDash(r.changePct, formatSignedPercent),
      orDash(r.baseP99, formatMs),
      orDash(r.newP99, formatMs),
      orDash(r.p99ChangePct, formatSignedPercent),
      orDash(r.pValue, (p) => (p < 0.001 ? '< 0.001' : p.toFixed(3))),
      (r.verdict === 'regression' || r.verdict === 'improvement' ? `**${r.verdict}**` : r.verdict) +
        (r.note ? ` (${r.note})` : ''),
    ]),
  );
  const regressions = report.rows.filter((r) => r.verdict === 'regression').length;
  return [
    `## Comparison: ${report.newRunId} against ${report.baseRunId}`,
    '',
    `Test: two-sided Mann-Whitney U test on the per-second request counts of all repetitions, ` +
      `significance level ${report.alpha}. A change counts when it is significant and larger than ` +
      `${report.thresholdPct} % of the baseline's median req/s; p99 changes are shown, not tested.`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows,
    '',
    regressions === 0
      ? 'No significant regression beyond the threshold.'
      : `**${regressions} significant regression${regressions === 1 ? '' : 's'} beyond the threshold.**`,
  ].join('\n');
}
