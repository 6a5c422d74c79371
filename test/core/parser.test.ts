import { describe, expect, test } from 'vitest';
import { parseRequestHead } from '../../servers/core/parser.ts';
import type { ParseResult, RequestHead } from '../../servers/core/request.ts';

/** One byte per char, so tests can put any byte (NUL, 0x80-0xFF) into a request. */
function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

function parse(s: string): ParseResult {
  const b = bytes(s);
  return parseRequestHead(b, 0, b.length);
}

function headOf(s: string): RequestHead {
  const r = parse(s);
  if (r.kind !== 'head') throw new Error(`expected a head, got ${JSON.stringify(r)}`);
  return r.head;
}

function statusOf(r: ParseResult): number | string {
  return r.kind === 'error' ? r.status : r.kind;
}

/** Request line plus header lines, each ending CRLF, plus the blank line. */
function req(line: string, ...headers: string[]): string {
  return `${line}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;
}

const HOST = 'Host: example.com';

describe('incremental parsing', () => {
  const request = req('GET /index.html?q=1 HTTP/1.1', HOST, 'Accept: */*', 'Connection: keep-alive');

  test('is incomplete for every prefix and a head once the last byte arrives', () => {
    const b = bytes(request);
    for (let end = 0; end < b.length; end++) {
      expect(parseRequestHead(b, 0, end), `prefix of ${end} bytes`).toEqual({ kind: 'incomplete' });
    }
    const r = parseRequestHead(b, 0, b.length);
    expect(r.kind === 'head' && r.consumed).toBe(b.length);
  });

  test('looks only at buf[start..end), wherever the head sits in a larger buffer', () => {
    const pad = 'Z\r\n\r\n';
    const b = bytes(`${pad}${request}\r\n\r\nmore`);
    const start = pad.length;
    const end = start + request.length;
    for (let e = start; e < end; e++) expect(parseRequestHead(b, start, e).kind).toBe('incomplete');
    const r = parseRequestHead(b, start, end);
    if (r.kind !== 'head') throw new Error(JSON.stringify(r));
    expect(r.consumed).toBe(request.length);
    expect(r.head.target).toBe('/index.html?q=1');
  });

  test('stops at the end of the head when a body follows', () => {
    const head = req('POST /form HTTP/1.1', HOST, 'Content-Length: 11');
    const r = parse(`${head}hello=world`);
    expect(r).toMatchObject({
      kind: 'head',
      consumed: head.length,
      head: { body: { kind: 'length', length: 11 } },
    });
  });

  test('pipelined requests: consumed is where the next head starts', () => {
    const first = req('GET /a HTTP/1.1', HOST);
    const second = req('HEAD /b HTTP/1.1', 'Host: other.example', 'Connection: close');
    const b = bytes(first + second);
    const r1 = parseRequestHead(b, 0, b.length);
    if (r1.kind !== 'head') throw new Error(JSON.stringify(r1));
    expect(r1.consumed).toBe(first.length);
    expect(r1.head).toMatchObject({ method: 'GET', target: '/a', host: 'example.com', keepAlive: true });
    const r2 = parseRequestHead(b, r1.consumed, b.length);
    if (r2.kind !== 'head') throw new Error(JSON.stringify(r2));
    expect(r2.consumed).toBe(second.length);
    expect(r2.head).toMatchObject({ method: 'HEAD', target: '/b', host: 'other.example', keepAlive: false });
  });

  test('a complete head followed by part of the next one', () => {
    const first = req('GET /a HTTP/1.1', HOST);
    const b = bytes(`${first}GET /b HTTP/1.1\r\nHo`);
    const r1 = parseRequestHead(b, 0, b.length);
    expect(r1.kind === 'head' && r1.consumed).toBe(first.length);
    expect(parseRequestHead(b, first.length, b.length)).toEqual({ kind: 'incomplete' });
  });

  test('leading empty lines are skipped and counted in consumed', () => {
    const request2 = `\r\n\r\n${req('GET / HTTP/1.1', HOST)}`;
    expect(parse('\r\n')).toEqual({ kind: 'incomplete' });
    expect(parse('\r\n\r')).toEqual({ kind: 'incomplete' });
    const r = parse(request2);
    expect(r.kind === 'head' && r.consumed).toBe(request2.length);
  });

  test('too many leading empty lines are rejected', () => {
    expect(statusOf(parse(`${'\r\n'.repeat(8)}${req('GET / HTTP/1.1', HOST)}`))).toBe('head');
    expect(statusOf(parse(`${'\r\n'.repeat(9)}${req('GET / HTTP/1.1', HOST)}`))).toBe(400);
  });

  test('equal-length values from successive requests are not mixed up', () => {
    expect(headOf(req('GET /aaa HTTP/1.1', 'Host: one.example')).target).toBe('/aaa');
    const h = headOf(req('PUT /bbb HTTP/1.1', 'Host: two.example'));
    expect([h.method, h.target, h.host]).toEqual(['PUT', '/bbb', 'two.example']);
  });
});

describe('request targets', () => {
  test.each([
    ['origin-form', 'GET /a/b?c=d HTTP/1.1', '/a/b?c=d'],
    ['absolute-form http', 'GET http://example.com/a?b HTTP/1.1', 'http://example.com/a?b'],
    [
      'absolute-form https, mixed-case scheme',
      'GET HTTPS://Example.com:8443 HTTP/1.1',
      'HTTPS://Example.com:8443',
    ],
    ['asterisk-form with OPTIONS', 'OPTIONS * HTTP/1.1', '*'],
    ['authority-form with CONNECT', 'CONNECT example.com:443 HTTP/1.1', 'example.com:443'],
    ['authority-form with an IP literal', 'CONNECT [::1]:8080 HTTP/1.1', '[::1]:8080'],
    [
      'visible ASCII punctuation',
      "GET /~a!$&'()*+,;=:@[]\\^`{|}%20 HTTP/1.1",
      "/~a!$&'()*+,;=:@[]\\^`{|}%20",
    ],
  ])('%s is accepted', (_, line, target) => {
    expect(headOf(req(line, HOST)).target).toBe(target);
  });
});

