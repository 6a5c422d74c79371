// One HTTP/1.1 connection as the core's state machine sees it: bytes in through onData, bytes out through
// the Transport. connection.ts defines that interface and each adapter implements it (node:net's
// socket-transport.ts, Bun.listen's, Deno.listen's, the worker threads' messages); here a recording one
// implements it, over a real Site on real files in a temporary folder. The clock is vitest's: Date and
// setInterval are faked, so every deadline is exact and the sweep runs only when a test moves time on;
// file reads and promises are real.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { nodeFileSystem } from '../../servers/adapter/node/fs.ts';
import { type Answer, errorAnswer, type Question, Site } from '../../servers/core/answer.ts';
import {
  type ConnectionConfig,
  Connections,
  connectionConfig,
  HIGH_WATER_BYTES,
  type HttpConnection,
  LINGER_MS,
  sweepPeriodMs,
  type Transport,
} from '../../servers/core/connection.ts';
import { PIECE_BYTES } from '../../servers/core/file-body.ts';
import type { FileSystem, OpenFile } from '../../servers/core/files.ts';
import { MAX_CACHED_FILE } from '../../servers/core/files.ts';

const T0 = Date.UTC(2024, 0, 10, 10, 10, 10);
const IDLE_MS = 5000;
const HEADER_MS = 10_000;
const INDEX = '<h1>hi</h1>';
/** Sent from disk, in PIECES pieces, the last of 5 bytes. */
const BIG_SIZE = MAX_CACHED_FILE + 2 * PIECE_BYTES + 5;
const PIECES = Math.ceil(BIG_SIZE / PIECE_BYTES);
/** Kept in memory, but too large to join to its head: a head and a body. */
const MID_SIZE = 100 * 1024;

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** A Transport that keeps a copy of everything written, and answers write() from a script. */
class Recorder implements Transport {
  readonly writes: string[] = [];
  /** What end() was given: null for nothing, undefined before end(). */
  endedWith: string | null | undefined = undefined;
  ends = 0;
  destroyed = false;
  /** What the next writes return (true once the script runs out). */
  readonly room: boolean[] = [];
  held = 0;

  write(bytes: Uint8Array): boolean {
    this.writes.push(latin1(bytes));
    return this.room.shift() ?? true;
  }
  end(last?: Uint8Array): void {
    this.ends++;
    this.endedWith = last === undefined ? null : latin1(last);
  }
  destroy(): void {
    this.destroyed = true;
  }
  heldBytes(): number {
    return this.held;
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }
  /** Everything sent, the Date fields taken out. */
  get sent(): string {
    return (this.writes.join('') + (this.endedWith ?? '')).replace(/Date: [^\r]*\r\n/g, '');
  }
  get statuses(): number[] {
    return [...this.sent.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
  }
}

let dir: string;
let site: Site;
let connections: Connections;
const opened: HttpConnection[] = [];
let logged: string[];
let big: Buffer;

function open(config: Partial<ConnectionConfig> = {}, remote = () => '127.0.0.1:4242') {
  const base = connectionConfig(site, { idleTimeoutMs: IDLE_MS, headerTimeoutMs: HEADER_MS }, (line) => {
    logged.push(line);
  });
  connections = new Connections({ ...base, ...config });
  const t = new Recorder();
  const conn = connections.open(t, remote);
  opened.push(conn);
  return { t, conn };
}

const send = (conn: HttpConnection, s: string, borrowed = false): void =>
  conn.onData(Buffer.from(s, 'latin1'), borrowed);

const GET = (path = '/', more = ''): string => `GET ${path} HTTP/1.1\r\nHost: x\r\n${more}\r\n`;

/** Lets real I/O and promises run until `done` holds, for up to 10 s of real time (Date stands still). */
async function until(done: () => boolean): Promise<void> {
  const started = performance.now();
  while (!done() && performance.now() - started < 10_000) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
}

const question = (target: string): Question => ({
  method: 'GET',
  target,
  ifNoneMatch: null,
  ifModifiedSince: null,
  range: null,
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'connection-'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'mid.bin'), Buffer.alloc(MID_SIZE, 0x6d));
  big = Buffer.alloc(BIG_SIZE);
  for (let i = 0; i + 4 <= BIG_SIZE; i += 4) big.writeUInt32LE(i, i);
  writeFileSync(join(dir, 'big.bin'), big);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(T0);
  logged = [];
  // The file table's own clock stands still, so that the entries it has stay fresh however the tests
  // move Date on.
  site = new Site(nodeFileSystem, dir, { revalidateMs: 0, now: () => T0 });
  // Looked up once, so that their answers are ready at once.
  for (const path of ['/', '/mid.bin', '/big.bin', '/nope']) await site.answer(question(path));
});

