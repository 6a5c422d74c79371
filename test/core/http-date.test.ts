import { describe, expect, test } from 'vitest';
import { currentHttpDate, formatHttpDate, parseHttpDate } from '../../servers/core/http-date.ts';

// Every weekday and month name, and each field on both sides of the two-digit padding.
const dates: [number, string][] = [
  [0, 'Thu, 01 Jan 1970 00:00:00 GMT'],
  [784111777000, 'Sun, 06 Nov 1994 08:49:37 GMT'], // the example of RFC 9110 §5.6.7
  [Date.UTC(2024, 0, 1), 'Mon, 01 Jan 2024 00:00:00 GMT'],
  [Date.UTC(2024, 0, 10, 10, 10, 10), 'Wed, 10 Jan 2024 10:10:10 GMT'],
  [Date.UTC(2024, 1, 29, 9, 9, 9), 'Thu, 29 Feb 2024 09:09:09 GMT'],
  [Date.UTC(2023, 2, 1, 23, 59, 59), 'Wed, 01 Mar 2023 23:59:59 GMT'],
  [Date.UTC(2025, 3, 9, 0, 0, 1), 'Wed, 09 Apr 2025 00:00:01 GMT'],
  [Date.UTC(2024, 4, 15, 12), 'Wed, 15 May 2024 12:00:00 GMT'],
  [Date.UTC(2024, 5, 30, 1, 2, 3), 'Sun, 30 Jun 2024 01:02:03 GMT'],
  [Date.UTC(2024, 6, 4, 19, 45, 10), 'Thu, 04 Jul 2024 19:45:10 GMT'],
  [Date.UTC(1999, 7, 31, 23, 59, 59), 'Tue, 31 Aug 1999 23:59:59 GMT'],
  [Date.UTC(2000, 8, 2, 10, 9, 10), 'Sat, 02 Sep 2000 10:09:10 GMT'],
  [Date.UTC(2024, 9, 10, 9, 10, 9), 'Thu, 10 Oct 2024 09:10:09 GMT'],
  [Date.UTC(2024, 10, 5, 5, 5, 5), 'Tue, 05 Nov 2024 05:05:05 GMT'],
  [Date.UTC(2024, 11, 13, 18, 30), 'Fri, 13 Dec 2024 18:30:00 GMT'],
  [Date.UTC(2030, 11, 25, 11, 11, 11), 'Wed, 25 Dec 2030 11:11:11 GMT'],
];

// First in the file: the first call is the one that meets the empty cache.
describe('currentHttpDate', () => {
  test('formats the second before 1970 too, even as its first call', () => {
    expect(currentHttpDate(-500)).toBe('Wed, 31 Dec 1969 23:59:59 GMT');
    expect(currentHttpDate(-1500)).toBe('Wed, 31 Dec 1969 23:59:58 GMT');
  });

  test('is the date of the instant it is given', () => {
    for (const [ms, text] of dates) expect(currentHttpDate(ms)).toBe(text);
  });

  test('follows the clock from one second to the next, and back', () => {
    const second = Date.UTC(2024, 0, 10, 10, 10, 10);
    expect(currentHttpDate(second)).toBe('Wed, 10 Jan 2024 10:10:10 GMT');
    expect(currentHttpDate(second + 999)).toBe('Wed, 10 Jan 2024 10:10:10 GMT');
    expect(currentHttpDate(second + 1000)).toBe('Wed, 10 Jan 2024 10:10:11 GMT');
    expect(currentHttpDate(second - 1)).toBe('Wed, 10 Jan 2024 10:10:09 GMT');
  });

  test('without an argument, is the date now', () => {
    const before = Date.now();
    const now = parseHttpDate(currentHttpDate());
    expect(now).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('formatHttpDate', () => {
  test.each(dates)('%i is %s', (ms, text) => {
    expect(formatHttpDate(ms)).toBe(text);
  });

  test('drops the milliseconds', () => {
    expect(formatHttpDate(784111777999)).toBe('Sun, 06 Nov 1994 08:49:37 GMT');
  });
});

describe('parseHttpDate', () => {
  test.each(dates)('reads back %i from %s', (ms, text) => {
    expect(parseHttpDate(text)).toBe(ms);
  });

  test('accepts the obsolete RFC 850 form too', () => {
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(784111777000);
  });

  test.each(['', 'yesterday', '"5f-18c"', 'Sun, 32 Nov 1994 08:49:37 GMT'])(
    '%j is not a date: NaN',
    (text) => {
      expect(parseHttpDate(text)).toBeNaN();
    },
  );

  test('a value of up to 64 characters is parsed, a longer one is not', () => {
    const date = 'Sun, 06 Nov 1994 08:49:37 GMT';
    expect(parseHttpDate(date.padEnd(64))).toBe(784111777000);
    expect(parseHttpDate(date.padEnd(65))).toBeNaN();
  });
});
