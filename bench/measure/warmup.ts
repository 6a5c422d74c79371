// The warm-up, chosen from data rather than a constant: short windows of the point's own load until two in
// a row agree within the tolerance (a JIT has tiered up, caches are filled), capped so that a server that
// never settles is still measured, and recorded as such (Barrett et al., "Virtual Machine Warmup Blows Hot
// and Cold", OOPSLA 2017: some never do). None of its windows is recorded as a repetition.
import type { LoadEngine, LoadOutcome, LoadSpec } from '../engines/types.ts';
import type { RankedBy } from '../model/scenarios.ts';
import type { Repetition } from '../model/schema.ts';
import type { WarmupRule } from '../plan/plan.ts';

export type WarmupRecord = NonNullable<Repetition['warmup']>;

/** The figure a warm-up window is judged by: the one that ranks the point's scenario. */
export function windowFigure(outcome: LoadOutcome, rankedBy: RankedBy): number {
  const seconds = outcome.elapsedSec > 0 ? outcome.elapsedSec : 1;
  return (rankedBy === 'bytes' ? outcome.bytes : outcome.requests) / seconds;
}

/** The last two windows agree within the tolerance, after at least minWindows. */
export function hasSettled(
  figures: readonly number[],
  rule: Pick<WarmupRule, 'tolerance' | 'minWindows'>,
): boolean {
  if (figures.length < Math.max(2, rule.minWindows)) return false;
  const a = figures[figures.length - 2]!;
  const b = figures[figures.length - 1]!;
  const larger = Math.max(a, b);
  return larger > 0 && Math.abs(a - b) / larger <= rule.tolerance;
}

export interface WarmupContext {
  readonly engine: LoadEngine;
  readonly signal: AbortSignal;
  readonly onWindow?: (figure: number) => void;
}

/**
 * Adaptive: windows of rule.windowSec until hasSettled, or rule.maxSec of them. Open loop: the rate is
 * fixed by the run, so there is nothing to settle on; a fixed `fixedSec` at that rate instead.
 */
export async function warmUp(
  spec: LoadSpec,
  rankedBy: RankedBy,
  rule: WarmupRule,
  context: WarmupContext,
  fixedSec: number | null = null,
): Promise<WarmupRecord> {
  const started = performance.now();
  const figures: number[] = [];
  // The warm-up warms the server, not idle connections: those are opened for the window itself.
  const window = { ...spec, durationSec: rule.windowSec, idleConnections: 0 };
  const budget = fixedSec ?? rule.maxSec;
  const most = budget > 0 ? Math.max(1, Math.round(budget / rule.windowSec)) : 0;
  while (figures.length < most && !context.signal.aborted) {
    const outcome = await context.engine.load(window, {}, context.signal);
    const figure = windowFigure(outcome, rankedBy);
    figures.push(figure);
    context.onWindow?.(figure);
    if (fixedSec === null && hasSettled(figures, rule)) break;
  }
  return {
    seconds: (performance.now() - started) / 1000,
    windows: figures.length,
    // No warm-up asked (--warmup 0) is no settling; a fixed one at a rate settled if its windows agree.
    settled: figures.length > 0 && (hasSettled(figures, rule) || (fixedSec !== null && figures.length === 1)),
    figures,
  };
}