afterEach(async () => {
  for (const conn of opened.splice(0)) conn.onClosed();
  await connections?.shutdown();
  site.close();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const OK_INDEX = (connection = ''): string =>
  'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 11\r\n' +
  `Last-Modified: ${(site.files.lookup('/') as { lastModified: string }).lastModified}\r\n` +
  `ETag: ${(site.files.lookup('/') as { etag: string }).etag}\r\nAccept-Ranges: bytes\r\n${connection}\r\n${INDEX}`;

describe('requests and answers', () => {
  test('a GET is answered in one write, and the connection stays open', () => {
    const { t, conn } = open();
    send(conn, GET());
    expect(t.writes).toHaveLength(1);
    expect(t.sent).toBe(OK_INDEX());
    expect(t.ended).toBe(false);
    expect(conn.closed).toBe(false);
  });

  test('a request in pieces is answered once its head is whole', () => {
    const { t, conn } = open();
    send(conn, 'GET / HTTP/1.1\r\nHo');
    send(conn, 'st: x\r\n');
    expect(t.writes).toEqual([]);
    send(conn, '\r\n');
    expect(t.statuses).toEqual([200]);
  });

  test('a borrowed buffer may be reused by the caller: the part of a request kept is a copy', () => {
    const { t, conn } = open();
    const chunk = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n', 'latin1');
    conn.onData(chunk, true);
    chunk.fill(0x58); // the caller reads its next bytes into the same buffer
    send(conn, '\r\n');
    expect(t.statuses).toEqual([200]);
  });

  test('a borrowed buffer whose bytes were all used keeps nothing', () => {
    const { t, conn } = open();
    const chunk = Buffer.from(GET() + GET(), 'latin1');
    conn.onData(chunk, true);
    chunk.fill(0x58);
    send(conn, GET());
    expect(t.statuses).toEqual([200, 200, 200]);
  });

  test('a buffer that is not borrowed is kept as it is: the caller promised not to reuse it', () => {
    const { t, conn } = open();
    const chunk = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n', 'latin1');
    conn.onData(chunk);
    chunk.fill(0x58);
    send(conn, '\r\n');
    expect(t.statuses).toEqual([400]); // it read the caller's new bytes: so it did not copy
  });

  test('the tail of a request joined to bytes kept from before', () => {
    const { t, conn } = open();
    send(conn, 'GET / HT');
    const rest = Buffer.from('TP/1.1\r\nHost: x\r\n\r\nGET /mid', 'latin1');
    conn.onData(rest, true);
    rest.fill(0x58);
    send(conn, '.bin HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(t.statuses).toEqual([200, 200]);
    expect(t.sent).toContain(`Content-Length: ${MID_SIZE}`);
  });

  test('an empty read is no sign of life: the idle deadline stays', () => {
    const { t, conn } = open();
    send(conn, GET());
    vi.setSystemTime(T0 + 3000);
    conn.onData(new Uint8Array(0));
    conn.tick(T0 + IDLE_MS, false);
    expect(t.endedWith).toBeNull();
  });

  test('nothing, or bytes after the end, are ignored', () => {
    const { t, conn } = open();
    conn.onData(new Uint8Array(0));
    expect(t.writes).toEqual([]);
    send(conn, GET('/', 'Connection: close\r\n'));
    send(conn, GET());
    expect(t.statuses).toEqual([200]);
  });

  test('pipelined requests are answered in order', () => {
    const { t, conn } = open();
    send(conn, GET('/mid.bin') + GET('/') + GET('/nope'));
    expect(t.statuses).toEqual([200, 200, 404]);
    expect(t.sent.indexOf(INDEX)).toBeLessThan(t.sent.indexOf('404 Not Found'));
  });

  test('a request whose answer waits for the disk holds the ones behind it, in order', async () => {
    writeFileSync(join(dir, 'cold.txt'), 'cold');
    const { t, conn } = open();
    send(conn, GET('/cold.txt') + GET('/'));
    expect(t.writes).toEqual([]);
    await until(() => t.statuses.length === 2);
    expect(t.statuses).toEqual([200, 200]);
    expect(t.sent.indexOf('cold')).toBeLessThan(t.sent.indexOf(INDEX));
  });

  test('a body (Content-Length) is read and dropped before the answer, in pieces too', () => {
    const { t, conn } = open();
    send(conn, `${GET('/', 'Content-Length: 10\r\n')}GET / HTT`);
    expect(t.writes).toEqual([]);
    send(conn, `P/1.1${GET('/mid.bin').slice(3)}`);
    // The 10 bytes "GET / HTTP" were the body; "/1.1GET /mid.bin ..." is no request: 400.
    expect(t.statuses).toEqual([200, 400]);
  });

  test('a body in several reads is counted down across them', () => {
    const { t, conn } = open();
    send(conn, `${GET('/', 'Content-Length: 6\r\n')}abc`);
    send(conn, 'de');
    expect(t.writes).toEqual([]);
    send(conn, `f${GET('/mid.bin')}`);
    expect(t.statuses).toEqual([200, 200]);
  });

  test('a chunked body is read to its end before the answer', () => {
    const { t, conn } = open();
    send(conn, `${GET('/', 'Transfer-Encoding: chunked\r\n')}5\r\nhel`);
    expect(t.writes).toEqual([]);
    send(conn, `lo\r\n0\r\n\r\n${GET('/mid.bin')}`);
    expect(t.statuses).toEqual([200, 200]);
  });

  test('a chunked body with bad framing: 400 and close', () => {
    const { t, conn } = open();
    send(conn, `${GET('/', 'Transfer-Encoding: chunked\r\n')}zz\r\n${GET()}`);
    expect(t.statuses).toEqual([400]);
    expect(t.sent).toContain('Connection: close\r\n');
    expect(t.ended).toBe(true);
  });

  test('a malformed head: 400 with Connection: close, sent with the FIN', () => {
    const { t, conn } = open();
    send(conn, `GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n${GET()}`);
    expect(t.writes).toEqual([]);
    expect(t.endedWith).toContain('HTTP/1.1 400 Bad Request\r\n');
    expect(t.endedWith).toContain('Connection: close\r\n');
    expect(conn.closed).toBe(true);
  });

  test('Connection: close is answered with it, then the connection ends', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    expect(t.writes).toEqual([]);
    expect(t.sent).toBe(OK_INDEX('Connection: close\r\n'));
  });

  test('Connection: close on an answer of two parts: the head written, the body sent with the FIN', () => {
    const { t, conn } = open();
    send(conn, GET('/mid.bin', 'Connection: close\r\n'));
    expect(t.writes).toHaveLength(1);
    expect(t.writes[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n\r\n$/);
    expect(t.endedWith).toBe('m'.repeat(MID_SIZE));
  });

  test('an answer of two parts on a kept connection is two writes', () => {
    const { t, conn } = open();
    send(conn, GET('/mid.bin'));
    expect(t.writes).toHaveLength(2);
    expect(t.writes[1]).toBe('m'.repeat(MID_SIZE));
    expect(t.ended).toBe(false);
  });

  test('HTTP/1.0: closed unless it asks to be kept, and then told so', () => {
    const plain = open();
    send(plain.conn, 'GET / HTTP/1.0\r\n\r\n');
    expect(plain.t.endedWith).toContain('Connection: close\r\n');
    const kept = open();
    send(kept.conn, 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    expect(kept.t.sent).toContain('Connection: keep-alive\r\n');
    expect(kept.t.ended).toBe(false);
  });

  test('a server of one request per connection (sequential) closes after the first', () => {
    const { t, conn } = open({ singleRequest: true });
    send(conn, GET() + GET());
    expect(t.statuses).toEqual([200]);
    expect(t.endedWith).toContain('Connection: close\r\n');
  });

  test('a site that throws answers 500 rather than losing the connection', () => {
    class Broken extends Site {
      override answer(): Answer | Promise<Answer> {
        throw new Error('a bug');
      }
    }
    const broken = new Broken(nodeFileSystem, dir, { revalidateMs: 0, now: () => T0 });
    const { t, conn } = open({ site: broken });
    send(conn, GET() + GET());
    expect(t.statuses).toEqual([500, 500]);
    expect(t.ended).toBe(false);
  });

  test('an answer that fails while waiting for the disk is a 500, and the next request is answered', async () => {
    class Failing extends Site {
      override answer(q: Question): Answer | Promise<Answer> {
        return q.target === '/fails' ? Promise.reject(new Error('EIO')) : super.answer(q);
      }
    }
    const failing = new Failing(nodeFileSystem, dir, { revalidateMs: 0, now: () => T0 });
    await failing.answer(question('/'));
    const { t, conn } = open({ site: failing });
    send(conn, GET('/fails') + GET());
    await until(() => t.statuses.length === 2);
    expect(t.statuses).toEqual([500, 200]);
    expect(t.sent).toContain(errorAnswer(500).headers[1]![1]);
  });
});

describe('the access log', () => {
  test('one line per answer: peer, request line, status, bytes of the body', () => {
    const { conn } = open();
    send(conn, `${GET()}HEAD /mid.bin HTTP/1.0\r\n\r\n`);
    expect(logged).toEqual([
      '127.0.0.1:4242 "GET / HTTP/1.1" 200 11',
      '127.0.0.1:4242 "HEAD /mid.bin HTTP/1.0" 200 0',
    ]);
  });

  test('an answer to no request (malformed) logs "-"', () => {
    const { conn } = open();
    send(conn, 'BAD\r\n\r\n');
    expect(logged).toEqual([`127.0.0.1:4242 - 400 ${(errorAnswer(400).body as Uint8Array).length}`]);
  });

  test('without a log, the peer address (a system call) is never asked for', () => {
    let asked = 0;
    const { t, conn } = open({ log: null }, () => {
      asked++;
      return '?';
    });
    send(conn, GET() + GET('/nope'));
    expect(t.statuses).toEqual([200, 404]);
    expect(asked).toBe(0);
  });
});

describe('timeouts', () => {
  test('a client that connects and says nothing is closed at the header timeout, without an answer', () => {
    const { t, conn } = open();
    conn.tick(T0 + HEADER_MS - 1, false);
    expect(t.ended).toBe(false);
    conn.tick(T0 + HEADER_MS, false);
    expect(t.endedWith).toBeNull();
  });

  test('a head still incomplete at the header timeout: 408 and close (RFC 9110 §15.5.9)', () => {
    const { t, conn } = open();
    vi.setSystemTime(T0 + 1000);
    send(conn, 'GET / HTTP/1.1\r\n');
    vi.setSystemTime(T0 + 3000);
    send(conn, 'Host: x\r\n'); // more of the same head: its deadline stays where the head began
    conn.tick(T0 + 1000 + HEADER_MS - 1, false);
    expect(t.ended).toBe(false);
    conn.tick(T0 + 1000 + HEADER_MS, false);
    expect(t.endedWith).toContain('HTTP/1.1 408 Request Timeout\r\n');
    expect(t.endedWith).toContain('Connection: close\r\n');
  });

  test('after an answer, the idle timeout; a new request starts from it', () => {
    const { t, conn } = open();
    vi.setSystemTime(T0 + 2000);
    send(conn, GET());
    conn.tick(T0 + 2000 + IDLE_MS - 1, false);
    expect(t.ended).toBe(false);
    conn.tick(T0 + 2000 + IDLE_MS, false);
    expect(t.endedWith).toBeNull();
    expect(t.statuses).toEqual([200]);
  });

  test('the header timeout of a head begun after an answer replaces the idle one', () => {
    const { t, conn } = open({ idleTimeoutMs: 100 });
    send(conn, GET());
    vi.setSystemTime(T0 + 50);
    send(conn, 'GET / HTTP/1.1\r\n');
    conn.tick(T0 + 50 + HEADER_MS - 1, false);
    expect(t.ended).toBe(false);
    conn.tick(T0 + 50 + HEADER_MS, false);
    expect(t.statuses).toEqual([200, 408]);
  });

  test('a body gets one header timeout in all, then the connection is closed', () => {
    const { t, conn } = open();
    vi.setSystemTime(T0 + 500);
    send(conn, `${GET('/', 'Content-Length: 100\r\n')}abc`);
    vi.setSystemTime(T0 + 9000);
    send(conn, 'def'); // a trickle does not move the deadline
    conn.tick(T0 + 500 + HEADER_MS - 1, false);
    expect(t.ended).toBe(false);
    conn.tick(T0 + 500 + HEADER_MS, false);
    expect(t.endedWith).toBeNull();
    expect(t.writes).toEqual([]);
  });

  test('a socket gone while its answer waits for the disk gets nothing written', async () => {
    writeFileSync(join(dir, 'too-late.txt'), 'too late');
    const { t, conn } = open();
    send(conn, GET('/too-late.txt') + GET());
    conn.onClosed();
    const answered = Promise.resolve(site.answer(question('/too-late.txt')));
    await answered;
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(t.writes).toEqual([]);
    expect(t.ended).toBe(false);
  });

  test('nothing times out while an answer waits for the disk', async () => {
    writeFileSync(join(dir, 'slow.txt'), 'slow');
    const { t, conn } = open();
    send(conn, GET('/slow.txt'));
    conn.tick(T0 + HEADER_MS + IDLE_MS, false);
    expect(t.ended).toBe(false);
    await until(() => t.statuses.length === 1);
    expect(t.statuses).toEqual([200]);
  });

  test('once closed, the socket lingers for the peer to close it, then is destroyed and forgotten', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    expect(connections.size).toBe(1);
    conn.tick(T0 + LINGER_MS - 1, false);
    expect(t.destroyed).toBe(false);
    conn.tick(T0 + LINGER_MS, false);
    expect(t.destroyed).toBe(true);
    expect(connections.size).toBe(0);
  });

  test('while the server stops, a lingering socket gets 300 ms at most', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    conn.tick(T0 + 100, true); // the first stopping tick fixes the deadline at 400
    conn.tick(T0 + 399, true);
    expect(t.destroyed).toBe(false);
    conn.tick(T0 + 400, true);
    expect(t.destroyed).toBe(true);
  });

  test('while the server stops, a socket about to be destroyed anyway keeps its nearer deadline', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    conn.tick(T0 + LINGER_MS - 100, true); // 300 ms more would be later than the linger
    conn.tick(T0 + LINGER_MS - 1, true);
    expect(t.destroyed).toBe(false);
    conn.tick(T0 + LINGER_MS, true);
    expect(t.destroyed).toBe(true);
  });

  test('a socket gone is forgotten at once, and the sweep leaves it alone', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    conn.onClosed();
    conn.onClosed();
    expect(connections.size).toBe(0);
    vi.advanceTimersByTime(LINGER_MS + 1000);
    expect(t.destroyed).toBe(false);
  });
});

