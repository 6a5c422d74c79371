// async: one event loop on node:net. Every socket feeds the shared core; nothing ever blocks.
import { createServer } from 'node:net';
import { makeLogger, runEntry } from '../adapter/node/entry.ts';
import { attachSocket } from '../adapter/node/socket-transport.ts';
import { Connections, connectionConfig } from '../core/connection.ts';

await runEntry('async', (options, site) => {
  const connections = new Connections(connectionConfig(site, options, makeLogger(options.log)));
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) =>
    attachSocket(socket, connections),
  );
  return {
    server,
    shutdown: async () => {
      server.close();
      await connections.shutdown();
    },
  };
});
