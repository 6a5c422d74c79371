// Every case of the conformance table, and the stateful checks that do not fit a table, against every
// implementation on every runtime the registry claims, each started through the process contract.
import { rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allTargets, type Target, targetName } from '../../servers/registry.ts';
import { exchange, get, parseReply } from '../helpers/raw-client.ts';
import { type RunningServer, startServer } from '../helpers/server-process.ts';
import { CASES, type Case } from './cases.ts';
import { type Deviation, deviationFor as recorded, TIMEOUT_RULES } from './deviations.ts';
import { makeSite, type TestSite } from './site.ts';

const targets = allTargets().filter(
  (t) => !process.env.TARGETS || process.env.TARGETS.split(',').includes(targetName(t)),
);

function deviationFor(t: Target, id: string): Deviation | undefined {
  return recorded(t.impl.id, t.runtime, id);
}

/** A server that closes must do so promptly: a close after a long wait is a hang, not an answer. */
const PROMPT_CLOSE_MS = 2000;
/** How long a connection that should stay open is watched. */
const STAYS_OPEN_MS = 2500;

/** The statuses match the deviation's answer or one of its alternatives. */
function answersAsRecorded(statuses: readonly number[], d: Deviation): boolean {
  return [d.actual, ...(d.alternatives ?? [])].some((a) => JSON.stringify(a) === JSON.stringify(statuses));
}

async function runCase(c: Case, t: Target, server: RunningServer, site: TestSite): Promise<void> {
  const keepAlive = t.impl.keepAlive;
  const deviation = deviationFor(t, c.id);
  if (deviation !== undefined) {
    // The runtime's own parser or server answers this differently; the table says how, down to how the
    // connection ends, and we hold it to that, so a change in the runtime shows up here.
    const ex = await exchange(server.port, c.send, {
      timeoutMs: deviation.ends === 'open' ? STAYS_OPEN_MS : 4000,
      noBody: c.noBody,
      delayMs: c.delayMs,
    });
    const statuses = ex.responses.map((r) => r.status);
    expect(answersAsRecorded(statuses, deviation), `answered ${JSON.stringify(statuses)}`).toBe(true);
    expect(ex.ended).toBe(deviation.ends);
    if (deviation.ends !== 'open') expect(ex.elapsedMs).toBeLessThan(PROMPT_CLOSE_MS);
    return;
  }
  const expected = keepAlive ? c.statuses : c.statuses.slice(0, 1);
  const closes = c.closes === true || !keepAlive || expected.length === 0;
  const ex = await exchange(server.port, c.send, {
    responses: closes ? undefined : Math.max(1, expected.length),
    timeoutMs: 4000,
    noBody: c.noBody,
    delayMs: c.delayMs,
  });
  if (expected.length > 0) {
    expect(ex.responses.map((r) => r.status)).toEqual(expected);
  }
  if (closes) {
    // A clean close, and soon: a reset can destroy the answer before the client reads it.
    expect(ex.ended).toBe('fin');
    expect(ex.elapsedMs).toBeLessThan(PROMPT_CLOSE_MS);
  }
  c.check?.(ex, { site, keepAlive });
}