describe('the peer closing its side (half-close)', () => {
  test('with nothing asked, the connection closes', () => {
    const { t, conn } = open();
    conn.onEnd();
    expect(t.endedWith).toBeNull();
  });

  test('the requests already received are answered, then it closes', () => {
    const { t, conn } = open();
    send(conn, GET('/mid.bin') + GET());
    conn.onEnd();
    expect(t.statuses).toEqual([200, 200]);
    expect(t.ended).toBe(true);
  });

  test('a request whose answer waits for the disk is answered first', async () => {
    writeFileSync(join(dir, 'later.txt'), 'later');
    const { t, conn } = open();
    send(conn, GET('/later.txt'));
    conn.onEnd();
    expect(t.ended).toBe(false);
    await until(() => t.ended);
    expect(t.statuses).toEqual([200]);
  });

  test('a request that arrives whole with the FIN is answered with close', () => {
    const { t, conn } = open();
    send(conn, 'GET / HTTP/1.1\r\nHost: x\r\n');
    conn.onEnd();
    expect(t.ended).toBe(true);
    expect(t.writes).toEqual([]); // the head never ended: nothing to answer
  });

  test('after the end, nothing ends it again: not onEnd, shutdown, a drain or a timeout', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    conn.onEnd();
    conn.shutdown();
    conn.onDrain();
    conn.tick(T0 + 1, false);
    expect(t.statuses).toEqual([200]);
    expect(t.ends).toBe(1);
  });

  test('requests waiting for the disk one after the other are all answered before it closes', async () => {
    writeFileSync(join(dir, 'first.txt'), 'first');
    writeFileSync(join(dir, 'second.txt'), 'second');
    const { t, conn } = open();
    send(conn, GET('/first.txt') + GET('/second.txt'));
    conn.onEnd();
    await until(() => t.ended);
    expect(t.statuses).toEqual([200, 200]);
    expect(t.sent).toContain('second');
  });
});

