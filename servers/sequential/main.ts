// sequential: the lesson's server. One connection at a time; the others wait, unread, in a queue.
// node:net cannot stop accepting, so accepted sockets are paused (pauseOnConnect) and queued here,
// which is what the kernel's listen backlog does for the lesson's blocking accept() loop.
import { createServer, type Socket } from 'node:net';
import { makeLogger, runEntry } from '../adapter/node/entry.ts';
import { attachSocket } from '../adapter/node/socket-transport.ts';
import { Connections, connectionConfig } from '../core/connection.ts';

/** Like the lesson's listen backlog: past this many waiting connections, new ones are refused. */
const QUEUE_LIMIT = 128;

await runEntry('sequential', (options, site) => {
  const connections = new Connections(connectionConfig(site, options, makeLogger(options.log), true));
  const queue: Socket[] = [];
  let busy = false;
  let stopping = false;

  const next = (): void => {
    busy = false;
    let socket = queue.shift();
    while (socket?.destroyed) socket = queue.shift();
    if (socket === undefined) return;
    busy = true;
    // The next connection is taken as soon as this one is answered and closed on our side.
    attachSocket(socket, connections, next);
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
    shutdown: async () => {
      stopping = true;
      server.close();
      for (const s of queue.splice(0)) s.destroy(); // never read: nothing in flight to finish
      await connections.shutdown();
    },
  };
});
