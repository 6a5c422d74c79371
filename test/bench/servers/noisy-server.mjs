// A right but noisy HTTP server for the harness's tests: it serves the bundled site correctly, but each
// window of load gets a different speed from the one before: full speed, then every answer held for 20 ms,
// and so on. A window is a burst of at least BURST connections open at once (the load generator's); the
// single connections of the harness's checks start none. Alternating rather than random, so that the
// repetitions always disagree and the test that uses it cannot pass or fail by chance.
// node noisy-server.mjs ROOT; prints {"port":N} once listening on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const [root] = process.argv.slice(2);
const index = readFileSync(join(root, 'index.html'));
const notFound = Buffer.from('<!doctype html><title>404</title><p>file not found</p>\n');
const date = () => new Date().toUTCString();

const BURST = 8;
const HOLD_MS = 20;
let slow = true;
let open = 0;
let counted = false;

const server = createServer((socket) => {
  socket.setNoDelay(true);
  open++;
  // A new window: the first time this many are open since the last time none were.
  if (open >= BURST && !counted) {
    counted = true;
    slow = !slow;
  }
  socket.on('close', () => {
    open--;
    if (open === 0) counted = false;
  });
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
        slow ? new Promise((resolve) => setTimeout(resolve, HOLD_MS)).then(send) : send(),
      );
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