describe('shutting down', () => {
  test('an idle connection closes at once', () => {
    const { t, conn } = open();
    send(conn, GET());
    conn.shutdown();
    expect(t.endedWith).toBeNull();
  });

  test('a head half received is answered, with close, then the connection ends', () => {
    const { t, conn } = open();
    send(conn, 'GET / HTTP/1.1\r\n');
    conn.shutdown();
    expect(t.ended).toBe(false);
    send(conn, `Host: x\r\n\r\n${GET()}`);
    expect(t.statuses).toEqual([200]);
    expect(t.endedWith).toContain('Connection: close\r\n');
  });

  test('a body being read (by length or chunked) is read to its end and answered', () => {
    const byLength = open();
    send(byLength.conn, `${GET('/', 'Content-Length: 4\r\n')}ab`);
    byLength.conn.shutdown();
    expect(byLength.t.ended).toBe(false);
    send(byLength.conn, 'cd');
    expect(byLength.t.statuses).toEqual([200]);
    expect(byLength.t.ended).toBe(true);
    const chunked = open();
    send(chunked.conn, `${GET('/', 'Transfer-Encoding: chunked\r\n')}2\r\nab\r\n`);
    chunked.conn.shutdown();
    expect(chunked.t.ended).toBe(false);
    send(chunked.conn, '0\r\n\r\n');
    expect(chunked.t.statuses).toEqual([200]);
    expect(chunked.t.ended).toBe(true);
  });

  test('an answer waiting for the disk is sent, and the request received behind it, with close', async () => {
    writeFileSync(join(dir, 'last.txt'), 'last');
    const { t, conn } = open();
    send(conn, GET('/last.txt') + GET() + GET('/mid.bin'));
    conn.shutdown();
    expect(t.ended).toBe(false);
    await until(() => t.ended);
    expect(t.statuses).toEqual([200, 200]);
    expect(t.sent.split('Connection: close\r\n')).toHaveLength(2);
    expect(t.sent.endsWith(`Connection: close\r\n\r\n${INDEX}`)).toBe(true);
  });

  test('a closed connection ignores it', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    const before = t.endedWith;
    conn.shutdown();
    expect(t.endedWith).toBe(before);
  });
});

