// The event-loop server on node:net: every socket feeds the shared core; nothing ever blocks. The async
// entry runs one; cluster and reuseport run one in each of their processes.
import { createServer } from 'node:net';
import type { Options, StartedServer } from '../adapter/node/entry.ts';
import { makeLogger } from '../adapter/node/process-options.ts';
import { attachSocket } from '../adapter/node/socket-transport.ts';
import type { Site } from '../core/answer.ts';
import { Connections, connectionConfig } from '../core/connection.ts';

export function eventLoopServer(options: Options, site: Site): StartedServer {
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
}
