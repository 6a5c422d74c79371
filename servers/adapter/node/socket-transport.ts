// Wires a node:net socket to a core HttpConnection: bytes in, bytes out, and nothing else.
import type { Socket } from 'node:net';
import { type Connections, HIGH_WATER_BYTES, type HttpConnection } from '../../core/connection.ts';

/**
 * Feeds a socket to a new connection of `connections`. The server is created with noDelay, so responses
 * leave at once. `onEnded` runs once, when our side is closed or the socket is gone (the sequential
 * server takes its next connection then).
 */
export function attachSocket(
  socket: Socket,
  connections: Connections,
  onEnded: () => void = () => {},
): HttpConnection {
  let paused = false;
  let ended = false;
  const endOnce = (): void => {
    if (ended) return;
    ended = true;
    onEnded();
  };
  const resume = (): void => {
    paused = false;
    socket.resume();
    conn.onDrain();
  };
  const conn = connections.open(
    {
      write(bytes: Uint8Array): boolean {
        socket.write(bytes);
        if (socket.writableLength <= HIGH_WATER_BYTES) return true;
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
        endOnce();
      },
      destroy: () => socket.destroy(),
      // Node keeps the buffer itself (no copy) until libuv has written it.
      heldBytes: () => socket.writableLength,
    },
    () => `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`,
  );
  socket.on('data', (chunk: Buffer) => conn.onData(chunk));
  socket.on('end', () => conn.onEnd());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    conn.onClosed();
    endOnce();
  });
  // A socket attached late (the sequential server's queue) may have ended before: under load, Bun reports
  // the end of a socket paused on connect whose client sent nothing and left, and reports it once. Unseen,
  // the connection would wait for a request that cannot come, and the sequential server would wait for it.
  if (socket.readableEnded) conn.onEnd();
  return conn;
}
