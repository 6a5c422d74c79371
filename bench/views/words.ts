// Figures in words, the same in the terminal, summary.md and the HTML report.
import type { Figure, Standing } from '../model/figures.ts';
import type { Interval } from '../model/schema.ts';
import { formatFigure, formatPercent, formatRatio } from './format.ts';

/** What the efficiency column means, in one sentence, for every view that shows it. */
export const EFFICIENCY_NOTE =
  'req/CPU-s: requests served per CPU-second the server used over the same window as its requests, a ' +
  'measure of the work per answer that holds even where the client was the limit; a server at partial ' +
  'load batches less, so it reads low there.';

/**
 * "0.5 s windows until two in a row agree within 5 %, a process's first for at least 2 s, at most 8 s": the
 * adaptive warm-up's rule, the same in the plan line, summary.md and the report. No "first" clause where it
 * adds nothing (or the file is older than it).
 */
export function warmupRuleText(
  w: {
    readonly windowSec: number;
    readonly tolerance: number;
    readonly minWindows: number;
    readonly firstMinWindows?: number | undefined;
  },
  maxSec: number,
): string {
  const first = w.firstMinWindows ?? w.minWindows;
  const firstText = first > w.minWindows ? `, a process's first for at least ${first * w.windowSec} s` : '';
  return `${w.windowSec} s windows until two in a row agree within ${formatPercent(w.tolerance)}${firstText}, at most ${maxSec} s`;
}

/** "84.7k req/s", or "≥ 84.7k req/s" for a lower bound: the server was at least this fast. */
export function figureText(row: { readonly figure: Figure; readonly standing: Standing }): string {
  const text = formatFigure(row.figure.unit, row.figure.value);
  return row.standing === 'lower-bound' ? `≥ ${text}` : text;
}

/** "80.1k–86.0k req/s": the interval in the figure's unit; '' without one. */
export function intervalText(unit: Figure['unit'], ci: Interval | null): string {
  if (ci === null) return '';
  return span(formatFigure(unit, ci.low), formatFigure(unit, ci.high));
}

/** "80.1k–86.0k req/s" where both ends share a unit, "900 MiB/s–1.1 GiB/s" where they do not. */
function span(low: string, high: string): string {
  const lowUnit = low.slice(low.indexOf(' ') + 1);
  const highUnit = high.slice(high.indexOf(' ') + 1);
  return low.includes(' ') && lowUnit === highUnit
    ? `${low.slice(0, low.indexOf(' '))}–${high}`
    : `${low}–${high}`;
}

/** "84.7k req/s (95 % CI 80.1k–86.0k req/s)"; a lower bound has no upper end. */
export function figureWithInterval(row: { readonly figure: Figure; readonly standing: Standing }): string {
  const ci = row.figure.ci;
  if (ci === null) return `${figureText(row)} (1 repetition: no interval)`;
  const level = `${Math.round(ci.level * 100)} %`;
  if (row.standing === 'lower-bound')
    return `${figureText(row)} (${level} CI from ${formatFigure(row.figure.unit, ci.low)})`;
  return `${figureText(row)} (${level} CI ${intervalText(row.figure.unit, ci)})`;
}

/**
 * The ratio to the reference as a reader may take it: "1.7× (1.6–1.8)"; "≥ …" where the target's side was
 * the load generator's limit, "≤ …" where the reference's was; not measured where both were.
 */
export function versusText(v: {
  readonly ratio: { readonly mean: number; readonly ci: Interval | null };
  readonly bound: 'exact' | 'at least' | 'at most' | 'unknown';
}): string {
  if (v.bound === 'unknown') return 'not measured (both client-bound)';
  const text = ratioWithInterval(v.ratio);
  return v.bound === 'at least' ? `≥ ${text}` : v.bound === 'at most' ? `≤ ${text}` : text;
}

/** "0.84× (0.80–0.88)": a ratio with its interval. */
export function ratioWithInterval(ratio: { readonly mean: number; readonly ci: Interval | null }): string {
  if (ratio.ci === null) return formatRatio(ratio.mean);
  return `${formatRatio(ratio.mean)} (${formatRatio(ratio.ci.low).replace('×', '')}–${formatRatio(ratio.ci.high)})`;
}
