// reuseport: N worker processes, each the async server's event loop with a listening socket of its own
// on the same port (SO_REUSEPORT). The kernel picks a socket for each new connection by a hash of its
// addresses and ports; no process hands connections to another.
import { spawn } from 'node:child_process';
import { runListener, workerEnv, workerSlot } from '../adapter/node/listener.ts';
import { currentRuntime } from '../adapter/node/runtime.ts';
import { supervise, type WorkerProcess } from '../adapter/node/supervisor.ts';
import { RUN_ARGS } from '../run-args.ts';

/**
 * Starts this same entry again as a worker, with the same flags, on the same runtime. Its stdin is a
 * pipe from the primary, which closes when the primary dies; on its stdout it says when it listens.
 */
function startWorker(slot: number, env: Record<string, string>): WorkerProcess {
  const args = [...RUN_ARGS[currentRuntime().runtime], process.argv[1]!, ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ended = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? signal : `code ${code}`)),
  );
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    void ended.then((how) => reject(new Error(`worker ${slot} ended (${how}) before it was listening`)));
  });
  child.stdout.resume(); // nothing else comes, but never let a full pipe block the worker
  return { pid: child.pid!, listening, ended, kill: (signal) => child.kill(signal) };
}

if (workerSlot() === null) {
  await supervise('reuseport', (slot, options) => startWorker(slot, workerEnv(slot, options)));
} else {
  await runListener('reuseport', {
    reusePort: true,
    ready: (port) => process.stdout.write(`listening on ${port}\n`),
    whenOrphaned: (stop) => {
      process.stdin.on('end', stop);
      process.stdin.resume();
    },
  });
}
