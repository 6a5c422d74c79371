// The one ranking every view shares: in each column, each measurement's figure with its interval, its
// share of the best, its ratio to the reference, and its place. Two targets whose intervals overlap are
// not ordered: each gets the range of places it could hold ("2–4"), and a reader sees them as tied.
import { type Figure, figureOf, isMeasured, type Standing, standingOf } from '../model/figures.ts';
import type { Measurement, Results, Summary } from '../model/schema.ts';
import { isYardstick } from '../results/reference.ts';
import { type Column, columnsOf, measurementsIn } from './columns.ts';

/** The places a measurement can hold in its column, given the intervals: best === worst when it is measured. */
export interface Place {
  readonly best: number;
  readonly worst: number;
}

/** This figure over the reference's at the same point; `bound` says which way client-bound bends it. */
export interface VersusReference {
  readonly target: string;
  /** Side by side, window by window, or else round by round where both ran in the same rounds; summarised. */
  readonly ratio: Summary;
  readonly how: 'side by side' | 'same round';
  readonly bound: 'exact' | 'at least' | 'at most' | 'unknown';
}

export interface Ranked {
  readonly measurement: Measurement;
  readonly figure: Figure;
  readonly standing: Standing;
  /** Where it stands among the results of its column; null when it is not a result. */
  readonly place: Place | null;
  /** Share of the column's best figure (1 = the best); null when it is not a result. */
  readonly shareOfBest: number | null;
  readonly vsReference: VersusReference | null;
}

export interface ColumnRanking {
  readonly column: Column;
  /** Results first, best first (a lower bound counts: the server reached at least that), then the others. */
  readonly rows: readonly Ranked[];
  /** The best result by its figure, if any; `decided` when no other result could be above it. */
  readonly best: Ranked | undefined;
  /** Every figure has an interval (two repetitions or more): the places are read from them. */
  readonly intervals: boolean;
}

/**
 * The range a figure could be in: its interval, open upwards for a lower bound (the client was the limit,
 * the server may be faster); null without an interval, where nothing can be said.
 */
function range(r: { figure: Figure; standing: Standing }): { low: number; high: number } | null {
  if (r.figure.ci === null) return null;
  return {
    low: r.figure.ci.low,
    high: r.standing === 'lower-bound' ? Number.POSITIVE_INFINITY : r.figure.ci.high,
  };
}

/**
 * Best place: one after every figure sure to be above this one (its interval entirely above); worst
 * place: before every figure sure to be below it. Without intervals, any place is possible.
 */
export function placesOf(rows: readonly { figure: Figure; standing: Standing }[]): Place[] {
  const ranges = rows.map(range);
  return rows.map((_, i) => {
    const mine = ranges[i];
    if (mine == null) return { best: 1, worst: rows.length };
    let above = 0;
    let below = 0;
    // A figure without an interval is sure to be neither above nor below: it widens every place.
    ranges.forEach((other, j) => {
      if (j === i || other == null) return;
      if (other.low > mine.high) above++;
      if (other.high < mine.low) below++;
    });
    return { best: 1 + above, worst: rows.length - below };
  });
}

function versus(
  m: Measurement,
  standing: Standing,
  reference: Measurement | undefined,
): VersusReference | null {
  if (m.vsReference === null || standing === 'not-a-result') return null;
  // Side by side, the windows the load generators limited were left out: what is left is measured.
  if (m.vsReference.how === 'side by side')
    return { target: m.vsReference.target, ratio: m.vsReference.ratio, how: 'side by side', bound: 'exact' };
  if (reference === undefined) return null;
  const runBound = standing === 'lower-bound';
  const refBound = standingOf(reference) === 'lower-bound';
  const bound = runBound && refBound ? 'unknown' : runBound ? 'at least' : refBound ? 'at most' : 'exact';
  return { target: m.vsReference.target, ratio: m.vsReference.ratio, how: 'same round', bound };
}

export function rankColumn(results: Results, column: Column): ColumnRanking {
  const measurements = measurementsIn(results, column);
  const reference = measurements.find((m) => isYardstick(m) && isMeasured(m));
  const sorted = measurements
    .map((m) => ({ measurement: m, figure: figureOf(m), standing: standingOf(m) }))
    .sort(
      (a, b) =>
        Number(b.standing !== 'not-a-result') - Number(a.standing !== 'not-a-result') ||
        b.figure.value - a.figure.value,
    );
  const measured = sorted.filter((r) => r.standing !== 'not-a-result');
  const places = placesOf(measured);
  const bestValue = Math.max(0, ...measured.map((r) => r.figure.value));
  const rows = sorted.map((r): Ranked => {
    const i = measured.indexOf(r);
    return {
      ...r,
      place: i === -1 ? null : places[i]!,
      shareOfBest: i === -1 ? null : bestValue > 0 ? r.figure.value / bestValue : 0,
      vsReference: versus(r.measurement, r.standing, reference),
    };
  });
  return {
    column,
    rows,
    best: rows.find((r) => r.standing !== 'not-a-result'),
    intervals: measured.length > 0 && measured.every((r) => r.figure.ci !== null),
  };
}

/** Every column, ranked. */
export function rankAll(results: Results): ColumnRanking[] {
  return columnsOf(results).map((column) => rankColumn(results, column));
}

/** "1", or "2–4" where the intervals leave the place open. */
export function placeText(place: Place | null): string {
  if (place === null) return '–';
  return place.best === place.worst ? String(place.best) : `${place.best}–${place.worst}`;
}

/** Is this the one result no other could be above? */
export function leadsAlone(row: Ranked): boolean {
  return row.place !== null && row.place.best === 1 && row.place.worst === 1;
}
