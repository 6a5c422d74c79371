// What the kernel holds on a server's port, read when requests went unanswered: the accept queue says a
// server stopped accepting, sockets left open that it stopped answering.
import { createConnection, createServer, type Socket } from 'node:net';
import { expect, test } from 'vitest';
import { portSockets, portSocketsIn, portSocketsText } from '../../../bench/proc/tcp-states.ts';

// Lines in /proc/net/tcp's format: a listener on 0x1F90 (8080) with 7 connections queued (rx_queue) out of
// 511, two accepted connections, one the peer has closed, a TIME_WAIT (counted elsewhere), and a socket
// of another port.
const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 000001FF:00000007 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0
   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1
   2: 0100007F:1F90 0100007F:C351 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1
   3: 0100007F:1F90 0100007F:C352 08 00000000:00000000 00:00000000 00000000     0        0 4 1 0 20 4 30 10 -1
   4: 0100007F:1F90 0100007F:C353 06 00000000:00000000 03:00001000 00000000     0        0 0 3 0
   5: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 5 1 0 20 4 30 10 -1
`;

test("a listener's queue and the port's sockets, from the kernel's table", () => {
  const s = portSocketsIn(TABLE, 8080);
  expect(s).toEqual({ waitingToBeAccepted: 7, byState: { ESTABLISHED: 2, CLOSE_WAIT: 1 } });
  expect(portSocketsText(s)).toBe('7 waiting to be accepted; on the port: ESTABLISHED 2, CLOSE_WAIT 1');
  expect(portSocketsIn(TABLE, 9090)).toEqual({ waitingToBeAccepted: 0, byState: {} });
});

test('a real server with three connections open: three ESTABLISHED on its port, none waiting', async () => {
  const accepted: Socket[] = [];
  const server = createServer((s) => accepted.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const clients = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<Socket>((resolve) => {
          const c = createConnection(port, '127.0.0.1', () => resolve(c));
        }),
    ),
  );
  while (accepted.length < 3) await new Promise((r) => setTimeout(r, 10));
  try {
    expect(portSockets(port)).toEqual({ waitingToBeAccepted: 0, byState: { ESTABLISHED: 3 } });
  } finally {
    for (const c of clients) c.destroy();
    for (const s of accepted) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
