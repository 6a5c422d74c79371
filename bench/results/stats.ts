// Descriptive statistics over small samples (repetitions, per-second counts). Pure functions, no I/O.
/** Median, min, max and coefficient of variation of a small sample. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly cv: number;
}

export function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : sum(xs) / xs.length;
}

/** Sample standard deviation (n - 1): the repetitions are a sample of what the machine can do. */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let squares = 0;
  for (const x of xs) squares += (x - m) ** 2;
  return Math.sqrt(squares / (xs.length - 1));
}

/** Linear interpolation between closest ranks (the definition spreadsheets and numpy use by default). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Coefficient of variation as a fraction; 0 when it is undefined (fewer than two samples, or a zero mean). */
export function coefficientOfVariation(xs: readonly number[]): number {
  const m = mean(xs);
  return xs.length < 2 || m === 0 ? 0 : stdev(xs) / m;
}

export function spread(xs: readonly number[]): Spread {
  if (xs.length === 0) return { median: 0, min: 0, max: 0, cv: 0 };
  return {
    median: median(xs),
    min: Math.min(...xs),
    max: Math.max(...xs),
    cv: coefficientOfVariation(xs),
  };
}
