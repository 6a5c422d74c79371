// workers: the main thread owns the sockets and does only I/O; a pool of worker threads does the HTTP.
// A socket cannot move to another thread in Node, so bytes cross instead: each connection is pinned
// to one worker (round-robin) so its parser state and response order live in one place.

import { createServer, type Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { runEntry } from '../adapter/node/entry.ts';
import { currentRuntime } from '../adapter/node/runtime.ts';
import { HIGH_WATER_BYTES } from '../core/connection.ts';
import { FROM_WORKER, type FromWorker, TO_WORKER, type ToWorker, type WorkerInit } from './messages.ts';

/**
 * The file a worker starts: beside a bundle (servers/adapter/node/bundle.ts) the bundled worker; on Node from
 * source a bootstrap that installs tsx first; on Bun and Deno the TypeScript source itself.
 */
const WORKER_URL = new URL(
  import.meta.url.endsWith('.mjs')
    ? './worker.mjs'
    : currentRuntime().runtime === 'node'
      ? './worker-boot.mjs'
      : './worker.ts',
  import.meta.url,
);
interface Slot {
  worker: Worker;
  readonly sockets: Set<number>;
}

await runEntry('workers', async (options) => {
  const size = options.workers > 0 ? options.workers : availableParallelism();
  const init: WorkerInit = {
    root: options.root,
    idleTimeoutMs: options.idleTimeoutMs,
    headerTimeoutMs: options.headerTimeoutMs,
    log: options.log,
  };
  const sockets = new Map<number, Socket>();
  /** Which worker serves each connection, for the write acknowledgements. */
  const slotOf = new Map<number, Slot>();
  let nextId = 1;
  let turn = 0;
  let stopping = false;

  const onMessage = (m: FromWorker): void => {
    if (m.t === FROM_WORKER.READY) return;
    const socket = sockets.get(m.id);
    if (socket === undefined) return;
    switch (m.t) {
      case FROM_WORKER.WRITE: {
        const n = m.b.length;
        // Tell the worker when these bytes reach the kernel: its credit for building more responses.
        socket.write(m.b, () => {
          const worker = slotOf.get(m.id)?.worker;
          if (m.r !== true) worker?.postMessage({ t: TO_WORKER.FLUSHED, id: m.id, n } satisfies ToWorker);
          else {
            const b = m.b.buffer as ArrayBuffer;
            worker?.postMessage({ t: TO_WORKER.FLUSHED, id: m.id, n, b } satisfies ToWorker, [b]);
          }
        });
        if (socket.writableLength > HIGH_WATER_BYTES && !socket.isPaused()) {
          socket.pause();
          socket.once('drain', () => socket.resume());
        }
        break;
      }
      case FROM_WORKER.END:
        socket.end();
        socket.resume(); // read and drop what still comes, so the close is a FIN, not an RST
        break;
      case FROM_WORKER.DESTROY:
        // The worker's connection lingered past its limit: the peer never closed.
        socket.destroy();
        break;
    }
  };

  const spawn = (slot: Slot | null): Promise<Slot> =>
    new Promise((ready, failed) => {
      const worker = new Worker(WORKER_URL, { workerData: init });
      const s: Slot = slot ?? { worker, sockets: new Set() };
      let started = false;
      s.worker = worker;
      worker.on('message', (m: FromWorker) => {
        if (m.t !== FROM_WORKER.READY) return onMessage(m);
        started = true;
        ready(s);
      });
      worker.on('error', (err) => {
        if (!started) failed(err);
        else process.stderr.write(`worker error: ${err.stack ?? err}\n`);
      });
      // A worker that dies takes its connections' state with it: close them, and start a new worker.
      // One that never started is a start-up failure, reported instead of retried forever.
      worker.on('exit', (code) => {
        for (const id of s.sockets) sockets.get(id)?.destroy();
        s.sockets.clear();
        if (!started) failed(new Error(`worker exited with code ${code} before it was ready`));
        else if (!stopping) spawn(s).catch((err) => process.stderr.write(`cannot restart worker: ${err}\n`));
      });
    });

  let pool: Slot[];
  try {
    pool = await Promise.all(Array.from({ length: size }, () => spawn(null)));
  } catch (err) {
    process.stderr.write(`workers: a worker failed to start: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  }

  const server = createServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    const id = nextId++;
    const slot = pool[turn++ % pool.length]!;
    const send = (m: ToWorker, transfer?: ArrayBuffer[]): void => slot.worker.postMessage(m, transfer);
    sockets.set(id, socket);
    slotOf.set(id, slot);
    slot.sockets.add(id);
    send({ t: TO_WORKER.OPEN, id, remote: `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}` });
    socket.on('data', (chunk: Buffer) => {
      const copy = new Uint8Array(chunk); // the read buffer may be a slice of a shared pool: copy, then transfer
      send({ t: TO_WORKER.DATA, id, b: copy }, [copy.buffer as ArrayBuffer]);
    });
    socket.on('end', () => send({ t: TO_WORKER.PEER_ENDED, id }));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(id);
      slot.sockets.delete(id);
      slotOf.delete(id);
      send({ t: TO_WORKER.GONE, id });
    });
  });

  return {
    server,
    shutdown: () =>
      new Promise<void>((done) => {
        stopping = true;
        server.close(() => {
          for (const s of pool) void s.worker.terminate();
          done();
        });
        for (const s of pool) s.worker.postMessage({ t: TO_WORKER.SHUTDOWN } satisfies ToWorker);
      }),
  };
});
