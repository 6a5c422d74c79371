import { describe, expect, test } from 'vitest';
import { parseRange } from '../../servers/core/range.ts';

describe('parseRange', () => {
  test.each([
    ['bytes=0-9', 100, { start: 0, end: 10 }],
    ['bytes=90-', 100, { start: 90, end: 100 }],
    ['bytes=-10', 100, { start: 90, end: 100 }],
    ['bytes=-1000', 100, { start: 0, end: 100 }],
    ['bytes=50-1000', 100, { start: 50, end: 100 }],
    ['BYTES=0-0', 100, { start: 0, end: 1 }],
    ['bytes=0-999999999999999', 100, { start: 0, end: 100 }], // 15 digits, the most accepted
    ['bytes=99-99', 100, { start: 99, end: 100 }],
  ])('%s of %i bytes is the range %o', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  test.each([
    [' bytes=10-19 ', 100],
    ['bytes= 10-19', 100],
    ['bytes=10 -19', 100],
    ['bytes=10- 19', 100],
    ['\tbytes= 10 - 19 \t', 100],
  ])('whitespace around the value and around its positions is ignored: %j', (header, size) => {
    expect(parseRange(header, size)).toEqual({ start: 10, end: 20 });
  });

  test.each([
    ['bytes=100-', 100],
    ['bytes=200-300', 100],
    ['bytes=-0', 100],
    ['bytes=0-', 0],
    ['bytes=-5', 0], // no suffix of an empty file
  ])('%s of %i bytes is unsatisfiable', (header, size) => {
    expect(parseRange(header, size)).toBe('unsatisfiable');
  });

  // Ignored: the whole file is sent, as RFC 9110 §14.2 allows for a Range the server does not serve.
  test.each([
    ['bytes=9-0', 'last position before the first'],
    ['bytes=0-1,5-6', 'several ranges'],
    ['items=0-1', 'another unit'],
    ['bytes=a-b', 'letters'],
    ['bytes=0-x', 'letters as the last position'],
    ['bytes=-abc', 'letters as the suffix length'],
    ['bytes=+1-2', 'a sign'],
    ['bytes=0x1-2', 'hex'],
    ['bytes=', 'nothing'],
    ['bytes=-', 'a dash alone'],
    ['bytes=5', 'no dash'],
    ['bytes=0-1000000000000000', 'a 16-digit last position'],
    ['bytes=1000000000000000-', 'a 16-digit first position'],
    ['bytes=-1000000000000000', 'a 16-digit suffix length'],
  ])('%s (%s) is ignored', (header) => {
    expect(parseRange(header, 100)).toBeNull();
  });
});
