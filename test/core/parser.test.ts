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

// Valid heads of different lengths and shapes, so that line ends fall at every alignment.
const valid = [
  req('GET /index.html?q=1 HTTP/1.1', HOST, 'Accept: */*', 'Connection: keep-alive'),
  req('GET / HTTP/1.0'),
  req('GET /a HTTP/1.1', 'Host: a'),
  req('GET /ab HTTP/1.1', 'Host: ab', 'X:'),
  req('POST /abc HTTP/1.1', 'Host: abc', 'Content-Length: 3', 'X-A: 1'),
  req('HEAD /abcd HTTP/1.1', 'Host: abcd', 'X-Empty:', 'Y:  y '),
  `\r\n${req('GET /abcde HTTP/1.1', 'Host: abcde')}`,
  req('OPTIONS * HTTP/1.1', HOST, 'Transfer-Encoding: gzip, chunked'),
  req('CONNECT example.com:443 HTTP/1.1', HOST),
];

describe('incremental parsing', () => {
  const request = req('GET /index.html?q=1 HTTP/1.1', HOST, 'Accept: */*', 'Connection: keep-alive');

  test.each(valid)('%j is incomplete for every prefix and a head once the last byte arrives', (raw) => {
    const b = bytes(raw);
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
    expect(r1.head).toMatchObject({ method: 'GET', target: '/a', keepAlive: true });
    const r2 = parseRequestHead(b, r1.consumed, b.length);
    if (r2.kind !== 'head') throw new Error(JSON.stringify(r2));
    expect(r2.consumed).toBe(second.length);
    expect(r2.head).toMatchObject({ method: 'HEAD', target: '/b', keepAlive: false });
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
    expect(parse(`${'\r\n'.repeat(9)}${req('GET / HTTP/1.1', HOST)}`)).toEqual({
      kind: 'error',
      status: 400,
      reason: 'too many empty lines before the request line',
    });
  });

  test('equal-length values from successive requests are not mixed up', () => {
    expect(headOf(req('GET /aaa HTTP/1.1', 'Host: one.example')).target).toBe('/aaa');
    const h = headOf(req('PUT /bbb HTTP/1.1', 'Host: two.example', 'If-None-Match: "bb"'));
    expect([h.method, h.target, h.ifNoneMatch]).toEqual(['PUT', '/bbb', '"bb"']);
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
    ['authority-form after an empty line', '\r\nCONNECT example.com:443 HTTP/1.1', 'example.com:443'],
    ['asterisk-form after an empty line', '\r\nOPTIONS * HTTP/1.1', '*'],
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
// [what is wrong, the head, status, the reason the parser gives]
const rejections: [string, string, number, string][] = [
  // request line
  ['lowercase version', req('GET / http/1.1', HOST), 400, 'malformed HTTP version'],
  ['malformed version', req('GET / HTTP/1.x', HOST), 400, 'malformed HTTP version'],
  ['version without minor', req('GET / HTTP/1', HOST), 400, 'malformed HTTP version'],
  ['two-digit minor version', req('GET / HTTP/1.10', HOST), 400, 'malformed HTTP version'],
  ['version HTTP/2.0', req('GET / HTTP/2.0', HOST), 505, 'HTTP version not supported'],
  ['version HTTP/1.2', req('GET / HTTP/1.2', HOST), 505, 'HTTP version not supported'],
  ['version HTTP/0.9', req('GET / HTTP/0.9', HOST), 505, 'HTTP version not supported'],
  ['version HTTP/3.0', req('GET / HTTP/3.0', HOST), 505, 'HTTP version not supported'],
  [
    'two spaces before the target',
    req('GET  / HTTP/1.1', HOST),
    400,
    'more than one space before the request target',
  ],
  [
    'two spaces before the version',
    req('GET /  HTTP/1.1', HOST),
    400,
    'more than one space before the HTTP version',
  ],
  ['space after the version', req('GET / HTTP/1.1 ', HOST), 400, 'malformed HTTP version'],
  ['tab as separator', req('GET\t/ HTTP/1.1', HOST), 400, 'request line separator is not a single space'],
  ['space before the method', req(' GET / HTTP/1.1', HOST), 400, 'whitespace before the method'],
  ['missing version', req('GET /', HOST), 400, 'missing HTTP version'],
  ['method only', req('GET', HOST), 400, 'invalid byte in method'],
  ['non-tchar in method', req('GE(T / HTTP/1.1', HOST), 400, 'invalid byte in method'],
  [
    'TLS handshake bytes',
    '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http\r\n\r\n',
    400,
    'invalid byte in method',
  ],
  ['empty method', req(' / HTTP/1.1', HOST), 400, 'whitespace before the method'],
  ['tab before the method', req('\tGET / HTTP/1.1', HOST), 400, 'whitespace before the method'],
  ['non-tchar starting the method', req('(GET / HTTP/1.1', HOST), 400, 'invalid byte in method'],
  ['empty target', req('GET  HTTP/1.1', HOST), 400, 'more than one space before the request target'],
  ['missing target', req('GET ', HOST), 400, 'missing request target'],
  ['tab after the target', req('GET /\tHTTP/1.1', HOST), 400, 'request line separator is not a single space'],
  [
    'tab before the target',
    req('GET \t/ HTTP/1.1', HOST),
    400,
    'request line separator is not a single space',
  ],
  ['bare LF after the target', `GET /\n${HOST}\r\n\r\n`, 400, 'bare LF in the request line'],
  // request target
  ['target byte >= 0x80', req('GET /\xff HTTP/1.1', HOST), 400, 'invalid byte in request target'],
  ['NUL in target', req('GET /a\x00 HTTP/1.1', HOST), 400, 'invalid byte in request target'],
  ['control byte in target', req('GET /a\x01b HTTP/1.1', HOST), 400, 'invalid byte in request target'],
  ['DEL in target', req('GET /a\x7f HTTP/1.1', HOST), 400, 'invalid byte in request target'],
  ['raw space in target', req('GET /a b HTTP/1.1', HOST), 400, 'malformed HTTP version'],
  ['relative target', req('GET index.html HTTP/1.1', HOST), 400, 'unsupported request-target form'],
  ['asterisk-form without OPTIONS', req('GET * HTTP/1.1', HOST), 400, 'asterisk-form is only for OPTIONS'],
  [
    'authority-form without CONNECT',
    req('GET example.com:80 HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'CONNECT with origin-form',
    req('CONNECT / HTTP/1.1', HOST),
    400,
    'CONNECT needs an authority-form target',
  ],
  [
    'CONNECT without port',
    req('CONNECT example.com HTTP/1.1', HOST),
    400,
    'CONNECT needs an authority-form target',
  ],
  [
    'absolute-form with empty authority',
    req('GET http:///a HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'absolute-form with nothing after the scheme',
    req('GET http:// HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'unsupported scheme',
    req('GET ftp://example.com/ HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'absolute-form with a query for authority',
    req('GET http://?a HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'absolute-form with a fragment for authority',
    req('GET https://#a HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'OPTIONS with a one-byte target other than *',
    req('OPTIONS a HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'OPTIONS with a target starting with *',
    req('OPTIONS *a HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'a method that starts with OPTIONS',
    req('OPTIONSX * HTTP/1.1', HOST),
    400,
    'asterisk-form is only for OPTIONS',
  ],
  [
    'a method that starts with CONNECT',
    req('CONNECTX example.com:443 HTTP/1.1', HOST),
    400,
    'unsupported request-target form',
  ],
  [
    'CONNECT with an empty host',
    req('CONNECT :443 HTTP/1.1', HOST),
    400,
    'CONNECT needs an authority-form target',
  ],
  [
    'CONNECT with an empty port',
    req('CONNECT example.com: HTTP/1.1', HOST),
    400,
    'CONNECT needs an authority-form target',
  ],
  [
    'CONNECT with digits but no colon',
    req('CONNECT example8080 HTTP/1.1', HOST),
    400,
    'CONNECT needs an authority-form target',
  ],
  [
    'CONNECT with a slash in the host',
    req('CONNECT exa/mple.com:443 HTTP/1.1', HOST),
    400,
    'CONNECT needs an authority-form target',
  ],
  // line endings
  [
    'bare LF ending the request line',
    `GET / HTTP/1.1\n${HOST}\r\n\r\n`,
    400,
    'bare LF after the request line',
  ],
  [
    'bare LF ending a header line',
    `GET / HTTP/1.1\r\n${HOST}\nX: y\r\n\r\n`,
    400,
    'bare LF in header section',
  ],
  ['bare LF line endings only', `GET / HTTP/1.1\n${HOST}\n\n`, 400, 'bare LF after the request line'],
  ['bare LF as the blank line', `GET / HTTP/1.1\r\n${HOST}\r\n\n`, 400, 'bare LF in header section'],
  [
    'bare LF before the request line',
    `\n${req('GET / HTTP/1.1', HOST)}`,
    400,
    'bare LF before the request line',
  ],
  ['bare CR in the request line', `GET / HTTP/1.1\r${HOST}\r\n\r\n`, 400, 'bare CR after the request line'],
  ['bare CR in a header value', req('GET / HTTP/1.1', HOST, 'X: a\rb'), 400, 'bare CR in header section'],
  [
    'bare CR ending a header line',
    `GET / HTTP/1.1\r\n${HOST}\r\nX: a\r\r\n\r\n`,
    400,
    'bare CR in header section',
  ],
  [
    'bare CR as the blank line',
    `GET / HTTP/1.1\r\n${HOST}\r\n\rX: y\r\n\r\n`,
    400,
    'bare CR in header section',
  ],
  [
    'bare LF ending a header name',
    `GET / HTTP/1.1\r\n${HOST}\r\nX\nY: b\r\n\r\n`,
    400,
    'bare LF in header section',
  ],
  [
    'NUL then bare LF in a header value',
    `GET / HTTP/1.1\r\n${HOST}\r\nX: a\x00\nY: b\r\n\r\n`,
    400,
    'invalid byte in header value',
  ],
  [
    'bare CR before the request line',
    `\r${req('GET / HTTP/1.1', HOST)}`,
    400,
    'bare CR before the request line',
  ],
  // header fields
  [
    'whitespace between header name and colon',
    req('GET / HTTP/1.1', HOST, 'X-Test : 1'),
    400,
    'whitespace between header name and colon',
  ],
  [
    'tab between header name and colon',
    req('GET / HTTP/1.1', HOST, 'X-Test\t: 1'),
    400,
    'whitespace between header name and colon',
  ],
  ['empty header name', req('GET / HTTP/1.1', HOST, ': value'), 400, 'empty header name'],
  ['header line without colon', req('GET / HTTP/1.1', HOST, 'NoColonHere'), 400, 'header line without colon'],
  [
    'obs-fold with spaces',
    req('GET / HTTP/1.1', HOST, 'X-Test: a', '  folded'),
    400,
    'obs-fold (header line starting with whitespace)',
  ],
  [
    'obs-fold with a tab',
    req('GET / HTTP/1.1', HOST, 'X-Test: a', '\tfolded'),
    400,
    'obs-fold (header line starting with whitespace)',
  ],
  [
    'whitespace before the first header',
    req('GET / HTTP/1.1', ` ${HOST}`),
    400,
    'obs-fold (header line starting with whitespace)',
  ],
  ['non-tchar in header name', req('GET / HTTP/1.1', HOST, 'X(Test): 1'), 400, 'invalid byte in header name'],
  [
    'non-tchar starting a header name',
    req('GET / HTTP/1.1', HOST, '(X: 1'),
    400,
    'invalid byte in header name',
  ],
  [
    'byte >= 0x80 in header name',
    req('GET / HTTP/1.1', HOST, 'X-T\xe9st: 1'),
    400,
    'invalid byte in header name',
  ],
  ['NUL in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x00b'), 400, 'invalid byte in header value'],
  [
    'control byte in header value',
    req('GET / HTTP/1.1', HOST, 'X-Test: a\x01b'),
    400,
    'invalid byte in header value',
  ],
  ['ESC in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x1bb'), 400, 'invalid byte in header value'],
  ['DEL in header value', req('GET / HTTP/1.1', HOST, 'X-Test: a\x7fb'), 400, 'invalid byte in header value'],
  // Host
  ['missing Host on HTTP/1.1', req('GET / HTTP/1.1'), 400, 'missing Host header'],
  ['two Host headers on HTTP/1.1', req('GET / HTTP/1.1', HOST, HOST), 400, 'more than one Host header'],
  [
    'two Host headers on HTTP/1.0',
    req('GET / HTTP/1.0', HOST, 'host: other'),
    400,
    'more than one Host header',
  ],
  ['space inside Host', req('GET / HTTP/1.1', 'Host: local host'), 400, 'invalid character in Host'],
  ['slash in Host', req('GET / HTTP/1.1', 'Host: example.com/a'), 400, 'invalid character in Host'],
  ['userinfo in Host', req('GET / HTTP/1.1', 'Host: user@example.com'), 400, 'invalid character in Host'],
  ['byte >= 0x80 in Host', req('GET / HTTP/1.1', 'Host: ex\xe4mple.com'), 400, 'invalid character in Host'],
  // Content-Length
  [
    'Content-Length with a sign',
    req('POST / HTTP/1.1', HOST, 'Content-Length: +5'),
    400,
    'Content-Length is not a decimal number',
  ],
  [
    'negative Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length: -1'),
    400,
    'Content-Length is not a decimal number',
  ],
  [
    'hex Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 0x5'),
    400,
    'Content-Length is not a decimal number',
  ],
  [
    'Content-Length with exponent',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 1e1'),
    400,
    'Content-Length is not a decimal number',
  ],
  [
    'Content-Length list',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5, 5'),
    400,
    'Content-Length is not a decimal number',
  ],
  [
    'Content-Length with inner space',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 1 0'),
    400,
    'Content-Length is not a decimal number',
  ],
  ['empty Content-Length', req('POST / HTTP/1.1', HOST, 'Content-Length:'), 400, 'empty Content-Length'],
  [
    'whitespace-only Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length:   '),
    400,
    'empty Content-Length',
  ],
  [
    '16-digit Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 1000000000000000'),
    400,
    'Content-Length longer than 15 digits',
  ],
  [
    'huge Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 99999999999999999999999'),
    400,
    'Content-Length longer than 15 digits',
  ],
  [
    'repeated Content-Length: 0',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 0', 'Content-Length: 0'),
    400,
    'more than one Content-Length header',
  ],
  [
    'repeated Content-Length, same value',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5', 'Content-Length: 5'),
    400,
    'more than one Content-Length header',
  ],
  [
    'repeated Content-Length, other value',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5', 'content-length: 6'),
    400,
    'more than one Content-Length header',
  ],
  // Transfer-Encoding
  [
    'Transfer-Encoding and Content-Length',
    req('POST / HTTP/1.1', HOST, 'Content-Length: 5', 'Transfer-Encoding: chunked'),
    400,
    'both Transfer-Encoding and Content-Length',
  ],
  [
    'Content-Length after Transfer-Encoding',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked', 'Content-Length: 0'),
    400,
    'both Transfer-Encoding and Content-Length',
  ],
  [
    'Transfer-Encoding on HTTP/1.0',
    req('POST / HTTP/1.0', 'Transfer-Encoding: chunked'),
    400,
    'Transfer-Encoding on HTTP/1.0',
  ],
  [
    'final coding not chunked',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: gzip'),
    400,
    'chunked is not the final transfer coding',
  ],
  [
    'chunked before gzip',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked, gzip'),
    400,
    'chunked is not the final transfer coding',
  ],
  [
    'chunked then gzip on separate lines',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked', 'Transfer-Encoding: gzip'),
    400,
    'chunked is not the final transfer coding',
  ],
  [
    'chunked twice',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked, chunked'),
    400,
    'chunked applied more than once',
  ],
  [
    'chunked twice on separate lines',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'),
    400,
    'chunked applied more than once',
  ],
  [
    'unknown coding',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: foo, chunked'),
    501,
    'unknown transfer coding',
  ],
  [
    'unknown coding on its own line',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: x-gzip', 'Transfer-Encoding: chunked'),
    501,
    'unknown transfer coding',
  ],
  [
    'empty element in Transfer-Encoding',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: gzip,,chunked'),
    400,
    'empty element in Transfer-Encoding',
  ],
  [
    'leading empty element',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: , chunked'),
    400,
    'empty element in Transfer-Encoding',
  ],
  [
    'trailing empty element',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked,'),
    400,
    'empty element in Transfer-Encoding',
  ],
  [
    'empty Transfer-Encoding',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: '),
    400,
    'empty Transfer-Encoding',
  ],
  [
    'coding with parameters',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunked;q=1'),
    400,
    'malformed transfer coding',
  ],
  [
    'parameters on a coding before chunked',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: gzip;q=1, chunked'),
    400,
    'malformed transfer coding',
  ],
  [
    'a coding that starts with chunked',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunkedx'),
    400,
    'chunked is not the final transfer coding',
  ],
  [
    'a coding that chunked starts with',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: chunke'),
    400,
    'chunked is not the final transfer coding',
  ],
  [
    'a coding that starts with gzip',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: gzipx, chunked'),
    501,
    'unknown transfer coding',
  ],
  [
    'an unknown coding as long as gzip',
    req('POST / HTTP/1.1', HOST, 'Transfer-Encoding: abcd, chunked'),
    501,
    'unknown transfer coding',
  ],
];

describe('rejections', () => {
  // Name, status and reason first, for the test titles.
  const cases = rejections.map(([name, raw, status, reason]) => [name, status, reason, raw] as const);

  test.each(cases)('%s → %i (%s)', (_, status, reason, raw) => {
    expect(parse(raw)).toEqual({ kind: 'error', status, reason });
  });

  // The same verdict whether the buffer ends at the head (fast path) or more bytes follow it.
  test.each(cases.filter(([, , , raw]) => raw.includes('\r\n\r\n')))(
    '%s → %i (%s) with bytes after the head',
    (_, status, reason, raw) => {
      expect(parse(`${raw}GET / HTTP/1.1\r\n`)).toEqual({ kind: 'error', status, reason });
    },
  );

  // Fed a byte at a time, a request is never accepted, and no prefix gets a different verdict.
  test.each(cases)('%s → %i for every prefix', (_, status, _reason, raw) => {
    const b = bytes(raw);
    for (let end = 0; end <= b.length; end++) {
      const verdict = statusOf(parseRequestHead(b, 0, end));
      if (verdict !== 'incomplete') expect(verdict, `prefix of ${end} bytes`).toBe(status);
    }
  });
});

describe('bounds', () => {
  // Whatever bytes follow buf[0..end), the verdict on it is the same: nothing past end is read.
  test.each(['\n', '\r', ' ', 'a', '\r\n\r\n'])('never looks past end, whatever follows it (%j)', (after) => {
    for (const raw of [...valid, ...rejections.map(([, raw]) => raw)]) {
      const longer = bytes(raw + after);
      for (let end = 0; end <= raw.length; end++) {
        const exact = bytes(raw.slice(0, end));
        expect(parseRequestHead(longer, 0, end), `${JSON.stringify(raw)} up to ${end}`).toEqual(
          parseRequestHead(exact, 0, end),
        );
      }
    }
  });

  const offsets = Array.from({ length: 9 }, (_, k) => k);

  test.each(offsets)('a NUL in a header value is found after %i good bytes', (k) => {
    const line = `X-Test: ${'v'.repeat(k)}\x00${'w'.repeat(9)}`;
    expect(parse(req('GET / HTTP/1.1', HOST, line))).toEqual({
      kind: 'error',
      status: 400,
      reason: 'invalid byte in header value',
    });
  });

  test.each(offsets)('a "(" in a header name is found after %i good bytes', (k) => {
    const line = `X${'n'.repeat(k)}(${'m'.repeat(9)}: 1`;
    expect(parse(req('GET / HTTP/1.1', HOST, line))).toEqual({
      kind: 'error',
      status: 400,
      reason: 'invalid byte in header name',
    });
  });
});

describe('limits', () => {
  const target = (n: number): string => `/${'a'.repeat(n - 1)}`;

  test('an 8 KiB target is accepted, one byte more is 414', () => {
    expect(headOf(req(`GET ${target(8192)} HTTP/1.1`, HOST)).target.length).toBe(8192);
    expect(parse(req(`GET ${target(8193)} HTTP/1.1`, HOST))).toEqual({
      kind: 'error',
      status: 414,
      reason: 'request target longer than 8192 bytes',
    });
  });

  test('a too-long target is 414 before the request line is complete', () => {
    expect(parse(`GET ${target(8192)}`)).toEqual({ kind: 'incomplete' });
    expect(parse(`GET ${target(8193)}`)).toMatchObject({ kind: 'error', status: 414 });
  });

  test('a request line still open past the head limit is 414', () => {
    expect(parse('A'.repeat(16384 + 4))).toEqual({ kind: 'incomplete' });
    expect(parse('A'.repeat(16384 + 5))).toEqual({
      kind: 'error',
      status: 414,
      reason: 'request line longer than the header section limit',
    });
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

  test.each([16385, 16386, 16387, 16388, 16389, 20000])(
    'a complete head with a %i-byte header section is 431',
    (n) => {
      expect(parse(headWithSection(n))).toEqual({
        kind: 'error',
        status: 431,
        reason: 'header section larger than 16384 bytes',
      });
    },
  );

  test('the limits count from where the request line starts, not from the start of the buffer', () => {
    // A request, then two empty lines, then the head under test.
    const before = `${req('GET /first HTTP/1.1', HOST)}\r\n\r\n`;
    const at = (head: string): ParseResult => {
      const b = bytes(before + head);
      return parseRequestHead(b, before.length - 4, b.length);
    };
    expect(at(headWithSection(16384))).toMatchObject({ kind: 'head', consumed: 16386 + 4 });
    expect(at(headWithSection(16385))).toMatchObject({ kind: 'error', status: 431 });
    const open = headWithSection(20000).slice(0, -4);
    expect(at(open.slice(0, 16384 + 4))).toEqual({ kind: 'incomplete' });
    expect(at(open.slice(0, 16384 + 5))).toMatchObject({ kind: 'error', status: 431 });
    expect(at('A'.repeat(16384 + 4))).toEqual({ kind: 'incomplete' });
    expect(at('A'.repeat(16384 + 5))).toMatchObject({ kind: 'error', status: 414 });
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
    expect(parse(withHeaders(100))).toMatchObject({ kind: 'head' });
    expect(parse(withHeaders(101))).toEqual({
      kind: 'error',
      status: 431,
      reason: 'more than 100 header fields',
    });
  });
});

describe('decoded fields', () => {
  test('method, target and version', () => {
    const h = headOf(req('DELETE /x?y=1 HTTP/1.0'));
    expect([h.method, h.target, h.minorVersion]).toEqual(['DELETE', '/x?y=1', 0]);
    expect(headOf(req('GET / HTTP/1.1', HOST)).minorVersion).toBe(1);
    expect(headOf(req('get / HTTP/1.1', HOST)).method).toBe('get');
  });

  test('Host is trimmed before it is checked, matched case-insensitively, optional on HTTP/1.0 and may be empty', () => {
    // The whitespace around the value is not part of it: were it kept, the space would be an invalid character.
    expect(parse(req('GET / HTTP/1.1', 'hOsT: \t example.com:8080 \t'))).toMatchObject({ kind: 'head' });
    expect(parse(req('GET / HTTP/1.1', 'Host: [::1]:80'))).toMatchObject({ kind: 'head' });
    expect(parse(req('GET / HTTP/1.0'))).toMatchObject({ kind: 'head' });
    expect(parse(req('GET / HTTP/1.0', HOST))).toMatchObject({ kind: 'head' });
    expect(parse(req('GET / HTTP/1.1', 'Host:'))).toMatchObject({ kind: 'head' });
    expect(parse(req('GET / HTTP/1.1', 'Host: exa mple.com'))).toEqual({
      kind: 'error',
      status: 400,
      reason: 'invalid character in Host',
    });
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

  test('headers whose names only look like the ones the parser reads are ignored', () => {
    const h = headOf(
      req(
        'POST / HTTP/1.0',
        'Hosx: example.com',
        'Rangx: bytes=0-1',
        'If-Rangx: "a"',
        'Connectiox: keep-alive',
        'If-None-Matcx: "a"',
        'Content-Lengtx: 5',
        'Transfer-Encodinx: chunked',
        'If-Modified-Sincx: Tue, 01 Oct 2024 10:00:00 GMT',
      ),
    );
    expect(h).toMatchObject({
      range: null,
      ifRange: null,
      keepAlive: false,
      ifNoneMatch: null,
      ifModifiedSince: null,
      body: { kind: 'none' },
    });
    // "Hosx" is no Host: on HTTP/1.1 the request has none.
    expect(parse(req('GET / HTTP/1.1', 'Hosx: example.com'))).toEqual({
      kind: 'error',
      status: 400,
      reason: 'missing Host header',
    });
  });

  test('values may hold obs-text and tabs, or nothing', () => {
    expect(
      parse(req('GET / HTTP/1.1', HOST, 'X-A: caf\xe9', 'X-B: a\tb', 'X-Empty:', 'X-C:x')),
    ).toMatchObject({
      kind: 'head',
    });
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
        keepAlive: true,
        ifNoneMatch: '"5f-18c"',
        ifModifiedSince: null,
        range: null,
        ifRange: null,
        body: { kind: 'none' },
      },
    });
  });
});