describe('flow control', () => {
  test('while the transport is full, pipelined requests wait; once it drains they are answered', () => {
    const { t, conn } = open();
    t.room.push(false);
    send(conn, GET() + GET('/mid.bin'));
    expect(t.statuses).toEqual([200]);
    conn.onDrain();
    expect(t.statuses).toEqual([200, 200]);
  });

  test('an answer of two parts is blocked by its second write', () => {
    const { t, conn } = open();
    t.room.push(true, false);
    send(conn, GET('/mid.bin') + GET());
    expect(t.statuses).toEqual([200]);
    conn.onDrain();
    expect(t.statuses).toEqual([200, 200]);
  });

  test('a drain when nothing waits, or after the end, does nothing', () => {
    const { t, conn } = open();
    conn.onDrain();
    expect(t.writes).toEqual([]);
    t.room.push(false);
    send(conn, GET('/', 'Connection: close\r\n') + GET());
    conn.onDrain();
    expect(t.statuses).toEqual([200]);
  });

  test('nothing times out while blocked on a slow reader, but the idle timeout still ends it', () => {
    const { t, conn } = open();
    t.room.push(false);
    send(conn, GET() + GET());
    conn.tick(T0 + IDLE_MS - 1, false);
    expect(t.ended).toBe(false);
    conn.tick(T0 + IDLE_MS, false);
    expect(t.endedWith).toBeNull();
  });

  test('the transports stop queueing past 1 MiB', () => {
    expect(HIGH_WATER_BYTES).toBe(1024 * 1024);
  });
});