describe.each(targets.map((t) => [targetName(t), t] as const))('%s', (_name, t) => {
  let site: TestSite;
  let server: RunningServer;

  beforeAll(async () => {
    site = makeSite();
    server = await startServer(t, ['--root', site.root]);
    // The pipelining cases test pipelining, not the first read of a file: ask for their files once.
    // The cold path has its own case (pipelining-cold-file).
    for (const path of ['/', '/style.css', '/nope', '/docs', '/assets/1mib.bin'])
      await get(server.port, path);
  });

  afterAll(async () => {
    const code = await server?.stop();
    site?.cleanup();
    expect(code).toBe(0);
  });

  test('ready line names the implementation and the runtime it really runs on', () => {
    expect(server.ready).toMatchObject({
      event: 'ready',
      impl: t.impl.id,
      runtime: t.runtime,
      host: '127.0.0.1',
    });
    expect(server.ready.port).toBeGreaterThan(0);
  });

  test.concurrent.each(CASES.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    await runCase(c, t, server, site);
  });

  test('If-None-Match with the ETag it gave is answered 304', async () => {
    const first = await get(server.port, '/style.css');
    const etag = first.headers.etag!;
    expect(etag).toBeTruthy();
    const again = await get(server.port, '/style.css', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const since = await get(server.port, '/style.css', {
      'If-Modified-Since': first.headers['last-modified']!,
    });
    expect(since.status).toBe(304);
  });

  test('If-Range: the range while the file is the same version, the whole file once it is not', async () => {
    const first = await get(server.port, '/index.html');
    const file = site.file('index.html');
    const same = await get(server.port, '/index.html', {
      Range: 'bytes=0-9',
      'If-Range': first.headers.etag!,
    });
    expect(same.status).toBe(206);
    expect(same.body.equals(file.subarray(0, 10))).toBe(true);
    const byDate = await get(server.port, '/index.html', {
      Range: 'bytes=0-9',
      'If-Range': first.headers['last-modified']!,
    });
    expect(byDate.status).toBe(206);
    const other = await get(server.port, '/index.html', {
      Range: 'bytes=0-9',
      'If-Range': '"another-version"',
    });
    expect(other.status).toBe(200);
    expect(other.body.equals(file)).toBe(true);
  });

  test('serves files created, changed and deleted on disk within a second', async () => {
    const path = join(site.root, 'fresh.txt');
    expect((await get(server.port, '/fresh.txt')).status).toBe(404);
    writeFileSync(path, 'first version\n');
    await new Promise((r) => setTimeout(r, 1000));
    const created = await get(server.port, '/fresh.txt');
    expect(created.status).toBe(200);
    expect(created.body.toString()).toBe('first version\n');
    writeFileSync(path, 'second, longer version\n');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get(server.port, '/fresh.txt')).body.toString()).toBe('second, longer version\n');
    rmSync(path);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await get(server.port, '/fresh.txt')).status).toBe(404);
  });

  test('garbage on one connection, then a good request on the next', async () => {
    const junk = await exchange(server.port, Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), {
      timeoutMs: 3000,
    });
    expect(junk.closed).toBe(true);
    const good = await get(server.port, '/');
    expect(good.status).toBe(200);
    expect(good.body.equals(site.file('index.html'))).toBe(true);
  });

  test('a client that disconnects mid-request does not hurt the server', async () => {
    await exchange(server.port, `GET / HTTP/1.1\r\n${'Host: x\r\n'}X-Partial: abc`, { timeoutMs: 50 });
    expect((await get(server.port, '/')).status).toBe(200);
  });

  test('a client that sends its request and then its FIN still gets the answer', async () => {
    // A file nobody asked for yet, so the answer waits on the disk while the FIN arrives.
    writeFileSync(join(site.root, 'half-close.txt'), 'answered after the FIN\n');
    const { reply, closedByServer } = await new Promise<{ reply: Buffer; closedByServer: boolean }>(
      (resolve, reject) => {
        const chunks: Buffer[] = [];
        let gaveUp = false;
        const socket = connect({ port: server.port, host: '127.0.0.1' }, () =>
          socket.end('GET /half-close.txt HTTP/1.1\r\nHost: x\r\n\r\n'),
        );
        socket.on('data', (d: Buffer) => chunks.push(d));
        socket.on('close', () => resolve({ reply: Buffer.concat(chunks), closedByServer: !gaveUp }));
        socket.on('error', reject);
        setTimeout(() => {
          gaveUp = true;
          socket.destroy();
        }, 5000);
      },
    );
    // Answered or not, the server closes the connection: it must not hold a half-closed socket.
    expect(closedByServer).toBe(true);
    const deviation = deviationFor(t, 'half-close');
    const statuses = parseReply(reply).responses.map((r) => r.status);
    if (deviation !== undefined && statuses.length === 0) {
      expect(answersAsRecorded(statuses, deviation)).toBe(true);
      return;
    }
    expect(reply.toString('latin1')).toMatch(/^HTTP\/1\.1 200 [\s\S]*\r\n\r\nanswered after the FIN\n$/);
  });

  // Flow control (a client that does not read must not grow the server) is checked in large-files.test.ts,
  // with a body that is not shared between answers, so that without flow control the memory would grow.

  test('100 concurrent clients all get the page', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => get(server.port, '/')));
    for (const r of responses) {
      expect(r.status).toBe(200);
      expect(r.body.length).toBe(site.file('index.html').length);
    }
  });
});

