// The request loop the harness's small test servers share, so that each of them says only how it differs
// from a right server. Not a server to measure: it splits requests at the blank line (no bodies), knows only
// GET's path and `Connection: close`, and answers with Content-Length.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const NOT_FOUND = Buffer.from('<!doctype html><title>404</title><p>file not found</p>\n');

/** The bytes of one answer. */
export function answerBytes(status, reason, body, close) {
  const head =
    `HTTP/1.1 ${status} ${reason}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html\r\n` +
    `Content-Length: ${body.length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/** What a right server answers on the bundled site: its index.html at / and /index.html, 404 elsewhere. */
export function bundledSite(root) {
  const index = readFileSync(join(root, 'index.html'));
  return (path) =>
    path === '/' || path === '/index.html' ? [200, 'OK', index] : [404, 'Not Found', NOT_FOUND];
}

/**
 * Listens on 127.0.0.1 (a port of the kernel's choice), prints {"port":N} once listening, and exits on
 * SIGTERM. connection(socket) is called for each new connection and returns what takes its requests, in
 * order: onRequest(path, close).
 */
export function serve(connection) {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const onRequest = connection(socket);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 4);
        onRequest(head.split(' ')[1] ?? '/', /\r\nconnection: *close/i.test(head));
      }
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
  return server;
}

/** Writes an answer, and ends the connection after it when the request asked to close. */
export function send(socket, [status, reason, body], close) {
  socket.write(answerBytes(status, reason, body, close));
  if (close) socket.end();
}

/** Answers a connection's requests in order, each after the delay delayOf() gives when its turn comes. */
export function delayedInOrder(socket, delayOf) {
  let queue = Promise.resolve();
  return (answer, close) => {
    queue = queue.then(() => {
      const delay = delayOf();
      if (delay <= 0) return send(socket, answer, close);
      return new Promise((resolve) => setTimeout(resolve, delay)).then(() => send(socket, answer, close));
    });
  };
}
