// A deliberately wrong HTTP server for the harness's tests: right for the first few requests (so it passes
// the preflight), then every Nth answer is wrong in one of three ways chosen by argv[3]:
//   length   GET / answered with the body one byte short under a Content-Length one byte short
//   status   a missing path answered 500 instead of 404
//   body     GET / answered with one byte of the body changed (same length)
// node wrong-server.mjs ROOT MODE [EVERY]; prints {"port":N} once listening on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const [root, mode, everyText] = process.argv.slice(2);
const every = Number(everyText ?? 10);
const index = readFileSync(join(root, 'index.html'));
const notFound = Buffer.from('<!doctype html><title>404</title><p>file not found</p>\n');
const date = () => new Date().toUTCString();
let served = 0;

function answer(path) {
  served++;
  const wrong = served > 5 && served % every === 0;
  if (path === '/' || path === '/index.html') {
    let body = index;
    if (wrong && mode === 'length') body = index.subarray(0, index.length - 1);
    if (wrong && mode === 'body') {
      body = Buffer.from(index);
      body[10] ^= 0xff;
    }
    return [200, 'OK', body];
  }
  if (wrong && mode === 'status') return [500, 'Internal Server Error', notFound];
  return [404, 'Not Found', notFound];
}

const server = createServer((socket) => {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      const head = pending.subarray(0, end).toString('latin1');
      pending = pending.subarray(end + 4);
      const path = head.split(' ')[1] ?? '/';
      const close = /\r\nconnection: *close/i.test(head);
      const [status, reason, body] = answer(path);
      socket.write(
        `HTTP/1.1 ${status} ${reason}\r\nDate: ${date()}\r\nContent-Type: text/html\r\n` +
          `Content-Length: ${body.length}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`,
      );
      socket.write(body);
      if (close) socket.end();
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
