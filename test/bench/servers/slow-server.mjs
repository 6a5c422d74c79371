// A right HTTP server for the harness's tests that holds every answer for DELAY ms (0: none): the same
// program fast and slow, so a run against the slow one is a real regression of the fast one.
// node slow-server.mjs ROOT DELAY; prints {"port":N} once listening on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const [root, delayArg] = process.argv.slice(2);
const delay = Number(delayArg ?? 0);
const index = readFileSync(join(root, 'index.html'));
const notFound = Buffer.from('<!doctype html><title>404</title><p>file not found</p>\n');
const date = () => new Date().toUTCString();

const server = createServer((socket) => {
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  let queue = Promise.resolve();
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      const head = pending.subarray(0, end).toString('latin1');
      pending = pending.subarray(end + 4);
      const path = head.split(' ')[1] ?? '/';
      const close = /\r\nconnection: *close/i.test(head);
      const [status, reason, body] =
        path === '/' || path === '/index.html' ? [200, 'OK', index] : [404, 'Not Found', notFound];
      const send = () => {
        const headText =
          `HTTP/1.1 ${status} ${reason}\r\nDate: ${date()}\r\nContent-Type: text/html\r\n` +
          `Content-Length: ${body.length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
        socket.write(Buffer.concat([Buffer.from(headText, 'latin1'), body]));
        if (close) socket.end();
      };
      // Answers stay in order on a connection: each waits for the one before it.
      queue = queue.then(() =>
        delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)).then(send) : send(),
      );
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