describe('a file sent from disk', () => {
  test('the head, then the file a piece at a time, then the next request', async () => {
    const { t, conn } = open();
    send(conn, GET('/big.bin') + GET());
    await until(() => t.statuses.length === 2);
    const sent = t.sent;
    const head = sent.slice(0, sent.indexOf('\r\n\r\n') + 4);
    expect(head).toContain(`Content-Length: ${BIG_SIZE}\r\n`);
    expect(sent.slice(head.length, head.length + BIG_SIZE) === big.toString('latin1')).toBe(true);
    expect(sent.slice(head.length + BIG_SIZE)).toBe(OK_INDEX());
    expect(t.writes).toHaveLength(1 + PIECES + 1);
  });

  test('with Connection: close, the connection ends after the last byte', async () => {
    const { t, conn } = open();
    send(conn, GET('/big.bin', 'Connection: close\r\n'));
    await until(() => t.ended);
    expect(t.endedWith).toBeNull();
    expect(t.sent.length - t.sent.indexOf('\r\n\r\n') - 4).toBe(BIG_SIZE);
  });

  test('waits for the transport to drain between pieces, and reads no further meanwhile', async () => {
    const { t, conn } = open();
    t.room.push(true, false); // the head fits, the first piece fills the queue
    send(conn, GET('/big.bin'));
    await until(() => t.writes.length === 2);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(t.writes).toHaveLength(2);
    t.room.push(false);
    conn.onDrain();
    await until(() => t.writes.length === 3);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(t.writes).toHaveLength(3);
    conn.onDrain();
    await until(() => t.writes.length === 1 + PIECES);
    expect(t.sent.length - t.sent.indexOf('\r\n\r\n') - 4).toBe(BIG_SIZE);
  });

  test('a head that fills the transport waits for the drain before the first piece', async () => {
    const { t, conn } = open();
    t.room.push(false);
    send(conn, GET('/big.bin'));
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(t.writes).toHaveLength(1);
    conn.tick(T0 + IDLE_MS - 1, false); // the idle timeout runs from the head
    expect(t.destroyed).toBe(false);
    conn.onDrain();
    await until(() => t.writes.length === 1 + PIECES);
  });

  test('the pieces reuse the buffers the transport has let go of', async () => {
    const { t, conn } = open();
    t.held = 0;
    send(conn, GET('/big.bin'));
    await until(() => t.writes.length === 1 + PIECES);
    const body = t.sent.slice(t.sent.indexOf('\r\n\r\n') + 4);
    expect(body === big.toString('latin1')).toBe(true);
  });

  test('a client that reads none of it for a whole idle timeout is cut off, and it is logged', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { t, conn } = open();
    t.room.push(true, false);
    send(conn, GET('/big.bin'));
    await until(() => t.writes.length === 2);
    conn.tick(T0 + IDLE_MS - 1, false);
    expect(t.destroyed).toBe(false);
    conn.tick(T0 + IDLE_MS, false);
    expect(t.destroyed).toBe(true);
    expect(t.ended).toBe(false); // cut, not ended as if complete
    expect(connections.size).toBe(0);
    expect(error).toHaveBeenCalledWith(
      '127.0.0.1:4242 answer cut short: the client stopped reading the file sent to it',
    );
  });

  test('each piece taken by the client moves the idle deadline', async () => {
    const { t, conn } = open();
    t.room.push(true, false);
    send(conn, GET('/big.bin'));
    await until(() => t.writes.length === 2);
    vi.setSystemTime(T0 + 4000);
    t.room.push(false);
    conn.onDrain();
    await until(() => t.writes.length === 3);
    conn.tick(T0 + IDLE_MS, false);
    expect(t.destroyed).toBe(false);
    conn.tick(T0 + 4000 + IDLE_MS, false);
    expect(t.destroyed).toBe(true);
  });

  test('a client whose head alone filled the queue, and who reads nothing for a whole idle timeout, is cut off', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { t, conn } = open();
    t.room.push(false);
    send(conn, GET('/big.bin'));
    conn.tick(T0 + IDLE_MS, false);
    expect(t.destroyed).toBe(true);
  });

  test('a drain that comes while the file is on its way starts no second reading', async () => {
    const { t, conn } = open();
    send(conn, GET('/big.bin') + GET());
    conn.onDrain();
    await until(() => t.statuses.length === 2);
    const body = t.sent.slice(t.sent.indexOf('\r\n\r\n') + 4, t.sent.lastIndexOf('HTTP/1.1 200'));
    expect(body.length).toBe(BIG_SIZE);
    expect(body === big.toString('latin1')).toBe(true);
  });

  test('a client that is reading is never cut for being slow', async () => {
    const { t, conn } = open();
    send(conn, GET('/big.bin'));
    conn.tick(T0 + IDLE_MS * 10, false); // not blocked: the file is on its way
    expect(t.destroyed).toBe(false);
    await until(() => t.writes.length === 1 + PIECES);
  });

  test('a file changed while it is sent: the connection is cut, with the reason', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    writeFileSync(join(dir, 'changing.bin'), big);
    await site.answer(question('/changing.bin'));
    const { t, conn } = open();
    t.room.push(true, false);
    send(conn, GET('/changing.bin') + GET());
    await until(() => t.writes.length === 2);
    truncateSync(join(dir, 'changing.bin'), BIG_SIZE - 1);
    conn.onDrain();
    await until(() => t.destroyed);
    expect(t.ended).toBe(false);
    expect(t.statuses).toEqual([200]);
    expect(error).toHaveBeenCalledWith(
      `127.0.0.1:4242 answer cut short: ${join(dir, 'changing.bin')} changed while it was being sent`,
    );
  });

  test('a file that cannot be read any more: cut, with the error', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    // A disk that fails after the first piece: the file system is the real one until then.
    let reads = 0;
    const failingDisk: FileSystem = {
      ...nodeFileSystem,
      async open(path) {
        const file = (await nodeFileSystem.open(path)) as OpenFile;
        return {
          ...file,
          read: (into, position) =>
            ++reads > 1 ? Promise.reject(new Error('EIO')) : file.read(into, position),
          stat: () => file.stat(),
          close: () => file.close(),
        };
      },
    };
    const failing = new Site(failingDisk, dir, { revalidateMs: 0, now: () => T0 });
    await failing.answer(question('/big.bin'));
    const { t, conn } = open({ site: failing });
    send(conn, GET('/big.bin'));
    await until(() => t.destroyed);
    expect(t.writes).toHaveLength(2);
    expect(error).toHaveBeenCalledWith(
      '127.0.0.1:4242 answer cut short: reading the file failed: Error: EIO',
    );
  });

  /** The real file system, counting the files it opens and closes. */
  function counting(): { fs: FileSystem; opened: () => number; closed: () => number } {
    let opens = 0;
    let closes = 0;
    const fs: FileSystem = {
      ...nodeFileSystem,
      async open(path) {
        const file = await nodeFileSystem.open(path);
        if (file === null) return null;
        opens++;
        return {
          read: (into, position) => file.read(into, position),
          stat: () => file.stat(),
          close: () => {
            closes++;
            return file.close();
          },
        };
      },
    };
    return { fs, opened: () => opens, closed: () => closes };
  }

  test('a peer gone mid-file stops the reading, and the file is closed', async () => {
    const disk = counting();
    const countingSite = new Site(disk.fs, dir, { revalidateMs: 0, now: () => T0 });
    await countingSite.answer(question('/big.bin'));
    const { t, conn } = open({ site: countingSite });
    t.room.push(true, false);
    send(conn, GET('/big.bin'));
    await until(() => t.writes.length === 2);
    conn.onClosed();
    conn.onDrain();
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(t.writes).toHaveLength(2);
    expect([disk.opened(), disk.closed()]).toEqual([1, 0]); // blocked: no reading to notice it yet
  });

  test('a peer gone while a piece is being read: the piece is not sent, and the file is closed', async () => {
    const disk = counting();
    const countingSite = new Site(disk.fs, dir, { revalidateMs: 0, now: () => T0 });
    await countingSite.answer(question('/big.bin'));
    const { t, conn } = open({ site: countingSite });
    send(conn, GET('/big.bin'));
    conn.onClosed(); // the first piece is being read
    await until(() => disk.closed() === 1);
    expect(t.writes).toHaveLength(1);
    expect(disk.opened()).toBe(1);
  });

  test('a file cut off is closed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const disk = counting();
    const countingSite = new Site(disk.fs, dir, { revalidateMs: 0, now: () => T0 });
    writeFileSync(join(dir, 'cut.bin'), big);
    await countingSite.answer(question('/cut.bin'));
    const { t, conn } = open({ site: countingSite });
    t.room.push(true, false);
    send(conn, GET('/cut.bin'));
    await until(() => t.writes.length === 2);
    truncateSync(join(dir, 'cut.bin'), 100);
    conn.onDrain();
    await until(() => disk.closed() === 1);
    expect(t.destroyed).toBe(true);
  });

  test('a file found changed after the peer has gone is not reported: nobody is cut short', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const disk = counting();
    const countingSite = new Site(disk.fs, dir, { revalidateMs: 0, now: () => T0 });
    writeFileSync(join(dir, 'late.bin'), big);
    await countingSite.answer(question('/late.bin'));
    truncateSync(join(dir, 'late.bin'), 100); // the reader will find it changed
    const { t, conn } = open({ site: countingSite });
    send(conn, GET('/late.bin'));
    conn.onClosed();
    await until(() => disk.closed() === 1); // it has opened the file, found it changed, and let it go
    expect(error).not.toHaveBeenCalled();
    expect(t.destroyed).toBe(false);
  });

  test('shutting down: the file is sent whole, then the connection closes', async () => {
    const { t, conn } = open();
    send(conn, GET('/big.bin'));
    conn.shutdown();
    await until(() => t.ended);
    expect(t.sent.length - t.sent.indexOf('\r\n\r\n') - 4).toBe(BIG_SIZE);
  });
});