// Each row is a complete head (ending CRLFCRLF unless the row is about line endings).
const rejections: [string, string, number][] = [
  // request line
  ['lowercase version', req('GET / http/1.1', HOST), 400],
  ['malformed version', req('GET / HTTP/1.x', HOST), 400],
  ['version without minor', req('GET / HTTP/1', HOST), 400],
  ['two-digit minor version', req('GET / HTTP/1.10', HOST), 400],
  ['version HTTP/2.0', req('GET / HTTP/2.0', HOST), 505],
  ['version HTTP/1.2', req('GET / HTTP/1.2', HOST), 505],
  ['version HTTP/0.9', req('GET / HTTP/0.9', HOST), 505],
  ['version HTTP/3.0', req('GET / HTTP/3.0', HOST), 505],
  ['two spaces before the target', req('GET  / HTTP/1.1', HOST), 400],
  ['two spaces before the version', req('GET /  HTTP/1.1', HOST), 400],
  ['space after the version', req('GET / HTTP/1.1 ', HOST), 400],
  ['tab as separator', req('GET\t/ HTTP/1.1', HOST), 400],
  ['space before the method', req(' GET / HTTP/1.1', HOST), 400],
  ['missing version', req('GET /', HOST), 400],
  ['method only', req('GET', HOST), 400],
  ['non-tchar in method', req('GE(T / HTTP/1.1', HOST), 400],
  ['TLS handshake bytes', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n', 400],
  // request target
  ['target byte >= 0x80', req('GET /\xff HTTP/1.1', HOST), 400],
  ['NUL in target', req('GET /a\x00 HTTP/1.1', HOST), 400],
  ['control byte in target', req('GET /a\x01b HTTP/1.1', HOST), 400],
  ['DEL in target', req('GET /a\x7f HTTP/1.1', HOST), 400],
  ['raw space in target', req('GET /a b HTTP/1.1', HOST), 400],
  ['relative target', req('GET index.html HTTP/1.1', HOST), 400],
  ['asterisk-form without OPTIONS', req('GET * HTTP/1.1', HOST), 400],
  ['authority-form without CONNECT', req('GET example.com:80 HTTP/1.1', HOST), 400],
  ['CONNECT with origin-form', req('CONNECT / HTTP/1.1', HOST), 400],
  ['CONNECT without port', req('CONNECT example.com HTTP/1.1', HOST), 400],
  ['absolute-form with empty authority', req('GET http:///a HTTP/1.1', HOST), 400],
  ['absolute-form with nothing after the scheme', req('GET http:// HTTP/1.1', HOST), 400],
  ['unsupported scheme', req('GET ftp://example.com/ HTTP/1.1', HOST), 400],
  // line endings
  ['bare LF ending the request line', `GET / HTTP/1.1\n${HOST}\r\n\r\n`, 400],
  ['bare LF ending a header line', `GET / HTTP/1.1\r\n${HOST}\nX: y\r\n\r\n`, 400],
  ['bare LF line endings only', `GET / HTTP/1.1\n${HOST}\n\n`, 400],
  ['bare LF as the blank line', `GET / HTTP/1.1\r\n${HOST}\r\n\n`, 400],
  ['bare LF before the request line', `\n${req('GET / HTTP/1.1', HOST)}`, 400],
  ['bare CR in the request line', `GET / HTTP/1.1\r${HOST}\r\n\r\n`, 400],
  ['bare CR in a header value', req('GET / HTTP/1.1', HOST, 'X: a\rb'), 400],
  ['bare CR ending a header line', `GET / HTTP/1.1\r\n${HOST}\r\nX: a\r\r\n\r\n`, 400],
  ['bare CR before the request line', `\r${req('GET / HTTP/1.1', HOST)}`, 400],
  // header fields
  ['whitespace between header name and colon', req('GET / HTTP/1.1', HOST, 'X-Test : 1'), 400],
  ['tab between header name and colon', req('GET / HTTP/1.1', HOST, 'X-Test\t: 1'), 400],
  ['empty header name', req('GET / HTTP/1.1', HOST, ': value'), 400],
  ['header line without colon', req('GET / HTTP/1.1', HOST, 'NoColonHere'), 400],
  ['obs-fold with spaces', req('GET / HTTP/1.1', HOST, 'X-Test: a', '  folded'), 400],
  ['obs-fold with a tab', req('GET / HTTP/1.1', HOST, 'X-Test: a', '\tfolded'), 400],
  ['whitespace before the first header', req('GET / HTTP/1.1', ` ${HOST}`), 400],
  ['non-tchar in header name', req('GET / HTTP/1.1', HOST, 'X(Test): 1'), 400],
  ['byte >= 0x80 in header name', req('GET / HTTP/1.1', HOST, 'X-T\xe9st: 1'), 400],
  ['NUL in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x00b'), 400],
  ['control byte in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x01b'), 400],
  ['ESC in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x1bb'), 400],
  ['DEL in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x7fb'), 400],
  // Host
  ['missing Host on HTTP/1.1', req('GET / HTTP/1.1'), 400],
  ['two Host headers on HTTP/1.1', req('GET / HTTP/1.1', HOST, HOST), 400],
  ['two Host headers on HTTP/1.0', req('GET / HTTP/1.0', HOST, 'host: other'), 400],
  ['space inside Host', req('GET / HTTP/1.1', 'Host: local host'), 400],
  ['slash in Host', req('GET / HTTP/1.1', 'Host: example.com/a'), 400],
  ['userinfo in Host', req('GET / HTTP/1.1', 'Host: user@example.com'), 400],
  ['byte >= 0x80 in Host', req('GET / HTTP/1.1', 'Host: ex\xe4mple.com'), 400],
  // Content-Length
  ['Content-Length with a sign', req('POST / HTTP/1.1', HOST, 'Content-Length: +5'), 400],
  ['negative Content-Length', req('POST / HTTP/1.1', HOST, 'Content-Length: -1'), 400],
  ['hex Content-Length', req('POST / HTTP/1.1', HOST, 'Content-Length: 0x5'), 400],
  ['Content-Length with exponent', req('POST / HTTP/1.1', HOST, 'Content-Length: 1e1'), 400],
  ['Content-Length list', req('POST / HTTP/1.1', HOST, 'Content-Length: 5, 5'), 400],
  ['Content-Length with inner space', req('POST / HTTP/1.1', HOST, 'Content-Length: 1 0'), 400],
  ['empty Content-Length', req('POST / HTTP/1.1', HOST, 'Content-Length:'), 400],
  ['16-digit Content-Length', req('POST / HTTP/1.1', HOST, 'Content-Length: 1000000000000000'), 400],
  ['huge Content-Length', req('POST / HTTP/1.1', HOST, 'Content-Length: 99999999999999999999999'), 400],
  [
    'repeated Content-Length, same value',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5', 'Content-Length: 5'),
    400,
  ],
  [
    'repeated Content-Length, other value',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5', 'content-length: 6'),
    400,
  ],
  // Transfer-Encoding
  [
    'Transfer-Encoding and Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5', 'Transfer-Encoding: chunked'),
    400,
  ],
  [
    'Content-Length after Transfer-Encoding',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked', 'Content-Length: 0'),
    400,
  ],
  ['Transfer-Encoding on HTTP/1.0', req('POST / HTTP/1.0', 'Transfer-Encoding: chunked'), 400],
  ['final coding not chunked', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: gzip'), 400],
  ['chunked before gzip', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked, gzip'), 400],
  [
    'chunked then gzip on separate lines',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip'),
    400,
  ],
  ['chunked twice', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked, chunked'), 400],
  [
    'chunked twice on separate lines',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'),
    400,
  ],
  ['unknown coding', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: foo, chunked'), 501],
  [
    'unknown coding on its own line',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: x-gzip', 'Transfer-Encoding: chunked'),
    501,
  ],
  [
    'empty element in Transfer-Encoding',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: gzip,,chunked'),
    400,
  ],
  ['leading empty element', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: , chunked'), 400],
  ['trailing empty element', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked,'), 400],
  ['empty Transfer-Encoding', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: '), 400],
  ['coding with parameters', req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked;q=1'), 400],
];

describe('rejections', () => {
  test.each(rejections)('%s → %i', (_, raw, status) => {
    const r = parse(raw);
    expect(r.kind).toBe('error');
    expect(statusOf(r)).toBe(status);
    if (r.kind === 'error') expect(r.reason.length).toBeGreaterThan(5);
  });

  // The same verdict whether the buffer ends at the head (fast path) or more bytes follow it.
  test.each(rejections.filter(([, raw]) => raw.includes('\r\n\r\n')))(
    '%s → %i with bytes after the head',
    (_, raw, status) => {
      expect(statusOf(parse(`${raw}GET / HTTP/1.1\r\n`))).toBe(status);
    },
  );

  // Fed a byte at a time, a request is never accepted, and no prefix gets a different verdict.
  test.each(rejections)('%s → %i for every prefix', (_, raw, status) => {
    const b = bytes(raw);
    for (let end = 0; end <= b.length; end++) {
      const verdict = statusOf(parseRequestHead(b, 0, end));
      if (verdict !== 'incomplete') expect(verdict, `prefix of ${end} bytes`).toBe(status);
    }
  });
});

describe('limits', () => {
  const target = (n: number): string => `/${'a'.repeat(n - 1)}`;

  test('an 8 KiB target is accepted, one byte more is 414', () => {
    expect(headOf(req(`GET ${target(8192)} HTTP/1.1`, HOST)).target.length).toBe(8192);
    expect(parse(req(`GET ${target(8193)} HTTP/1.1`, HOST))).toMatchObject({ kind: 'error', status: 414 });
  });

  test('a too-long target is 414 before the request line is complete', () => {
    expect(parse(`GET ${target(8192)}`)).toEqual({ kind: 'incomplete' });
    expect(parse(`GET ${target(8193)}`)).toMatchObject({ kind: 'error', status: 414 });
  });

  test('a request line still open past the head limit is 414', () => {
    expect(parse('A'.repeat(16384 + 4))).toEqual({ kind: 'incomplete' });
    expect(parse('A'.repeat(16384 + 5))).toMatchObject({ kind: 'error', status: 414 });
  });

  /** A head whose header section (everything before the final CRLF) is exactly n bytes. */
  function headWithSection(n: number): string {
    const start = `GET / HTTP/1.1\r\n${HOST}\r\nX-Fill: `;
    return `${start}${'f'.repeat(n - start.length - 2)}\r\n\r\n`;
  }

  test('a 16 KiB header section is accepted, one byte more is 431', () => {
    const ok = headWithSection(16384);
    expect(parse(ok)).toMatchObject({ kind: 'head', consumed: 16386 });
    expect(parse(headWithSection(16385))).toMatchObject({ kind: 'error', status: 431 });
    expect(parse(`${headWithSection(16385)}GET /`)).toMatchObject({ kind: 'error', status: 431 });
  });

  test('a header section is 431 as soon as it cannot fit, before its end arrives', () => {
    const open = headWithSection(20000).slice(0, -4);
    expect(parse(open.slice(0, 16384 + 4))).toEqual({ kind: 'incomplete' });
    expect(parse(open.slice(0, 16384 + 5))).toMatchObject({ kind: 'error', status: 431 });
    const manyLines = `GET / HTTP/1.1\r\n${'X-Line: 0123456789\r\n'.repeat(900)}`;
    expect(parse(manyLines)).toMatchObject({ kind: 'error', status: 431 });
  });

  const withHeaders = (n: number): string =>
    req('GET / HTTP/1.1', HOST, ...Array.from({ length: n - 1 }, (_, i) => `X-H${i}: ${i}`));

  test('100 header fields are accepted, 101 are 431', () => {
    expect(headOf(withHeaders(100)).headerCount).toBe(100);
    expect(parse(withHeaders(101))).toMatchObject({ kind: 'error', status: 431 });
  });
});

describe('decoded fields', () => {
  test('method, target and version', () => {
    const h = headOf(req('DELETE /x?y=1 HTTP/1.0'));
    expect([h.method, h.target, h.minorVersion]).toEqual(['DELETE', '/x?y=1', 0]);
    expect(headOf(req('GET / HTTP/1.1', HOST)).minorVersion).toBe(1);
    expect(headOf(req('get / HTTP/1.1', HOST)).method).toBe('get');
  });

  test('Host is trimmed, matched case-insensitively, optional on HTTP/1.0 and may be empty', () => {
    expect(headOf(req('GET / HTTP/1.1', 'hOsT: \t example.com:8080 \t')).host).toBe('example.com:8080');
    expect(headOf(req('GET / HTTP/1.1', 'Host: [::1]:80')).host).toBe('[::1]:80');
    expect(headOf(req('GET / HTTP/1.0')).host).toBeNull();
    expect(headOf(req('GET / HTTP/1.0', HOST)).host).toBe('example.com');
    expect(headOf(req('GET / HTTP/1.1', 'Host:')).host).toBe('');
  });

  test.each([
    ['1.1', [], true],
    ['1.1', ['Connection: close'], false],
    ['1.1', ['Connection: Close'], false],
    ['1.1', ['Connection: keep-alive, close'], false],
    ['1.1', ['Connection: keep-alive', 'Connection: close'], false],
    ['1.1', ['Connection: Upgrade'], true],
    ['1.1', ['Connection: closed'], true],
    ['1.1', ['Connection: ,, close ,'], false],
    ['1.0', [], false],
    ['1.0', ['Connection: keep-alive'], true],
    ['1.0', ['Connection: Keep-Alive'], true],
    ['1.0', ['Connection: te, keep-alive'], true],
    ['1.0', ['Connection: keep-alive, close'], false],
    ['1.0', ['Connection: close', 'Connection: keep-alive'], false],
    ['1.0', ['Connection: keep-alives'], false],
  ])('HTTP/%s with %j → keepAlive %s', (version, connection, keepAlive) => {
    expect(headOf(req(`GET / HTTP/${version}`, HOST, ...connection)).keepAlive).toBe(keepAlive);
  });

  test.each([
    [[], { kind: 'none' }],
    [['Content-Length: 0'], { kind: 'none' }],
    [['Content-Length: 000'], { kind: 'none' }],
    [['Content-Length: 42'], { kind: 'length', length: 42 }],
    [['Content-Length:  007 '], { kind: 'length', length: 7 }],
    [['Content-Length: 999999999999999'], { kind: 'length', length: 999999999999999 }],
    [['Transfer-Encoding: chunked'], { kind: 'chunked' }],
    [['Transfer-Encoding: CHUNKED'], { kind: 'chunked' }],
    [['Transfer-Encoding: gzip , chunked'], { kind: 'chunked' }],
    [['Transfer-Encoding: gzip', 'Transfer-Encoding: chunked'], { kind: 'chunked' }],
    [['Transfer-Encoding: identity, deflate, compress, chunked'], { kind: 'chunked' }],
  ])('%j → body %j', (headers, body) => {
    expect(headOf(req('POST / HTTP/1.1', HOST, ...headers)).body).toEqual(body);
  });

  test('conditional headers are trimmed values, or null when absent', () => {
    const h = headOf(
      req(
        'GET / HTTP/1.1',
        HOST,
        'If-None-Match:  "abc", W/"def" ',
        'if-modified-since: Tue, 01 Oct 2024 10:00:00 GMT',
        'RANGE: bytes=0-9',
      ),
    );
    expect([h.ifNoneMatch, h.ifModifiedSince, h.range]).toEqual([
      '"abc", W/"def"',
      'Tue, 01 Oct 2024 10:00:00 GMT',
      'bytes=0-9',
    ]);
    const none = headOf(req('GET / HTTP/1.1', HOST));
    expect([none.ifNoneMatch, none.ifModifiedSince, none.range]).toEqual([null, null, null]);
    expect(headOf(req('GET / HTTP/1.1', HOST, 'Range: bytes=0-1', 'Range: bytes=5-')).range).toBe('bytes=5-');
  });

  test('headerCount counts every field line; values may hold obs-text and tabs', () => {
    const h = headOf(req('GET / HTTP/1.1', HOST, 'X-A: caf\xe9', 'X-B: a\tb', 'X-Empty:', 'X-C:x'));
    expect(h.headerCount).toBe(5);
  });

  test('Range and If-Range are decoded together', () => {
    const h = headOf(req('GET /big HTTP/1.1', HOST, 'Range: bytes=10-', 'if-range:  "v1" '));
    expect([h.range, h.ifRange]).toEqual(['bytes=10-', '"v1"']);
  });

  test('a typical browser request', () => {
    const raw = req(
      'GET /assets/app.js?v=123 HTTP/1.1',
      'Host: localhost:7890',
      'Connection: keep-alive',
      'sec-ch-ua: "Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0',
      'Accept: */*',
      'Sec-Fetch-Site: same-origin',
      'Referer: http://localhost:7890/',
      'Accept-Encoding: gzip, deflate, br, zstd',
      'Accept-Language: en-US,en;q=0.9',
      'If-None-Match: "5f-18c"',
    );
    expect(parse(raw)).toEqual({
      kind: 'head',
      consumed: raw.length,
      head: {
        method: 'GET',
        target: '/assets/app.js?v=123',
        minorVersion: 1,
        host: 'localhost:7890',
        keepAlive: true,
        ifNoneMatch: '"5f-18c"',
        ifModifiedSince: null,
        range: null,
        ifRange: null,
        body: { kind: 'none' },
        headerCount: 10,
      },
    });
  });
});
