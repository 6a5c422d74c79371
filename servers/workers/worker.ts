// A worker thread: runs the core's HttpConnection for every connection the main thread gives it.
// It never sees a socket; bytes arrive and leave as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { nodeFileSystem } from '../adapter/node/fs.ts';
import { makeLogger } from '../adapter/node/process-options.ts';
import { Site } from '../core/answer.ts';
import { Connections, connectionConfig, HIGH_WATER_BYTES, type HttpConnection } from '../core/connection.ts';
import { PIECE_BYTES } from '../core/file-body.ts';
import { FROM_WORKER, type FromWorker, TO_WORKER, type ToWorker, type WorkerInit } from './messages.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const connections = new Connections(
  connectionConfig(new Site(nodeFileSystem, init.root), init, makeLogger(init.log)),
);
const byId = new Map<number, HttpConnection>();
/** Bytes each connection has handed to the main thread that have not reached the kernel yet. */
const inFlight = new Map<number, number>();

function post(message: FromWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

/**
 * Buffers of PIECE_BYTES that the main thread handed back once their bytes were written, to copy the
 * next pieces of a file into: a new buffer for each 1 MiB piece would leave the main thread one to
 * collect per piece, hundreds of MiB at a time under 16 downloads.
 */
const spares: ArrayBuffer[] = [];
const MAX_SPARES = 16;

function write(id: number, bytes: Uint8Array): boolean {
  // Response buffers are shared with the file table, so send a copy and hand its memory over.
  // (A new buffer, not slice(): on a Node Buffer slice() is a view, and transferring it would
  // detach the file table's own bytes.)
  const reuse = bytes.length > PIECE_BYTES / 2 && bytes.length <= PIECE_BYTES;
  let b: Uint8Array;
  if (reuse) {
    b = new Uint8Array(spares.pop() ?? new ArrayBuffer(PIECE_BYTES), 0, bytes.length);
    b.set(bytes);
  } else b = new Uint8Array(bytes);
  const pending = (inFlight.get(id) ?? 0) + b.length; // before the transfer empties `b`
  post(reuse ? { t: FROM_WORKER.WRITE, id, b, r: true } : { t: FROM_WORKER.WRITE, id, b }, [
    b.buffer as ArrayBuffer,
  ]);
  inFlight.set(id, pending);
  // Full at HIGH_WATER_BYTES itself, not past it: one 1 MiB piece of a file waits in the main thread per
  // connection, not two. Each waits there as a copy, so 16 downloads took 118-136 MiB with two and
  // 97-117 MiB with one, for 4 % fewer bytes/s in huge (1.82 -> 1.74 GiB/s on Node).
  return pending < HIGH_WATER_BYTES;
}

function open(id: number, remote: string): void {
  inFlight.set(id, 0);
  const conn = connections.open(
    {
      write: (bytes) => write(id, bytes),
      end(last) {
        if (last !== undefined) write(id, last);
        post({ t: FROM_WORKER.END, id });
      },
      destroy: () => post({ t: FROM_WORKER.DESTROY, id }),
      heldBytes: () => 0, // write copies every buffer before it returns
    },
    () => remote,
  );
  byId.set(id, conn);
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case TO_WORKER.OPEN:
      open(m.id, m.remote);
      break;
    case TO_WORKER.DATA:
      byId.get(m.id)?.onData(m.b);
      break;
    case TO_WORKER.PEER_ENDED:
      byId.get(m.id)?.onEnd();
      break;
    case TO_WORKER.GONE:
      inFlight.delete(m.id);
      byId.get(m.id)?.onClosed();
      byId.delete(m.id);
      break;
    case TO_WORKER.FLUSHED: {
      if (m.b !== undefined && spares.length < MAX_SPARES) spares.push(m.b);
      const pending = (inFlight.get(m.id) ?? 0) - m.n;
      inFlight.set(m.id, pending);
      if (pending <= HIGH_WATER_BYTES) byId.get(m.id)?.onDrain();
      break;
    }
    case TO_WORKER.SHUTDOWN:
      void connections.shutdown();
      break;
  }
});

post({ t: FROM_WORKER.READY });
