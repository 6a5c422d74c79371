// The flags the numbers call for: unstable is judged on the figure the scenario is ranked by.
import { expect, test } from 'vitest';
import { measuredFlags, toMeasurement, variation } from '../../../bench/results/aggregate.ts';
import { makeRepetition } from '../fixtures.ts';

// Three repetitions of huge: 5, 8 and 13 whole 256 MiB answers in the window, the same bytes each time.
const huge = [5, 8, 13].map((answers, i) =>
  makeRepetition([answers], { bytesPerSec: 3.5 * 2 ** 30, clientCpuPercent: 60, round: i + 1 }),
);

test('a scenario ranked by bytes/s is unstable when its bytes/s move, not its count of whole answers', () => {
  expect(measuredFlags(huge, 1, false)).toContain('unstable');
  expect(measuredFlags(huge, 1, true)).not.toContain('unstable');
  const moving = huge.map((r, i) => ({ ...r, bytesPerSec: (2 + i) * 2 ** 30 }));
  expect(measuredFlags(moving, 1, true)).toContain('unstable');
});

test('one repetition of a bytes scenario has no spread to read: its per-second counts are whole answers', () => {
  const lone = [makeRepetition([1, 9, 1, 9])];
  expect(variation(lone, false)).toBeGreaterThan(0.5);
  expect(variation(lone, true)).toBeNull();
});

test('a measurement of huge or large is flagged on its bytes/s, one of small on its req/s', () => {
  const of = (scenario: 'huge' | 'small') =>
    toMeasurement(
      {
        target: 'x',
        impl: 'x',
        runtime: 'remote',
        scenario,
        connections: 8,
        durationSec: 3,
        offeredRate: null,
        offeredShare: null,
        serverCpus: null,
      },
      huge,
      { flags: [], clientCapacityCores: 1 },
    );
  expect(of('huge').flags).not.toContain('unstable');
  expect(of('small').flags).toContain('unstable');
});

test('the figure is the mean of the repetitions with its t interval, and requests per CPU-second comes from the same windows', () => {
  const reps = [100, 110, 120].map((r, i) =>
    makeRepetition([r], { requests: r, elapsedSec: 1, serverCpuSeconds: 0.5, round: i + 1 }),
  );
  const m = toMeasurement(
    {
      target: 'x',
      impl: 'x',
      runtime: 'node',
      scenario: 'small',
      connections: 50,
      durationSec: 1,
      offeredRate: null,
      offeredShare: null,
      serverCpus: null,
    },
    reps,
    { flags: [], clientCapacityCores: 1 },
  );
  expect(m.requestsPerSec.mean).toBeCloseTo(110, 6);
  // t(0.975, 2) = 4.303; s = 10; half-width 4.303 × 10 / √3 = 24.84.
  expect(m.requestsPerSec.ci!.low).toBeCloseTo(110 - 24.843, 2);
  expect(m.requestsPerSec.ci!.high).toBeCloseTo(110 + 24.843, 2);
  expect(m.server.requestsPerCpuSecond).toBeCloseTo(220, 6);
});
