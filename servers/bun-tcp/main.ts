// bun-tcp: the hand-written server on Bun's raw TCP API (Bun.listen), with the shared core doing HTTP.
import type { Socket } from 'bun';
import { logger, runBunEntry } from '../bun/entry.ts';
import { connectionConfig, HttpConnection, Sweeper, type Transport } from '../core/connection.ts';

const LINGER_MS = 2000;
/** Past this many unsent bytes, no further response is built until the peer reads. */
const HIGH_WATER = 1024 * 1024;

/**
 * Bun's socket.write writes what the kernel takes and returns the count; the rest is ours to keep
 * until `drain`. This is that queue, plus a graceful end once it is empty.
 */
class BunTransport implements Transport {
  readonly socket: Socket<State>;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ending = false;
  private linger: ReturnType<typeof setTimeout> | null = null;

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
    return this.pendingBytes <= HIGH_WATER;
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
    if (this.ending) this.finish();
    else this.socket.data.conn.onDrain();
  }

  end(last?: Uint8Array): void {
    if (last !== undefined) this.write(last);
    this.ending = true;
    if (this.pending.length === 0) this.finish();
  }

  private finish(): void {
    this.socket.end();
    this.linger = setTimeout(() => this.socket.terminate(), LINGER_MS).unref();
  }

  /** The socket closed: drop the linger timer, which would otherwise keep it alive for LINGER_MS. */
  closed(): void {
    if (this.linger !== null) clearTimeout(this.linger);
  }
}

interface State {
  transport: BunTransport;
  conn: HttpConnection;
}

await runBunEntry('bun-tcp', (options, site) => {
  const config = connectionConfig(site, options, logger(options.log));
  const sweeper = new Sweeper(config);
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
        const conn = new HttpConnection(
          config,
          transport,
          () => `${socket.remoteAddress}:${socket.remotePort}`,
        );
        socket.data = { transport, conn };
        sweeper.connections.add(conn);
      },
      // Bun may reuse the buffer it hands us: lend it, and the connection copies what it must keep.
      data: (socket, data) => socket.data.conn.onData(data, true),
      drain: (socket) => socket.data.transport.drain(),
      end: (socket) => socket.data.conn.onEnd(),
      close(socket) {
        const { conn, transport } = socket.data;
        transport.closed();
        conn.closed = true;
        sweeper.connections.delete(conn);
      },
      error: (socket) => socket.terminate(),
    },
  });
  return {
    port: listener.port,
    shutdown: async () => {
      listener.stop();
      sweeper.stop();
      for (const c of sweeper.connections) c.shutdown();
      while ([...sweeper.connections].some((c) => !c.closed)) await Bun.sleep(10);
    },
  };
});
