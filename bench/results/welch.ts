// Welch's two-sample t-test (two-sided): do two small sets of per-repetition figures have the same mean?
// Repetitions are independent runs of a freshly started server, so unlike per-second counts inside one
// run (each second leans on the one before) they meet the test's assumption of independent samples; the
// unequal-variance form makes no assumption that both runs were equally noisy.
import { mean } from './stats.ts';

export interface WelchResult {
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  /** Two-sided p-value; 1 when the test cannot be made (fewer than two samples on a side). */
  readonly p: number;
  readonly n1: number;
  readonly n2: number;
}

function variance(xs: readonly number[], m: number): number {
  let squares = 0;
  for (const x of xs) squares += (x - m) ** 2;
  return squares / (xs.length - 1);
}

export function welchTest(a: readonly number[], b: readonly number[]): WelchResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 < 2 || n2 < 2) return { t: 0, df: 0, p: 1, n1, n2 };
  const m1 = mean(a);
  const m2 = mean(b);
  const s1 = variance(a, m1) / n1;
  const s2 = variance(b, m2) / n2;
  const se = Math.sqrt(s1 + s2);
  if (se === 0)
    return { t: m1 === m2 ? 0 : Number.POSITIVE_INFINITY, df: n1 + n2 - 2, p: m1 === m2 ? 1 : 0, n1, n2 };
  const t = (m1 - m2) / se;
  const df = (s1 + s2) ** 2 / (s1 ** 2 / (n1 - 1) + s2 ** 2 / (n2 - 1));
  return { t, df, p: studentTwoSided(t, df), n1, n2 };
}

/** P(|T| >= |t|) for Student's t with df degrees of freedom: the regularized incomplete beta I_x(df/2, 1/2). */
export function studentTwoSided(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  const x = df / (df + t * t);
  return Math.min(1, Math.max(0, incompleteBeta(x, df / 2, 0.5)));
}

/** Regularized incomplete beta function I_x(a, b), by Lentz's continued fraction (Numerical Recipes 6.4). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-12) break;
  }
  return h;
}

/** ln Γ(x), Lanczos approximation (g = 7, n = 9): 15 significant digits for x > 0. */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = g[0]!;
  for (let i = 1; i < 9; i++) sum += g[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}
