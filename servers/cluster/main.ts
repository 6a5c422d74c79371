// cluster: node:cluster, N worker processes, each the async server's event loop. On Node the primary owns
// the listening socket and hands each new connection to a worker over IPC, round-robin (the default on
// Linux; Deno's node:cluster is a port of Node's); Bun's cluster has each worker listen on the port
// itself with SO_REUSEPORT.
import cluster, { type Worker } from 'node:cluster';
import { runListener, workerEnv, workerSlot } from '../adapter/node/listener.ts';
import { supervise, type WorkerProcess } from '../adapter/node/supervisor.ts';

function fork(slot: number, env: Record<string, string>): WorkerProcess {
  const worker: Worker = cluster.fork(env);
  const ended = new Promise<string>((resolve) =>
    worker.once('exit', (code, signal) => resolve(signal ? signal : `code ${code}`)),
  );
  const listening = new Promise<void>((resolve, reject) => {
    worker.once('listening', () => resolve());
    void ended.then((how) => reject(new Error(`worker ${slot} ended (${how}) before it was listening`)));
  });
  const pid = worker.process.pid!;
  return { pid, listening, ended, kill: (signal) => signalProcess(pid, signal) };
}

/**
 * process.kill, not worker.process.kill: Deno's closes the IPC channel first, and the worker's
 * server.close(), which tells the primary over that channel, then dies of a broken pipe.
 */
function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {} // already gone
}

if (workerSlot() === null) {
  await supervise('cluster', (slot, options) => fork(slot, workerEnv(slot, options)));
} else {
  await runListener('cluster', {
    reusePort: false,
    // The IPC channel to the primary closes when it dies (Node's own cluster code then exits the worker).
    whenOrphaned: (stop) => process.once('disconnect', stop),
  });
}
