// deno-tcp: the hand-written server on Deno's raw TCP API (Deno.listen), with the shared core doing HTTP.

import { logger, runDenoEntry } from '../adapter/deno/entry.deno.ts';
import { AcceptBackoff } from '../core/accept-backoff.ts';
import { Connections, connectionConfig, HIGH_WATER_BYTES, type Transport } from '../core/connection.ts';

const READ_SIZE = 64 * 1024;

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
  /** Set by the server: the socket is released. */
  onReleased: () => void = () => {};
  private flushing = false;
  private ending = false;
  /** The read loop saw the peer's FIN: once our side is closed too, the socket can go. */
  peerEnded = false;
  /** Our side is closed (closeWrite done); the read loop keeps reading and dropping until the peer closes. */
  writeClosed = false;
  private released = false;

  constructor(conn: Deno.TcpConn) {
    this.conn = conn;
  }

  write(bytes: Uint8Array): boolean {
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    if (!this.flushing) void this.flush();
    return this.queuedBytes <= HIGH_WATER_BYTES;
  }

  end(last?: Uint8Array): void {
    if (last !== undefined) {
      this.queue.push(last);
      this.queuedBytes += last.length; // counted like any write: flush takes every buffer's size off
    }
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
        const wasFull = this.queuedBytes > HIGH_WATER_BYTES;
        this.queuedBytes -= size;
        if (wasFull && this.queuedBytes <= HIGH_WATER_BYTES) this.onDrain();
      }
      if (this.ending && !this.writeClosed) {
        this.writeClosed = true;
        if (this.peerEnded) return this.destroy(); // both sides are done
        await this.conn.closeWrite();
      }
    } catch {
      this.destroy();
    } finally {
      this.flushing = false;
    }
  }

  /** A buffer counts until conn.write has taken all of it. */
  heldBytes(): number {
    return this.queuedBytes;
  }

  /** Releases the socket (the read loop, if still waiting, then ends) and reports it gone. */
  destroy(): void {
    if (this.released) return;
    this.released = true;
    try {
      this.conn.close();
    } catch {
      // already closed
    }
    this.onReleased();
  }
}

await runDenoEntry('deno-tcp', (options, site) => {
  const connections = new Connections(connectionConfig(site, options, logger(options.log)));
  const listener = Deno.listen({ hostname: options.host, port: options.port, transport: 'tcp' });

  const serve = async (tcp: Deno.TcpConn): Promise<void> => {
    tcp.setNoDelay(true);
    const transport = new DenoTransport(tcp);
    const remote = tcp.remoteAddr;
    const conn = connections.open(transport, () => `${remote.hostname}:${remote.port}`);
    transport.onDrain = () => conn.onDrain();
    transport.onReleased = () => conn.onClosed();
    try {
      const buf = new Uint8Array(READ_SIZE); // one read buffer per connection, lent to the core
      for (;;) {
        const n = await tcp.read(buf);
        if (n === null) break;
        conn.onData(buf.subarray(0, n), true);
      }
      // The peer half-closed: answers still on their way are sent, then the transport closes for good.
      // (If our side is not closed yet, the flush releases the socket once the last answer is out.)
      transport.peerEnded = true;
      conn.onEnd();
      if (transport.writeClosed) transport.destroy();
    } catch {
      // Reset by the peer, or closed by us: nothing more can be sent, so release the socket now.
      transport.destroy();
    }
  };

  let stopping = false;
  const accepting = (async () => {
    const outOfFiles = new AcceptBackoff((line) => console.error(line));
    while (!stopping) {
      let tcp: Deno.TcpConn;
      try {
        tcp = await listener.accept();
      } catch (err) {
        if (stopping || err instanceof Deno.errors.BadResource) return; // closed for shutdown
        // A client gone between the kernel's accept and Deno's reading of its address (ENOTCONN: seen
        // under close's load): that one connection is lost, not the listener, so the next is accepted at
        // once, as nginx does with ECONNABORTED. The pause below would hold every other client back.
        if (
          err instanceof Deno.errors.NotConnected ||
          err instanceof Deno.errors.ConnectionAborted ||
          err instanceof Deno.errors.ConnectionReset
        )
          continue;
        // Out of file descriptors (EMFILE, ENFILE) or another passing failure: the listener is still
        // good, so wait a little and accept again, as nginx does, instead of ending the loop for ever.
        await outOfFiles.wait(err);
        continue;
      }
      outOfFiles.recovered();
      void serve(tcp);
    }
  })();

  return {
    port: (listener.addr as Deno.NetAddr).port,
    shutdown: async () => {
      stopping = true;
      listener.close();
      await accepting;
      await connections.shutdown();
    },
  };
});
