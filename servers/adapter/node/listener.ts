// One worker process of a multi-process server (cluster, reuseport): the async server's event loop, as
// is, on the port its primary claimed. It counts the connections it accepts and says how many on stderr
// when it stops (servedLine), so that a test sees every worker answer without touching the bytes sent.
import { eventLoopServer } from '../../async/server.ts';
import { Site } from '../../core/answer.ts';
import { servedLine } from '../../core/options.ts';
import { gracefulStop, WORKER_SHUTDOWN_GRACE_MS } from '../../core/shutdown.ts';
import { watchBacklog } from './accept-watchdog.ts';
import { listen } from './entry.ts';
import { nodeFileSystem } from './fs.ts';
import { type Options, parseOptions } from './process-options.ts';
import { currentRuntime } from './runtime.ts';

/** Where a worker learns its slot and port: set by its primary, which passes the flags unchanged. */
export const WORKER_ENV = { slot: 'SHOOTOUT_WORKER_SLOT', port: 'SHOOTOUT_WORKER_PORT' } as const;

/** The worker's slot, or null in a process its primary did not start (the primary itself). */
export function workerSlot(): number | null {
  const slot = process.env[WORKER_ENV.slot];
  return slot === undefined ? null : Number(slot);
}

/** The environment that tells a worker its slot and port. */
export function workerEnv(slot: number, options: Options): Record<string, string> {
  return { [WORKER_ENV.slot]: String(slot), [WORKER_ENV.port]: String(options.port) };
}

export interface ListenerRole {
  /** Own socket with SO_REUSEPORT (reuseport), or the port as node:cluster shares it (cluster). */
  readonly reusePort: boolean;
  /** Tells the primary it listens, where the primary does not learn it by itself. */
  ready?(port: number): void;
  /** Calls `stop` when the primary is gone, so no worker outlives it. */
  whenOrphaned(stop: () => void): void;
}

export async function runListener(impl: string, role: ListenerRole): Promise<void> {
  const slot = workerSlot()!;
  const parsed = parseOptions(process.argv.slice(2));
  const options = { ...parsed, port: Number(process.env[WORKER_ENV.port]) };
  const started = eventLoopServer(options, new Site(nodeFileSystem, options.root));
  let connections = 0;
  started.server.on('connection', () => {
    connections++;
  });
  const port = await listen(started.server, options, role.reusePort);
  started.server.on('error', (err) => process.stderr.write(`server error: ${err.message}\n`));
  role.ready?.(port);

  // node:net on Deno stops accepting for good once it has run out of file descriptors, in a worker too.
  const unwatch =
    currentRuntime().runtime === 'deno'
      ? watchBacklog(started.server, {
          options,
          port,
          reusePort: role.reusePort,
          who: `${impl}: worker ${slot} (pid ${process.pid}): `,
        })
      : () => {};
  const stop = gracefulStop(
    () => {
      unwatch();
      return started.shutdown();
    },
    (code) => {
      process.stderr.write(`${servedLine({ impl, worker: slot, pid: process.pid, connections })}\n`);
      process.exit(code);
    },
    WORKER_SHUTDOWN_GRACE_MS,
  );
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('uncaughtException', (err) => process.stderr.write(`uncaught: ${err.stack ?? err}\n`));
  role.whenOrphaned(stop);
}
