// Each figure against the reference's (nginx) at the same point, round by round: on a shared machine that
// drifts, a ratio of two figures measured minutes apart in the same round holds where the figures alone
// do not. The ratios of the rounds are summarised like any figure, with their interval.
import { isMeasured, rankedPerRepetition } from '../model/figures.ts';
import { pointOfMeasurement } from '../model/point.ts';
import { isRanked, SCENARIOS } from '../model/scenarios.ts';
import type { Measurement } from '../model/schema.ts';
import { summarize } from './intervals.ts';

/** The yardstick: nginx, when it ran. The lesson's server is a reference too, but beside the models, not above them. */
export function isYardstick(m: Measurement): boolean {
  return m.impl === 'nginx' && m.flags.includes('reference');
}

const samePoint = (a: Measurement, b: Measurement) => pointOfMeasurement(a) === pointOfMeasurement(b);

/** The per-round ratios of m's ranked figure to the reference's, for the rounds both were measured in. */
export function roundRatios(m: Measurement, reference: Measurement): number[] {
  const mine = rankedPerRepetition(m);
  const theirs = new Map(reference.repetitions.map((r, i) => [r.round, rankedPerRepetition(reference)[i]!]));
  const ratios: number[] = [];
  m.repetitions.forEach((r, i) => {
    const base = theirs.get(r.round);
    if (base !== undefined && base > 0) ratios.push(mine[i]! / base);
  });
  return ratios;
}

/** The measurements, each ranked one given its ratio to the reference at the same point where there is one. */
export function withReferenceRatios(measurements: readonly Measurement[]): Measurement[] {
  return measurements.map((m) => {
    // Open-loop points offer each target a share of its own throughput: their served rates are not comparable.
    if (isYardstick(m) || !isRanked(SCENARIOS[m.scenario]) || m.offeredRate !== null || !isMeasured(m))
      return m;
    const reference = measurements.find((r) => isYardstick(r) && samePoint(r, m) && isMeasured(r));
    if (reference === undefined) return m;
    const ratios = roundRatios(m, reference);
    if (ratios.length === 0) return m;
    return { ...m, vsReference: { target: reference.target, ratio: summarize(ratios) } };
  });
}