describe.each(targets.map((t) => [targetName(t), t] as const))('%s with short timeouts', (_name, t) => {
  let site: TestSite;
  let server: RunningServer;
  const SHORT = 600;
  const own = TIMEOUT_RULES[t.impl.id];
  // How long a stalled or idle client may live: the flag's value, unless the registry says the runtime
  // enforces its own (null: never), plus the runtime's timer granularity and a margin for a loaded machine.
  const slack = (own?.granularityMs ?? 0) + 3000;
  const headerMs = own?.headerMs === undefined ? SHORT : own.headerMs;
  const idleMs = own?.idleMs === undefined ? SHORT : own.idleMs;

  /** Closed within the limit, or, where the registry says the runtime never closes, still open after it. */
  async function expectCut(
    limitMs: number | null,
    send: string,
    check: (statuses: number[]) => void,
  ): Promise<void> {
    const started = Date.now();
    const ex = await exchange(server.port, send, { timeoutMs: (limitMs ?? SHORT) + slack + 1000 });
    check(ex.responses.map((r) => r.status));
    if (limitMs === null) {
      expect(ex.closed).toBe(false);
    } else {
      expect(ex.closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(limitMs + slack);
    }
  }

  beforeAll(async () => {
    site = makeSite();
    server = await startServer(t, [
      '--root',
      site.root,
      '--header-timeout',
      String(SHORT),
      '--idle-timeout',
      String(SHORT),
    ]);
  });

  afterAll(async () => {
    await server?.stop();
    site?.cleanup();
  });

  test('a client that stalls mid-head is cut off, and others are served', async () => {
    const stalled = expectCut(headerMs, 'GET / HTTP/1.1\r\nHost: loc', (statuses) => {
      expect(statuses.length === 0 || statuses[0] === 408).toBe(true);
    });
    await new Promise((r) => setTimeout(r, 50));
    const other = await get(server.port, '/style.css');
    expect(other.status).toBe(200);
    await stalled;
  });

  // A request body gets one header timeout in all (node:http's requestTimeout is set to it); where the
  // runtime has no such limit the deviations say so, and the test holds it to that.
  test('a client that trickles a request body is cut off', async () => {
    const bodyMs = own?.bodyMs === undefined ? SHORT : own.bodyMs;
    const started = Date.now();
    // 40 bytes, one every 100 ms: the client never falls silent for long, so only a body deadline cuts it.
    const pieces = ['GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n', ...Array(40).fill('x')];
    const waitMs = bodyMs === null ? 3000 : bodyMs + slack + 1000;
    const ex = await exchange(server.port, pieces, { delayMs: 100, timeoutMs: waitMs });
    if (bodyMs === null) {
      expect(ex.closed).toBe(false);
      return;
    }
    expect(ex.closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(bodyMs + slack);
  });

  test('a client that connects and says nothing is closed', async () => {
    await expectCut(headerMs, '', (statuses) => expect(statuses).toEqual(statuses.length === 0 ? [] : [408]));
  });

  test('an idle keep-alive connection is closed after the idle timeout', async () => {
    await expectCut(idleMs, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', (statuses) =>
      expect(statuses).toEqual([200]),
    );
  });
});
