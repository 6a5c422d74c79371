// A server that gets the bundled index.html right but misbehaves in one way, for the tests of the engine
// as a judge (argv[3]):
//   twice     writes every answer twice
//   hang      answers normally for HANG_AFTER_MS (argv[4]) after its first request, then never again
//             (SIGUSR1 starts the clock again at the next request: the checks before the load do not count)
// node misbehaving-server.mjs ROOT MODE [ARG]; prints {"port":N} once listening on 127.0.0.1, and
// {"handled":N} (requests it read) when it gets SIGUSR2.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const [root, mode, arg] = process.argv.slice(2);
const index = readFileSync(join(root, 'index.html'));
const notFound = Buffer.from('<!doctype html><title>404</title><p>file not found</p>\n');
let handled = 0;
let firstAt = null;

function answer(path, close) {
  const [status, reason, body] =
    path === '/' || path === '/index.html' ? [200, 'OK', index] : [404, 'Not Found', notFound];
  const head =
    `HTTP/1.1 ${status} ${reason}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html\r\n` +
    `Content-Length: ${body.length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      const head = pending.subarray(0, end).toString('latin1');
      pending = pending.subarray(end + 4);
      handled++;
      firstAt ??= Date.now();
      const path = head.split(' ')[1] ?? '/';
      const close = /\r\nconnection: *close/i.test(head);
      if (mode === 'hang' && Date.now() - firstAt > Number(arg ?? 600)) continue;
      const bytes = answer(path, close);
      socket.write(mode === 'twice' ? Buffer.concat([bytes, bytes]) : bytes);
      if (close) socket.end();
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGUSR1', () => {
  firstAt = null;
  handled = 0;
});
process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ handled })}\n`));
process.on('SIGTERM', () => process.exit(0));
