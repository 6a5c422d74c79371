// The core's AcceptWatchdog on a node:net (or node:http) server, for Deno, whose node:net stops accepting
// for good after an accept() that failed for want of file descriptors (servers/core/accept-watchdog.ts).
// It probes the server by connecting to it, listens again on the same port when a probe is not accepted,
// and exits with one line when that does not help, so that a supervisor can restart the server.
import { connect, Server, type Socket } from 'node:net';
import { AcceptWatchdog, probeHost, TICK_MS } from '../../core/accept-watchdog.ts';
import { fail, type Options } from './process-options.ts';

/** Starts watching `server`, listening on `port`; the function returned stops it (before a shutdown). */
export function watchAccepts(server: Server, options: Options, port: number): () => void {
  const watchdog = new AcceptWatchdog(Date.now());
  const host = probeHost(options.host);
  let probe: Socket | null = null;
  let stopped = false;

  const dropProbe = (): void => {
    probe?.destroy();
    probe = null;
  };
  const sendProbe = (): void => {
    const socket = connect({ port, host });
    probe = socket;
    socket.on('error', () => {
      if (probe !== socket) return; // an old probe, already given up
      probe = null;
      watchdog.probeFailed(Date.now());
    });
  };
  const listenAgain = (): void => {
    if (stopped) return;
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        fail(`port ${port} on ${options.host} was lost while listening again (${err.code}): exiting`);
      }
      setTimeout(listenAgain, TICK_MS); // out of descriptors for the new socket: they come back
    };
    const onListening = (): void => {
      server.off('error', onError);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host: options.host, backlog: 128 });
  };
  const relisten = (): void => {
    dropProbe();
    process.stderr.write(
      `node:net stopped accepting connections (Deno, after running out of file descriptors): listening again on port ${port}\n`,
    );
    // net.Server's own close: http.Server's would also close the idle keep-alive connections and stop
    // checking its timeouts. The connections already accepted stay as they are.
    Server.prototype.close.call(server);
    listenAgain();
  };

  server.on('connection', () => {
    watchdog.accepted(Date.now());
    dropProbe();
  });
  const timer = setInterval(() => {
    switch (watchdog.tick(Date.now())) {
      case 'probe':
        return sendProbe();
      case 'relisten':
        return relisten();
      case 'give-up':
        return fail(
          `node:net stopped accepting connections on port ${port} and listening again did not help: exiting so that a supervisor can restart the server`,
        );
    }
  }, TICK_MS);

  return () => {
    stopped = true;
    clearInterval(timer);
    dropProbe();
  };
}
