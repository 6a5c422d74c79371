// The core's accept watchdogs on a node:net (or node:http) server, for Deno, whose node:net stops
// accepting for good after an accept() that failed for want of file descriptors
// (servers/core/accept-watchdog.ts). A server with a listener of its own probes it by connecting to it; a
// worker whose listener shares the port (cluster, reuseport) reads how many connections wait in its
// accept queue. Either listens again on the same port when the listener has stopped, and exits with one
// line when that does not help, so that a supervisor (for a worker, its primary) can restart it.
import { closeSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { connect, Server, type Socket } from 'node:net';
import {
  AcceptWatchdog,
  BacklogWatchdog,
  type ListeningSocket,
  listeningSockets,
  pastListeners,
  probeHost,
  TICK_MS,
  type WatchdogAction,
} from '../../core/accept-watchdog.ts';
import type { ListenWithReusePort } from './entry.ts';
import { fail, type Options } from './process-options.ts';

/** Where the listener is: its port, and whether it shares it with SO_REUSEPORT. */
interface Listening {
  readonly options: Pick<Options, 'host'>;
  readonly port: number;
  readonly reusePort: boolean;
  /** What the lines on stderr start with: "" for a server, "cluster: worker 2 (pid 4678): " for a worker. */
  readonly who: string;
}

/** Starts watching `server`, listening on `port`; the function returned stops it (before a shutdown). */
export function watchAccepts(server: Server, options: Options, port: number): () => void {
  const watchdog = new AcceptWatchdog(Date.now());
  const host = probeHost(options.host);
  let probe: Socket | null = null;

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
  const relistener = listenAgain(server, { options, port, reusePort: false, who: '' });

  server.on('connection', () => {
    watchdog.accepted(Date.now());
    dropProbe();
  });
  const timer = setInterval(() => {
    const action = watchdog.tick(Date.now());
    if (action === 'probe') return sendProbe();
    if (action === 'relisten') dropProbe();
    relistener.act(action, 'no probe accepted');
  }, TICK_MS);

  return () => {
    relistener.stop();
    clearInterval(timer);
    dropProbe();
  };
}

/**
 * Starts watching a worker's `server`, whose listener shares `port` with the other workers' (its own
 * socket in an SO_REUSEPORT group, or node:cluster's shared one); the function returned stops it.
 * Linux only: elsewhere the queue cannot be read, and nothing is watched.
 */
export function watchBacklog(server: Server, where: Listening): () => void {
  const watchdog = new BacklogWatchdog();
  let inode = listenerInode(where.port);
  const relistener = listenAgain(server, where, () => {
    inode = listenerInode(where.port);
  });

  server.on('connection', () => watchdog.accepted());
  const timer = setInterval(() => {
    const waiting = inode === null ? null : waitingIn(inode);
    relistener.act(watchdog.tick(Date.now(), waiting), `${waiting} connections waiting`);
  }, TICK_MS);

  return () => {
    relistener.stop();
    clearInterval(timer);
  };
}

interface Relistener {
  /** Does what the watchdog decided: listen again, give up, or nothing; `sign` says what showed it. */
  act(action: WatchdogAction, sign: string): void;
  stop(): void;
}

/**
 * Listens again on the same port, through net.Server's own close: http.Server's would also close the idle
 * keep-alive connections and stop checking its timeouts. The connections already accepted stay as they
 * are; those waiting in the old listener's own queue are reset. A worker of node:cluster gets the shared
 * socket from its primary again, over IPC: should that answer never come (it carries a descriptor, which
 * a worker with none free cannot receive), the next relisten finds the last one unfinished, and the
 * worker exits so that its primary starts another.
 */
function listenAgain(server: Server, where: Listening, listening = (): void => {}): Relistener {
  const { options, port, who } = where;
  let stopped = false;
  let pending = false;

  const listen = (): void => {
    if (stopped) return;
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        fail(`${who}port ${port} on ${options.host} was lost while listening again (${err.code}): exiting`);
      }
      setTimeout(listen, TICK_MS); // out of descriptors for the new socket: they come back
    };
    const onListening = (): void => {
      server.off('error', onError);
      pending = false;
      listening();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    const how: ListenWithReusePort = { port, host: options.host, backlog: 128 };
    if (where.reusePort) how.reusePort = true;
    server.listen(how);
  };

  return {
    act(action, sign) {
      if (action === 'give-up' || (action === 'relisten' && pending)) {
        return fail(
          `${who}node:net stopped accepting connections on port ${port} and listening again did not help: exiting so that a supervisor can restart the server`,
        );
      }
      if (action !== 'relisten') return;
      process.stderr.write(
        `${who}node:net stopped accepting connections (Deno, after running out of file descriptors; ${sign}): listening again on port ${port}\n`,
      );
      pending = true;
      Server.prototype.close.call(server);
      listen();
    },
    stop() {
      stopped = true;
    },
  };
}

/** The inode of this process's socket listening on `port`, from its descriptors; null without /proc. */
function listenerInode(port: number): string | null {
  const mine = socketInodes();
  const found = listeners().find((socket) => socket.port === port && mine.has(socket.inode));
  return found?.inode ?? null;
}

/** How many connections wait in the accept queue of the listening socket `inode`; null if unknown. */
function waitingIn(inode: string): number | null {
  return listeners().find((socket) => socket.inode === inode)?.waiting ?? null;
}

/** The inodes of the sockets this process holds: /proc/self/fd/N links to "socket:[inode]". */
function socketInodes(): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync('/proc/self/fd')) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {} // closed since it was listed
    }
  } catch {} // no /proc, or no descriptor free to read it
  return inodes;
}

/** Every listening TCP socket of the network namespace, IPv4 and IPv6; none without /proc. */
function listeners(): ListeningSocket[] {
  return [
    ...listeningSockets(listenersText('/proc/net/tcp')),
    ...listeningSockets(listenersText('/proc/net/tcp6')),
  ];
}

/** The start of a /proc/net/tcp file, up to its first socket that does not listen (or "" if unreadable). */
function listenersText(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const chunk = Buffer.alloc(16 * 1024);
    let text = '';
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) return text;
      text += chunk.toString('latin1', 0, read);
      if (pastListeners(text)) return text;
    }
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}
