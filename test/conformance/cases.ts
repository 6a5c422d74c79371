// The conformance table: one list of cases, run against every implementation on every runtime.
// A case sends raw bytes on a fresh connection and states what must come back. Cases of kind 'parser'
// probe malformed input; a server whose runtime parses HTTP may answer them differently, and the
// registry names each such deviation with the answer the runtime actually gives.
import { expect } from 'vitest';
import type { Exchange, RawResponse } from '../helpers/raw-client.ts';
import { SECRET, type TestSite } from './site.ts';

export interface CaseContext {
  readonly site: TestSite;
  /** The implementation keeps connections open between requests. */
  readonly keepAlive: boolean;
}

export interface Case {
  readonly id: string;
  readonly group: string;
  /** 'behaviour': every server must pass as written. 'parser': malformed input; deviations allowed if listed. */
  readonly kind: 'behaviour' | 'parser';
  readonly send: string | Buffer | (string | Buffer)[];
  /** Delay between pieces of `send`, for requests split across reads. */
  readonly delayMs?: number;
  /** Statuses in order. A keep-alive server must answer them all; the sequential server only the first. */
  readonly statuses: readonly number[];
  /** The server must close the connection after the last expected response (parser errors always do). */
  readonly closes?: boolean;
  /** Requests whose responses carry no body (HEAD), by index. */
  readonly noBody?: (index: number) => boolean;
  /** Further checks on the exchange. */
  readonly check?: (ex: Exchange, ctx: CaseContext) => void;
}

