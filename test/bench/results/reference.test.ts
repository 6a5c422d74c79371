// The ratio to the reference: from the side-by-side windows where the run took them, each window's own
// ratio; otherwise round by round. A side-by-side window the load generators limited is not a ratio.
import { expect, test } from 'vitest';
import type { Beside, Measurement } from '../../../bench/model/schema.ts';
import { besideRatios, measuredRatio, withReferenceRatios } from '../../../bench/results/reference.ts';
import { makeBeside, makeMeasurement } from '../fixtures.ts';

/** A target whose own windows scatter (the machine drifting) while its side-by-side ratios hold. */
function drifting(windows: readonly number[], besides: readonly Beside[]): Measurement {
  const m = makeMeasurement(
    'async@node',
    windows.map((w) => [w]),
  );
  return { ...m, repetitions: m.repetitions.map((r, i) => ({ ...r, beside: besides[i]! })) };
}

const nginx = makeMeasurement('nginx', [[50_000], [20_000], [35_000]], { flags: ['reference'] });

test('side by side: the ratio of each window taken beside the reference, not of figures taken apart', () => {
  // Alone, 40k then 60k then 30k against nginx's 50k, 20k, 35k: round ratios 0.8, 3, 0.86.
  const m = drifting(
    [40_000, 60_000, 30_000],
    [makeBeside(20_000, 10_000), makeBeside(16_000, 8_000), makeBeside(22_000, 11_000)],
  );
  const [, withRatio] = withReferenceRatios([nginx, m]);
  expect(withRatio!.vsReference!.how).toBe('side by side');
  expect(withRatio!.vsReference!.target).toBe('nginx');
  expect(withRatio!.vsReference!.ratio.mean).toBeCloseTo(2, 9);
  expect(withRatio!.vsReference!.ratio.ci!.high - withRatio!.vsReference!.ratio.ci!.low).toBeCloseTo(0, 9);
});

test('a side-by-side window the load generators limited is left out of the ratio', () => {
  const m = drifting(
    [40_000, 40_000, 40_000],
    [makeBeside(20_000, 10_000), makeBeside(9_000, 9_000, true), makeBeside(24_000, 12_000)],
  );
  expect(besideRatios(m)).toEqual([2, 2]);
  const [, withRatio] = withReferenceRatios([nginx, m]);
  expect(withRatio!.vsReference!.ratio.mean).toBeCloseTo(2, 9);
});

test('without a side-by-side window that counts, the ratio is taken round by round, and says so', () => {
  const m = drifting(
    [40_000, 60_000, 30_000],
    [makeBeside(9_000, 9_000, true), makeBeside(9_000, 9_000, true), makeBeside(9_000, 9_000, true)],
  );
  const [, withRatio] = withReferenceRatios([nginx, m]);
  expect(withRatio!.vsReference!.how).toBe('same round');
  expect(withRatio!.vsReference!.ratio.mean).toBeCloseTo((0.8 + 3 + 30 / 35) / 3, 9);
  const plain = makeMeasurement('async@node', [[40_000], [60_000], [30_000]]);
  expect(withReferenceRatios([nginx, plain])[1]!.vsReference!.how).toBe('same round');
});

test('a ratio taken apart with a client-bound figure on either side is not a measurement; side by side it is', () => {
  const boundNginx = { ...nginx, flags: ['reference' as const, 'client-bound' as const] };
  const apart = withReferenceRatios([
    boundNginx,
    makeMeasurement('async@node', [[40_000], [60_000], [30_000]], { flags: ['client-bound'] }),
  ]);
  expect(measuredRatio(apart[1]!, apart)).toBeNull();
  // Only the reference at the load generator's limit: the ratio is a bound (the views show it with ≤),
  // and it moves with the client, not with the servers.
  const oneSide = withReferenceRatios([
    boundNginx,
    makeMeasurement('async@node', [[40_000], [60_000], [30_000]]),
  ]);
  expect(oneSide[1]!.vsReference!.ratio.mean).toBeCloseTo((0.8 + 3 + 30 / 35) / 3, 9);
  expect(measuredRatio(oneSide[1]!, oneSide)).toBeNull();
  // Only the target: a bound the other way.
  const otherSide = withReferenceRatios([
    nginx,
    makeMeasurement('async@node', [[40_000], [60_000], [30_000]], { flags: ['client-bound'] }),
  ]);
  expect(measuredRatio(otherSide[1]!, otherSide)).toBeNull();
  // Neither: a measurement.
  const neither = withReferenceRatios([nginx, makeMeasurement('async@node', [[40_000], [60_000], [30_000]])]);
  expect(measuredRatio(neither[1]!, neither)).toBeCloseTo((0.8 + 3 + 30 / 35) / 3, 9);
  const m = drifting(
    [40_000, 60_000, 30_000],
    [makeBeside(20_000, 10_000), makeBeside(16_000, 8_000), makeBeside(22_000, 11_000)],
  );
  const side = withReferenceRatios([boundNginx, { ...m, flags: ['client-bound'] }]);
  expect(measuredRatio(side[1]!, side)).toBeCloseTo(2, 9);
});

test('one side-by-side window is no interval: the rounds give the ratio then', () => {
  const m = drifting(
    [40_000, 60_000, 30_000],
    [makeBeside(20_000, 10_000), makeBeside(9_000, 9_000, true), makeBeside(9_000, 9_000, true)],
  );
  expect(besideRatios(m)).toEqual([2]);
  expect(withReferenceRatios([nginx, m])[1]!.vsReference!.how).toBe('same round');
});
