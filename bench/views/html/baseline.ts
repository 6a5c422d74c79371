// The change of each target and column against a baseline results file (--baseline). The significance test
// is npm run compare's job; here a change smaller than twice the larger run-to-run spread (cv) is shown as
// within noise, so the page does not shout about jitter.
import type { Results, Run } from '../../results/schema.ts';
import { type Column, columnKey, columnsOf, figureOf, isMeasured } from './analysis.ts';
import { barsHeight, type ChartSpec, NO_LEGEND } from './chart-spec.ts';
import { formatChange } from './format.ts';
import { BAD, GOOD, NEUTRAL } from './palette.ts';

export type ChangeKind = 'better' | 'worse' | 'noise' | 'new' | 'gone' | 'not-comparable';

export interface Change {
  readonly target: string;
  readonly column: Column;
  readonly kind: ChangeKind;
  /** Relative change of the headline figure (req/s, bytes/s for large), percent; null when not comparable. */
  readonly figureChange: number | null;
  /** Relative change of p99 latency, percent (positive = slower); null when not comparable. */
  readonly p99Change: number | null;
  readonly base: Run | undefined;
  readonly now: Run | undefined;
}

const NOISE_CVS = 2;

function relative(before: number, after: number): number | null {
  return before > 0 ? ((after - before) / before) * 100 : null;
}

export function compareToBaseline(results: Results, baseline: Results): Change[] {
  const key = (r: Run) => `${r.target}\u0000${columnKey(r)}`;
  const baseRuns = new Map(baseline.runs.map((r) => [key(r), r]));
  const nowRuns = new Map(results.runs.map((r) => [key(r), r]));
  const columns = new Map(
    columnsOf({ ...results, runs: [...results.runs, ...baseline.runs] }).map((c) => [c.key, c]),
  );
  const changes: Change[] = [];
  for (const k of new Set([...nowRuns.keys(), ...baseRuns.keys()])) {
    const now = nowRuns.get(k);
    const base = baseRuns.get(k);
    const any = (now ?? base)!;
    const column = columns.get(columnKey(any))!;
    if (!now || !base) {
      changes.push({
        target: any.target,
        column,
        kind: now ? 'new' : 'gone',
        figureChange: null,
        p99Change: null,
        base,
        now,
      });
      continue;
    }
    if (!isMeasured(now) || !isMeasured(base)) {
      changes.push({
        target: any.target,
        column,
        kind: 'not-comparable',
        figureChange: null,
        p99Change: null,
        base,
        now,
      });
      continue;
    }
    const figureChange = relative(figureOf(base).value, figureOf(now).value);
    const p99Change = relative(base.latencyMs.p99, now.latencyMs.p99);
    const noise = NOISE_CVS * Math.max(base.requestsPerSec.cv, now.requestsPerSec.cv) * 100;
    const kind: ChangeKind =
      figureChange === null
        ? 'not-comparable'
        : Math.abs(figureChange) <= noise
          ? 'noise'
          : figureChange > 0
            ? 'better'
            : 'worse';
    changes.push({ target: any.target, column, kind, figureChange, p99Change, base, now });
  }
  return changes;
}

export function baselineChart(changes: readonly Change[]): ChartSpec | null {
  // The scenarios only: the sweep's steps would triple the bars; the table lists them.
  const compared = changes.filter((c) => c.figureChange !== null && c.column.sweepConnections === null);
  if (compared.length === 0) return null;
  // A symmetric axis with head-room on both sides leaves space for the labels at the ends of the bars.
  const widest = Math.max(1, ...compared.map((c) => Math.abs(c.figureChange ?? 0)));
  const reach = Math.ceil((widest * 1.5) / 5) * 5;
  const color = (c: Change) => (c.kind === 'better' ? GOOD : c.kind === 'worse' ? BAD : NEUTRAL);
  return {
    id: 'baseline-change',
    title: 'Change against the baseline, per scenario',
    alt: 'Bar chart of the change in median throughput per target and scenario against the baseline',
    height: barsHeight(compared.length, 22),
    type: 'bar',
    data: {
      labels: compared.map((c) => `${c.target} · ${c.column.label}`),
      datasets: [
        {
          label: 'change of the median, %',
          data: compared.map((c) => c.figureChange),
          backgroundColor: compared.map(color),
          valueLabels: compared.map(
            (c) => formatChange(c.figureChange ?? 0) + (c.kind === 'noise' ? ' (noise)' : ''),
          ),
        },
      ],
    },
    options: {
      indexAxis: 'y',
      plugins: NO_LEGEND,
      scales: {
        x: {
          min: -reach,
          max: reach,
          title: { display: true, text: 'change of the median throughput against the baseline, %' },
        },
        y: { grid: { display: false } },
      },
    },
  };
}
