import { describe, expect, test } from 'vitest';
import { ChunkedDecoder, type ChunkedResult } from '../../servers/core/chunked.ts';

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function feedAll(s: string): ChunkedResult {
  const b = bytes(s);
  return new ChunkedDecoder().feed(b, 0, b.length);
}

/** Feeds one byte per call; returns the first result that is not 'more', with the index of that byte. */
function feedBytewise(s: string): { result: ChunkedResult; at: number } {
  const b = bytes(s);
  const d = new ChunkedDecoder();
  for (let i = 0; i < b.length; i++) {
    const result = d.feed(b, i, i + 1);
    if (result.kind !== 'more') return { result, at: i };
    expect(result.consumed).toBe(1);
  }
  return { result: { kind: 'more', consumed: 0 }, at: b.length };
}

const bodies: [string, string][] = [
  ['one chunk', '5\r\nhello\r\n0\r\n\r\n'],
  [
    'several chunks, hex sizes in both cases',
    'a\r\n0123456789\r\nF\r\n0123456789abcde\r\n1\r\nx\r\n0\r\n\r\n',
  ],
  ['chunk data holding CRLF and digits', '7\r\n\r\n0\r\n\r\n\r\n0\r\n\r\n'],
  ['no data at all', '0\r\n\r\n'],
  ['twelve hex digits', '000000000005\r\nhello\r\n0\r\n\r\n'],
  ['leading zeros on the last chunk', '000\r\n\r\n'],
  ['extension with a value', '5;name=value\r\nhello\r\n0\r\n\r\n'],
  ['extensions with whitespace', '5 ; a=b ;c\r\nhello\r\n0 ;last\r\n\r\n'],
  ['a tab before an extension', '5\t;a\r\nhello\r\n0\t\t;b\r\n\r\n'],
  ['extension with a quoted string', '5;a="quoted ; string\\"x"\r\nhello\r\n0\r\n\r\n'],
  ['extension with obs-text', '5;a=\xe9\r\nhello\r\n0\r\n\r\n'],
  ['trailers', '5\r\nhello\r\n0\r\nX-Trailer: value\r\nChecksum:abc\r\nEmpty:\r\n\r\n'],
];

describe('whole bodies', () => {
  test.each(bodies)('%s', (_, body) => {
    expect(feedAll(body)).toEqual({ kind: 'done', consumed: body.length });
  });

  test.each(bodies)('%s, one byte at a time', (_, body) => {
    expect(feedBytewise(body)).toEqual({ result: { kind: 'done', consumed: 1 }, at: body.length - 1 });
  });

  test.each(bodies)('%s, split in two at every byte', (_, body) => {
    const b = bytes(body);
    for (let cut = 0; cut < b.length; cut++) {
      const d = new ChunkedDecoder();
      expect(d.feed(b, 0, cut), `cut at ${cut}`).toEqual({ kind: 'more', consumed: cut });
      expect(d.feed(b, cut, b.length), `cut at ${cut}`).toEqual({ kind: 'done', consumed: b.length - cut });
    }
  });

  test('a large chunk is skipped without looking at its bytes', () => {
    const data = '\r\n0\r\n\r\n'.repeat(20000);
    const body = `${data.length.toString(16)}\r\n${data}\r\n0\r\n\r\n`;
    expect(feedAll(body)).toEqual({ kind: 'done', consumed: body.length });
  });
});

describe('what follows the body', () => {
  const body = '5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n';
  const next = 'GET /next HTTP/1.1\r\nHost: a\r\n\r\n';

  test('bytes after the final CRLF are left for the next request', () => {
    const b = bytes(body + next);
    expect(new ChunkedDecoder().feed(b, 0, b.length)).toEqual({ kind: 'done', consumed: body.length });
  });

  test('consumed counts from start, not from 0', () => {
    const b = bytes(`junk${body}${next}`);
    expect(new ChunkedDecoder().feed(b, 4, b.length)).toEqual({ kind: 'done', consumed: body.length });
  });

  test('the end arriving with the next request in the same piece', () => {
    const b = bytes(body + next);
    const d = new ChunkedDecoder();
    expect(d.feed(b, 0, 10)).toEqual({ kind: 'more', consumed: 10 });
    expect(d.feed(b, 10, b.length)).toEqual({ kind: 'done', consumed: body.length - 10 });
  });

  test('after done, the decoder consumes nothing more', () => {
    const b = bytes(body + next);
    const d = new ChunkedDecoder();
    d.feed(b, 0, b.length);
    expect(d.feed(b, body.length, b.length)).toEqual({ kind: 'done', consumed: 0 });
  });

  test('after an error, the decoder keeps reporting it, even when a valid rest follows', () => {
    const b = bytes('5x\r\nhello\r\n0\r\n\r\n');
    const d = new ChunkedDecoder();
    const first = d.feed(b, 0, 2);
    expect(first).toEqual({ kind: 'error', status: 400, reason: 'invalid byte after chunk size' });
    expect(d.feed(b, 2, b.length)).toEqual(first);
  });
});

