// Wires a node:net socket to a core HttpConnection: bytes in, bytes out, and nothing else.
import type { Socket } from 'node:net';
import { type ConnectionConfig, HttpConnection, type Sweeper } from '../core/connection.ts';

/** After we close our side, how long the peer gets to close its own before the socket is destroyed. */
const LINGER_MS = 2000;
/** Stop reading from a client that does not read its responses once this much is queued for it. */
const HIGH_WATER = 1024 * 1024;

export function attachSocket(
  socket: Socket,
  config: ConnectionConfig,
  sweeper: Sweeper,
  onEnded: () => void = () => {},
): HttpConnection {
  socket.setNoDelay(true);
  let paused = false;
  let linger: ReturnType<typeof setTimeout> | null = null;
  const resume = (): void => {
    paused = false;
    socket.resume();
  };
  const transport = {
    write(bytes: Uint8Array): void {
      socket.write(bytes);
      if (!paused && socket.writableLength > HIGH_WATER) {
        paused = true;
        socket.pause();
        socket.once('drain', resume);
      }
    },
    end(): void {
      socket.end();
      if (paused) resume(); // keep reading (and dropping) so the close is a FIN, not an RST
      linger = setTimeout(() => socket.destroy(), LINGER_MS).unref();
      onEnded();
    },
  };
  const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
  const conn = new HttpConnection(config, transport, remote);
  sweeper.connections.add(conn);
  socket.on('data', (chunk: Buffer) => conn.onData(chunk));
  socket.on('end', () => conn.onEnd());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    // The peer closed in time: drop the timer, which would otherwise keep the socket alive for LINGER_MS.
    if (linger !== null) clearTimeout(linger);
    if (!conn.closed) {
      conn.closed = true;
      onEnded();
    }
    sweeper.connections.delete(conn);
  });
  return conn;
}
