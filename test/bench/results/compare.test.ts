// compare: Welch's t-test on the per-repetition figures, with a verdict that says when the data cannot decide.
import { describe, expect, it } from 'vitest';
import { agreement, compareResults, hasSignificantRegression } from '../../../bench/results/compare.ts';
import { summarize } from '../../../bench/results/intervals.ts';
import { withReferenceRatios } from '../../../bench/results/reference.ts';
import { studentTwoSided, welchTest } from '../../../bench/results/welch.ts';
import { comparisonMarkdown } from '../../../bench/views/compare-md.ts';
import { makeMeasurement, makeResults, samplesAround } from '../fixtures.ts';

/** Three repetitions of five seconds each around a level, a little apart from each other. */
const reps = (level: number, spread = 0.01) =>
  [-1, 0, 1].map((i) => samplesAround(Math.round(level * (1 + i * spread)), 5));

function verdict(baseLevel: number, newLevel: number, threshold = 0.05) {
  const base = makeResults([makeMeasurement('async@node', reps(baseLevel))]);
  const next = makeResults([makeMeasurement('async@node', reps(newLevel))]);
  return compareResults(base, next, threshold);
}

describe("Welch's t-test", () => {
  it('matches textbook values', () => {
    // t = 2.776 with 4 degrees of freedom is the two-sided 5 % point; 12.71 with 1.
    expect(studentTwoSided(2.776445, 4)).toBeCloseTo(0.05, 6);
    expect(studentTwoSided(12.7062, 1)).toBeCloseTo(0.05, 5);
    const r = welchTest([10, 11, 12], [13, 14, 15]);
    expect(r.t).toBeCloseTo(-3.6742, 4);
    expect(r.df).toBeCloseTo(4, 6);
    expect(r.p).toBeCloseTo(0.0213, 4);
  });

  it('makes no test with fewer than two samples on a side', () => {
    expect(welchTest([1], [2, 3]).p).toBe(1);
  });
});

