// deno-tcp: the hand-written server on Deno's raw TCP API (Deno.listen), with the shared core doing HTTP.
import { connectionConfig, HttpConnection, Sweeper, type Transport } from '../core/connection.ts';
import { logger, runDenoEntry } from '../deno/entry.ts';

const LINGER_MS = 2000;
const READ_SIZE = 64 * 1024;
/** Past this many unsent bytes, no further response is built until the peer reads. */
const HIGH_WATER = 1024 * 1024;

/**
 * Deno's conn.write is a promise per call and may write only part; writes are chained so bytes leave
 * in order, and the end waits for the last of them.
 */
class DenoTransport implements Transport {
  private readonly conn: Deno.TcpConn;
  private queue: Uint8Array[] = [];
  private queuedBytes = 0;
  /** Set by the server once the connection exists: the queue has room again. */
  onDrain: () => void = () => {};
  private flushing = false;
  private ending = false;
  /** The read loop saw the peer's FIN. */
  peerEnded = false;
  private linger: ReturnType<typeof setTimeout> | null = null;
  closed = false;

  constructor(conn: Deno.TcpConn) {
    this.conn = conn;
  }

  write(bytes: Uint8Array): boolean {
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    if (!this.flushing) void this.flush();
    return this.queuedBytes <= HIGH_WATER;
  }

  end(last?: Uint8Array): void {
    if (last !== undefined) this.queue.push(last);
    this.ending = true;
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        let bytes = this.queue.shift()!;
        const size = bytes.length;
        while (bytes.length > 0) bytes = bytes.subarray(await this.conn.write(bytes));
        const wasFull = this.queuedBytes > HIGH_WATER;
        this.queuedBytes -= size;
        if (wasFull && this.queuedBytes <= HIGH_WATER) this.onDrain();
      }
      if (this.ending && !this.closed) {
        this.closed = true;
        if (this.peerEnded) return this.destroy(); // both sides are done
        await this.conn.closeWrite();
        // Keep reading (the read loop drops it) until the peer closes, or the grace period ends.
        this.linger = setTimeout(() => this.destroy(), LINGER_MS);
      }
    } catch {
      this.destroy();
    } finally {
      this.flushing = false;
    }
  }

  destroy(): void {
    this.closed = true;
    if (this.linger !== null) clearTimeout(this.linger);
    try {
      this.conn.close();
    } catch {
      // already closed
    }
  }
}

await runDenoEntry('deno-tcp', (options, site) => {
  const config = connectionConfig(site, options, logger(options.log));
  const sweeper = new Sweeper(config);
  const listener = Deno.listen({ hostname: options.host, port: options.port, transport: 'tcp' });

  const serve = async (tcp: Deno.TcpConn): Promise<void> => {
    tcp.setNoDelay(true);
    const transport = new DenoTransport(tcp);
    const remote = tcp.remoteAddr;
    const conn = new HttpConnection(config, transport, () => `${remote.hostname}:${remote.port}`);
    transport.onDrain = () => conn.onDrain();
    sweeper.connections.add(conn);
    try {
      const buf = new Uint8Array(READ_SIZE); // one read buffer per connection, lent to the core
      for (;;) {
        const n = await tcp.read(buf);
        if (n === null) break;
        conn.onData(buf.subarray(0, n), true);
      }
      // The peer half-closed: answers still on their way are sent, then the transport closes for good.
      transport.peerEnded = true;
      conn.onEnd();
      if (transport.closed) transport.destroy();
    } catch {
      // Reset by the peer, or closed by us: nothing more can be sent, so release the socket now.
      conn.closed = true;
      sweeper.connections.delete(conn);
      transport.destroy();
    }
  };

  const accepting = (async () => {
    try {
      for await (const tcp of listener) void serve(tcp);
    } catch {
      // the listener was closed for shutdown
    }
  })();

  return {
    port: (listener.addr as Deno.NetAddr).port,
    shutdown: async () => {
      listener.close();
      await accepting;
      sweeper.stop();
      for (const c of sweeper.connections) c.shutdown();
      while ([...sweeper.connections].some((c) => !c.closed)) await new Promise((r) => setTimeout(r, 10));
    },
  };
});
