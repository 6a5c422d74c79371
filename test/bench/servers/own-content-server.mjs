// A server with content of its own (not html/), for the --url tests: GET / and GET /page.html answer a page
// that is not the bundled index.html; anything else is 404. argv[2] picks how it answers:
//   steady     the same bytes every time
//   timestamp  the page carries a counter of fixed width that changes with every answer (same length)
//   wrong      right for the first few answers (the preflight), then every 10th is one byte short
// node own-content-server.mjs MODE; prints {"port":N} once listening on 127.0.0.1.
import { createServer } from 'node:net';

const mode = process.argv[2] ?? 'steady';
const page = (n) =>
  Buffer.from(
    `<!doctype html><title>own content</title><p>Nothing of the bundled site here.</p>\n` +
      `<p>answer ${String(mode === 'timestamp' ? n : 0).padStart(12, '0')}</p>\n${'<p>filler</p>\n'.repeat(40)}`,
  );
const notFound = Buffer.from('<!doctype html><title>404</title><p>not here</p>\n');
let served = 0;

function answer(path) {
  served++;
  if (path !== '/' && path !== '/page.html') return [404, 'Not Found', notFound];
  const body = page(served);
  if (mode === 'wrong' && served > 5 && served % 10 === 0) return [200, 'OK', body.subarray(1)];
  return [200, 'OK', body];
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
        `HTTP/1.1 ${status} ${reason}\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html\r\n` +
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
