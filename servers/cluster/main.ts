// cluster: node:cluster, N worker processes, each the async server's event loop. The primary opens the
// listening socket and shares it with the workers, which each accept from its one accept queue themselves
// (SCHED_NONE). Node's default on Linux, round-robin (SCHED_RR: the primary accepts every connection and
// hands it to a worker over IPC), stops serving for good once the workers have run out of descriptors: a
// connection handed to a worker that has none free never reaches it, and the worker's acknowledgement,
// which the primary waits for before it hands that worker another, never comes (Node 24; a plain
// node:cluster server does the same). Bun's cluster has each worker listen with SO_REUSEPORT whatever the
// policy; Deno's is a port of Node's and shares the socket the same way.
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
  // Set before the first fork, which reads it; the env variable NODE_CLUSTER_SCHED_POLICY would do the same.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  await supervise('cluster', (slot, options) => fork(slot, workerEnv(slot, options)));
} else {
  await runListener('cluster', {
    reusePort: false,
    // The IPC channel to the primary closes when it dies (Node's own cluster code then exits the worker).
    whenOrphaned: (stop) => process.once('disconnect', stop),
  });
}
