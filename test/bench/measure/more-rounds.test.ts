// Which targets earn more rounds: the width that more rounds would narrow in what the run reports. Where a
// target has side-by-side ratios to nginx, that is the ratio's interval, not its own figure's (which on a
// drifting machine is wide for every target alike); a client-bound point earns nothing.
import { expect, test } from 'vitest';
import { WIDE_INTERVAL, widthForMoreRounds } from '../../../bench/measure/runner.ts';
import { makeBeside, makeRepetition } from '../fixtures.ts';

// Figures that scatter by ±20 % (the machine's drift), each with a side-by-side ratio that holds at 0.50.
const drifting = [40_000, 60_000, 50_000].map((f, i) =>
  makeRepetition([f], { round: i + 1, beside: makeBeside(f, 2 * f) }),
);

test('a target whose side-by-side ratio is tight is not wide, however its own figure drifted', () => {
  expect(widthForMoreRounds([{ scenario: 'small', repetitions: drifting, clientBound: false }])).toBeLessThan(
    0.01,
  );
});

test("a side-by-side ratio that scatters makes the target wide, by the ratio's width", () => {
  const reps = [0.4, 0.5, 0.6].map((r, i) =>
    makeRepetition([50_000], { round: i + 1, beside: makeBeside(50_000 * r, 50_000) }),
  );
  const width = widthForMoreRounds([{ scenario: 'small', repetitions: reps, clientBound: false }]);
  // mean 0.5, sd 0.1, n 3: t(2) 4.30 × 0.1 / √3 = 0.248 → ± 50 % of the mean
  expect(width).toBeCloseTo(0.497, 2);
});

test('without two usable side-by-side windows, the figure itself decides', () => {
  const reps = [40_000, 60_000, 50_000].map((f, i) =>
    makeRepetition([f], { round: i + 1, beside: makeBeside(f, 2 * f, i > 0) }),
  );
  expect(widthForMoreRounds([{ scenario: 'small', repetitions: reps, clientBound: false }])).toBeGreaterThan(
    0.4,
  );
});

test('a client-bound point earns no rounds once no side-by-side window is taken: more would not make its bound a measurement', () => {
  const reps = [40_000, 60_000, 50_000].map((f, i) => makeRepetition([f], { round: i + 1 }));
  expect(widthForMoreRounds([{ scenario: 'close', repetitions: reps, clientBound: true }])).toBe(0);
  // The same figures, measured, are wide; with a tight point beside them the widest decides.
  expect(
    widthForMoreRounds([
      { scenario: 'small', repetitions: drifting, clientBound: false },
      { scenario: 'close', repetitions: reps, clientBound: false },
    ]),
  ).toBeGreaterThan(0.4);
});

test('one repetition has no interval yet', () => {
  expect(
    widthForMoreRounds([{ scenario: 'small', repetitions: drifting.slice(0, 1), clientBound: false }]),
  ).toBe(0);
});

test('a client-bound point still earns rounds while its side-by-side windows may give it a measured ratio', () => {
  // Two of three windows were the engines' limit: one usable ratio, no interval yet.
  const reps = [40_000, 60_000, 50_000].map((f, i) =>
    makeRepetition([f], { round: i + 1, beside: makeBeside(f, 2 * f, i > 0) }),
  );
  // Wide, but only just: after any measured interval that is wide.
  const width = widthForMoreRounds([{ scenario: 'small', repetitions: reps, clientBound: true }]);
  expect(width).toBeGreaterThan(WIDE_INTERVAL);
  expect(width).toBeLessThan(WIDE_INTERVAL * 1.01);
  // With two usable windows the ratio is measured, and its width decides.
  const measured = [40_000, 60_000, 50_000].map((f, i) =>
    makeRepetition([f], { round: i + 1, beside: makeBeside(f, 2 * f, i > 1) }),
  );
  expect(widthForMoreRounds([{ scenario: 'small', repetitions: measured, clientBound: true }])).toBeLessThan(
    0.01,
  );
});
