// The plain response reader the preflight and the tests share: exact heads and bodies, every framing.
import { describe, expect, it } from 'vitest';
import { parseResponses } from '../../../bench/measure/responses.ts';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('parseResponses', () => {
  it('waits for the whole body, then reports head size and body', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
    expect(parseResponses(bytes(`${head}hel`), false)).toMatchObject({ responses: [], error: null });
    const [done] = parseResponses(bytes(`${head}hello`), false).responses;
    expect(done).toMatchObject({ status: 200, headBytes: head.length, framing: 'length' });
    expect(done!.body.toString()).toBe('hello');
    expect(parseResponses(bytes(`${head}hel`), true).error).toBe('the body ended after 3 of 5 bytes');
  });

  it('decodes chunked bodies with their trailers, and close-delimited ones once the connection ends', () => {
    const chunked = parseResponses(
      bytes(
        'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\nHTTP/1.1 2',
      ),
      false,
    );
    expect(chunked.responses.map((r) => [r.status, r.body.toString(), r.framing])).toEqual([
      [404, 'abc', 'chunked'],
    ]);
    expect(chunked.rest.toString()).toBe('HTTP/1.1 2');
    const open = parseResponses(bytes('HTTP/1.0 200 OK\r\n\r\nuntil the end'), false);
    expect(open.responses).toEqual([]);
    const [closed] = parseResponses(bytes('HTTP/1.0 200 OK\r\n\r\nuntil the end'), true).responses;
    expect(closed).toMatchObject({ framing: 'close', headBytes: 19 });
    expect(closed!.body.toString()).toBe('until the end');
  });

  it('reads pipelined answers in order, a HEAD answer without its body', () => {
    const one = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n';
    const parsed = parseResponses(bytes(`${one}${one}abc`), false, (i) => i === 0);
    expect(parsed.responses.map((r) => [r.status, r.body.toString()])).toEqual([
      [200, ''],
      [200, 'abc'],
    ]);
  });

  it('says what is wrong with bytes that are not a response', () => {
    expect(parseResponses(bytes('SSH-2.0-OpenSSH\r\n\r\n'), false).error).toMatch(/^not an HTTP response/);
    expect(
      parseResponses(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'), false).error,
    ).toMatch(/bad chunk size/);
  });
});
