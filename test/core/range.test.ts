import { expect, test } from 'vitest';
import { parseRange } from '../../servers/core/range.ts';

test.each([
  ['bytes=0-9', 100, { start: 0, end: 10 }],
  ['bytes=90-', 100, { start: 90, end: 100 }],
  ['bytes=-10', 100, { start: 90, end: 100 }],
  ['bytes=-1000', 100, { start: 0, end: 100 }],
  ['bytes=50-1000', 100, { start: 50, end: 100 }],
  ['BYTES=0-0', 100, { start: 0, end: 1 }],
  ['bytes=100-', 100, 'unsatisfiable'],
  ['bytes=200-300', 100, 'unsatisfiable'],
  ['bytes=-0', 100, 'unsatisfiable'],
  ['bytes=0-', 0, 'unsatisfiable'],
  ['bytes=9-0', 100, null], // invalid: ignored, the whole file is sent
  ['bytes=0-1,5-6', 100, null], // several ranges: ignored
  ['items=0-1', 100, null],
  ['bytes=a-b', 100, null],
  ['bytes=+1-2', 100, null],
  ['bytes=0x1-2', 100, null],
  ['bytes=', 100, null],
])('%s of %i bytes -> %o', (header, size, expected) => {
  expect(parseRange(header, size)).toEqual(expected);
});
