import { describe, expect, it } from 'vitest';
import {
  compareResults,
  comparisonMarkdown,
  hasSignificantRegression,
} from '../../../bench/results/compare.ts';
import { makeResults, makeRun, samplesAround } from '../fixtures.ts';

/** Three repetitions of five seconds each around a level. */
const reps = (level: number, seed = 0) => [0, 1, 2].map((i) => samplesAround(level + seed + i, 5));

function verdict(baseLevel: number, newLevel: number, threshold = 5) {
  const base = makeResults([makeRun('async@node', reps(baseLevel))]);
  const next = makeResults([makeRun('async@node', reps(newLevel, 7))]);
  return compareResults(base, next, threshold);
}

describe('compare', () => {
  it('finds a significant regression beyond the threshold', () => {
    const report = verdict(10_000, 8_000);
    expect(report.rows[0]!.verdict).toBe('regression');
    expect(report.rows[0]!.pValue).toBeLessThan(0.001);
    expect(report.rows[0]!.changePct).toBeCloseTo(-20, 0);
    expect(hasSignificantRegression(report)).toBe(true);
  });

  it('finds an improvement, which is not a regression', () => {
    const report = verdict(10_000, 12_000);
    expect(report.rows[0]!.verdict).toBe('improvement');
    expect(hasSignificantRegression(report)).toBe(false);
  });

  it('calls a significant but small change within the threshold', () => {
    const report = verdict(10_000, 9_700, 5);
    expect(report.rows[0]!.verdict).toBe('within threshold');
    expect(verdict(10_000, 9_700, 1).rows[0]!.verdict).toBe('regression');
  });

  it('sees no significant change between samples of the same distribution', () => {
    const base = makeResults([makeRun('async@node', reps(10_000))]);
    const next = makeResults([makeRun('async@node', reps(10_000))]);
    const report = compareResults(base, next);
    expect(report.rows[0]!.verdict).toBe('no significant change');
    expect(report.rows[0]!.pValue).toBeGreaterThan(0.5);
  });

  it('does not call a large drop significant on too few samples', () => {
    const base = makeResults([makeRun('async@node', [[10_000], [10_100], [9_900]])]);
    const next = makeResults([makeRun('async@node', [[5_000], [5_100], [4_900]])]);
    const row = compareResults(base, next).rows[0]!;
    expect(row.verdict).toBe('no significant change');
    expect(row.note).toContain('too few');
  });

  it('does not compare figures that are not results, nor runs present on one side only', () => {
    const base = makeResults([makeRun('async@node', reps(10_000)), makeRun('nginx', reps(20_000))]);
    const next = makeResults([makeRun('async@node', reps(5_000), { flags: ['wrong-answers'] })]);
    const report = compareResults(base, next);
    expect(report.rows.map((r) => r.verdict)).toEqual(['not comparable', 'not comparable']);
    expect(hasSignificantRegression(report)).toBe(false);
  });

  it('names the test in its Markdown', () => {
    const markdown = comparisonMarkdown(verdict(10_000, 8_000));
    expect(markdown).toContain('Mann-Whitney U');
    expect(markdown).toContain('**regression**');
    expect(markdown).toMatch(/\| `async@node` \| small \| 50 \|/);
  });
});
