// The report's comparison with a baseline results file (--baseline): the same rows and verdicts as
// npm run compare (results/compare.ts), drawn as a chart of the changes.
import type { Comparison, ComparisonReport } from '../../results/compare.ts';
import { columnKey } from '../columns.ts';
import { formatChange } from '../format.ts';
import { barsHeight, type ChartSpec, NO_LEGEND } from './chart-spec.ts';
import { BAD, GOOD, NEUTRAL } from './palette.ts';

/** A label for a comparison row: "async@node · small", "nginx · sweep ×64". */
export function rowLabel(c: Comparison): string {
  return `${c.target} · ${columnKey(c)
    .replace(/-(\d+)$/, ' ×$1')
    .replace(/-(\d+)cpu$/, ' on $1 CPU(s)')}`;
}

export function baselineChart(report: ComparisonReport): ChartSpec | null {
  // The scenarios only: a curve's steps would triple the bars; the table lists them.
  const compared = report.rows.filter((c) => c.change !== null && columnKey(c) === c.scenario);
  if (compared.length === 0) return null;
  // A symmetric axis with head-room on both sides leaves space for the labels at the ends of the bars.
  // The change the verdict was read from: of the ratio to nginx where both runs had it.
  const shown = (c: Comparison) => (c.by === 'ratio to the reference' ? c.ratioChange : c.change);
  const widest = Math.max(1, ...compared.map((c) => Math.abs((shown(c) ?? 0) * 100)));
  const reach = Math.ceil((widest * 1.5) / 5) * 5;
  const color = (c: Comparison) =>
    c.verdict === 'improvement' ? GOOD : c.verdict === 'regression' ? BAD : NEUTRAL;
  return {
    id: 'baseline-change',
    title: 'Change against the baseline, per scenario',
    alt: 'Bar chart of the change per target and scenario against the baseline',
    height: barsHeight(compared.length, 22),
    type: 'bar',
    data: {
      labels: compared.map(rowLabel),
      datasets: [
        {
          label: 'change, %',
          data: compared.map((c) => (shown(c) ?? 0) * 100),
          backgroundColor: compared.map(color),
          valueLabels: compared.map((c) => `${formatChange(shown(c) ?? 0)} (${c.verdict}, by ${c.by})`),
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
          title: {
            display: true,
            text: 'change against the baseline, % (of the ratio to nginx where both runs had it)',
          },
        },
        y: { grid: { display: false } },
      },
    },
  };
}