// [what is wrong, body, status, the reason the decoder gives]
const errors: [string, string, number, string][] = [
  ['non-hex size', 'zz\r\nhello\r\n0\r\n\r\n', 400, 'invalid chunk size'],
  ['hex digits then junk', '5g\r\nhello\r\n0\r\n\r\n', 400, 'invalid byte after chunk size'],
  ['empty size', '\r\nhello\r\n0\r\n\r\n', 400, 'empty chunk size'],
  ['extension without a size', ';a=b\r\nhello\r\n0\r\n\r\n', 400, 'empty chunk size'],
  ['space before the size', ' 5\r\nhello\r\n0\r\n\r\n', 400, 'invalid chunk size'],
  ['sign before the size', '+5\r\nhello\r\n0\r\n\r\n', 400, 'invalid chunk size'],
  ['thirteen hex digits', '0000000000005\r\nhello\r\n0\r\n\r\n', 400, 'chunk size longer than 12 hex digits'],
  [
    'size overflowing 64 bits',
    'ffffffffffffffffff\r\nx\r\n0\r\n\r\n',
    400,
    'chunk size longer than 12 hex digits',
  ],
  ['junk after the size', '5 x\r\nhello\r\n0\r\n\r\n', 400, 'invalid byte after chunk size'],
  ['control byte in an extension', '5;a=\x01\r\nhello\r\n0\r\n\r\n', 400, 'control byte in chunk extension'],
  ['NUL in an extension', '5;a\x00\r\nhello\r\n0\r\n\r\n', 400, 'control byte in chunk extension'],
  ['DEL in an extension', '5;a=\x7f\r\nhello\r\n0\r\n\r\n', 400, 'control byte in chunk extension'],
  [
    'size line longer than 4 KiB',
    `5;${'a'.repeat(4096)}\r\nhello\r\n0\r\n\r\n`,
    400,
    'chunk size line longer than 4096 bytes',
  ],
  ['bare LF after the size', '5\nhello\r\n0\r\n\r\n', 400, 'bare LF in chunk size line'],
  ['bare LF after an extension', '5;a\nhello\r\n0\r\n\r\n', 400, 'bare LF in chunk size line'],
  ['bare CR after the size', '5\rhello\r\n0\r\n\r\n', 400, 'bare CR in chunk size line'],
  ['chunk data longer than its size', '3\r\nhello\r\n0\r\n\r\n', 400, 'chunk data longer than its size'],
  ['chunk data followed by bare LF', '5\r\nhello\n0\r\n\r\n', 400, 'chunk data longer than its size'],
  ['chunk data followed by CR only', '5\r\nhello\r0\r\n\r\n', 400, 'chunk data not followed by CRLF'],
  ['bare LF after the last chunk', '0\n\r\n', 400, 'bare LF in chunk size line'],
  ['bare CR as the final line', '0\r\n\rX', 400, 'bare CR ending the trailer section'],
  ['bare LF as the final line', '0\r\n\n', 400, 'bare LF in trailer section'],
  ['trailer obs-fold', '0\r\nX: a\r\n b\r\n\r\n', 400, 'obs-fold (trailer line starting with whitespace)'],
  [
    'trailer obs-fold with a tab',
    '0\r\nX: a\r\n\tb\r\n\r\n',
    400,
    'obs-fold (trailer line starting with whitespace)',
  ],
  [
    'trailer whitespace before colon',
    '0\r\nX : a\r\n\r\n',
    400,
    'whitespace between trailer field name and colon',
  ],
  ['trailer tab before colon', '0\r\nX\t: a\r\n\r\n', 400, 'whitespace between trailer field name and colon'],
  ['trailer without colon', '0\r\nX\r\n\r\n', 400, 'trailer line without colon'],
  ['trailer name ended by bare LF', '0\r\nX\n\r\n', 400, 'trailer line without colon'],
  ['trailer with empty name', '0\r\n: a\r\n\r\n', 400, 'empty trailer field name'],
  ['trailer name with a non-tchar', '0\r\nX(y): a\r\n\r\n', 400, 'invalid byte in trailer field name'],
  ['trailer name starting with a non-tchar', '0\r\n(X: a\r\n\r\n', 400, 'invalid byte in trailer field name'],
  ['NUL in a trailer value', '0\r\nX: a\x00\r\n\r\n', 400, 'invalid byte in trailer field value'],
  ['control byte in a trailer value', '0\r\nX: a\x1f\r\n\r\n', 400, 'invalid byte in trailer field value'],
  ['trailer line ended by bare LF', '0\r\nX: a\n\r\n', 400, 'bare LF in trailer section'],
  ['trailer line ended by bare CR', '0\r\nX: a\rb\r\n\r\n', 400, 'bare CR in trailer section'],
  [
    'trailer section over 16 KiB',
    `0\r\n${`X-T: ${'a'.repeat(100)}\r\n`.repeat(170)}\r\n`,
    431,
    'trailer section larger than 16384 bytes',
  ],
];

describe('errors', () => {
  test.each(errors)('%s → %i (%s)', (_, body, status, reason) => {
    expect(feedAll(body)).toEqual({ kind: 'error', status, reason });
  });

  test.each(errors)('%s → %i (%s), one byte at a time', (_, body, status, reason) => {
    expect(feedBytewise(body).result).toEqual({ kind: 'error', status, reason });
  });

  test('a 4 KiB size line is accepted', () => {
    const body = `5;${'a'.repeat(4094)}\r\nhello\r\n0\r\n\r\n`;
    expect(feedAll(body)).toEqual({ kind: 'done', consumed: body.length });
  });

  test('trailer lines of 16 KiB in total are accepted, one byte more is 431', () => {
    const line = (n: number): string => `X: ${'a'.repeat(n - 5)}\r\n`;
    const ok = `0\r\n${line(16384)}\r\n`;
    expect(feedAll(ok)).toEqual({ kind: 'done', consumed: ok.length });
    expect(feedAll(`0\r\n${line(16385)}\r\n`)).toMatchObject({ kind: 'error', status: 431 });
  });

  test('the error is reported at the offending byte, not later', () => {
    expect(feedBytewise('3\r\nhello\r\n0\r\n\r\n').at).toBe(6);
    expect(feedBytewise('0000000000005\r\n').at).toBe(12);
  });
});
