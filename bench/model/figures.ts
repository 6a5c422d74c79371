// What a measurement's numbers are worth: whether its figure is a result, a lower bound or nothing, and
// which figure ranks it (its scenario says: requests/s, or bytes/s where answers are few and big).
import { NOT_A_RESULT } from './flags.ts';
import { type RankedBy, SCENARIOS } from './scenarios.ts';
import type { Interval, Measurement, Repetition, Summary } from './schema.ts';

/** How a measurement's figure may be presented. */
export type Standing =
  | 'result' // a measurement of the server
  | 'lower-bound' // client-bound: the server is at least this fast, the load generator was the limit
  | 'not-a-result'; // wrong answers, or the server did not start, failed the preflight or died

export function standingOf(m: Measurement): Standing {
  if (m.repetitions.length === 0 || m.flags.some((f) => NOT_A_RESULT.includes(f))) return 'not-a-result';
  if (m.flags.includes('client-bound')) return 'lower-bound';
  return 'result';
}

/** Counts as a measurement of the server's speed (possibly a lower bound). */
export function isMeasured(m: Measurement): boolean {
  return standingOf(m) !== 'not-a-result';
}

/**
 * A measurement that served requests but left some unanswered (timeouts, errors) and nothing worse: not
 * ranked, yet what it served is the finding, for a server that a slow client stops.
 */
export function servedWithErrors(m: Measurement): boolean {
  const voiding = m.flags.filter((f) => NOT_A_RESULT.includes(f));
  return m.repetitions.length > 0 && voiding.length === 1 && voiding[0] === 'errors';
}

export type FigureUnit = 'req/s' | 'B/s';

export const UNIT_OF: Readonly<Record<RankedBy, FigureUnit>> = { requests: 'req/s', bytes: 'B/s' };

export function rankedBy(m: Pick<Measurement, 'scenario'>): RankedBy {
  return SCENARIOS[m.scenario].rankedBy;
}

/** The summary of the figure that ranks the measurement's scenario. */
export function rankedSummary(m: Measurement): Summary {
  return rankedBy(m) === 'bytes' ? m.bytesPerSec : m.requestsPerSec;
}

/** One repetition's figure of the given kind. */
export function repetitionFigure(
  r: Pick<Repetition, 'requestsPerSec' | 'bytesPerSec'>,
  by: RankedBy,
): number {
  return by === 'bytes' ? r.bytesPerSec : r.requestsPerSec;
}

/** Each repetition's ranked figure: the samples behind the mean, its interval and every comparison. */
export function rankedPerRepetition(m: Pick<Measurement, 'scenario' | 'repetitions'>): number[] {
  return m.repetitions.map((r) => repetitionFigure(r, rankedBy(m)));
}

/** A measurement's headline figure: the mean over repetitions with its interval, and their min and max. */
export interface Figure {
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly ci: Interval | null;
  readonly unit: FigureUnit;
}

export function figureOf(m: Measurement): Figure {
  const s = rankedSummary(m);
  return { value: s.mean, min: s.min, max: s.max, ci: s.ci, unit: UNIT_OF[rankedBy(m)] };
}

/** Which point of its scenario a measurement is, in words: "sweep at 64 connections", "latency at 50 % of small", "small". */
export function pointLabel(m: Measurement): string {
  const scenario = SCENARIOS[m.scenario];
  if (m.offeredShare !== null)
    return `${m.scenario} at ${Math.round(m.offeredShare * 100)} % of ${offeredOf(m)}`;
  if (m.offeredRate !== null) return `${m.scenario} at ${m.offeredRate} req/s`;
  if (scenario.points.kind === 'connections') return `${m.scenario} at ${m.connections} connections`;
  return m.scenario;
}

/** The scenario whose throughput an open loop's share is of. */
function offeredOf(m: Pick<Measurement, 'scenario'>): string {
  const points = SCENARIOS[m.scenario].points;
  return points.kind === 'rates' ? points.of : m.scenario;
}
