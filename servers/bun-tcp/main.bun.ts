// bun-tcp: the hand-written server on Bun's raw TCP API (Bun.listen), with the shared core doing HTTP.
import type { Socket } from 'bun';
import { logger, runBunEntry } from '../adapter/bun/entry.bun.ts';
import {
  Connections,
  connectionConfig,
  HIGH_WATER_BYTES,
  type HttpConnection,
  type Transport,
} from '../core/connection.ts';

/**
 * Bun's socket.write writes what the kernel takes and returns the count; the rest is ours to keep
 * until `drain`. This is that queue, plus a graceful end once it is empty.
 */
class BunTransport implements Transport {
  private readonly socket: Socket<State>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ending = false;

  constructor(socket: Socket<State>) {
    this.socket = socket;
  }

  write(bytes: Uint8Array): boolean {
    if (this.pending.length === 0) {
      const n = this.socket.write(bytes);
      if (n >= bytes.length) return true;
      bytes = n > 0 ? bytes.subarray(n) : bytes;
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    return this.pendingBytes <= HIGH_WATER_BYTES;
  }

  drain(): void {
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      const n = Math.max(0, this.socket.write(head));
      this.pendingBytes -= n;
      if (n < head.length) {
        this.pending[0] = head.subarray(n);
        return;
      }
      this.pending.shift();
    }
    if (this.ending) this.socket.end();
    else this.socket.data.conn.onDrain();
  }

  end(last?: Uint8Array): void {
    if (last !== undefined) this.write(last);
    this.ending = true;
    if (this.pending.length === 0) this.socket.end();
  }

  destroy(): void {
    this.socket.terminate();
  }

  heldBytes(): number {
    return this.pendingBytes;
  }
}

interface State {
  transport: BunTransport;
  conn: HttpConnection;
}

await runBunEntry('bun-tcp', (options, site) => {
  const connections = new Connections(connectionConfig(site, options, logger(options.log)));
  const listener = Bun.listen<State>({
    hostname: options.host,
    port: options.port,
    exclusive: true,
    // A client may send its request and then its FIN; the answer must still go out. We close ourselves.
    allowHalfOpen: true,
    socket: {
      binaryType: 'uint8array',
      open(socket) {
        socket.setNoDelay(true);
        const transport = new BunTransport(socket);
        const conn = connections.open(transport, () => `${socket.remoteAddress}:${socket.remotePort}`);
        socket.data = { transport, conn };
      },
      // Bun may reuse the buffer it hands us: lend it, and the connection copies what it must keep.
      data: (socket, data) => socket.data.conn.onData(data, true),
      drain: (socket) => socket.data.transport.drain(),
      end: (socket) => socket.data.conn.onEnd(),
      close: (socket) => socket.data.conn.onClosed(),
      error: (socket) => socket.terminate(),
    },
  });
  return {
    port: listener.port,
    shutdown: () => {
      listener.stop();
      return connections.shutdown();
    },
  };
});
