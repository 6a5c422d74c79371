// The load engine's response reader: responses framed by Content-Length, chunked coding or the close,
// split across reads at every offset, measured exactly, and bodies compared when asked.
import { describe, expect, it } from 'vitest';
import {
  type Comparison,
  DIFFERED,
  MATCHED,
  NOT_COMPARED,
  ResponseReader,
} from '../../../bench/engines/loadgen/response-reader.ts';

const BODY = Buffer.from('<!doctype html><title>x</title><p>hello, world</p>\n');
const DATE = 'Date: Fri, 04 Dec 2026 01:02:03 GMT\r\n';

interface Seen {
  readonly status: number;
  readonly headBytes: number;
  readonly bodyBytes: number;
  readonly wireBytes: number;
  readonly comparison: Comparison;
  readonly closes: boolean;
}

const sameBytes = (a: Uint8Array, aStart: number, b: Uint8Array, bStart: number, length: number) =>
  Buffer.compare(a.subarray(aStart, aStart + length), b.subarray(bStart, bStart + length)) === 0;

function reader(compare = true): { reader: ResponseReader; seen: Seen[] } {
  const seen: Seen[] = [];
  const r = new ResponseReader(
    BODY,
    sameBytes,
    (status, headBytes, bodyBytes, wireBytes, comparison, closes) =>
      seen.push({ status, headBytes, bodyBytes, wireBytes, comparison, closes }),
    () => compare,
  );
  return { reader: r, seen };
}

const lengthResponse = (body: Buffer = BODY, extra = '') => {
  const head = `HTTP/1.1 200 OK\r\n${DATE}Content-Type: text/html\r\n${extra}Content-Length: ${body.length}\r\n\r\n`;
  return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]), head: head.length };
};

function chunked(body: Buffer, sizes: readonly number[], trailer = ''): { bytes: Buffer; head: number } {
  const head = `HTTP/1.1 200 OK\r\n${DATE}Transfer-Encoding: chunked\r\n\r\n`;
  const parts: Buffer[] = [Buffer.from(head, 'latin1')];
  let at = 0;
  for (const size of sizes) {
    parts.push(
      Buffer.from(`${size.toString(16)};ext=1\r\n`),
      body.subarray(at, at + size),
      Buffer.from('\r\n'),
    );
    at += size;
  }
  parts.push(Buffer.from(`0\r\n${trailer}\r\n`));
  return { bytes: Buffer.concat(parts), head: head.length };
}

/** Feeds the bytes cut at `cut`, then the rest. */
function feedSplit(r: ResponseReader, bytes: Buffer, cut: number): boolean {
  return r.feed(bytes.subarray(0, cut)) && r.feed(bytes.subarray(cut));
}

