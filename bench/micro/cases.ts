// The core's hot functions, each with an input typical of the bench's load: what a server does per request.

import { nodeFileSystem } from '../../servers/adapter/node/fs.ts';
import { type Answer, type Question, Site } from '../../servers/core/answer.ts';
import { parseRequestHead } from '../../servers/core/parser.ts';
import { resolveTarget } from '../../servers/core/path.ts';
import { encodeHead, KEEP_ALIVE_11, serialize } from '../../servers/core/wire.ts';
import { DEFAULT_ROOT } from '../../servers/launch.ts';

export interface MicroCase {
  readonly name: string;
  /** Operations per call of run(): tiny functions are repeated so the timer's resolution does not matter. */
  readonly batch: number;
  readonly run: () => unknown;
  /** Work done once before timing (loading the file table). */
  readonly setup?: () => Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);

const BROWSER_REQUEST = bytes(
  'GET /docs/index.html HTTP/1.1\r\n' +
    'Host: 127.0.0.1:7890\r\n' +
    'Connection: keep-alive\r\n' +
    'sec-ch-ua: "Chromium";v="130", "Not?A_Brand";v="99"\r\n' +
    'sec-ch-ua-mobile: ?0\r\n' +
    'sec-ch-ua-platform: "Linux"\r\n' +
    'Upgrade-Insecure-Requests: 1\r\n' +
    'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36\r\n' +
    'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\n' +
    'Sec-Fetch-Site: none\r\n' +
    'Sec-Fetch-Mode: navigate\r\n' +
    'Sec-Fetch-User: ?1\r\n' +
    'Sec-Fetch-Dest: document\r\n' +
    'Accept-Encoding: gzip, deflate, br, zstd\r\n' +
    'Accept-Language: en-GB,en;q=0.9\r\n' +
    'If-None-Match: "a1b2c3-4d5e"\r\n' +
    '\r\n',
);

const MANY_HEADERS_REQUEST = bytes(
  'GET /style.css HTTP/1.1\r\nHost: localhost\r\n' +
    Array.from({ length: 60 }, (_, i) => `X-Custom-Header-${i}: value-${i}-${'v'.repeat(20)}\r\n`).join('') +
    '\r\n',
);

const PIPELINED_COUNT = 16;
const PIPELINED_BATCH = bytes('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(PIPELINED_COUNT));

function parsePipelined(): number {
  let at = 0;
  let parsed = 0;
  while (at < PIPELINED_BATCH.length) {
    const result = parseRequestHead(PIPELINED_BATCH, at, PIPELINED_BATCH.length);
    if (result.kind !== 'head') throw new Error(`pipelined batch: ${result.kind}`);
    at += result.consumed;
    parsed++;
  }
  return parsed;
}

const OK_ANSWER: Answer = {
  status: 200,
  headers: [
    ['Content-Type', 'text/html; charset=utf-8'],
    ['Content-Length', '3709'],
    ['Last-Modified', 'Thu, 27 Nov 2026 10:18:00 GMT'],
    ['ETag', '"e7d-19ac4c"'],
    ['Accept-Ranges', 'bytes'],
  ],
  body: null,
  wire: null,
};
const DATE = 'Thu, 27 Nov 2026 10:30:00 GMT';

// A clock that never moves keeps every file-table entry fresh, so answer() stays on its synchronous path;
// no background re-check either, so nothing but the measured work runs.
const site = new Site(nodeFileSystem, DEFAULT_ROOT, { now: () => 0, revalidateMs: 0 });
const INDEX_QUESTION: Question = {
  method: 'GET',
  target: '/',
  ifNoneMatch: null,
  ifModifiedSince: null,
  range: null,
};

function parseOrThrow(request: Uint8Array) {
  const result = parseRequestHead(request, 0, request.length);
  if (result.kind !== 'head') throw new Error(`expected a head, got ${result.kind}`);
  return result;
}

export const MICRO_CASES: readonly MicroCase[] = [
  { name: 'parse a typical browser request', batch: 100, run: () => parseOrThrow(BROWSER_REQUEST) },
  { name: 'parse a request with 60 headers', batch: 20, run: () => parseOrThrow(MANY_HEADERS_REQUEST) },
  { name: `parse a pipelined batch of ${PIPELINED_COUNT} requests`, batch: 10, run: parsePipelined },
  {
    name: 'resolve a path with %20 and ..',
    batch: 100,
    run: () => resolveTarget('/docs/a%20b/../index.html?x=1'),
  },
  { name: 'build a response head', batch: 100, run: () => encodeHead(OK_ANSWER, KEEP_ALIVE_11, DATE) },
  { name: 'serialize a cached response', batch: 100, run: () => serialize(OK_ANSWER, KEEP_ALIVE_11) },
  {
    name: 'answer GET / from the file table',
    batch: 100,
    setup: async () => {
      await site.answer(INDEX_QUESTION);
    },
    run: () => {
      const answer = site.answer(INDEX_QUESTION);
      if (answer instanceof Promise) throw new Error('the file table missed');
      return answer;
    },
  },
];
