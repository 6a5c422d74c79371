// A right but noisy HTTP server for the harness's tests: it serves the bundled site correctly, but spends
// its time in spells of random length (0.3 to 1.2 s), each either at full speed or holding every answer
// for 2 ms, so one window of load sees a very different rate from the next.
// node noisy-server.mjs ROOT; prints {"port":N} once listening on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const [root] = process.argv.slice(2);
const index = readFileSync(join(root, 'index.html'));
const notFound = Buffer.from('<!doctype html><title>404</title><p>file not found</p>\n');
const date = () => new Date().toUTCString();

let slow = false;
function nextSpell() {
  slow = Math.random() < 0.5;
  setTimeout(nextSpell, 300 + Math.random() * 900);
}
nextSpell();

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
      queue = queue.then(() => (slow ? new Promise((resolve) => setTimeout(resolve, 2)).then(send) : send()));
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
