// A worker thread: runs the core's HttpConnection for every connection the main thread gives it.
// It never sees a socket; bytes arrive and leave as messages.
import { parentPort, workerData } from 'node:worker_threads';
import { Site } from '../core/answer.ts';
import { connectionConfig, HttpConnection, Sweeper } from '../core/connection.ts';
import { nodeFileSystem } from '../node/fs.ts';
import { makeLogger } from '../node/process-options.ts';
import type { FromWorker, ToWorker, WorkerInit } from './messages.ts';

const port = parentPort!;
const init = workerData as WorkerInit;
const config = connectionConfig(new Site(nodeFileSystem, init.root), init, makeLogger(init.log));
const sweeper = new Sweeper(config);
const connections = new Map<number, HttpConnection>();

function post(message: FromWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

/** Past this many bytes sent to the main thread and not yet written to the socket, the connection waits. */
const HIGH_WATER = 1024 * 1024;
/** Bytes each connection has handed to the main thread that have not reached the kernel yet. */
const inFlight = new Map<number, number>();

function open(id: number, remote: string): void {
  inFlight.set(id, 0);
  const conn = new HttpConnection(
    config,
    {
      write(bytes) {
        // Response buffers are shared with the file table, so send a copy and hand its memory over.
        // (new Uint8Array, not slice(): on a Node Buffer slice() is a view, and transferring it would
        // detach the file table's own bytes.)
        const copy = new Uint8Array(bytes);
        const pending = (inFlight.get(id) ?? 0) + copy.length; // before the transfer empties `copy`
        post({ t: 1, id, b: copy }, [copy.buffer as ArrayBuffer]);
        inFlight.set(id, pending);
        return pending <= HIGH_WATER;
      },
      end(last) {
        if (last !== undefined) this.write(last);
        connections.delete(id);
        post({ t: 2, id });
      },
    },
    () => remote,
  );
  connections.set(id, conn);
  sweeper.connections.add(conn);
}

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 0:
      open(m.id, m.remote);
      break;
    case 1:
      connections.get(m.id)?.onData(m.b);
      break;
    case 2:
      connections.get(m.id)?.onEnd();
      break;
    case 3: {
      inFlight.delete(m.id);
      const conn = connections.get(m.id);
      if (conn !== undefined) {
        conn.closed = true;
        connections.delete(m.id);
        sweeper.connections.delete(conn);
      }
      break;
    }
    case 5: {
      const pending = (inFlight.get(m.id) ?? 0) - m.n;
      inFlight.set(m.id, pending);
      if (pending <= HIGH_WATER) connections.get(m.id)?.onDrain();
      break;
    }
    case 4:
      sweeper.stop();
      for (const conn of connections.values()) conn.shutdown();
      break;
  }
});

post({ t: 5 });
