// When a scenario stops taking side-by-side windows: once the load generators limited most of them.
import { expect, test } from 'vitest';
import { GIVE_UP_AFTER, givesUp } from '../../../bench/measure/beside.ts';

test('stops once the engines limited at least three windows and more than three in four', () => {
  expect(GIVE_UP_AFTER).toBe(3);
  expect(givesUp(2, 0)).toBe(false); // two are not yet a pattern
  expect(givesUp(3, 0)).toBe(true); // close on 2 cores: the first three
  expect(givesUp(3, 1)).toBe(false); // one in four gave a ratio
  expect(givesUp(4, 1)).toBe(true);
  expect(givesUp(16, 5)).toBe(true); // close in run 1 of docs/performance.md, after 21 windows
  expect(givesUp(12, 39)).toBe(false); // small in the same run: most windows gave a ratio
});
