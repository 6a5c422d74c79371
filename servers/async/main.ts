// async: one event loop on node:net. Every socket feeds the shared core; nothing ever blocks.
import { createServer } from 'node:net';
import { connectionConfig, Sweeper } from '../core/connection.ts';
import { makeLogger, runEntry } from '../node/entry.ts';
import { attachSocket } from '../node/socket-transport.ts';

await runEntry('async', (options, site) => {
  const config = connectionConfig(site, options, makeLogger(options.log));
  const sweeper = new Sweeper(config);
  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) =>
    attachSocket(socket, config, sweeper),
  );
  return {
    server,
    shutdown: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        sweeper.stop();
        for (const c of sweeper.connections) c.shutdown();
      }),
  };
});
