// Mann-Whitney U test (two-sided): do two sets of per-second request counts come from the same distribution?
// It assumes nothing about the shape of the distribution, which suits throughput samples (skewed, with
// outliers from GC pauses or a noisy neighbour). Exact distribution for small samples without ties,
// normal approximation with tie and continuity corrections otherwise.

export interface MannWhitneyResult {
  /** U of the first sample: how often a value of the first exceeds one of the second (ties count half). */
  readonly u: number;
  /** Two-sided p-value. */
  readonly p: number;
  readonly method: 'exact' | 'normal' | 'none';
}

/** Largest n1 * n2 for which the exact distribution is computed (it costs n1 * n2 * (n1 * n2) / 2 steps). */
const EXACT_LIMIT = 400;

export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, p: 1, method: 'none' };

  const { rankSumA, tieTerm, hasTies } = rankSum(a, b);
  const u1 = rankSumA - (n1 * (n1 + 1)) / 2;
  const uSmall = Math.min(u1, n1 * n2 - u1);

  if (!hasTies && n1 * n2 <= EXACT_LIMIT) {
    return { u: u1, p: Math.min(1, 2 * exactLowerTail(n1, n2, uSmall)), method: 'exact' };
  }
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u: u1, p: 1, method: 'normal' };
  const z = Math.max(0, Math.abs(u1 - (n1 * n2) / 2) - 0.5) / Math.sqrt(variance);
  return { u: u1, p: Math.min(1, 2 * (1 - normalCdf(z))), method: 'normal' };
}

/** Sum of the ranks of a in the pooled sample (average ranks for ties), and the tie correction term. */
function rankSum(a: readonly number[], b: readonly number[]) {
  const pooled = [
    ...a.map((value) => ({ value, fromA: true })),
    ...b.map((value) => ({ value, fromA: false })),
  ];
  pooled.sort((x, y) => x.value - y.value);
  let rankSumA = 0;
  let tieTerm = 0;
  let hasTies = false;
  for (let i = 0; i < pooled.length; ) {
    let j = i;
    while (j + 1 < pooled.length && pooled[j + 1]!.value === pooled[i]!.value) j++;
    const groupSize = j - i + 1;
    const averageRank = (i + j) / 2 + 1;
    if (groupSize > 1) {
      hasTies = true;
      tieTerm += groupSize ** 3 - groupSize;
    }
    for (let k = i; k <= j; k++) if (pooled[k]!.fromA) rankSumA += averageRank;
    i = j + 1;
  }
  return { rankSumA, tieTerm, hasTies };
}

/** P(U <= u) under the null hypothesis, by counting the arrangements of n1 + n2 distinct values. */
function exactLowerTail(n1: number, n2: number, u: number): number {
  const maxU = n1 * n2;
  // counts[m][k] is the distribution for m items of the first sample and the current number k of the second.
  let previous: number[][] = [];
  for (let k = 0; k <= n2; k++) {
    const row: number[][] = [];
    for (let m = 0; m <= n1; m++) {
      const dist = new Array<number>(maxU + 1).fill(0);
      if (m === 0 || k === 0) {
        dist[0] = 1;
      } else {
        // The largest value belongs to the first sample (it beats all k of the second) or to the second.
        const withFirst = row[m - 1]!;
        const withSecond = previous[m]!;
        for (let x = 0; x <= maxU; x++) {
          dist[x] = (x >= k ? withFirst[x - k]! : 0) + withSecond[x]!;
        }
      }
      row.push(dist);
    }
    previous = row;
  }
  const dist = previous[n1]!;
  let total = 0;
  let below = 0;
  for (let x = 0; x <= maxU; x++) {
    total += dist[x]!;
    if (x <= u) below += dist[x]!;
  }
  return below / total;
}

/** Standard normal CDF via the Abramowitz-Stegun 7.1.26 erf approximation (error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
