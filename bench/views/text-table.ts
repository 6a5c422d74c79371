// The columns of a scenario's table in plain text, the same in the terminal and in summary.md: a place,
// the figure with its interval and its ratio to nginx, then what it cost the server.
import { FLAG_SHORT, type Flag } from '../model/flags.ts';
import { formatBytes, formatCpu, formatEfficiency, formatMs, formatPercent } from './format.ts';
import { placeText, type Ranked } from './ranking.ts';
import { figureText, intervalText, versusText } from './words.ts';

export const TEXT_HEADER = [
  '#',
  'target',
  'figure',
  '95 % CI',
  'vs nginx',
  '% of best',
  'p99',
  'server CPU',
  'req/CPU-s',
  'server RSS',
  'n',
  'flags',
] as const;

/** One row's cells under TEXT_HEADER; `name` dresses the target's name (code in Markdown). */
export function textCells(row: Ranked, name: (target: string) => string = (t) => t): string[] {
  const { measurement: m, figure, standing, place, shareOfBest, vsReference } = row;
  const result = standing !== 'not-a-result';
  return [
    result ? placeText(place) : '',
    name(m.target),
    result ? figureText(row) : '–',
    result ? intervalText(figure.unit, figure.ci) || '–' : '–',
    vsReference === null ? '–' : versusText(vsReference),
    shareOfBest === null ? '–' : formatPercent(shareOfBest),
    result && figure.value > 0 ? formatMs(m.latencyMs.p99) : '–',
    formatCpu(m.server.cpuPercent),
    formatEfficiency(m.server.requestsPerCpuSecond),
    m.server.rssPeakBytes === null ? '–' : formatBytes(m.server.rssPeakBytes),
    String(m.repetitions.length),
    m.flags.join(', '),
  ];
}

/** What the place column means, under every plain-text table. */
export const PLACE_NOTE =
  '#: the place, or the places a target could hold where the 95 % intervals overlap (tied); n: repetitions.';

/** What the vs nginx column means, under the tables that have one. */
export const VERSUS_NOTE =
  'vs nginx: the ratio in windows with the target and nginx loaded at once on the same CPUs, where the run ' +
  "took them, else of the two figures of each round; ≥ or ≤ where one side was the load generator's limit.";

/** "Flags: a …; b …" for the flags that occur, or '' when none does. */
export function flagLegendLine(present: readonly Flag[], code: (flag: string) => string): string {
  const shown = (Object.keys(FLAG_SHORT) as Flag[]).filter((f) => present.includes(f));
  if (shown.length === 0) return '';
  return `Flags: ${shown.map((f) => `${code(f)} ${FLAG_SHORT[f]}`).join('; ')}.`;
}
