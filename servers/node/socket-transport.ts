// Wires a node:net socket to a core HttpConnection: bytes in, bytes out, and nothing else.
import type { Socket } from 'node:net';
import { type ConnectionConfig, HttpConnection, type Sweeper } from '../core/connection.ts';

/** After we close our side, how long the peer gets to close its own before the socket is destroyed. */
const LINGER_MS = 2000;
/** Stop reading from a client that does not read its responses once this much is queued for it. */
const HIGH_WATER = 1024 * 1024;

/**
 * Sockets we have ended, with the moment to destroy them if the peer never closes. One timer for all
 * of them: with a new connection per request, a timer per socket is measurable work.
 */
const lingering = new Map<Socket, number>();
let lingerTimer: ReturnType<typeof setInterval> | null = null;

function linger(socket: Socket): void {
  lingering.set(socket, Date.now() + LINGER_MS);
  if (lingerTimer !== null) return;
  lingerTimer = setInterval(() => {
    const now = Date.now();
    for (const [s, deadline] of lingering) {
      if (now < deadline) break; // insertion order is deadline order
      lingering.delete(s);
      s.destroy();
    }
  }, LINGER_MS / 4).unref();
}

/** Feeds a socket to a new HttpConnection. The server is created with noDelay, so responses leave at once. */
export function attachSocket(
  socket: Socket,
  config: ConnectionConfig,
  sweeper: Sweeper,
  onEnded: () => void = () => {},
): HttpConnection {
  let paused = false;
  const resume = (): void => {
    paused = false;
    socket.resume();
    conn.onDrain();
  };
  const transport = {
    write(bytes: Uint8Array): boolean {
      socket.write(bytes);
      if (socket.writableLength <= HIGH_WATER) return true;
      if (!paused) {
        // Stop reading too, so a client that sends without reading cannot grow our buffers either.
        paused = true;
        socket.pause();
        socket.once('drain', resume);
      }
      return false;
    },
    end(last?: Uint8Array): void {
      if (last === undefined) socket.end();
      else socket.end(last);
      if (paused) resume(); // keep reading (and dropping) so the close is a FIN, not an RST
      linger(socket);
      onEnded();
    },
  };
  const conn = new HttpConnection(
    config,
    transport,
    () => `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
  );
  sweeper.connections.add(conn);
  socket.on('data', (chunk: Buffer) => conn.onData(chunk));
  socket.on('end', () => conn.onEnd());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    lingering.delete(socket);
    if (!conn.closed) {
      conn.closed = true;
      onEnded();
    }
    sweeper.connections.delete(conn);
  });
  return conn;
}
