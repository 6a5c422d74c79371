// A server that runs out of file descriptors must keep serving once some are free again: accept() fails
// with EMFILE while every descriptor is taken, and the server has to go on accepting afterwards, as nginx
// does, rather than stop for good. Each target runs with a low limit on its open files. (node:net on Deno
// stops accepting for good there; the Node adapter watches for that and listens again, see
// servers/core/accept-watchdog.ts.)
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allTargets, targetName } from '../../servers/registry.ts';
import { exchange } from '../helpers/raw-client.ts';
import { type RunningServer, startServer } from '../helpers/server-process.ts';
import { makeSite, type TestSite } from './site.ts';

const targets = allTargets().filter(
  (t) => !process.env.TARGETS || process.env.TARGETS.split(',').includes(targetName(t)),
);

/** The server's limit on open files, and how many connections the test opens against it: more than fit. */
const LIMIT = 256;
const OPENED = 400;
const RELEASED = 300;
/**
 * A sequential server queues at most 128 connections and refuses the rest, so it needs a lower limit to run
 * out at all; and every connection left open ahead of the test's request holds it for a whole header
 * timeout (its model), so all of them are released.
 */
const SEQUENTIAL_LIMIT = 96;
/**
 * A multi-process server spreads the connections over its workers, each with the limit of its own: two
 * workers at half the limit, so that each of them runs out, on any machine.
 */
const MULTI_PROCESS = { workers: 2, limit: LIMIT / 2 };

function limitOf(group: string): number {
  if (group === 'sequential') return SEQUENTIAL_LIMIT;
  return group === 'multi-process' ? MULTI_PROCESS.limit : LIMIT;
}

/** A connection, or null when it is refused or not established within a moment (a full backlog). */
function open(port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(null);
    }, 300);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    socket.on('error', () => {}); // a reset later is expected for some of them
  });
}

/** GET / until it is answered or the deadline passes; the answer's status, or the last failure. */
async function answeredWithin(port: number, ms: number): Promise<number | string> {
  const deadline = Date.now() + ms;
  let last = 'never tried';
  while (Date.now() < deadline) {
    try {
      const ex = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', {
        timeoutMs: Math.max(200, Math.min(2000, deadline - Date.now())),
      });
      const first = ex.responses[0];
      // 503: the server could not ask the disk yet (its descriptors were just freed); it may say so.
      if (first !== undefined && first.status !== 503) return first.status;
      last = first === undefined ? 'no response to GET /' : '503';
    } catch (e) {
      last = (e as Error).message;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return last;
}

describe.each(targets.map((t) => [targetName(t), t] as const))('%s: out of file descriptors', (_name, t) => {
  let site: TestSite;
  let server: RunningServer;

  beforeAll(async () => {
    site = makeSite();
    // Long timeouts, so the connections that use up the descriptors stay open until the test closes them.
    server = await startServer(
      t,
      [
        ...['--root', site.root, '--idle-timeout', '60000', '--header-timeout', '60000'],
        ...(t.impl.group === 'multi-process' ? ['--workers', String(MULTI_PROCESS.workers)] : []),
      ],
      20_000,
      limitOf(t.impl.group),
    );
  });

  afterAll(async () => {
    await server?.stop();
    site?.cleanup();
  });

  test('accepts and answers again once descriptors are free, with the right answer', async () => {
    // Asked once before, / is re-checked in the background while the descriptors are gone: a check that
    // failed then was kept as a miss, and the first answer after was a 404 (seen on node-http@bun).
    expect(await answeredWithin(server.port, 2000)).toBe(200);
    const sockets: Socket[] = [];
    let refused = 0;
    for (let i = 0; i < OPENED && refused < 20; i++) {
      const socket = await open(server.port);
      if (socket) sockets.push(socket);
      else refused++;
    }
    // Every descriptor is taken now: let the server run into EMFILE for a while.
    await new Promise((r) => setTimeout(r, 1000));
    const released = t.impl.group === 'sequential' ? sockets.length : RELEASED;
    for (const socket of sockets.splice(0, released)) socket.destroy();
    const outcome = await answeredWithin(server.port, 8000);
    for (const socket of sockets) socket.destroy();
    expect(outcome).toBe(200);
    expect(server.child.exitCode).toBeNull();
  }, 30_000);
});