const H = 'Host: localhost\r\n';
const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\n${H}${extra}\r\n`;
const bad = (id: string, send: string | Buffer, status = 400, group = 'malformed'): Case => ({
  id,
  group,
  kind: 'parser',
  send,
  statuses: [status],
  closes: true,
});

function first(ex: Exchange): RawResponse {
  const r = ex.responses[0];
  if (r === undefined) throw new Error('no response');
  return r;
}

const bodyIs =
  (path: string, type: string) =>
  (ex: Exchange, { site }: CaseContext): void => {
    const r = first(ex);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers['content-length']).toBe(String(site.file(path).length));
    expect(r.body.equals(site.file(path))).toBe(true);
  };

const noLeak = (ex: Exchange): void => {
  for (const r of ex.responses) expect(r.body.toString('latin1')).not.toContain(SECRET);
  expect(ex.rest.toString('latin1')).not.toContain(SECRET);
  expect([400, 403, 404]).toContain(first(ex).status);
};

const HTML = 'text/html; charset=utf-8';
const SMUGGLED = 'GET /nope HTTP/1.1\r\nHost: evil\r\n\r\n';

export const CASES: readonly Case[] = [
  // ---- basics and content types ----
  {
    id: 'root-is-index',
    group: 'basics',
    kind: 'behaviour',
    send: get('/'),
    statuses: [200],
    check: (ex, ctx) => {
      bodyIs('index.html', HTML)(ex, ctx);
      const r = first(ex);
      expect(r.statusLine).toBe('HTTP/1.1 200 OK');
      expect(Number.isNaN(Date.parse(r.headers.date ?? ''))).toBe(false);
      expect(Number.isNaN(Date.parse(r.headers['last-modified'] ?? ''))).toBe(false);
      expect(r.headers.etag).toMatch(/^(W\/)?"[^"]+"$/);
      expect(r.headers['accept-ranges']).toBe('bytes');
    },
  },
  {
    id: 'index-html',
    group: 'basics',
    kind: 'behaviour',
    send: get('/index.html'),
    statuses: [200],
    check: bodyIs('index.html', HTML),
  },
  {
    id: 'css',
    group: 'types',
    kind: 'behaviour',
    send: get('/style.css'),
    statuses: [200],
    check: bodyIs('style.css', 'text/css; charset=utf-8'),
  },
  {
    id: 'png',
    group: 'types',
    kind: 'behaviour',
    send: get('/assets/logo.png'),
    statuses: [200],
    check: bodyIs('assets/logo.png', 'image/png'),
  },
  {
    id: 'json',
    group: 'types',
    kind: 'behaviour',
    send: get('/data.json'),
    statuses: [200],
    check: bodyIs('data.json', 'application/json; charset=utf-8'),
  },
  {
    id: 'no-extension',
    group: 'types',
    kind: 'behaviour',
    send: get('/noext'),
    statuses: [200],
    check: bodyIs('noext', 'application/octet-stream'),
  },
  {
    id: 'space-in-name',
    group: 'basics',
    kind: 'behaviour',
    send: get('/hello%20world.txt'),
    statuses: [200],
    check: bodyIs('hello world.txt', 'text/plain; charset=utf-8'),
  },
  {
    id: 'utf8-name',
    group: 'basics',
    kind: 'behaviour',
    send: get('/caf%C3%A9.txt'),
    statuses: [200],
    check: bodyIs('café.txt', 'text/plain; charset=utf-8'),
  },
  {
    id: 'nested-index',
    group: 'basics',
    kind: 'behaviour',
    send: get('/docs/'),
    statuses: [200],
    check: bodyIs('docs/index.html', HTML),
  },
  {
    id: 'query-ignored',
    group: 'basics',
    kind: 'behaviour',
    send: get('/index.html?v=1&x=%20'),
    statuses: [200],
    check: bodyIs('index.html', HTML),
  },
  {
    id: 'absolute-form',
    group: 'basics',
    kind: 'behaviour',
    send: `GET http://localhost/style.css HTTP/1.1\r\n${H}\r\n`,
    statuses: [200],
    check: bodyIs('style.css', 'text/css; charset=utf-8'),
  },
  {
    id: 'symlink-inside-root',
    group: 'basics',
    kind: 'behaviour',
    send: get('/alias.css'),
    statuses: [200],
    check: bodyIs('style.css', 'text/css; charset=utf-8'),
  },
  {
    id: 'missing-404',
    group: 'basics',
    kind: 'behaviour',
    send: get('/no-such-file.html'),
    statuses: [404],
    check: (ex) => {
      const r = first(ex);
      expect(r.headers['content-type']).toBe(HTML);
      expect(r.body.toString().toLowerCase()).toContain('not found');
      expect(r.headers['content-length']).toBe(String(r.body.length));
    },
  },
  { id: 'missing-dir-404', group: 'basics', kind: 'behaviour', send: get('/no-such-dir/'), statuses: [404] },
  { id: 'file-as-dir-404', group: 'basics', kind: 'behaviour', send: get('/style.css/'), statuses: [404] },

  // ---- redirects ----
  {
    id: 'dir-redirect',
    group: 'redirects',
    kind: 'behaviour',
    send: get('/docs'),
    statuses: [301],
    check: (ex) => expect(first(ex).headers.location).toMatch(/^(http:\/\/[^/]+)?\/docs\/$/),
  },
  {
    id: 'dir-redirect-keeps-query',
    group: 'redirects',
    kind: 'behaviour',
    send: get('/docs?a=1'),
    statuses: [301],
    check: (ex) => expect(first(ex).headers.location).toMatch(/^(http:\/\/[^/]+)?\/docs\/\?a=1$/),
  },

  // ---- HEAD and methods ----
  {
    id: 'head',
    group: 'head',
    kind: 'behaviour',
    send: `HEAD / HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
    statuses: [200],
    noBody: () => true,
    closes: true,
    check: (ex, { site }) => {
      const r = first(ex);
      expect(r.headers['content-length']).toBe(String(site.file('index.html').length));
      expect(r.headers['content-type']).toBe(HTML);
      expect(r.headers.etag).toBeDefined();
      expect(ex.rest.length).toBe(0); // no body bytes after the head
    },
  },
  {
    id: 'head-missing',
    group: 'head',
    kind: 'behaviour',
    send: `HEAD /nope HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
    statuses: [404],
    noBody: () => true,
    closes: true,
    check: (ex) => expect(ex.rest.length).toBe(0),
  },
  ...['POST', 'PUT', 'DELETE', 'PATCH'].map(
    (method): Case => ({
      id: `method-${method.toLowerCase()}-405`,
      group: 'methods',
      kind: 'behaviour',
      send: `${method} / HTTP/1.1\r\n${H}Content-Length: 0\r\n\r\n`,
      statuses: [405],
      check: (ex) => expect(first(ex).headers.allow).toBe('GET, HEAD'),
    }),
  ),
  {
    id: 'options-405',
    group: 'methods',
    kind: 'behaviour',
    send: `OPTIONS /index.html HTTP/1.1\r\n${H}\r\n`,
    statuses: [405],
    check: (ex) => expect(first(ex).headers.allow).toBe('GET, HEAD'),
  },
  {
    id: 'unknown-method-405',
    group: 'methods',
    kind: 'parser',
    send: `BREW / HTTP/1.1\r\n${H}\r\n`,
    statuses: [405],
  },

  // ---- keep-alive, pipelining, HTTP/1.0 ----
  {
    id: 'keep-alive',
    group: 'keep-alive',
    kind: 'behaviour',
    send: get('/') + get('/style.css'),
    statuses: [200, 200],
    check: (ex, { keepAlive }) => {
      if (keepAlive) expect(ex.closed).toBe(false);
      else expect(first(ex).headers.connection).toBe('close');
    },
  },
  {
    id: 'pipelining-in-order',
    group: 'pipelining',
    kind: 'behaviour',
    send: get('/style.css') + get('/nope') + get('/') + get('/docs'),
    statuses: [200, 404, 200, 301],
    check: (ex, ctx) => {
      expect(first(ex).headers['content-type']).toBe('text/css; charset=utf-8');
      if (ctx.keepAlive) expect(ex.responses[2]!.body.equals(ctx.site.file('index.html'))).toBe(true);
    },
  },
  {
    id: 'pipelined-head-then-get',
    group: 'pipelining',
    kind: 'behaviour',
    send: `HEAD / HTTP/1.1\r\n${H}\r\n` + get('/style.css'),
    statuses: [200, 200],
    noBody: (i) => i === 0,
    check: (ex, ctx) => {
      if (ctx.keepAlive) expect(ex.responses[1]!.body.equals(ctx.site.file('style.css'))).toBe(true);
    },
  },
  {
    // Nothing else asks for this file, so the first request waits on the disk while the second is queued.
    id: 'pipelining-cold-file',
    group: 'pipelining',
    kind: 'behaviour',
    send: get('/cold.txt') + get('/cold.txt'),
    statuses: [200, 200],
    check: (ex, ctx) => {
      for (const r of ex.responses) expect(r.body.equals(ctx.site.file('cold.txt'))).toBe(true);
    },
  },
  {
    id: 'split-request',
    group: 'pipelining',
    kind: 'behaviour',
    send: ['GE', 'T /sty', 'le.css HT', 'TP/1.1\r', '\nHost: lo', 'calhost\r\n', '\r', '\n'],
    delayMs: 15,
    statuses: [200],
    check: bodyIs('style.css', 'text/css; charset=utf-8'),
  },
  {
    id: 'connection-close',
    group: 'keep-alive',
    kind: 'behaviour',
    send: get('/', 'Connection: close\r\n') + get('/style.css'),
    statuses: [200],
    closes: true,
    check: (ex) => {
      expect(first(ex).headers.connection?.toLowerCase()).toBe('close');
      expect(ex.responses.length).toBe(1); // nothing after a Connection: close request is answered
    },
  },
  {
    id: 'http10-closes',
    group: 'http/1.0',
    kind: 'behaviour',
    send: 'GET / HTTP/1.0\r\n\r\n',
    statuses: [200],
    closes: true,
    check: bodyIs('index.html', HTML),
  },
  {
    id: 'http10-keep-alive',
    group: 'http/1.0',
    kind: 'behaviour',
    send: 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /style.css HTTP/1.0\r\n\r\n',
    statuses: [200, 200],
    closes: true,
    check: (ex, { keepAlive }) => {
      if (keepAlive) {
        expect(first(ex).headers.connection?.toLowerCase()).toBe('keep-alive');
        expect(ex.closed).toBe(true); // the second request did not ask to stay open
      }
    },
  },

  // ---- request bodies are framed, never read as requests ----
  {
    id: 'content-length-body-skipped',
    group: 'bodies',
    kind: 'behaviour',
    send: `GET / HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhello` + get('/style.css'),
    statuses: [200, 200],
    check: (ex, { keepAlive }) => {
      if (keepAlive) expect(ex.responses[1]!.headers['content-type']).toBe('text/css; charset=utf-8');
    },
  },
  {
    id: 'body-that-looks-like-a-request',
    group: 'bodies',
    kind: 'behaviour',
    send: `GET / HTTP/1.1\r\n${H}Content-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}` + get('/style.css'),
    statuses: [200, 200],
    check: (ex) => {
      expect(ex.responses.map((r) => r.status)).not.toContain(404);
    },
  },
  {
    id: 'chunked-body-skipped',
    group: 'bodies',
    kind: 'behaviour',
    send:
      `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n` +
      get('/style.css'),
    statuses: [200, 200],
  },
  {
    id: 'chunked-body-split',
    group: 'bodies',
    kind: 'behaviour',
    send: [
      `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\r`,
      '\nhel',
      'lo\r\n0\r',
      '\n\r\n',
      get('/style.css'),
    ],
    delayMs: 15,
    statuses: [200, 200],
  },
  {
    id: 'post-body-then-request',
    group: 'bodies',
    kind: 'behaviour',
    send: `POST / HTTP/1.1\r\n${H}Content-Length: 11\r\n\r\nhello=world` + get('/'),
    statuses: [405, 200],
  },

  // ---- malformed input: 400 and close ----
  bad('missing-host', 'GET / HTTP/1.1\r\n\r\n'),
  bad('repeated-host', `GET / HTTP/1.1\r\n${H}${H}\r\n`),
  bad('request-line-two-parts', `GET /\r\n${H}\r\n`),
  bad('request-line-double-space', `GET  / HTTP/1.1\r\n${H}\r\n`),
  bad('request-line-tab', `GET\t/ HTTP/1.1\r\n${H}\r\n`),
  bad('request-line-trailing-space', `GET / HTTP/1.1 \r\n${H}\r\n`),
  bad('target-relative', `GET index.html HTTP/1.1\r\n${H}\r\n`),
  bad('target-raw-space', `GET /a b HTTP/1.1\r\n${H}\r\n`),
  bad('target-non-ascii', Buffer.from(`GET /\xff HTTP/1.1\r\n${H}\r\n`, 'latin1')),
  bad('version-lowercase', `GET / http/1.1\r\n${H}\r\n`),
  bad('version-garbage', `GET / HTTP/1.x\r\n${H}\r\n`),
  bad('space-before-colon', `GET / HTTP/1.1\r\n${H}X-Test : 1\r\n\r\n`),
  bad('obs-fold', `GET / HTTP/1.1\r\n${H}X-Test: a\r\n  folded\r\n\r\n`),
  bad('bare-cr-in-value', `GET / HTTP/1.1\r\n${H}X-Test: a\rb\r\n\r\n`),
  bad('nul-in-value', `GET / HTTP/1.1\r\n${H}X-Test: a\0b\r\n\r\n`),
  bad('ctl-in-value', `GET / HTTP/1.1\r\n${H}X-Test: a\x01b\r\n\r\n`),
  bad('bare-lf-line', `GET / HTTP/1.1\n${H}\r\n`),
  bad('header-no-colon', `GET / HTTP/1.1\r\n${H}NoColonHere\r\n\r\n`),
  bad('header-empty-name', `GET / HTTP/1.1\r\n${H}: value\r\n\r\n`),
  bad('header-invalid-name', `GET / HTTP/1.1\r\n${H}X(Test): 1\r\n\r\n`),
  bad('host-with-space', 'GET / HTTP/1.1\r\nHost: local host\r\n\r\n'),
  bad(
    'cl-and-te',
    `GET / HTTP/1.1\r\n${H}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'cl-repeated',
    `GET / HTTP/1.1\r\n${H}Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello`,
    400,
    'smuggling',
  ),
  bad('cl-list', `GET / HTTP/1.1\r\n${H}Content-Length: 5, 5\r\n\r\nhello`, 400, 'smuggling'),
  bad('cl-plus-sign', `GET / HTTP/1.1\r\n${H}Content-Length: +5\r\n\r\nhello`, 400, 'smuggling'),
  bad('cl-negative', `GET / HTTP/1.1\r\n${H}Content-Length: -1\r\n\r\n`, 400, 'smuggling'),
  bad('cl-hex', `GET / HTTP/1.1\r\n${H}Content-Length: 0x5\r\n\r\nhello`, 400, 'smuggling'),
  bad('cl-exponent', `GET / HTTP/1.1\r\n${H}Content-Length: 1e1\r\n\r\n`, 400, 'smuggling'),
  bad(
    'cl-overflow',
    `GET / HTTP/1.1\r\n${H}Content-Length: 99999999999999999999999\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad('cl-empty', `GET / HTTP/1.1\r\n${H}Content-Length:\r\n\r\n`, 400, 'smuggling'),
  bad(
    'te-not-chunked-last',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, gzip\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'te-chunked-twice',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'te-unknown-coding',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: foo, chunked\r\n\r\n0\r\n\r\n`,
    501,
    'smuggling',
  ),
  bad('te-on-http10', `GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, 400, 'smuggling'),
  bad(
    'chunk-size-not-hex',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'chunk-size-empty',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'chunk-data-too-long',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'chunk-line-bare-lf',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad(
    'chunk-size-overflow',
    `GET / HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n0\r\n\r\n`,
    400,
    'smuggling',
  ),
  bad('version-2', `GET / HTTP/2.0\r\n${H}\r\n`, 505, 'versions'),
  bad('version-1-2', `GET / HTTP/1.2\r\n${H}\r\n`, 505, 'versions'),
  bad('version-0-9', `GET / HTTP/0.9\r\n${H}\r\n`, 505, 'versions'),
  bad(
    'garbage',
    Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n', 'latin1'),
  ),

  // ---- limits ----
  bad('target-too-long', get('/' + 'a'.repeat(8 * 1024 + 10)), 414, 'limits'),
  bad('headers-too-large', get('/', `X-Big: ${'b'.repeat(17 * 1024)}\r\n`), 431, 'limits'),
  bad(
    'too-many-headers',
    get('/', Array.from({ length: 101 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')),
    431,
    'limits',
  ),
  {
    id: 'many-headers-allowed',
    group: 'limits',
    kind: 'behaviour',
    send: get('/', Array.from({ length: 90 }, (_, i) => `X-H${i}: ${i}\r\n`).join('')),
    statuses: [200],
  },
  {
    id: 'long-target-allowed',
    group: 'limits',
    kind: 'behaviour',
    send: get(`/index.html?${'q'.repeat(4000)}`),
    statuses: [200],
  },

  // ---- traversal: never leave the root ----
  ...[
    '/../secret.txt',
    '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/etc/passwd',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/docs/../../secret.txt',
    '/docs/%2e%2e/%2e%2e/secret.txt',
    '/..%5csecret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%c0%ae%c0%ae%c0%afsecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/leak.txt',
    '/up/secret.txt',
    '/up/root/index.html/../../secret.txt',
    '/.hidden',
    '/%2ehidden',
    '/secret.txt%00.html',
    '/index.html%00',
    '//secret.txt',
    'http://localhost/../secret.txt',
  ].map(
    (path, i): Case => ({
      id: `traversal-${i + 1}`,
      group: 'traversal',
      kind: 'behaviour',
      send: `GET ${path} HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
      statuses: [],
      check: noLeak,
    }),
  ),
  {
    id: 'traversal-backslash',
    group: 'traversal',
    kind: 'parser',
    send: `GET /..\\secret.txt HTTP/1.1\r\n${H}Connection: close\r\n\r\n`,
    statuses: [],
    check: noLeak,
  },

  // ---- conditional and range requests (the ETag and dates come from the file on disk) ----
  {
    id: 'if-modified-since-future-304',
    group: 'conditional',
    kind: 'behaviour',
    send: get('/', 'If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n'),
    statuses: [304],
    check: (ex) => {
      expect(first(ex).body.length).toBe(0);
      expect(first(ex).headers.etag).toBeDefined();
    },
  },
  {
    id: 'if-modified-since-past-200',
    group: 'conditional',
    kind: 'behaviour',
    send: get('/', 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n'),
    statuses: [200],
  },
  {
    id: 'if-modified-since-garbage-200',
    group: 'conditional',
    kind: 'behaviour',
    send: get('/', 'If-Modified-Since: yesterday\r\n'),
    statuses: [200],
  },
  {
    id: 'if-none-match-star-304',
    group: 'conditional',
    kind: 'behaviour',
    send: get('/', 'If-None-Match: *\r\n'),
    statuses: [304],
  },
  {
    id: 'if-none-match-other-200',
    group: 'conditional',
    kind: 'behaviour',
    send: get('/', 'If-None-Match: "nope"\r\n'),
    statuses: [200],
  },
  {
    id: 'if-none-match-wins-over-date',
    group: 'conditional',
    kind: 'behaviour',
    send: get('/', 'If-None-Match: "nope"\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n'),
    statuses: [200],
  },
  {
    id: 'range-first-bytes',
    group: 'range',
    kind: 'behaviour',
    send: get('/index.html', 'Range: bytes=0-9\r\n'),
    statuses: [206],
    check: (ex, { site }) => {
      const r = first(ex);
      const file = site.file('index.html');
      expect(r.headers['content-range']).toBe(`bytes 0-9/${file.length}`);
      expect(r.body.equals(file.subarray(0, 10))).toBe(true);
    },
  },
  {
    id: 'range-suffix',
    group: 'range',
    kind: 'behaviour',
    send: get('/index.html', 'Range: bytes=-20\r\n'),
    statuses: [206],
    check: (ex, { site }) => {
      const file = site.file('index.html');
      expect(first(ex).headers['content-range']).toBe(
        `bytes ${file.length - 20}-${file.length - 1}/${file.length}`,
      );
      expect(first(ex).body.equals(file.subarray(file.length - 20))).toBe(true);
    },
  },
  {
    id: 'range-open-end-large-file',
    group: 'range',
    kind: 'behaviour',
    send: get('/assets/1mib.bin', 'Range: bytes=1048000-\r\n'),
    statuses: [206],
    check: (ex, { site }) => {
      expect(first(ex).headers['content-range']).toBe('bytes 1048000-1048575/1048576');
      expect(first(ex).body.equals(site.file('assets/1mib.bin').subarray(1048000))).toBe(true);
    },
  },
  {
    id: 'range-unsatisfiable-416',
    group: 'range',
    kind: 'behaviour',
    send: get('/index.html', 'Range: bytes=999999-\r\n'),
    statuses: [416],
    check: (ex, { site }) =>
      expect(first(ex).headers['content-range']).toBe(`bytes */${site.file('index.html').length}`),
  },
  {
    id: 'range-invalid-ignored',
    group: 'range',
    kind: 'behaviour',
    send: get('/index.html', 'Range: bytes=9-1\r\n'),
    statuses: [200],
    check: bodyIs('index.html', HTML),
  },

  // ---- a large file, byte-exact ----
  {
    id: 'large-file-exact',
    group: 'basics',
    kind: 'behaviour',
    send: get('/assets/1mib.bin'),
    statuses: [200],
    check: bodyIs('assets/1mib.bin', 'application/octet-stream'),
  },
  {
    // Large bodies leave as their own buffer, shared between responses: a transport that consumes or
    // detaches it breaks every later response of the same file.
    id: 'large-file-twice-keep-alive',
    group: 'keep-alive',
    kind: 'behaviour',
    send: get('/assets/1mib.bin') + get('/assets/1mib.bin'),
    statuses: [200, 200],
    check: (ex, { site, keepAlive }) => {
      const file = site.file('assets/1mib.bin');
      for (const r of keepAlive ? ex.responses : ex.responses.slice(0, 1))
        expect(r.body.equals(file)).toBe(true);
    },
  },
];
