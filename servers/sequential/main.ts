// sequential: the lesson's server. One connection at a time; the others wait, unread, in a queue.
// node:net cannot stop accepting, so accepted sockets are paused (pauseOnConnect) and queued here,
// which is what the kernel's listen backlog does for the lesson's blocking accept() loop.
import { createServer, type Socket } from 'node:net';
import { connectionConfig, Sweeper } from '../core/connection.ts';
import { makeLogger, runEntry } from '../node/entry.ts';
import { attachSocket } from '../node/socket-transport.ts';

/** Like the lesson's listen backlog: past this many waiting connections, new ones are refused. */
const QUEUE_LIMIT = 128;

await runEntry('sequential', (options, site) => {
  const config = connectionConfig(site, options, makeLogger(options.log), true);
  const sweeper = new Sweeper(config);
  const queue: Socket[] = [];
  let busy = false;
  let stopping = false;

  const next = (): void => {
    busy = false;
    let socket = queue.shift();
    while (socket?.destroyed) socket = queue.shift();
    if (socket === undefined) return;
    busy = true;
    let ended = false;
    // The next connection is taken as soon as this one is answered and closed on our side.
    attachSocket(socket, config, sweeper, () => {
      if (ended) return;
      ended = true;
      next();
    });
    socket.resume();
  };

  const server = createServer({ pauseOnConnect: true, noDelay: true, allowHalfOpen: true }, (socket) => {
    if (stopping || queue.length >= QUEUE_LIMIT) {
      socket.destroy();
      return;
    }
    queue.push(socket);
    if (!busy) next();
  });

  return {
    server,
    shutdown: () =>
      new Promise<void>((done) => {
        stopping = true;
        server.close(() => done());
        sweeper.stop();
        for (const s of queue.splice(0)) s.destroy(); // never read: nothing in flight to finish
        for (const c of sweeper.connections) c.shutdown();
      }),
  };
});