describe('compare', () => {
  it('finds a significant regression beyond the threshold, with n', () => {
    const report = verdict(10_000, 8_000);
    const row = report.rows[0]!;
    expect(row.verdict).toBe('regression');
    expect(row.pValue).toBeLessThan(0.01);
    expect(row.change).toBeCloseTo(-0.2, 2);
    expect(row.n).toEqual([3, 3]);
    expect(hasSignificantRegression(report)).toBe(true);
  });

  it('finds an improvement, which is not a regression', () => {
    const report = verdict(10_000, 12_000);
    expect(report.rows[0]!.verdict).toBe('improvement');
    expect(hasSignificantRegression(report)).toBe(false);
  });

  it('calls a significant but small change within the threshold', () => {
    const base = makeResults([makeMeasurement('async@node', reps(10_000, 0.001))]);
    const next = makeResults([makeMeasurement('async@node', reps(9_700, 0.001))]);
    expect(compareResults(base, next, 0.05).rows[0]!.verdict).toBe('within threshold');
    expect(compareResults(base, next, 0.01).rows[0]!.verdict).toBe('regression');
  });

  it('sees no significant change between runs at the same level', () => {
    const row = verdict(10_000, 10_000).rows[0]!;
    expect(row.verdict).toBe('no significant change');
    expect(row.pValue).toBeGreaterThan(0.5);
  });

  it('says inconclusive, not "no change", when noisy repetitions cannot confirm a large change', () => {
    const base = makeResults([makeMeasurement('async@node', [[10_000], [14_000], [6_000]])]);
    const next = makeResults([makeMeasurement('async@node', [[7_000], [11_000], [3_000]])]);
    const row = compareResults(base, next).rows[0]!;
    expect(row.verdict).toBe('inconclusive');
  });

  it('says not enough data with one repetition on a side, however large the change', () => {
    const base = makeResults([makeMeasurement('async@node', [[10_000, 10_000, 10_000]])]);
    const next = makeResults([makeMeasurement('async@node', [[5_000, 5_000, 5_000]])]);
    const row = compareResults(base, next).rows[0]!;
    expect(row.verdict).toBe('not enough data');
    expect(row.n).toEqual([1, 1]);
    expect(hasSignificantRegression(compareResults(base, next))).toBe(false);
  });

  it('compares the large file by bytes per second', () => {
    const large = { scenario: 'large' as const, connections: 16 };
    const base = makeResults([makeMeasurement('async@node', reps(1000), large)]);
    const withBytes = (factor: number) => {
      const m = makeMeasurement('async@node', reps(1000), large);
      const repetitions = m.repetitions.map((r, i) => ({
        ...r,
        bytesPerSec: r.bytesPerSec * factor * (1 + i * 0.001),
      }));
      return { ...m, repetitions, bytesPerSec: summarize(repetitions.map((r) => r.bytesPerSec)) };
    };
    const row = compareResults(base, makeResults([withBytes(0.5)])).rows[0]!;
    expect(row.unit).toBe('B/s');
    expect(row.change).toBeCloseTo(-0.5, 2);
    expect(row.verdict).toBe('regression');
  });

  it('does not compare figures that are not results, nor runs present on one side only', () => {
    const base = makeResults([
      makeMeasurement('async@node', reps(10_000)),
      makeMeasurement('nginx', reps(20_000)),
    ]);
    const next = makeResults([makeMeasurement('async@node', reps(5_000), { flags: ['wrong-answers'] })]);
    const report = compareResults(base, next);
    expect(report.rows.map((r) => r.verdict)).toEqual(['not comparable', 'not comparable']);
    expect(hasSignificantRegression(report)).toBe(false);
  });

  it('reads the verdict from the ratio to nginx where both runs measured it beside the target', () => {
    // The whole machine is 20 % slower in the new run: every figure drops, nginx's as much as the target's.
    const run = (scale: number) =>
      makeResults(
        withReferenceRatios([
          makeMeasurement('nginx', reps(50_000 * scale), { flags: ['reference'] }),
          makeMeasurement('async@node', reps(100_000 * scale)),
        ]),
      );
    const row = compareResults(run(1), run(0.8)).rows.find((r) => r.target === 'async@node')!;
    expect(row.change).toBeCloseTo(-0.2, 2);
    expect(row.by).toBe('ratio to the reference');
    expect(row.ratioChange).toBeCloseTo(0, 2);
    expect(row.verdict).not.toBe('regression');
    // Without the reference the same figures are a regression.
    const alone = (scale: number) => makeResults([makeMeasurement('async@node', reps(100_000 * scale))]);
    expect(compareResults(alone(1), alone(0.8)).rows[0]!.verdict).toBe('regression');
  });

  it("decides by the figures where nginx's figure is client-bound: a ratio to it moves with the client", () => {
    // nginx at the engine's limit, 8k then 10k req/s (the client core sped up); the target the same 5k.
    const run = (nginxLevel: number) =>
      makeResults(
        withReferenceRatios([
          makeMeasurement('nginx', reps(nginxLevel), { flags: ['reference', 'client-bound'] }),
          makeMeasurement('async@node', reps(5_000)),
        ]),
      );
    const row = compareResults(run(8_000), run(10_000)).rows.find((r) => r.target === 'async@node')!;
    expect(row.by).toBe('figure');
    expect(row.ratioChange).toBeNull();
    expect(row.verdict).not.toBe('regression');
    expect(agreement(run(8_000), run(10_000)).ratios).toBe(0);
  });

  it('says how far two runs agree: ratios to nginx within 10 %, and the order of targets their intervals separate', () => {
    const run = (scale: number, fast: number) =>
      makeResults(
        withReferenceRatios([
          makeMeasurement('nginx', reps(50_000 * scale), { flags: ['reference'] }),
          makeMeasurement('async@node', reps(fast * scale)),
          makeMeasurement('workers@node', reps(30_000 * scale)),
        ]),
      );
    // The machine 20 % slower, the ratios the same: every ratio agrees, every separated pair keeps its order.
    const same = agreement(run(1, 100_000), run(0.8, 100_000));
    expect([same.ratios, same.ratiosWithin]).toEqual([2, 2]);
    expect(same.separatedPairs).toBe(3);
    expect(same.sameOrder).toBe(3);
    // async@node falls below workers@node: its ratio moves and one pair turns round.
    const moved = agreement(run(1, 100_000), run(1, 20_000));
    expect(moved.ratiosWithin).toBe(1);
    expect([...moved.reversed].sort()).toEqual([
      'async@node and workers@node in small',
      'nginx and async@node in small',
    ]);
  });

  it('names the test and n in its Markdown', () => {
    const markdown = comparisonMarkdown(verdict(10_000, 8_000));
    expect(markdown).toContain("Welch's two-sided t-test");
    expect(markdown).toContain('**regression**');
    expect(markdown).toMatch(/\| `async@node` \| small \| 50 \| .* \| 3 \+ 3 \|/);
  });
});
