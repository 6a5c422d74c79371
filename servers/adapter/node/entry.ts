// What every Node-API entry does around its server: flags, root check, ready line, signals, and a
// one-line error for everything that stops it from starting.
import type { ListenOptions, Server } from 'node:net';
import { Site } from '../../core/answer.ts';
import { readyLine } from '../../core/options.ts';
import { watchAccepts } from './accept-watchdog.ts';
import { nodeFileSystem } from './fs.ts';
import { fail, handleSignals, makeLogger, type Options, parseOptions } from './process-options.ts';
import { currentRuntime } from './runtime.ts';

export interface StartedServer {
  /** The listening server (node:net or node:http). */
  readonly server: Server;
  /** Stop accepting and let every connection finish its response; resolves when all are closed. */
  shutdown(): Promise<void>;
}

export type { Options };
export { makeLogger };

/** @types/node 20 predates it: Node 22.12 and 23.1 added SO_REUSEPORT to net's listen(). */
export type ListenWithReusePort = ListenOptions & { reusePort?: boolean };

/**
 * Listens on the options' host and port, or exits with the contract's one line; resolves with the port
 * (the one the system chose for --port 0). `reusePort` lets other sockets with it bind the same port.
 */
export async function listen(
  server: Server,
  options: Pick<Options, 'host' | 'port'>,
  reusePort = false,
): Promise<number> {
  await new Promise<void>((ready) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') fail(`port ${options.port} on ${options.host} is already in use`);
      if (err.code === 'EADDRNOTAVAIL') fail(`cannot listen on ${options.host}: address not available`);
      if (err.code === 'EACCES') fail(`no permission to listen on port ${options.port}`);
      fail(`cannot listen on ${options.host}:${options.port}: ${err.message}`);
    });
    // libuv sets SO_REUSEADDR on every listening TCP socket, as the lesson does by hand: a restart
    // binds again while old connections sit in TIME_WAIT.
    const how: ListenWithReusePort = { port: options.port, host: options.host, backlog: 128 };
    if (reusePort) how.reusePort = true;
    server.listen(how, ready);
  });
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : options.port;
}

export async function runEntry(
  impl: string,
  start: (options: Options, site: Site) => StartedServer | Promise<StartedServer>,
): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const site = new Site(nodeFileSystem, options.root);
  const started = await start(options, site);
  const { server } = started;

  const port = await listen(server, options);
  server.on('error', (err) => process.stderr.write(`server error: ${err.message}\n`));

  const { runtime, version } = currentRuntime();
  process.stdout.write(
    `${readyLine({ impl, runtime, version, pid: process.pid, host: options.host, port })}\n`,
  );

  // node:net on Deno stops accepting for good once it has run out of file descriptors: watch it there.
  const unwatch = runtime === 'deno' ? watchAccepts(server, options, port) : () => {};
  handleSignals(() => {
    unwatch();
    return started.shutdown();
  });
}
