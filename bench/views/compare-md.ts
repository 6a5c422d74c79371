// The comparison of two results files as Markdown: npm run compare prints it, summary.md appends it.
import type { Agreement, ComparisonReport } from '../results/compare.ts';
import { formatChange, formatFigure, formatMs, formatPercent } from './format.ts';

const orDash = <T>(value: T | null, format: (v: T) => string) => (value === null ? '–' : format(value));

export function comparisonMarkdown(report: ComparisonReport): string {
  const header = [
    'target',
    'scenario',
    'conn.',
    'base',
    'new',
    'change',
    'vs nginx',
    'n',
    'p',
    'p99',
    'verdict',
  ];
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const rows = report.rows.map((r) =>
    line([
      `\`${r.target}\``,
      r.serverCpus === null
        ? r.scenario
        : `${r.scenario}, ${r.serverCpus} CPU${r.serverCpus === 1 ? '' : 's'}`,
      String(r.connections),
      orDash(r.base, (v) => formatFigure(r.unit, v)),
      orDash(r.next, (v) => formatFigure(r.unit, v)),
      orDash(r.change, formatChange),
      orDash(r.ratioChange, formatChange),
      `${r.n[0]} + ${r.n[1]}`,
      orDash(r.pValue, (p) => (p < 0.001 ? '< 0.001' : p.toFixed(3))),
      r.baseP99 === null || r.newP99 === null
        ? '–'
        : `${formatMs(r.baseP99)} → ${formatMs(r.newP99)}` +
          (r.p99Change === null ? '' : ` (${formatChange(r.p99Change)})`),
      (r.verdict === 'regression' || r.verdict === 'improvement' ? `**${r.verdict}**` : r.verdict) +
        (r.note ? ` (${r.note})` : ''),
    ]),
  );
  const regressions = report.rows.filter((r) => r.verdict === 'regression').length;
  return [
    `## Comparison: ${report.newRunId} against ${report.baseRunId}`,
    '',
    "Test: Welch's two-sided t-test, n repetitions on each side, significance level " +
      `${report.alpha}: on each figure's ratio to nginx where both runs have one (taken in windows with both ` +
      'loaded at once where the run did so, else round by round; a ratio holds when the machine drifts ' +
      'between the runs; "vs nginx" is its change), on the ranked figure itself (requests/s, or bytes/s where a scenario is ranked by it) ' +
      'otherwise. A change counts when it is ' +
      `significant and larger than ${formatPercent(report.threshold)} of the baseline; "inconclusive" is a ` +
      'change beyond that the repetitions cannot confirm (run more of them), "not enough data" means a ' +
      'side has one repetition. p99 changes are shown, not tested.',
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

/** How far two runs agree, in two sentences: the ratios to nginx, and the order of separated targets. */
export function agreementMarkdown(a: Agreement): string {
  const ratios =
    a.ratios === 0
      ? 'No figure has a ratio to nginx in both runs.'
      : `${a.ratiosWithin} of ${a.ratios} figures' ratios to nginx agree within ${formatPercent(a.within)} between the runs.`;
  const order =
    a.separatedPairs === 0
      ? 'No two targets are separated by their intervals in both runs.'
      : `Of ${a.separatedPairs} pairs of targets separated by their intervals in both runs, ${a.sameOrder} are in the same order` +
        (a.reversed.length > 0 ? `; reversed: ${a.reversed.join(', ')}.` : '.');
  return `## Agreement\n\n${ratios} ${order}`;
}
