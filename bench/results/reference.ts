// Each figure against the reference's (nginx) at the same point. Where the run measured side by side (the
// target and nginx loaded at once on the same CPUs, bench/measure/beside.ts), the ratio is that window's,
// and the machine's drift cancels in it. Otherwise, round by round: the ratio of two figures measured
// minutes apart in the same round, which carries both figures' noise. Either is summarised like any
// figure, with its interval.
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

/** The ratios of m's side-by-side windows that count: measured, and not limited by the load generators. */
export function besideRatios(m: Pick<Measurement, 'repetitions'>): number[] {
  return m.repetitions.flatMap((r) =>
    r.beside !== undefined && !r.beside.clientBound && r.beside.referenceFigure > 0
      ? [r.beside.figure / r.beside.referenceFigure]
      : [],
  );
}

/**
 * m's ratio to the reference, where it is a measurement: side by side (the windows the engines limited are
 * already left out), or round by round where neither figure was the load generator's limit. With one side
 * at that limit the ratio is a bound (the views show it with ≥ or ≤), and it moves with the client's
 * cores: in two default runs on 2 cores, nginx's close figure was client-bound, 8.0k then 9.8k req/s, and
 * every close ratio to it moved by -8 % to -39 % while the targets' own figures held better. null where
 * there is none.
 */
export function measuredRatio(m: Measurement, all: readonly Measurement[]): number | null {
  const v = m.vsReference;
  if (v === null) return null;
  if (v.how === 'side by side') return v.ratio.mean;
  const reference = all.find((r) => isYardstick(r) && samePoint(r, m));
  const bound = (x: Measurement) => x.flags.includes('client-bound');
  return reference !== undefined && (bound(m) || bound(reference)) ? null : v.ratio.mean;
}

/** The measurements, each ranked one given its ratio to the reference at the same point where there is one. */
export function withReferenceRatios(measurements: readonly Measurement[]): Measurement[] {
  return measurements.map((m) => {
    // Open-loop points offer each target a share of its own throughput: their served rates are not comparable.
    if (isYardstick(m) || !isRanked(SCENARIOS[m.scenario]) || m.offeredRate !== null || !isMeasured(m))
      return m;
    const beside = besideRatios(m);
    const name = m.repetitions.find((r) => r.beside !== undefined)?.beside?.target;
    // One window is no interval: with fewer than two, the rounds' ratios, which have one, stand instead.
    if (beside.length >= 2 && name !== undefined)
      return { ...m, vsReference: { target: name, ratio: summarize(beside), how: 'side by side' } };
    const reference = measurements.find((r) => isYardstick(r) && samePoint(r, m) && isMeasured(r));
    if (reference === undefined) return m;
    const ratios = roundRatios(m, reference);
    if (ratios.length === 0) return m;
    return { ...m, vsReference: { target: reference.target, ratio: summarize(ratios), how: 'same round' } };
  });
}