describe('the load engine reads responses', () => {
  it('measures a Content-Length response split at every offset, and two in one read', () => {
    const { bytes, head } = lengthResponse();
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { reader: r, seen } = reader();
      expect(feedSplit(r, bytes, cut)).toBe(true);
      expect(seen, `cut at ${cut}`).toEqual([
        {
          status: 200,
          headBytes: head,
          bodyBytes: BODY.length,
          wireBytes: bytes.length,
          comparison: MATCHED,
          closes: false,
        },
      ]);
      expect(r.atBoundary).toBe(true);
    }
    const { reader: r, seen } = reader();
    r.feed(Buffer.concat([bytes, bytes, bytes.subarray(0, 10)]));
    expect(seen).toHaveLength(2);
    expect(r.atBoundary).toBe(false);
    expect(r.end()).toBe(false); // cut off mid-head
  });

  it('decodes a chunked body split at every offset, with extensions and trailers', () => {
    const { bytes, head } = chunked(BODY, [5, 20, BODY.length - 25], 'X-Trailer: 1\r\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { reader: r, seen } = reader();
      expect(feedSplit(r, bytes, cut)).toBe(true);
      expect(seen, `cut at ${cut}`).toEqual([
        {
          status: 200,
          headBytes: head,
          bodyBytes: BODY.length,
          wireBytes: bytes.length,
          comparison: MATCHED,
          closes: false,
        },
      ]);
    }
  });

  it('ends a body without Content-Length or chunked coding at the close (the lesson server)', () => {
    const head = 'HTTP/1.1 200 OK\r\n\r\n';
    const { reader: r, seen } = reader();
    r.feed(Buffer.from(head));
    r.feed(BODY.subarray(0, 10));
    r.feed(BODY.subarray(10));
    expect(seen).toEqual([]);
    expect(r.end()).toBe(true);
    expect(seen).toEqual([
      {
        status: 200,
        headBytes: head.length,
        bodyBytes: BODY.length,
        wireBytes: head.length + BODY.length,
        comparison: MATCHED,
        closes: true,
      },
    ]);
  });

  it('finds a changed byte, a short body and a long one; compares only when asked', () => {
    const changed = Buffer.from(BODY);
    changed[7] = 0x21;
    const cases: [Buffer, Comparison][] = [
      [changed, DIFFERED],
      [BODY.subarray(0, BODY.length - 1), DIFFERED],
      [Buffer.concat([BODY, Buffer.from('!')]), DIFFERED],
      [BODY, MATCHED],
    ];
    for (const [body, comparison] of cases) {
      const { reader: r, seen } = reader();
      r.feed(lengthResponse(body).bytes);
      expect(seen[0]!.comparison).toBe(comparison);
      expect(seen[0]!.bodyBytes).toBe(body.length);
    }
    const { reader: r, seen } = reader(false);
    r.feed(lengthResponse(changed).bytes);
    expect(seen[0]!.comparison).toBe(NOT_COMPARED);
  });

  it('reads the status and Connection: close, and gives 204 and 304 no body', () => {
    const { reader: r, seen } = reader();
    r.feed(Buffer.from(`HTTP/1.1 404 Not Found\r\n${DATE}connection:  Close\r\nContent-Length: 0\r\n\r\n`));
    r.feed(Buffer.from(`HTTP/1.1 304 Not Modified\r\n${DATE}Content-Length: 99\r\n\r\n`));
    r.feed(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'));
    expect(seen.map((s) => [s.status, s.bodyBytes, s.closes])).toEqual([
      [404, 0, true],
      [304, 0, false],
      [204, 0, false],
    ]);
  });

  it('takes an HTTP/1.0 answer to close its connection unless it offers keep-alive (RFC 9112 §9.3)', () => {
    const { reader: r, seen } = reader();
    const head = (version: string, extra = '') =>
      `HTTP/${version} 200 OK\r\nServer: SimpleHTTP/0.6\r\n${extra}Content-Length: ${BODY.length}\r\n\r\n`;
    for (const text of [
      head('1.0'),
      head('1.0', 'Connection: Keep-Alive\r\n'),
      head('1.1'),
      head('1.1', 'Connection: keep-alive, close\r\n'),
    ]) {
      r.feed(Buffer.concat([Buffer.from(text, 'latin1'), BODY]));
    }
    expect(seen.map((s) => s.closes)).toEqual([true, false, false, true]);
  });

  it('stops on bytes that are not a response', () => {
    for (const bad of [
      'HTTX/1.1 200 OK\r\n\r\n',
      'HTTP/1.1 2x0 OK\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY',
    ]) {
      const { reader: r, seen } = reader();
      expect(r.feed(Buffer.from(bad)), bad).toBe(false);
      expect(r.error, bad).not.toBeNull();
      expect(seen).toEqual([]);
    }
  });

  it('starts afresh after reset, dropping half a response', () => {
    const { bytes } = lengthResponse();
    const { reader: r, seen } = reader();
    r.feed(bytes.subarray(0, 30));
    r.reset();
    r.feed(bytes);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.comparison).toBe(MATCHED);
  });
});
