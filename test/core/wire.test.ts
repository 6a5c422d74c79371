import { describe, expect, test } from 'vitest';
import type { Answer } from '../../servers/core/answer.ts';
import { CLOSE, encodeHead, KEEP_ALIVE_10, KEEP_ALIVE_11, serialize } from '../../servers/core/wire.ts';

const text = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

const DATE = 'Wed, 10 Jan 2024 10:10:10 GMT';
const NOW = Date.UTC(2024, 0, 10, 10, 10, 10);

function answer(status: number, body: Uint8Array | null, headers: [string, string][] = []): Answer {
  return { status, headers, body, wire: null };
}

describe('encodeHead', () => {
  const a = answer(200, null, [
    ['Content-Type', 'text/plain; charset=utf-8'],
    ['Content-Length', '5'],
  ]);

  test.each([
    [KEEP_ALIVE_11, ''],
    [CLOSE, 'Connection: close\r\n'],
    [KEEP_ALIVE_10, 'Connection: keep-alive\r\n'],
  ])('connection mode %i ends the head with %j and a blank line', (mode, connection) => {
    expect(text(encodeHead(a, mode, DATE))).toBe(
      `HTTP/1.1 200 OK\r\nDate: ${DATE}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n${connection}\r\n`,
    );
  });

  test.each([
    [206, 'Partial Content'],
    [304, 'Not Modified'],
    [404, 'Not Found'],
    [505, 'HTTP Version Not Supported'],
    [299, 'Unknown'],
  ])('status %i has the reason phrase %s', (status, reason) => {
    expect(text(encodeHead(answer(status, null), CLOSE, DATE))).toBe(
      `HTTP/1.1 ${status} ${reason}\r\nDate: ${DATE}\r\nConnection: close\r\n\r\n`,
    );
  });
});

describe('serialize', () => {
  const head = (connection = ''): string => `HTTP/1.1 200 OK\r\nDate: ${DATE}\r\nX: y\r\n${connection}\r\n`;

  test('a small body goes out in the same buffer as its head', () => {
    const parts = serialize(answer(200, encode('hello'), [['X', 'y']]), KEEP_ALIVE_11, NOW);
    expect(parts.map(text)).toEqual([`${head()}hello`]);
  });

  test('no body, or an empty one, is the head alone', () => {
    expect(serialize(answer(200, null, [['X', 'y']]), KEEP_ALIVE_11, NOW).map(text)).toEqual([head()]);
    expect(serialize(answer(200, new Uint8Array(0), [['X', 'y']]), KEEP_ALIVE_11, NOW).map(text)).toEqual([
      head(),
    ]);
  });

  test('a body of up to 64 KiB is joined to its head, a larger one is a second buffer of its own', () => {
    const joined = new Uint8Array(64 * 1024).fill(0x61);
    const [one, ...none] = serialize(answer(200, joined, [['X', 'y']]), KEEP_ALIVE_11, NOW);
    expect(none).toEqual([]);
    expect(text(one!)).toBe(head() + 'a'.repeat(64 * 1024));

    const large = new Uint8Array(64 * 1024 + 1).fill(0x62);
    const parts = serialize(answer(200, large, [['X', 'y']]), KEEP_ALIVE_11, NOW);
    expect(parts.length).toBe(2);
    expect(text(parts[0])).toBe(head());
    expect(parts[1]).toBe(large); // the body itself, not a copy
  });

  test('each connection mode gets its own head', () => {
    const a = answer(200, encode('hi'), [['X', 'y']]);
    expect(text(serialize(a, CLOSE, NOW)[0])).toBe(`${head('Connection: close\r\n')}hi`);
    expect(text(serialize(a, KEEP_ALIVE_10, NOW)[0])).toBe(`${head('Connection: keep-alive\r\n')}hi`);
    expect(text(serialize(a, KEEP_ALIVE_11, NOW)[0])).toBe(`${head()}hi`);
    expect(text(serialize(a, CLOSE, NOW)[0])).toBe(`${head('Connection: close\r\n')}hi`);
  });

  test('within a second, the same answer gives back the very same parts; the next second, a new Date', () => {
    const large = new Uint8Array(64 * 1024 + 1);
    for (const body of [encode('hi'), large]) {
      const a = answer(200, body, [['X', 'y']]);
      const first = serialize(a, KEEP_ALIVE_11, NOW);
      serialize(a, CLOSE, NOW);
      expect(serialize(a, KEEP_ALIVE_11, NOW + 999)).toBe(first);
      const next = serialize(a, KEEP_ALIVE_11, NOW + 1000);
      expect(text(next[0])).toContain('Date: Wed, 10 Jan 2024 10:10:11 GMT\r\n');
      expect(serialize(a, KEEP_ALIVE_11, NOW + 1500)).toBe(next);
      expect(text(serialize(a, CLOSE, NOW + 1500)[0])).toContain('Date: Wed, 10 Jan 2024 10:10:11 GMT\r\n');
    }
  });
});
