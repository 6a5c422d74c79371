// The primary of a multi-process server (cluster, reuseport): it serves nothing itself. It checks the
// flags and the port, starts N workers that each listen, prints the one ready line once all of them do,
// starts a new worker when one dies, and on SIGTERM stops them all within the contract's 2 s. How a
// worker is started (cluster.fork, a child process) is the caller's.
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { readyLine, workerCount } from '../../core/options.ts';
import { gracefulStop } from '../../core/shutdown.ts';
import { listen } from './entry.ts';
import { fail, type Options, parseOptions } from './process-options.ts';
import { currentRuntime } from './runtime.ts';

/** One worker process, as the primary sees it whatever started it. */
export interface WorkerProcess {
  readonly pid: number;
  /** Resolves once it listens; rejects with why it never will (it ended first). */
  readonly listening: Promise<void>;
  /** Resolves when it has ended: "code 1", "SIGKILL". */
  readonly ended: Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts worker `slot` (1 to N) with the server's options, its port a concrete one. */
export type StartWorker = (slot: number, options: Options) => WorkerProcess;

/**
 * The port the workers will share, checked the contract's way: taken (even by a server that shares
 * ports: a socket without SO_REUSEPORT cannot join its group) is one line and exit 1. For --port 0 the
 * system picks one; between this check and the workers' listen another program could take it, and then
 * the workers fail to start, which the primary reports.
 */
async function claimPort(options: Options): Promise<number> {
  const probe = createServer();
  const port = await listen(probe, options);
  await new Promise((closed) => probe.close(closed));
  return port;
}

export async function supervise(impl: string, start: StartWorker): Promise<void> {
  const parsed = parseOptions(process.argv.slice(2));
  const options = { ...parsed, port: await claimPort(parsed) };
  // availableParallelism() counts the CPUs this process may run on (taskset), not the machine's.
  const count = workerCount(options.workers, availableParallelism());
  const live = new Map<number, WorkerProcess>();
  let stopping = false;

  const launch = (slot: number): WorkerProcess => {
    const worker = start(slot, options);
    live.set(slot, worker);
    void worker.ended.then((how) => {
      if (live.get(slot) === worker) live.delete(slot);
      if (stopping) return;
      // A dead worker's connections are lost with it; the others go on serving, and a new one takes its
      // slot, as production process managers do. One that dies before it listens is not retried.
      worker.listening.then(
        () => restart(slot, worker.pid, how),
        () => {},
      );
    });
    return worker;
  };

  const restart = (slot: number, pid: number, how: string): void => {
    process.stderr.write(`${impl}: worker ${slot} (pid ${pid}) ended (${how}); starting another\n`);
    const replacement = launch(slot);
    replacement.listening.then(
      () => process.stderr.write(`${impl}: worker ${slot} (pid ${replacement.pid}) is listening\n`),
      (err: Error) => {
        process.stderr.write(`${impl}: worker ${slot} did not start again: ${err.message}\n`);
        if (live.size === 0 && !stopping) fail(`${impl}: every worker has ended`);
      },
    );
  };

  const killAll = (signal: NodeJS.Signals): void => {
    for (const worker of live.values()) worker.kill(signal);
  };

  try {
    await Promise.all(Array.from({ length: count }, (_, i) => launch(i + 1).listening));
  } catch (err) {
    stopping = true;
    killAll('SIGKILL');
    fail(`${impl}: ${(err as Error).message}`);
  }

  const { runtime, version } = currentRuntime();
  const ready = { impl, runtime, version, pid: process.pid, host: options.host, port: options.port };
  process.stdout.write(`${readyLine(ready)}\n`);

  const stop = gracefulStop(
    async () => {
      stopping = true;
      const ended = [...live.values()].map((w) => w.ended);
      killAll('SIGTERM');
      await Promise.all(ended);
    },
    (code) => {
      killAll('SIGKILL'); // past the deadline: none may outlive the primary
      process.exit(code);
    },
  );
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('uncaughtException', (err) => process.stderr.write(`uncaught: ${err.stack ?? err}\n`));
}
