import { describe, expect, test } from 'vitest';
import {
  ascii,
  equalsLower,
  FIELD_VALUE,
  HEX_VALUE,
  HOST_CHAR,
  isDigit,
  isOws,
  Latin1Memo,
  latin1,
  TCHAR,
  VCHAR,
} from '../../servers/core/bytes.ts';

/** The bytes a table accepts, in order, as a Latin-1 string. */
function members(table: Uint8Array): string {
  let s = '';
  for (let b = 0; b < 256; b++) if (table[b] === 1) s += String.fromCharCode(b);
  return s;
}

function range(from: number, to: number): string {
  let s = '';
  for (let b = from; b <= to; b++) s += String.fromCharCode(b);
  return s;
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

describe('byte classes', () => {
  test('TCHAR is exactly tchar of RFC 9110 §5.6.2', () => {
    expect(members(TCHAR)).toBe(`!#$%&'*+-.${DIGITS}${UPPER}^_\`${LOWER}|~`);
  });

  test('FIELD_VALUE is HTAB, SP, VCHAR and obs-text: every byte but CTLs and DEL', () => {
    expect(members(FIELD_VALUE)).toBe(`\t${range(0x20, 0x7e)}${range(0x80, 0xff)}`);
  });

  test('VCHAR is visible ASCII', () => {
    expect(members(VCHAR)).toBe(range(0x21, 0x7e));
  });

  test('HOST_CHAR is what reg-name, IP literals and a port are made of', () => {
    expect(members(HOST_CHAR)).toBe(`!$%&'()*+,-.${DIGITS}:;=${UPPER}[]_${LOWER}~`);
  });

  test('HEX_VALUE gives the value of each hex digit, in either case, and 0xff for any other byte', () => {
    const expected = new Uint8Array(256).fill(0xff);
    [...'0123456789abcdef'].forEach((c, value) => {
      expected[c.charCodeAt(0)] = value;
      expected[c.toUpperCase().charCodeAt(0)] = value;
    });
    expect(HEX_VALUE).toEqual(expected);
  });

  test('isDigit and isOws', () => {
    const all = Array.from({ length: 256 }, (_, b) => b);
    expect(String.fromCharCode(...all.filter(isDigit))).toBe(DIGITS);
    expect(String.fromCharCode(...all.filter(isOws))).toBe('\t ');
  });
});

describe('ascii and equalsLower', () => {
  const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

  test('ascii gives the bytes of a string', () => {
    expect(ascii('content-length')).toEqual(bytes('content-length'));
    expect(ascii('')).toEqual(new Uint8Array(0));
  });

  test.each([
    ['xxContent-Length', 2, true],
    ['CONTENT-LENGTH', 0, true],
    ['content-length', 0, true],
    ['content-lengtH', 0, true],
    ['content_length', 0, false],
    ['contend-length', 0, false],
    ['Content-Length', 1, false],
  ])('%s from %i equals "content-length" ignoring case: %s', (s, start, equal) => {
    expect(equalsLower(bytes(s), start, ascii('content-length'))).toBe(equal);
  });
});

describe('latin1', () => {
  const buf = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256);
  const expected = (start: number, end: number): string => String.fromCharCode(...buf.subarray(start, end));

  test('decodes every length from 0 to 80 bytes, from any start, one char per byte', () => {
    for (let start = 0; start < 9; start++) {
      for (let n = 0; n <= 80; n++) expect(latin1(buf, start, start + n)).toBe(expected(start, start + n));
    }
  });

  test('decodes a long range', () => {
    expect(latin1(buf, 3, 300)).toBe(expected(3, 300));
  });
});

describe('Latin1Memo', () => {
  const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

  test('gives the Latin-1 text of the range, whatever it decoded before', () => {
    const memo = new Latin1Memo();
    const calls: [string, number, number, string][] = [
      ['\x00', 0, 1, '\x00'], // a fresh memo has nothing to give back, not even for a NUL
      ['ab', 1, 2, 'b'],
      ['b\x00\x00c', 0, 3, 'b\x00\x00'], // the last one's byte, then the NULs a fresh memo holds
      ['xxhost', 2, 6, 'host'],
      ['host', 0, 4, 'host'],
      ['yhosu', 1, 5, 'hosu'], // same length, last byte differs
      ['post', 0, 4, 'post'], // same length, first byte differs
      ['opst', 1, 3, 'ps'],
      ['spx', 1, 3, 'px'], // "ps" again, if read backwards from the start
      ['', 0, 0, ''],
      ['a', 0, 1, 'a'],
      ['é', 0, 1, 'é'],
    ];
    for (const [s, start, end, text] of calls) expect(memo.decode(bytes(s), start, end)).toBe(text);
  });

  test('decodes ranges longer than it keeps', () => {
    const memo = new Latin1Memo();
    const long = 'x'.repeat(300);
    expect(memo.decode(bytes(long), 0, 300)).toBe(long);
    expect(memo.decode(bytes(`${long}y`), 1, 301)).toBe(`${long.slice(1)}y`);
    expect(memo.decode(bytes('ab'), 0, 2)).toBe('ab');
  });
});
