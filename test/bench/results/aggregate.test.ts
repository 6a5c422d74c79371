// The flags the numbers call for: unstable is judged on the figure the scenario is ranked by.
import { expect, test } from 'vitest';
import { SCENARIOS } from '../../../bench/plan/scenarios.ts';
import { measuredFlags, toRun, variation } from '../../../bench/results/aggregate.ts';
import { makeRepetition } from '../fixtures.ts';

// Three repetitions of huge: 5, 8 and 13 whole 256 MiB answers in the window, the same bytes each time.
const huge = [5, 8, 13].map((answers) =>
  makeRepetition([answers], { bytesPerSec: 3.5 * 2 ** 30, clientCpuPercent: 60 }),
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

test('a run of huge or large is flagged on its bytes/s, a run of small on its req/s', () => {
  const target = { kind: 'remote', name: 'x', origin: 'http://127.0.0.1:1' } as const;
  const runOf = (id: 'huge' | 'small') =>
    toRun({ target, scenario: SCENARIOS[id], connections: 8, rate: null }, 3, huge, {
      flags: [],
      clientCapacityCores: 1,
    });
  expect(runOf('huge').flags).not.toContain('unstable');
  expect(runOf('small').flags).toContain('unstable');
});