describe('the connections of a server', () => {
  test('counted while open, forgotten once gone', () => {
    const a = open();
    const b = connections.open(new Recorder(), () => '?');
    opened.push(b);
    expect(connections.size).toBe(2);
    a.conn.onClosed();
    expect(connections.size).toBe(1);
  });

  test('the sweep times connections out as time passes, a quarter of the shortest timeout apart', () => {
    const { t } = open({ headerTimeoutMs: 400, idleTimeoutMs: 1000 });
    vi.advanceTimersByTime(399);
    expect(t.ended).toBe(false);
    vi.advanceTimersByTime(100); // the first sweep at or past 400 ms
    expect(t.ended).toBe(true);
  });

  test('the sweep destroys what lingered past its time', () => {
    const { t, conn } = open();
    send(conn, GET('/', 'Connection: close\r\n'));
    vi.advanceTimersByTime(LINGER_MS + 1000);
    expect(t.destroyed).toBe(true);
    expect(connections.size).toBe(0);
  });

  test.each([
    [10_000, 5000, 1000],
    [400, 1000, 100],
    [1000, 400, 100],
    [4003, 5000, 1000],
    [3999, 5000, 999],
    [40, 40, 10],
    [8, 8, 10],
    [0, 100, 10],
  ])('headers %i ms, idle %i ms: swept every %i ms', (headerTimeoutMs, idleTimeoutMs, period) => {
    expect(sweepPeriodMs({ headerTimeoutMs, idleTimeoutMs })).toBe(period);
  });

  test('shutdown: idle connections close at once, busy ones finish; it resolves once all are gone', async () => {
    const idle = open();
    const busy = connections.open(new Recorder(), () => '?');
    opened.push(busy);
    send(busy, 'GET / HTTP/1.1\r\n');
    let done = false;
    const stopped = connections.shutdown().then(() => {
      done = true;
    });
    expect(idle.t.ended).toBe(true);
    expect(connections.shutdown()).toBe(connections.shutdown());
    idle.conn.onClosed();
    await Promise.resolve();
    expect(done).toBe(false);
    send(busy, 'Host: x\r\n\r\n');
    expect(busy.closed).toBe(true);
    busy.onClosed();
    await stopped;
    expect(done).toBe(true);
  });

  test('shutdown with nothing open resolves at once, and stops the sweep', async () => {
    open().conn.onClosed();
    expect(vi.getTimerCount()).toBe(1);
    await connections.shutdown();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('the sweep stops once the last connection is gone after a shutdown', async () => {
    const { conn } = open();
    send(conn, 'GET / HTTP/1.1\r\n');
    const stopped = connections.shutdown();
    expect(vi.getTimerCount()).toBe(1);
    conn.onClosed();
    await stopped;
    expect(vi.getTimerCount()).toBe(0);
  });

  test('during a shutdown, a new connection is shut down as it opens', async () => {
    const first = open();
    send(first.conn, 'GET / HTTP/1.1\r\n');
    const stopped = connections.shutdown();
    const t = new Recorder();
    const late = connections.open(t, () => '?');
    opened.push(late);
    expect(t.endedWith).toBeNull();
    late.onClosed();
    first.conn.onClosed();
    await stopped;
  });
});
